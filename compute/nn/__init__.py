"""The two networks trained here in NumPy — Network-in-Network (fig5a–c) and a tiny PointNet — and
everything they share. Channels first everywhere.

    layers.py   forward + hand-written backward: conv (im2col), 1×1 conv, dense, ReLU, max pool 2×2,
                max over points, softmax cross-entropy
    optim.py    Adam and the cosine-decayed learning rate
    points.py   a digit as a point cloud (2,P), PointNet's input
    models.py   NiN and PointNet behind one interface; MODELS, the registry of their names
    train.py    the training loop (``train_model``), the fixed 8,000/2,000 split, held-out accuracy
    weights.py  the one weights format: ``save``, ``load``, ``load_trained``, ``WeightsError``
"""

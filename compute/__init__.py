"""Pure NumPy computations behind every figure. Never imports manim.

Arrays are channels first, as in PyTorch: an image is (C,H,W), a batch (N,C,H,W),
a bank of filters (F,C,kh,kw).
"""

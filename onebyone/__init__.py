"""onebyone: the figures of 'Truly understanding 1x1 convolutions', every number computed — from Python.

    import onebyone
    fig = onebyone.figure("fig2a", digit=7, kernel="sobel-y")   # or image="my-digit.jpg"
    fig.values["y"]                    # every number the figure draws: a dict of NumPy arrays
    fig.steps                          # its named steps and their captions
    fig.svg("fig2a.svg", step=2)       # a vector still (the SVG text without a path)
    fig.png(step="products")           # PNG bytes
    fig.video(quality="l", pace=0.5)   # an mp4 with .srt/.vtt captions; shows as a player in Jupyter

In IPython and Jupyter a figure shows itself as its last frame. ``onebyone.figures()`` lists the ids;
``fig.scene_class()`` is a manim scene class for those inputs (for ``%%manim``). Importing this package
imports no manim: that happens when a still, a video or the steps are first asked for.
"""

from onebyone.api import ComputedFigure, Video, figure, figures

__all__ = ["ComputedFigure", "Video", "figure", "figures"]

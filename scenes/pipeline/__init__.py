"""Running a figure: FigureScene (steps, captions, pace, instant build), the camera,
vector stills, caches and manim's output.

Importing this package does not import manim.
"""

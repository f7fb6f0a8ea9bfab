"""Manim scenes, one module per figure, over shared components (``components``) and one theme.

Importing this package does not import manim; ``registry`` is safe to import anywhere.
"""

"""The visual vocabulary: the theme, typeset text and numbers, grids, and small components.

Importing this package does not import manim.
"""

"""Pieces shared by twin figures (FC columns, sliding windows, RGB planes, channel stacks, class maps).

Importing this package does not import manim.
"""

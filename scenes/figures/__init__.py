"""The figure scenes: one module per figure, each with its ``bindings``.

A figure imports parts, mobjects and the pipeline, never another figure.

Importing this package does not import manim.
"""

"""The checks the tests run on a built scene: what each drawn number means (bindings),
what is on screen (inspect), readability.

Importing this package does not import manim.
"""

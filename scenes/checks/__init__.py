"""The checks the tests run on a built scene, from what it draws (``inspect``'s records of every step's end):

* ``bindings``: what each drawn number, grid, shape and mark means (the figure's ``bindings(values)``), and
  the relations between them — among them the arithmetic a reader can redo by hand (``sum_of``,
  ``product_of``, ``weighted_sum_of``, ``mean_of``, ``difference_of``: ``arithmetic``'s strict rule) and
  ``at_least`` (big enough at 1080p);
* ``arithmetic``: a drawn result is its drawn operands' result rounded to its digits (one off only with "≈");
* ``captions``: what a step's caption names (numbers, shapes, symbols, objects) is on screen at its end;
* ``colours``: one colour grammar — theme colours only, texts readable on the background;
* ``readability``: capitals ≥ 24 px, margins, no overlaps, nothing crossing a label.

Importing this package does not import manim.
"""

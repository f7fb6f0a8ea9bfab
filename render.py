"""onebyone's command line: list, render, slides, values, all, check, gallery, train, ledger.

    python render.py list
    python render.py render fig2a --format svg --theme light
    python render.py slides fig2a --to pptx      # one slide per step; --to html opens offline
    python render.py values fig2a --digit 7 --index 3 -o fig2a.json
    python render.py render fig5c --image my-digit.jpg --format svg   # your own handwritten digit
    python render.py values fig2a --kernel 1,1,1,0,0,0,-1,-1,-1      # your own kernel, row by row
    python render.py all            # what `make figures` runs
    python render.py check          # are figures/ what the code computes and draws today? (exit 1 if not)
    python render.py gallery        # figures/index.html: every figure's still, video, steps and command
    python render.py train          # retrain the network of fig5a-c (never needed to render)
    python render.py ledger fig2a --json   # everything drawn at each step's end, with its value

Each command is a module of ``onebyone.cli``. Bad input is a one-line error naming what is wrong and what is
allowed, exit code 2. ``values`` and ``list`` never import manim.
"""

from __future__ import annotations

from onebyone.cli import cli

if __name__ == "__main__":
    cli()

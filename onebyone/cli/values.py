"""``render.py values``: a figure's arrays, computed without manim."""

from __future__ import annotations

import click
import numpy as np

from compute.errors import InputError
from onebyone.api import ComputedFigure
from onebyone.cli.errors import noted_command
from onebyone.cli.options import figure_argument, file_option, input_options, selected


@noted_command("values")
@figure_argument
@file_option("-o", "--output", default=None, help="Write every array in full to FILE.json or FILE.npz.")
@input_options
def command(figure, output, **chosen):
    """Compute FIGURE's arrays (no manim); print a summary, or write them with -o."""
    if output is not None and output.suffix not in (".json", ".npz"):
        raise InputError("o", f"{output.name!r} must end in .json or .npz")
    (entry,), inputs = selected([figure], chosen)
    arrays = ComputedFigure(entry, inputs).values
    if output is not None:
        from compute.export import write_values

        click.echo(str(write_values(arrays, output)))
        return
    for key, a in arrays.items():
        a = np.asarray(a)
        if a.size == 1:
            click.echo(f"{key:14} {str(a.dtype):8} {a.item()!r}")
        else:
            click.echo(f"{key:14} {str(a.dtype):8} shape {a.shape}  min {a.min():.6g}  max {a.max():.6g}")

"""The options commands share, declared once: decorators whose choices and defaults come from
``scenes.settings`` (manim-free), and the figure inputs, derived from ``compute.inputs.FigureInputs``.

    @click.command()
    @figures_argument()
    @quality_option()
    @input_options
    def render(figures, quality, **chosen): ...

``selected(figures, chosen)`` turns the arguments into registry entries and validated ``FigureInputs`` through
``compute.inputs.inputs_for``, the one place the rules of inputs live.
"""

from __future__ import annotations

from pathlib import Path

import click

from compute.errors import InputError
from compute.inputs import FigureInputs, declared_inputs, inputs_for
from onebyone.cli.errors import flag
from scenes import settings
from scenes.registry import FIGURES, Figure

FIGURE_IDS = click.Choice(list(FIGURES))  # unknown ids: a usage error listing the known ones
QUALITY_HELP = ", ".join(f"{q.code} {q.describe()}" for q in settings.QUALITIES.values())


def figure_argument(command):
    """One FIGURE."""
    return click.argument("figure", type=FIGURE_IDS, metavar="FIGURE")(command)


def figures_argument(required: bool = False):
    """FIGURE... (with ``required=False``: none means every figure)."""
    metavar = "FIGURE..." if required else "[FIGURE...]"
    return click.argument("figures", nargs=-1, required=required, type=FIGURE_IDS, metavar=metavar)


def chosen_figures(figures) -> list[Figure]:
    """The registry entries of FIGURE... in the order given, once each; none given: every figure."""
    return [FIGURES[f] for f in dict.fromkeys(figures)] or list(FIGURES.values())


def quality_option(default: str = settings.DEFAULT_QUALITY, why: str = ""):
    """--quality: one default everywhere (``settings.DEFAULT_QUALITY``); a command whose purpose asks for
    another passes it with ``why``, which its --help shows."""
    help_text = QUALITY_HELP + (f". Default {default}: {why}" if why else "")
    return click.option(
        "--quality", type=click.Choice(tuple(settings.QUALITIES)), default=default, show_default=True, help=help_text
    )


def fps_option(default: int | None = None):
    return click.option(
        "--fps",
        type=click.IntRange(*settings.FPS_RANGE),
        default=default,
        show_default=default is not None,
        help="Frames per second, instead of the quality's (e.g. --quality h --fps 30 for 1080p30).",
    )


pace_option = click.option(
    "--pace",
    type=click.FloatRange(*settings.PACE_RANGE),
    default=1.0,
    show_default=True,
    help="Scale every run time and hold: 0.5 a fast preview, 1.5 a slow lecture.",
)
theme_option = click.option(
    "--theme", type=click.Choice(settings.THEME_NAMES), default=settings.DEFAULT_THEME, show_default=True
)


def folder_option(name: str, default: str | None, help: str, exists: bool = False):
    """An option naming a folder (``--out``, ``--figures-dir``, ``--media``…)."""
    return click.option(
        name,
        type=click.Path(exists=exists, file_okay=False, path_type=Path),
        default=Path(default) if default is not None else None,
        show_default=default is not None,
        help=help,
    )


def file_option(*names: str, default: str | None, help: str):
    """An option naming a file to write."""
    return click.option(
        *names,
        type=click.Path(dir_okay=False, path_type=Path),
        default=Path(default) if default is not None else None,
        show_default=default is not None,
        help=help,
    )


figures_dir_option = folder_option("--figures-dir", "figures", "Where the SVG stills and value snapshots are.")
media_option = folder_option("--media", "media", "Where the videos, captions, step videos and posters are.")


class _Parsed(click.ParamType):
    """A figure input read by its declared ``parse`` (e.g. r,g,b); a bad one is a usage error naming it."""

    def __init__(self, name: str, parse, metavar: str | None):
        self.name, self.parse, self.metavar = name, parse, metavar

    def get_metavar(self, param, ctx=None):
        return self.metavar

    def convert(self, value, param, ctx):
        try:
            return self.parse(value)
        except InputError as error:
            self.fail(str(error), param, ctx)


def _click_type(f):
    parse = f.metadata["parse"]
    if parse is int:
        return click.INT
    if parse is str:
        return click.STRING
    return _Parsed(f.name, parse, f.metadata["metavar"])


def input_options(command):
    """Every FigureInputs field as an option (--digit, --rgb-weights …), from its declaration; each figure
    accepts only those it reads (checked by ``selected``)."""
    for f in reversed(declared_inputs()):
        option = click.option(
            flag(f.name), f.name, type=_click_type(f), metavar=f.metadata["metavar"], help=f.metadata["help"]
        )
        command = option(command)
    return command


def selected(figures, chosen: dict) -> tuple[list[Figure], FigureInputs]:
    """The figures asked for and their validated inputs (an InputError is a usage error naming its option)."""
    entries = chosen_figures(figures)
    return entries, inputs_for([(f.id, f.options) for f in entries], chosen, spell=flag)

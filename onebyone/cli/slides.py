"""``render.py slides``: a deck per figure, one slide per step."""

from __future__ import annotations

import click

from onebyone.api import ComputedFigure
from onebyone.cli.errors import noted_command
from onebyone.cli.options import (
    figures_argument,
    folder_option,
    fps_option,
    input_options,
    pace_option,
    quality_option,
    selected,
    theme_option,
)
from scenes import settings

LECTURE = "decks are for lecturing, so they play 1080p step videos"


@noted_command("slides")
@figures_argument()
@click.option("--to", "fmt", type=click.Choice(settings.DECK_FORMATS), default="html", show_default=True)
@folder_option("--out", "media/slides", "Where the decks go.")
@folder_option(
    "--sections",
    "media/sections",
    "Where step videos are reused from (as `all` writes them) and rendered to when missing.",
)
@quality_option(settings.LECTURE_QUALITY, LECTURE)
@fps_option(settings.LECTURE_FPS)
@pace_option
@theme_option
@click.option("--rerender", is_flag=True, help="Render the step videos even if usable ones exist.")
@input_options
def command(figures, fmt, out, sections, quality, fps, pace, theme, rerender, **chosen):
    """A deck per FIGURE (default: every figure), one slide per step (its caption as speaker note):
    reveal.js HTML that opens offline, or PowerPoint. Each slide plays its step and holds until the next key."""
    from onebyone.slides import RenderSettings, build_deck

    entries, inputs = selected(figures, chosen)
    drawn = [ComputedFigure(figure, inputs) for figure in entries]  # every input checked before anything is written
    for fig in drawn:
        render = RenderSettings.of(fig.spec, inputs, theme=theme, quality=quality, fps=fps, pace=pace)
        deck = build_deck(fig.spec, fmt, out, sections, render, inputs, rerender=rerender, values=fig.values)
        click.echo(str(deck.path))

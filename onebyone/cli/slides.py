"""``render.py slides``: a deck per figure, one slide per step."""

from __future__ import annotations

import click

from onebyone.api import ComputedFigure
from onebyone.cli import options as opt
from onebyone.cli.errors import noted_command
from scenes import settings

LECTURE = "decks are for lecturing, so they play 1080p step videos"


@noted_command("slides")
@opt.figures_argument()
@click.option("--to", "fmt", type=click.Choice(settings.DECK_FORMATS), default="html", show_default=True)
@opt.folder_option("--out", "media/slides", "Where the decks go.")
@opt.folder_option(
    "--sections",
    "media/sections",
    "Where step videos are reused from (as `all` writes them) and rendered to when missing.",
)
@opt.quality_option(settings.LECTURE_QUALITY, LECTURE)
@opt.fps_option(settings.LECTURE_FPS)
@opt.pace_option
@opt.theme_option
@click.option("--rerender", is_flag=True, help="Render the step videos even if usable ones exist.")
@opt.input_options
def command(figures, fmt, out, sections, quality, fps, pace, theme, rerender, **chosen):
    """A deck per FIGURE (default: every figure), one slide per step (its caption as speaker note):
    reveal.js HTML that opens offline, or PowerPoint. Each slide plays its step and holds until the next key."""
    from onebyone.slides import RenderSettings, build_deck

    entries, inputs = opt.selected(figures, chosen)
    drawn = [ComputedFigure(figure, inputs) for figure in entries]  # every input checked before anything is written
    for fig in drawn:
        render = RenderSettings.of(fig.spec, inputs, theme=theme, quality=quality, fps=fps, pace=pace)
        deck = build_deck(fig.spec, fmt, out, sections, render, inputs, rerender=rerender, values=fig.values)
        click.echo(str(deck.path))

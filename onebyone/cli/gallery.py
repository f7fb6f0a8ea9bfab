"""``render.py gallery``: the page of every figure."""

from __future__ import annotations

import click

from onebyone.cli.errors import noted_command
from onebyone.cli.options import file_option, folder_option, media_option


@noted_command("gallery")
@folder_option("--figures-dir", "figures", "Where the stills and value snapshots are.")
@media_option
@file_option("--out", default=None, help="The page (default: FIGURES_DIR/index.html).")
def command(figures_dir, media, out):
    """Write the gallery page: every figure's still, video, steps, files and command (links relative)."""
    from onebyone.gallery import write_gallery

    page, entries = write_gallery(figures_dir, media, out)
    for entry in entries:
        if entry.problem:
            click.echo(f"warning: {entry.id}: steps not listed: {entry.problem}", err=True)
    missing = [e.id for e in entries if not e.videos]
    click.echo(f"{page}  ({len(entries)} figures" + (f"; no video yet: {', '.join(missing)})" if missing else ")"))

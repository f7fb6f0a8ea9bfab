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

# ---- ledger (helper) ----
@cli.command("ledger")
@click.argument("figure", type=figure_ids, metavar="FIGURE")
@click.option("--step", help="Only this step (a number from 1, or a name); default: every step.")
@click.option("--json", "as_json", is_flag=True, help="JSON (docs/ledger.md) instead of a table.")
@click.option("--theme", type=click.Choice(settings.THEME_NAMES), default=settings.DEFAULT_THEME, show_default=True)
@input_options
def ledger_command(figure, step, as_json, theme, **chosen):
    """List everything on screen at the end of each step of FIGURE: texts as drawn, roles, values, boxes."""
    from onebyone import ledger

    spec = FIGURES[figure]
    inputs = figure_inputs([spec], chosen)
    try:
        entries = ledger.ledger(figure, inputs, step=step, theme=theme)
    except InputError as error:
        raise bad_input(error) from None
    click.echo(ledger.as_json(entries) if as_json else ledger.as_table(entries))


if __name__ == "__main__":
    cli()

"""onebyone's command line: list, render, values, all, train.

    python render.py list
    python render.py render fig2a --format svg --theme light
    python render.py values fig2a --digit 7 --index 3 -o fig2a.json
    python render.py all            # what `make figures` runs
    python render.py train          # retrain the network of fig5a-c (never needed to render)

Bad input is a one-line error naming what is wrong and what is allowed, exit code 2.
``values`` and ``list`` never import manim.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click
import numpy as np

from compute import settings
from compute.values import FigureInputs, InputError
from scenes.registry import FIGURES, Figure

QUALITY_HELP = ", ".join(f"{q.code} {q.describe()}" for q in settings.QUALITIES.values())
INPUT_OPTIONS = {  # FigureInputs field -> its command-line flag
    "digit": "--digit",
    "index": "--index",
    "kernel": "--kernel",
    "padding": "--padding",
    "stride": "--stride",
    "rgb_weights": "--rgb-weights",
}


class OneLineErrors(click.Group):
    """A click group whose usage errors are one line on stderr (exit 2), never a traceback."""

    def main(self, args=None, prog_name=None, **kwargs):
        try:
            return super().main(args, prog_name, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:  # a bare `render.py`: the help, as usual
            click.echo(error.format_message())
            sys.exit(0)
        except click.ClickException as error:
            message = " ".join(line.strip() for line in error.format_message().splitlines() if line.strip())
            click.echo(f"error: {message}", err=True)
            sys.exit(error.exit_code)
        except OSError as error:  # an output path that cannot be written is bad input too
            where = f": {error.filename}" if error.filename else ""
            click.echo(f"error: cannot write{where}: {error.strerror or error}", err=True)
            sys.exit(2)
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)


class RGBWeights(click.ParamType):
    """Three comma-separated numbers r,g,b."""

    name = "r,g,b"

    def convert(self, value, param, ctx):
        if isinstance(value, tuple):
            return value
        try:
            weights = tuple(float(part) for part in value.split(","))
        except ValueError:
            weights = ()
        if len(weights) != 3 or not all(np.isfinite(weights)):
            self.fail(f"{value!r} is not three numbers r,g,b (e.g. 0.299,0.587,0.114)", param, ctx)
        return weights


figure_ids = click.Choice(list(FIGURES))  # unknown ids: a usage error listing the known ones


def input_options(command):
    """The options that choose a figure's inputs; each figure accepts only those it reads."""
    options = [
        click.option(
            "--digit", type=click.IntRange(min(settings.DIGITS), max(settings.DIGITS)), help="Which digit class, 0-9."
        ),
        click.option("--index", type=click.IntRange(min=0), help="Which sample of that digit (0 = first)."),
        click.option("--kernel", help=f"3x3 kernel: {settings.kernel_choices()}."),
        click.option(
            "--padding",
            type=click.IntRange(min(settings.PADDINGS), max(settings.PADDINGS)),
            help="Zero padding of the sliding figures.",
        ),
        click.option(
            "--stride",
            type=click.IntRange(min(settings.STRIDES), max(settings.STRIDES)),
            help="Stride of the sliding figures.",
        ),
        click.option("--rgb-weights", type=RGBWeights(), help="The 1x1 filter's weights r,g,b."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def figure_inputs(figures: list[Figure], chosen: dict) -> FigureInputs:
    """FigureInputs from the given options; a usage error if a figure does not read one of them."""
    given = {field: value for field, value in chosen.items() if value is not None}
    for figure in figures:
        extra = sorted(set(given) - set(figure.options))
        if extra:
            takes = ", ".join(INPUT_OPTIONS[o] for o in figure.options) or "no input options"
            raise click.UsageError(
                f"{figure.id} does not take {', '.join(INPUT_OPTIONS[e] for e in extra)}; it takes {takes}"
            )
    try:
        return FigureInputs(**given).validate()
    except InputError as error:
        raise click.BadParameter(str(error), param_hint=f"'{INPUT_OPTIONS[error.field]}'") from None


@click.group(cls=OneLineErrors, context_settings={"help_option_names": ["-h", "--help"]})
def cli():
    """Figures of 'Truly understanding 1x1 convolutions', every number computed."""


@cli.command("list")
@click.option("--steps", "steps_of", type=figure_ids, metavar="FIGURE", help="Print FIGURE's steps and their captions.")
def list_figures(steps_of):
    """Every figure: id, title and caption (or one figure's steps, with --steps)."""
    if steps_of is None:
        for figure in FIGURES.values():
            click.echo(f"{figure.id:6}  {figure.title}\n        {figure.caption}")
        return
    from scenes.output import step_list

    figure = FIGURES[steps_of]
    for k, step in enumerate(step_list(figure, figure.values()), start=1):
        click.echo(f"{k:2d}  {step.name:14} {step.start:5.1f}–{step.end:5.1f} s  {step.caption}")


@cli.command()
@click.argument("figures", nargs=-1, required=True, type=figure_ids, metavar="FIGURE...")
@click.option("--format", "fmt", type=click.Choice(settings.FORMATS), default="mp4", show_default=True)
@click.option(
    "--quality", type=click.Choice(tuple(settings.QUALITIES)), default="m", show_default=True, help=QUALITY_HELP
)
@click.option(
    "--fps",
    type=click.IntRange(*settings.FPS_RANGE),
    help="Frames per second, instead of the quality's (e.g. --quality h --fps 30 for 1080p30).",
)
@click.option(
    "--pace",
    type=click.FloatRange(*settings.PACE_RANGE),
    default=1.0,
    show_default=True,
    help="Scale every run time and hold: 0.5 a fast preview, 1.5 a slow lecture.",
)
@click.option("--step", help="For svg/png: the still at the end of this step (a number from 1, or a name).")
@click.option("--theme", type=click.Choice(settings.THEME_NAMES), default=settings.DEFAULT_THEME, show_default=True)
@click.option("--transparent", is_flag=True, help="No background (mov/webm/png/svg).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("media"), show_default=True)
@input_options
def render(figures, fmt, quality, fps, pace, step, theme, transparent, out, **chosen):
    """Render FIGURES as a video with captions (.srt, .vtt) or a still (svg: vector, png: raster)."""
    if transparent and fmt not in settings.ALPHA_FORMATS:
        raise click.BadParameter(
            f"{fmt} has no alpha channel; use --format {', '.join(settings.ALPHA_FORMATS)} with --transparent",
            param_hint="'--transparent'",
        )
    if step is not None and fmt not in settings.STILL_FORMATS:
        raise click.BadParameter(
            f"--step chooses a still; use --format {' or '.join(settings.STILL_FORMATS)}", param_hint="'--step'"
        )
    selected = [FIGURES[f] for f in dict.fromkeys(figures)]
    inputs = figure_inputs(selected, chosen)
    from scenes.output import render_still, render_video

    for figure in selected:
        name = figure.id if theme == settings.DEFAULT_THEME else f"{figure.id}-{theme}"
        values = figure.values(inputs)
        if fmt in settings.STILL_FORMATS:
            chosen_step = _step_of(figure, values, step, inputs) if step is not None else None
            suffix = f"-step{chosen_step}" if chosen_step is not None else ""
            written = render_still(
                figure,
                values,
                out / f"{name}{suffix}.{fmt}",
                fmt,
                theme,
                transparent=transparent,
                step=chosen_step,
                inputs=inputs,
            )
            click.echo(str(written))
        else:
            video = render_video(
                figure,
                values,
                out / f"{name}.{fmt}",
                fmt,
                theme,
                quality,
                transparent,
                fps=fps,
                pace=pace,
                inputs=inputs,
            )
            click.echo(str(video.video))


def _step_of(figure: Figure, values, step: str, inputs) -> int:
    """The number (from 1) of ``step``, given as a number or a step name; a usage error lists the steps."""
    from scenes.output import step_list

    steps = step_list(figure, values, inputs)
    names = [s.name for s in steps]
    if step.isdigit() and 1 <= int(step) <= len(steps):
        return int(step)
    if step in names:
        return names.index(step) + 1
    listing = ", ".join(f"{k} {n}" for k, n in enumerate(names, start=1))
    raise click.BadParameter(f"{figure.id} has no step {step!r}; its steps are {listing}", param_hint="'--step'")


@cli.command()
@click.argument("figure", type=figure_ids, metavar="FIGURE")
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write every array in full to FILE.json or FILE.npz.",
)
@input_options
def values(figure, output, **chosen):
    """Compute FIGURE's arrays (no manim); print a summary, or write them with -o."""
    if output is not None and output.suffix not in (".json", ".npz"):
        raise click.BadParameter(f"{output.name!r} must end in .json or .npz", param_hint="'-o'")
    fig = FIGURES[figure]
    arrays = fig.values(figure_inputs([fig], chosen))
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


@cli.command("all")
@click.option(
    "--figures-dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("figures"),
    show_default=True,
    help="Where the SVG stills and value snapshots go.",
)
@click.option(
    "--media",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("media"),
    show_default=True,
    help="Where the videos go.",
)
@click.option(
    "--quality",
    type=click.Choice(tuple(settings.QUALITIES)),
    default=settings.LECTURE_QUALITY,
    show_default=True,
    help=f"Quality of the videos (stills are vector): {QUALITY_HELP}.",
)
@click.option(
    "--fps",
    type=click.IntRange(*settings.FPS_RANGE),
    default=settings.LECTURE_FPS,
    show_default=True,
    help="Frames per second.",
)
@click.option("--video/--no-video", default=True, show_default=True)
def render_all(figures_dir, media, quality, fps, video):
    """Every figure: SVG still and value snapshot into figures/, video into media/."""
    from rich.progress import Progress

    from compute.export import write_snapshot
    from scenes.output import render_still, render_video

    with Progress(transient=False) as progress:
        task = progress.add_task("figures", total=len(FIGURES) * (3 if video else 2))
        for figure in FIGURES.values():
            progress.update(task, description=figure.id)
            arrays = figure.values()
            write_snapshot(arrays, figures_dir / f"{figure.id}.values.json")
            progress.advance(task)
            render_still(figure, arrays, figures_dir / f"{figure.id}.svg", fmt="svg", quality="h")
            progress.advance(task)
            if video:
                render_video(figure, arrays, media / f"{figure.id}.mp4", quality=quality, fps=fps)
                progress.advance(task)
    click.echo(
        f"{len(FIGURES)} figures: stills and values in {figures_dir}/" + (f", videos in {media}/" if video else "")
    )


@cli.command()
@click.option("--epochs", type=click.IntRange(1, 200), default=None, help="Epochs (default: the committed run's).")
@click.option("--seed", type=click.IntRange(min=0), default=None, help="Training seed (default: the committed one).")
@click.option(
    "--out",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("media/network.npz"),
    show_default=True,
    help="Weights file; compute/assets/network.npz replaces the committed weights.",
)
@click.option(
    "--figure",
    type=click.Path(dir_okay=False, path_type=Path),
    default=Path("media/training.svg"),
    show_default=True,
    help="Loss/accuracy curves and first-layer kernels (.svg or .png).",
)
def train(epochs, seed, out, figure):
    """Retrain fig5's network on the shipped digits, printing loss and accuracy per epoch.

    Rendering never trains: figures read the committed weights (compute/assets/network.npz).
    """
    if out.suffix != ".npz":
        raise click.BadParameter(f"{out.name!r} must end in .npz", param_hint="'--out'")
    if figure.suffix not in (".svg", ".png"):
        raise click.BadParameter(f"{figure.name!r} must end in .svg or .png", param_hint="'--figure'")
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from compute import train as training
    from compute.network import load_trained
    from compute.training_figure import plot_training

    epochs = epochs or training.EPOCHS
    seed = training.SEED if seed is None else seed
    columns = (
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("loss {task.fields[loss]:.4f}"),
        TimeElapsedColumn(),
    )
    with Progress(*columns) as progress:
        task = progress.add_task("epoch 1", total=None, loss=float("nan"))

        def on_batch(epoch, batch, n_batches, loss):
            progress.update(
                task, description=f"epoch {epoch + 1}/{epochs}", completed=batch + 1, total=n_batches, loss=loss
            )

        def on_epoch(epoch, record):
            progress.console.print(
                f"epoch {epoch + 1:2d}/{epochs}  loss {record['train_loss']:.4f}  "
                f"train {100 * record['train_acc']:.2f}%  held-out {100 * record['heldout_acc']:.2f}%  "
                f"{record['seconds']:.1f} s"
            )

        network, history = training.train(epochs=epochs, seed=seed, on_epoch=on_epoch, on_batch=on_batch)
    training.save(network, history, out)
    plot_training(history, network, figure)
    committed = load_trained().heldout_accuracy
    click.echo(
        f"held-out accuracy {100 * network.heldout_accuracy:.2f}% (committed weights: {100 * committed:.2f}%), "
        f"{float(history['seconds'].sum()):.0f} s; wrote {out} and {figure}"
    )


if __name__ == "__main__":
    cli()

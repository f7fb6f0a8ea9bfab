"""onebyone's command line: list, render, slides, values, all, check, gallery, train.

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
    python render.py storyboard fig2a             # figures/fig2a.storyboard.svg: every step, numbered
    python render.py handout fig2a fig4b --to pdf # a printable PDF (A4 or --paper letter)
    python render.py alt                          # figures/<id>.alt.txt: each still's alt text

Bad input is a one-line error naming what is wrong and what is allowed, exit code 2.
``values`` and ``list`` never import manim.
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import click
import numpy as np

from compute import settings
from compute.images import ImageNote
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
    "image": "--image",
}


USER_PATHS: list[Path] = []  # the paths the running command was given (or defaults to): its outputs
INTERNAL_HINT = "a bug in onebyone, not in your input (ONEBYONE_DEBUG=1 shows the traceback)"


class PathsNoted(click.Command):
    """A command that notes its path arguments, so that a failure to write one is told from an internal one."""

    def invoke(self, ctx):
        USER_PATHS[:] = [v for v in ctx.params.values() if isinstance(v, Path)]
        return super().invoke(ctx)


def is_users(filename) -> bool:
    """Whether ``filename`` is, or lies in, a path the command was given."""
    if not filename:
        return False
    target = Path(os.fsdecode(filename)).absolute()
    return any(target == p.absolute() or p.absolute() in target.parents for p in USER_PATHS)


def internal_failure(error: BaseException) -> None:
    """One line on stderr and exit 1: something failed that the user's input did not cause."""
    if os.environ.get("ONEBYONE_DEBUG"):
        raise error
    what = " ".join(f"{type(error).__name__}: {error}".split())
    click.echo(f"error: internal failure ({what}); {INTERNAL_HINT}", err=True)
    sys.exit(1)


class OneLineErrors(click.Group):
    """A click group whose errors are one line on stderr, never a traceback: bad input (the user's
    arguments, or a path they gave that cannot be written) exits 2; anything else is an internal
    failure and exits 1."""

    command_class = PathsNoted

    def main(self, args=None, prog_name=None, **kwargs):
        try:
            with warnings.catch_warnings():
                warnings.showwarning = notes_on_stderr(warnings.showwarning)
                return super().main(args, prog_name, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:  # a bare `render.py`: the help, as usual
            click.echo(error.format_message())
            sys.exit(0)
        except click.ClickException as error:
            message = " ".join(line.strip() for line in error.format_message().splitlines() if line.strip())
            click.echo(f"error: {message}", err=True)
            sys.exit(error.exit_code)
        except OSError as error:
            if not is_users(error.filename):
                internal_failure(error)
            click.echo(f"error: cannot write: {error.filename}: {error.strerror or error}", err=True)
            sys.exit(2)  # an output path that cannot be written is bad input too
        except click.Abort:
            click.echo("aborted", err=True)
            sys.exit(1)
        except Exception as error:
            internal_failure(error)


def notes_on_stderr(show):
    """A ``warnings.showwarning`` that prints notes about the user's image (ImageNote) as one line on
    stderr, "note: …", and passes other warnings to ``show``."""

    def show_warning(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, ImageNote):
            click.echo(f"note: {message}", err=True)
        else:
            show(message, category, filename, lineno, file, line)

    return show_warning


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
        click.option(
            "--image",
            metavar="PATH",
            help="Your own PNG/JPEG: a photo or scan of a handwritten digit (made MNIST-style, instead of "
            "--digit/--index), or for fig4a/fig4b any photo.",
        ),
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
    if "image" in given and {"digit", "index"} & set(given):
        raise click.UsageError("--image replaces --digit and --index; give one or the other")
    try:
        inputs = FigureInputs(**given).validate()
        if inputs.image is not None:  # read it now, so every command refuses a bad image before any work
            from compute.data import PHOTO_SIZE, load_digit, load_photo

            if any("digit" in figure.options for figure in figures):
                load_digit(image=inputs.image)
            if any("rgb_weights" in figure.options for figure in figures):
                load_photo(PHOTO_SIZE, image=inputs.image)
        return inputs
    except InputError as error:
        raise bad_input(error) from None


def bad_input(error: InputError) -> click.BadParameter:
    """An InputError (a bad input, image or step) as a usage error naming its option."""
    flag = INPUT_OPTIONS.get(error.field, f"--{error.field.replace('_', '-')}")
    return click.BadParameter(str(error), param_hint=f"'{flag}'")


def computed(figure: Figure, inputs: FigureInputs):
    """``onebyone.figure`` for the command line: a bad image is a usage error naming --image."""
    from onebyone.api import ComputedFigure

    try:
        return ComputedFigure(figure, inputs)
    except InputError as error:
        raise bad_input(error) from None


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
    from scenes.pipeline.output import step_list

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
# ---- stills for the page (helper): --theme's default, --scale ----
@click.option(
    "--theme",
    type=click.Choice(settings.THEME_NAMES),
    default=None,
    help=f"Force one theme. Default: an svg follows the reader's colour scheme; others are {settings.DEFAULT_THEME}.",
)
@click.option(
    "--scale",
    type=click.FloatRange(0, 8, min_open=True),
    default=1.0,
    show_default=True,
    help="png: the frame size times this (2: a crisp raster for a high-density screen).",
)
# ---- end stills for the page ----
@click.option("--transparent", is_flag=True, help="No background (mov/webm/png/svg).")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("media"), show_default=True)
@input_options
def render(figures, fmt, quality, fps, pace, step, theme, scale, transparent, out, **chosen):
    """Render FIGURES as a video with captions (.srt, .vtt) or a still (svg: vector, png: raster)."""
    if scale != 1.0 and fmt != "png":  # stills for the page (helper)
        raise click.BadParameter(f"--scale sizes a png, not {fmt}; use --format png", param_hint="'--scale'")
    if transparent and fmt not in settings.ALPHA_FORMATS:
        raise click.BadParameter(
            f"{fmt} has no alpha channel; use --format {', '.join(settings.ALPHA_FORMATS)} with --transparent",
            param_hint="'--transparent'",
        )
    if step is not None and fmt not in settings.STILL_FORMATS:
        raise click.BadParameter(
            f"--step chooses a still; use --format {' or '.join(settings.STILL_FORMATS)}", param_hint="'--step'"
        )
    selected = [FIGURES[f] for f in dict.fromkeys(figures or FIGURES)]  # no FIGURE: every figure
    inputs = figure_inputs(selected, chosen)
    drawn = [computed(figure, inputs) for figure in selected]  # every input checked before anything is written
    steps = [_step_of(fig, step) if step is not None else None for fig in drawn]
    for fig, chosen_step in zip(drawn, steps):
        name = fig.id if theme in (None, settings.DEFAULT_THEME) else f"{fig.id}-{theme}"
        if fmt in settings.STILL_FORMATS:
            suffix = f"-step{chosen_step}" if chosen_step is not None else ""
            target = out / f"{name}{suffix}.{fmt}"
            # ---- stills for the page (helper): an svg follows the page's scheme unless --theme; png --scale ----
            from onebyone.stills import write_still

            try:
                written = write_still(fig, target, fmt, chosen_step, theme, transparent, quality, scale)
            except ValueError as error:  # a PNG too large for --scale
                raise click.BadParameter(str(error), param_hint="'--scale'") from None
            # ---- end stills for the page ----
            click.echo(str(written))
        else:
            theme = theme or settings.DEFAULT_THEME
            video = fig.video(out / f"{name}.{fmt}", quality, fmt, pace, fps, theme=theme, transparent=transparent)
            click.echo(str(video.path))


def _step_of(fig, step: str) -> int:
    """The number (from 1) of ``step``, given as a number or a step name; a usage error lists the steps."""
    try:
        return fig.step_number(step)
    except InputError as error:
        raise bad_input(error) from None


@cli.command()
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE]...")
@click.option("--to", "fmt", type=click.Choice(settings.DECK_FORMATS), default="html", show_default=True)
@click.option(
    "--out", type=click.Path(file_okay=False, path_type=Path), default=Path("media/slides"), show_default=True
)
@click.option(
    "--sections",
    type=click.Path(file_okay=False, path_type=Path),
    default=Path("media/sections"),
    show_default=True,
    help="Where step videos are reused from (as `all` writes them) and rendered to when missing.",
)
@click.option(
    "--quality", type=click.Choice(tuple(settings.QUALITIES)), default=settings.LECTURE_QUALITY, show_default=True
)
@click.option("--fps", type=click.IntRange(*settings.FPS_RANGE), default=settings.LECTURE_FPS, show_default=True)
@click.option("--pace", type=click.FloatRange(*settings.PACE_RANGE), default=1.0, show_default=True)
@click.option("--theme", type=click.Choice(settings.THEME_NAMES), default=settings.DEFAULT_THEME, show_default=True)
@click.option("--rerender", is_flag=True, help="Render the step videos even if usable ones exist.")
@input_options
def slides(figures, fmt, out, sections, quality, fps, pace, theme, rerender, **chosen):
    """A deck per FIGURE (default: every figure), one slide per step (its caption as speaker note):
    reveal.js HTML that opens offline, or PowerPoint. Each slide plays its step and holds until the next key."""
    selected = [FIGURES[f] for f in dict.fromkeys(figures or FIGURES)]  # no FIGURE: every figure
    inputs = figure_inputs(selected, chosen)
    drawn = [computed(figure, inputs) for figure in selected]  # every input checked before anything is written
    from onebyone.slides import RenderSettings, build_deck

    for fig in drawn:
        render = RenderSettings.of(fig.spec, inputs, theme=theme, quality=quality, fps=fps, pace=pace)
        deck = build_deck(fig.spec, fmt, out, sections, render, inputs, rerender=rerender, values=fig.values)
        click.echo(str(deck.path))


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
    spec = FIGURES[figure]
    arrays = computed(spec, figure_inputs([spec], chosen)).values
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
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE...]")
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
    help="Where the videos, captions, step videos and posters go (and the stamps that say what is up to date).",
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
@click.option("--pace", type=click.FloatRange(*settings.PACE_RANGE), default=1.0, show_default=True)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=os.cpu_count() or 1,
    show_default="the number of cores",
    help="Figures rendered at once, each in a process of its own.",
)
@click.option("--force", is_flag=True, help="Render every figure, even those whose inputs have not changed.")
@click.option("--video/--no-video", default=True, show_default=True)
def render_all(figures, figures_dir, media, quality, fps, pace, jobs, force, video):
    """Every figure (or FIGUREs): SVG still and value snapshot into figures/; video, captions, step videos
    and poster into media/. Figures whose inputs have not changed since the last run are skipped."""
    from onebyone.batch import Options, run_with_progress

    for folder in (figures_dir, media):  # a folder that cannot be made is the user's: exit 2 before any work
        folder.mkdir(parents=True, exist_ok=True)
    options = Options(figures_dir, media, quality, fps, pace, video, force, jobs)
    outcomes = run_with_progress(list(dict.fromkeys(figures)) or list(FIGURES), options)
    failed = [o for o in outcomes if o.status == "failed"]
    rendered = sum(o.status == "rendered" for o in outcomes)
    where = f"stills and values in {figures_dir}/" + (f", videos in {media}/" if video else "")
    click.echo(f"{rendered} rendered, {len(outcomes) - rendered - len(failed)} up to date: {where}")
    if failed:
        logs = ", ".join(f"{o.figure} ({o.log})" if o.log else o.figure for o in failed)
        click.echo(f"error: {len(failed)} figure(s) failed, see {logs}; the others are in place", err=True)
        sys.exit(1)


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


@cli.command()
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE...]")
@click.option(
    "--figures-dir",
    type=click.Path(exists=True, file_okay=False, path_type=Path),
    default=Path("figures"),
    show_default=True,
    help="Where the committed stills and value snapshots are.",
)
@click.option("--still/--no-still", default=True, show_default=True, help="Also compare the stills (slower).")
def check(figures, figures_dir, still):
    """Recompute FIGURES (default: all) and compare with the committed stills and values; print a table
    of what changed and exit 1 if anything did (docs/regression.md)."""
    from onebyone.check import check as check_figures

    sys.exit(check_figures(list(dict.fromkeys(figures)) or list(FIGURES), figures_dir, still, echo=click.echo))


@cli.command()
@click.option(
    "--figures-dir", type=click.Path(file_okay=False, path_type=Path), default=Path("figures"), show_default=True
)
@click.option("--media", type=click.Path(file_okay=False, path_type=Path), default=Path("media"), show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), help="The page (default: FIGURES_DIR/index.html)."
)
def gallery(figures_dir, media, out):
    """Write the gallery page: every figure's still, video, steps, files and command (links relative)."""
    from onebyone.gallery import write_gallery

    page, entries = write_gallery(figures_dir, media, out)
    for entry in entries:
        if entry.problem:
            click.echo(f"warning: {entry.id}: steps not listed: {entry.problem}", err=True)
    missing = [e.id for e in entries if not e.videos]
    click.echo(f"{page}  ({len(entries)} figures" + (f"; no video yet: {', '.join(missing)})" if missing else ")"))


# ---- stills for the page (helper): storyboard, handout, alt ----


@cli.command()
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE...]")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("figures"), show_default=True)
@click.option("--format", "fmt", type=click.Choice(("svg", "png")), default="svg", show_default=True)
@click.option(
    "--theme",
    type=click.Choice(settings.THEME_NAMES),
    default="light",
    show_default=True,
    help="png only: its theme (an svg follows the reader's colour scheme).",
)
@click.option(
    "--scale",
    type=click.FloatRange(0, 8, min_open=True),
    default=1.0,
    show_default=True,
    help="png only: its size times this (1: 1920 px wide).",
)
def storyboard(figures, out, fmt, theme, scale):
    """One picture per FIGURE (default: every figure) with every step's still as a numbered panel and its
    caption under it: OUT/<id>.storyboard.svg (or .png), for a post that cannot embed a video."""
    from onebyone.storyboard import write_storyboard

    if fmt == "svg" and scale != 1.0:
        raise click.BadParameter("--scale sizes a png; an svg is vector", param_hint="'--scale'")
    out.mkdir(parents=True, exist_ok=True)  # a folder that cannot be made is the user's: exit 2 before any work
    for figure_id in dict.fromkeys(figures or FIGURES):
        figure = FIGURES[figure_id]
        try:
            written = write_storyboard(figure, figure.values(), out, fmt, theme, scale)
        except ValueError as error:  # a PNG too large for --scale
            raise click.BadParameter(str(error), param_hint="'--scale'") from None
        click.echo(str(written))


@cli.command()
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE...]")
@click.option("--to", "fmt", type=click.Choice(("pdf",)), default="pdf", show_default=True)
@click.option("--paper", type=click.Choice(("a4", "letter")), default="a4", show_default=True)
@click.option(
    "--out", type=click.Path(dir_okay=False, path_type=Path), default=Path("media/handout.pdf"), show_default=True
)
def handout(figures, fmt, paper, out):
    """A printable handout of FIGURES (default: every figure): a title page, then per figure its storyboard,
    six numbered steps to a page with their captions. Vector PDF, light theme, fonts embedded."""
    from onebyone.handout import write_handout

    if out.suffix.lower() != f".{fmt}":
        raise click.BadParameter(f"{out.name!r} must end in .{fmt}", param_hint="'--out'")
    written = write_handout([FIGURES[f] for f in dict.fromkeys(figures or FIGURES)], out, paper)
    click.echo(str(written))


@cli.command("alt")
@click.argument("figures", nargs=-1, type=figure_ids, metavar="[FIGURE...]")
@click.option("--out", type=click.Path(file_okay=False, path_type=Path), default=Path("figures"), show_default=True)
def alt(figures, out):
    """OUT/<id>.alt.txt for FIGURES (default: every figure): the alt text of each still (its title and
    description, as in the SVG and the gallery), for platforms that take alt text in a form field."""
    from onebyone.stills import write_alt

    out.mkdir(parents=True, exist_ok=True)
    for figure_id in dict.fromkeys(figures or FIGURES):
        click.echo(str(write_alt(FIGURES[figure_id], out)))


# ---- end stills for the page ----


if __name__ == "__main__":
    cli()

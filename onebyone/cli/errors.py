"""Errors on the command line: one line on stderr, never a traceback.

Bad input (the user's arguments, or a path they gave that cannot be written) exits 2; anything else is an
internal failure and exits 1. An ``InputError`` from anywhere below becomes a usage error naming its option
here, in one place (``OneLineErrors.main``).
"""

from __future__ import annotations

import os
import sys
import warnings
from pathlib import Path

import click

from compute.errors import InputError
from compute.images import ImageNote

USER_PATHS: list[Path] = []  # the paths the running command was given (or defaults to): its outputs
INTERNAL_HINT = "a bug in onebyone, not in your input (ONEBYONE_DEBUG=1 shows the traceback)"


def flag(field: str) -> str:
    """The command-line spelling of an input field or setting: rgb_weights -> --rgb-weights, o -> -o."""
    return f"-{field}" if len(field) == 1 else f"--{field.replace('_', '-')}"


class PathsNoted(click.Command):
    """A command that notes its path arguments, so that a failure to write one is told from an internal one."""

    def invoke(self, ctx):
        USER_PATHS[:] = [v for v in ctx.params.values() if isinstance(v, Path)]
        return super().invoke(ctx)


def noted_command(name: str):
    """``click.command(name)`` for a command of ours: it notes the paths it is given (``PathsNoted``)."""
    return click.command(name, cls=PathsNoted)


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


def usage_error(error: InputError) -> click.BadParameter:
    """An InputError (a bad input, image, step or setting) as a usage error naming its option."""
    return click.BadParameter(str(error), param_hint=f"'{flag(error.field)}'")


class OneLineErrors(click.Group):
    """A click group whose errors are one line on stderr, never a traceback (see the module docstring)."""

    def main(self, args=None, prog_name=None, **kwargs):
        try:
            with warnings.catch_warnings():
                warnings.showwarning = notes_on_stderr(warnings.showwarning)
                return super().main(args, prog_name, standalone_mode=False, **kwargs)
        except click.exceptions.NoArgsIsHelpError as error:  # a bare `render.py`: the help, as usual
            click.echo(error.format_message())
            sys.exit(0)
        except InputError as error:
            self._usage(usage_error(error))
        except click.ClickException as error:
            self._usage(error)
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

    @staticmethod
    def _usage(error: click.ClickException) -> None:
        message = " ".join(line.strip() for line in error.format_message().splitlines() if line.strip())
        click.echo(f"error: {message}", err=True)
        sys.exit(error.exit_code)


def notes_on_stderr(show):
    """A ``warnings.showwarning`` that prints notes about the user's image (ImageNote) as one line on
    stderr, "note: …", and passes other warnings to ``show``."""

    def show_warning(message, category, filename, lineno, file=None, line=None):
        if issubclass(category, ImageNote):
            click.echo(f"note: {message}", err=True)
        else:
            show(message, category, filename, lineno, file, line)

    return show_warning

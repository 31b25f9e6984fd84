"""The typer application, its ``--version`` and the console-script entry point."""

# No `from __future__ import annotations` in the CLI modules: typer reads the commands'
# annotations at every start, and real objects spare it evaluating them from strings.
import sys
from typing import Annotated

import typer

from ahp_eval._version import __version__
from ahp_eval.cli.errors import EXIT_INTERNAL, EXIT_OK, print_crash

__all__ = ["app", "main"]

app = typer.Typer(
    name="ahp-eval",
    help=(
        "AHP weighting and composite service evaluation.\n\n"
        "Weigh a YAML hierarchy with the root, eigen or sum method, check every "
        "matrix's consistency (CR = CI/RI < 0.10) and the total ranking's."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _print_version(value: bool) -> None:
    if value:
        sys.stdout.write(f"ahp-eval {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_print_version,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """AHP weighting and composite service evaluation."""


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001 - a crash outside a command still exits 3
        print_crash()
        sys.exit(EXIT_INTERNAL)

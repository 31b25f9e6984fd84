"""``ahp-eval init``: an evaluation folder made from a template of the library."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from pathlib import Path
from typing import Annotated

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import echo_err, handle_errors
from ahp_eval.cli.stdout import write_stdout

__all__ = ["init"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval init servqual my-bank/\n\n"
        "  ahp-eval init power-supply-service evaluations/east-district --force"
    )
)
@handle_errors
def init(
    template: Annotated[
        str, typer.Argument(help="Template key (see ahp-eval templates).", show_default=False)
    ],
    folder: Annotated[Path, typer.Argument(help="Folder to create.", show_default=False)],
    force: Annotated[
        bool,
        typer.Option(
            "--force", help="Add the missing files to a non-empty folder (none is replaced)."
        ),
    ] = False,
) -> None:
    """Create an evaluation folder from a template of the indicator library.

    Writes evaluation.yaml (the template, judgments kept as a starting point),
    survey-template.csv, marks.yaml and a README saying what to edit next.
    """
    from ahp_eval.io.library import init_folder

    done = init_folder(template, folder, force=force)
    write_stdout([f"wrote {path}\n" for path in done.written])
    echo_err([f"kept {path} (already there; not replaced)" for path in done.kept])

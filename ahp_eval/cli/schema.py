"""``ahp-eval schema``: the JSON Schema of an input file or of a command's JSON report."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from typing import Annotated

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import echo_err, handle_errors
from ahp_eval.cli.options import ForceOption, OutputOption
from ahp_eval.cli.stdout import write_stdout

__all__ = ["schema"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval schema evaluation -o evaluation.schema.json\n\n"
        "  ahp-eval schema weigh > weigh-report.schema.json"
    )
)
@handle_errors
def schema(
    kind: Annotated[
        str,
        typer.Argument(
            help=(
                "evaluation, judgments or marks (the input files), or weigh, check, score, "
                "repair, sensitivity, reliability (the JSON reports)."
            ),
            show_default=False,
        ),
    ],
    output: OutputOption = None,
    force: ForceOption = False,
) -> None:
    """Print the JSON Schema of an input file or of a command's JSON report.

    Point an editor at the evaluation schema to have evaluation files checked and
    completed as they are typed; validate a JSON report against its command's schema.
    """
    from ahp_eval.errors import InputError
    from ahp_eval.io.schema_files import read_schema
    from ahp_eval.report.schemas import file_name, kinds

    if kind not in kinds():
        raise InputError(f"unknown schema {kind!r}; choose {', '.join(kinds())}")
    text = read_schema(file_name(kind))
    if output is None:
        write_stdout(text)
        return
    from ahp_eval.io.atomic import write_atomic

    write_atomic(output, text, force=force)
    echo_err(f"wrote {output}")

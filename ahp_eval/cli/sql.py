"""``ahp-eval sql``: the query that computes a survey table's statistics in a database."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from pathlib import Path
from typing import Annotated

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import handle_errors
from ahp_eval.cli.options import EvaluationArgument, ForceOption, OptionValues
from ahp_eval.cli.stdout import write_stdout

__all__ = ["sql"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval sql evaluation.yaml --table responses --group 营业厅 > stats.sql\n\n"
        "  ahp-eval sql evaluation.yaml --table survey.answers --columns header.csv "
        "--dialect spark"
    )
)
@handle_errors
def sql(
    file: EvaluationArgument,
    table: Annotated[
        str,
        typer.Option(
            help="The table holding one row per respondent (schema.table allowed; "
            "catalog.schema.table in duckdb and spark)."
        ),
    ],
    group: Annotated[
        str | None, typer.Option(help="Column naming the site or service (default survey.group).")
    ] = None,
    columns: Annotated[
        Path | None,
        typer.Option(
            help="The table's column names (its header line, or one a line), to resolve "
            "columns named by a prefix (Q1 for 'Q1. ...') as score does.",
        ),
    ] = None,
    dialect: Annotated[
        str, typer.Option(metavar="<duckdb|sqlite|spark>", help="SQL dialect.")
    ] = "duckdb",
    no_entropy: Annotated[
        bool,
        typer.Option(
            "--no-entropy",
            help="Leave out the entropy weights' sums of x ln x (for a SQLite without ln()); "
            "score --statistics then refuses --weights entropy, combined and linear.",
        ),
    ] = False,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the query to this file.")
    ] = None,
    force: ForceOption = False,
) -> None:
    """Print one SQL query giving the per-group statistics that score --statistics reads.

    The survey mapping (questions averaged per indicator, reverse coding, answer labels,
    missing-answer markers, scale checks) is done in SQL; answers that are not numbers or
    are outside the scale are counted per column. Export the result as CSV or JSON and
    give it to `ahp-eval score EVALUATION --statistics FILE`. Exits 2 on invalid input.
    """
    from ahp_eval.io.files import load_evaluation, write_atomic
    from ahp_eval.io.sql_query import DIALECTS, read_columns, statistics_query

    options = OptionValues()
    chosen = options.choice("--dialect", dialect, DIALECTS)
    if not table.strip():
        from ahp_eval.errors import OptionError

        options.errors.append(OptionError("--table", "give the table's name"))
    options.check()
    evaluation = load_evaluation(file)
    header = read_columns(columns) if columns is not None else None
    query = statistics_query(
        evaluation, table, dialect=chosen, group=group, header=header, entropy=not no_entropy
    )
    if output is not None:
        write_atomic(output, query, force=force, inputs=(file, columns))
    else:
        write_stdout(query, "utf-8")

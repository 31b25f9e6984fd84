"""``ahp-eval questionnaire``: a blank pairwise-comparison questionnaire for a panel."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from pathlib import Path
from typing import Annotated

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import echo_err, handle_errors
from ahp_eval.cli.options import EvaluationArgument, ForceOption, LangOption, OptionValues
from ahp_eval.errors import OptionError
from ahp_eval.report.render import LANGS

__all__ = ["QUESTIONNAIRE_SUFFIXES", "questionnaire"]

QUESTIONNAIRE_SUFFIXES = {".html": "html", ".htm": "html", ".xlsx": "xlsx", ".csv": "csv"}
"""The --output suffix picks what is written."""


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval questionnaire evaluation.yaml -o form.html\n\n"
        "  ahp-eval questionnaire evaluation.yaml -o panel.xlsx --lang en"
    )
)
@handle_errors
def questionnaire(
    file: EvaluationArgument,
    output: Annotated[
        Path,
        typer.Option(
            "--output",
            "-o",
            help=(
                "The file to write: .html (the questionnaire page an expert fills in), "
                ".xlsx or .csv (the panel template, one row per respondent)."
            ),
            show_default=False,
        ),
    ],
    force: ForceOption = False,
    lang: LangOption = "zh",
) -> None:
    """Write a pairwise-comparison questionnaire of the evaluation's hierarchy.

    The page (.html) works offline in any browser: the expert answers every pair on
    the 9..1..9 scale, sees each matrix's weights and CR with the file's method and RI
    table, and the first repair step of a matrix that fails; then downloads a
    judgments file (for --judgments) or copies one row of the panel template. The
    template (.xlsx, .csv) has a respondent column, a weight column and one column per
    pair, named a/b (LEAF:a/b for alternatives under LEAF). The evaluation's own
    judgments are not needed. Exits 0, or 2 on invalid input.
    """
    options = OptionValues()
    chosen = options.choice("--lang", lang, LANGS)
    kind = QUESTIONNAIRE_SUFFIXES.get(output.suffix.lower())
    if kind is None:
        options.errors.append(
            OptionError(
                "--output",
                f"cannot write a questionnaire as {output.suffix or 'a file without a suffix'}; "
                "use .html (the page), .xlsx or .csv (the panel template)",
            )
        )
    options.check()
    from ahp_eval.io.atomic import write_atomic
    from ahp_eval.io.blank import load_blank_evaluation
    from ahp_eval.report.questionnaire import TEMPLATE_NOTES, build_questionnaire, template_rows

    evaluation = load_blank_evaluation(file)
    form = build_questionnaire(evaluation, chosen)
    if kind == "html":
        from ahp_eval.report.questionnaire_html import render_questionnaire_html

        write_atomic(output, render_questionnaire_html(form), force=force, inputs=(file,))
    elif kind == "csv":
        from ahp_eval.report.questionnaire import template_csv

        write_atomic(output, template_csv(form), force=force, inputs=(file,), bom=True)
    else:
        from ahp_eval.io.panel_template import template_xlsx

        data = template_xlsx(template_rows(form), TEMPLATE_NOTES)
        write_atomic(output, data, force=force, inputs=(file,))
    echo_err(f"wrote {output}")

"""``ahp-eval reliability``: is the questionnaire any good (reliability and validity)."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from pathlib import Path
from typing import Annotated, Literal

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.deliver import deliver
from ahp_eval.cli.errors import echo_err, handle_errors
from ahp_eval.cli.options import (
    AnswersDropOption,
    AnswersEncodingOption,
    AnswersSheetOption,
    EvaluationArgument,
    ForceOption,
    GroupOption,
    JudgmentsOption,
    LangOption,
    OptionValues,
    OutputOption,
    PrecisionOption,
    ResponsesArgument,
)

__all__ = ["reliability"]

ITEMS: tuple[Literal["indicators", "questions"], ...] = ("indicators", "questions")
SPLIT_CHOICES: tuple[Literal["first-half", "odd-even"], ...] = ("first-half", "odd-even")
MISSING_CHOICES: tuple[Literal["listwise", "pairwise"], ...] = ("listwise", "pairwise")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval reliability evaluation.yaml responses.csv\n\n"
        "  ahp-eval reliability evaluation.yaml responses.csv --group 平台 -o reliability.html\n\n"
        "  ahp-eval reliability evaluation.yaml responses.xlsx --items questions --split odd-even"
    )
)
@handle_errors
def reliability(
    file: EvaluationArgument,
    responses: ResponsesArgument = None,
    group: GroupOption = None,
    sheet: AnswersSheetOption = None,
    encoding: AnswersEncodingOption = None,
    drop_invalid: AnswersDropOption = False,
    items: Annotated[
        str,
        typer.Option(
            "--items",
            metavar="<indicators|questions>",
            help="Items: the indicators (questions averaged as in score) or the question columns.",
        ),
    ] = "indicators",
    split: Annotated[
        str,
        typer.Option(
            "--split",
            metavar="<first-half|odd-even>",
            help="Split-half parts: the first ceil(k/2) items and the rest, or odd and even items.",
        ),
    ] = "first-half",
    missing: Annotated[
        str,
        typer.Option(
            "--missing",
            metavar="<listwise|pairwise>",
            help="Missing answers: rows complete on each block's items, or pairwise correlations.",
        ),
    ] = "listwise",
    factors: Annotated[
        int | None,
        typer.Option(
            "--factors", min=1, help="Factors retained (default: the goal's number of criteria)."
        ),
    ] = None,
    judgments: JudgmentsOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="<table|json|csv|markdown|html|xlsx>",
            help="Output format (default: table, or by the --output suffix).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    precision: PrecisionOption = None,
    lang: LangOption = "zh",
    statistics: Annotated[
        Path | None,
        typer.Option(
            help="Per-group statistics (CSV, XLSX or JSON) from the query of ahp-eval sql, "
            "instead of the export (listwise, indicators as items).",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Reliability and validity of the questionnaire: Cronbach's alpha with item
    analysis, split-half, KMO, Bartlett's test and the varimax-rotated components.

    Pooled over all respondents, and per group with a group column. Exits 0 on
    success, 2 on invalid input.
    """
    from ahp_eval.io.files import load_evaluation
    from ahp_eval.report.listing import dropped_lines
    from ahp_eval.survey.reliability_run import ReliabilityReport

    options = OptionValues()
    kind = options.choice("--items", items, ITEMS)
    how = options.choice("--split", split, SPLIT_CHOICES)
    gaps = options.choice("--missing", missing, MISSING_CHOICES)
    to = options.delivery("reliability", fmt, output, force, precision, lang)
    # --statistics: the per-group statistics of ahp-eval sql instead of the export
    if statistics is not None:
        from ahp_eval.cli.statistics import reliability_refused_with_statistics

        reliability_refused_with_statistics(
            options, responses=responses, group=group, items=items, missing=missing
        )
    elif responses is None:
        from ahp_eval.errors import OptionError

        message = "give the survey export, or --statistics with the result of the query of "
        options.errors.append(OptionError("RESPONSES", message + "ahp-eval sql"))
    options.check()
    evaluation = load_evaluation(file, judgments)
    if statistics is not None:
        from ahp_eval.cli.statistics import read_statistics_of
        from ahp_eval.survey.reliability_run import reliability as from_statistics

        read = read_statistics_of(
            statistics, evaluation, encoding=encoding, sheet=sheet, drop_invalid=drop_invalid
        )
        result = from_statistics(evaluation, read, split=how, factors=factors)
    elif kind == "questions":
        assert responses is not None
        from ahp_eval.io.question_items import read_question_set
        from ahp_eval.survey.reliability_run import items_reliability

        item_set, read = read_question_set(
            responses,
            evaluation,
            group=group,
            sheet=sheet,
            encoding=encoding,
            drop_invalid=drop_invalid,
            pairs=gaps == "pairwise",
        )
        result = items_reliability(item_set, read, split=how, missing=gaps, factors=factors)
    else:
        assert responses is not None
        from ahp_eval.io.survey_file import read_responses
        from ahp_eval.survey.reliability_run import reliability as compute

        read = read_responses(
            responses,
            evaluation,
            group=group,
            sheet=sheet,
            drop_invalid=drop_invalid,
            fuzzy=False,
            satisfaction=False,
            pairs=gaps == "pairwise",
            encoding=encoding,
        )
        result = compute(evaluation, read, split=how, missing=gaps, factors=factors)
    echo_err(dropped_lines(read))
    deliver(
        ReliabilityReport(evaluation, read, result),
        to,
        precision=2,
        inputs=(file, judgments, responses, statistics),
    )

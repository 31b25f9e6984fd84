"""``ahp-eval score``: composite, grade, interval, sub-scores and weak points of a site."""

# No `from __future__ import annotations`: typer reads this signature at every start.
import sys
from pathlib import Path
from typing import Annotated, Literal

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.deliver import deliver
from ahp_eval.cli.errors import EXIT_INCONSISTENT, echo_err, handle_errors
from ahp_eval.cli.options import (
    AggregateOption,
    AnswersDropOption,
    AnswersEncodingOption,
    AnswersSheetOption,
    CrThresholdOption,
    EvaluationArgument,
    ExcludeInconsistentOption,
    ForceOption,
    GroupOption,
    JudgmentsOption,
    LangOption,
    MethodOption,
    OptionValues,
    OutputOption,
    PanelOption,
    PrecisionOption,
    QuietOption,
    ResponsesArgument,
    RiOption,
    ScoreFormatOption,
    ScoreFormulaOption,
)
from ahp_eval.errors import InputError
from ahp_eval.model.vocabulary import SCORE_FORMULAS

COMPARE_MODES: tuple[Literal["adjacent", "all"], ...] = ("adjacent", "all")
"""The values of --compare (:data:`ahp_eval.survey.compare.CompareMode`)."""

__all__ = ["ask", "score"]


def ask(prompt: str) -> str:
    """Prompt on standard error (standard output carries the report), read a line."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise InputError("no more input at the prompt", path="<terminal>")
    return line


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval score evaluation.yaml responses.csv --group 平台\n\n"
        "  ahp-eval score evaluation.yaml --marks marks.yaml -o report.html\n\n"
        "  ahp-eval score evaluation.yaml --marks east.yaml --marks west.yaml\n\n"
        "  ahp-eval score evaluation.yaml --interactive"
    )
)
@handle_errors
def score(
    file: EvaluationArgument,
    responses: ResponsesArgument = None,
    marks: Annotated[
        list[Path] | None,
        typer.Option(
            help="Marks file: indicator id -> mark, for one site; give it once per site to "
            "score and rank several sites."
        ),
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Ask for each indicator's mark.")
    ] = False,
    group: GroupOption = None,
    sheet: AnswersSheetOption = None,
    encoding: AnswersEncodingOption = None,
    drop_invalid: AnswersDropOption = False,
    score_formula: ScoreFormulaOption = None,
    bootstrap: Annotated[
        int | None,
        typer.Option(min=100, max=100_000, help="Percentile bootstrap with N resamples."),
    ] = None,
    seed: Annotated[
        int | None,
        typer.Option(help="Seed of the bootstrap (default: one is picked and printed)."),
    ] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help="Add the fuzzy comprehensive evaluation.")
    ] = False,
    compare: Annotated[
        str | None,
        typer.Option(
            metavar="adjacent|all",
            help="Compare groups: each with the next in the ranking, or every pair (at most "
            "50 groups); difference, 95% interval, p and Holm-adjusted p.",
            show_default=False,
        ),
    ] = None,
    with_reliability: Annotated[
        bool,
        typer.Option(
            "--reliability",
            help="Add the questionnaire's reliability and validity (as ahp-eval reliability "
            "reports them), pooled and per group.",
        ),
    ] = False,
    weights_by: Annotated[
        str | None,
        typer.Option(
            "--weights",
            metavar="ahp|entropy|combined|linear:A",
            help="Leaf weights of the composite: the AHP's (default), entropy weights, their "
            "product (combined), or A x AHP + (1 - A) x entropy; the AHP weights are shown "
            "beside.",
            show_default=False,
        ),
    ] = None,
    judgments: JudgmentsOption = None,
    panel: PanelOption = None,
    aggregate: AggregateOption = "aij",
    exclude_inconsistent: ExcludeInconsistentOption = False,
    method: MethodOption = None,
    ri: RiOption = None,
    cr_threshold: CrThresholdOption = None,
    precision: PrecisionOption = None,
    fmt: ScoreFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = "zh",
    quiet: QuietOption = False,
    statistics: Annotated[
        Path | None,
        typer.Option(
            help="Per-group statistics (CSV, XLSX or JSON) from the query of ahp-eval sql.",
            show_default=False,
        ),
    ] = None,
) -> None:
    """Score a site or service: composite, grade, interval, sub-scores, weak points.

    Answers come from a survey export (RESPONSES), a marks file (--marks) or the
    terminal (--interactive). With a panel (--panel, or the file's panel.file) the
    weights are the panel's aggregate. Exits 0 on success, 1 when the weights are
    inconsistent by --cr-threshold (the report is still written), 2 on invalid input.
    """
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.cli.panel_weights import PanelChoice, aggregate_choice, weights_of
    from ahp_eval.errors import OptionError
    from ahp_eval.io.answers import Terminal, answer_source, read_answers
    from ahp_eval.io.files import load_evaluation
    from ahp_eval.report.listing import dropped_lines
    from ahp_eval.report.progress import bytes_per_row, progress_bar
    from ahp_eval.survey.scoring import score as compute

    options = OptionValues()
    if statistics is not None:
        from ahp_eval.cli.statistics import refused_with_statistics

        refused_with_statistics(
            options,
            responses=responses,
            marks=marks,
            interactive=interactive,
            group=group,
            bootstrap=bootstrap,
        )
        source = None
    else:
        source = answer_source(responses, marks, Terminal(ask, echo_err) if interactive else None)
    how = options.weighing(method, ri, cr_threshold)
    formula = options.choice("--score-formula", score_formula, SCORE_FORMULAS)
    comparing = options.choice("--compare", compare, COMPARE_MODES)
    leaf_weights = None
    if weights_by is not None:
        from ahp_eval.survey.objective import weight_choice

        try:
            leaf_weights = weight_choice(weights_by)
        except OptionError as exc:
            options.errors.append(exc)
    to = options.delivery("score", fmt, output, force, precision, lang)
    try:
        way = aggregate_choice(aggregate)
    except OptionError as exc:
        options.errors.append(exc)
        way = "aij"
    options.check()
    loaded = load_evaluation(file, judgments) if panel is None else None
    choice = PanelChoice(panel, way, exclude_inconsistent)
    evaluation, solved, inputs = weights_of(
        file, [judgments] if judgments else None, choice, how, loaded
    )
    weights = solved if isinstance(solved, HierarchyResult) else solved.hierarchy
    if source is None:
        from ahp_eval.cli.statistics import read_statistics_of

        assert statistics is not None
        answers = read_statistics_of(
            statistics,
            evaluation,
            encoding=encoding,
            sheet=sheet,
            drop_invalid=drop_invalid,
            entropy=leaf_weights is not None and leaf_weights.needs_entropy,
        )
    else:
        row_bytes = bytes_per_row(responses) if responses is not None and not quiet else None
        with progress_bar("reading", enabled=not quiet, row_bytes=row_bytes) as progress:
            answers = read_answers(
                source,
                evaluation,
                group=group,
                sheet=sheet,
                drop_invalid=drop_invalid,
                keep_answers=bootstrap is not None,
                fuzzy=fuzzy,
                encoding=encoding,
                progress=progress,
                entropy=leaf_weights is not None and leaf_weights.needs_entropy,
            )
    result = compute(
        weights,
        answers,
        score_formula=formula,
        bootstrap=bootstrap,
        seed=seed,
        fuzzy=fuzzy,
        compare=comparing,
        weights_by=leaf_weights,
        reliability=with_reliability,
    )
    echo_err(dropped_lines(answers))
    from ahp_eval.report.score_warnings import alpha_warnings, seed_line

    if bootstrap is not None and seed is None:
        echo_err(seed_line(result))
    echo_err(alpha_warnings(result))
    deliver(result, to, precision=2, inputs=(*inputs, responses, *(marks or ()), statistics))
    if not weights.consistent:
        echo_err(
            "ahp-eval: the weights come from inconsistent judgments "
            f"(a CR >= {weights.cr_threshold:g}; see ahp-eval check)"
        )
        raise typer.Exit(EXIT_INCONSISTENT)

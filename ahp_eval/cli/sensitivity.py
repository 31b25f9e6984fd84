"""``ahp-eval sensitivity``: would the ranking change if the weights were a little different?"""

# No `from __future__ import annotations`: typer reads this signature at every start.
from pathlib import Path
from typing import Annotated

import typer

from ahp_eval.cli.app import app
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
    JudgesOption,
    LangOption,
    MethodOption,
    OptionValues,
    OutputOption,
    PanelOption,
    PrecisionOption,
    RiOption,
    ScoreFormulaOption,
    SynthesisOption,
)
from ahp_eval.errors import OptionError
from ahp_eval.model.vocabulary import SCORE_FORMULAS
from ahp_eval.report.render import FORMAT_BY_SUFFIX, SENSITIVITY_FORMATS, SensitivityFormat

__all__ = ["EXIT_FRAGILE", "sensitivity"]

EXIT_FRAGILE = 4
"""The top-ranked item keeps its place in fewer samples than --stability asks."""

MAX_SAMPLES = 10_000_000


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval sensitivity evaluation.yaml\n\n"
        "  ahp-eval sensitivity evaluation.yaml responses.csv --seed 1 -o sens.html\n\n"
        "  ahp-eval sensitivity evaluation.yaml --spread 0.2 --stability 0.95 -f json\n\n"
        "  ahp-eval sensitivity evaluation.yaml --panel answers.csv --aggregate aip"
    )
)
@handle_errors
def sensitivity(
    file: EvaluationArgument,
    responses: Annotated[
        Path | None,
        typer.Argument(
            help="Survey export (CSV or XLSX): rank the scored groups too.", show_default=False
        ),
    ] = None,
    marks: Annotated[
        Path | None, typer.Option(help="Marks file: rank the one site it scores too.")
    ] = None,
    group: GroupOption = None,
    sheet: AnswersSheetOption = None,
    encoding: AnswersEncodingOption = None,
    drop_invalid: AnswersDropOption = False,
    score_formula: ScoreFormulaOption = None,
    spread: Annotated[
        float | None,
        typer.Option(
            help=(
                "Standard deviation s of the log-scale perturbation of every judgment "
                "(default 0.35; not with a panel, whose samples draw judges)."
            ),
            show_default=False,
        ),
    ] = None,
    samples: Annotated[int, typer.Option(help="Monte Carlo samples (1 to 10,000,000).")] = 10_000,
    seed: Annotated[int | None, typer.Option(help="Seed of the Monte Carlo samples.")] = None,
    stability: Annotated[
        float,
        typer.Option(
            help="Exit 4 when the top item ranks first in fewer than this share of samples.",
        ),
    ] = 0.9,
    judgments: JudgesOption = None,
    panel: PanelOption = None,
    aggregate: AggregateOption = "aij",
    exclude_inconsistent: ExcludeInconsistentOption = False,
    method: MethodOption = None,
    ri: RiOption = None,
    cr_threshold: CrThresholdOption = None,
    synthesis: SynthesisOption = None,
    precision: PrecisionOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="<" + "|".join(SENSITIVITY_FORMATS) + ">",
            help="Output format (default: text, or by the --output suffix).",
        ),
    ] = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = "zh",
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No progress bar.")] = False,
) -> None:
    """How stable is the ranking: one weight at a time, and judgments perturbed at random.

    Ranks the indicators, the alternatives when the file has any, and the groups when a
    survey export (RESPONSES) or a marks file (--marks) is given. Exits 0 when the top
    item is stable, 4 when it ranks first in fewer than --stability of the samples,
    1 when the judgments themselves are inconsistent, 2 on invalid input.

    With a panel (--panel, the file's panel.file, or two or more --judgments files) each
    sample draws the panel's judges with replacement and aggregates them (--aggregate);
    one weight at a time starts from the panel's aggregate weights.
    """
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.ahp.montecarlo import DEFAULT_SPREAD, monte_carlo
    from ahp_eval.ahp.sensitivity import one_at_a_time, rankings
    from ahp_eval.cli.panel_weights import PanelChoice, aggregate_choice, weights_of
    from ahp_eval.cli.stdout import write_stdout
    from ahp_eval.report.progress import progress_bar
    from ahp_eval.report.sensitivity_plain import SensitivityReport, render_sensitivity

    options = OptionValues()
    how = options.weighing(method, ri, cr_threshold, synthesis)
    formula = options.choice("--score-formula", score_formula, SCORE_FORMULAS)
    chosen = options.choice("--format", fmt, SENSITIVITY_FORMATS)
    decimals = options.setting("--precision", "precision", precision)
    language = options.choice("--lang", lang, ("zh", "en"))
    form = _format(chosen, output, options)
    if form == "xlsx" and output is None:
        from ahp_eval.report.render import binary_needs_output

        options.errors.append(binary_needs_output("--format", "xlsx"))
    try:
        way = aggregate_choice(aggregate)
    except OptionError as exc:
        options.errors.append(exc)
        way = "aij"
    if spread is not None and not 0.0 <= spread <= 5.0:  # exp(5): a factor of 148 on a judgment
        options.errors.append(OptionError("--spread", f"{spread:g} is outside [0, 5]"))
    if not 1 <= samples <= MAX_SAMPLES:
        options.errors.append(OptionError("--samples", f"{samples} is outside 1..10,000,000"))
    if not 0.0 <= stability <= 1.0:
        options.errors.append(OptionError("--stability", f"{stability:g} is outside [0, 1]"))
    if responses is not None and marks is not None:
        options.errors.append(OptionError("--marks", "give RESPONSES or --marks, not both"))
    options.check()
    choice = PanelChoice(panel, way, exclude_inconsistent)
    evaluation, solved, inputs = weights_of(file, judgments, choice, how)
    draw = None
    if not isinstance(solved, HierarchyResult):
        from ahp_eval.ahp.panel_bootstrap import JudgeDraw

        draw = JudgeDraw(solved)
    weights = solved if isinstance(solved, HierarchyResult) else solved.hierarchy
    if draw is not None and spread is not None:
        raise OptionError(
            "--spread",
            "with a panel each sample draws the judges instead of perturbing the judgments; "
            "leave --spread out",
        )
    groups = None
    if responses is not None or marks is not None:
        from ahp_eval.io.answers import answer_source, read_answers
        from ahp_eval.survey.scoring import score

        source = answer_source(responses, marks, None)
        answers = read_answers(
            source,
            evaluation,
            group=group,
            sheet=sheet,
            drop_invalid=drop_invalid,
            fuzzy=False,
            encoding=encoding,
        )
        from ahp_eval.report.listing import dropped_lines
        from ahp_eval.survey.score_results import GroupScores

        echo_err(dropped_lines(answers))

        scored = score(weights, answers, score_formula=formula).groups
        assert isinstance(scored, GroupScores)  # the scorer's own table of every group
        groups = (list(scored.table.names), scored.table.scores)
    ranks = rankings(weights, groups)
    with progress_bar("sampling", enabled=not quiet, unit="samples") as progress:
        mc = monte_carlo(
            weights,
            ranks,
            samples=samples,
            spread=0.0 if draw is not None else (DEFAULT_SPREAD if spread is None else spread),
            seed=seed,
            resampler=draw,
            progress=progress,
        )
    report = SensitivityReport(
        weights=weights,
        one_at_a_time=tuple(one_at_a_time(weights, r) for r in ranks),
        monte_carlo=mc,
        stability=stability,
        panel=None if draw is None else draw.summary(),
    )
    places = decimals if decimals is not None else weights.evaluation.settings.precision
    if form == "xlsx":
        from functools import partial

        from ahp_eval.io.atomic import write_atomic_with
        from ahp_eval.io.workbook import write_workbook
        from ahp_eval.report.render import workbook_tables

        assert output is not None  # checked with the options
        tables = workbook_tables("sensitivity", report, places, "en" if language == "en" else "zh")
        write_atomic_with(
            output,
            partial(write_workbook, tables),
            force=force,
            inputs=(*inputs, responses, marks),
        )
        echo_err(f"wrote {output}")
    elif output is None:
        write_stdout(render_sensitivity(report, form, places, language))
    else:
        from ahp_eval.io.atomic import write_atomic

        text = render_sensitivity(report, form, places, language)
        write_atomic(output, text, force=force, inputs=(*inputs, responses, marks))
        echo_err(f"wrote {output}")
    if not weights.consistent:
        echo_err(
            "ahp-eval: the weights come from inconsistent judgments "
            f"(a CR >= {weights.cr_threshold:g}; see ahp-eval check)"
        )
        raise typer.Exit(EXIT_INCONSISTENT)
    if not report.robust:
        top = report.decisive.top
        echo_err(
            f"ahp-eval: the top item {top.id if top else ''} ranks first in "
            f"{100 * report.top_share:.1f}% of samples, under --stability {stability:g}"
        )
        raise typer.Exit(EXIT_FRAGILE)


def _format(
    chosen: SensitivityFormat | None, output: Path | None, options: OptionValues
) -> "SensitivityFormat":
    """The chosen format, else the --output suffix's, else text."""
    if chosen is not None:
        return chosen
    if output is None or not output.suffix:
        return "text"
    found = FORMAT_BY_SUFFIX.get(output.suffix.lower())
    by_suffix = {
        "json": "json",
        "markdown": "markdown",
        "html": "html",
        "table": "text",
        "xlsx": "xlsx",
    }
    if found in by_suffix:
        return by_suffix[found]  # type: ignore[return-value]
    suffixes = [s for s, f in FORMAT_BY_SUFFIX.items() if f in by_suffix]
    options.errors.append(
        OptionError(
            "--output",
            f"cannot write a {output.suffix} report; sensitivity writes {', '.join(suffixes)} "
            "(or choose one with --format)",
        )
    )
    return "text"

"""``ahp-eval weigh``: local and global weights, every matrix's CR and the total CR."""

# No `from __future__ import annotations`: typer reads this signature at every start.
import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.deliver import deliver
from ahp_eval.cli.errors import EXIT_INCONSISTENT, handle_errors
from ahp_eval.cli.options import (
    AggregateOption,
    CrThresholdOption,
    EvaluationArgument,
    ExcludeInconsistentOption,
    ForceOption,
    JudgesOption,
    LangOption,
    MethodOption,
    OptionValues,
    OutputOption,
    PanelDropOption,
    PanelEncodingOption,
    PanelOption,
    PanelSheetOption,
    PrecisionOption,
    RiOption,
    SynthesisOption,
    WeighFormatOption,
)
from ahp_eval.errors import OptionError

__all__ = ["weigh"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval weigh examples/campus-canteen/evaluation.yaml\n\n"
        "  ahp-eval weigh evaluation.yaml --method eigen --ri cn --format json -o weights.json\n\n"
        "  ahp-eval weigh evaluation.yaml --panel answers.csv --aggregate aip\n\n"
        "  ahp-eval weigh evaluation.yaml -j judge-a.yaml -j judge-b.yaml -j judge-c.yaml"
    )
)
@handle_errors
def weigh(
    file: EvaluationArgument,
    judgments: JudgesOption = None,
    panel: PanelOption = None,
    aggregate: AggregateOption = "aij",
    exclude_inconsistent: ExcludeInconsistentOption = False,
    sheet: PanelSheetOption = None,
    encoding: PanelEncodingOption = None,
    drop_invalid: PanelDropOption = False,
    method: MethodOption = None,
    ri: RiOption = None,
    cr_threshold: CrThresholdOption = None,
    synthesis: SynthesisOption = None,
    precision: PrecisionOption = None,
    fmt: WeighFormatOption = None,
    output: OutputOption = None,
    force: ForceOption = False,
    lang: LangOption = "zh",
) -> None:
    """Compute local and global weights, every matrix's CR and the total CR.

    With a panel (--panel, the file's panel.file, or two or more --judgments files)
    every judge's matrices are checked and aggregated (--aggregate).
    Exits 0 when every matrix and the total ranking are consistent (with a panel: the
    aggregate matrices), 1 when any is not (the report is still written), 2 on
    invalid input.
    """
    from ahp_eval.cli.panel_weights import PanelChoice, aggregate_choice, weights_of
    from ahp_eval.io.files import load_evaluation

    options = OptionValues()
    how = options.weighing(method, ri, cr_threshold, synthesis)
    to = options.delivery("weigh", fmt, output, force, precision, lang)
    try:
        how_panel = aggregate_choice(aggregate)
    except OptionError as exc:
        options.errors.append(exc)
        how_panel = "aij"
    options.check()
    choice = PanelChoice(panel, how_panel, exclude_inconsistent, drop_invalid, sheet, encoding)
    loaded = None
    if panel is None and len(judgments or []) < 2:
        loaded = load_evaluation(file, judgments[0] if judgments else None)
    evaluation, result, inputs = weights_of(file, judgments, choice, how, loaded)
    deliver(result, to, precision=evaluation.settings.precision, inputs=inputs)
    if not result.consistent:
        raise typer.Exit(EXIT_INCONSISTENT)

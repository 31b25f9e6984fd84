"""``ahp-eval weigh``: local and global weights, every matrix's CR and the total CR."""

# No `from __future__ import annotations`: typer reads this signature at every start.
import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.deliver import deliver
from ahp_eval.cli.errors import EXIT_INCONSISTENT, handle_errors
from ahp_eval.cli.options import (
    CrThresholdOption,
    EvaluationArgument,
    ForceOption,
    JudgmentsOption,
    LangOption,
    MethodOption,
    OptionValues,
    OutputOption,
    PrecisionOption,
    RiOption,
    SynthesisOption,
    WeighFormatOption,
)

__all__ = ["weigh"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval weigh examples/campus-canteen/evaluation.yaml\n\n"
        "  ahp-eval weigh evaluation.yaml --method eigen --ri cn --format json -o weights.json"
    )
)
@handle_errors
def weigh(
    file: EvaluationArgument,
    judgments: JudgmentsOption = None,
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

    Exits 0 when every matrix and the total ranking are consistent, 1 when any is
    not (the report is still written), 2 on invalid input.
    """
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation

    options = OptionValues()
    how = options.weighing(method, ri, cr_threshold, synthesis)
    to = options.delivery("weigh", fmt, output, force, precision, lang)
    options.check()
    evaluation = load_evaluation(file, judgments)
    result = solve(evaluation, **how)
    deliver(result, to, precision=evaluation.settings.precision, inputs=(file, judgments))
    if not result.consistent:
        raise typer.Exit(EXIT_INCONSISTENT)

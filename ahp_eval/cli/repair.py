"""``ahp-eval repair``: which judgments to change, and to what, for consistent matrices."""

# No `from __future__ import annotations`: typer reads this signature at every start.
import sys
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Literal, cast

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import EXIT_INCONSISTENT, echo_err, handle_errors
from ahp_eval.cli.options import (
    CrThresholdOption,
    EvaluationArgument,
    JudgmentsOption,
    MethodOption,
    OptionValues,
    OutputOption,
    RiOption,
)
from ahp_eval.errors import OptionError
from ahp_eval.report.render import FORMAT_BY_SUFFIX
from ahp_eval.report.repair_plain import RepairFormat

if TYPE_CHECKING:
    from ahp_eval.io.atomic import Filler

__all__ = ["repair"]


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval repair evaluation.yaml\n\n"
        "  ahp-eval repair evaluation.yaml --write repaired.yaml\n\n"
        "  ahp-eval repair evaluation.yaml -j judge-a.yaml --format json -o repair.json"
    )
)
@handle_errors
def repair(
    file: EvaluationArgument,
    judgments: JudgmentsOption = None,
    method: MethodOption = None,
    ri: RiOption = None,
    cr_threshold: CrThresholdOption = None,
    fmt: Annotated[
        str | None,
        typer.Option(
            "--format",
            "-f",
            metavar="<text|json|markdown|xlsx>",
            help="Output format (default: text, or by the --output suffix).",
        ),
    ] = None,
    output: OutputOption = None,
    write: Annotated[
        Path | None,
        typer.Option(
            "--write",
            help=(
                "Write a repaired copy of the evaluation file (or of the --judgments file) "
                "here, only the changed judgments rewritten."
            ),
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output or --write file.")
    ] = False,
) -> None:
    """Find single-judgment changes that make every inconsistent matrix consistent.

    For each matrix with CR at or over the threshold, the change (one pair to another
    value of the 1/9..9 scale) that lowers CR most is made, then the next, until CR is
    under the threshold. The search is greedy: not guaranteed to find the fewest changes.
    Exits 0 when everything is consistent or was repaired, 1 when some matrix cannot be
    repaired by single changes, 2 on invalid input.
    """
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.ahp.repair_plan import repair_hierarchy
    from ahp_eval.io.atomic import write_atomic_with
    from ahp_eval.io.files import load_evaluation, write_atomic
    from ahp_eval.io.workbook import write_workbook
    from ahp_eval.report.render import binary_needs_output, workbook_tables
    from ahp_eval.report.repair_plain import REPAIR_FORMATS, render_repair

    options = OptionValues()
    how = options.weighing(method, ri, cr_threshold)
    chosen = options.choice("--format", fmt, (*REPAIR_FORMATS, "xlsx"))
    if chosen == "xlsx" and output is None:
        options.errors.append(binary_needs_output("--format", chosen))
    options.check()
    if write is not None and output is not None and write.absolute() == output.absolute():
        raise OptionError("--write", "names the same file as --output; choose two files")
    form = chosen or _by_suffix(output)
    evaluation = load_evaluation(file, judgments)
    result = repair_hierarchy(solve(evaluation, **how))
    text: str | Filler = (
        partial(write_workbook, workbook_tables("repair", result, 4, "zh"))
        if form == "xlsx"
        else render_repair(result, cast("RepairFormat", form))
    )
    files: list[tuple[Path, str | Filler]] = []
    if write is not None:
        from ahp_eval.io.yaml_edit import repaired_copy

        files.append((write, repaired_copy(result)[1]))
    if output is not None:
        files.append((output, text))
    elif isinstance(text, str):
        sys.stdout.write(text)
    new = [path for path, _ in files if not path.exists()]
    try:
        for path, content in files:
            if isinstance(content, str):
                write_atomic(path, content, force=force, inputs=(file, judgments))
            else:
                write_atomic_with(path, content, force=force, inputs=(file, judgments))
    except BaseException:
        for path in new:  # all or nothing: no copy without its report, nor the reverse
            path.unlink(missing_ok=True)
        raise
    for path, _ in files:
        echo_err(f"wrote {path}")
    if not result.repaired:
        raise typer.Exit(EXIT_INCONSISTENT)


def _by_suffix(output: Path | None) -> "RepairFormat | Literal['xlsx']":
    found = FORMAT_BY_SUFFIX.get(output.suffix.lower(), "text") if output else "text"
    if found == "xlsx":
        return "xlsx"
    return "json" if found == "json" else "markdown" if found == "markdown" else "text"

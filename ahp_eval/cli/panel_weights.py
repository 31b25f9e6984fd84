"""The weights a command works with: one evaluation's judgments, or a panel's aggregate
(``--panel``, the file's ``panel.file``, or two or more ``--judgments`` files)."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ahp_eval.cli.errors import echo_err
from ahp_eval.errors import OptionError

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.ahp.panel import Aggregate, PanelResult
    from ahp_eval.model.evaluation import Evaluation

__all__ = ["PanelChoice", "Weights", "aggregate_choice", "weights_of"]


class PanelChoice(NamedTuple):
    """The panel options of a command, as given."""

    panel: Path | None = None
    aggregate: Aggregate = "aij"
    exclude_inconsistent: bool = False
    drop_invalid: bool = False
    sheet: str | None = None
    encoding: str | None = None


class Weights(NamedTuple):
    """The evaluation, its weights (a panel's result when there is a panel), and every
    file read (so that no output replaces one)."""

    evaluation: Evaluation
    result: HierarchyResult | PanelResult
    inputs: tuple[Path | None, ...]


def aggregate_choice(value: str) -> Aggregate:
    """``--aggregate`` checked."""
    from ahp_eval.model.vocabulary import AGGREGATES

    for choice in AGGREGATES:
        if choice == value:
            return choice
    raise OptionError("--aggregate", f"unknown value {value!r}; choose {', '.join(AGGREGATES)}")


def weights_of(
    file: Path,
    judgments: Sequence[Path] | None,
    choice: PanelChoice,
    how: Any,
    evaluation: Evaluation | None = None,
) -> Weights:
    """Load the evaluation (unless it is given: loaded from ``file`` and the one
    ``judgments`` file) and weigh it (with its panel when there is one)."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation

    files = list(judgments or [])
    if len(files) >= 2 and choice.panel is not None:
        raise OptionError("--panel", "give either a panel export or several --judgments files")
    panel_options: Any = {
        "aggregate": choice.aggregate,
        "exclude_inconsistent": choice.exclude_inconsistent,
    }
    if len(files) >= 2:
        from ahp_eval.ahp.panel import weigh_panel
        from ahp_eval.io.panel_file import load_judges

        base, panel = load_judges(file, files)
        result = weigh_panel(base, panel, **panel_options, **how)
        return Weights(base, result, (file, *files))
    one = files[0] if files else None
    if evaluation is None:
        evaluation = load_evaluation(file, one, panel=choice.panel is not None)
    spec = evaluation.panel
    if one is not None or (choice.panel is None and (spec is None or spec.file is None)):
        # no panel to read (the readers and the aggregation are loaded only for one)
        return Weights(evaluation, solve(evaluation, **how), (file, one))
    from ahp_eval.ahp.panel import weigh_panel
    from ahp_eval.io.panel_file import panel_path, read_panel
    from ahp_eval.report.panel_text import left_out_lines

    path = panel_path(evaluation, choice.panel)
    assert path is not None  # a panel is given or named by the file
    panel = read_panel(
        evaluation,
        path,
        sheet=choice.sheet,
        encoding=choice.encoding,
        drop_invalid=choice.drop_invalid,
    )
    result = weigh_panel(evaluation, panel, **panel_options, **how)
    if choice.drop_invalid:
        echo_err(left_out_lines(result, dropped_only=True))
    return Weights(evaluation, result, (file, path))

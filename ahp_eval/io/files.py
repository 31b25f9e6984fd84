"""Loading evaluation files (and, from :mod:`ahp_eval.io.atomic`, writing outputs)."""

from __future__ import annotations

from pathlib import Path
from typing import Self

from ahp_eval.io.atomic import write_atomic
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation

__all__ = ["SkippedFile", "load_evaluation", "load_evaluation_if_any", "write_atomic"]


class SkippedFile(str):
    """A YAML file a folder scan skips: its path (as text), and why."""

    __slots__ = ("reason",)
    reason: str

    def __new__(cls, path: str, reason: str) -> Self:
        self = super().__new__(cls, path)
        self.reason = reason
        return self

    def __getnewargs__(self) -> tuple[str, str]:  # type: ignore[override]  # two, not str's one
        """What pickling needs to make it again (a folder's second process returns it)."""
        return (str(self), self.reason)


NOT_AN_EVALUATION = "YAML without a top-level 'goal'"
NO_JUDGMENTS = "an evaluation with neither judgments nor a panel"


def load_evaluation(
    path: str | Path, judgments: str | Path | None = None, *, panel: bool = False
) -> Evaluation:
    """Read, check and resolve an evaluation file (and a separate judgments file).
    With ``panel`` (a panel will give the judgments) a matrix may be left out.

    Raises :class:`~ahp_eval.errors.InputErrors` (or :class:`InputError` for a file
    that cannot be read or parsed) naming the path and line of every problem.
    """
    found = _load(path, judgments, only_evaluations=False, panel=panel)
    assert not isinstance(found, str)
    return found


def load_evaluation_if_any(
    path: str | Path, judgments: str | Path | None = None
) -> Evaluation | SkippedFile:
    """As :func:`load_evaluation`, for a YAML file found in a folder: a
    :class:`SkippedFile` when the file is some other YAML (no top-level ``goal``) or an
    evaluation with neither judgments nor a panel."""
    found = _load(path, judgments, only_evaluations=True)
    if isinstance(found, str):
        return SkippedFile(str(path), found)
    return found


def _load(
    path: str | Path, judgments: str | Path | None, *, only_evaluations: bool, panel: bool = False
) -> Evaluation | str:
    data, lines = load_yaml(path)
    if only_evaluations and not (isinstance(data, dict) and "goal" in data):
        return NOT_AN_EVALUATION
    if (
        only_evaluations
        and judgments is None
        and isinstance(data, dict)
        and not data.get("judgments")
        and "panel" not in data
        and not data.get("performance")
    ):
        parse_evaluation(data, path=str(path), lines=lines, panel=True)  # other problems
        return NO_JUDGMENTS
    if judgments is None:
        return parse_evaluation(data, path=str(path), lines=lines, panel=panel)
    jdata, jlines = load_yaml(judgments)
    return parse_evaluation(
        data,
        path=str(path),
        lines=lines,
        judgments_data=jdata,
        judgments_path=str(judgments),
        judgments_lines=jlines,
        panel=panel,
    )

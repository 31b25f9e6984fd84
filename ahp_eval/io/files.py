"""Loading evaluation files (and, from :mod:`ahp_eval.io.atomic`, writing outputs)."""

from __future__ import annotations

from pathlib import Path

from ahp_eval.io.atomic import write_atomic
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation

__all__ = ["load_evaluation", "load_evaluation_if_any", "write_atomic"]


def load_evaluation(path: str | Path, judgments: str | Path | None = None) -> Evaluation:
    """Read, check and resolve an evaluation file (and a separate judgments file).

    Raises :class:`~ahp_eval.errors.InputErrors` (or :class:`InputError` for a file
    that cannot be read or parsed) naming the path and line of every problem.
    """
    found = _load(path, judgments, only_evaluations=False)
    assert found is not None
    return found


def load_evaluation_if_any(
    path: str | Path, judgments: str | Path | None = None
) -> Evaluation | None:
    """As :func:`load_evaluation`, for a YAML file found in a folder: None when the file
    is some other YAML (no top-level ``goal``)."""
    return _load(path, judgments, only_evaluations=True)


def _load(
    path: str | Path, judgments: str | Path | None, *, only_evaluations: bool
) -> Evaluation | None:
    data, lines = load_yaml(path)
    if only_evaluations and not (isinstance(data, dict) and "goal" in data):
        return None
    if judgments is None:
        return parse_evaluation(data, path=str(path), lines=lines)
    jdata, jlines = load_yaml(judgments)
    return parse_evaluation(
        data,
        path=str(path),
        lines=lines,
        judgments_data=jdata,
        judgments_path=str(judgments),
        judgments_lines=jlines,
    )

"""Direct marks: a quality team's mark for each indicator of one site.

A marks file is YAML::

    site: 城东供电营业厅          # optional; the file name otherwise
    scale: {min: 0, max: 100}    # optional; the evaluation's survey.scale otherwise
    marks:
      C11: 92
      C12: 85

(a plain mapping of indicator id -> mark is accepted too).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from pathlib import Path
from typing import Any

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.lines import LineMap
from ahp_eval.model.readers import Fields, Problems, text
from ahp_eval.model.survey import Scale, read_survey
from ahp_eval.survey.responses import GroupData, ResponseSet

__all__ = ["ask_marks", "marks_to_responses", "read_marks"]


def marks_to_responses(
    marks: dict[str, float], evaluation: Evaluation, *, site: str, source: str, scale: Scale
) -> ResponseSet:
    """One respondent (the team), one group (the site)."""
    leaf_ids = tuple(leaf.id for leaf in evaluation.leaves())
    row = np.array([[marks[i] for i in leaf_ids]], dtype=np.float64)
    return ResponseSet(
        source=source,
        indicators=leaf_ids,
        groups=(GroupData(site, row),),
        n_rows=1,
        scale=scale,
    )


def read_marks(path: str | Path, evaluation: Evaluation) -> ResponseSet:
    """Read a marks file; every indicator needs a mark inside the scale."""
    name = str(path)
    data, lines = load_yaml(path)
    problems = Problems()
    if isinstance(data, dict) and "marks" in data:
        f = Fields(data, (), problems, ("site", "scale", "marks"))
        site = f.get("site", text, "") or Path(path).stem
        scale = (
            read_survey({"scale": data["scale"]}, (), problems).scale
            if "scale" in data
            else evaluation.survey.scale
        )
        raw = data.get("marks")
        prefix: tuple[str, ...] = ("marks",)
    else:
        site, scale, raw, prefix = Path(path).stem, evaluation.survey.scale, data, ()
    errors = [InputError(m, path=name, line=lines.line(loc)) for loc, m in problems.items]
    if not isinstance(raw, dict):
        errors.append(
            InputError(
                "a marks file maps indicator ids to marks", path=name, line=lines.line(prefix)
            )
        )
        raise InputErrors(errors)
    marks = _check_marks(raw, evaluation, scale, errors, name=name, lines=lines, prefix=prefix)
    if errors:
        raise InputErrors(errors)
    return marks_to_responses(marks, evaluation, site=site, source=name, scale=scale)


def _check_marks(
    raw: dict[Any, Any],
    evaluation: Evaluation,
    scale: Scale,
    errors: list[InputError],
    *,
    name: str,
    lines: LineMap,
    prefix: tuple[str, ...],
) -> dict[str, float]:
    leaves = {leaf.id for leaf in evaluation.leaves()}
    marks: dict[str, float] = {}
    for key, value in raw.items():
        line = lines.line((*prefix, key))
        if str(key) not in leaves:
            errors.append(
                InputError(f"{key!r} is not an indicator of this evaluation", path=name, line=line)
            )
            continue
        problem = check_mark(value, scale)
        if problem:
            errors.append(InputError(f"{key}: {problem}", path=name, line=line))
            continue
        marks[str(key)] = float(value)
    missing = [
        leaf.id
        for leaf in evaluation.leaves()
        if leaf.id not in marks and leaf.id not in {str(k) for k in raw}
    ]
    if missing:
        errors.append(
            InputError(f"no mark for {', '.join(missing)}", path=name, line=lines.line(prefix))
        )
    return marks


def check_mark(value: object, scale: Scale) -> str | None:
    """Why ``value`` is not a valid mark on ``scale``, or None."""
    if value is None:
        return "no mark given"
    if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
        return f"{value!r} is not a number"
    if not scale.min <= value <= scale.max:
        return f"{value:g} is outside the scale {scale.min:g}..{scale.max:g}"
    return None


def ask_marks(
    evaluation: Evaluation,
    scale: Scale,
    ask: Callable[[str], str],
    tell: Callable[[str], None],
) -> dict[str, float]:
    """Ask for each indicator's mark, with its name and criterion; re-ask on bad input."""
    leaves = evaluation.leaves()
    parent = {c.id: n for n in evaluation.goal.walk() for c in n.children}
    marks: dict[str, float] = {}
    for k, leaf in enumerate(leaves, start=1):
        crit = parent[leaf.id]
        prompt = (
            f"[{k}/{len(leaves)}] {crit.id} {crit.name} › {leaf.id} {leaf.name} "
            f"({scale.min:g}-{scale.max:g}): "
        )
        while True:
            answer = ask(prompt).strip()
            try:
                value: object = float(answer)
            except ValueError:
                value = answer
            problem = check_mark(value, scale)
            if problem is None:
                marks[leaf.id] = float(answer)
                break
            tell(f"  {problem}; please enter a number from {scale.min:g} to {scale.max:g}")
    return marks

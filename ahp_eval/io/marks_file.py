"""Reading a marks file (:class:`~ahp_eval.model.marks.MarksFile`), and asking for marks at
the terminal: a quality team's mark for each indicator of one site."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
from pydantic import ValidationError

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model._problems import Problems
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.marks import MarksFile, check_mark
from ahp_eval.model.survey import Scale
from ahp_eval.survey.responses import GroupData, ResponseSet

__all__ = ["ask_marks", "marks_to_responses", "read_marks", "read_sites"]


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
    problems = Problems(name, lines)
    site, scale, raw = Path(path).stem, evaluation.survey.scale, data
    prefix: tuple[str, ...] = ()
    if isinstance(data, dict) and "marks" in data:
        prefix = ("marks",)
        raw = data["marks"]
        try:
            head = MarksFile.model_validate(data)
        except ValidationError as exc:
            problems.take(exc)
        else:
            site = head.site or site
            scale = head.scale or scale
    if not isinstance(raw, dict):
        problems.say(prefix, "a marks file maps indicator ids to marks")
        raise InputErrors(problems.errors())
    marks = _check_marks(raw, evaluation, scale, problems, prefix)
    if problems:
        raise InputErrors(problems.errors())
    return marks_to_responses(marks, evaluation, site=site, source=name, scale=scale)


def _check_marks(
    raw: dict[Any, Any],
    evaluation: Evaluation,
    scale: Scale,
    problems: Problems,
    prefix: tuple[str, ...],
) -> dict[str, float]:
    leaves = {leaf.id for leaf in evaluation.leaves()}
    marks: dict[str, float] = {}
    for key, value in raw.items():
        loc = (*prefix, key)
        if str(key) not in leaves:
            problems.say(loc, f"{key!r} is not an indicator of this evaluation")
            continue
        problem = check_mark(value, scale)
        if problem:
            problems.say(loc, f"{key}: {problem}")
            continue
        marks[str(key)] = float(value)
    given = {str(k) for k in raw}
    missing = [leaf.id for leaf in evaluation.leaves() if leaf.id not in given]
    if missing:
        problems.say(prefix, f"no mark for {', '.join(missing)}")
    return marks


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


def read_sites(paths: Sequence[str | Path], evaluation: Evaluation) -> ResponseSet:
    """Several marks files, one site each (``site:``, or the file name), as the groups
    of one set of answers: scored and ranked like the groups of a survey. Every file's
    problems are reported at once; two files naming the same site, or marks on
    different scales, are errors."""
    errors: list[InputError] = []
    sites: list[ResponseSet] = []
    for path in paths:
        try:
            sites.append(read_marks(path, evaluation))
        except InputErrors as exc:
            errors.extend(exc.errors)
    seen: dict[str, str] = {}
    for one in sites:
        name = one.groups[0].name
        if name in seen:
            msg = f"site {name!r} is also the site of {seen[name]}; give each site one file"
            errors.append(InputError(msg, path=one.source))
        seen.setdefault(name, one.source)
    scales = {(s.scale.min, s.scale.max) for s in sites if s.scale is not None}
    if len(scales) > 1:
        first = sites[0]
        for one in sites[1:]:
            if one.scale != first.scale:
                assert one.scale is not None
                assert first.scale is not None
                msg = (
                    f"marks on the scale {one.scale.min:g}..{one.scale.max:g}, but "
                    f"{first.source} uses {first.scale.min:g}..{first.scale.max:g}; "
                    "mark every site on one scale"
                )
                errors.append(InputError(msg, path=one.source))
    if errors:
        raise InputErrors(errors)
    return ResponseSet(
        source=", ".join(s.source for s in sites),
        indicators=sites[0].indicators,
        groups=tuple(s.groups[0] for s in sites),
        n_rows=len(sites),
        scale=sites[0].scale,
    )

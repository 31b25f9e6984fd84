"""Records built directly in Python checked as a file is: the checks behind
``Judgment(...)`` and ``Evaluation(...)``.

:func:`~ahp_eval.model.evaluation.parse_evaluation` checks a file part by part and builds
its records through the trusted path (:meth:`~ahp_eval.model._base.Record.checked`), so
it pays for none of this. A record built by its constructor runs these checks: the
same judgment checks as the reader (:func:`~ahp_eval.model.judgments.build_matrix`:
size, positive finite entries, diagonal 1, reciprocity within the reader's tolerance,
the scale), and the same cross-checks (a matrix for every parent, none for an unknown
node or a leaf, ids used once). Problems are :class:`~ahp_eval.errors.InputError` naming
their place in the structure (``judgments.B1[1][0]: ...``), all at once.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Mapping, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
from pydantic import ValidationError

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model._problems import Loc, Problems, loc_text
from ahp_eval.model.judgments import BuiltMatrix, build_matrix, describe_entry, form_adapter

if TYPE_CHECKING:
    from ahp_eval.model.settings import Settings
    from ahp_eval.model.survey import Survey
    from ahp_eval.model.tree import Node

__all__ = ["check_matrix", "check_tree", "record_errors"]


def record_errors(exc: ValidationError, record: str) -> InputErrors:
    """A pydantic validation error of a record built directly, as input errors naming
    each field (``Judgment: line: ...``)."""
    problems = Problems()
    problems.take(exc)
    return InputErrors(InputError(f"{record}: {message}") for _, message in problems.items)


def check_matrix(
    matrix: Any, ids: Sequence[str] | None, scale_max: float, key: Loc
) -> tuple[BuiltMatrix | None, list[InputError]]:
    """A judgment matrix as the file reader checks a full matrix: a read-only float copy,
    or the problems found, each at ``key`` and its row and column.

    ``ids`` name the children (positions ``#1``, ``#2`` ... when not known);
    ``scale_max`` is ``settings.scale_max`` (infinite: the scale is checked later).
    """
    rows = matrix.tolist() if isinstance(matrix, np.ndarray) else matrix
    if isinstance(rows, list | tuple):  # NaN, like null in a file, is a pair not compared
        rows = [
            [None if isinstance(x, float) and math.isnan(x) else x for x in row]
            if isinstance(row, list | tuple)
            else row
            for row in rows
        ]
    n = len(rows) if isinstance(rows, list | tuple) else 0
    names = list(ids) if ids is not None else [f"#{i + 1}" for i in range(n)]
    problems = Problems()
    try:
        form = form_adapter().validate_python(rows)
    except ValidationError as exc:
        shown = loc_text(key)

        def words(inner: Loc) -> str:
            return f"{shown}: {describe_entry(inner, names)}"

        problems.take(exc, key, words)
        return None, [InputError(message) for _, message in problems.items]
    if not isinstance(form, tuple) or not form:
        return None, [InputError(f"{loc_text(key)}: a judgment matrix is a list of rows")]
    built = build_matrix(form, names, scale_max, key, lambda _: 0)
    errors = [InputError(f"{loc_text(where)}: {message}") for where, message in built.problems]
    return (built if not errors and built.matrix is not None else None), errors


def check_tree(
    goal: Node,
    judgments: Mapping[str, Any],
    settings: Settings,
    survey: Survey,
) -> tuple[list[InputError], dict[str, BuiltMatrix]]:
    """The cross-checks of an evaluation built directly, and the checked matrices of its
    judgments by node id (those that passed)."""
    errors: list[InputError] = []
    nodes: dict[str, Node] = {}
    for node in goal.walk():
        if node.id in nodes:
            errors.append(InputError(f"goal: id {node.id!r} is used twice"))
        nodes[node.id] = node
        if node.criteria and node.indicators:
            errors.append(
                InputError(f"goal: node {node.id!r} has both criteria and indicators; give one")
            )
    matrices: dict[str, BuiltMatrix] = {}
    for key, judgment in judgments.items():
        at: tuple[Hashable, ...] = ("judgments", key)
        parent = nodes.get(key)
        if parent is None:
            errors.append(InputError(f"{loc_text(at)}: judgments given for unknown node {key!r}"))
            continue
        if parent.is_leaf:
            errors.append(
                InputError(f"{loc_text(at)}: judgments given for {key!r}, which has no children")
            )
            continue
        if judgment.node_id != key:
            errors.append(
                InputError(f"{loc_text(at)}: the judgment is for node {judgment.node_id!r}")
            )
        ids = [c.id for c in parent.children]
        built, problems = check_matrix(judgment.matrix, ids, settings.scale_max, at)
        errors += problems
        if built is not None:
            matrices[key] = built
    for node in nodes.values():
        n = len(node.children)
        if n >= 2 and node.id not in judgments:
            kids = ", ".join(c.id for c in node.children)
            errors.append(
                InputError(f"judgments: no judgment matrix for {node.id!r} ({n} children: {kids})")
            )
    for i, question in enumerate(survey.questions):
        target = nodes.get(question.indicator)
        if target is None or not target.is_leaf or target is goal:
            what = "unknown" if target is None else "not an indicator (it has children)"
            errors.append(
                InputError(f"survey.questions[{i}]: indicator {question.indicator!r} is {what}")
            )
    return errors, matrices


INFINITE_SCALE = math.inf
"""No scale check (a judgment on its own does not know ``settings.scale_max``)."""

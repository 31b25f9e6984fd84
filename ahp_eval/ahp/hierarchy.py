"""Solving a hierarchy: local weights, global weights, total ranking, total CR.

Total ranking (层次总排序): the global weight of a node is the product of the
local weights along its path from the goal; leaves are ranked by it.

Total consistency (层次总排序一致性, Saaty 1980; 许树柏 1988), level by level,
where the matrices of level k are those of the parents at depth k - 1 and
``a_j`` is the global weight of parent j::

    CR_k = sum_j a_j CI_j / sum_j a_j RI_j          (the standard form, tested)
    CR_cum_k = CR_cum_(k-1) + CR_k,  CR_cum_1 = CR_1  (the cumulative form)

Every level's ``CR_k`` must be below the threshold; ``total`` reports the
bottom level. The cumulative form is reported because much of the literature
quotes it, but it is not the one tested.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.ahp.matrix import (
    FloatArray,
    Method,
    implied_judgment,
    inconsistent_judgments,
    nearest_scale_value,
    solve_stack,
)
from ahp_eval.ahp.ri import RITable, get_ri_table
from ahp_eval.errors import InputError, InputErrors, NotFoundError
from ahp_eval.model.evaluation import Evaluation, Judgment, Node
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.settings import check_setting

__all__ = [
    "HierarchyResult",
    "LeafRank",
    "LevelConsistency",
    "MatrixResult",
    "Suggestion",
    "solve",
    "solve_many",
]


class Suggestion(NamedTuple):
    """A judgment that contributes much to a matrix's inconsistency."""

    row: str
    col: str
    value: float
    deviation: float
    implied: float
    suggested: float
    line: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "pair": [self.row, self.col],
            "value": self.value,
            "deviation": self.deviation,
            "implied": self.implied,
            "suggested": self.suggested,
            "line": self.line,
        }


class MatrixResult(NamedTuple):
    """One judgment matrix solved: the local weights of a parent's children."""

    node: Node
    judgment: Judgment
    weights: Mapping[str, float]
    lambda_max: float
    ci: float
    ri: float
    cr: float
    consistent: bool
    global_weight: float
    suggestions: tuple[Suggestion, ...] = ()

    @property
    def id(self) -> str:
        return self.node.id

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.node.id,
            "name": self.node.name,
            "name_en": self.node.name_en,
            "level": self.node.level,
            "children": [c.id for c in self.node.children],
            "weights": dict(self.weights),
            "global_weight": self.global_weight,
            "n": len(self.node.children),
            "lambda_max": self.lambda_max,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "consistent": self.consistent,
            "note": self.judgment.note,
            "file": self.judgment.path,
            "line": self.judgment.line,
            "suggestions": [s.to_dict() for s in self.suggestions],
        }


class LeafRank(NamedTuple):
    """A leaf in the total ranking."""

    node: Node
    parent: Node
    local_weight: float
    parent_weight: float
    global_weight: float
    rank: int

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.node.id,
            "name": self.node.name,
            "name_en": self.node.name_en,
            "parent": self.parent.id,
            "local_weight": self.local_weight,
            "parent_weight": self.parent_weight,
            "global_weight": self.global_weight,
            "rank": self.rank,
        }


class LevelConsistency(NamedTuple):
    """Total consistency of one level of matrices."""

    level: int
    ci: float
    ri: float
    cr: float
    cr_cumulative: float
    consistent: bool

    def to_dict(self) -> dict[str, Any]:
        return {
            "level": self.level,
            "ci": self.ci,
            "ri": self.ri,
            "cr": self.cr,
            "cr_cumulative": self.cr_cumulative,
            "consistent": self.consistent,
        }


class HierarchyResult(NamedTuple):
    """Everything ``ahp-eval weigh`` reports about one evaluation."""

    evaluation: Evaluation
    method: Method
    ri_table: RITable
    cr_threshold: float
    matrices: tuple[MatrixResult, ...]
    global_weights: Mapping[str, float]
    ranking: tuple[LeafRank, ...]
    levels: tuple[LevelConsistency, ...]
    total: LevelConsistency
    node_weights: Mapping[str, float]

    @property
    def consistent(self) -> bool:
        """Every matrix and every level's total CR pass the threshold."""
        return all(m.consistent for m in self.matrices) and all(lv.consistent for lv in self.levels)

    def matrix(self, node_id: str) -> MatrixResult:
        for m in self.matrices:
            if m.node.id == node_id:
                return m
        known = ", ".join(m.node.id for m in self.matrices)
        msg = f"no judgment matrix for node {node_id!r}; nodes with one: {known}"
        raise NotFoundError(msg)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract of ``ahp-eval weigh --format json``."""
        ev = self.evaluation
        return {
            "format": "ahp-eval/weigh",
            "format_version": 1,
            "file": ev.path,
            "judgments_file": ev.judgments_path,
            "judge": ev.judge,
            "name": ev.name,
            "goal": {"id": ev.goal.id, "name": ev.goal.name, "name_en": ev.goal.name_en},
            "illustrative": ev.settings.illustrative,
            "method": self.method,
            "ri_table": self.ri_table.key,
            "ri_table_name": self.ri_table.name,
            "cr_threshold": self.cr_threshold,
            "consistent": self.consistent,
            "nodes": [m.to_dict() for m in self.matrices],
            "global_weights": dict(self.global_weights),
            "ranking": [r.node.id for r in self.ranking],
            "leaves": [r.to_dict() for r in self.ranking],
            "levels": [lv.to_dict() for lv in self.levels],
            "total": {
                "ci": self.total.ci,
                "ri": self.total.ri,
                "cr": self.total.cr,
                "cr_cumulative": self.total.cr_cumulative,
                "consistent": self.total.consistent,
                "tested": "cr",
            },
        }


def _suggestions(judgment: Judgment, node: Node, weights: np.ndarray[Any, Any]) -> list[Suggestion]:
    A = judgment.matrix
    out = []
    for i, j, dev in inconsistent_judgments(A, weights, count=3):
        implied = implied_judgment(A, i, j)
        out.append(
            Suggestion(
                row=node.children[i].id,
                col=node.children[j].id,
                value=float(A[i, j]),
                deviation=dev,
                implied=implied,
                suggested=nearest_scale_value(implied),
                line=judgment.entry_line(i, j),
            )
        )
    return out


Solved = dict[str, tuple[FloatArray, float, float, float, float]]
"""Node id -> (local weights, lambda_max, CI, RI, CR)."""


def _resolve_settings(
    evaluation: Evaluation,
    method: Method | None,
    ri: str | Sequence[float] | RITable | None,
    cr_threshold: float | None,
) -> tuple[Method, RITable, float]:
    settings = evaluation.settings
    use_method: Method = _argument("method", method) if method is not None else settings.method
    if ri is not None and not isinstance(ri, RITable):
        ri = _argument("ri", ri)
    table = ri if isinstance(ri, RITable) else get_ri_table(ri if ri is not None else settings.ri)
    threshold = (
        _argument("cr_threshold", cr_threshold)
        if cr_threshold is not None
        else settings.cr_threshold
    )
    return use_method, table, threshold


def _argument(name: str, value: Any) -> Any:
    """A ``method=``, ``ri=`` or ``cr_threshold=`` argument checked as the same setting
    in a file is."""
    try:
        return check_setting(name, value)
    except InputError as exc:
        raise InputError(f"{name}={value!r}: {exc.message}") from None


def solve_many(
    evaluations: Sequence[Evaluation],
    *,
    method: Method | None = None,
    ri: str | Sequence[float] | RITable | None = None,
    cr_threshold: float | None = None,
) -> list[HierarchyResult | InputErrors]:
    """Solve many evaluations, every matrix of one order (and method, RI table) in one stack.

    Returns, per evaluation, its result or the errors that stop it (a matrix larger
    than the RI table). ``method``, ``ri`` and ``cr_threshold`` override the files' settings.
    """
    params = [_resolve_settings(ev, method, ri, cr_threshold) for ev in evaluations]
    groups: dict[tuple[Method, RITable, int], list[tuple[int, Node]]] = defaultdict(list)
    for k, ev in enumerate(evaluations):
        use_method, table, _ = params[k]
        for node in ev.parents():
            groups[(use_method, table, len(node.children))].append((k, node))
    solved: list[Solved] = [{} for _ in evaluations]
    errors: list[list[InputError]] = [[] for _ in evaluations]
    for (use_method, table, _), members in groups.items():
        stack = np.stack([evaluations[k].judgments[node.id].matrix for k, node in members])
        try:
            res = solve_stack(stack, use_method, table)
        except InputError as exc:
            for k, node in members:
                j = evaluations[k].judgments[node.id]
                errors[k].append(InputError(f"{node.id}: {exc.message}", path=j.path, line=j.line))
            continue
        lam, ci, cr = res.lambda_max.tolist(), res.ci.tolist(), res.cr.tolist()
        for row, (k, node) in enumerate(members):
            solved[k][node.id] = (res.weights[row], lam[row], ci[row], res.ri, cr[row])
    return [
        InputErrors(errors[k]) if errors[k] else _compose(ev, solved[k], *params[k])
        for k, ev in enumerate(evaluations)
    ]


def solve(
    evaluation: Evaluation,
    *,
    method: Method | None = None,
    ri: str | Sequence[float] | RITable | None = None,
    cr_threshold: float | None = None,
) -> HierarchyResult:
    """Solve every matrix (batched by order), compose global weights and total CR.

    ``method``, ``ri`` and ``cr_threshold`` override the file's settings.
    """
    (result,) = solve_many([evaluation], method=method, ri=ri, cr_threshold=cr_threshold)
    if isinstance(result, InputErrors):
        raise result
    return result


def _compose(
    evaluation: Evaluation,
    solved: Solved,
    use_method: Method,
    table: RITable,
    threshold: float,
) -> HierarchyResult:
    parents = evaluation.parents()
    node_weight: dict[str, float] = {evaluation.goal.id: 1.0}
    matrices: list[MatrixResult] = []
    leaf_rows: list[tuple[Node, Node, float, float]] = []
    for node in parents:  # top-down, so a parent's global weight is known
        w, lam, ci, ri_n, cr = solved[node.id]
        a = node_weight[node.id]
        local = {c.id: float(w[i]) for i, c in enumerate(node.children)}
        for c in node.children:
            node_weight[c.id] = a * local[c.id]
            if c.is_leaf:
                leaf_rows.append((c, node, local[c.id], a))
        consistent = cr < threshold
        judgment = evaluation.judgments[node.id]
        suggestions = (
            tuple(_suggestions(judgment, node, w)) if not consistent and len(w) >= 3 else ()
        )
        matrices.append(
            MatrixResult(
                node=node,
                judgment=judgment,
                weights=FrozenDict(local),
                lambda_max=lam,
                ci=ci,
                ri=ri_n,
                cr=cr,
                consistent=consistent,
                global_weight=a,
                suggestions=suggestions,
            )
        )

    order = sorted(range(len(leaf_rows)), key=lambda k: -node_weight[leaf_rows[k][0].id])
    ranking = tuple(
        LeafRank(
            node=leaf_rows[k][0],
            parent=leaf_rows[k][1],
            local_weight=leaf_rows[k][2],
            parent_weight=leaf_rows[k][3],
            global_weight=node_weight[leaf_rows[k][0].id],
            rank=r + 1,
        )
        for r, k in enumerate(order)
    )
    levels = _level_consistency(matrices, threshold)
    global_weights = {leaf.id: node_weight[leaf.id] for leaf in evaluation.leaves()}
    return HierarchyResult(
        evaluation=evaluation,
        method=use_method,
        ri_table=table,
        cr_threshold=threshold,
        matrices=tuple(matrices),
        global_weights=FrozenDict(global_weights),
        ranking=ranking,
        levels=levels,
        total=levels[-1],
        node_weights=FrozenDict(node_weight),
    )


def _level_consistency(
    matrices: list[MatrixResult], threshold: float
) -> tuple[LevelConsistency, ...]:
    """CR_k = sum a_j CI_j / sum a_j RI_j per level, and its running sum."""
    by_level: dict[int, list[MatrixResult]] = defaultdict(list)
    for m in matrices:
        by_level[m.node.level + 1].append(m)
    out: list[LevelConsistency] = []
    cumulative = 0.0
    for level in sorted(by_level):
        ms = by_level[level]
        ci = sum(m.global_weight * m.ci for m in ms)
        ri = sum(m.global_weight * m.ri for m in ms)
        cr = ci / ri if ri > 0 else 0.0
        cumulative += cr
        out.append(
            LevelConsistency(
                level=level,
                ci=ci,
                ri=ri,
                cr=cr,
                cr_cumulative=cumulative,
                consistent=cr < threshold,
            )
        )
    return tuple(out)

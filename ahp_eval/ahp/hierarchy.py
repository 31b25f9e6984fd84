"""Solving a hierarchy: local weights, global weights, total ranking, total CR.

Total ranking (层次总排序): the global weight of a node is the product of the
local weights along its path from the goal; leaves are ranked by it.

Total consistency (层次总排序一致性, Saaty 1980; 许树柏 1988), level by level,
where the matrices of level k are those of the parents at depth k - 1 and
``a_j`` is the global weight of parent j::

    CR_k = sum_j a_j CI_j / sum_j a_j RI_j          (the standard form, tested)
    CR_cum_k = CR_cum_(k-1) + CR_k,  CR_cum_1 = CR_1  (the cumulative form)

Every level's ``CR_k`` must be below the threshold; level 1 is the goal's own matrix,
so it passes exactly when that matrix passes its own test (for an incomplete matrix
GCI*, see :func:`ahp_eval.ahp.repair.matrix_test`); deeper levels use each matrix's CI,
the completed CI for an incomplete one. ``total`` reports the
bottom level. The cumulative form is reported because much of the literature
quotes it, but it is not the one tested.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

import numpy as np

from ahp_eval.ahp.alternatives import (
    COMPLETED_CR_LABEL,
    AlternativesResult,
    MatrixVerdict,
    leaf_matrices,
    synthesize,
    verdict_dict,
)
from ahp_eval.ahp.incomplete import IncompleteResult, solve_incomplete_stack
from ahp_eval.ahp.matrix import (
    FloatArray,
    Method,
    implied_judgment,
    inconsistent_judgments,
    nearest_scale_value,
    solve_stack,
)
from ahp_eval.ahp.repair import (
    ConsistencyTest,
    MatrixMethod,
    RepairStep,
    best_changes,
    matrix_test,
    matrix_test_of,
)
from ahp_eval.ahp.ri import RITable, get_ri_table
from ahp_eval.errors import InputError, InputErrors, NotFoundError
from ahp_eval.model.evaluation import Evaluation, Judgment, Node
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.settings import check_setting
from ahp_eval.model.vocabulary import Synthesis

if TYPE_CHECKING:
    from ahp_eval.ahp.frames import HierarchyTable

__all__ = [
    "COMPLETED_CR_LABEL",
    "ConsistencyTest",
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
    method: MatrixMethod = "root"
    missing: tuple[tuple[str, str], ...] = ()
    gci: float | None = None
    gci_threshold: float | None = None
    test: ConsistencyTest = "cr"
    repair: tuple[RepairStep, ...] = ()
    """The three best single changes (:mod:`ahp_eval.ahp.repair`), for an inconsistent
    matrix of three or more children."""

    @property
    def id(self) -> str:
        return self.node.id

    def __repr__(self) -> str:
        return (
            f"MatrixResult(id={self.node.id!r}, n={len(self.node.children)}, "
            f"method={self.method!r}, cr={self.cr:.4f}, consistent={self.consistent})"
        )

    @property
    def cr_label(self) -> str | None:
        """``completed (lenient)`` for an incomplete matrix, None otherwise."""
        return COMPLETED_CR_LABEL if self.missing else None

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
            **verdict_dict(self, self.judgment),
        }


class LeafRank(NamedTuple):
    """A leaf in the total ranking."""

    node: Node
    parent: Node
    local_weight: float
    parent_weight: float
    global_weight: float
    rank: int

    def __repr__(self) -> str:
        return (
            f"LeafRank(id={self.node.id!r}, parent={self.parent.id!r}, "
            f"global_weight={self.global_weight:.6g}, rank={self.rank})"
        )

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
    alternatives: AlternativesResult | None = None
    """The alternatives under every leaf, when the file has any."""

    @property
    def consistent(self) -> bool:
        """Every matrix (the alternatives' too) and every level's total CR pass the threshold."""
        return (
            all(m.consistent for m in self.matrices)
            and all(lv.consistent for lv in self.levels)
            and (self.alternatives is None or self.alternatives.consistent)
        )

    def to_frame(self, table: HierarchyTable = "ranking") -> Any:
        """The result as a pandas DataFrame (pandas is needed only here): ``ranking``
        (leaves, heaviest first), ``weights`` (every node), ``matrices`` (each matrix's
        consistency) or ``alternatives``."""
        from ahp_eval.ahp.frames import hierarchy_frame

        return hierarchy_frame(self, table)

    def __repr__(self) -> str:
        top = self.ranking[0].node.id if self.ranking else None
        return (
            f"HierarchyResult(evaluation={self.evaluation.path or self.evaluation.goal.id!r}, "
            f"method={self.method!r}, ri={self.ri_table.key!r}, matrices={len(self.matrices)}, "
            f"leaves={len(self.ranking)}, top={top!r}, total_cr={self.total.cr:.4f}, "
            f"consistent={self.consistent})"
        )

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
            **(self.alternatives.to_dict() if self.alternatives is not None else {}),
        }


def _suggestions(
    judgment: Judgment, ids: Sequence[str], weights: np.ndarray[Any, Any], A: FloatArray
) -> list[Suggestion]:
    """The three given judgments that deviate most; ``A`` is the matrix solved (the
    completed one for an incomplete matrix, whose filled entries are never named)."""
    out = []
    given = judgment.given_mask()
    ranked = [
        (i, j, dev)
        for i, j, dev in inconsistent_judgments(A, weights, count=A.shape[0] ** 2)
        if given[i, j]
    ]
    for i, j, dev in ranked[:3]:
        implied = implied_judgment(A, i, j)
        out.append(
            Suggestion(
                row=ids[i],
                col=ids[j],
                value=float(A[i, j]),
                deviation=dev,
                implied=implied,
                suggested=nearest_scale_value(implied),
                line=judgment.entry_line(i, j),
            )
        )
    return out


class _Local(NamedTuple):
    """One matrix solved: local weights, lambda_max, CI, RI, CR; for an incomplete
    matrix also the completed matrix, GCI* (NaN when not measurable) and the pairs
    given."""

    weights: FloatArray
    lambda_max: float
    ci: float
    ri: float
    cr: float
    completed: FloatArray | None = None
    gci: float = math.nan
    pairs_given: int = 0


Solved = dict[str, _Local]
"""Node id -> the matrix solved."""


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
    synthesis: Synthesis | None = None,
) -> list[HierarchyResult | InputErrors]:
    """Solve many evaluations, every matrix of one order (and method, RI table) in one stack.

    The alternatives' matrices under the leaves are stacked with the others. Returns,
    per evaluation, its result or the errors that stop it (a matrix larger than the RI
    table). ``method``, ``ri``, ``cr_threshold`` and ``synthesis`` override the files'
    settings.
    """
    params = [_resolve_settings(ev, method, ri, cr_threshold) for ev in evaluations]
    groups: dict[tuple[MatrixMethod, RITable, int], list[tuple[int, str, Judgment]]] = defaultdict(
        list
    )
    errors: list[list[InputError]] = [_unjudged(ev) for ev in evaluations]
    for k, ev in enumerate(evaluations):
        use_method, table, _ = params[k]
        if errors[k]:
            continue
        keyed = [(node.id, ev.judgments[node.id]) for node in ev.parents()]
        for key, judgment in [*keyed, *leaf_matrices(ev)]:
            how: MatrixMethod = use_method if judgment.complete else "llsm"
            groups[(how, table, judgment.n)].append((k, key, judgment))
    solved: list[Solved] = [{} for _ in evaluations]
    for (how, table, _), members in groups.items():
        judgments = [j for _, _, j in members]
        stack = np.stack([j.matrix for j in judgments])
        try:
            if how == "llsm":
                given = np.stack([j.given_mask() for j in judgments])
                inc = solve_incomplete_stack(stack, given, table)
                rows = _incomplete_rows(inc)
            else:
                res = solve_stack(stack, how, table)
                rows = _complete_rows(res.weights, res.lambda_max, res.ci, res.ri, res.cr)
        except InputError as exc:
            for k, key, j in members:
                errors[k].append(InputError(f"{key}: {exc.message}", path=j.path, line=j.line))
            continue
        for row, (k, key, _) in zip(rows, members, strict=True):
            solved[k][key] = row
    return [
        InputErrors(errors[k])
        if errors[k]
        else _compose(ev, solved[k], *params[k], synthesis=synthesis or ev.settings.synthesis)
        for k, ev in enumerate(evaluations)
    ]


def _complete_rows(
    weights: FloatArray, lam: FloatArray, ci: FloatArray, ri: float, cr: FloatArray
) -> list[_Local]:
    return [
        _Local(weights[row], lam_k, ci_k, ri, cr_k)
        for row, (lam_k, ci_k, cr_k) in enumerate(
            zip(lam.tolist(), ci.tolist(), cr.tolist(), strict=True)
        )
    ]


def _incomplete_rows(inc: IncompleteResult) -> list[_Local]:
    return [
        _Local(
            inc.weights[row],
            lam_k,
            ci_k,
            inc.ri,
            cr_k,
            inc.completed[row],
            gci_k,
            pairs,
        )
        for row, (lam_k, ci_k, cr_k, gci_k, pairs) in enumerate(
            zip(
                inc.lambda_max.tolist(),
                inc.ci.tolist(),
                inc.cr.tolist(),
                inc.gci.tolist(),
                inc.pairs_given.tolist(),
                strict=True,
            )
        )
    ]


def _verdict(
    local: _Local,
    judgment: Judgment,
    ids: Sequence[str],
    *,
    use_method: Method,
    table: RITable,
    threshold: float,
) -> MatrixVerdict:
    """A solved matrix judged by its own test (:func:`ahp_eval.ahp.repair.matrix_test`),
    with its hints when it fails: the best single changes by the same test, and the
    judgments that deviate most."""
    test = matrix_test(judgment.given, use_method, table, threshold)
    consistent = test.passes(local.cr, local.gci)
    gci = None if test.name in ("cr", "none") else local.gci
    limit = test.threshold if test.name == "gci" else None
    failing = not consistent and len(ids) >= 3
    solved_matrix = judgment.matrix if local.completed is None else local.completed
    return MatrixVerdict(
        test=test.name,
        consistent=consistent,
        method=use_method if local.completed is None else "llsm",
        gci=gci,
        gci_threshold=limit,
        suggestions=(
            tuple(_suggestions(judgment, ids, local.weights, solved_matrix)) if failing else ()
        ),
        repair=best_changes(judgment, ids, use_method, table, threshold) if failing else (),
    )


def solve(
    evaluation: Evaluation,
    *,
    method: Method | None = None,
    ri: str | Sequence[float] | RITable | None = None,
    cr_threshold: float | None = None,
    synthesis: Synthesis | None = None,
) -> HierarchyResult:
    """Solve every matrix (batched by order), compose global weights and total CR, and
    synthesise the alternatives' priorities when the file has alternatives.

    ``method``, ``ri``, ``cr_threshold`` and ``synthesis`` override the file's settings.
    """
    (result,) = solve_many(
        [evaluation], method=method, ri=ri, cr_threshold=cr_threshold, synthesis=synthesis
    )
    if isinstance(result, InputErrors):
        raise result
    return result


def _compose(
    evaluation: Evaluation,
    solved: Solved,
    use_method: Method,
    table: RITable,
    threshold: float,
    *,
    synthesis: Synthesis = "distributive",
) -> HierarchyResult:
    parents = evaluation.parents()
    node_weight: dict[str, float] = {evaluation.goal.id: 1.0}
    matrices: list[MatrixResult] = []
    leaf_rows: list[tuple[Node, Node, float, float]] = []
    for node in parents:  # top-down, so a parent's global weight is known
        local = solved[node.id]
        w = local.weights
        a = node_weight[node.id]
        weights = {c.id: float(w[i]) for i, c in enumerate(node.children)}
        for c in node.children:
            node_weight[c.id] = a * weights[c.id]
            if c.is_leaf:
                leaf_rows.append((c, node, weights[c.id], a))
        judgment = evaluation.judgments[node.id]
        verdict = _verdict(
            local,
            judgment,
            [c.id for c in node.children],
            use_method=use_method,
            table=table,
            threshold=threshold,
        )
        matrices.append(
            MatrixResult(
                node=node,
                judgment=judgment,
                weights=FrozenDict(weights),
                lambda_max=local.lambda_max,
                ci=local.ci,
                ri=local.ri,
                cr=local.cr,
                consistent=verdict.consistent,
                global_weight=a,
                suggestions=verdict.suggestions,
                method=verdict.method,
                missing=judgment.missing,
                gci=verdict.gci,
                gci_threshold=verdict.gci_threshold,
                test=verdict.test,
                repair=verdict.repair,
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
    alternatives = None
    if evaluation.alternatives:
        alternatives = synthesize(
            evaluation,
            solved,
            node_weight,
            threshold=threshold,
            synthesis=synthesis,
            judge=lambda key, judgment, ids: _verdict(
                solved[key], judgment, ids, use_method=use_method, table=table, threshold=threshold
            ),
        )
        if alternatives.matrices:
            levels = (*levels, _alternatives_level(evaluation, alternatives, levels[-1], threshold))
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
        alternatives=alternatives,
    )


def _alternatives_level(
    evaluation: Evaluation,
    alternatives: AlternativesResult,
    above: LevelConsistency,
    threshold: float,
) -> LevelConsistency:
    """The alternatives as the hierarchy's next level: a_j is the global weight of leaf j."""
    cr = alternatives.ci / alternatives.ri if alternatives.ri > 0 else 0.0
    return LevelConsistency(
        level=max(leaf.level for leaf in evaluation.leaves()) + 1,
        ci=alternatives.ci,
        ri=alternatives.ri,
        cr=cr,
        cr_cumulative=above.cr_cumulative + cr,
        consistent=cr < threshold,
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
        # level 1 is the goal's matrix itself: it passes by that matrix's own test (GCI*
        # for an incomplete one); deeper levels test CR_k with the completed CI
        consistent = ms[0].consistent if level == 1 and len(ms) == 1 else cr < threshold
        out.append(
            LevelConsistency(
                level=level,
                ci=ci,
                ri=ri,
                cr=cr,
                cr_cumulative=cumulative,
                consistent=consistent,
            )
        )
    return tuple(out)


# Panels (ahp_eval.ahp.panel): a judge's consistency test, and a hierarchy solved with
# some local weight vectors given (the aggregation of individual priorities).


def judge_passes(
    cr: float, gci: float, pairs_given: int, n: int, threshold: float, *, complete: bool
) -> bool:
    """Whether one judge's matrix passes the test a matrix of the file would face (CR;
    for an incomplete matrix GCI*, the completed CR, or nothing for a spanning tree)."""
    if complete:
        return cr < threshold
    return matrix_test_of(n, pairs_given, get_ri_table("saaty"), threshold).passes(cr, gci)


def solve_with_weights(
    evaluation: Evaluation,
    weights: Mapping[str, FloatArray],
    *,
    method: Method | None = None,
    ri: str | Sequence[float] | RITable | None = None,
    cr_threshold: float | None = None,
    synthesis: Synthesis | None = None,
) -> HierarchyResult:
    """As :func:`solve`, with the local weights of the matrices named in ``weights``
    (node or leaf id -> vector) replaced; their lambda_max, CI and CR stay those of the
    matrix."""
    use_method, table, threshold = _resolve_settings(evaluation, method, ri, cr_threshold)
    solved: Solved = {}
    keyed = [(node.id, evaluation.judgments[node.id]) for node in evaluation.parents()]
    for key, judgment in [*keyed, *leaf_matrices(evaluation)]:
        try:
            if judgment.complete:
                res = solve_stack(judgment.matrix[None], use_method, table)
                (row,) = _complete_rows(res.weights, res.lambda_max, res.ci, res.ri, res.cr)
            else:
                given = judgment.given_mask()[None]
                (row,) = _incomplete_rows(
                    solve_incomplete_stack(judgment.matrix[None], given, table)
                )
        except InputError as exc:
            raise InputError(
                f"{key}: {exc.message}", path=judgment.path, line=judgment.line
            ) from None
        if key in weights:
            row = row._replace(weights=np.asarray(weights[key], dtype=np.float64))
        solved[key] = row
    return _compose(
        evaluation,
        solved,
        use_method,
        table,
        threshold,
        synthesis=synthesis or evaluation.settings.synthesis,
    )


def _unjudged(evaluation: Evaluation) -> list[InputError]:
    """A matrix left to a panel (``panel:``) that no judgments give: it needs the panel."""
    return [
        InputError(
            f"no judgment matrix for {node.id!r}: weigh this evaluation with its panel "
            "(--panel, or ahp_eval.weigh_panel)",
            path=evaluation.path,
            line=node.line,
        )
        for node in evaluation.parents()
        if node.id not in evaluation.judgments
    ]

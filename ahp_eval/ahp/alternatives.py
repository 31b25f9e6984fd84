"""Alternatives (classic AHP): their priorities under every leaf, and the synthesis.

Under leaf j the alternatives get a local priority vector ``v_j``: from a pairwise
matrix, the evaluation's method (solved in the same stacks as the hierarchy's
matrices); from a performance table, the scores ``x_ij`` (``1/x_ij`` for a cost leaf)
divided by their sum. With ``w_j`` the global weight of leaf j:

* distributive synthesis: ``P_i = sum_j w_j v_ij`` (sums to 1 by construction);
* ideal synthesis (Belton and Gear 1983): each leaf's vector divided by its largest
  entry, ``u_ij = v_ij / max_k v_kj`` (a performance leaf: ``x_ij / max_k x_kj``), then
  ``P_i = sum_j w_j u_ij / sum_i sum_j w_j u_ij`` (renormalised to 1).

Consistency: every alternatives matrix is tested like any other matrix, by
:func:`ahp_eval.ahp.repair.matrix_test` (CR against the threshold; an incomplete one,
solved by LLSM, by GCI* or its completed CR), and has the same hints (the best single
changes by that test). The alternatives form the next level of the hierarchy's total
consistency (Saaty 1980): ``CR = sum_j w_j CI_j / sum_j w_j RI_j`` over the leaves
compared pairwise (a performance table has no CI or RI and does not enter it).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple, Protocol

import numpy as np

from ahp_eval.ahp.repair import ConsistencyTest, MatrixMethod, RepairStep
from ahp_eval.model.alternatives import Alternative, Performance
from ahp_eval.model.evaluation import Evaluation, Judgment, Node
from ahp_eval.model.vocabulary import FloatArray, Synthesis

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import Suggestion

__all__ = [
    "AlternativeLeaf",
    "AlternativeRank",
    "AlternativesResult",
    "MatrixVerdict",
    "leaf_matrices",
    "local_scores",
    "synthesize",
]


class MatrixVerdict(NamedTuple):
    """A solved matrix judged by its own test, with its hints when it fails."""

    test: ConsistencyTest
    consistent: bool
    method: MatrixMethod
    gci: float | None
    gci_threshold: float | None
    suggestions: tuple[Suggestion, ...]
    repair: tuple[RepairStep, ...]


COMPLETED_CR_LABEL = "completed (lenient)"
"""How the CR of an incomplete matrix is labelled: it is computed on the matrix
completed by the LLSM weights, which is lenient (docs/formulas.md)."""


class MatrixFigures(Protocol):
    """A solved matrix's lambda_max, CI, RI and CR."""

    @property
    def lambda_max(self) -> float: ...
    @property
    def ci(self) -> float: ...
    @property
    def ri(self) -> float: ...
    @property
    def cr(self) -> float: ...


class SolvedMatrix(MatrixFigures, Protocol):
    """A matrix solved: its local weights, lambda_max, CI, RI and CR."""

    @property
    def weights(self) -> FloatArray: ...


class JudgedMatrix(MatrixFigures, Protocol):
    """What a solved judgment matrix tells of its consistency (a hierarchy matrix's
    :class:`~ahp_eval.ahp.hierarchy.MatrixResult`, an :class:`AlternativeLeaf`)."""

    @property
    def consistent(self) -> bool: ...
    @property
    def suggestions(self) -> tuple[Suggestion, ...]: ...
    @property
    def method(self) -> MatrixMethod | None: ...
    @property
    def missing(self) -> tuple[tuple[str, str], ...]: ...
    @property
    def gci(self) -> float | None: ...
    @property
    def gci_threshold(self) -> float | None: ...
    @property
    def test(self) -> ConsistencyTest: ...
    @property
    def repair(self) -> tuple[RepairStep, ...]: ...


def verdict_dict(m: JudgedMatrix, judgment: Judgment) -> dict[str, Any]:
    """The consistency part of a solved matrix's JSON, the same for the hierarchy's
    matrices and the alternatives' (``nodes`` and ``alternative_matrices``)."""
    return {
        "lambda_max": m.lambda_max,
        "ci": m.ci,
        "ri": m.ri,
        "cr": m.cr,
        "consistent": m.consistent,
        "note": judgment.note,
        "file": judgment.path,
        "line": judgment.line,
        "suggestions": [s.to_dict() for s in m.suggestions],
        "method": m.method,
        "missing": [list(pair) for pair in m.missing],
        "gci": m.gci,
        "gci_threshold": m.gci_threshold,
        "consistency_test": m.test,
        "cr_label": COMPLETED_CR_LABEL if m.missing else None,
        "repair": [r.to_dict() for r in m.repair],
    }


Judge = Callable[[str, Judgment, Sequence[str]], MatrixVerdict]
"""``judge(leaf_id, judgment, alternative_ids)``: the verdict on a solved alternatives
matrix (the same as for the hierarchy's matrices)."""


class AlternativeLeaf(NamedTuple):
    """The alternatives under one leaf: a solved matrix or a performance table."""

    leaf: Node
    global_weight: float
    local: dict[str, float]
    """The priorities the synthesis adds up (distributive: sum 1; ideal: max 1)."""
    judgment: Judgment | None = None
    performance: Performance | None = None
    weights: dict[str, float] | None = None
    """A matrix's own priority vector (sum 1)."""
    lambda_max: float = 0.0
    ci: float = 0.0
    ri: float = 0.0
    cr: float = 0.0
    consistent: bool = True
    suggestions: tuple[Suggestion, ...] = ()
    method: MatrixMethod | None = None
    """How the matrix was solved (the evaluation's method, or llsm when incomplete)."""
    gci: float | None = None
    gci_threshold: float | None = None
    test: ConsistencyTest = "cr"
    repair: tuple[RepairStep, ...] = ()
    """The three best single changes by the matrix's own test, when it fails."""

    @property
    def id(self) -> str:
        return self.leaf.id

    @property
    def missing(self) -> tuple[tuple[str, str], ...]:
        """The pairs of alternatives not compared."""
        return self.judgment.missing if self.judgment is not None else ()

    def matrix_dict(self) -> dict[str, Any]:
        """A matrix leaf as in ``alternative_matrices`` of the JSON contract."""
        assert self.judgment is not None
        return {
            "leaf": self.leaf.id,
            "weights": dict(self.weights or {}),
            "leaf_weight": self.global_weight,
            "n": self.judgment.n,
            **verdict_dict(self, self.judgment),
        }


class AlternativeRank(NamedTuple):
    """An alternative in the total ranking."""

    alternative: Alternative
    priority: float
    rank: int


class AlternativesResult(NamedTuple):
    """The alternatives' priorities under every leaf, their totals and ranking."""

    synthesis: Synthesis
    alternatives: tuple[Alternative, ...]
    leaves: tuple[AlternativeLeaf, ...]
    totals: dict[str, float]
    ranking: tuple[AlternativeRank, ...]
    ci: float
    """Sum over the leaves compared pairwise of leaf weight x CI."""
    ri: float
    """Sum over the same leaves of leaf weight x RI."""

    @property
    def matrices(self) -> tuple[AlternativeLeaf, ...]:
        """The leaves whose alternatives are compared pairwise."""
        return tuple(leaf for leaf in self.leaves if leaf.judgment is not None)

    @property
    def consistent(self) -> bool:
        """Every alternatives matrix passes the threshold."""
        return all(leaf.consistent for leaf in self.leaves)

    def to_dict(self) -> dict[str, Any]:
        """The keys the alternatives add to the JSON contract of weigh."""
        return {
            "synthesis": self.synthesis,
            "alternatives": dict(self.totals),
            "alternative_ranking": [r.alternative.id for r in self.ranking],
            "alternative_names": {
                a.id: {"name": a.name, "name_en": a.name_en} for a in self.alternatives
            },
            "alternative_priorities": {leaf.id: dict(leaf.local) for leaf in self.leaves},
            "alternative_matrices": {leaf.id: leaf.matrix_dict() for leaf in self.matrices},
            "alternative_performance": {
                leaf.id: {
                    "values": dict(
                        zip(
                            (a.id for a in self.alternatives),
                            leaf.performance.values,
                            strict=True,
                        )
                    ),
                    "cost": leaf.performance.cost,
                    "file": leaf.performance.path,
                    "line": leaf.performance.line,
                }
                for leaf in self.leaves
                if leaf.performance is not None
            },
        }


def leaf_matrices(evaluation: Evaluation) -> Iterator[tuple[str, Judgment]]:
    """The alternatives' matrices to solve, by leaf id, in declared order."""
    judged = evaluation.alternative_judgments
    for leaf in evaluation.leaves():
        if leaf.id in judged:
            yield leaf.id, judged[leaf.id]


def local_scores(
    values: Sequence[float] | FloatArray, *, cost: bool, synthesis: Synthesis
) -> FloatArray:
    """A performance table's scores as local priorities: 1/x for a cost leaf; divided
    by their sum (distributive) or by their largest (ideal)."""
    logs = np.log(np.asarray(values, dtype=np.float64))
    if cost:
        logs = -logs
    # x / max(x) through logs: no overflow for 1e308 or 1/5e-324; the best is exactly 1
    ideal: FloatArray = np.exp(logs - logs.max())
    return ideal if synthesis == "ideal" else ideal / ideal.sum()


def _ideal(v: FloatArray, synthesis: Synthesis) -> FloatArray:
    return v / v.max() if synthesis == "ideal" else v


Solved = Mapping[str, SolvedMatrix]
"""Leaf id -> its alternatives matrix solved."""


def synthesize(
    evaluation: Evaluation,
    solved: Solved,
    node_weights: Mapping[str, float],
    *,
    threshold: float,
    synthesis: Synthesis,
    judge: Judge,
) -> AlternativesResult:
    """Local priorities under every leaf, the totals and the ranking of the alternatives.

    ``judge`` decides each matrix's consistency by its own test (``threshold`` is the
    CR threshold that test was built with)."""
    del threshold
    alternatives = evaluation.alternatives
    ids = [a.id for a in alternatives]
    rows: list[AlternativeLeaf] = []
    total = np.zeros(len(ids))
    ci_sum = ri_sum = 0.0
    for leaf in evaluation.leaves():
        a = node_weights[leaf.id]
        if leaf.id in evaluation.performance:
            table = evaluation.performance[leaf.id]
            v = local_scores(table.values, cost=table.cost, synthesis=synthesis)
            rows.append(
                AlternativeLeaf(
                    leaf=leaf,
                    global_weight=a,
                    local=dict(zip(ids, v.tolist(), strict=True)),
                    performance=table,
                )
            )
        else:
            done = solved[leaf.id]
            w, lam, ci, ri, cr = done.weights, done.lambda_max, done.ci, done.ri, done.cr
            judgment = evaluation.alternative_judgments[leaf.id]
            verdict = judge(leaf.id, judgment, ids)
            v = _ideal(w, synthesis)
            ci_sum += a * ci
            ri_sum += a * ri
            rows.append(
                AlternativeLeaf(
                    leaf=leaf,
                    global_weight=a,
                    local=dict(zip(ids, v.tolist(), strict=True)),
                    judgment=judgment,
                    weights=dict(zip(ids, w.tolist(), strict=True)),
                    lambda_max=lam,
                    ci=ci,
                    ri=ri,
                    cr=cr,
                    consistent=verdict.consistent,
                    suggestions=verdict.suggestions,
                    method=verdict.method,
                    gci=verdict.gci,
                    gci_threshold=verdict.gci_threshold,
                    test=verdict.test,
                    repair=verdict.repair,
                )
            )
        total += a * v
    if synthesis == "ideal" and total.sum() > 0:  # 0 only if every leaf weight underflows
        total /= total.sum()
    totals = dict(zip(ids, total.tolist(), strict=True))
    order = sorted(range(len(ids)), key=lambda k: -total[k])
    ranking = tuple(
        AlternativeRank(alternative=alternatives[k], priority=totals[ids[k]], rank=r + 1)
        for r, k in enumerate(order)
    )
    return AlternativesResult(
        synthesis=synthesis,
        alternatives=alternatives,
        leaves=tuple(rows),
        totals=totals,
        ranking=ranking,
        ci=ci_sum,
        ri=ri_sum,
    )

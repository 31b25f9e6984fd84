"""``ahp-eval repair``: the greedy repair of every inconsistent matrix of a hierarchy.

Each matrix that fails its test (three or more items compared), a node's or a leaf's
alternatives matrix, is repaired on its own by :func:`ahp_eval.ahp.repair.repair`
with the measure of :func:`ahp_eval.ahp.repair.matrix_test`: CR with the evaluation's
method and RI table; for an incomplete matrix, only its given pairs, measured by GCI*
(CR threshold 0.1) or its completed CR. The hierarchy is then solved again with the
repaired matrices. A level's total CR, ``sum_j a_j CI_j / sum_j a_j RI_j``, is below
the threshold whenever every matrix of the level has ``CI_j < t RI_j``; an incomplete
matrix that passes GCI* may still have a completed CR over ``t``, so a deeper level
can stay inconsistent after every matrix is repaired.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from ahp_eval.ahp.hierarchy import HierarchyResult, solve
from ahp_eval.ahp.repair import (
    MatrixTest,
    Outcome,
    Repair,
    RepairStep,
    matrix_test,
    named_steps,
    repair,
)
from ahp_eval.model.evaluation import Evaluation, Judgment
from ahp_eval.model.frozen import FrozenDict

__all__ = ["GREEDY_NOTE", "HierarchyRepair", "MatrixRepair", "repair_hierarchy"]

GREEDY_NOTE = (
    "The search is greedy (a heuristic): each step makes the single change that lowers the "
    "matrix's measure (CR; GCI* or the completed CR for an incomplete matrix) most, so it "
    "is not guaranteed to find the fewest changes."
)


class MatrixRepair(NamedTuple):
    """The repair sequence of one inconsistent matrix: a node's (its children compared)
    or a leaf's alternatives matrix (``kind``)."""

    id: str
    kind: Literal["node", "alternatives"]
    judgment: Judgment
    ids: tuple[str, ...]
    """The items compared: the node's children or the alternatives."""
    cr: float
    """CR before (the completed CR for an incomplete matrix)."""
    test: MatrixTest
    search: Repair
    steps: tuple[RepairStep, ...]

    @property
    def outcome(self) -> Outcome:
        return self.search.outcome

    @property
    def repaired(self) -> bool:
        return self.search.outcome == "repaired"

    @property
    def measure(self) -> str:
        """The name of the matrix's test measure: CR, GCI* or completed CR."""
        return self.test.label

    def cr_before(self, k: int) -> float:
        """The test's measure before step ``k`` (0-based)."""
        return self.search.cr if k == 0 else self.steps[k - 1].measure_after

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "file": self.judgment.path,
            "line": self.judgment.line,
            "n": len(self.ids),
            "cr": self.cr,
            "cr_after": self.steps[-1].cr_after if self.steps else self.cr,
            "consistency_test": self.test.name,
            "threshold": self.test.threshold,
            "measure_before": self.search.cr,
            "measure_after": self.search.cr_final,
            "missing": [list(pair) for pair in self.judgment.missing],
            "outcome": self.outcome,
            "repaired": self.repaired,
            "steps": [s.to_dict() for s in self.steps],
        }


class HierarchyRepair(NamedTuple):
    """Every inconsistent matrix's repair, and the hierarchy solved again after them."""

    before: HierarchyResult
    matrices: tuple[MatrixRepair, ...]
    after: HierarchyResult

    @property
    def repaired(self) -> bool:
        """Every matrix and level is consistent after the repairs."""
        return self.after.consistent

    def to_dict(self) -> dict[str, Any]:
        """The JSON report of ``ahp-eval repair``."""
        ev = self.before.evaluation
        return {
            "format": "ahp-eval/repair",
            "format_version": 1,
            "file": ev.path,
            "judgments_file": ev.judgments_path,
            "method": self.before.method,
            "ri_table": self.before.ri_table.key,
            "cr_threshold": self.before.cr_threshold,
            "search": "greedy",
            "note": GREEDY_NOTE,
            "consistent_before": self.before.consistent,
            "consistent_after": self.after.consistent,
            "matrices": [m.to_dict() for m in self.matrices],
            "levels_after": [lv.to_dict() for lv in self.after.levels],
            "total_cr_after": self.after.total.cr,
        }


def _repair_one(
    result: HierarchyResult,
    key: str,
    kind: Literal["node", "alternatives"],
    *,
    judgment: Judgment,
    ids: tuple[str, ...],
    cr: float,
) -> MatrixRepair | None:
    """The greedy repair of one failing matrix by its own test (None: not measurable)."""
    test = matrix_test(judgment.given, result.method, result.ri_table, result.cr_threshold)
    if test.measure is None:
        return None
    found = repair(judgment.matrix, test.measure, test.threshold, given=judgment.given_mask())
    steps = named_steps(
        found.steps, ids, judgment, test=test, ri_table=result.ri_table, cumulative=True
    )
    return MatrixRepair(key, kind, judgment, ids, cr, test, found, steps)


def _fixed(judgment: Judgment, found: Repair) -> Judgment:
    fixed = found.matrix.copy()
    fixed.setflags(write=False)
    return judgment.model_copy(update={"matrix": fixed})


def repair_hierarchy(result: HierarchyResult) -> HierarchyRepair:
    """Repair each inconsistent matrix of ``result`` (the alternatives' too) greedily, each
    by its own test, and solve again."""
    repairs: list[MatrixRepair] = []
    ev = result.evaluation
    judgments = dict(ev.judgments)
    leaf_judgments = dict(ev.alternative_judgments)
    for m in result.matrices:
        if m.consistent or len(m.node.children) < 3:
            continue
        ids = tuple(c.id for c in m.node.children)
        done = _repair_one(result, m.node.id, "node", judgment=m.judgment, ids=ids, cr=m.cr)
        if done is not None:
            repairs.append(done)
            if done.steps:
                judgments[m.node.id] = _fixed(m.judgment, done.search)
    alternatives = result.alternatives
    ids = tuple(a.id for a in alternatives.alternatives) if alternatives is not None else ()
    for leaf in alternatives.matrices if alternatives is not None else ():
        if leaf.consistent or leaf.judgment is None or len(ids) < 3:
            continue
        done = _repair_one(
            result, leaf.id, "alternatives", judgment=leaf.judgment, ids=ids, cr=leaf.cr
        )
        if done is not None:
            repairs.append(done)
            if done.steps:
                leaf_judgments[leaf.id] = _fixed(leaf.judgment, done.search)
    evaluation: Evaluation = ev.model_copy(
        update={
            "judgments": FrozenDict(judgments),
            "alternative_judgments": FrozenDict(leaf_judgments),
        }
    )
    after = solve(
        evaluation,
        method=result.method,
        ri=result.ri_table,
        cr_threshold=result.cr_threshold,
        synthesis=result.alternatives.synthesis if result.alternatives is not None else None,
    )
    return HierarchyRepair(result, tuple(repairs), after)

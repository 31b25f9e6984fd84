"""``ahp-eval repair``: the greedy repair of every inconsistent matrix of a hierarchy.

Each matrix with CR at or over the threshold (three or more children) is repaired on
its own by :func:`ahp_eval.ahp.repair.repair`, with the evaluation's method and RI
table. The hierarchy is then solved again with the repaired matrices. A level's total
CR, ``sum_j a_j CI_j / sum_j a_j RI_j``, is below the threshold whenever every matrix of
the level is (each ``CI_j < t RI_j``), so it fails after repair only where a matrix
could not be repaired.
"""

from __future__ import annotations

from typing import Any, NamedTuple

from ahp_eval.ahp.hierarchy import HierarchyResult, MatrixResult, solve
from ahp_eval.ahp.repair import Outcome, Repair, RepairStep, cr_measure, named_steps, repair
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.frozen import FrozenDict

__all__ = ["GREEDY_NOTE", "HierarchyRepair", "MatrixRepair", "repair_hierarchy"]

GREEDY_NOTE = (
    "The search is greedy (a heuristic): each step makes the single change that lowers CR "
    "most, so it is not guaranteed to find the fewest changes."
)


class MatrixRepair(NamedTuple):
    """The repair sequence of one inconsistent matrix."""

    matrix: MatrixResult
    search: Repair
    steps: tuple[RepairStep, ...]

    @property
    def outcome(self) -> Outcome:
        return self.search.outcome

    @property
    def repaired(self) -> bool:
        return self.search.outcome == "repaired"

    def cr_before(self, k: int) -> float:
        """CR before step ``k`` (0-based)."""
        return self.matrix.cr if k == 0 else self.steps[k - 1].cr_after

    def to_dict(self) -> dict[str, Any]:
        m = self.matrix
        return {
            "id": m.node.id,
            "file": m.judgment.path,
            "line": m.judgment.line,
            "n": len(m.node.children),
            "cr": m.cr,
            "cr_after": self.search.cr_final,
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


def repair_hierarchy(result: HierarchyResult) -> HierarchyRepair:
    """Repair each inconsistent matrix of ``result`` greedily and solve again."""
    measure = cr_measure(result.method, result.ri_table)
    repairs: list[MatrixRepair] = []
    judgments = dict(result.evaluation.judgments)
    for m in result.matrices:
        if m.consistent or len(m.node.children) < 3:
            continue
        found = repair(m.judgment.matrix, measure, result.cr_threshold)
        repairs.append(MatrixRepair(m, found, named_steps(found.steps, m.node, m.judgment)))
        if found.steps:
            fixed = found.matrix.copy()
            fixed.setflags(write=False)
            judgments[m.node.id] = m.judgment.model_copy(update={"matrix": fixed})
    evaluation: Evaluation = result.evaluation.model_copy(
        update={"judgments": FrozenDict(judgments)}
    )
    after = solve(
        evaluation,
        method=result.method,
        ri=result.ri_table,
        cr_threshold=result.cr_threshold,
    )
    return HierarchyRepair(result, tuple(repairs), after)

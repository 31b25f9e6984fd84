"""Consistency findings of a solved hierarchy, as located one-line problems.

This is what ``ahp-eval check`` reports: each inconsistent matrix, with its three
best single changes as hints (the search of :mod:`ahp_eval.ahp.repair`, so the first
hint is the first step of ``ahp-eval repair``), each with ``|ln(a_ij w_j / w_i)|`` of
the judgment as the reason, and each level whose total CR fails the threshold.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.ahp.repair import RepairStep
from ahp_eval.errors import InputError
from ahp_eval.model.values import format_judgment

__all__ = [
    "FileReport",
    "Finding",
    "Status",
    "change_text",
    "findings",
    "input_findings",
    "node_summaries",
]

Severity = Literal["error", "inconsistent", "hint"]


class Finding(NamedTuple):
    """One located problem: ``path:line: message``."""

    path: str
    line: int
    severity: Severity
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "line": self.line,
            "severity": self.severity,
            "message": self.message,
        }


def input_findings(errors: tuple[InputError, ...] | list[InputError]) -> list[Finding]:
    """Input errors as findings of severity ``error``."""
    return [Finding(e.path or "<input>", e.line or 1, "error", e.message) for e in errors]


def change_text(step: RepairStep, cr_before: float) -> str:
    """``set B1/B3 from 1/9 to 9 (CR 0.4585 -> 0.0434); |ln(a w_j/w_i)| = 1.48``."""
    return (
        f"set {step.row}/{step.col} from {format_judgment(step.old)} to "
        f"{format_judgment(step.value)} (CR {cr_before:.4f} -> {step.cr_after:.4f}); "
        f"|ln(a w_j/w_i)| = {step.deviation:.2f}"
    )


def findings(result: HierarchyResult) -> list[Finding]:
    """Every inconsistency in ``result``, in file order, with its hints."""
    out: list[Finding] = []
    how = f"{result.method}, RI {result.ri_table.key}"
    threshold = f"{result.cr_threshold:g}"
    for m in result.matrices:
        if m.consistent:
            continue
        path = m.judgment.path or result.evaluation.path or "<input>"
        out.append(
            Finding(
                path,
                m.judgment.line,
                "inconsistent",
                f"{m.node.id}: CR {m.cr:.4f} >= {threshold} "
                f"(n={len(m.node.children)}, λmax {m.lambda_max:.4f}, CI {m.ci:.4f}, "
                f"RI {m.ri:.4g}; {how}): inconsistent judgment matrix",
            )
        )
        out.extend(
            Finding(path, s.line, "hint", f"{m.node.id}: hint: {change_text(s, m.cr)}")
            for s in m.repair
        )
    ev = result.evaluation
    for lv in result.levels:
        if lv.consistent or lv.level == 1:
            continue  # level 1 is the goal's own matrix, already reported above
        out.append(
            Finding(
                ev.path or "<input>",
                ev.goal.line,
                "inconsistent",
                f"total CR of level {lv.level} = {lv.cr:.4f} >= {threshold} "
                f"(Σa·CI {lv.ci:.4f} / Σa·RI {lv.ri:.4f}; {how})",
            )
        )
    return out


def node_summaries(result: HierarchyResult) -> tuple[dict[str, Any], ...]:
    """Each matrix for check's JSON: where it is, its CR, and its best single changes."""
    return tuple(
        {
            "id": m.node.id,
            "file": m.judgment.path or result.evaluation.path,
            "line": m.judgment.line,
            "cr": m.cr,
            "consistent": m.consistent,
            "repair": [s.to_dict() for s in m.repair],
        }
        for m in result.matrices
    )


Status = Literal["ok", "inconsistent", "invalid"]


class FileReport(NamedTuple):
    """What check found in one file."""

    path: str
    status: Status
    findings: tuple[Finding, ...] | list[Finding] = ()
    total_cr: float | None = None
    matrices: int = 0
    nodes: tuple[dict[str, Any], ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "path": self.path,
            "status": self.status,
            "matrices": self.matrices,
            "total_cr": self.total_cr,
            "findings": [f.to_dict() for f in self.findings],
            "nodes": list(self.nodes),
        }

"""Consistency findings of a solved hierarchy, as located one-line problems.

This is what ``ahp-eval check`` reports: each inconsistent matrix, with the three
judgments that deviate most from its weights (largest ``|ln(a_ij w_j / w_i)|``)
and the value the other judgments imply for each, and each level whose total CR
fails the threshold.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.errors import InputError
from ahp_eval.model.values import format_judgment

__all__ = ["FileReport", "Finding", "Status", "findings", "input_findings"]

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
            Finding(
                path,
                s.line,
                "hint",
                f"{m.node.id}: judgment {s.row}/{s.col} = {format_judgment(s.value)} deviates "
                f"by |ln| {s.deviation:.2f}; the other judgments imply {s.implied:.3g}, "
                f"nearest scale value {format_judgment(s.suggested)}",
            )
            for s in m.suggestions
        )
    ev = result.evaluation
    for leaf in result.alternatives.matrices if result.alternatives is not None else ():
        if leaf.consistent or leaf.judgment is None:
            continue
        path = leaf.judgment.path or ev.path or "<input>"
        out.append(
            Finding(
                path,
                leaf.judgment.line,
                "inconsistent",
                f"{leaf.id} (alternatives): CR {leaf.cr:.4f} >= {threshold} "
                f"(n={leaf.judgment.n}, λmax {leaf.lambda_max:.4f}, CI {leaf.ci:.4f}, "
                f"RI {leaf.ri:.4g}; {how}): inconsistent judgment matrix",
            )
        )
        out.extend(
            Finding(
                path,
                s.line,
                "hint",
                f"{leaf.id} (alternatives): judgment {s.row}/{s.col} = "
                f"{format_judgment(s.value)} deviates by |ln| {s.deviation:.2f}; "
                f"the other judgments imply {s.implied:.3g}, "
                f"nearest scale value {format_judgment(s.suggested)}",
            )
            for s in leaf.suggestions
        )
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


Status = Literal["ok", "inconsistent", "invalid"]


class FileReport(NamedTuple):
    """What check found in one file."""

    path: str
    status: Status
    findings: tuple[Finding, ...] | list[Finding] = ()
    total_cr: float | None = None
    matrices: int = 0
    alternatives: dict[str, float] | None = None
    """Total priority of each alternative, when the file has alternatives."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "matrices": self.matrices,
            "total_cr": self.total_cr,
            "findings": [f.to_dict() for f in self.findings],
        }
        if self.alternatives is not None:
            out["alternatives"] = dict(self.alternatives)
            out["alternative_ranking"] = sorted(
                self.alternatives,
                key=lambda a: -self.alternatives[a],  # type: ignore[index]
            )
        return out

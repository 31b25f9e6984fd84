"""Consistency findings of a solved hierarchy, as located one-line problems.

This is what ``ahp-eval check`` reports: each inconsistent matrix, with its three
best single changes as hints (the search of :mod:`ahp_eval.ahp.repair`, so the first
hint is the first step of ``ahp-eval repair``), each with ``|ln(a_ij w_j / w_i)|`` of
the judgment as the reason, and each level whose total CR fails the threshold.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

from ahp_eval.ahp.alternatives import AlternativeLeaf
from ahp_eval.ahp.hierarchy import HierarchyResult, LevelConsistency, MatrixResult
from ahp_eval.ahp.repair import MEASURE_NAMES, RepairStep
from ahp_eval.errors import InputError
from ahp_eval.model.evaluation import Judgment
from ahp_eval.model.values import format_judgment

__all__ = [
    "Case",
    "FileReport",
    "Finding",
    "Status",
    "cases",
    "change_text",
    "findings",
    "input_findings",
    "level_findings",
    "matrix_findings",
    "measure_before",
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


def change_text(step: RepairStep, before: float) -> str:
    """``set B1/B3 from 1/9 to 9 (CR 0.4585 -> 0.0434); |ln(a w_j/w_i)| = 1.48``.

    ``before`` is the matrix's test measure before the change (CR; for an incomplete
    matrix GCI* or its completed CR, named so)."""
    label = MEASURE_NAMES[step.measure]
    return (
        f"set {step.row}/{step.col} from {format_judgment(step.old)} to "
        f"{format_judgment(step.value)} ({label} {before:.4f} -> {step.measure_after:.4f}); "
        f"|ln(a w_j/w_i)| = {step.deviation:.2f}"
    )


def measure_before(m: MatrixResult | AlternativeLeaf) -> float:
    """The value of a matrix's own test: GCI* when that decides, else its CR."""
    return m.gci if m.test == "gci" and m.gci is not None else m.cr


def _how(result: HierarchyResult) -> str:
    return f"{result.method}, RI {result.ri_table.key}"


class _Subject(NamedTuple):
    """A judgment matrix to report: a node's, or a leaf's alternatives matrix."""

    name: str
    n: int
    m: MatrixResult | AlternativeLeaf
    judgment: Judgment


def _subject(m: MatrixResult | AlternativeLeaf) -> _Subject:
    if isinstance(m, AlternativeLeaf):
        assert m.judgment is not None
        return _Subject(f"{m.id} (alternatives)", m.judgment.n, m, m.judgment)
    return _Subject(m.node.id, len(m.node.children), m, m.judgment)


def matrix_findings(result: HierarchyResult, m: MatrixResult) -> list[Finding]:
    """An inconsistent matrix's finding and its hints; for an incomplete matrix, a note of
    the pairs not compared and its test (also when it passes)."""
    return _findings(result, _subject(m))


def _findings(result: HierarchyResult, subject: _Subject) -> list[Finding]:
    m, name = subject.m, subject.name
    path = subject.judgment.path or result.evaluation.path or "<input>"
    note = [_incomplete_finding(subject, path, result.cr_threshold)] if m.missing else []
    if m.consistent:
        return note
    threshold = f"{result.cr_threshold:g}"
    out = [
        Finding(
            path,
            subject.judgment.line,
            "inconsistent",
            f"{name}: CR {m.cr:.4f} >= {threshold} "
            f"(n={subject.n}, λmax {m.lambda_max:.4f}, CI {m.ci:.4f}, "
            f"RI {m.ri:.4g}; {_how(result)}): inconsistent judgment matrix"
            if not m.missing
            else _incomplete_failure(subject, threshold),
        ),
        *note,
    ]
    before = measure_before(m)
    out.extend(
        Finding(path, step.line, "hint", f"{name}: hint: {change_text(step, before)}")
        for step in m.repair
    )
    if not m.repair:  # no single change lowers the measure: the judgments that deviate most
        out.extend(
            Finding(
                path,
                s.line,
                "hint",
                f"{name}: judgment {s.row}/{s.col} = {format_judgment(s.value)} deviates "
                f"by |ln| {s.deviation:.2f}; the other judgments imply {s.implied:.3g}, "
                f"nearest scale value {format_judgment(s.suggested)}",
            )
            for s in m.suggestions
        )
    return out


def _measure(result: HierarchyResult, m: MatrixResult | AlternativeLeaf) -> str:
    """What a matrix's test measured, for a CI report: CR, GCI* or the completed CR."""
    sign = "<" if m.consistent else ">="
    if m.missing and m.test == "none":
        return "consistency not measurable (the pairs given form a spanning tree)"
    if m.missing and m.test == "gci" and m.gci is not None and m.gci_threshold is not None:
        return f"GCI* {m.gci:.4f} {sign} {m.gci_threshold:g} (LLSM over the pairs given)"
    if m.missing:
        return f"completed (lenient) CR {m.cr:.4f} {sign} {result.cr_threshold:g} (LLSM)"
    return f"CR {m.cr:.4f} {sign} {result.cr_threshold:g} ({_how(result)})"


def level_findings(result: HierarchyResult, lv: LevelConsistency) -> list[Finding]:
    """A level whose total CR fails; nothing for level 1 (the goal's own matrix)."""
    if lv.consistent or lv.level == 1:
        return []
    ev = result.evaluation
    return [
        Finding(
            ev.path or "<input>",
            ev.goal.line,
            "inconsistent",
            f"total CR of level {lv.level} = {lv.cr:.4f} >= {result.cr_threshold:g} "
            f"(Σa·CI {lv.ci:.4f} / Σa·RI {lv.ri:.4f}; {_how(result)})",
        )
    ]


def alternatives_findings(result: HierarchyResult, leaf: AlternativeLeaf) -> list[Finding]:
    """An inconsistent alternatives matrix under a leaf and its hints (the same search as
    for the hierarchy's matrices); for an incomplete one, its note."""
    if leaf.judgment is None:
        return []
    return _findings(result, _subject(leaf))


def _alternative_matrices(result: HierarchyResult) -> tuple[AlternativeLeaf, ...]:
    return result.alternatives.matrices if result.alternatives is not None else ()


def findings(result: HierarchyResult) -> list[Finding]:
    """Every inconsistency in ``result``, in file order, with its hints."""
    out = [f for m in result.matrices for f in matrix_findings(result, m)]
    out += [
        f for leaf in _alternative_matrices(result) for f in alternatives_findings(result, leaf)
    ]
    out += [f for lv in result.levels for f in level_findings(result, lv)]
    return out


class Case(NamedTuple):
    """One test of a checked file, as a CI report lists it: a matrix, or the total ranking."""

    name: str
    line: int
    passed: bool
    measure: str
    findings: tuple[Finding, ...] = ()


def cases(result: HierarchyResult) -> tuple[Case, ...]:
    """One case per judgment matrix (its CR against the threshold) and one for the total
    ranking (every level's total CR)."""
    threshold = result.cr_threshold
    out = [
        Case(
            f"matrix {m.node.id}",
            m.judgment.line,
            m.consistent,
            _measure(result, m),
            tuple(matrix_findings(result, m)),
        )
        for m in result.matrices
    ]
    out += [
        Case(
            f"alternatives under {leaf.id}",
            leaf.judgment.line,
            leaf.consistent,
            _measure(result, leaf),
            tuple(alternatives_findings(result, leaf)),
        )
        for leaf in _alternative_matrices(result)
        if leaf.judgment is not None
    ]
    failed = tuple(f for lv in result.levels for f in level_findings(result, lv))
    levels = "; ".join(f"level {lv.level} CR {lv.cr:.4f}" for lv in result.levels)
    passed = all(lv.consistent for lv in result.levels)
    out.append(
        Case(
            "total ranking",
            result.evaluation.goal.line,
            passed,
            f"{levels} {'<' if passed else 'not all <'} {threshold:g} ({_how(result)})",
            failed,
        )
    )
    return tuple(out)


def _incomplete_finding(subject: _Subject, path: str, cr_threshold: float) -> Finding:
    """A note for each incomplete matrix: its pairs not compared and how it was tested."""
    m, n = subject.m, subject.n
    pairs = ", ".join(f"{a}/{b}" for a, b in m.missing)
    if m.test == "none":
        test = "consistency not measurable (the pairs given form a spanning tree)"
    elif m.test == "gci" and m.gci is not None and m.gci_threshold is not None:
        sign = "<" if m.consistent else ">="
        test = f"GCI* {m.gci:.4f} {sign} {m.gci_threshold:g} (n={n})"
    else:
        test = f"completed (lenient) CR {m.cr:.4f} tested against {cr_threshold:g}"
    return Finding(
        path,
        subject.judgment.line,
        "hint",
        f"{subject.name}: pairs not compared: {pairs}; weights by LLSM over the pairs given; "
        f"{test}",
    )


def _incomplete_failure(subject: _Subject, threshold: str) -> str:
    m, n, name = subject.m, subject.n, subject.name
    if m.test == "gci" and m.gci is not None and m.gci_threshold is not None:
        return (
            f"{name}: GCI* {m.gci:.4f} >= {m.gci_threshold:g} (n={n}, LLSM over the pairs "
            f"given; completed (lenient) CR {m.cr:.4f}): inconsistent judgment matrix"
        )
    return (
        f"{name}: completed (lenient) CR {m.cr:.4f} >= {threshold} (n={n}, LLSM over "
        "the pairs given): inconsistent judgment matrix"
    )


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
    cases: tuple[Case, ...] = ()
    nodes: tuple[dict[str, Any], ...] = ()
    alternatives: dict[str, float] | None = None
    """Total priority of each alternative, when the file has alternatives."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "path": self.path,
            "status": self.status,
            "matrices": self.matrices,
            "total_cr": self.total_cr,
            "findings": [f.to_dict() for f in self.findings],
            "nodes": list(self.nodes),
        }
        if self.alternatives is not None:
            out["alternatives"] = dict(self.alternatives)
            out["alternative_ranking"] = sorted(
                self.alternatives,
                key=lambda a: -self.alternatives[a],  # type: ignore[index]
            )
        return out

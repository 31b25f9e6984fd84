"""Words for an incomplete matrix, shared by every renderer (no rich here): the method
(LLSM), the pairs not compared, and which consistency test decided."""

from __future__ import annotations

from ahp_eval.ahp.hierarchy import COMPLETED_CR_LABEL, MatrixResult
from ahp_eval.report.common import fmt

__all__ = ["consistency_words", "cr_name", "incomplete_lines", "missing_text"]


def cr_name(m: MatrixResult) -> str:
    """``CR``, or ``CR completed (lenient)`` for an incomplete matrix."""
    return f"CR {COMPLETED_CR_LABEL}" if m.missing else "CR"


def missing_text(m: MatrixResult) -> str:
    """The pairs not compared: ``B1/B3, B2/B4``."""
    return ", ".join(f"{a}/{b}" for a, b in m.missing)


def consistency_words(m: MatrixResult, threshold: float, precision: int) -> str:
    """Which test decided for an incomplete matrix, with GCI* and its threshold."""
    n = len(m.node.children)
    if m.test == "none":
        return (
            "consistency not measurable: the pairs given form a spanning tree "
            f"({n - 1} pairs for {n} children), which the weights reproduce exactly"
        )
    gci = fmt(m.gci, precision) if m.gci is not None else "—"
    if m.test == "gci" and m.gci_threshold is not None:
        sign = "<" if m.consistent else ">="
        return (
            f"GCI* {gci} {sign} {m.gci_threshold:g} (threshold for n = {n}, tested; "
            f"the CR is {COMPLETED_CR_LABEL})"
        )
    return (
        f"GCI* {gci} (reported); tested: the CR of the completed matrix against "
        f"{threshold:g}, as the GCI thresholds stand for CR < 0.1"
    )


def incomplete_lines(m: MatrixResult, threshold: float, precision: int) -> list[str]:
    """Two lines for an incomplete matrix (none for a complete one)."""
    if not m.missing:
        return []
    k = len(m.missing)
    return [
        (
            "LLSM 对数最小二乘法 (logarithmic least squares over the pairs given); "
            f"{k} {'pair' if k == 1 else 'pairs'} not compared: {missing_text(m)}"
        ),
        consistency_words(m, threshold, precision),
    ]

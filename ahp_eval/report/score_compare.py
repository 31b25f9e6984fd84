"""The comparisons of groups (``score --compare``) in the reports: the ranking table's
mark for adjacent groups, and the table of pairs."""

from __future__ import annotations

from ahp_eval.report.score_plain import RANKING_HEADERS, Header, ranking_rows
from ahp_eval.report.weigh_plain import md_table
from ahp_eval.survey.compare import Comparison
from ahp_eval.survey.score_results import ScoreResult

__all__ = [
    "COMPARISON_HEADERS",
    "COMPARISON_NOTE",
    "comparison_markdown",
    "comparison_rows",
    "p_text",
    "ranking_table",
]

NEXT_HEADER: Header = ("与下一名 vs next", False)
COMPARISON_HEADERS: list[Header] = [
    ("对象 A", False),
    ("对象 B", False),
    ("差 Difference", True),
    ("95% (unadjusted)", True),
    ("p", True),
    ("p (Holm)", True),
    ("区分 Distinct", False),
]
COMPARISON_NOTE = (
    "A − B of composites; the 95% interval is unadjusted; p two-sided, from each "
    "composite's covariance (normal) or from the groups' bootstrap resamples; "
    "distinct: Holm-adjusted p < 0.05 (Holm 1979)."
)
DISTINCT = "≠ distinct"
NOT_DISTINCT = "≈ not distinct"


def p_text(p: float) -> str:
    """A p-value: three decimals, ``<0.001`` below that."""
    return "<0.001" if p < 0.0005 else f"{p:.3f}"


def _signed(x: float, p: int) -> str:
    return f"{x:+.{p}f}"


def comparison_rows(comparisons: tuple[Comparison, ...], p: int) -> list[list[str]]:
    """One row per pair: a, b, difference, interval, p, Holm p, distinct."""
    return [
        [
            c.a,
            c.b,
            _signed(c.difference, p),
            f"[{_signed(c.low, p)}, {_signed(c.high, p)}]",
            p_text(c.p),
            p_text(c.p_adjusted),
            "是 yes" if c.distinct else "否 no",
        ]
        for c in comparisons
    ]


def ranking_table(result: ScoreResult, p: int) -> tuple[list[Header], list[list[str]]]:
    """The ranking; with comparisons, each group marked against the next one (adjacent
    groups that are not distinct, or "—" where no comparison was made)."""
    rows = ranking_rows(result, p)
    if result.comparisons is None:
        return RANKING_HEADERS, rows
    pairs = {(c.a, c.b): c for c in result.comparisons}
    names = [row[1] for row in rows]
    for k, row in enumerate(rows):
        c = pairs.get((names[k], names[k + 1])) if k + 1 < len(names) else None
        mark = "" if k + 1 == len(names) else "—"
        if c is not None:
            mark = f"{DISTINCT if c.distinct else NOT_DISTINCT} (p {p_text(c.p_adjusted)})"
        row.append(mark)
    return [*RANKING_HEADERS, NEXT_HEADER], rows


def comparison_markdown(result: ScoreResult, p: int) -> list[str]:
    """The comparisons as a Markdown section (none without comparisons)."""
    if result.comparisons is None:
        return []
    return [
        "## 对象比较 Comparisons",
        "",
        COMPARISON_NOTE,
        "",
        *md_table(
            [h for h, _ in COMPARISON_HEADERS],
            comparison_rows(result.comparisons, p),
            {i for i, (_, number) in enumerate(COMPARISON_HEADERS) if number},
        ),
        "",
    ]

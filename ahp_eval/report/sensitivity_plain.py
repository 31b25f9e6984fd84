"""``ahp-eval sensitivity`` as text, JSON (``ahp-eval/sensitivity``) and Markdown."""

from __future__ import annotations

import math
from typing import Any, NamedTuple

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.ahp.montecarlo import MonteCarloResult, RankingStats
from ahp_eval.ahp.panel_bootstrap import PanelSampling
from ahp_eval.ahp.sensitivity import Criterion, Ranked, RankedKind, RankingSensitivity, Swap
from ahp_eval.report.common import md_text
from ahp_eval.report.render import SENSITIVITY_FORMATS, SensitivityFormat

__all__ = [
    "SENSITIVITY_FORMATS",
    "SensitivityFormat",
    "SensitivityReport",
    "render_sensitivity",
]


KIND_TITLES: dict[RankedKind, str] = {
    "leaves": "指标 Indicators (global weight)",
    "alternatives": "方案 Alternatives (total priority)",
    "groups": "对象 Groups (composite score)",
}


class SensitivityReport(NamedTuple):
    """Everything ``ahp-eval sensitivity`` reports."""

    weights: HierarchyResult
    one_at_a_time: tuple[RankingSensitivity, ...]
    monte_carlo: MonteCarloResult
    stability: float
    panel: PanelSampling | None = None
    """How the samples drew a panel's judges (None: the judgments were perturbed)."""

    @property
    def decisive(self) -> RankingStats:
        """The ranking whose top item decides the exit code: the groups when scored, else
        the alternatives when there are any, else the leaves."""
        return self.monte_carlo.rankings[-1]

    @property
    def top_share(self) -> float:
        """Share of samples in which the decisive ranking's top item ranks first."""
        top = self.decisive.top
        return 1.0 if top is None else top.first

    @property
    def robust(self) -> bool:
        return self.top_share >= self.stability

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract (``ahp-eval/sensitivity``, format_version 1)."""
        w = self.weights
        ev = w.evaluation
        mc = self.monte_carlo
        top = self.decisive.top
        return {
            "format": "ahp-eval/sensitivity",
            "format_version": 1,
            "file": ev.path,
            "judgments_file": ev.judgments_path,
            "name": ev.name,
            "method": w.method,
            "ri_table": w.ri_table.key,
            "cr_threshold": w.cr_threshold,
            "consistent": w.consistent,
            "synthesis": w.alternatives.synthesis if w.alternatives is not None else None,
            "samples": mc.samples,
            "spread": mc.spread,
            "seed": mc.seed,
            "stability": self.stability,
            "decisive": self.decisive.ranked.kind,
            "top": top.id if top is not None else None,
            "top_first_share": self.top_share,
            "robust": self.robust,
            "consistency": {
                "all": mc.all_consistent,
                "matrices": [
                    {"node": m.key, "alternatives": m.alternatives, "share": m.share}
                    for m in mc.matrices
                ],
            },
            "rankings": [
                _ranking_dict(oat, stats)
                for oat, stats in zip(self.one_at_a_time, mc.rankings, strict=True)
            ],
            "resampling": "judgments" if self.panel is None else "judges",
            "panel": None if self.panel is None else self.panel.to_dict(),
        }


def _number(x: float) -> float | None:
    return x if math.isfinite(x) else None


def _ranking_dict(oat: RankingSensitivity, stats: RankingStats) -> dict[str, Any]:
    ranked = oat.ranked
    names = dict(zip(ranked.ids, ranked.names, strict=True))
    return {
        "kind": ranked.kind,
        "normalised": ranked.normalised,
        "left_out": list(ranked.left_out),
        "same_ranking_share": stats.same_ranking,
        "items": [
            {
                "id": s.id,
                "name": names[s.id][0],
                "name_en": names[s.id][1],
                "rank": s.rank,
                "value": s.value,
                "mean": _number(s.mean),
                "p5": _number(s.p5),
                "p95": _number(s.p95),
                "keeps_rank": s.keeps_rank,
                "first": s.first,
            }
            for s in stats.items
        ],
        "one_at_a_time": [
            {
                "node": c.node.id,
                "parent": c.parent.id,
                "weight": c.weight,
                "top": c.top,
                "top_interval": list(c.top_interval),
                "ranking_interval": list(c.ranking_interval),
                "alpha": dict(zip(ranked.ids, c.alpha.tolist(), strict=True)),
                "beta": dict(zip(ranked.ids, c.beta.tolist(), strict=True)),
                "swaps": [{"x": s.x, "first": s.first, "second": s.second} for s in c.swaps],
            }
            for c in oat.criteria
        ],
    }


def label(names: tuple[str, str | None], lang: str) -> str:
    """An item's name in the language asked (each falls back to the other)."""
    name, name_en = names
    return (name_en or name) if lang == "en" else name


def _value(ranked: Ranked, x: float, precision: int) -> str:
    return f"{x:.{max(precision - 2, 1)}f}" if ranked.kind == "groups" else f"{x:.{precision}f}"


def _pct(x: float) -> str:
    return f"{100 * x:.1f}%"


def _interval(iv: tuple[float, float], precision: int) -> str:
    return f"[{iv[0]:.{precision}f}, {iv[1]:.{precision}f}]"


def nearest_swaps(crit: Criterion) -> tuple[Swap | None, Swap | None]:
    """The swap points nearest below and above the current weight."""
    below = [s for s in crit.swaps if s.x < crit.weight]
    above = [s for s in crit.swaps if s.x >= crit.weight]
    return (below[-1] if below else None), (above[0] if above else None)


def _swap_text(s: Swap | None, precision: int) -> str:
    return "-" if s is None else f"{s.first}/{s.second} @ {s.x:.{precision}f}"


ITEM_HEADERS = ("#", "id", "name", "value", "mean", "5%", "95%", "keeps rank", "first")
CRITERION_HEADERS = (
    "node",
    "parent",
    "weight",
    "top stays",
    "ranking stays",
    "swap below",
    "swap above",
)


def item_rows(
    oat: RankingSensitivity, stats: RankingStats, precision: int, lang: str
) -> list[list[str]]:
    ranked = oat.ranked
    names = dict(zip(ranked.ids, ranked.names, strict=True))
    return [
        [
            str(s.rank),
            s.id,
            label(names[s.id], lang),
            _value(ranked, s.value, precision),
            _value(ranked, s.mean, precision),
            _value(ranked, s.p5, precision),
            _value(ranked, s.p95, precision),
            _pct(s.keeps_rank),
            _pct(s.first),
        ]
        for s in stats.items
    ]


def criterion_rows(oat: RankingSensitivity, precision: int) -> list[list[str]]:
    rows = []
    for c in oat.criteria:
        below, above = nearest_swaps(c)
        rows.append(
            [
                c.node.id,
                c.parent.id,
                f"{c.weight:.{precision}f}",
                _interval(c.top_interval, precision),
                _interval(c.ranking_interval, precision),
                _swap_text(below, precision),
                _swap_text(above, precision),
            ]
        )
    return rows


def summary_lines(report: SensitivityReport) -> list[str]:
    """What was done, and the conclusion."""
    mc = report.monte_carlo
    seed = "none" if mc.seed is None else str(mc.seed)
    shares = ", ".join(
        f"{m.key}{' (alternatives)' if m.alternatives else ''} {_pct(m.share)}" for m in mc.matrices
    )
    top = report.decisive.top
    kind = report.decisive.ranked.kind
    verdict = (
        f"top of the {kind}: {top.id} ranks first in {_pct(report.top_share)} of samples "
        f"({'robust' if report.robust else 'NOT robust'} at --stability {report.stability:g})"
        if top is not None
        else f"nothing to rank among the {kind}"
    )
    how = (
        f"spread {mc.spread:g} (natural log)"
        if report.panel is None
        else f"{report.panel.judges} judges drawn with replacement, "
        f"{report.panel.aggregate.upper()}"
        + (", inconsistent judges left out" if report.panel.exclude_inconsistent else "")
    )
    lines = [
        f"Monte Carlo: {mc.samples} samples, {how}, seed {seed}",
        f"every matrix consistent in {_pct(mc.all_consistent)} of samples"
        + (f"; per matrix: {shares}" if shares else ""),
        verdict,
    ]
    if not report.weights.consistent:
        lines.append(
            "the judgments themselves are inconsistent "
            f"(a CR >= {report.weights.cr_threshold:g}; see ahp-eval check)"
        )
    return lines


def _table(headers: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    from ahp_eval.report.common import display_width, ljust

    widths = [max(display_width(r[i]) for r in [list(headers), *rows]) for i in range(len(headers))]
    return [
        "  ".join(ljust(cell, widths[i]) for i, cell in enumerate(row)).rstrip()
        for row in [list(headers), *rows]
    ]


def render_text(report: SensitivityReport, precision: int, lang: str) -> str:
    ev = report.weights.evaluation
    title = (ev.name_en or ev.name) if lang == "en" else ev.name
    out = [f"Sensitivity: {title or ev.goal.name}", *summary_lines(report)]
    for oat, stats in zip(report.one_at_a_time, report.monte_carlo.rankings, strict=True):
        out += ["", KIND_TITLES[oat.ranked.kind]]
        out += _table(ITEM_HEADERS, item_rows(oat, stats, precision, lang))
        out.append(f"whole ranking unchanged in {_pct(stats.same_ranking)} of samples")
        if oat.ranked.left_out:
            out.append("left out (an indicator without answers): " + ", ".join(oat.ranked.left_out))
        if oat.criteria:
            out += ["", "one at a time (local weight, siblings rescaled in proportion):"]
            out += _table(CRITERION_HEADERS, criterion_rows(oat, precision))
    return "\n".join(out) + "\n"


def render_json(report: SensitivityReport) -> str:
    from ahp_eval.report.json_text import dumps_indented

    return dumps_indented(report.to_dict()) + "\n"


def _md_table(headers: tuple[str, ...], rows: list[list[str]]) -> list[str]:
    return [
        "| " + " | ".join(headers) + " |",
        "|" + "|".join("---" for _ in headers) + "|",
        *("| " + " | ".join(md_text(c) for c in row) + " |" for row in rows),
    ]


def render_markdown(report: SensitivityReport, precision: int, lang: str) -> str:
    ev = report.weights.evaluation
    title = (ev.name_en or ev.name) if lang == "en" else ev.name
    out = [f"# Sensitivity: {md_text(title or ev.goal.name)}", ""]
    out += [f"- {md_text(line)}" for line in summary_lines(report)]
    for oat, stats in zip(report.one_at_a_time, report.monte_carlo.rankings, strict=True):
        out += ["", f"## {KIND_TITLES[oat.ranked.kind]}", ""]
        out += _md_table(ITEM_HEADERS, item_rows(oat, stats, precision, lang))
        out += ["", f"Whole ranking unchanged in {_pct(stats.same_ranking)} of samples."]
        if oat.ranked.left_out:
            left = ", ".join(md_text(x) for x in oat.ranked.left_out)
            out += ["", f"Left out (an indicator without answers): {left}"]
        if oat.criteria:
            out += ["", "One at a time (local weight, siblings rescaled in proportion):", ""]
            out += _md_table(CRITERION_HEADERS, criterion_rows(oat, precision))
    return "\n".join(out) + "\n"


def render_sensitivity(
    report: SensitivityReport, fmt: SensitivityFormat, precision: int, lang: str
) -> str:
    """The report in one of :data:`SENSITIVITY_FORMATS`."""
    if fmt == "json":
        return render_json(report)
    if fmt == "markdown":
        return render_markdown(report, precision, lang)
    if fmt == "html":
        from ahp_eval.report.sensitivity_html import render_html

        return render_html(report, precision, lang)
    return render_text(report, precision, lang)

"""``ahp-eval sensitivity`` as one self-contained HTML file: the tables, and for every
criterion the line chart of the decisive ranking's items (the groups when scored, else
the alternatives when there are any, else the indicators) against its local weight."""

from __future__ import annotations

from html import escape
from typing import TYPE_CHECKING

import numpy as np

from ahp_eval.ahp.sensitivity import Criterion, Ranked
from ahp_eval.report.charts import PALETTE, _chart, unique_svg_ids
from ahp_eval.report.score_html import CSS
from ahp_eval.report.sensitivity_plain import (
    CRITERION_HEADERS,
    ITEM_HEADERS,
    KIND_TITLES,
    SensitivityReport,
    criterion_rows,
    item_rows,
    label,
    summary_lines,
)

if TYPE_CHECKING:
    from matplotlib.axes import Axes

__all__ = ["CHART_ITEMS", "render_html", "sensitivity_lines"]

CHART_ITEMS = 10
"""A chart draws the lines of the first this many items of the current ranking."""

_NUMERIC = {"#", "value", "mean", "5%", "95%", "keeps rank", "first", "weight"}


def sensitivity_lines(
    crit: Criterion, ranked: Ranked, order: tuple[int, ...], title: str, lang: str
) -> str:
    """Each item's value as the criterion's local weight runs over [0, 1] (SVG), the
    current weight marked."""
    xs = np.linspace(0.0, 1.0, 41 if crit.normalised else 2)  # affine: a line
    ys = crit.values(xs)
    shown = order[:CHART_ITEMS]
    ylabel = {
        "leaves": "全局权重 Global weight",
        "alternatives": "总优先级 Total priority",
        "groups": "综合得分 Composite score",
    }[ranked.kind]

    def draw(ax: Axes) -> None:
        for n, k in enumerate(shown):
            style = "-" if n < len(PALETTE) else "--"
            ax.plot(
                xs,
                ys[:, k],
                style,
                color=PALETTE[n % len(PALETTE)],
                label=label(ranked.names[k], lang),
                linewidth=1.4,
            )
        ax.axvline(crit.weight, color="#555", linestyle=":", linewidth=1.2)
        lo, hi = crit.top_interval
        ax.axvspan(lo, hi, color="#4a9c5d", alpha=0.08, linewidth=0)
        ax.set_xlim(0.0, 1.0)
        ax.set_xlabel(f"{title}: 局部权重 local weight (current {crit.weight:.3f})")
        ax.set_ylabel(ylabel)
        ax.grid(alpha=0.3)
        ax.legend(loc="center left", bbox_to_anchor=(1.01, 0.5), fontsize="small")

    return _chart(7.5, 3.4, draw)


def _table(headers: tuple[str, ...], rows: list[list[str]]) -> str:
    def cls(h: str) -> str:
        return ' class="num"' if h in _NUMERIC else ""

    head = "".join(f"<th{cls(h)}>{escape(h)}</th>" for h in headers)
    body = "".join(
        "<tr>"
        + "".join(f"<td{cls(headers[i])}>{escape(c)}</td>" for i, c in enumerate(r))
        + "</tr>"
        for r in rows
    )
    return f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>"


def render_html(report: SensitivityReport, precision: int, lang: str) -> str:
    ev = report.weights.evaluation
    title = ((ev.name_en or ev.name) if lang == "en" else ev.name) or ev.goal.name
    parts = [
        "<!DOCTYPE html>",
        '<html lang="zh"><head><meta charset="utf-8">',
        f"<title>{escape('Sensitivity: ' + title)}</title>",
        f"<style>{CSS}</style></head><body>",
        f"<h1>{escape('Sensitivity: ' + title)}</h1>",
        '<ul class="how">',
        *(f"<li>{escape(line)}</li>" for line in summary_lines(report)),
        "</ul>",
    ]
    decisive = report.decisive.ranked.kind
    for oat, stats in zip(report.one_at_a_time, report.monte_carlo.rankings, strict=True):
        ranked = oat.ranked
        parts.append(f"<h2>{escape(KIND_TITLES[ranked.kind])}</h2>")
        parts.append(_table(ITEM_HEADERS, item_rows(oat, stats, precision, lang)))
        if ranked.left_out:
            left = ", ".join(ranked.left_out)
            parts.append(
                f'<p class="note">Left out (an indicator without answers): {escape(left)}</p>'
            )
        if not oat.criteria:
            continue
        parts.append(_table(CRITERION_HEADERS, criterion_rows(oat, precision)))
        if ranked.kind != decisive:
            continue
        if len(ranked.ids) > CHART_ITEMS:
            parts.append(f'<p class="note">Charts show the first {CHART_ITEMS} items.</p>')
        for crit in oat.criteria:
            name = crit.node.label(lang)
            chart = sensitivity_lines(crit, ranked, oat.order, crit.node.id, lang)
            parts.append(
                f'<h3>{escape(crit.node.id)} {escape(name)}</h3><div class="chart">{chart}</div>'
            )
    parts.append("</body></html>")
    return unique_svg_ids("\n".join(parts) + "\n")

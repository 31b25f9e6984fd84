"""``ahp-eval score`` as JSON, CSV or Markdown (no rich)."""

from __future__ import annotations

import csv
import io
import json

from ahp_eval.report.common import METHOD_LABELS, fmt, interval_text, weight_fmt
from ahp_eval.report.weigh_plain import md_table
from ahp_eval.scoring import QUADRANTS, GroupScore, ScoreResult

__all__ = ["SCORE_CSV_COLUMNS", "render_score_csv", "render_score_json", "render_score_markdown"]

WEAKEST = 5
"""How many indicators the reports list as the weakest points."""


def render_score_json(result: ScoreResult) -> str:
    """The documented JSON contract (full float precision)."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


SCORE_CSV_COLUMNS = (
    "group",
    "level",
    "id",
    "name",
    "n",
    "mean",
    "score",
    "global_weight",
    "grade",
    "shortfall",
    "quadrant",
)


def render_score_csv(result: ScoreResult, precision: int) -> str:
    """One row per group for the composite, then each criterion and indicator."""
    ev = result.weights.evaluation
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(SCORE_CSV_COLUMNS)
    p = precision
    for g in result.groups:
        w.writerow(
            (
                g.group,
                "goal",
                ev.goal.id,
                ev.goal.name,
                g.n,
                "",
                fmt(g.composite, p),
                "1",
                g.grade,
                "",
                "",
            )
        )
        for cid, s in g.criteria.items():
            node = ev.nodes[cid]
            weight = result.weights.node_weights[cid]
            w.writerow(
                (
                    g.group,
                    "criterion",
                    cid,
                    node.name,
                    "",
                    "",
                    fmt(s, p),
                    weight_fmt(weight, p),
                    "",
                    "",
                    "",
                )
            )
        for iid, ind in g.indicators.items():
            w.writerow(
                (
                    g.group,
                    "indicator",
                    iid,
                    ev.nodes[iid].name,
                    ind.n,
                    fmt(ind.mean, p),
                    fmt(ind.score, p),
                    weight_fmt(ind.global_weight, p),
                    "",
                    fmt(ind.shortfall, p),
                    ind.quadrant,
                )
            )
    return buf.getvalue()


def how_text(result: ScoreResult) -> list[str]:
    """The lines that say how every number was computed."""
    w = result.weights
    lo, hi = result.scale
    formula = (
        f"(x - {lo:g}) / ({hi:g} - {lo:g}) × 100"
        if result.score_formula == "range"
        else f"x / {hi:g} × 100"
    )
    if result.interval_method == "bootstrap":
        interval = f"percentile bootstrap, {result.bootstrap} resamples, seed {result.seed}"
    else:
        interval = "normal, from the pairwise-complete covariance of the answers"
    lines = [
        f"权重 Weights: {METHOD_LABELS[w.method]}; RI table {w.ri_table.label}; "
        f"total CR {w.total.cr:.4f}" + ("" if w.consistent else " — INCONSISTENT"),
        f"量表 Scale: {lo:g}-{hi:g}; score = {formula}",
        f"区间 95% interval: {interval}",
    ]
    if w.evaluation.settings.illustrative:
        lines.append("示例判断 Illustrative judgments: the weights are not a real panel's")
    rs = result.responses
    if rs.ignored_columns:
        lines.append(f"忽略的列 Ignored columns: {', '.join(rs.ignored_columns)}")
    if rs.dropped:
        lines.append(f"剔除的无效单元格 Dropped invalid cells: {len(rs.dropped)}")
    return lines


def _group_md(result: ScoreResult, g: GroupScore, p: int, lang: str) -> list[str]:
    ev = result.weights.evaluation
    out = [
        f"## {g.group}",
        "",
        (
            f"**综合得分 Composite {fmt(g.composite, p)}** (95% {interval_text(g.interval, p)}), "
            f"**{g.grade}**, n = {g.n}"
        ),
        "",
    ]
    alpha = g.alpha
    rows = []
    for cid, s in g.criteria.items():
        a = alpha.get(cid)
        shown = f"{a.value:.3f} (n={a.n})" if a is not None and a.value is not None else "—"
        rows.append(
            [
                cid,
                ev.nodes[cid].label(lang),
                weight_fmt(result.weights.node_weights[cid], p),
                fmt(s, p),
                shown,
            ]
        )
    out += md_table(
        ["ID", "准则 Criterion", "权重 Weight", "得分 Score", "Cronbach α"], rows, {2, 3}
    )
    overall = alpha["overall"]
    if overall.value is not None:
        out += ["", f"Cronbach α overall {overall.value:.3f} (k={overall.k}, n={overall.n})"]
    out += ["", "### 待改进 Weakest points", ""]
    rows = [
        [
            iid,
            ev.nodes[iid].label(lang),
            fmt(g.indicators[iid].score, p),
            weight_fmt(g.indicators[iid].global_weight, p),
            fmt(g.indicators[iid].shortfall, p),
            QUADRANTS[g.indicators[iid].quadrant],
        ]
        for iid in g.priorities[:WEAKEST]
    ]
    out += md_table(
        [
            "ID",
            "指标 Indicator",
            "得分 Score",
            "权重 Weight",
            "加权差距 Shortfall",
            "象限 Quadrant",
        ],
        rows,
        {2, 3, 4},
    )
    if g.gap is not None:
        out += ["", f"SERVQUAL 差距 Gap (perception − expectation, weighted): {g.gap:+.{p}f}"]
    if g.fuzzy is not None:
        f = g.fuzzy
        vec = ", ".join(f"{lab}: {v:.3f}" for lab, v in zip(f.labels, f.goal, strict=True))
        out += [
            "",
            (
                f"模糊综合评价 Fuzzy evaluation ({f.basis}): B = [{vec}]; "
                f"max membership {f.max_label}; score {fmt(f.implied_score, p)} ({f.grade})"
            ),
        ]
    return [*out, ""]


def render_score_markdown(result: ScoreResult, precision: int, lang: str = "zh") -> str:
    """The rated report in Markdown: how it was computed, each group, the ranking."""
    ev = result.weights.evaluation
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    out = [
        f"# {title}",
        "",
        f"- 文件 File: `{ev.path}`; 数据 Responses: `{result.responses.source}`",
    ]
    out += [f"- {line}" for line in how_text(result)]
    out.append("")
    for g in result.groups:
        out += _group_md(result, g, precision, lang)
    if len(result.groups) > 1:
        out += ["## 排名 Ranking", ""]
        rows = [
            [
                str(k),
                g.group,
                str(g.n),
                fmt(g.composite, precision),
                interval_text(g.interval, precision),
                g.grade,
            ]
            for k, g in enumerate(result.ranking, start=1)
        ]
        out += md_table(
            ["排名 Rank", "对象 Group", "n", "综合得分 Composite", "95% interval", "等级 Grade"],
            rows,
            {0, 2, 3},
        )
        out.append("")
    return "\n".join(out)

"""``ahp-eval score`` as JSON, CSV or Markdown (no rich)."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator

from ahp_eval.report.common import (
    METHOD_LABELS,
    CsvRows,
    fmt,
    interval_text,
    md_code,
    md_text,
    weight_fmt,
)
from ahp_eval.report.score_json import score_json_pieces
from ahp_eval.report.score_weights import node_weights
from ahp_eval.report.weigh_plain import md_table
from ahp_eval.survey.scoring import QUADRANTS, GroupScore, ScoreResult

__all__ = [
    "SCORE_CSV_COLUMNS",
    "render_score_csv",
    "render_score_json",
    "render_score_markdown",
    "score_csv_pieces",
    "score_json_pieces",
    "score_markdown_pieces",
]

WEAKEST = 5
"""How many indicators the reports list as the weakest points."""


def render_score_json(result: ScoreResult) -> str:
    """The documented JSON contract (full float precision)."""
    return "".join(score_json_pieces(result))


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
    "sd",
    "satisfaction_rate",
)


def render_score_csv(result: ScoreResult, precision: int) -> str:
    """One row per group for the composite, then each criterion and indicator."""
    return "".join(score_csv_pieces(result, precision))


def score_csv_pieces(result: ScoreResult, precision: int) -> Iterator[str]:
    """:func:`render_score_csv` in pieces: the header, then each group's rows."""
    ev = result.weights.evaluation
    buf = io.StringIO()
    w = CsvRows(buf)
    w.writerow(SCORE_CSV_COLUMNS)
    p = precision
    for g in result.groups:
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()
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
                "",
                "",
            )
        )
        for cid, s in g.criteria.items():
            node = ev.nodes[cid]
            weight = node_weights(result)[cid]
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
                    "" if ind.sd is None else fmt(ind.sd, p),
                    "" if ind.satisfaction is None else fmt(ind.satisfaction, p + 2),
                )
            )
    yield buf.getvalue()


def how_text(result: ScoreResult) -> list[str]:
    """The lines that say how every number was computed."""
    w = result.weights
    lo, hi = result.scale.min, result.scale.max
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
        f"total CR {w.total.cr:.4f} (threshold {w.cr_threshold:g})"
        + ("" if w.consistent else " — INCONSISTENT"),
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
    if rs.labels:
        lines.append(f"答案标签 Answer labels: answer texts read by the {rs.labels} labels")
    from ahp_eval.report.score_weights import weights_line

    chosen = weights_line(result)
    if chosen is not None:
        lines.append(chosen)
    return lines


Header = tuple[str, bool]
"""A column: its bilingual label and whether it holds numbers (right-aligned)."""

CRITERIA_HEADERS: list[Header] = [
    ("ID", False),
    ("准则 Criterion", False),
    ("权重 Weight", True),
    ("得分 Score", True),
    ("Cronbach α", True),
]
WEAKEST_HEADERS: list[Header] = [
    ("ID", False),
    ("指标 Indicator", False),
    ("得分 Score", True),
    ("权重 Weight", True),
    ("加权差距 Shortfall", True),
    ("象限 Quadrant", False),
]
RANKING_HEADERS: list[Header] = [
    ("排名 Rank", True),
    ("对象 Group", False),
    ("n", True),
    ("综合得分 Composite", True),
    ("95% interval", True),
    ("等级 Grade", False),
]


def verdict_text(g: GroupScore, p: int, shown: Callable[[str], str] = str) -> str:
    """The verdict line; ``shown`` renders the user's grade label for the format."""
    return (
        f"综合得分 Composite {fmt(g.composite, p)} (95% {interval_text(g.interval, p)}), "
        f"{shown(g.grade)}, n = {g.n}"
    )


def criteria_rows(result: ScoreResult, g: GroupScore, p: int, lang: str) -> list[list[str]]:
    """Criterion, its global weight, sub-score and Cronbach's alpha (with n)."""
    ev = result.weights.evaluation
    rows = []
    for cid, s in g.criteria.items():
        a = g.alpha.get(cid)
        shown = f"{a.value:.3f} (n={a.n})" if a is not None and a.value is not None else "—"
        weight = weight_fmt(node_weights(result)[cid], p)
        rows.append([cid, ev.nodes[cid].label(lang), weight, fmt(s, p), shown])
    return rows


def weakest_ids(g: GroupScore) -> list[str]:
    """The weakest points: the most urgent indicators by weighted shortfall, leaving out
    those to keep up (high importance, high performance: a strength, not a weak point)."""
    weak = [i for i in g.priorities if g.indicators[i].quadrant != "keep_up"]
    return weak[:WEAKEST]


def weakest_rows(result: ScoreResult, g: GroupScore, p: int, lang: str) -> list[list[str]]:
    """The weakest points by weighted shortfall, with their quadrant (never Keep up)."""
    ev = result.weights.evaluation
    rows = []
    for iid in weakest_ids(g):
        ind = g.indicators[iid]
        rows.append(
            [
                iid,
                ev.nodes[iid].label(lang),
                fmt(ind.score, p),
                weight_fmt(ind.global_weight, p),
                fmt(ind.shortfall, p),
                QUADRANTS[ind.quadrant],
            ]
        )
    return rows


def ranking_rows(result: ScoreResult, p: int) -> list[list[str]]:
    return [
        [str(k), g.group, str(g.n), fmt(g.composite, p), interval_text(g.interval, p), g.grade]
        for k, g in enumerate(result.ranking, start=1)
    ]


def group_notes(g: GroupScore, p: int, shown: Callable[[str], str] = str) -> list[str]:
    """Overall alpha, the SERVQUAL gap and the fuzzy verdict, where there are any."""
    notes = []
    overall = g.alpha["overall"]
    if overall.value is not None:
        notes.append(f"Cronbach α overall {overall.value:.3f} (k={overall.k}, n={overall.n})")
    if g.gap is not None:
        notes.append(f"SERVQUAL 差距 Gap (perception − expectation, weighted): {g.gap:+.{p}f}")
    if g.fuzzy is not None:
        f = g.fuzzy
        vec = ", ".join(f"{shown(lab)}: {v:.3f}" for lab, v in zip(f.labels, f.goal, strict=True))
        notes.append(
            f"模糊综合评价 Fuzzy evaluation ({f.basis}): B = [{vec}]; "
            f"max membership {shown(f.max_label)}; score {fmt(f.implied_score, p)} "
            f"({shown(f.grade)})"
        )
    return notes


def _md(headers: list[Header], rows: list[list[str]]) -> list[str]:
    return md_table([h for h, _ in headers], rows, {i for i, (_, num) in enumerate(headers) if num})


def _group_md(result: ScoreResult, g: GroupScore, p: int, lang: str) -> list[str]:
    out = [f"## {md_text(g.group)}", "", f"**{verdict_text(g, p, md_text)}**", ""]
    out += _md(CRITERIA_HEADERS, criteria_rows(result, g, p, lang))
    for note in group_notes(g, p, md_text):
        out += ["", note]
    out += ["", "### 待改进 Weakest points", ""]
    out += _md(WEAKEST_HEADERS, weakest_rows(result, g, p, lang))
    out += ["", "### 指标 Indicators", ""]
    out += _md(*indicator_table(result, g, p, lang))
    return [*out, ""]


def render_score_markdown(result: ScoreResult, precision: int, lang: str = "zh") -> str:
    """The rated report in Markdown: how it was computed, each group, the ranking."""
    return "".join(score_markdown_pieces(result, precision, lang))


def score_markdown_pieces(result: ScoreResult, precision: int, lang: str = "zh") -> Iterator[str]:
    """:func:`render_score_markdown` in pieces: the head, each group, the ranking."""
    ev = result.weights.evaluation
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    out = [
        f"# {md_text(title)}",
        "",
        f"- 文件 File: {md_code(ev.path)}; 数据 Responses: {md_code(result.responses.source)}",
    ]
    out += [f"- {line}" for line in how_text(result)]
    out.append("")
    from ahp_eval.report.score_weights import WEIGHT_HEADERS, weights_rows

    leaf_weights = weights_rows(result, precision, lang)
    if leaf_weights:
        out += ["## 指标权重 Indicator weights", "", *_md(WEIGHT_HEADERS, leaf_weights), ""]
    yield "\n".join(out)  # the lines of every piece joined by newlines, as one text
    for g in result.groups:
        yield "\n" + "\n".join(_group_md(result, g, precision, lang))
    if result.reliability is not None:
        from ahp_eval.report.score_reliability import reliability_markdown

        yield "\n" + "\n".join(reliability_markdown(result, precision, lang))
    if len(result.groups) > 1:
        from ahp_eval.report.score_compare import comparison_markdown, ranking_table

        ranking = [
            "## 排名 Ranking",
            "",
            *_md(*ranking_table(result, precision)),
            "",
            *comparison_markdown(result, precision),
            "## 指标 × 对象 Indicators by group",
            "",
            *_md_escaped(*indicator_site_table(result, precision, lang)),
            "",
        ]
        yield "\n" + "\n".join(ranking)


# --- the full indicator table and the indicator x group table ---------------------------------


def percent(share: float | None, p: int) -> str:
    """A share (0-1) as a percentage, "—" for none."""
    return "—" if share is None else f"{share * 100:.{max(p - 2, 1)}f}%"


def indicator_table(
    result: ScoreResult, g: GroupScore, p: int, lang: str
) -> tuple[list[Header], list[list[str]]]:
    """Every indicator of a group, in the hierarchy's order: n, mean, sd, satisfaction
    rate, score, global weight, weighted shortfall, quadrant, and the SERVQUAL gap
    where there is one."""
    ev = result.weights.evaluation
    gap = any(ind.gap is not None for ind in g.indicators.values())
    headers: list[Header] = [
        ("ID", False),
        ("指标 Indicator", False),
        ("n", True),
        ("均值 Mean", True),
        ("标准差 SD", True),
        (
            f"满意率 Satisfied (≥ {result.satisfied_min:g})"
            if result.satisfied_min is not None
            else "满意率 Satisfied",
            True,
        ),
        ("得分 Score", True),
        ("权重 Weight", True),
        ("加权差距 Shortfall", True),
        ("象限 Quadrant", False),
    ]
    if gap:
        headers.append(("SERVQUAL 差距 Gap", True))
    rows = []
    for iid, ind in g.indicators.items():
        row = [
            iid,
            ev.nodes[iid].label(lang),
            str(ind.n),
            fmt(ind.mean, p),
            "—" if ind.sd is None else fmt(ind.sd, p),
            percent(ind.satisfaction, p),
            fmt(ind.score, p),
            weight_fmt(ind.global_weight, p),
            fmt(ind.shortfall, p),
            QUADRANTS[ind.quadrant],
        ]
        if gap:
            row.append("—" if ind.gap is None else f"{ind.gap:+.{p}f}")
        rows.append(row)
    return headers, rows


def indicator_site_table(
    result: ScoreResult, p: int, lang: str
) -> tuple[list[Header], list[list[str]]]:
    """Indicators down, groups (best first) across: each cell the 0-100 score, and the
    satisfaction rate where there is one."""
    ev = result.weights.evaluation
    groups = list(result.ranking)
    headers: list[Header] = [("ID", False), ("指标 Indicator", False)]
    headers += [(g.group, True) for g in groups]
    rows = []
    for leaf in ev.leaves():
        row = [leaf.id, leaf.label(lang)]
        for g in groups:
            ind = g.indicators[leaf.id]
            cell = fmt(ind.score, p)
            if ind.satisfaction is not None:
                cell += f" ({percent(ind.satisfaction, p)})"
            row.append(cell)
        rows.append(row)
    return headers, rows


def _md_escaped(headers: list[Header], rows: list[list[str]]) -> list[str]:
    """:func:`_md` of a table whose headers are the user's names."""
    return _md([(md_text(h), num) for h, num in headers], rows)

"""``ahp-eval weigh`` as JSON, CSV or Markdown (plain text formats, no rich)."""

from __future__ import annotations

import io
import json

from ahp_eval.ahp.findings import change_text, measure_before
from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.model.values import format_judgment
from ahp_eval.report.common import (
    METHOD_LABELS,
    CsvRows,
    display_width,
    fmt,
    md_code,
    md_text,
    pass_mark,
)
from ahp_eval.report.incomplete import cr_name, incomplete_lines

__all__ = ["CSV_COLUMNS", "render_csv", "render_json", "render_markdown"]


def render_json(result: HierarchyResult) -> str:
    """The documented JSON contract (full float precision)."""
    if getattr(result, "matrices_panel", None) is not None:  # a panel's aggregate
        from ahp_eval.report.panel_text import panel_json

        return panel_json(result)
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id",
    "name",
    "name_en",
    "parent",
    "level",
    "is_leaf",
    "local_weight",
    "parent_weight",
    "global_weight",
    "rank",
    "parent_cr",
    "method",
    "ri_table",
    "kind",
)
"""The CSV columns; ``kind`` (last) tells the rows apart: ``criterion`` and
``indicator`` (the hierarchy), ``alternative`` (an alternative's local priority under
one leaf) and ``alternative_total`` (its total priority and rank)."""


def render_csv(result: HierarchyResult, precision: int) -> str:
    """One row per criterion and indicator, in declared order; with alternatives, then
    one row per leaf and alternative and one per alternative's total."""
    buf = io.StringIO()
    writer = CsvRows(buf)
    writer.writerow(CSV_COLUMNS)
    ranks = {r.node.id: r.rank for r in result.ranking}
    for m in result.matrices:
        for child in m.node.children:
            writer.writerow(
                (
                    child.id,
                    child.name,
                    child.name_en or "",
                    m.node.id,
                    child.level,
                    "yes" if child.is_leaf else "no",
                    fmt(m.weights[child.id], precision),
                    fmt(m.global_weight, precision),
                    fmt(result.node_weights[child.id], precision),
                    ranks.get(child.id, ""),
                    fmt(m.cr, precision),
                    m.method,
                    result.ri_table.key,
                    "indicator" if child.is_leaf else "criterion",
                )
            )
    _alternatives_csv(result, precision, writer)
    return buf.getvalue()


def _alternatives_csv(result: HierarchyResult, precision: int, writer: CsvRows) -> None:
    """Under each leaf, each alternative: parent the leaf, local_weight its priority in
    the synthesis, parent_weight the leaf's global weight, global_weight their product,
    parent_cr the leaf matrix's CR, method its method (or ``performance``). Then each
    alternative's total: parent the goal, global_weight its total priority, rank."""
    alt = result.alternatives
    if alt is None:
        return
    for leaf in alt.leaves:
        for a in alt.alternatives:
            local = leaf.local[a.id]
            writer.writerow(
                (
                    a.id,
                    a.name,
                    a.name_en or "",
                    leaf.id,
                    leaf.leaf.level + 1,
                    "",
                    fmt(local, precision),
                    fmt(leaf.global_weight, precision),
                    fmt(leaf.global_weight * local, precision),
                    "",
                    fmt(leaf.cr, precision) if leaf.judgment is not None else "",
                    leaf.method or "performance",
                    result.ri_table.key if leaf.judgment is not None else "",
                    "alternative",
                )
            )
    goal = result.evaluation.goal.id
    for r in sorted(alt.ranking, key=lambda r: alt.alternatives.index(r.alternative)):
        a = r.alternative
        writer.writerow(
            (
                a.id,
                a.name,
                a.name_en or "",
                goal,
                "",
                "",
                "",
                "",
                fmt(r.priority, precision),
                r.rank,
                "",
                alt.synthesis,
                "",
                "alternative_total",
            )
        )


def md_table(headers: list[str], rows: list[list[str]], right: set[int]) -> list[str]:
    """A Markdown table, every cell shown literally (see :func:`md_text`), columns aligned."""
    rows = [[md_text(c) for c in row] for row in rows]
    widths = [
        max([display_width(h), *(display_width(r[i]) for r in rows)])  # rows may be none
        for i, h in enumerate(headers)
    ]

    def line(cells: list[str]) -> str:
        out = []
        for i, c in enumerate(cells):
            pad = widths[i] - display_width(c)
            out.append(" " * pad + c if i in right else c + " " * pad)
        return "| " + " | ".join(out) + " |"

    sep = (
        "|"
        + "|".join(
            ("-" * (w + 1) + ":") if i in right else ("-" * (w + 2)) for i, w in enumerate(widths)
        )
        + "|"
    )
    return [line(headers), sep, *(line(r) for r in rows)]


SYNTHESIS_LABELS = {
    "distributive": "distributive 分配式 (each leaf's priorities sum to 1)",
    "ideal": "ideal 理想式 (each leaf's best alternative counts 1; Belton and Gear 1983)",
}


def _alternatives_markdown(result: HierarchyResult, p: int, lang: str) -> list[str]:
    """The alternatives' priorities under every leaf and their total ranking."""
    alt = result.alternatives
    if alt is None:
        return []
    out = [
        "",
        "## 备选方案 Alternatives",
        "",
        f"合成 Synthesis: {SYNTHESIS_LABELS[alt.synthesis]}",
        "",
    ]
    rows = []
    for leaf in alt.leaves:
        if leaf.judgment is not None:
            how = f"CR = {fmt(leaf.cr, p)} {pass_mark(leaf.consistent)}"
        else:
            cost = leaf.performance is not None and leaf.performance.cost
            how = "scores 评分, cost 成本型 (1/x)" if cost else "scores 评分"
        rows.append(
            [
                leaf.id,
                leaf.leaf.label(lang),
                fmt(leaf.global_weight, p),
                *(fmt(leaf.local[a.id], p) for a in alt.alternatives),
                how,
            ]
        )
    k = len(alt.alternatives)
    out += md_table(
        [
            "ID",
            "名称 Name",
            "全局权重 Global",
            *(md_text(a.label(lang)) for a in alt.alternatives),
            "判断 Basis",
        ],
        rows,
        set(range(2, 3 + k)),
    )
    out += ["", "### 备选方案总排序 Ranking of the alternatives", ""]
    rows = [
        [str(r.rank), r.alternative.id, r.alternative.label(lang), fmt(r.priority, p)]
        for r in alt.ranking
    ]
    out += md_table(["排序 Rank", "ID", "名称 Name", "总优先级 Priority"], rows, {0, 3})
    for leaf in alt.leaves:
        for s in leaf.suggestions:
            out.append(
                f"- {md_text(leaf.id)}: {md_text(s.row)}/{md_text(s.col)}: the other judgments "
                f"imply {s.implied:.3g} "
                f"(nearest scale value {format_judgment(s.suggested)})"
            )
    return out


def render_markdown(result: HierarchyResult, precision: int, lang: str = "zh") -> str:
    """A Markdown report: settings, one table per matrix, the total ranking, total CR."""
    ev = result.evaluation
    p = precision
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    out = [f"# {md_text(title)}", ""]
    if ev.settings.illustrative:
        out += ["> **示例判断 Illustrative judgments**: not the judgments of a real panel.", ""]
    out += [
        f"- 文件 File: {md_code(ev.path)}"
        + (f" (judgments: {md_code(ev.judgments_path)})" if ev.judgments_path else ""),
        *([f"- 判断者 Judge: {md_text(ev.judge)}"] if ev.judge else []),
        f"- 方法 Method: {METHOD_LABELS[result.method]}",
        f"- RI 表 RI table: {result.ri_table.label}",
        f"- 阈值 Threshold: CR < {result.cr_threshold:g}",
        "",
        "## 判断矩阵 Judgment matrices",
        "",
    ]
    for m in result.matrices:
        out += [f"### {md_text(m.node.id)} {md_text(m.node.label(lang))}", ""]
        if m.judgment.note:
            out += [f"*{md_text(m.judgment.note)}*", ""]
        rows = [[c.id, c.label(lang), fmt(m.weights[c.id], p)] for c in m.node.children]
        out += md_table(["ID", "名称 Name", "权重 Weight"], rows, {2})
        out += [
            "",
            (
                f"λmax = {fmt(m.lambda_max, p)}, CI = {fmt(m.ci, p)}, RI = {m.ri:.4g}, "
                f"{cr_name(m)} = {fmt(m.cr, p)} {pass_mark(m.consistent)}"
            ),
            "",
        ]
        extra = incomplete_lines(m, result.cr_threshold, p)
        if extra:
            out += [*(f"- {md_text(line)}" for line in extra), ""]
        out.extend(f"- {md_code(change_text(s, measure_before(m)))}" for s in m.repair)
        if not m.repair:
            out.extend(
                f"- {md_text(s.row)}/{md_text(s.col)}: the other judgments imply "
                f"{s.implied:.3g} (nearest scale value {format_judgment(s.suggested)})"
                for s in m.suggestions
            )
        if m.repair or m.suggestions:
            out.append("")
    out += ["## 层次总排序 Total ranking", ""]
    rows = [
        [
            str(r.rank),
            r.node.id,
            r.node.label(lang),
            r.parent.id,
            fmt(r.local_weight, p),
            fmt(r.parent_weight, p),
            fmt(r.global_weight, p),
        ]
        for r in result.ranking
    ]
    out += md_table(
        [
            "排序 Rank",
            "ID",
            "名称 Name",
            "上级 Parent",
            "局部权重 Local",
            "上级权重 Parent weight",
            "全局权重 Global",
        ],
        rows,
        {0, 4, 5, 6},
    )
    out += _alternatives_markdown(result, p, lang)
    out += ["", "## 总排序一致性 Total consistency", ""]
    rows = [
        [
            str(lv.level),
            fmt(lv.ci, p),
            fmt(lv.ri, p),
            fmt(lv.cr, p),
            fmt(lv.cr_cumulative, p),
            pass_mark(lv.consistent),
        ]
        for lv in result.levels
    ]
    out += md_table(
        ["层 Level", "Σa·CI", "Σa·RI", "CR (tested)", "CR cumulative", "结果 Result"],
        rows,
        {1, 2, 3, 4},
    )
    out += [
        "",
        (
            f"CR_total = Σ a_j CI_j / Σ a_j RI_j = {fmt(result.total.cr, p)} "
            f"(tested against {result.cr_threshold:g}); cumulative form "
            f"{fmt(result.total.cr_cumulative, p)} (reported, not tested)."
        ),
        "",
    ]
    if getattr(result, "matrices_panel", None) is not None:  # a panel's aggregate
        from ahp_eval.report.panel_text import panel_markdown

        out += panel_markdown(result, p)
    return "\n".join(out)

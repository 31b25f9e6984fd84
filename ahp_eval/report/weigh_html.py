"""``ahp-eval weigh`` as one self-contained HTML page: the hierarchy drawn as a tree with
local and global weights, each matrix's weights and consistency, and the total ranking."""

from __future__ import annotations

from html import escape

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.report.common import METHOD_LABELS, fmt
from ahp_eval.report.score_html import CSS, _table
from ahp_eval.report.tree_svg import hierarchy_tree

__all__ = ["render_weigh_html"]


def render_weigh_html(result: HierarchyResult, precision: int, lang: str = "zh") -> str:
    """The weights as a page (names escaped)."""
    ev = result.evaluation
    p = precision
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    how = [
        f"文件 File: {ev.path}",
        f"方法 Method: {METHOD_LABELS[result.method]}; RI 表 RI table: {result.ri_table.label}",
        f"总 CR Total CR: {result.total.cr:.4f} (threshold {result.cr_threshold:g})"
        + ("" if result.consistent else " — INCONSISTENT"),
    ]
    body = [f"<h1>{escape(title)}</h1>", '<ul class="how">']
    body += [f"<li>{escape(line)}</li>" for line in how]
    body.append("</ul>")
    if ev.settings.illustrative:
        body.append(
            '<p class="illustrative">示例判断 Illustrative judgments: '
            "the weights are not a real panel's.</p>"
        )
    body += [
        "<h2>层次结构 Hierarchy</h2>",
        f'<div class="chart">{hierarchy_tree(result, lang, p)}</div>',
        "<h2>判断矩阵 Judgment matrices</h2>",
    ]
    for m in result.matrices:
        body.append(f"<h3>{escape(m.node.id)} {escape(m.node.label(lang))}</h3>")
        rows = [[c.id, c.label(lang), fmt(m.weights[c.id], p)] for c in m.node.children]
        body.append(_table([("ID", False), ("名称 Name", False), ("权重 Weight", True)], rows))
        verdict = "consistent" if m.consistent else "INCONSISTENT"
        body.append(
            f'<p class="note">λmax = {fmt(m.lambda_max, p)}, CI = {fmt(m.ci, p)}, '
            f"RI = {m.ri:.4g}, CR = {fmt(m.cr, p)} ({verdict})</p>"
        )
    body.append("<h2>层次总排序 Total ranking</h2>")
    rows = [
        [
            str(r.rank),
            r.node.id,
            r.node.label(lang),
            r.parent.id,
            fmt(r.local_weight, p),
            fmt(r.global_weight, p),
        ]
        for r in result.ranking
    ]
    headers = [
        ("排序 Rank", True),
        ("ID", False),
        ("名称 Name", False),
        ("上级 Parent", False),
        ("局部权重 Local", True),
        ("全局权重 Global", True),
    ]
    body.append(_table(headers, rows))
    return (
        "<!DOCTYPE html>\n"
        f'<html lang="{"en" if lang == "en" else "zh-CN"}"><head><meta charset="utf-8">'
        f'<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>\n<body>\n"
        + "\n".join(body)
        + "\n</body></html>\n"
    )

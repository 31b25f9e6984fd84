"""``ahp-eval weigh`` as rich tables.

rich measures East Asian wide characters, so Chinese names line up.
"""

from __future__ import annotations

import io

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ahp_eval.ahp.findings import change_text, measure_before
from ahp_eval.ahp.hierarchy import HierarchyResult, MatrixResult
from ahp_eval.model.values import format_judgment
from ahp_eval.report.common import METHOD_LABELS, fmt, pass_mark
from ahp_eval.report.console import make_console
from ahp_eval.report.incomplete import cr_name, incomplete_lines

__all__ = ["render_table", "status_text", "weigh_renderable"]


def status_text(ok: bool) -> Text:
    return Text(pass_mark(ok), style="green" if ok else "bold red")


def _table() -> Table:
    return Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)


def _matrix_block(m: MatrixResult, p: int, lang: str, threshold: float) -> Group:
    title = Text.assemble(
        (f"{m.node.id} {m.node.label(lang)}", "bold"),
        f" · 判断矩阵 judgment matrix, n = {len(m.node.children)}",
    )
    table = _table()
    table.add_column("ID", style="cyan", no_wrap=True)
    table.add_column("名称\nName", overflow="fold")
    table.add_column("权重\nWeight", justify="right", no_wrap=True)
    for c in m.node.children:
        table.add_row(Text(c.id), Text(c.label(lang)), fmt(m.weights[c.id], p))
    caption = Text.assemble(
        f"λmax {fmt(m.lambda_max, p)}  CI {fmt(m.ci, p)}  RI {m.ri:.4g}  "
        f"{cr_name(m)} {fmt(m.cr, p)}  ",
        status_text(m.consistent),
    )
    for line in incomplete_lines(m, threshold, p):
        caption.append(f"\n{line}")
    if m.judgment.note:
        caption.append(f"\n{m.judgment.note}", style="dim")
    for s in m.repair:
        caption.append(f"\n  {change_text(s, measure_before(m))}", style="yellow")
    return Group(title, table, caption)


def _alternatives_block(result: HierarchyResult, p: int, lang: str) -> list[RenderableType]:
    """The alternatives' priorities under every leaf, and their total ranking."""
    alt = result.alternatives
    if alt is None:
        return []
    under = _table()
    under.add_column("ID", style="cyan", no_wrap=True)
    under.add_column("名称\nName", overflow="fold")
    under.add_column("全局权重\nGlobal", justify="right", no_wrap=True)
    for a in alt.alternatives:
        under.add_column(Text(a.label(lang)), justify="right", overflow="fold")
    under.add_column("判断\nBasis")
    for leaf in alt.leaves:
        if leaf.judgment is not None:
            basis = Text.assemble(f"CR {fmt(leaf.cr, p)} ", status_text(leaf.consistent))
        else:
            cost = leaf.performance is not None and leaf.performance.cost
            basis = Text("scores 评分, cost 成本型 (1/x)" if cost else "scores 评分")
        under.add_row(
            Text(leaf.id),
            Text(leaf.leaf.label(lang)),
            fmt(leaf.global_weight, p),
            *(fmt(leaf.local[a.id], p) for a in alt.alternatives),
            basis,
        )
    caption = Text(f"合成 Synthesis: {alt.synthesis}", style="dim")
    for leaf in alt.leaves:
        for s in leaf.suggestions:
            caption.append(
                f"\n  {leaf.id}: {s.row}/{s.col} = {format_judgment(s.value)}: the others "
                f"imply {s.implied:.3g} (scale value {format_judgment(s.suggested)})",
                style="yellow",
            )
    ranking = _table()
    ranking.add_column("排序\nRank", justify="right", no_wrap=True)
    ranking.add_column("ID", no_wrap=True)
    ranking.add_column("名称\nName", overflow="fold")
    ranking.add_column("总优先级\nPriority", justify="right", no_wrap=True)
    for r in alt.ranking:
        ranking.add_row(
            str(r.rank), Text(r.alternative.id), Text(r.alternative.label(lang)), fmt(r.priority, p)
        )
    return [
        Text("备选方案 Alternatives", style="bold"),
        under,
        caption,
        Text(),
        Text("备选方案总排序 Ranking of the alternatives", style="bold"),
        ranking,
        Text(),
    ]


def weigh_renderable(result: HierarchyResult, precision: int, lang: str = "zh") -> RenderableType:
    """Header, one table per matrix, the total ranking and the total consistency."""
    ev = result.evaluation
    p = precision
    parts: list[RenderableType] = []
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    head = Text(title, style="bold")
    head.append(f"\n文件 File: {ev.path}", style="dim")
    if ev.judgments_path:
        head.append(f"  判断 Judgments: {ev.judgments_path}", style="dim")
    if ev.judge:
        head.append(f"  判断者 Judge: {ev.judge}", style="dim")
    head.append(f"\n方法 Method: {METHOD_LABELS[result.method]}")
    head.append(f"\nRI 表 RI table: {result.ri_table.label}")
    head.append(f"\n阈值 Threshold: CR < {result.cr_threshold:g}")
    if ev.settings.illustrative:
        head.append("\n示例判断 Illustrative judgments: not a real panel's", style="bold yellow")
    parts += [head, Text()]
    for m in result.matrices:
        parts += [_matrix_block(m, p, lang, result.cr_threshold), Text()]

    ranking = _table()
    for name, right in (
        ("排序\nRank", True),
        ("ID", False),
        ("名称\nName", False),
        ("上级\nParent", False),
        ("局部权重\nLocal", True),
        ("上级权重\nParent", True),
        ("全局权重\nGlobal", True),
    ):
        # numbers and ids never wrap or shorten; names fold onto a second line instead
        ranking.add_column(
            name,
            justify="right" if right else "left",
            no_wrap=right or name == "ID",
            overflow="fold",
        )
    for r in result.ranking:
        ranking.add_row(
            str(r.rank),
            Text(r.node.id),
            Text(r.node.label(lang)),
            Text(f"{r.parent.id} {r.parent.label(lang)}"),
            fmt(r.local_weight, p),
            fmt(r.parent_weight, p),
            fmt(r.global_weight, p),
        )
    parts += [Text("层次总排序 Total ranking", style="bold"), ranking, Text()]

    parts += _alternatives_block(result, p, lang)

    total = _table()
    for name in ("层\nLevel", "Σa·CI", "Σa·RI", "CR\n(tested)", "CR\ncumulative", "结果\nResult"):
        total.add_column(name, justify="left" if name.startswith(("层", "结果")) else "right")
    for lv in result.levels:
        total.add_row(
            str(lv.level),
            fmt(lv.ci, p),
            fmt(lv.ri, p),
            fmt(lv.cr, p),
            fmt(lv.cr_cumulative, p),
            status_text(lv.consistent),
        )
    verdict = Text.assemble(
        f"CR_total = Σa·CI / Σa·RI = {fmt(result.total.cr, p)} (tested against "
        f"{result.cr_threshold:g}); cumulative form {fmt(result.total.cr_cumulative, p)} "
        "(reported, not tested)  ",
        status_text(result.consistent),
    )
    parts += [
        Text("总排序一致性 Total consistency", style="bold"),
        total,
        verdict,
    ]
    if getattr(result, "matrices_panel", None) is not None:  # a panel's aggregate
        parts += _panel_block(result, p)
    return Group(*parts)


def _panel_block(result: HierarchyResult, p: int) -> list[RenderableType]:
    """The panel: judges used, left out, inconsistent, consensus, least compatible."""
    from ahp_eval.report.panel_text import HEADERS, panel_lines

    head, rows, left = panel_lines(result, p)
    table = _table()
    for k, name in enumerate(HEADERS):
        table.add_column(name.replace(" ", "\n", 1), justify="right" if 0 < k < 5 else "left")
    for row in rows:
        table.add_row(*(Text(c) for c in row))
    parts: list[RenderableType] = [Text(), Text("专家组 Panel", style="bold")]
    parts += [Text(line) for line in head]
    parts.append(table)
    parts += [Text(line) for line in left]
    return parts


def render_table(result: HierarchyResult, precision: int, lang: str = "zh") -> str:
    """The rich report as plain text (for ``--output`` files)."""
    buf = io.StringIO()
    make_console(file=buf).print(weigh_renderable(result, precision, lang))
    return buf.getvalue()

"""``ahp-eval weigh`` as an Excel workbook: summary, weights, total ranking, matrices,
total consistency, and the alternatives when the file has any."""

from __future__ import annotations

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.report.common import METHOD_LABELS
from ahp_eval.report.xlsx import Book, Column, Tables, Value, pass_text

__all__ = ["WEIGH_SHEETS", "weigh_book", "weigh_tables"]

WEIGH_SHEETS = (
    "概要 Summary",
    "权重 Weights",
    "总排序 Ranking",
    "判断矩阵 Matrices",
    "总一致性 Consistency",
)
"""The sheets of every weigh workbook; ``备选方案 Alternatives`` and
``方案排序 Alternative ranking`` follow when the file has alternatives, ``专家组 Panel``
and ``专家 Judges`` with a panel."""

NAME = Column("名称 Name")
NAME_EN = Column("英文名 English name")


def _summary(book: Book, result: HierarchyResult, lang: str) -> None:
    ev = result.evaluation
    rows: list[tuple[str, object]] = [
        ("文件 File", ev.path),
        ("判断文件 Judgments file", ev.judgments_path),
        ("判断者 Judge", ev.judge),
        ("名称 Name", ev.name),
        ("目标 Goal", ev.goal.label(lang)),
        ("方法 Method", METHOD_LABELS[result.method]),
        ("RI 表 RI table", result.ri_table.label),
        ("阈值 CR threshold", Value(result.cr_threshold, "general")),
        ("总 CR Total CR", Value(result.total.cr, "number")),
        ("一致 Consistent", pass_text(result.consistent)),
        ("示例判断 Illustrative", "yes" if ev.settings.illustrative else "no"),
    ]
    book.add("概要 Summary", [Column("项目 Item"), Column("值 Value")], rows)


def _weights(book: Book, result: HierarchyResult, lang: str) -> None:
    ranks = {r.node.id: r.rank for r in result.ranking}
    rows = [
        (
            child.id,
            child.label(lang),
            child.name_en,
            m.node.id,
            child.level,
            "yes" if child.is_leaf else "no",
            m.weights[child.id],
            m.global_weight,
            result.node_weights[child.id],
            ranks.get(child.id),
            m.cr,
            pass_text(m.consistent),
        )
        for m in result.matrices
        for child in m.node.children
    ]
    columns = [
        Column("ID"),
        NAME,
        NAME_EN,
        Column("上级 Parent"),
        Column("层 Level", "int"),
        Column("指标 Leaf"),
        Column("局部权重 Local weight", "weight"),
        Column("上级权重 Parent weight", "weight"),
        Column("全局权重 Global weight", "weight"),
        Column("排序 Rank", "int"),
        Column("上级矩阵 CR Parent CR", "number"),
        Column("上级矩阵一致 Parent consistent"),
    ]
    book.add("权重 Weights", columns, rows, freeze=1)


def _ranking(book: Book, result: HierarchyResult, lang: str) -> None:
    rows = [
        (
            r.rank,
            r.node.id,
            r.node.label(lang),
            r.parent.id,
            r.local_weight,
            r.parent_weight,
            r.global_weight,
        )
        for r in result.ranking
    ]
    columns = [
        Column("排序 Rank", "int"),
        Column("ID"),
        NAME,
        Column("上级 Parent"),
        Column("局部权重 Local weight", "weight"),
        Column("上级权重 Parent weight", "weight"),
        Column("全局权重 Global weight", "weight"),
    ]
    book.add("总排序 Ranking", columns, rows, freeze=2)


def _matrices(book: Book, result: HierarchyResult, lang: str) -> None:
    rows = [
        (
            m.node.id,
            m.node.label(lang),
            m.node.level,
            len(m.node.children),
            m.lambda_max,
            m.ci,
            m.ri,
            m.cr,
            pass_text(m.consistent),
            m.test,
            m.method,
            m.gci,
            m.gci_threshold,
            len(m.missing),
            m.global_weight,
            m.judgment.path,
            m.judgment.line,
            m.judgment.note,
        )
        for m in result.matrices
    ]
    columns = [
        Column("ID"),
        NAME,
        Column("层 Level", "int"),
        Column("阶数 n", "int"),
        Column("λmax", "number"),
        Column("CI", "number"),
        Column("RI", "general"),
        Column("CR", "number"),
        Column("一致 Consistent"),
        Column("检验 Test"),
        Column("解法 Method"),
        Column("GCI", "number"),
        Column("GCI 阈值 GCI threshold", "general"),
        Column("缺失判断 Missing pairs", "int"),
        Column("全局权重 Global weight", "weight"),
        Column("文件 File"),
        Column("行 Line", "int"),
        Column("备注 Note"),
    ]
    book.add("判断矩阵 Matrices", columns, rows, freeze=1)


def _consistency(book: Book, result: HierarchyResult) -> None:
    rows: list[tuple[object, ...]] = [
        (lv.level, lv.ci, lv.ri, lv.cr, lv.cr_cumulative, pass_text(lv.consistent))
        for lv in result.levels
    ]
    t = result.total
    rows.append(("总 total", t.ci, t.ri, t.cr, t.cr_cumulative, pass_text(t.consistent)))
    columns = [
        Column("层 Level", "int"),
        Column("Σa·CI", "number"),
        Column("Σa·RI", "number"),
        Column("CR (tested)", "number"),
        Column("CR cumulative", "number"),
        Column("结果 Result"),
    ]
    book.add("总一致性 Consistency", columns, rows)


def _alternatives(book: Book, result: HierarchyResult, lang: str) -> None:
    alt = result.alternatives
    if alt is None:
        return
    rows = []
    for leaf in alt.leaves:
        if leaf.judgment is not None:
            basis = "matrix 判断矩阵"
        elif leaf.performance is not None and leaf.performance.cost:
            basis = "scores, cost 评分, 成本型 (1/x)"
        else:
            basis = "scores 评分"
        matrix = leaf.judgment is not None
        rows.append(
            (
                leaf.id,
                leaf.leaf.label(lang),
                leaf.global_weight,
                *(leaf.local[a.id] for a in alt.alternatives),
                basis,
                leaf.cr if matrix else None,
                pass_text(leaf.consistent) if matrix else None,
            )
        )
    columns = [
        Column("ID"),
        NAME,
        Column("全局权重 Global weight", "weight"),
        *(Column(f"{a.id} {a.label(lang)}", "weight") for a in alt.alternatives),
        Column("判断 Basis"),
        Column("CR", "number"),
        Column("一致 Consistent"),
    ]
    book.add("备选方案 Alternatives", columns, rows, freeze=2)
    ranking = [
        (r.rank, r.alternative.id, r.alternative.label(lang), r.priority) for r in alt.ranking
    ]
    columns = [
        Column("排序 Rank", "int"),
        Column("ID"),
        NAME,
        Column(f"总优先级 Priority ({alt.synthesis})", "weight"),
    ]
    book.add("方案排序 Alternative ranking", columns, ranking, freeze=2)


def weigh_book(result: HierarchyResult, precision: int, lang: str = "zh") -> Book:
    """The sheets of a weigh report."""
    book = Book(precision)
    _summary(book, result, lang)
    _weights(book, result, lang)
    _ranking(book, result, lang)
    _matrices(book, result, lang)
    _consistency(book, result)
    _alternatives(book, result, lang)
    from ahp_eval.ahp.panel import PanelResult

    if isinstance(result, PanelResult):
        from ahp_eval.report.panel_xlsx import panel_sheets

        panel_sheets(book, result, lang)
    return book


def weigh_tables(result: HierarchyResult, precision: int, lang: str = "zh") -> Tables:
    """The tables of the workbook (``ahp_eval.io.workbook.write_workbook`` writes them)."""
    return weigh_book(result, precision, lang).tables()

"""``ahp-eval repair`` as an Excel workbook: summary, the matrices searched, and every
step (the pair changed, from and to which value, CR before and after)."""

from __future__ import annotations

from ahp_eval.ahp.repair_plan import GREEDY_NOTE, HierarchyRepair
from ahp_eval.report.common import METHOD_LABELS
from ahp_eval.report.xlsx import Book, Column, Tables, Value

__all__ = ["REPAIR_SHEETS", "repair_book", "repair_tables"]

REPAIR_SHEETS = ("概要 Summary", "矩阵 Matrices", "步骤 Steps")
"""The sheets of every repair workbook."""


def repair_book(result: HierarchyRepair, precision: int = 4, lang: str = "zh") -> Book:
    """The workbook of a repair report, not yet saved."""
    before, after = result.before, result.after
    ev = before.evaluation
    book = Book(precision)
    summary: list[tuple[str, object]] = [
        ("文件 File", ev.path),
        ("判断文件 Judgments file", ev.judgments_path),
        ("方法 Method", METHOD_LABELS[before.method]),
        ("RI 表 RI table", before.ri_table.label),
        ("阈值 CR threshold", Value(before.cr_threshold, "general")),
        ("修复前一致 Consistent before", "yes" if before.consistent else "no"),
        ("修复后一致 Consistent after", "yes" if after.consistent else "no"),
        ("修复后总 CR Total CR after", Value(after.total.cr, "number")),
        ("搜索 Search", GREEDY_NOTE),
    ]
    book.add("概要 Summary", [Column("项目 Item"), Column("值 Value")], summary)
    nodes = ev.nodes
    matrices = [
        (
            m.id,
            nodes[m.id].label(lang) + (" (alternatives)" if m.kind == "alternatives" else ""),
            len(m.ids),
            m.measure,
            m.search.cr,
            m.search.cr_final,
            m.cr,
            m.steps[-1].cr_after if m.steps else m.cr,
            len(m.steps),
            m.outcome,
            "yes" if m.repaired else "no",
            m.judgment.path,
            m.judgment.line,
        )
        for m in result.matrices
    ]
    columns = [
        Column("ID"),
        Column("名称 Name"),
        Column("阶数 n", "int"),
        Column("测度 Measure"),
        Column("修复前 Before", "number"),
        Column("修复后 After", "number"),
        Column("CR", "number"),
        Column("修复后 CR after", "number"),
        Column("步数 Steps", "int"),
        Column("结果 Outcome"),
        Column("已修复 Repaired"),
        Column("文件 File"),
        Column("行 Line", "int"),
    ]
    book.add("矩阵 Matrices", columns, matrices, freeze=1)
    steps = [
        (
            m.id,
            k + 1,
            m.judgment.path,
            s.line,
            s.row,
            s.col,
            s.old,
            s.value,
            m.measure,
            m.cr_before(k),
            s.measure_after,
            s.cr_after,
            s.deviation,
        )
        for m in result.matrices
        for k, s in enumerate(m.steps)
    ]
    columns = [
        Column("矩阵 Matrix"),
        Column("步 Step", "int"),
        Column("文件 File"),
        Column("行 Line", "int"),
        Column("行元素 Row"),
        Column("列元素 Column"),
        Column("原值 Old", "general"),
        Column("新值 New", "general"),
        Column("测度 Measure"),
        Column("之前 Before", "number"),
        Column("之后 After", "number"),
        Column("之后 CR after", "number"),
        Column("偏差 abs(ln(a w_j/w_i))", "number"),
    ]
    book.add("步骤 Steps", columns, steps, freeze=2)
    return book


def repair_tables(result: HierarchyRepair, precision: int = 4, lang: str = "zh") -> Tables:
    """The tables of the workbook (``ahp_eval.io.workbook.write_workbook`` writes them)."""
    return repair_book(result, precision, lang).tables()

"""``ahp-eval reliability`` as an Excel workbook: summary, alpha per block, item analysis,
split-half, KMO and Bartlett, the components and their loadings; the pooled report
first, then each group's."""

from __future__ import annotations

import math

from ahp_eval.report.reliability_plain import report_parts
from ahp_eval.report.xlsx import Book, Column, Tables, Value
from ahp_eval.survey.questionnaire import Reliability
from ahp_eval.survey.reliability_run import ReliabilityReport

__all__ = ["RELIABILITY_SHEETS", "reliability_book", "reliability_tables"]

RELIABILITY_SHEETS = (
    "概要 Summary",
    "信度 Alpha",
    "项目分析 Items",
    "折半 Split-half",
    "效度 KMO Bartlett",
    "成分 Components",
    "载荷 Loadings",
)
"""The sheets of every reliability workbook."""

GROUP = Column("对象 Group")
BLOCK = Column("块 Block")


def _n(x: float | None) -> float | None:
    """A coefficient, empty where it is undefined (null in the JSON report)."""
    return None if x is None or not math.isfinite(x) else float(x)


def _name(report: ReliabilityReport, item: str, lang: str) -> str:
    node = report.evaluation.nodes.get(item)
    return node.label(lang) if node is not None else item


def reliability_book(report: ReliabilityReport, precision: int = 2, lang: str = "zh") -> Book:
    """The workbook of a reliability report, not yet saved."""
    res = report.result
    book = Book(precision)
    parts: list[tuple[str, Reliability]] = report_parts(report)
    summary: list[tuple[str, object]] = [
        ("文件 File", report.evaluation.path),
        ("数据 Responses", report.responses.source),
        ("项目 Items", res.items.kind),
        ("缺失 Missing", res.missing),
        ("折半 Split", res.split),
        ("对象列 Group column", report.responses.group_column),
        ("行数 Rows", Value(res.pooled.n_rows, "int")),
        ("使用 Used", Value(res.pooled.n_used, "int")),
        ("剔除单元格 Dropped cells", Value(len(report.responses.dropped), "int")),
        *(("结论 Verdict", v) for v in res.pooled.verdicts),
    ]
    book.add("概要 Summary", [Column("项目 Item"), Column("值 Value")], summary)
    book.add(
        "信度 Alpha",
        [
            GROUP,
            BLOCK,
            Column("α", "number"),
            Column("标准化 Standardized α", "number"),
            Column("n", "int"),
            Column("k", "int"),
        ],
        [
            (name, key, _n(b.alpha.alpha), _n(b.alpha.standardized), b.alpha.n, b.alpha.k)
            for name, r in parts
            for key, b in r.blocks.items()
        ],
        freeze=2,
    )
    book.add(
        "项目分析 Items",
        [
            GROUP,
            BLOCK,
            Column("ID"),
            Column("名称 Name"),
            Column("项目-总分相关 Item-total r", "number"),
            Column("删除后 α if deleted", "number"),
            Column("删除提高 α Raises α", "bool"),
        ],
        [
            (
                name,
                key,
                line.id,
                _name(report, line.id, lang),
                _n(line.item_total_r),
                _n(line.alpha_if_deleted),
                line.raises,
            )
            for name, r in parts
            for key, b in r.blocks.items()
            for line in b.alpha.items
        ],
        freeze=3,
    )
    book.add(
        "折半 Split-half",
        [
            GROUP,
            BLOCK,
            Column("r", "number"),
            Column("Spearman-Brown", "number"),
            Column("不等长 Unequal length", "number"),
            Column("Guttman", "number"),
            Column("第一部分 α Part 1 α", "number"),
            Column("第一部分 k Part 1 k", "int"),
            Column("第二部分 α Part 2 α", "number"),
            Column("第二部分 k Part 2 k", "int"),
            Column("n", "int"),
        ],
        [
            (
                name,
                key,
                _n(s.r),
                _n(s.spearman_brown),
                _n(s.spearman_brown_unequal),
                _n(s.guttman),
                _n(s.part_alpha[0]),
                s.part_k[0],
                _n(s.part_alpha[1]),
                s.part_k[1],
                s.n,
            )
            for name, r in parts
            for key, b in r.blocks.items()
            if (s := b.split_half) is not None
        ],
        freeze=2,
    )
    validity = []
    for name, r in parts:
        v = r.validity
        validity.append(
            (
                name,
                _n(v.kmo.overall) if v.kmo else None,
                v.kmo.label if v.kmo else None,
                _n(v.bartlett.chi2) if v.bartlett else None,
                v.bartlett.df if v.bartlett else None,
                _n(v.bartlett.p) if v.bartlett else None,
                v.bartlett.n if v.bartlett else None,
                v.unavailable,
                ", ".join(v.constant),
            )
        )
    book.add(
        "效度 KMO Bartlett",
        [
            GROUP,
            Column("KMO", "number"),
            Column("评价 Label"),
            Column("χ²", "number"),
            Column("df", "int"),
            Column("p", "general"),
            Column("n", "int"),
            Column("不可用 Unavailable"),
            Column("常数项目 Constant items"),
        ],
        validity,
        freeze=1,
    )
    components = []
    loadings = []
    width = 0
    for name, r in parts:
        v = r.validity
        f = v.factors
        if f is None:
            continue
        for k, (eig, pct, cum) in enumerate(
            zip(f.eigenvalues, f.variance_pct, f.cumulative_pct, strict=True)
        ):
            rotated = f.rotated_variance[k] / len(v.items) * 100 if k < f.retained else None
            components.append((name, k + 1, eig, pct, cum, k < f.retained, rotated))
        width = max(width, f.retained)
        for item, row, factor in zip(v.items, f.loadings, v.factor_of_item, strict=True):
            loadings.append(
                (name, item, _name(report, item, lang), factor + 1, *(float(x) for x in row))
            )
    book.add(
        "成分 Components",
        [
            GROUP,
            Column("成分 Component", "int"),
            Column("特征值 Eigenvalue", "number"),
            Column("方差% Variance %", "number"),
            Column("累计% Cumulative %", "number"),
            Column("保留 Retained", "bool"),
            Column("旋转后方差% Rotated variance %", "number"),
        ],
        components,
        freeze=2,
    )
    book.add(
        "载荷 Loadings",
        [
            GROUP,
            Column("ID"),
            Column("名称 Name"),
            Column("成分 Factor", "int"),
            *(Column(f"F{k + 1}", "number") for k in range(width)),
        ],
        [row + (None,) * (4 + width - len(row)) for row in loadings],
        freeze=3,
    )
    return book


def reliability_tables(report: ReliabilityReport, precision: int = 2, lang: str = "zh") -> Tables:
    """The tables of the workbook (``ahp_eval.io.workbook.write_workbook`` writes them)."""
    return reliability_book(report, precision, lang).tables()

"""``ahp-eval sensitivity`` as an Excel workbook: summary, the Monte Carlo figures of
every ranked item, the consistency shares, one weight at a time, and the swap points."""

from __future__ import annotations

import math

from ahp_eval.report.sensitivity_plain import KIND_TITLES, SensitivityReport, label
from ahp_eval.report.xlsx import Book, Column, Tables, Value, pass_text

__all__ = ["SENSITIVITY_SHEETS", "sensitivity_book", "sensitivity_tables"]

SENSITIVITY_SHEETS = (
    "概要 Summary",
    "蒙特卡洛 Monte Carlo",
    "一致性 Consistency",
    "单因素 One at a time",
    "交换点 Swaps",
)
"""The sheets of every sensitivity workbook; ``专家抽样 Panel draws`` follows with a panel."""

KIND = Column("排序 Ranking")


def _n(x: float) -> float | None:
    return x if math.isfinite(x) else None


def sensitivity_book(report: SensitivityReport, precision: int = 4, lang: str = "zh") -> Book:
    """The workbook of a sensitivity report, not yet saved."""
    w = report.weights
    ev = w.evaluation
    mc = report.monte_carlo
    top = report.decisive.top
    book = Book(precision)
    summary: list[tuple[str, object]] = [
        ("文件 File", ev.path),
        ("判断文件 Judgments file", ev.judgments_path),
        ("名称 Name", ev.name),
        ("方法 Method", w.method),
        ("RI 表 RI table", w.ri_table.key),
        ("阈值 CR threshold", Value(w.cr_threshold, "general")),
        ("一致 Consistent", pass_text(w.consistent)),
        ("样本 Samples", Value(mc.samples, "int")),
        ("抽样 Resampling", "judgments" if report.panel is None else "judges"),
        ("扰动 Spread", Value(mc.spread, "general")),
        ("种子 Seed", Value(mc.seed, "int") if mc.seed is not None else None),
        ("稳定阈值 Stability", Value(report.stability, "general")),
        ("决定排序 Decisive", report.decisive.ranked.kind),
        ("第一 Top", top.id if top is not None else None),
        ("第一的份额 Top first share", Value(report.top_share, "general")),
        ("稳健 Robust", "yes" if report.robust else "no"),
        ("全部一致 All consistent", Value(mc.all_consistent, "general")),
    ]
    book.add("概要 Summary", [Column("项目 Item"), Column("值 Value")], summary)
    items = []
    for oat, stats in zip(report.one_at_a_time, mc.rankings, strict=True):
        names = dict(zip(oat.ranked.ids, oat.ranked.names, strict=True))
        items += [
            (
                KIND_TITLES[oat.ranked.kind],
                s.rank,
                s.id,
                label(names[s.id], lang),
                s.value,
                _n(s.mean),
                _n(s.p5),
                _n(s.p95),
                s.keeps_rank,
                s.first,
                stats.same_ranking,
            )
            for s in stats.items
        ]
    book.add(
        "蒙特卡洛 Monte Carlo",
        [
            KIND,
            Column("名次 Rank", "int"),
            Column("ID"),
            Column("名称 Name"),
            Column("值 Value", "weight"),
            Column("均值 Mean", "weight"),
            Column("5%", "weight"),
            Column("95%", "weight"),
            Column("保持名次 Keeps rank", "number"),
            Column("第一 First", "number"),
            Column("排序不变 Same ranking", "number"),
        ],
        items,
        freeze=3,
    )
    book.add(
        "一致性 Consistency",
        [Column("节点 Node"), Column("方案 Alternatives", "bool"), Column("份额 Share", "number")],
        [(m.key, m.alternatives, m.share) for m in mc.matrices],
        freeze=1,
    )
    criteria = []
    swaps = []
    for oat in report.one_at_a_time:
        kind = KIND_TITLES[oat.ranked.kind]
        for c in oat.criteria:
            criteria.append(
                (
                    kind,
                    c.node.id,
                    c.node.label(lang),
                    c.parent.id,
                    c.weight,
                    c.top,
                    *c.top_interval,
                    *c.ranking_interval,
                )
            )
            swaps += [(kind, c.node.id, s.x, s.first, s.second) for s in c.swaps]
    book.add(
        "单因素 One at a time",
        [
            KIND,
            Column("节点 Node"),
            Column("名称 Name"),
            Column("上级 Parent"),
            Column("权重 Weight", "weight"),
            Column("第一 Top"),
            Column("第一不变自 Top from", "weight"),
            Column("第一不变至 Top to", "weight"),
            Column("排序不变自 Ranking from", "weight"),
            Column("排序不变至 Ranking to", "weight"),
        ],
        criteria,
        freeze=2,
    )
    book.add(
        "交换点 Swaps",
        [
            KIND,
            Column("节点 Node"),
            Column("x", "weight"),
            Column("之下在前 First below x"),
            Column("之上在前 First above x"),
        ],
        swaps,
        freeze=2,
    )
    if report.panel is not None:
        p = report.panel
        book.add(
            "专家抽样 Panel draws",
            [
                Column("节点 Node"),
                Column("方案 Alternatives", "bool"),
                Column("使用的专家 Judges used", "int"),
                Column("未抽到 No judge drawn", "number"),
            ],
            [(m.key, m.alternatives, m.used, m.no_judge) for m in p.matrices],
            freeze=1,
        )
    return book


def sensitivity_tables(report: SensitivityReport, precision: int = 4, lang: str = "zh") -> Tables:
    """The tables of the workbook (``ahp_eval.io.workbook.write_workbook`` writes them)."""
    return sensitivity_book(report, precision, lang).tables()

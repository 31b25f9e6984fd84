"""The panel block of ``weigh``'s workbook: per matrix the judges used, left out and
inconsistent with the consensus; per judge and matrix the weight, CR and compatibility."""

from __future__ import annotations

import math

from ahp_eval.ahp.panel import PanelResult
from ahp_eval.report.xlsx import Book, Column

__all__ = ["PANEL_SHEETS", "panel_sheets"]

PANEL_SHEETS = ("专家组 Panel", "专家 Judges")
"""The sheets a weigh workbook gains with a panel."""


def _name(result: PanelResult, key: str, lang: str) -> str:
    node = result.hierarchy.evaluation.nodes.get(key)
    return node.label(lang) if node is not None else key


def panel_sheets(book: Book, result: PanelResult, lang: str) -> None:
    """Add the Panel and Judges sheets (numbers as in the JSON report's ``panel``)."""
    rows = []
    for key, m in result.matrices_panel.items():
        rows.append(
            (
                key,
                _name(result, key, lang),
                int(m.used.size),
                len(m.left_out),
                "; ".join(f"{x.judge} ({x.reason})" for x in m.left_out),
                m.inconsistent,
                None if m.consensus is None else 100.0 * m.consensus,
                ", ".join(m.least_compatible),
                m.compatibility_basis,
                m.replaced,
            )
        )
    columns = [
        Column("矩阵 Matrix"),
        Column("名称 Name"),
        Column("使用 Used", "int"),
        Column("剔除 Left out", "int"),
        Column("剔除的专家 Judges left out"),
        Column("不一致 Inconsistent", "int"),
        Column("共识 Consensus S* %", "number"),
        Column("最不相容 Least compatible"),
        Column("相容性 Compatibility basis"),
        Column("替换文件判断 Replaced file judgments", "bool"),
    ]
    book.add("专家组 Panel", columns, rows, freeze=1)
    judges = [
        (j.judge, j.weight, key, cr, j.compatibility.get(key))
        for j in result.judges()
        for key, cr in j.cr.items()
    ]
    columns = [
        Column("专家 Judge"),
        Column("权重 Weight", "general"),
        Column("矩阵 Matrix"),
        Column("CR", "number"),
        Column("相容性 GCOMPI Compatibility", "number"),
    ]
    book.add(
        "专家 Judges",
        columns,
        [(a, b, c, d, e if e is None or math.isfinite(e) else None) for a, b, c, d, e in judges],
        freeze=1,
    )

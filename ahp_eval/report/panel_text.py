"""A panel's findings in the weigh reports: judges used, left out, inconsistent,
consensus and the least compatible judges per matrix."""

from __future__ import annotations

from typing import Any

from ahp_eval.report.common import fmt, md_text

__all__ = ["left_out_lines", "panel_json", "panel_lines", "panel_markdown"]

AGGREGATE_LABELS = {
    "aij": "AIJ (weighted geometric mean of the judgments, then the method)",
    "aip": "AIP (weighted geometric mean of the judges' priorities)",
}


def _head(result: Any) -> list[str]:
    panel = result.panel
    source = f" from {panel.source}" if panel.source else ""
    weights = "from the weight column" if panel.weighted else "equal"
    lines = [
        f"判断者 Judges: {len(panel.judges)}{source}; judge weights {weights}",
        f"集结 Aggregation: {AGGREGATE_LABELS[result.aggregate]}",
    ]
    if result.aggregate == "aip":
        lines.append(
            "λmax, CI and CR are those of the AIJ matrix of the same judges "
            "(consistency_basis: aij)"
        )
    if result.exclude_inconsistent:
        lines.append("Judges failing the consistency test are left out of that matrix")
    replaced = [k for k, m in result.matrices_panel.items() if m.replaced]
    if replaced:
        lines.append(f"The panel's answers replace the file's judgments for {', '.join(replaced)}")
    return lines


def _rows(result: Any, precision: int) -> list[list[str]]:
    rows = []
    for key, m in result.matrices_panel.items():
        consensus = "-" if m.consensus is None else f"{fmt(100 * m.consensus, 1)}%"
        rows.append(
            [
                key,
                str(m.used.size),
                str(len(m.left_out)),
                str(m.inconsistent),
                consensus,
                ", ".join(m.least_compatible),
            ]
        )
    del precision
    return rows


HEADERS = [
    "矩阵 Matrix",
    "采用 Used",
    "未采用 Left out",
    "不一致 Inconsistent",
    "共识 Consensus S*",
    "最不相容 Least compatible (GCOMPI)",
]


def _left(result: Any) -> list[str]:
    return [
        f"{key}: {x.judge} left out ({x.reason})"
        for key, m in result.matrices_panel.items()
        for x in m.left_out
    ]


def panel_markdown(result: Any, precision: int) -> list[str]:
    """The ``## 专家组 Panel`` section of the Markdown report."""
    from ahp_eval.report.weigh_plain import md_table

    out = ["## 专家组 Panel", ""]
    out += [f"- {md_text(line)}" for line in _head(result)]
    out += [
        "",
        *md_table(
            HEADERS, [[md_text(c) for c in r] for r in _rows(result, precision)], {1, 2, 3, 4}
        ),
    ]
    left = _left(result)
    if left:
        out += ["", *(f"- {md_text(line)}" for line in left)]
    return [*out, ""]


def panel_lines(result: Any, precision: int) -> tuple[list[str], list[list[str]], list[str]]:
    """The panel section for the terminal: head lines, the table's rows, left-out lines."""
    return _head(result), _rows(result, precision), _left(result)


def left_out_lines(result: Any, *, dropped_only: bool = False) -> str:
    """Judges left out, one line each (only those with invalid cells: ``dropped_only``)."""
    lines = [
        f"ahp-eval: panel: {line}"
        for line in _left(result)
        if not dropped_only or "(invalid " in line
    ]
    return "".join(line + "\n" for line in lines)


_PER_JUDGE = "\u0000per_judge\u0000"


def panel_json(result: Any) -> str:
    """The weigh JSON of a panel's aggregate: indented as every JSON report, except that
    each judge of ``panel.per_judge`` is one line (thousands of judges stay quick to
    write and to read)."""
    import json

    doc = result.to_dict()
    judges = doc["panel"]["per_judge"]
    doc["panel"]["per_judge"] = _PER_JUDGE
    text = json.dumps(doc, ensure_ascii=False, indent=2)
    marker = json.dumps(_PER_JUDGE)
    line_start = text.rfind("\n", 0, text.index(marker)) + 1
    indent = " " * (len(text[line_start:].split('"', 1)[0]) + 2)
    rows = ",\n".join(indent + json.dumps(j, ensure_ascii=False) for j in judges)
    listed = "[\n" + rows + "\n" + indent[:-2] + "]" if judges else "[]"
    return text.replace(marker, listed, 1) + "\n"

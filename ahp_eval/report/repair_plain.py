"""``ahp-eval repair`` output: text lines, JSON, or Markdown."""

from __future__ import annotations

import json
from typing import Literal, get_args

from ahp_eval.ahp.findings import change_text
from ahp_eval.ahp.repair_plan import GREEDY_NOTE, HierarchyRepair, MatrixRepair
from ahp_eval.model.values import format_judgment
from ahp_eval.report.common import md_code, md_text

__all__ = ["REPAIR_FORMATS", "RepairFormat", "render_repair"]

RepairFormat = Literal["text", "json", "markdown"]
REPAIR_FORMATS: tuple[RepairFormat, ...] = get_args(RepairFormat)

_OUTCOME = {
    "repaired": "repaired",
    "stuck": "not repaired: no single change lowers it further",
    "limit": "not repaired: still inconsistent after as many steps as there are pairs",
    "consistent": "consistent",
    "unsearched": "not searched",
}


def _where(m: MatrixRepair, line: int) -> str:
    return f"{m.judgment.path or '<input>'}:{line}"


def _name(m: MatrixRepair) -> str:
    return f"{m.id} (alternatives)" if m.kind == "alternatives" else m.id


def _head(m: MatrixRepair) -> str:
    label = m.measure
    incomplete = (
        f" (incomplete, LLSM; {len(m.judgment.missing)} "
        f"{'pair' if len(m.judgment.missing) == 1 else 'pairs'} not compared)"
        if m.judgment.missing
        else ""
    )
    return (
        f"{_name(m)}: {label} {m.search.cr:.4f} >= {m.test.threshold:g}{incomplete}; "
        f"{len(m.steps)} {'step' if len(m.steps) == 1 else 'steps'}, "
        f"{label} {m.search.cr_final:.4f}: {_OUTCOME[m.outcome]}"
    )


def _summary(result: HierarchyRepair) -> str:
    before, after = result.before, result.after
    if before.consistent:
        return "Every matrix and the total ranking are consistent: nothing to repair."
    if result.repaired:
        return (
            "After the changes every matrix and the total ranking are consistent "
            f"(total CR {after.total.cr:.4f} < {after.cr_threshold:g})."
        )
    return (
        "Some matrices could not be repaired by single changes; revise their judgments "
        "with the experts."
    )


def _text(result: HierarchyRepair) -> str:
    threshold = result.before.cr_threshold
    lines = [
        (
            f"{result.before.evaluation.path}: repair by {result.before.method}, "
            f"RI {result.before.ri_table.key}, CR < {threshold:g}"
        )
    ]
    for m in result.matrices:
        lines.append(f"{_where(m, m.judgment.line)}: {_head(m)}")
        lines.extend(
            f"  {k + 1}. {_where(m, s.line)}: {change_text(s, m.cr_before(k))}"
            for k, s in enumerate(m.steps)
        )
    lines.append(_summary(result))
    if result.matrices:
        lines.append(GREEDY_NOTE)
    return "".join(line + "\n" for line in lines)


def _markdown(result: HierarchyRepair) -> str:
    before = result.before
    out = [
        f"# Repair: {md_code(before.evaluation.path)}",
        "",
        (
            f"- Method: {before.method}, RI table {before.ri_table.key}, "
            f"threshold CR < {before.cr_threshold:g}"
        ),
        "",
    ]
    for m in result.matrices:
        out += [f"## {md_text(_name(m))}", "", md_code(_head(m)), ""]
        if m.steps:
            out += [
                (
                    f"| Step | Line | Pair | Old | New | {md_text(m.measure)} after | "
                    "abs(ln(a w_j/w_i)) |"
                ),
                "|---:|---:|---|---:|---:|---:|---:|",
            ]
            out += [
                f"| {k + 1} | {s.line} | {md_text(s.row)}/{md_text(s.col)} | "
                f"{format_judgment(s.old)} | {format_judgment(s.value)} | "
                f"{s.measure_after:.4f} | {s.deviation:.2f} |"
                for k, s in enumerate(m.steps)
            ]
            out.append("")
    out += [md_text(_summary(result)), ""]
    if result.matrices:
        out += [md_text(GREEDY_NOTE), ""]
    return "\n".join(out)


def render_repair(result: HierarchyRepair, fmt: RepairFormat) -> str:
    """The repair report in ``text``, ``json`` or ``markdown``."""
    if fmt == "json":
        return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"
    if fmt == "markdown":
        return _markdown(result)
    return _text(result)

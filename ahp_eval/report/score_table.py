"""``ahp-eval score`` as rich tables: each group's verdict, then the ranking."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ahp_eval.report.common import fmt, interval_text
from ahp_eval.report.console import make_console
from ahp_eval.report.score_plain import (
    CRITERIA_HEADERS,
    WEAKEST_HEADERS,
    Header,
    criteria_rows,
    group_notes,
    how_text,
    weakest_rows,
)
from ahp_eval.survey.scoring import GroupScore, ScoreResult

__all__ = ["render_score_table", "score_renderable", "score_table_pieces"]


def _table(*columns: tuple[str, bool]) -> Table:
    """Right-aligned columns are numbers and never wrap; text columns may."""
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for k, (name, right) in enumerate(columns):
        table.add_column(
            name,
            justify="right" if right else "left",
            no_wrap=right or k == 0,
            overflow="fold",
        )
    return table


def _rich_table(headers: list[Header], rows: list[list[str]]) -> Table:
    table = _table(*((label.replace(" ", "\n", 1), num) for label, num in headers))
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # shown as typed, never as markup
    return table


def _group(result: ScoreResult, g: GroupScore, p: int, lang: str) -> RenderableType:
    head = Text.assemble(
        (f"{g.group}", "bold"),
        f"  n = {g.n}   综合得分 Composite ",
        (fmt(g.composite, p), "bold"),
        f"  95% {interval_text(g.interval, p)}  ",
        (g.grade, "bold cyan"),
    )
    notes = Text("".join(f"{note}\n" for note in group_notes(g, p)))
    return Group(
        head,
        _rich_table(CRITERIA_HEADERS, criteria_rows(result, g, p, lang)),
        notes,
        _rich_table(WEAKEST_HEADERS, weakest_rows(result, g, p, lang)),
        Text(),
    )


def _parts(result: ScoreResult, precision: int, lang: str) -> Iterator[RenderableType]:
    """Header (how it was computed), one block per group, the ranking of groups."""
    ev = result.weights.evaluation
    title = ev.name_en if lang == "en" and ev.name_en else (ev.name or ev.goal.label(lang))
    head = Text(title, style="bold")
    head.append(f"\n文件 File: {ev.path}   数据 Responses: {result.responses.source}", style="dim")
    for line in how_text(result):
        head.append("\n" + line)
    yield head
    yield Text()
    from ahp_eval.report.score_weights import WEIGHT_HEADERS, weights_rows

    leaf_weights = weights_rows(result, precision, lang)
    if leaf_weights:
        yield Text("指标权重 Indicator weights", style="bold")
        yield _rich_table(WEIGHT_HEADERS, leaf_weights)
        yield Text()
    for g in result.groups:
        yield _group(result, g, precision, lang)
    if result.reliability is not None:
        from ahp_eval.report.reliability_table import reliability_renderable
        from ahp_eval.report.score_reliability import reliability_report

        report = reliability_report(result)
        assert report is not None
        yield reliability_renderable(report, precision, lang)
        yield Text()
    if len(result.groups) > 1:
        yield Text("排名 Ranking", style="bold")
        from ahp_eval.report.score_compare import (
            COMPARISON_HEADERS,
            COMPARISON_NOTE,
            comparison_rows,
            ranking_table,
        )

        yield _rich_table(*ranking_table(result, precision))
        if result.comparisons is not None:
            yield Text()
            yield Text("对象比较 Comparisons", style="bold")
            yield Text(COMPARISON_NOTE, style="dim")
            yield _rich_table(COMPARISON_HEADERS, comparison_rows(result.comparisons, precision))


def score_renderable(result: ScoreResult, precision: int, lang: str = "zh") -> RenderableType:
    """Header (how it was computed), one block per group, the ranking of groups."""
    return Group(*_parts(result, precision, lang))


def render_score_table(result: ScoreResult, precision: int, lang: str = "zh") -> str:
    """The rich report as plain text (for ``--output`` files)."""
    return "".join(score_table_pieces(result, precision, lang))


def score_table_pieces(result: ScoreResult, precision: int, lang: str = "zh") -> Iterator[str]:
    """:func:`render_score_table` in pieces, a group at a time."""
    buf = io.StringIO()
    console = make_console(file=buf)
    for part in _parts(result, precision, lang):
        console.print(part)
        yield buf.getvalue()
        buf.seek(0)
        buf.truncate()

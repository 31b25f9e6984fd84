"""``ahp-eval reliability`` as rich tables (the terminal), or their text."""

from __future__ import annotations

import io
from collections.abc import Iterator

from rich import box
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from ahp_eval.report.console import make_console
from ahp_eval.report.reliability_plain import _title, how_lines, report_parts, sections
from ahp_eval.survey.reliability_run import ReliabilityReport

__all__ = ["reliability_renderable", "render_reliability_table"]


def _table(headers: list[tuple[str, bool]], rows: list[list[str]]) -> Table:
    table = Table(box=box.SIMPLE_HEAVY, show_edge=False, pad_edge=False)
    for name, right in headers:
        table.add_column(name, justify="right" if right else "left", no_wrap=right)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # shown as typed, never as markup
    return table


def _parts(report: ReliabilityReport, precision: int, lang: str) -> Iterator[RenderableType]:
    head = Text(f"{_title(report, lang)}: 信度与效度 Reliability and validity", style="bold")
    head.append(
        f"\n文件 File: {report.evaluation.path}   数据 Responses: {report.responses.source}",
        style="dim",
    )
    for line in how_lines(report):
        head.append("\n" + line)
    yield head
    for name, r in report_parts(report):
        yield Text(f"\n{name}", style="bold")
        yield Text("Verdicts (rules of thumb, not tests of the tool):")
        yield Text("".join(f"  {v}\n" for v in r.verdicts))
        for s in sections(report, r, precision, lang):
            yield Text(s.title, style="bold")
            if s.headers:
                yield _table(s.headers, s.rows)
            for note in s.notes:
                yield Text(note)


def reliability_renderable(
    report: ReliabilityReport, precision: int, lang: str = "zh"
) -> RenderableType:
    """Every table of the report."""
    return Group(*_parts(report, precision, lang))


def render_reliability_table(report: ReliabilityReport, precision: int, lang: str = "zh") -> str:
    """The tables as plain text (for ``--output`` files)."""
    buf = io.StringIO()
    console = make_console(file=buf)
    for part in _parts(report, precision, lang):
        console.print(part)
    return buf.getvalue()

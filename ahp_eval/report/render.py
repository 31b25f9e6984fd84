"""Which renderer makes a report: one table from (command, format) to a renderer.

The output formats are declared here as literals; the command line takes its choices
from them. Renderers are imported only when used, so that choosing one costs nothing
(rich and matplotlib stay unloaded unless a table or an HTML report is made).
"""

from __future__ import annotations

import importlib
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, cast, get_args

if TYPE_CHECKING:
    from ahp_eval.errors import OptionError
    from ahp_eval.report.xlsx import Tables

__all__ = [
    "BINARY_FORMATS",
    "CHECK_FORMATS",
    "LANGS",
    "RENDERERS",
    "REPAIR_FORMATS",
    "SCORE_FORMATS",
    "SENSITIVITY_FORMATS",
    "WEIGH_FORMATS",
    "CheckFormat",
    "Lang",
    "RepairFormat",
    "Report",
    "ScoreFormat",
    "SensitivityFormat",
    "WeighFormat",
    "binary_needs_output",
    "formats_of",
    "output_format",
    "render",
    "render_pieces",
    "show",
    "workbook_tables",
    "writes_bytes",
]

Report = Literal["weigh", "score", "reliability"]
"""The commands whose result is a report in one of several formats."""

WeighFormat = Literal["table", "json", "csv", "markdown", "xlsx", "html"]
WEIGH_FORMATS: tuple[WeighFormat, ...] = get_args(WeighFormat)

ScoreFormat = Literal["table", "json", "csv", "markdown", "html", "xlsx"]
SCORE_FORMATS: tuple[ScoreFormat, ...] = get_args(ScoreFormat)

CheckFormat = Literal["text", "json", "github", "junit"]
"""``ahp-eval check``: one line per problem, a JSON document, GitHub annotations, or
JUnit XML."""
CHECK_FORMATS: tuple[CheckFormat, ...] = get_args(CheckFormat)

RepairFormat = Literal["text", "json", "markdown"]
"""``ahp-eval repair``'s text reports (its Excel workbook is a binary format)."""
REPAIR_FORMATS: tuple[RepairFormat, ...] = get_args(RepairFormat)

SensitivityFormat = Literal["text", "json", "markdown", "html", "xlsx"]
"""``ahp-eval sensitivity``: text, JSON, Markdown, HTML with the line charts, or a workbook."""
SENSITIVITY_FORMATS: tuple[SensitivityFormat, ...] = get_args(SensitivityFormat)

Lang = Literal["zh", "en"]
"""Which name a report shows: ``name`` or ``name_en`` (each falls back to the other)."""
LANGS: tuple[Lang, ...] = get_args(Lang)

FORMAT_BY_SUFFIX: dict[str, str] = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
    ".xlsx": "xlsx",
}
"""The format an ``--output`` file gets from its suffix when none is chosen."""


class Renderer(NamedTuple):
    """``module.function``, called with the first ``takes`` of (result, precision, lang);
    ``pieces``, a function of that module that gives the same text in pieces. A
    ``binary`` renderer returns the tables of a workbook instead of text."""

    module: str
    function: str
    takes: int
    pieces: str | None = None
    binary: bool = False

    def __call__(self, result: Any, precision: int, lang: Lang) -> Any:
        function = getattr(importlib.import_module(self.module), self.function)
        return function(*(result, precision, lang)[: self.takes])

    def in_pieces(self, result: Any, precision: int, lang: Lang) -> Iterable[str]:
        if self.pieces is None:
            return [self(result, precision, lang)]
        function = getattr(importlib.import_module(self.module), self.pieces)
        return cast("Iterable[str]", function(*(result, precision, lang)[: self.takes]))


_WEIGH_PLAIN = "ahp_eval.report.weigh_plain"
_SCORE_PLAIN = "ahp_eval.report.score_plain"

RENDERERS: dict[tuple[Report, str], Renderer] = {
    ("weigh", "table"): Renderer("ahp_eval.report.weigh_table", "render_table", 3),
    ("weigh", "json"): Renderer(_WEIGH_PLAIN, "render_json", 1),
    ("weigh", "csv"): Renderer(_WEIGH_PLAIN, "render_csv", 2),
    ("weigh", "markdown"): Renderer(_WEIGH_PLAIN, "render_markdown", 3),
    ("score", "table"): Renderer(
        "ahp_eval.report.score_table", "render_score_table", 3, "score_table_pieces"
    ),
    ("score", "json"): Renderer(_SCORE_PLAIN, "render_score_json", 1, "score_json_pieces"),
    ("score", "csv"): Renderer(_SCORE_PLAIN, "render_score_csv", 2, "score_csv_pieces"),
    ("score", "markdown"): Renderer(
        _SCORE_PLAIN, "render_score_markdown", 3, "score_markdown_pieces"
    ),
    ("score", "html"): Renderer("ahp_eval.report.score_html", "render_score_html", 3),
}
"""(command, format) -> the renderer that returns the report as text."""

TERMINAL: dict[Report, Renderer] = {
    "weigh": Renderer("ahp_eval.report.weigh_table", "weigh_renderable", 3),
    "score": Renderer("ahp_eval.report.score_table", "score_renderable", 3),
}
"""command -> the rich renderable shown for ``table`` on the terminal."""


def formats_of(report: Report) -> tuple[str, ...]:
    """The formats a command's report can be written in."""
    if report == "reliability":
        return RELIABILITY_FORMATS
    return WEIGH_FORMATS if report == "weigh" else SCORE_FORMATS


def output_format(report: Report, chosen: str | None, output: Path | None) -> str:
    """The chosen format; else the ``--output`` suffix's (an :class:`OptionError` when
    the report cannot be written in it); else table (a file without a suffix too)."""
    if chosen is not None:
        return chosen
    if output is None or not output.suffix:
        return "table"
    by_suffix = FORMAT_BY_SUFFIX.get(output.suffix.lower())
    if by_suffix in formats_of(report):
        return by_suffix
    from ahp_eval.errors import OptionError

    suffixes = [s for s, f in FORMAT_BY_SUFFIX.items() if f in formats_of(report)]
    raise OptionError(
        "--output",
        f"cannot write a {output.suffix} report; {report} writes {', '.join(suffixes)} "
        "(or choose one with --format)",
    )


def render(report: Report, fmt: str, result: Any, precision: int, lang: Lang) -> str:
    """The report as text in format ``fmt`` (one of :func:`formats_of`)."""
    return cast("str", RENDERERS[report, fmt](result, precision, lang))


def render_pieces(
    report: Report, fmt: str, result: Any, precision: int, lang: Lang
) -> Iterable[str]:
    """The text of :func:`render` in pieces, made as they are taken (a report of many
    groups is never held whole)."""
    return RENDERERS[report, fmt].in_pieces(result, precision, lang)


def show(report: Report, result: Any, precision: int, lang: Lang) -> str:
    """The report's rich tables as the terminal (standard output) shows them, colours
    included; the caller writes them, so that a closed pipe is handled in one place."""
    from ahp_eval.report.console import make_console

    console = make_console()
    with console.capture() as captured:
        console.print(TERMINAL[report](result, precision, lang))
    return captured.get()


# ahp-eval reliability
ReliabilityFormat = Literal["table", "json", "csv", "markdown", "html", "xlsx"]
RELIABILITY_FORMATS: tuple[ReliabilityFormat, ...] = get_args(ReliabilityFormat)
_RELIABILITY_PLAIN = "ahp_eval.report.reliability_plain"
RENDERERS.update(
    {
        ("reliability", "table"): Renderer(
            "ahp_eval.report.reliability_table", "render_reliability_table", 3
        ),
        ("reliability", "json"): Renderer(_RELIABILITY_PLAIN, "render_reliability_json", 1),
        ("reliability", "csv"): Renderer(_RELIABILITY_PLAIN, "render_reliability_csv", 2),
        ("reliability", "markdown"): Renderer(_RELIABILITY_PLAIN, "render_reliability_markdown", 3),
        ("reliability", "html"): Renderer(
            "ahp_eval.report.reliability_html", "render_reliability_html", 3
        ),
    }
)
TERMINAL["reliability"] = Renderer("ahp_eval.report.reliability_table", "reliability_renderable", 3)


# --- binary reports (Excel workbooks) -------------------------------------------------------

BINARY_FORMATS = frozenset({"xlsx"})
"""Formats written only to a file, never to a terminal or a pipe."""

XLSX_RENDERERS: dict[str, Renderer] = {
    "weigh": Renderer("ahp_eval.report.weigh_xlsx", "weigh_tables", 3, binary=True),
    "score": Renderer("ahp_eval.report.score_xlsx", "score_tables", 3, binary=True),
    "repair": Renderer("ahp_eval.report.repair_xlsx", "repair_tables", 3, binary=True),
    "reliability": Renderer(
        "ahp_eval.report.reliability_xlsx", "reliability_tables", 3, binary=True
    ),
    "sensitivity": Renderer(
        "ahp_eval.report.sensitivity_xlsx", "sensitivity_tables", 3, binary=True
    ),
}
"""command -> the renderer of its Excel workbook (``-o report.xlsx``), which returns its
:class:`~ahp_eval.report.xlsx.Tables`. A command with a report adds one line here."""

for _report, _renderer in XLSX_RENDERERS.items():
    if _report in get_args(Report):
        RENDERERS[cast("Report", _report), "xlsx"] = _renderer


def writes_bytes(fmt: str) -> bool:
    """Whether ``fmt`` is a binary format (an error without ``--output``)."""
    return fmt in BINARY_FORMATS


def workbook_tables(command: str, result: Any, precision: int, lang: Lang) -> Tables:
    """The tables of ``command``'s Excel workbook (``ahp_eval.io.workbook`` writes them)."""
    return cast("Tables", XLSX_RENDERERS[command](result, precision, lang))


def binary_needs_output(option: str, fmt: str) -> OptionError:
    """The error for a binary format chosen without ``--output``."""
    from ahp_eval.errors import OptionError

    return OptionError(
        option,
        f"{fmt} is a binary workbook, not shown on a terminal; "
        f"write it to a file with -o report.{fmt}",
    )


# weigh as a self-contained HTML page: the hierarchy tree with local and global weights
RENDERERS["weigh", "html"] = Renderer("ahp_eval.report.weigh_html", "render_weigh_html", 3)

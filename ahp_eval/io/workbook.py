"""Writing an Excel workbook from a report's tables (``ahp_eval.report.xlsx``).

Numbers are number cells (full precision, shown with the report's decimals), text is
always a string cell (a name such as ``=HYPERLINK(...)`` or ``+1`` is shown, never run
as a formula, and ``#N/A`` is text, not an error value), header rows are bold and
frozen, and columns are wide enough for their text (a Chinese character counts two).
The workbook is written in openpyxl's write-only mode, so a report of thousands of
groups streams to the file.

The tables are taken as they come (this module does not import the report package): a
sheet has ``title``, ``columns`` (pairs of header and kind), ``rows``, ``hints`` and
``freeze``; a cell is None, a bool, a number, a text, or a (value, kind) pair.
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections.abc import Iterable, Mapping, Sequence
from typing import TYPE_CHECKING, BinaryIO, Protocol

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

if TYPE_CHECKING:
    from openpyxl.cell.cell import Cell
    from openpyxl.worksheet._write_only import WriteOnlyWorksheet

__all__ = ["KINDS", "SheetLike", "TablesLike", "cell_text", "display_width", "write_workbook"]

KINDS = ("text", "int", "number", "weight", "general", "bool")
"""How a column shows its numbers: ``number`` with the report's decimals, ``weight``
with at least four, ``int`` whole, ``general`` as Excel shows any number."""


class SheetLike(Protocol):
    """A report's table (``ahp_eval.report.xlsx.Sheet``)."""

    @property
    def title(self) -> str: ...
    @property
    def columns(self) -> Sequence[tuple[str, str]]: ...
    @property
    def rows(self) -> Iterable[Sequence[object]]: ...
    @property
    def hints(self) -> Mapping[int, Iterable[str]] | None: ...
    @property
    def freeze(self) -> int: ...


class TablesLike(Protocol):
    """A report's workbook (``ahp_eval.report.xlsx.Tables``)."""

    @property
    def precision(self) -> int: ...
    @property
    def sheets(self) -> Iterable[SheetLike]: ...


def display_width(text: str) -> int:
    """Columns taken by ``text``: wide and full-width characters take two."""
    width = 0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        width += 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1
    return width


MAX_WIDTH = 60
"""The widest a column is made (in characters of a narrow font); longer text wraps
nowhere, it is shown in full when the cell is selected."""
SCAN_ROWS = 1000
"""Rows read ahead to size the columns (with the hints a sheet is given)."""
MAX_CELL = 32_767
"""The most characters Excel keeps in a cell."""

_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_NON_FINITE = {math.inf: "Infinity", -math.inf: "-Infinity"}


def cell_text(text: str) -> str:
    """``text`` as a cell can hold it: control characters XML cannot carry shown as
    ``\\xNN``, a lone surrogate as U+FFFD, cut to the 32,767 characters Excel keeps."""
    text = _SURROGATE.sub("\ufffd", text)
    text = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", text)
    if len(text) > MAX_CELL:
        text = text[: MAX_CELL - 1] + "…"
    return text


def _decimals(kind: str, precision: int) -> int | None:
    if kind == "number":
        return precision
    if kind == "weight":
        return max(precision, 4)
    return 0 if kind == "int" else None


def _number_format(kind: str, precision: int) -> str:
    places = _decimals(kind, precision)
    if places is None:
        return "General"
    return "0" if places == 0 else "0." + "0" * places


def _shown_width(value: object, kind: str, precision: int) -> int:
    """About how many characters the cell shows."""
    if isinstance(value, tuple):
        value, kind = value
    if value is None:
        return 0
    if isinstance(value, bool):
        return 5
    if isinstance(value, int | float) and math.isfinite(value):
        places = _decimals(kind, precision)
        if places is None:
            return len(f"{value:.10g}")
        return len(f"{value:.{places}f}")
    return display_width(str(value)[:MAX_WIDTH])


class _Writer:
    """Cells of one workbook, numbers formatted with its decimals."""

    def __init__(self, precision: int) -> None:
        self.precision = precision
        self.formats = {kind: _number_format(kind, precision) for kind in KINDS}
        self.bold = Font(bold=True)

    @staticmethod
    def text(ws: WriteOnlyWorksheet, text: str) -> Cell:
        cell = WriteOnlyCell(ws, cell_text(text))
        cell.data_type = "s"  # never a formula, an error value or a number
        return cell

    def cell(self, ws: WriteOnlyWorksheet, value: object, kind: str) -> Cell | None:
        if isinstance(value, tuple):
            value, kind = value
        if value is None:
            return None
        if isinstance(value, str):
            return self.text(ws, value)
        if isinstance(value, float) and not math.isfinite(value):
            return self.text(ws, _NON_FINITE.get(value, "NaN"))  # as JSON spells it
        if not isinstance(value, bool | int | float):
            return self.text(ws, str(value))
        cell = WriteOnlyCell(ws, value)
        if kind not in ("text", "bool"):
            cell.number_format = self.formats[kind]
        return cell

    def sheet(self, workbook: Workbook, sheet: SheetLike) -> None:
        """The sheet, sized by its header, its first :data:`SCAN_ROWS` rows and its hints."""
        ws = workbook.create_sheet(sheet.title)
        columns = list(sheet.columns)
        it = iter(sheet.rows)
        ahead = list(itertools.islice(it, SCAN_ROWS))
        widths = [display_width(header) for header, _ in columns]
        for row in ahead:
            for i, (value, (_, kind)) in enumerate(zip(row, columns, strict=True)):
                widths[i] = max(widths[i], _shown_width(value, kind, self.precision))
        for i, texts in (sheet.hints or {}).items():
            widths[i] = max([widths[i], *(display_width(t[:MAX_WIDTH]) for t in texts)])
        for i, width in enumerate(widths, start=1):
            ws.column_dimensions[get_column_letter(i)].width = min(MAX_WIDTH, width + 2)
        ws.freeze_panes = f"{get_column_letter(sheet.freeze + 1)}2"
        header = []
        for title, _ in columns:
            cell = self.text(ws, title)
            cell.font = self.bold
            header.append(cell)
        ws.append(header)
        kinds = [kind for _, kind in columns]
        for row in itertools.chain(ahead, it):
            ws.append([self.cell(ws, v, kind) for v, kind in zip(row, kinds, strict=True)])


def write_workbook(tables: TablesLike, out: BinaryIO) -> None:
    """Write the workbook of ``tables``, a sheet per table, to ``out`` (a ZIP file)."""
    workbook = Workbook(write_only=True)
    writer = _Writer(tables.precision)
    for sheet in tables.sheets:
        writer.sheet(workbook, sheet)
    workbook.save(out)

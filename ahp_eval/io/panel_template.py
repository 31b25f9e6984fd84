"""The panel template as an Excel workbook (openpyxl): the header rows, ready to fill.

Sheet ``panel``: the column names, then a row naming what each column holds; the
answer cells below are formatted as text, so that ``1/3`` typed in Excel stays the
judgment one third (not the date 3 January). Sheet ``notes``: how to fill it in.
Every cell holds its text literally (a name starting with ``=`` is no formula).
"""

from __future__ import annotations

import io
from collections.abc import Sequence

from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

__all__ = ["ANSWER_ROWS", "PANEL_SHEET", "template_xlsx"]

PANEL_SHEET = "panel"
ANSWER_ROWS = 200
"""Rows below the header formatted as text, ready for answers."""


def _text(value: str) -> str:
    return ILLEGAL_CHARACTERS_RE.sub("\N{REPLACEMENT CHARACTER}", value)


def template_xlsx(header: Sequence[Sequence[str]], notes: Sequence[str]) -> bytes:
    """A workbook with the header rows on sheet ``panel`` and ``notes`` one a line."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = PANEL_SHEET
    bold = Font(bold=True)
    width = max((len(row) for row in header), default=0)
    for r, row in enumerate(header, start=1):
        for c, value in enumerate(row, start=1):
            cell = sheet.cell(row=r, column=c)
            cell.value = _text(value)
            cell.data_type = "s"
            if r == 1:
                cell.font = bold
    first = len(header) + 1
    for c in range(1, width + 1):
        letter = get_column_letter(c)
        sheet.column_dimensions[letter].width = 14 if c > 2 else 18
        for r in range(first, first + ANSWER_ROWS):
            sheet.cell(row=r, column=c).number_format = "@"
    sheet.freeze_panes = f"C{first}"
    info = book.create_sheet("notes")
    info.column_dimensions["A"].width = 100
    for r, line in enumerate(notes, start=1):
        note = info.cell(row=r, column=1)
        note.value = _text(line)
        note.data_type = "s"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()

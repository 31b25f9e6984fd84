"""Excel workbooks as tables: what each report's workbook holds, sheet by sheet.

A report's workbook is described here as data (no openpyxl): a :class:`Tables` of
:class:`Sheet` records, each with its columns and rows (made as they are taken, so a
report of thousands of groups is never held whole). ``ahp_eval.io.workbook`` writes
them: numbers as number cells shown with the report's decimals, text always as string
cells (never a formula), header rows bold and frozen, columns wide enough for their text.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal, NamedTuple

__all__ = ["Book", "Column", "Kind", "Sheet", "Tables", "Value", "pass_text"]

Kind = Literal["text", "int", "number", "weight", "general", "bool"]
"""How a column shows its numbers: ``number`` with the report's decimals, ``weight``
with at least four, ``int`` whole, ``general`` as Excel shows any number."""


class Column(NamedTuple):
    """A column of a sheet: its header and the kind of its values."""

    header: str
    kind: Kind = "text"


class Value(NamedTuple):
    """A cell whose kind differs from its column's (a summary's value column)."""

    value: object
    kind: Kind


class Sheet(NamedTuple):
    """One table of a report. A row holds a value per column: None (an empty cell), a
    bool, a number, a text or a :class:`Value`. ``hints``: column index -> texts that
    may appear past the first rows (to size the column); ``freeze``: columns on the left
    that stay in view besides the header row."""

    title: str
    columns: Sequence[Column]
    rows: Iterable[Sequence[object]]
    hints: Mapping[int, Iterable[str]] | None = None
    freeze: int = 0


class Tables(NamedTuple):
    """A report's workbook: its sheets in order, and the decimals numbers are shown with."""

    precision: int
    sheets: Iterable[Sheet]


def pass_text(ok: bool) -> str:
    """A matrix's or level's verdict, as the other reports word it."""
    return "通过 pass" if ok else "未通过 FAIL"


class Book:
    """The sheets of a workbook being described, in order."""

    def __init__(self, precision: int) -> None:
        self.precision = precision
        self.sheets: list[Sheet] = []

    def add(
        self,
        title: str,
        columns: Sequence[Column],
        rows: Iterable[Sequence[object]],
        *,
        hints: Mapping[int, Iterable[str]] | None = None,
        freeze: int = 0,
    ) -> None:
        """A sheet ``title`` (at most 31 characters): see :class:`Sheet`."""
        self.sheets.append(Sheet(title, columns, rows, hints, freeze))

    def tables(self) -> Tables:
        return Tables(self.precision, tuple(self.sheets))

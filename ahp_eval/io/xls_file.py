"""Old Excel workbooks (``.xls``, BIFF), still exported by survey platforms and older
Excel, read through xlrd (the optional extra ``ahp-eval[xls]``) into the same rows as an
XLSX sheet: numbers (whole ones as integers, as openpyxl gives them), texts, dates as
datetimes (refused as answers like an XLSX date), booleans, and an error cell as its text."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

from ahp_eval.errors import InputError
from ahp_eval.io.survey_source import Record, Table, Ticker

__all__ = ["open_xls"]

MISSING_XLRD = (
    "reading an .xls workbook needs xlrd: pip install 'ahp-eval[xls]' "
    "(or save the file as .xlsx or .csv)"
)


def _value(cell: Any, datemode: int) -> object:
    import xlrd

    kind, value = cell.ctype, cell.value
    result: object = value
    if kind in {xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK}:
        result = None
    elif kind == xlrd.XL_CELL_NUMBER:
        result = int(value) if float(value).is_integer() else float(value)
    elif kind == xlrd.XL_CELL_DATE:
        try:
            result = xlrd.xldate.xldate_as_datetime(value, datemode)
        except (ValueError, OverflowError, xlrd.xldate.XLDateError):
            result = float(value)
    elif kind == xlrd.XL_CELL_BOOLEAN:
        result = bool(value)
    elif kind == xlrd.XL_CELL_ERROR:
        result = xlrd.error_text_from_code.get(value, "#ERROR")
    return result


def _records(book: Any, sheet: Any, size: int, ticker: Ticker) -> Iterator[Record]:
    try:
        rows = sheet.nrows
        row = 0
        for index in range(rows):
            values = [_value(c, book.datemode) for c in sheet.row(index)]
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row += 1
            yield Record(row, index + 1, values)
            if not row % 4096 and rows:
                ticker(size * (index + 1) // rows)
    finally:
        book.release_resources()


def open_xls(path: Path, name: str, *, sheet: str | None, ticker: Ticker) -> Table:
    """An ``.xls`` sheet (the first, or ``sheet``) as an iterator of non-blank rows."""
    try:
        import xlrd
    except ImportError:
        raise InputError(MISSING_XLRD, path=name, line=1) from None
    try:
        book = xlrd.open_workbook(str(path), on_demand=True)
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except Exception as exc:  # noqa: BLE001 - xlrd raises many kinds for a bad file
        raise InputError(f"cannot read the workbook: {exc}", path=name, line=1) from None
    sheets = tuple(book.sheet_names())
    if not sheets:
        book.release_resources()
        raise InputError("the workbook has no sheet", path=name, line=1)
    if sheet is not None and sheet not in sheets:
        book.release_resources()
        raise InputError(f"no sheet {sheet!r}; sheets: {', '.join(sheets)}", path=name, line=1)
    try:
        ws = book.sheet_by_name(sheet) if sheet is not None else book.sheet_by_index(0)
    except Exception as exc:  # noqa: BLE001 - a damaged sheet
        book.release_resources()
        raise InputError(f"cannot read the workbook: {exc}", path=name, line=1) from None
    size = path.stat().st_size
    return Table(_records(book, ws, size, ticker), None, ",", ws.name, sheets)

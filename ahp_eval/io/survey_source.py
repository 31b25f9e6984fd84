"""The front door of survey exports, shared by the careful and the streaming reader.

Everything about a file that is not an answer is worked out here, once: which file
it is (a CSV or XLSX file, not a folder), its text encoding (decided for the whole
file, :mod:`ahp_eval.io._encoding`), delimiter and header, which column feeds which
indicator, whether the row after the header holds question texts, the group column,
how group labels are normalised, and how the readers' results become a
:class:`~ahp_eval.survey.responses.ResponseSet` (:func:`finish`).

Every column reference (``survey.questions[].column``, an indicator id, the group
column) follows one rule, :func:`match_column`. Rows are located by where they start:
the physical line of a CSV file (blank lines and line breaks inside quoted answers
count), the row number of an XLSX sheet.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import time
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io._encoding import BOM, UTF16_BOMS, codec_of, decode_whole, line_of
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.labels import AnswerLabels, label_key
from ahp_eval.survey.responses import CellIssue, GroupData, ResponseSet, SkippedRow
from ahp_eval.survey.stacked import StackedGroups, group_counts

__all__ = [
    "ALL",
    "MAX_REPORTED",
    "SEPARATORS",
    "Feed",
    "Head",
    "Layout",
    "Progress",
    "Record",
    "Table",
    "Ticker",
    "answer_labels",
    "cell_text",
    "check_path",
    "finish",
    "group_label",
    "group_namer",
    "header_matches",
    "match_column",
    "open_stream",
    "open_table",
    "plan_layout",
    "sniff_csv",
]

SEPARATORS = (" ", ".", "、", ":", "：", ")", "）", "_", "-")
"""What may follow a question code or indicator id at the start of a header."""

MAX_REPORTED = 50
"""Bad cells listed one by one before the rest are counted."""

ALL = "all"
"""The group of a file without a group column."""

CSV_SUFFIXES = (".csv", ".txt")
DELIMITERS = (",", "\t", ";")
HEAD_BYTES = 1024 * 1024
"""The streaming reader looks for the header and the row after it in this many bytes."""

QUESTION_TEXTS = "question texts"
"""Why the row after the header was skipped."""

Progress = Callable[[int, int], None]
"""``progress(done_bytes, total_bytes)``, called as a file is read."""


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text.strip())


def header_matches(header: str, code: str) -> bool:
    """``Q1`` matches ``Q1``, ``Q1. 页面设计``, ``Q1、...``, but not ``Q10``."""
    h, c = _nfc(header), _nfc(code)
    return h == c or (h.startswith(c) and h[len(c) : len(c) + 1] in SEPARATORS)


def match_column(header: Sequence[str], code: str) -> list[int]:
    """The columns a reference names: every header that :func:`header_matches` it, or
    the one header equal to it when there is exactly one (so a whole header always
    picks its column). More than one is ambiguous."""
    hits = [i for i, h in enumerate(header) if header_matches(h, code)]
    exact = [i for i in hits if _nfc(header[i]) == _nfc(code)]
    return exact if len(exact) == 1 else hits


def group_label(text: str) -> str:
    """A group cell as a group's name: stripped, in Unicode NFC (labels equal after
    this are one group)."""
    return _nfc(text)


def cell_text(value: object) -> str:
    """A cell as text (XLSX cells may be numbers, dates or empty)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def is_date(value: object) -> bool:
    """An XLSX cell holding a date, a time or a duration."""
    return isinstance(value, dt.date | dt.time | dt.timedelta)


class Record(NamedTuple):
    """One non-blank row: its number among non-blank rows (the header is 1), the line
    (CSV) or sheet row (XLSX) where it starts, and its cells (text for CSV; XLSX
    values)."""

    row: int
    line: int
    cells: Sequence[Any]


class Feed(NamedTuple):
    """A column feeding an indicator."""

    field: int
    indicator: int
    indicator_id: str
    reverse: bool
    expectation: bool
    allowed: frozenset[str]
    """What this column's cell may hold in a row of question texts."""


class Layout(NamedTuple):
    """What the front door made of a file: everything but the answers."""

    name: str
    sheet: str | None
    encoding: str | None
    delimiter: str
    header: tuple[str, ...]
    header_line: int
    feeds: tuple[Feed, ...]
    leaves: tuple[str, ...]
    group_index: int | None
    group_column: str | None
    skipped: tuple[SkippedRow, ...]
    data_from: int
    """How many of the first records are not answers (the header, question texts)."""

    @property
    def has_expectation(self) -> bool:
        return any(f.expectation for f in self.feeds)

    def error(self, message: str, line: int | None) -> InputError:
        """An error located in this file (and sheet)."""
        where = f"sheet {self.sheet!r}: " if self.sheet is not None else ""
        return InputError(where + message, path=self.name, line=line)

    def ignored(self) -> tuple[str, ...]:
        used = {f.field for f in self.feeds}
        return tuple(
            h for i, h in enumerate(self.header) if i not in used and i != self.group_index and h
        )

    def columns_used(self) -> dict[str, tuple[str, ...]]:
        return {
            leaf: tuple(self.header[f.field] for f in self.feeds if f.indicator_id == leaf)
            for leaf in self.leaves
        }


def _shown(header: Sequence[str], hits: list[int]) -> str:
    return ", ".join(f"{header[i]!r} (column {i + 1})" for i in hits)


def _question_texts(cells: Sequence[Any], feeds: Sequence[Feed]) -> bool:
    """Every mapped cell holds its indicator's name, English name, "name (English
    name)", the declared question text or the header: a row of question texts."""
    for f in feeds:
        text = _nfc(cell_text(cells[f.field])) if f.field < len(cells) else ""
        if not text or text not in f.allowed:
            return False
    return True


def plan_layout(
    name: str,
    first: Sequence[Record],
    evaluation: Evaluation,
    *,
    group: str | None,
    encoding: str | None,
    delimiter: str = ",",
    sheet: str | None = None,
    sheets: Sequence[str] = (),
) -> Layout:
    """Map the header (``first[0]``) to indicators and the group column, and decide
    whether the next row (``first[1]``) holds question texts; every problem at once."""
    head = first[0]
    header = tuple(cell_text(c).strip() for c in head.cells)
    where = f"sheet {sheet!r}: " if sheet is not None else ""

    def err(message: str) -> InputError:
        return InputError(where + message, path=name, line=head.line)

    leaves = evaluation.leaves()
    leaf_ids = tuple(leaf.id for leaf in leaves)
    index = {leaf: j for j, leaf in enumerate(leaf_ids)}
    names: dict[str, set[str]] = {}
    for leaf in leaves:
        allowed = {leaf.name}
        if leaf.name_en:
            allowed |= {leaf.name_en, f"{leaf.name} ({leaf.name_en})"}
        names[leaf.id] = {_nfc(a) for a in allowed}
    declared = evaluation.survey.questions
    refs = (
        [
            (
                q.column,
                q.indicator,
                q.reverse,
                q.role,
                q.text,
                f"survey.questions[{k}] for {q.indicator}",
            )
            for k, q in enumerate(declared)
        ]
        if declared
        else [(leaf, leaf, False, "perception", None, leaf) for leaf in leaf_ids]
    )
    errors: list[InputError] = []
    feeds: list[Feed] = []
    for column, indicator, reverse, role, text, what in refs:
        hits = match_column(header, column)
        if len(hits) > 1:
            errors.append(err(f"column {column!r} ({what}) matches {_shown(header, hits)}"))
        elif hits:
            allowed = names.get(indicator, set()) | {_nfc(header[hits[0]])}
            if text:
                allowed.add(_nfc(text))
            feeds.append(
                Feed(
                    hits[0],
                    index[indicator],
                    indicator,
                    reverse,
                    role == "expectation",
                    frozenset(allowed),
                )
            )
        elif declared:
            errors.append(err(f"column {column!r} ({what}) is not in the header"))
    if not feeds and len(sheets) > 1:
        errors = [
            err(
                "no header matches an indicator id or a survey question; if the answers "
                f"are on another sheet, choose it with --sheet (sheets: {', '.join(sheets)})"
            )
        ]
    fed = {f.indicator_id for f in feeds if not f.expectation}
    missing = [leaf for leaf in leaf_ids if leaf not in fed]
    if missing and not errors:
        errors.append(
            err(
                f"no column for {', '.join(missing)} (headers are matched by "
                "indicator id, or through survey.questions)"
            )
        )
    group_column = group or evaluation.survey.group
    group_index = None
    group_error = None
    if group_column is not None:
        hits = match_column(header, group_column)
        if not hits:
            group_error = err(f"no group column {group_column!r}; headers: {', '.join(header)}")
        elif len(hits) > 1:
            group_error = err(
                f"group column {group_column!r} matches {_shown(header, hits)}; "
                "give the whole header"
            )
        elif hits[0] in {f.field for f in feeds}:
            group_error = err(
                f"group column {header[hits[0]]!r} also feeds an indicator; "
                "choose another group column"
            )
        else:
            group_index = hits[0]
    if errors:
        raise InputErrors([*errors, group_error] if group_error else errors)
    if group_error:
        raise group_error
    skipped: tuple[SkippedRow, ...] = ()
    data_from = 1
    if len(first) > 1 and _question_texts(first[1].cells, feeds):
        skipped, data_from = (SkippedRow(first[1].line, QUESTION_TEXTS),), 2
    return Layout(
        name=name,
        sheet=sheet,
        encoding=encoding,
        delimiter=delimiter,
        header=header,
        header_line=head.line,
        feeds=tuple(feeds),
        leaves=leaf_ids,
        group_index=group_index,
        group_column=header[group_index] if group_index is not None else None,
        skipped=skipped,
        data_from=data_from,
    )


def finish(
    layout: Layout, groups: Sequence[GroupData], *, dropped: Sequence[CellIssue] = ()
) -> ResponseSet:
    """The reader's result, or every group's indicators that have no valid answer."""
    if not len(groups):
        if not dropped:
            raise layout.error("the file has a header but no answers", layout.header_line)
        first = dropped[0]
        msg = (
            f"no answers are left once the {len(dropped)} cells --drop-invalid drops are "
            f"left out (the first on line {first.line or first.row}: column "
            f"{first.column!r}: {first.reason})"
        )
        raise layout.error(msg, layout.header_line)
    n, answered = group_counts(groups)
    if not n.any():
        raise layout.error("the file has a header but no answers", layout.header_line)
    errors = [
        layout.error(
            f"group {groups[g].name!r}: indicator {layout.leaves[j]} has no valid answers",
            layout.header_line,
        )
        for g, j in zip(*np.nonzero(answered == 0), strict=True)
    ]
    if errors:
        raise InputErrors(errors)
    return ResponseSet(
        source=layout.name,
        indicators=layout.leaves,
        groups=groups if isinstance(groups, StackedGroups) else tuple(groups),
        n_rows=int(n.sum()),
        ignored_columns=layout.ignored(),
        dropped=tuple(dropped),
        encoding=layout.encoding,
        group_column=layout.group_column,
        columns_used=layout.columns_used(),
        skipped_rows=layout.skipped,
        sheet=layout.sheet,
    )


TICK_SECONDS = 0.2
"""Progress is reported at most this often."""


class Ticker:
    """Calls ``progress`` at most every :data:`TICK_SECONDS`, and once at the end."""

    def __init__(self, progress: Progress | None, total: int) -> None:
        self.progress = progress
        self.total = total
        self.every = TICK_SECONDS
        self.last = time.monotonic()

    def __call__(self, done: int) -> None:
        if self.progress is None:
            return
        now = time.monotonic()
        if now - self.last >= self.every:
            self.last = now
            self.progress(min(done, self.total), self.total)

    def end(self) -> None:
        if self.progress is not None:
            self.progress(self.total, self.total)


def check_path(path: Path, name: str) -> str:
    """The kind of survey file (``csv`` or ``xlsx``), or the error saying what it is."""
    if path.is_dir():
        raise InputError(
            "is a folder; give the survey export itself (a .csv or .xlsx file)", path=name
        )
    suffix = path.suffix.lower()
    if suffix in CSV_SUFFIXES:
        kind = "csv"
    elif suffix == ".xlsx":
        kind = "xlsx"
    elif suffix == ".xls":
        kind = "xls"
    else:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; use .csv, .xlsx or .xls",
            path=name,
            line=1,
        )
    if not path.exists():
        raise InputError("no such file", path=name, line=1)
    return kind


class Table(NamedTuple):
    """A file opened for the careful reader: its non-blank rows, read as they are used."""

    records: Iterator[Record]
    encoding: str | None
    delimiter: str
    sheet: str | None
    sheets: tuple[str, ...]


def _delimiter(text: str) -> str:
    for line in io.StringIO(text, newline=""):
        if line.strip():
            return max(DELIMITERS, key=line.count)
    return ","


def _csv_records(
    stream: io.StringIO, size: int, name: str, delimiter: str, ticker: Ticker
) -> Iterator[Record]:
    length = len(stream.getvalue())
    reader = csv.reader(stream, delimiter=delimiter)
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, length + 1))  # a field is never longer than the file
    try:
        row, line = 0, 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                break
            except csv.Error as exc:
                raise InputError(
                    f"cannot read this line as CSV: {exc}", path=name, line=reader.line_num
                ) from None
            start, line = line, reader.line_num + 1
            if not any(c.strip() for c in cells):
                continue
            row += 1
            yield Record(row, start, cells)
            if not row % 4096:
                ticker(size * stream.tell() // max(length, 1))
    finally:
        csv.field_size_limit(limit)


def _read_bytes(path: Path, name: str) -> bytes:
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name, line=1) from None


def _sheet_of(book: Any, sheet: str | None, name: str) -> tuple[tuple[str, ...], Any]:
    """The workbook's sheet names and the sheet to read: ``sheet``, else the first
    worksheet; the workbook is closed when there is none to read."""
    sheets = tuple(book.sheetnames)
    if sheet is not None and sheet not in sheets:
        book.close()
        raise InputError(f"no sheet {sheet!r}; sheets: {', '.join(sheets)}", path=name, line=1)
    if sheet is None and not book.worksheets:
        book.close()
        msg = "the workbook has no worksheet to read (only charts, or it is damaged)"
        raise InputError(msg, path=name, line=1)
    return sheets, book[sheet] if sheet is not None else book.worksheets[0]


def _xlsx_records(book: Any, ws: Any, name: str, size: int, ticker: Ticker) -> Iterator[Record]:
    """The sheet's non-blank rows; a sheet damaged past its start (its XML or its
    compression) is an error at the row where reading stopped."""
    line = 0
    try:
        rows = ws.max_row or 0
        row = 0
        values_of = enumerate(ws.iter_rows(min_row=1, values_only=True), 1)
        while True:
            try:
                line, values = next(values_of)
            except StopIteration:
                return
            except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
                msg = f"sheet {ws.title!r}: cannot read the workbook past this row: {exc}"
                raise InputError(msg, path=name, line=line + 1) from None
            if all(v is None or (isinstance(v, str) and not v.strip()) for v in values):
                continue
            row += 1
            yield Record(row, line, values)
            if not row % 4096 and rows:
                ticker(size * line // rows)
    finally:
        book.close()


def open_table(
    path: Path,
    name: str,
    kind: str,
    *,
    sheet: str | None = None,
    encoding: str | None = None,
    ticker: Ticker,
) -> Table:
    """A CSV file decoded whole, or an XLSX sheet, as an iterator of non-blank rows."""
    if kind == "csv":
        raw = _read_bytes(path, name)
        text, decided = decode_whole(raw, name, encoding)
        delimiter = _delimiter(text)
        stream = io.StringIO(text, newline="")
        records = _csv_records(stream, len(raw), name, delimiter, ticker)
        return Table(records, decided, delimiter, None, ())
    if kind == "xls":
        from ahp_eval.io.xls_file import open_xls  # an old workbook, through xlrd

        return open_xls(path, name, sheet=sheet, ticker=ticker)
    import openpyxl  # only the XLSX path pays for it

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(f"cannot read the workbook: {exc}", path=name, line=1) from None
    sheets, ws = _sheet_of(book, sheet, name)
    size = path.stat().st_size
    return Table(_xlsx_records(book, ws, name, size, ticker), None, ",", ws.title, sheets)


class Head(NamedTuple):
    """The top of a CSV file, for the streaming reader."""

    records: list[Record]
    """The header and the row after it (if any)."""
    ends: list[int]
    """The line each of them ends on."""
    encoding: str
    """The encoding the head decodes in (the whole file is checked as it is read)."""
    delimiter: str
    chunk: bytes
    """The head's bytes, in whole lines."""


def sniff_csv(path: Path, declared: str | None) -> Head | None:
    """The header and the row after it, read from the top of the file, or None when
    that is not simple (not in the first megabyte, a line break that is a lone CR,
    text that does not decode): the careful reader then reads the file."""
    for size in (HEAD_BYTES // 16, HEAD_BYTES):
        try:
            with path.open("rb") as fh:
                chunk = fh.read(size)
                whole = not fh.read(1)
        except OSError:
            return None
        head = _sniff(chunk, whole, declared)
        if head is not None or whole:
            return head
    return None


def _sniff(chunk: bytes, whole: bool, declared: str | None) -> Head | None:
    if not whole:
        chunk = chunk[: chunk.rfind(b"\n") + 1]
    if not chunk or chunk.startswith(UTF16_BOMS) or chunk.count(b"\r") != chunk.count(b"\r\n"):
        return None
    if declared is not None:
        tried = ["utf-8-sig" if codec_of(declared) == "utf-8" else codec_of(declared)]
    elif chunk.startswith(BOM):
        tried = ["utf-8-sig"]
    else:
        tried = ["utf-8", "gb18030"]
    for codec in tried:
        try:
            text = chunk.decode(codec)
        except UnicodeDecodeError:
            continue
        break
    else:
        return None
    delimiter = _delimiter(text)
    stream = io.StringIO(text, newline="")
    total = line_of(text, len(text)) - (1 if text.endswith("\n") else 0)
    reader = csv.reader(stream, delimiter=delimiter)
    records: list[Record] = []
    ends: list[int] = []
    line = 1
    limit = csv.field_size_limit()
    csv.field_size_limit(max(limit, len(text) + 1))
    try:
        for cells in reader:
            start, line = line, reader.line_num + 1
            if any(c.strip() for c in cells):
                records.append(Record(len(records) + 1, start, cells))
                ends.append(reader.line_num)
                if len(records) == 2:
                    break
    except csv.Error:
        return None
    finally:
        csv.field_size_limit(limit)
    if not records or (not whole and (len(records) < 2 or ends[-1] >= total)):
        return None  # the second row may go on past the chunk
    return Head(records, ends, "utf-8" if codec == "utf-8-sig" else codec, delimiter, chunk)


def head_bytes(chunk: bytes, lines: int) -> bytes:
    """The first ``lines`` lines of ``chunk`` (all of it when it has fewer)."""
    end = 0
    for _ in range(lines):
        found = chunk.find(b"\n", end)
        if found < 0:
            return chunk
        end = found + 1
    return chunk[:end]


def open_stream(
    stream: Any, name: str, *, sheet: str | None = None, encoding: str | None = None
) -> Table:
    """A file-like object (binary or text; CSV, or an XLSX workbook in a binary stream)
    read whole and opened as :func:`open_table` opens a file."""
    data = stream.read()
    if isinstance(data, str):  # a text stream: already decoded
        data, encoding = data.encode("utf-8"), "utf-8"
    if not isinstance(data, bytes | bytearray):
        raise InputError(f"cannot read answers from {type(stream).__name__}", path=name)
    raw = bytes(data)
    ticker = Ticker(None, len(raw))
    if raw.startswith(b"PK\x03\x04"):  # a zip: an XLSX workbook
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
        except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
            raise InputError(f"cannot read the workbook: {exc}", path=name, line=1) from None
        sheets, ws = _sheet_of(book, sheet, name)
        return Table(_xlsx_records(book, ws, name, len(raw), ticker), None, ",", ws.title, sheets)
    text, decided = decode_whole(raw, name, encoding)
    delimiter = _delimiter(text)
    records = _csv_records(io.StringIO(text, newline=""), len(raw), name, delimiter, ticker)
    return Table(records, decided, delimiter, None, ())


def answer_labels(evaluation: Evaluation) -> AnswerLabels:
    """How answer texts and missing-answer markers of this evaluation's survey are read
    (``survey.labels`` or the built-in wordings of its scale, ``survey.missing``)."""
    survey = evaluation.survey
    return AnswerLabels.of_survey(survey.labels, survey.missing, survey.scale.min, survey.scale.max)


def group_namer(evaluation: Evaluation) -> Callable[[str], str]:
    """A group cell as its group's name: :func:`group_label`, then the name
    ``survey.group_names`` gives its code (compared as answer labels are)."""
    names = evaluation.survey.group_names
    if not names:
        return group_label
    table = {label_key(code): group_label(name) for code, name in names.items()}

    def name(text: str) -> str:
        label = group_label(text)
        return table.get(label_key(label), label) if label else label

    return name

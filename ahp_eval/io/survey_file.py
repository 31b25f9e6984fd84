"""Reading survey exports (CSV or XLSX) into per-group answer arrays.

CSV encodings are detected: UTF-8 (with or without BOM) first, then GB18030 (a
superset of GBK, as Chinese survey platforms and Excel export them). Columns are
matched to indicators by ``survey.questions`` or by indicator id; see
docs/format.md. Every bad cell is reported with its file row and column.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Sequence
from pathlib import Path

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.survey import Question
from ahp_eval.survey.responses import CellIssue, GroupData, ResponseSet, reverse_code

__all__ = ["MAX_REPORTED", "SEPARATORS", "header_matches", "read_responses"]

SEPARATORS = (" ", ".", "、", ":", "：", ")", "）", "_", "-")
"""What may follow a question code or indicator id at the start of a header."""

MAX_REPORTED = 50
"""Bad cells listed one by one before the rest are counted."""

ALL = "all"
"""The group of a file without a group column."""


def header_matches(header: str, code: str) -> bool:
    """``Q1`` matches ``Q1``, ``Q1. 页面设计``, ``Q1、...``, but not ``Q10``."""
    h = header.strip()
    return h == code or (h.startswith(code) and h[len(code) : len(code) + 1] in SEPARATORS)


def _decode(raw: bytes, name: str) -> tuple[str, str]:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return raw.decode(encoding), ("utf-8" if encoding == "utf-8-sig" else encoding)
        except UnicodeDecodeError:
            continue
    raise InputError(
        "cannot decode the file: it is neither UTF-8 nor GB18030/GBK text", path=name, line=1
    )


def _read_csv(path: Path) -> tuple[list[list[str]], str]:
    name = str(path)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name, line=1) from None
    text, encoding = _decode(raw, name)
    first = text.split("\n", 1)[0]
    delimiter = max((",", "\t", ";"), key=first.count) if first else ","
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return rows, encoding


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _read_xlsx(path: Path, sheet: str | None) -> list[list[str]]:
    import openpyxl  # only the XLSX path pays for it

    name = str(path)
    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except Exception as exc:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise InputError(f"cannot read the workbook: {exc}", path=name, line=1) from None
    try:
        if sheet is not None and sheet not in book.sheetnames:
            raise InputError(
                f"no sheet {sheet!r}; sheets: {', '.join(book.sheetnames)}", path=name, line=1
            )
        ws = book[sheet] if sheet is not None else book.worksheets[0]
        return [[_cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
    finally:
        book.close()


class ColumnMap:
    """Which header feeds which indicator, in which role."""

    def __init__(self, header: list[str], evaluation: Evaluation, name: str) -> None:
        leaves = [leaf.id for leaf in evaluation.leaves()]
        questions: Sequence[Question] = evaluation.survey.questions
        if not questions:
            questions = [Question(column=leaf, indicator=leaf) for leaf in leaves]
        errors: list[InputError] = []
        self.feeds: list[tuple[int, Question]] = []
        for k, q in enumerate(questions):
            hits = [i for i, h in enumerate(header) if header_matches(h, q.column)]
            where = (
                f"survey.questions[{k}] for {q.indicator}"
                if evaluation.survey.questions
                else q.indicator
            )
            if len(hits) > 1:
                shown = ", ".join(repr(header[i]) for i in hits)
                errors.append(
                    InputError(f"column {q.column!r} ({where}) matches {shown}", path=name, line=1)
                )
            elif hits:
                self.feeds.append((hits[0], q))
            elif evaluation.survey.questions:
                errors.append(
                    InputError(
                        f"column {q.column!r} ({where}) is not in the header", path=name, line=1
                    )
                )
        fed = {q.indicator for _, q in self.feeds if q.role == "perception"}
        missing = [leaf for leaf in leaves if leaf not in fed]
        if missing and not errors:
            errors.append(
                InputError(
                    f"no column for {', '.join(missing)} (headers are matched by "
                    "indicator id, or through survey.questions)",
                    path=name,
                    line=1,
                )
            )
        if errors:
            raise InputErrors(errors)
        used = {i for i, _ in self.feeds}
        self.used = used
        self.index = {leaf: k for k, leaf in enumerate(leaves)}


def _parse_cells(
    rows: list[list[str]],
    col: int,
    *,
    header: str,
    indicator: str,
    scale: tuple[float, float],
    first_row: int,
    issues: list[CellIssue],
) -> np.ndarray:
    lo, hi = scale
    out = np.full(len(rows), math.nan)
    for r, row in enumerate(rows):
        text = row[col].strip() if col < len(row) else ""
        if not text:
            continue
        try:
            value = float(text)
        except ValueError:
            issues.append(
                CellIssue(
                    first_row + r,
                    header,
                    text,
                    f"column {header!r} ({indicator}): {text!r} is not a number",
                )
            )
            continue
        if not lo <= value <= hi or math.isnan(value):
            issues.append(
                CellIssue(
                    first_row + r,
                    header,
                    text,
                    f"column {header!r} ({indicator}): {text!r} is outside the scale "
                    f"{lo:g}..{hi:g}",
                )
            )
            continue
        out[r] = value
    return out


def _is_question_row(row: list[str], columns: ColumnMap) -> bool:
    cells = [row[i].strip() if i < len(row) else "" for i in columns.used]
    if not cells or not all(cells):
        return False
    for c in cells:
        try:
            float(c)
        except ValueError:
            continue
        return False
    return True


def _group_index(header: list[str], column: str | None, name: str) -> int | None:
    if column is None:
        return None
    hits = [i for i, h in enumerate(header) if h == column]
    if not hits:
        raise InputError(
            f"no group column {column!r}; headers: {', '.join(header)}", path=name, line=1
        )
    return hits[0]


def _read_fast(
    path: Path, evaluation: Evaluation, group: str | None, *, fuzzy: bool
) -> ResponseSet | None:
    """The streaming path for plain CSV files (None: read it cell by cell instead)."""
    from ahp_eval.io.survey_fast import read_plain_csv  # large files only

    name = str(path)
    try:
        with path.open("rb") as fh:
            head = [fh.readline() for _ in range(2)]
    except OSError:
        return None
    try:
        text, encoding = _decode(b"".join(head), name)
    except InputError:
        return None
    lines = text.splitlines()
    if not lines or '"' in lines[0] or "," not in lines[0]:
        return None
    header = [h.strip() for h in lines[0].split(",")]
    columns = ColumnMap(header, evaluation, name)
    group_column = group or evaluation.survey.group
    group_index = _group_index(header, group_column, name)
    second = lines[1].split(",") if len(lines) > 1 else []
    skip = 2 if second and _is_question_row(second, columns) else 1
    feeds = [
        (field, columns.index[q.indicator], q.reverse, q.role == "expectation")
        for field, q in columns.feeds
    ]
    result = read_plain_csv(
        path,
        evaluation,
        fields=len(header),
        group_index=group_index,
        columns=feeds,
        skip_lines=skip,
        encoding="utf-8-sig" if encoding == "utf-8" else encoding,
        counts=fuzzy,
    )
    if result is None:
        return None
    groups, rows = result
    leaves = list(columns.index)
    return ResponseSet(
        source=name,
        indicators=tuple(leaves),
        groups=groups,
        n_rows=rows,
        ignored_columns=_ignored(header, columns, group_index),
        encoding=encoding,
        group_column=group_column,
        columns_used=_used(header, columns, leaves),
    )


def _ignored(header: list[str], columns: ColumnMap, group_index: int | None) -> tuple[str, ...]:
    return tuple(
        h for i, h in enumerate(header) if i not in columns.used and i != group_index and h
    )


def _used(header: list[str], columns: ColumnMap, leaves: list[str]) -> dict[str, tuple[str, ...]]:
    return {
        leaf: tuple(header[c] for c, q in columns.feeds if q.indicator == leaf) for leaf in leaves
    }


def read_responses(
    path: str | Path,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    sheet: str | None = None,
    drop_invalid: bool = False,
    keep_answers: bool = False,
    fuzzy: bool = True,
) -> ResponseSet:
    """Read a survey export; one :class:`GroupData` per site or service.

    A large plain CSV is folded into statistics as it is read (see
    :mod:`ahp_eval.io.survey_fast`) unless ``keep_answers`` (the bootstrap needs
    every answer); anything unusual is read cell by cell. Without ``fuzzy`` the
    statistics leave out the value counts that only the fuzzy evaluation uses.
    """
    p = Path(path)
    name = str(path)
    suffix = p.suffix.lower()
    if suffix in (".csv", ".txt") and not keep_answers:
        fast = _read_fast(p, evaluation, group, fuzzy=fuzzy)
        if fast is not None:
            return fast
    if suffix in (".csv", ".txt"):
        rows, encoding = _read_csv(p)
    elif suffix == ".xlsx":
        rows, encoding = _read_xlsx(p, sheet), None
    else:
        raise InputError(
            f"unknown file type {suffix or '(none)'!r}; use .csv or .xlsx", path=name, line=1
        )
    rows = [r for r in rows if any(c.strip() for c in r)] if rows else rows
    if not rows:
        raise InputError("the file is empty", path=name, line=1)
    header = [h.strip() for h in rows[0]]
    columns = ColumnMap(header, evaluation, name)
    first_row = 2
    body = rows[1:]
    if body and _is_question_row(body[0], columns):
        body, first_row = body[1:], 3
    if not body:
        raise InputError("the file has a header but no answers", path=name, line=1)

    group_column = group or evaluation.survey.group
    group_index = _group_index(header, group_column, name)

    lo, hi = evaluation.survey.scale.min, evaluation.survey.scale.max
    issues: list[CellIssue] = []
    leaves = list(columns.index)
    k = len(leaves)
    sums = {"perception": np.zeros((len(body), k)), "expectation": np.zeros((len(body), k))}
    counts = {"perception": np.zeros((len(body), k)), "expectation": np.zeros((len(body), k))}
    for col, q in columns.feeds:
        values = _parse_cells(
            body,
            col,
            header=header[col],
            indicator=q.indicator,
            scale=(lo, hi),
            first_row=first_row,
            issues=issues,
        )
        if q.reverse:
            values = reverse_code(values, lo, hi)
        j = columns.index[q.indicator]
        present = ~np.isnan(values)
        sums[q.role][:, j] += np.where(present, values, 0.0)
        counts[q.role][:, j] += present
    if issues and not drop_invalid:
        shown = [InputError(i.reason, path=name, line=i.row) for i in issues[:MAX_REPORTED]]
        if len(issues) > MAX_REPORTED:
            shown.append(
                InputError(
                    f"... and {len(issues) - MAX_REPORTED} more bad cells",
                    path=name,
                    line=issues[MAX_REPORTED].row,
                )
            )
        raise InputErrors(shown)
    with np.errstate(invalid="ignore", divide="ignore"):
        perception = sums["perception"] / counts["perception"]
        expectation = sums["expectation"] / counts["expectation"]
    has_expectation = any(q.role == "expectation" for _, q in columns.feeds)

    if group_index is None:
        labels = [ALL] * len(body)
    else:
        labels = [row[group_index].strip() if group_index < len(row) else "" for row in body]
        empty = [first_row + r for r, v in enumerate(labels) if not v]
        if empty:
            raise InputErrors(
                [
                    InputError(f"empty group cell in column {group_column!r}", path=name, line=row)
                    for row in empty[:MAX_REPORTED]
                ]
            )
    order = list(dict.fromkeys(labels))
    label_array = np.array(labels, dtype=object)
    groups = []
    errors: list[InputError] = []
    for g in order:
        mask = label_array == g
        x = perception[mask]
        answered = (~np.isnan(x)).sum(axis=0)
        errors.extend(
            InputError(
                f"group {g!r}: indicator {leaves[j]} has no valid answers", path=name, line=1
            )
            for j in np.flatnonzero(answered == 0)
        )
        groups.append(GroupData(g, x, expectation[mask] if has_expectation else None))
    if errors:
        raise InputErrors(errors)
    return ResponseSet(
        source=name,
        indicators=tuple(leaves),
        groups=tuple(groups),
        n_rows=len(body),
        ignored_columns=_ignored(header, columns, group_index),
        dropped=tuple(issues),
        encoding=encoding,
        group_column=group_column,
        columns_used=_used(header, columns, leaves),
    )

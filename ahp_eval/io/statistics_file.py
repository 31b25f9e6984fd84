"""Reading a statistics table (the result of ``ahp-eval sql``, exported as CSV, XLSX
or JSON) into a response set of stacked statistics, as the streaming reader gives.

CSV and XLSX files come through the survey front door (encoding, delimiter, sheet);
JSON is an array of objects or one object a line (DuckDB's and Spark's export).
The columns are those of :mod:`ahp_eval.survey.stat_columns`.
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io._encoding import decode_whole
from ahp_eval.io.survey_source import (
    ALL,
    Ticker,
    cell_text,
    check_path,
    group_namer,
    open_table,
)
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.group_stats import GroupStats
from ahp_eval.survey.moments import Moments
from ahp_eval.survey.responses import ResponseSet
from ahp_eval.survey.stacked import StackedGroups
from ahp_eval.survey.stat_columns import (
    FORMAT_WITHOUT_ENTROPY,
    GROUP,
    GROUP_COLUMN,
    LAYOUT,
    StatColumns,
    stat_columns,
)

__all__ = ["BadColumn", "Statistics", "read_statistics"]

SHOWN = 10
"""Missing or unknown columns named one by one before the rest are counted."""


class BadColumn(NamedTuple):
    """Answers a query counted as bad (not a number, or outside the scale) in one column."""

    column: str
    indicator: str
    answers: int


class Statistics(NamedTuple):
    """A statistics table read: the response set, and what the query left out."""

    responses: ResponseSet
    bad: tuple[BadColumn, ...]
    empty_group: int
    """Respondents whose group cell was empty (left out)."""


class _Row(NamedTuple):
    line: int | None
    cells: dict[str, Any]


def _json_rows(path: Path, name: str, encoding: str | None) -> tuple[list[_Row], str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name, line=1) from None
    text, decided = decode_whole(raw, name, encoding)
    stripped = text.strip()
    items: list[tuple[int | None, Any]] = []
    if stripped.startswith("["):
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise InputError(f"not valid JSON: {exc.msg}", path=name, line=exc.lineno) from None
        items = [(None, item) for item in data]
    else:
        for number, piece in enumerate(text.splitlines(), 1):
            if not piece.strip():
                continue
            try:
                items.append((number, json.loads(piece)))
            except json.JSONDecodeError as exc:
                raise InputError(f"not valid JSON: {exc.msg}", path=name, line=number) from None
    rows: list[_Row] = []
    for line, item in items:
        if not isinstance(item, dict):
            raise InputError(
                f"expected one object per group (the query's rows), got {type(item).__name__}",
                path=name,
                line=line,
            )
        rows.append(_Row(line, {str(k).strip(): v for k, v in item.items()}))
    return rows, decided


def _table_rows(
    path: Path, name: str, kind: str, encoding: str | None, sheet: str | None
) -> tuple[list[_Row], str | None, str | None]:
    table = open_table(path, name, kind, sheet=sheet, encoding=encoding, ticker=Ticker(None, 0))
    records = list(table.records)
    if not records:
        where = f"sheet {table.sheet!r}: " if table.sheet is not None else ""
        raise InputError(where + "the file is empty", path=name, line=1)
    header = [cell_text(c).strip() for c in records[0].cells]
    rows = []
    for record in records[1:]:
        cells = list(record.cells) + [None] * (len(header) - len(record.cells))
        rows.append(_Row(record.line, {h: cells[i] for i, h in enumerate(header) if h}))
    return rows, table.encoding, table.sheet


def _pair(i: str, j: str) -> str:
    a, b = sorted((int(i), int(j)))
    return f"count_{a}_{b}"


_BOUNDED: tuple[tuple[re.Pattern[str], Callable[..., str], str], ...] = (
    (re.compile(r"^sum_(\d+)_(\d+)$"), _pair, "x"),
    (re.compile(r"^complete_(\d+)_sum_\d+$"), "complete_{}".format, "x"),
    (re.compile(r"^expectation_sum_(\d+)$"), "expectation_count_{}".format, "x"),
    (re.compile(r"^product_(\d+)_(\d+)$"), "count_{}_{}".format, "xy"),
    (re.compile(r"^complete_(\d+)_product_\d+_\d+$"), "complete_{}".format, "xy"),
    (re.compile(r"^xlogx_(\d+)$"), lambda i: f"count_{i}_{i}", "x ln x"),
)
"""Each summed column, the column counting its answers, and what is summed."""


def _x_log_x(x: float) -> float:
    return x * math.log(x) if x > 0 else 0.0


def _ranges(lo: float, hi: float) -> dict[str, tuple[float, float]]:
    """The range of one answer's x, x y and x ln x on the scale ``lo``..``hi`` (x ln x
    over the positive answers: the others add 0)."""
    products = (lo * lo, lo * hi, hi * hi)
    low = max(lo, 0.0)
    logs = [_x_log_x(low), _x_log_x(hi)] + ([-1 / math.e] if low < 1 / math.e < hi else [])
    return {"x": (lo, hi), "xy": (min(products), max(products)), "x ln x": (min(logs), max(logs))}


def _implausible(values: dict[str, float], lo: float, hi: float) -> list[str]:
    """What no set of answers on the scale ``lo``..``hi`` could give: a count above the
    row's respondents, or a sum, sum of products or sum of x ln x outside what its count
    of answers allows (a damaged or hand-edited table; the query's own results always
    fit, to rounding)."""
    n = values["n"]
    ranges = _ranges(lo, hi)
    out = []
    for column, value in values.items():
        if _is_count(column):
            if value > n:
                out.append(f"column {column}: {value:g} is more than the row's {n:g} respondents")
            continue
        for pattern, counted_by, summed in _BOUNDED:
            m = pattern.match(column)
            if m is None:
                continue
            count = values.get(counted_by(*m.groups()))
            if count is None:
                break
            least, most = (count * bound for bound in ranges[summed])
            slack = 1e-9 * max(1.0, abs(least), abs(most))
            if not least - slack <= value <= most + slack:
                out.append(
                    f"column {column}: {value:g} is outside what {count:g} answers on the "
                    f"scale {lo:g}..{hi:g} can give ({least:g} to {most:g})"
                )
            break
    return out


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = float(value)
    else:
        try:
            number = float(cell_text(value).strip())
        except ValueError:
            return None
    return number if math.isfinite(number) else None


def _columns_of(evaluation: Evaluation, rows: Sequence[_Row]) -> StatColumns:
    """The layout the table's ``layout`` value names: with the entropy sums (the
    current format), or without them (format version 1)."""
    layout = rows[0].cells.get(LAYOUT)
    old = layout is not None and cell_text(layout).strip().startswith(FORMAT_WITHOUT_ENTROPY + ":")
    return stat_columns(evaluation, entropy=not old)


_COUNT = re.compile(r"^(n|count_\d+_\d+|value_\d+_\d+|bad_\d+|expectation_count_\d+|complete_\d+)$")


def _is_count(column: str) -> bool:
    return _COUNT.match(column) is not None


def _check_columns(
    columns: StatColumns, rows: Sequence[_Row], name: str, numbers: list[str]
) -> None:
    present = set(rows[0].cells)
    for row in rows[1:]:
        present &= set(row.cells)
    known = {*numbers, LAYOUT, GROUP, GROUP_COLUMN}
    missing = [c for c in [LAYOUT, *numbers] if c not in present]
    every = set().union(*(row.cells for row in rows))
    unknown = sorted(every - known)
    errors = []
    remake = "make the statistics again with ahp-eval sql for this evaluation"
    if missing:
        more = f" and {len(missing) - SHOWN} more" if len(missing) > SHOWN else ""
        errors.append(
            InputError(
                f"no column {', '.join(missing[:SHOWN])}{more} in the statistics; {remake}",
                path=name,
            )
        )
    if unknown:
        more = f" and {len(unknown) - SHOWN} more" if len(unknown) > SHOWN else ""
        errors.append(
            InputError(
                f"unknown column {', '.join(repr(u) for u in unknown[:SHOWN])}{more} "
                f"in the statistics; {remake}",
                path=name,
            )
        )
    if errors:
        raise InputErrors(errors)
    for row in rows:
        value = cell_text(row.cells[LAYOUT]).strip()
        if value != columns.fingerprint:
            raise InputError(
                f"the statistics were made for another evaluation or survey mapping "
                f"(layout {value!r}, this evaluation's is {columns.fingerprint!r}); {remake}",
                path=name,
                line=row.line,
            )


def read_statistics(
    path: Path,
    evaluation: Evaluation,
    *,
    encoding: str | None = None,
    sheet: str | None = None,
    drop_invalid: bool = False,
    entropy: bool = False,
) -> Statistics:
    """The statistics table at ``path`` for ``evaluation``; every problem at once.

    Bad answers the query counted are an error naming each column and its count,
    unless ``drop_invalid`` (they were left out of the statistics; the caller lists them).
    ``entropy``: the entropy sums are needed (a table without them is an error).
    """
    name = str(path)
    sheet_name = None
    if path.suffix.lower() == ".json":
        if not path.is_file():
            raise InputError("no such file" if not path.exists() else "is not a file", path=name)
        rows, decided = _json_rows(path, name, encoding)
        used_encoding: str | None = decided
    else:
        kind = check_path(path, name)
        rows, used_encoding, sheet_name = _table_rows(path, name, kind, encoding, sheet)
    if not rows:
        raise InputError("the statistics have no rows (no group had an answer)", path=name)
    columns = _columns_of(evaluation, rows)
    numbers = columns.numbers()
    _check_columns(columns, rows, name, numbers)
    if entropy and not columns.entropy:
        msg = (
            "these statistics have no entropy sums (columns xlogx_1, ...; made by ahp-eval sql "
            "--no-entropy or by an earlier ahp-eval); make them again with ahp-eval sql "
            "(without --no-entropy) to use --weights entropy, combined or linear"
        )
        raise InputError(msg, path=name)
    errors: list[InputError] = []
    lo, hi = evaluation.survey.scale.min, evaluation.survey.scale.max
    parsed: list[tuple[_Row, dict[str, float]]] = []
    for row in rows:
        values: dict[str, float] = {}
        for column in numbers:
            number = _number(row.cells[column])
            count = _is_count(column)
            if number is None or (count and (number < 0 or not number.is_integer())):
                shown = cell_text(row.cells[column]).strip()
                what = "a count (a whole number, 0 or more)" if count else "a number"
                errors.append(
                    InputError(
                        f"column {column}: {shown!r} is not {what}", path=name, line=row.line
                    )
                )
                number = 0.0
            values[column] = number
        wrong = _implausible(values, lo, hi)
        errors += [InputError(message, path=name, line=row.line) for message in wrong]
        parsed.append((row, values))
        if len(errors) > SHOWN:
            break
    if errors:
        raise InputErrors(errors)
    grouped = any(GROUP in row.cells for row in rows)
    namer = group_namer(evaluation)
    merged: dict[str, Moments] = {}
    bad = [0] * len(columns.sources)
    empty = 0
    group_column = None
    for row, values in parsed:
        if grouped:
            label = namer(cell_text(row.cells.get(GROUP)))
            group_column = cell_text(row.cells.get(GROUP_COLUMN)).strip() or group_column
        else:
            label = ALL
        for q, found in enumerate(columns.bad(values)):
            bad[q] += found
        if not label:
            empty += int(values["n"])
            continue
        moments = columns.moments(values)
        merged[label] = merged[label] + moments if label in merged else moments
    counted = tuple(
        BadColumn(s.column, columns.leaf_ids[s.leaf], count)
        for s, count in zip(columns.sources, bad, strict=True)
        if count
    )
    if not drop_invalid and (counted or empty):
        problems = [
            InputError(
                f"column {b.column!r} ({b.indicator}): {b.answers} bad answers (not a number, "
                f"or outside the scale {lo:g}..{hi:g}); correct them in the table, or give "
                "--drop-invalid to leave them out",
                path=name,
            )
            for b in counted
        ]
        if empty:
            problems.append(
                InputError(
                    f"{empty} respondents with an empty group cell in column "
                    f"{group_column or GROUP!r}; give --drop-invalid to leave them out",
                    path=name,
                )
            )
        raise InputErrors(problems)
    if not merged:
        raise InputError("the statistics have no respondents", path=name)
    names = list(merged)
    stats = GroupStats.of([merged[g] for g in names])
    missing_answers = [
        InputError(f"group {g!r}: indicator {leaf} has no valid answers", path=name)
        for g in names
        for leaf, answered in zip(columns.leaf_ids, merged[g].answered, strict=True)
        if answered == 0
    ]
    if missing_answers:
        raise InputErrors(missing_answers)
    used = {
        leaf: tuple(s.column for s in columns.sources if s.leaf == i and not s.expectation)
        for i, leaf in enumerate(columns.leaf_ids)
    }
    responses = ResponseSet(
        source=name,
        indicators=columns.leaf_ids,
        groups=StackedGroups(names, stats),
        n_rows=int(stats.n.sum()),
        encoding=used_encoding,
        group_column=group_column if grouped else None,
        columns_used=used,
        sheet=sheet_name,
    )
    return Statistics(responses, counted, empty)

"""Reading survey exports (CSV or XLSX) into per-group answers.

:func:`read_responses` is the entry point. A large plain CSV file is streamed into
statistics (:mod:`ahp_eval.io.survey_fast`); anything else is read here, cell by cell,
so every problem is found and located. Both readers go through the same front door
(:mod:`ahp_eval.io.survey_source`): the encoding (UTF-8 with or without BOM, else
GB18030/GBK, or as declared), the header and column mapping, a row of question texts,
the group column and its labels; see docs/format.md.
"""

from __future__ import annotations

import itertools
import math
from array import array
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.survey_source import (
    ALL,
    MAX_REPORTED,
    SEPARATORS,
    Feed,
    Layout,
    Progress,
    Record,
    Table,
    Ticker,
    answer_labels,
    cell_text,
    check_path,
    finish,
    group_namer,
    header_matches,
    is_date,
    open_stream,
    open_table,
    plan_layout,
)
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.labels import AnswerLabels
from ahp_eval.model.python_data import is_frame
from ahp_eval.model.survey import satisfied_threshold
from ahp_eval.survey.responses import CellIssue, GroupData, ResponseSet, reverse_code

__all__ = ["MAX_REPORTED", "SEPARATORS", "header_matches", "read_responses", "read_table"]


def _answer(  # noqa: PLR0911
    value: Any, lo: float, hi: float, labels: AnswerLabels | None = None
) -> float | str:
    """A cell as an answer (NaN when empty or a missing-answer marker), or what is wrong
    with it; ``labels`` reads answer texts."""
    if value is None:
        return math.nan
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return math.nan
        try:
            number = float(text)
        except ValueError:
            if labels is None:
                return f"{text!r} is not a number"
            found = labels.lookup(text)
            if found.missing:
                return math.nan
            if found.value is None:
                return f"{text!r} is not a number {labels.describe()}"
            return found.value
        if labels is not None and labels.lookup(text).missing:
            return math.nan
    elif isinstance(value, bool) or not isinstance(value, int | float):
        if is_date(value):
            return (
                f"{cell_text(value)!r} is a date, not an answer; "
                "is the column right, or did Excel turn the answer into a date?"
            )
        return f"{cell_text(value)!r} is not a number"
    else:
        number = float(value)
        if labels is not None and labels.lookup(cell_text(value)).missing:
            return math.nan
    if not lo <= number <= hi:  # NaN compares False
        return f"{cell_text(value).strip()!r} is outside the scale {lo:g}..{hi:g}"
    return number


def cell_answer(
    value: Any,
    feed: Feed,
    record: Record,
    layout: Layout,
    scale: tuple[float, float, AnswerLabels | None],
    *,
    issues: list[CellIssue],
) -> float:
    """A feeding cell as an answer (NaN when empty); a bad cell is NaN and a located
    issue in ``issues``. ``scale`` is (min, max, the answer labels)."""
    lo, hi, answers = scale
    got = _answer(value, lo, hi, answers)
    if not isinstance(got, str):
        return got
    header = layout.header[feed.field]
    issues.append(
        CellIssue(
            record.row,
            header,
            cell_text(value).strip(),
            f"column {header!r} ({feed.indicator_id}): {got}",
            record.line,
        )
    )
    return math.nan


def row_group_label(
    cells: Sequence[Any],
    record: Record,
    layout: Layout,
    name: Callable[[str], str],
    issues: list[CellIssue],
) -> str | None:
    """The row's group (``ALL`` without a group column); None, and a located issue in
    ``issues``, when its group cell is empty."""
    gi = layout.group_index
    if gi is None:
        return ALL
    label = name(cell_text(cells[gi])) if gi < len(cells) else ""
    if label:
        return label
    header = layout.header[gi]
    issues.append(
        CellIssue(record.row, header, "", f"empty group cell in column {header!r}", record.line)
    )
    return None


def located_errors(layout: Layout, issues: list[CellIssue]) -> InputErrors:
    """The bad cells as errors: the first ones one by one, then a count of the rest."""
    shown = [layout.error(i.reason, i.line) for i in issues[:MAX_REPORTED]]
    if len(issues) > MAX_REPORTED:
        shown.append(layout.error(f"... and {len(issues) - MAX_REPORTED} more bad cells", None))
    return InputErrors(shown)


def first_records(table: Table, name: str) -> list[Record]:
    """The table's first two records (the header, and the row that may hold question
    texts); an empty file or sheet is an error."""
    first: list[Record] = []
    for record in table.records:
        first.append(record)
        if len(first) == 2:
            break
    if not first:
        where = f"sheet {table.sheet!r}: " if table.sheet is not None else ""
        raise InputError(where + "the file is empty", path=name, line=1)
    return first


def _read_careful(
    table: Table,
    name: str,
    evaluation: Evaluation,
    *,
    group: str | None,
    drop_invalid: bool,
) -> ResponseSet:
    records = table.records
    first = first_records(table, name)
    layout = plan_layout(
        name,
        first,
        evaluation,
        group=group,
        encoding=table.encoding,
        delimiter=table.delimiter,
        sheet=table.sheet,
        sheets=table.sheets,
    )
    scale = evaluation.survey.scale
    lo, hi = scale.min, scale.max
    answers = answer_labels(evaluation)
    group_name = group_namer(evaluation)
    feeds = layout.feeds
    flat = array("d")
    append = flat.append
    row_group = array("q")
    labels: dict[str, int] = {}
    issues: list[CellIssue] = []
    dropped_rows = 0
    data = first[layout.data_from :]
    for record in itertools.chain(data, records):
        cells = record.cells
        width = len(cells)
        for f in feeds:
            value = cells[f.field] if f.field < width else None
            if value.__class__ is str and (text := value.strip()):  # the common case, inline
                try:
                    number = float(text)
                except ValueError:
                    pass
                else:
                    if lo <= number <= hi:
                        append(number)
                        continue
            append(cell_answer(value, f, record, layout, (lo, hi, answers), issues=issues))
        label = row_group_label(cells, record, layout, group_name, issues)
        if label is None:
            row_group.append(-1)
            dropped_rows += 1
            continue
        row_group.append(labels.setdefault(label, len(labels)))
    if issues and not drop_invalid:
        raise located_errors(layout, issues)
    n = len(row_group)
    if n == 0:
        raise layout.error("the file has a header but no answers", layout.header_line)
    values = np.frombuffer(flat, dtype=np.float64).reshape(n, len(feeds))
    k = len(layout.leaves)
    sums = np.zeros((2, n, k))
    counts = np.zeros((2, n, k))
    for j, f in enumerate(feeds):
        column = reverse_code(values[:, j], lo, hi) if f.reverse else values[:, j]
        present = ~np.isnan(column)
        side = 1 if f.expectation else 0
        sums[side, :, f.indicator] += np.where(present, column, 0.0)
        counts[side, :, f.indicator] += present
    with np.errstate(invalid="ignore", divide="ignore"):
        perception = sums[0] / counts[0]
        expectation = sums[1] / counts[1]
    which = np.frombuffer(row_group, dtype=np.int64)
    groups = []
    for label, g in labels.items():
        mask = which == g
        groups.append(
            GroupData(
                label, perception[mask], expectation[mask] if layout.has_expectation else None
            )
        )
    result = finish(layout, groups, dropped=issues)
    if not answers.used:
        return result
    return result._replace(labels=answers.source, label_texts=FrozenDict(answers.texts))


def read_responses(
    path: str | Path | Any,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    sheet: str | None = None,
    drop_invalid: bool = False,
    keep_answers: bool = False,
    fuzzy: bool = True,
    encoding: str | None = None,
    progress: Progress | None = None,
    entropy: bool = False,
    pairs: bool = False,
    satisfaction: bool = True,
) -> ResponseSet:
    """Read a survey export; one :class:`GroupData` per site or service.

    ``path`` is a file path, a file-like object (CSV or XLSX bytes, or CSV text), or a
    pandas DataFrame (one row per respondent; see :mod:`ahp_eval.io.survey_frame`),
    all read through the same checks.

    A large plain CSV is folded into statistics as it is read (see
    :mod:`ahp_eval.io.survey_fast`) unless ``keep_answers`` (the bootstrap needs
    every answer); anything unusual is read cell by cell. Without ``fuzzy`` the
    statistics leave out the value counts, unless the satisfaction rate needs them
    (and ``satisfaction``: a reader that reports no rate says False).
    With ``entropy`` the statistics also sum x ln x per indicator (the entropy
    weights). With ``pairs`` they also hold the pairwise sums of squares (pairwise
    correlations, ``reliability --missing pairwise``). ``encoding`` names the text
    encoding of a CSV file instead of detecting it.
    ``progress(done_bytes, total_bytes)`` is called at most a few times a second as the
    file is read, and last with ``(total, total)``; a file the streaming reader hands
    to the careful one is read again, so its count starts again.
    """
    if is_frame(path):
        from ahp_eval.io.survey_frame import responses_from_frame

        return responses_from_frame(path, evaluation, group=group, drop_invalid=drop_invalid)
    if hasattr(path, "read"):  # a file-like object: read whole, then as a file
        name = str(getattr(path, "name", "<stream>"))
        table = open_stream(path, name, sheet=sheet, encoding=encoding)
        return read_table(table, name, evaluation, group=group, drop_invalid=drop_invalid)
    p = Path(path)
    name = str(path)
    kind = check_path(p, name)
    if kind == "csv" and not keep_answers:
        from ahp_eval.io.survey_fast import read_streamed  # plain CSV files only

        survey = evaluation.survey
        counts = fuzzy or (
            satisfaction and satisfied_threshold(survey.scale, survey.satisfied_min) is not None
        )
        fast = read_streamed(
            p,
            name,
            evaluation,
            group=group,
            encoding=encoding,
            counts=counts,
            progress=progress,
            entropy=entropy,
            pairs=pairs,
        )
        if fast is not None:
            return fast
    ticker = Ticker(progress, p.stat().st_size)
    table = open_table(p, name, kind, sheet=sheet, encoding=encoding, ticker=ticker)
    result = read_table(table, name, evaluation, group=group, drop_invalid=drop_invalid)
    ticker.end()
    return result


def read_table(
    table: Table, name: str, evaluation: Evaluation, *, group: str | None, drop_invalid: bool
) -> ResponseSet:
    """The answers of an opened table (a file's, a stream's or a DataFrame's), read cell
    by cell; the table's records are closed afterwards."""
    try:
        return _read_careful(table, name, evaluation, group=group, drop_invalid=drop_invalid)
    finally:
        close_records(table)


def close_records(table: Table) -> None:
    """Close what an opened table reads from (an XLSX workbook holds its file open
    until then), whether or not every record was read."""
    close = getattr(table.records, "close", None)
    if close is not None:
        close()

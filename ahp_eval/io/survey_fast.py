"""A streaming reader for large, plain survey exports.

A plain export, with no quoted fields, the same number of fields on every line, and
whole-number answers inside the scale in the columns that feed indicators (the
common case for Likert and 0-100 data), is parsed in blocks of bytes with numpy and
folded into per-group statistics (:mod:`ahp_eval.survey.moments`) without holding every
answer. Anything else returns None, and the careful reader in
:mod:`ahp_eval.io.survey_file` reads the file and reports each problem by row and
column.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.moments import Moments, StatPlan, moments_of, stat_plan
from ahp_eval.survey.responses import GroupData

__all__ = ["BLOCK_BYTES", "read_plain_csv"]

BLOCK_BYTES = 1024 * 1024
"""Bytes parsed at once; memory use grows with this, not with the file."""

WORKERS = 2
"""Processes reading a large file."""

PARALLEL_BYTES = 16 * 1024 * 1024
"""Files at least this large are read by several processes."""

COMMA, NEWLINE, CR, QUOTE, ZERO = 44, 10, 13, 34, 48
IntArray = npt.NDArray[np.int64]


def _blocks(path: Path, start: int, stop: int) -> Iterator[bytes]:
    """Bytes ``start``..``stop`` of the file in blocks of whole lines."""
    with path.open("rb") as fh:
        fh.seek(start)
        left = stop - start
        carry = b""
        while left > 0 and (chunk := fh.read(min(BLOCK_BYTES, left))):
            left -= len(chunk)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                carry = data
                continue
            yield data[:cut]
            carry = data[cut:]
        if carry.strip():
            yield carry + b"\n"


def _spans(path: Path, parts: int) -> list[tuple[int, int]]:
    """The file cut into ``parts`` byte ranges that start and end at line boundaries."""
    size = path.stat().st_size
    cuts = [0]
    with path.open("rb") as fh:
        for k in range(1, parts):
            fh.seek(max(size * k // parts, cuts[-1]))
            fh.readline()  # finish the line the cut falls in
            cuts.append(min(fh.tell(), size))
    cuts.append(size)
    return [(a, b) for a, b in itertools.pairwise(cuts) if b > a]


def _numbers(
    buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray
) -> npt.NDArray[np.float64] | None:
    """Fields of up to three digits as floats, empty fields as NaN; None if any is not.

    ``start`` and ``end`` may be 2-D (rows x fields): all fields are read at once.
    """
    length = end - start
    if length.size == 0:
        return np.zeros(length.shape)
    if length.max() > 3:
        return None
    if length.max() <= 1:  # the common case: one digit or nothing
        digit = buf[start].astype(np.int16) - ZERO
        if not np.all((length == 0) | ((digit >= 0) & (digit <= 9))):
            return None
        value = digit.astype(np.float64)
    else:
        value = np.zeros(length.shape, dtype=np.float64)
        for offset in range(3):
            has = length > offset
            digit = buf[np.where(has, start + offset, 0)].astype(np.int16) - ZERO
            if np.any(has & ((digit < 0) | (digit > 9))):
                return None
            value = np.where(has, value * 10 + digit, value)
    value[length == 0] = np.nan
    return value


def _digits(
    buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray
) -> npt.NDArray[np.int16] | None:
    """Fields of one digit as small integers, -1 for empty; None if any is otherwise."""
    length = end - start
    if length.size and length.max() > 1:
        return None
    digit = buf[start].astype(np.int16) - ZERO
    if not np.all((length == 0) | ((digit >= 0) & (digit <= 9))):
        return None
    digit[length == 0] = -1
    return digit


def _labels(
    buf: npt.NDArray[np.uint8], start: IntArray, end: IntArray
) -> tuple[list[bytes], IntArray]:
    """Distinct group fields (in order of first appearance) and each row's index."""
    longest = int((end - start).max()) if len(start) else 0
    if longest == 0:
        return [b""], np.zeros(len(start), dtype=np.int64)
    width = -(-longest // 8) * 8
    padded = np.concatenate([buf, np.zeros(width, dtype=np.uint8)])
    windows = np.lib.stride_tricks.as_strided(padded, shape=(len(buf), width), strides=(1, 1))
    cells = windows[start] * (np.arange(width) < (end - start)[:, None])  # bytes of each field
    words = np.ascontiguousarray(cells).view(np.uint64)  # width is a multiple of 8
    key = np.zeros(len(start), dtype=np.uint64)
    for j in range(words.shape[1]):  # a hash of the bytes, then checked byte for byte
        key = key * np.uint64(1_000_003) + words[:, j]
    _, first, inverse = np.unique(key, return_index=True, return_inverse=True)
    inverse = inverse.ravel()
    if not np.array_equal(words, words[first[inverse]]):
        keyed = np.ascontiguousarray(cells).view(np.dtype((np.void, width)))
        _, first, inverse = np.unique(keyed[:, 0], return_index=True, return_inverse=True)
        inverse = inverse.ravel()
    order = np.argsort(first)
    rank = np.empty_like(order)
    rank[order] = np.arange(len(order))
    names = [bytes(cells[first[k]][: int(end[first[k]] - start[first[k]])]) for k in order]
    return names, rank[inverse]


Parts = tuple[list[bytes], list[Moments], int]
"""Group labels in order of first appearance, their statistics, and the answers read."""


class _Job(NamedTuple):
    """How to read one file's blocks (sent to worker processes as it is)."""

    path: Path
    fields: int
    columns: list[tuple[int, int, bool, bool]]
    scale: tuple[float, float]
    k: int
    group_index: int | None
    plan: StatPlan


def _fold(job: _Job, span: tuple[int, int], skip_lines: int) -> Parts | None:
    """Each group's statistics over the lines of one byte range, or None if not plain."""
    has_expectation = any(e for *_, e in job.columns)
    labels: dict[bytes, int] = {}
    totals: list[Moments] = []
    rows_read = 0
    for raw in _blocks(job.path, *span):
        block = raw
        while skip_lines and block:
            block = block[block.index(b"\n") + 1 :]
            skip_lines -= 1
        if not block.strip():
            continue
        parsed = _block(
            block,
            job.fields,
            columns=job.columns,
            scale=job.scale,
            k=job.k,
            has_expectation=has_expectation,
            group_index=job.group_index,
        )
        if parsed is None:
            return None
        answers, expected, names, rows = parsed
        order = np.argsort(rows, kind="stable")  # one copy, then a slice per group
        answers = answers[order]
        expected = expected[order] if expected is not None else None
        bounds = np.searchsorted(rows[order], np.arange(len(names) + 1))
        whole = expected is None and len(job.columns) == job.k
        for local, label in enumerate(names):
            part_rows = slice(bounds[local], bounds[local + 1])
            expect = expected[part_rows] if expected is not None else None
            part = moments_of(answers[part_rows], expect, job.plan, whole=whole)
            if label in labels:
                totals[labels[label]] = totals[labels[label]] + part
            else:
                labels[label] = len(totals)
                totals.append(part)
        rows_read += len(rows)
    return list(labels), totals, rows_read


def _fold_all(job: _Job, skip_lines: int) -> Parts | None:
    """Fold the whole file: in two forked processes for a large file, else here."""
    size = job.path.stat().st_size
    if size < PARALLEL_BYTES or "fork" not in multiprocessing.get_all_start_methods():
        return _fold(job, (0, size), skip_lines)
    spans = _spans(job.path, WORKERS)
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=len(spans), mp_context=context) as pool:
        futures = [
            pool.submit(_fold, job, span, skip_lines if k == 0 else 0)
            for k, span in enumerate(spans)
        ]
        results = [f.result() for f in futures]
    labels: dict[bytes, int] = {}
    totals: list[Moments] = []
    rows_read = 0
    for result in results:
        if result is None:
            return None
        names, parts, count = result
        rows_read += count
        for label, part in zip(names, parts, strict=True):
            if label in labels:
                totals[labels[label]] = totals[labels[label]] + part
            else:
                labels[label] = len(totals)
                totals.append(part)
    return list(labels), totals, rows_read


def read_plain_csv(
    path: Path,
    evaluation: Evaluation,
    *,
    fields: int,
    group_index: int | None,
    columns: list[tuple[int, int, bool, bool]],
    skip_lines: int,
    encoding: str,
    counts: bool = True,
) -> tuple[tuple[GroupData, ...], int] | None:
    """Each group's statistics and the number of answers, or None when not plain enough.

    ``columns`` lists (field, indicator column, reverse-coded, is expectation);
    ``skip_lines`` lines at the top (the header, a row of question text) are not answers;
    ``counts`` gathers how often each value was answered (for the fuzzy evaluation).
    A large file is cut at line boundaries and read by two processes; their statistics
    are added in file order.
    """
    name = str(path)
    plan = stat_plan(evaluation, evaluation.survey.scale, counts=counts)
    if counts and plan.values is None:
        return None  # a scale of fractional values: the fuzzy counts need every answer
    job = _Job(
        path,
        fields,
        columns,
        (evaluation.survey.scale.min, evaluation.survey.scale.max),
        len(evaluation.leaves()),
        group_index,
        plan,
    )
    folded = _fold_all(job, skip_lines)
    if folded is None:
        return None
    labels, totals, rows_read = folded
    if not totals:
        raise InputError("the file has a header but no answers", path=name, line=1)
    decoded = [label.decode(encoding, errors="replace").strip() for label in labels]
    leaves = [leaf.id for leaf in evaluation.leaves()]
    errors = [
        InputError(
            f"group {label!r}: indicator {leaves[j]} has no valid answers", path=name, line=1
        )
        for label, stats in zip(decoded, totals, strict=True)
        for j in np.flatnonzero(stats.answered == 0)
    ]
    if errors:
        raise InputErrors(errors)
    groups = tuple(
        GroupData(label, None, stats=stats) for label, stats in zip(decoded, totals, strict=True)
    )
    return groups, rows_read


Parsed = tuple[npt.NDArray[Any], npt.NDArray[np.float64] | None, list[bytes], IntArray]
"""Answers (floats with NaN, or whole numbers with -1 for none), expectations, group
names and each row's group."""


def _block(  # noqa: PLR0911 - every early return hands the file to the careful reader
    block: bytes,
    fields: int,
    *,
    columns: list[tuple[int, int, bool, bool]],
    scale: tuple[float, float],
    k: int,
    has_expectation: bool,
    group_index: int | None,
) -> Parsed | None:
    """One block of lines: indicator answers, expectations, group names and rows."""
    lo, hi = scale
    buf = np.frombuffer(block, dtype=np.uint8)
    if np.any(buf == QUOTE):
        return None
    newline = buf == NEWLINE
    seps = np.flatnonzero((buf == COMMA) | newline)
    if len(seps) % fields:
        return None
    ends = seps.reshape(-1, fields)
    # as many newlines as rows, each closing a row: every other separator is a comma
    if np.count_nonzero(newline) != len(ends) or np.any(buf[ends[:, -1]] != NEWLINE):
        return None
    starts = np.empty_like(ends)
    starts[:, 0] = np.concatenate(([0], ends[:-1, -1] + 1))
    starts[:, 1:] = ends[:, :-1] + 1
    last = ends[:, -1]
    crlf = (last > starts[:, -1]) & (buf[np.maximum(last - 1, 0)] == CR)
    ends[:, -1] = np.where(crlf, last - 1, last)
    n = len(ends)
    fields_used = [field for field, *_ in columns]
    first, stop = fields_used[0], fields_used[-1] + 1
    adjacent = fields_used == list(range(first, stop))
    used = slice(first, stop) if adjacent else fields_used  # adjacent: views, not copies
    identity = [col for _, col, _, _ in columns] == list(range(k)) and not any(
        r or e for _, _, r, e in columns
    )
    if identity and lo >= 0:  # the commonest export: digits, one column per indicator
        codes = _digits(buf, starts[:, used], ends[:, used])
        if codes is not None:
            if not np.all((codes == -1) | ((codes >= lo) & (codes <= hi))):
                return None
            return _with_groups(codes, None, buf, starts, ends, group_index=group_index)
    table = _numbers(buf, starts[:, used], ends[:, used])
    if table is None:
        return None
    if np.any((table < lo) | (table > hi)):  # NaN compares False
        return None
    targets = [col for _, col, _, expectation in columns if not expectation]
    simple = not has_expectation and sorted(targets) == list(range(k))
    if simple:  # one column per indicator: place them, reverse-coding where asked
        answers = np.empty((n, k))
        for j, (_, col, reverse, _) in enumerate(columns):
            answers[:, col] = lo + hi - table[:, j] if reverse else table[:, j]
        return _with_groups(answers, None, buf, starts, ends, group_index=group_index)
    sums = np.zeros((2, n, k))
    counts = np.zeros((2, n, k))
    for j, (_, col, reverse, expectation) in enumerate(columns):
        values = lo + hi - table[:, j] if reverse else table[:, j]
        present = ~np.isnan(values)
        side = 1 if expectation else 0
        sums[side, :, col] += np.where(present, values, 0.0)
        counts[side, :, col] += present
    with np.errstate(invalid="ignore", divide="ignore"):
        answers = sums[0] / counts[0]
        expected = sums[1] / counts[1] if has_expectation else None
    return _with_groups(answers, expected, buf, starts, ends, group_index=group_index)


def _with_groups(
    answers: npt.NDArray[Any],
    expected: npt.NDArray[np.float64] | None,
    buf: npt.NDArray[np.uint8],
    starts: IntArray,
    ends: IntArray,
    *,
    group_index: int | None,
) -> Parsed | None:
    n = len(answers)
    if group_index is None:
        return answers, expected, [b"all"], np.zeros(n, dtype=np.int64)
    names, rows = _labels(buf, starts[:, group_index], ends[:, group_index])
    if any(not x.strip() for x in names):
        return None
    return answers, expected, names, rows

"""A streaming reader for large, plain survey exports.

A plain export, with no quoted fields, the same number of fields on every line, and
whole-number answers inside the scale in the columns that feed indicators (the
common case for Likert and 0-100 data), is parsed in blocks of bytes with numpy and
folded into per-group statistics (:mod:`ahp_eval.survey.moments`) without holding every
answer. The header, encoding, columns and groups are worked out by the front door
(:mod:`ahp_eval.io.survey_source`), as for the careful reader. The encoding is
checked for the whole file as it is read: blocks of plain ASCII cost nothing, group
fields are decoded once per distinct label at the end, and only blocks with other
non-ASCII text are decoded. Anything else returns None, and the careful reader in
:mod:`ahp_eval.io.survey_file` reads the file and reports each problem by line and
column.
"""

from __future__ import annotations

import itertools
import multiprocessing
from collections.abc import Callable, Iterator
from concurrent.futures import ProcessPoolExecutor, wait
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io._encoding import STREAMABLE, GbCheck, codec_of, decide_pieces
from ahp_eval.io.forking import fork_allowed
from ahp_eval.io.survey_source import (
    ALL,
    Layout,
    Progress,
    Ticker,
    finish,
    group_namer,
    head_bytes,
    plan_layout,
    sniff_csv,
)
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.group_stats import GroupStats, StatsBuilder
from ahp_eval.survey.moments import StatPlan, stat_plan
from ahp_eval.survey.responses import ResponseSet
from ahp_eval.survey.stacked import StackedGroups

__all__ = ["BLOCK_BYTES", "Columns", "fork_allowed", "read_streamed", "stream_stats"]

BLOCK_BYTES = 1024 * 1024
"""Bytes parsed at once; memory use grows with this, not with the file."""

WORKERS = 2
"""Processes reading a large file."""

PARALLEL_BYTES = 16 * 1024 * 1024
"""Files at least this large are read by several processes (where forking is safe)."""

NEWLINE, CR, ZERO, HIGH = 10, 13, 48, 128
CR_BYTE, QUOTE_BYTE = b"\r", b'"'
IntArray = npt.NDArray[np.int64]


def _blocks(path: Path, start: int, stop: int) -> Iterator[tuple[int, bytes]]:
    """Bytes ``start``..``stop`` of the file in blocks of whole lines, with the offset
    where each starts."""
    with path.open("rb") as fh:
        fh.seek(start)
        left = stop - start
        carry = b""
        offset = start
        while left > 0 and (chunk := fh.read(min(BLOCK_BYTES, left))):
            left -= len(chunk)
            data = carry + chunk
            cut = data.rfind(b"\n") + 1
            if cut == 0:
                carry = data
                continue
            yield offset, data[:cut]
            offset += cut
            carry = data[cut:]
        if carry.strip():
            yield offset, carry + b"\n"


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


class Parts(NamedTuple):
    """What reading a byte range gave."""

    labels: list[bytes]
    """Group fields as they are in the file, in order of first appearance."""
    totals: GroupStats
    """Each label's statistics, in the same order."""
    rows: int
    texts_ok: bool
    """Whether the lines with non-ASCII text outside the group fields decoded in the
    encoding tried first (UTF-8, or the declared one)."""
    unchecked: list[tuple[int, int]]
    """Byte ranges (offset, length) of such lines that GB18030 has not checked."""
    gb: GbCheck | None
    """What GB18030 made of the others (None: no GB18030 fallback, an encoding was
    declared)."""


class _Job(NamedTuple):
    """How to read one file's blocks (sent to worker processes as it is)."""

    path: Path
    fields: int
    columns: list[tuple[int, int, bool, bool]]
    scale: tuple[float, float]
    k: int
    group_index: int | None
    plan: StatPlan
    expectation: bool
    """Whether some columns are expectations (SERVQUAL gap mode)."""
    delimiter: int
    codec: str
    """The encoding blocks of non-ASCII text are checked in as they are read."""
    fallback: bool
    """Whether GB18030 is tried when that fails."""


def _high_bytes(label: bytes) -> int:
    return len(label) - len(label.decode("latin-1").encode("ascii", "ignore"))


def _decodes(block: bytes, codec: str) -> bool:
    try:
        block.decode(codec)
    except UnicodeDecodeError:
        return False
    return True


def _fold(
    job: _Job, span: tuple[int, int], skip_lines: int, tick: Callable[[int], None] | None
) -> Parts | None:
    """Each group's statistics over the lines of one byte range, or None if not plain."""
    labels: dict[bytes, int] = {}
    highs: list[int] = []  # each label's bytes outside ASCII
    totals = StatsBuilder(job.k, job.plan, expectation=job.expectation)
    rows_read = 0
    texts_ok = True
    unchecked: list[tuple[int, int]] = []
    gb = GbCheck() if job.fallback else None
    for start, raw in _blocks(job.path, *span):
        block, offset = raw, start
        while skip_lines and block:
            cut = block.index(b"\n") + 1
            block, offset = block[cut:], offset + cut
            skip_lines -= 1
        if tick is not None:
            tick(start + len(raw) - span[0])
        if not block.strip():
            continue
        parsed = _block(
            block,
            job.fields,
            columns=job.columns,
            scale=job.scale,
            k=job.k,
            has_expectation=job.expectation,
            group_index=job.group_index,
            delimiter=job.delimiter,
        )
        if parsed is None:
            return None
        answers, expected, names, rows = parsed
        index = np.array([labels.setdefault(name, len(labels)) for name in names], dtype=np.intp)
        for name, i in zip(names, index.tolist(), strict=True):
            if i == len(highs):  # a new label
                highs.append(_high_bytes(name))
        if not block.isascii():  # group fields are checked once per label, at the end
            high = int(np.count_nonzero(np.frombuffer(block, dtype=np.uint8) >= HIGH))
            in_labels = (
                int(np.asarray(highs)[index] @ np.bincount(rows, minlength=len(names)))
                if job.group_index is not None
                else 0
            )
            if high > in_labels:  # other text: check it now
                if texts_ok and _decodes(block, job.codec):
                    unchecked.append((offset, len(block)))
                else:
                    if texts_ok and gb is not None:  # not UTF-8: check the text read so far
                        for piece in _read_ranges(job.path, unchecked):
                            gb.feed(piece)
                        unchecked = []
                    texts_ok = False
                    if gb is None:
                        return None  # not in the declared encoding: the careful reader says where
                    gb.feed(block)
                    if not gb.ok or gb.mixed:
                        return None  # neither UTF-8 nor GB18030: the careful reader says where
        whole = expected is None and len(job.columns) == job.k
        totals.add_rows(answers, expected, index[rows], whole=whole)
        rows_read += len(rows)
    return Parts(list(labels), totals.result(), rows_read, texts_ok, unchecked, gb)


_SHARED: Any = None
"""Bytes read by each worker process (shared memory, set up as the workers start)."""


def _share(done: Any) -> None:
    global _SHARED  # noqa: PLW0603 - one worker process, one progress slot array
    _SHARED = done


def _fold_part(job: _Job, span: tuple[int, int], skip_lines: int, slot: int) -> Parts | None:
    """One worker process's byte range; it tells its progress through shared memory."""

    def tick(done: int) -> None:
        _SHARED[slot] = done

    return _fold(job, span, skip_lines, tick)


def _merge(job: _Job, results: list[Parts | None]) -> Parts | None:
    """The parts of consecutive byte ranges, added in file order."""
    labels: dict[bytes, int] = {}
    totals = StatsBuilder(job.k, job.plan, expectation=job.expectation)
    rows_read = 0
    texts_ok = True
    unchecked: list[tuple[int, int]] = []
    gb: GbCheck | None = None
    for result in results:
        if result is None:
            return None
        rows_read += result.rows
        texts_ok = texts_ok and result.texts_ok
        unchecked += result.unchecked
        if result.gb is not None:
            if gb is None:
                gb = GbCheck()
            gb.merge(result.gb)
        index = [labels.setdefault(label, len(labels)) for label in result.labels]
        totals.add(np.array(index, dtype=np.intp), result.totals, reuse=True)
    return Parts(list(labels), totals.result(), rows_read, texts_ok, unchecked, gb)


def _fold_all(
    job: _Job, skip_lines: int, ticker: Ticker, *, parallel: bool | None = None
) -> Parts | None:
    """Fold the whole file: in two forked processes for a large file where forking is
    safe (``parallel`` forces the choice), else here."""
    size = job.path.stat().st_size
    if parallel is None:
        parallel = size >= PARALLEL_BYTES and fork_allowed()
    if not parallel:
        return _fold(job, (0, size), skip_lines, ticker)
    spans = _spans(job.path, WORKERS)
    context = multiprocessing.get_context("fork")
    done = context.RawArray("q", len(spans))
    with ProcessPoolExecutor(
        max_workers=len(spans), mp_context=context, initializer=_share, initargs=(done,)
    ) as pool:
        futures = [
            pool.submit(_fold_part, job, span, skip_lines if k == 0 else 0, k)
            for k, span in enumerate(spans)
        ]
        while wait(futures, timeout=max(ticker.every, 0.01)).not_done:
            ticker(sum(done))
        results = [f.result() for f in futures]
    return _merge(job, results)  # once the workers have gone, with their memory


def _read_ranges(path: Path, ranges: list[tuple[int, int]]) -> Iterator[bytes]:
    with path.open("rb") as fh:
        for offset, length in ranges:
            fh.seek(offset)
            yield fh.read(length)


class Columns(NamedTuple):
    """What a streamed read gathers: for each field read, (field, item, reverse-coded,
    expectation), items fed by several fields averaged; how many items; and the
    statistics of the items (:class:`~ahp_eval.survey.moments.StatPlan`)."""

    fields: list[tuple[int, int, bool, bool]]
    k: int
    plan: StatPlan


def read_streamed(
    path: Path,
    name: str,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    encoding: str | None = None,
    counts: bool = True,
    entropy: bool = False,
    pairs: bool = False,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> ResponseSet | None:
    """Each group's statistics, or None when the file is not plain enough.

    ``counts`` gathers how often each value was answered (for the fuzzy evaluation);
    ``entropy`` the sums of x ln x; ``pairs`` the pairwise sums of squares (pairwise
    correlations). A large file is cut at line boundaries and read by two processes
    where forking is safe (:func:`fork_allowed`; ``parallel`` forces the choice);
    their statistics are added in file order.
    """

    def indicators(layout: Layout) -> Columns | None:
        plan = stat_plan(
            evaluation, evaluation.survey.scale, counts=counts, entropy=entropy, squares=pairs
        )
        if counts and plan.values is None:
            return None  # a scale of fractional values: the fuzzy counts need every answer
        fields = [(f.field, f.indicator, f.reverse, f.expectation) for f in layout.feeds]
        return Columns(fields, len(layout.leaves), plan)

    streamed = stream_stats(
        path,
        name,
        evaluation,
        indicators,
        group=group,
        encoding=encoding,
        progress=progress,
        parallel=parallel,
    )
    return None if streamed is None else finish(*streamed)


def stream_stats(  # noqa: PLR0911 - every None hands the file to the careful reader
    path: Path,
    name: str,
    evaluation: Evaluation,
    columns_of: Callable[[Layout], Columns | None],
    *,
    group: str | None = None,
    encoding: str | None = None,
    progress: Progress | None = None,
    parallel: bool | None = None,
) -> tuple[Layout, StackedGroups] | None:
    """The file's layout and each group's statistics of the items ``columns_of`` the
    layout names, or None when the file is not plain enough (or ``columns_of`` says
    None)."""
    head = sniff_csv(path, encoding)
    if head is None:
        return None
    try:
        layout = plan_layout(
            name,
            head.records,
            evaluation,
            group=group,
            encoding=head.encoding,
            delimiter=head.delimiter,
        )
    except (InputError, InputErrors):
        return None  # the careful reader reports it, once it has decoded the whole file
    codec = codec_of(head.encoding)
    if codec not in STREAMABLE or not head.delimiter.isascii():
        return None
    columns = columns_of(layout)
    if columns is None:
        return None
    skip_lines = head.ends[layout.data_from - 1]
    top = head_bytes(head.chunk, skip_lines)
    job = _Job(
        path,
        len(layout.header),
        columns.fields,
        (evaluation.survey.scale.min, evaluation.survey.scale.max),
        columns.k,
        layout.group_index,
        columns.plan,
        any(expectation for *_, expectation in columns.fields),
        ord(head.delimiter),
        codec if encoding is not None else "utf-8",
        fallback=encoding is None,
    )
    ticker = Ticker(progress, path.stat().st_size)
    parts = _fold_all(job, skip_lines, ticker, parallel=parallel)
    if parts is None:
        return None

    def texts() -> GbCheck:  # the text of parts that were UTF-8, checked for GB18030 now
        check = parts.gb or GbCheck()
        for piece in _read_ranges(path, parts.unchecked):
            check.feed(piece)
        return check

    decided = decide_pieces(
        top,
        parts.labels if layout.group_index is not None else [],
        streamed_ok=parts.texts_ok,
        texts=texts,
        declared=encoding,
    )
    if decided is None or (decided != codec and not top.isascii()):
        return None  # the careful reader decodes the whole file and says what is wrong
    merged: dict[str, int] = {}
    group_label = group_namer(evaluation)
    for label in parts.labels:
        text = group_label(label.decode(decided)) if layout.group_index is not None else ALL
        if not text:
            return None  # an empty group cell: the careful reader locates it
        merged.setdefault(text, len(merged))
    stats = parts.totals
    if len(merged) < len(parts.labels):  # labels that differ only as the front door normalises
        index = [
            merged[group_label(label.decode(decided)) if layout.group_index is not None else ALL]
            for label in parts.labels
        ]
        together = StatsBuilder(job.k, job.plan, expectation=job.expectation)
        together.add(np.array(index, dtype=np.intp), stats)
        stats = together.result()
    ticker.end()
    return layout._replace(encoding=decided), StackedGroups(list(merged), stats)


Parsed = tuple[npt.NDArray[Any], npt.NDArray[np.float64] | None, list[bytes], IntArray]
"""Answers (floats with NaN, or whole numbers with -1 for none), expectations, group
names and each row's group."""


def _blank_rows(
    block: bytes, missing: npt.NDArray[np.bool_], starts: IntArray, ends: IntArray, delimiter: int
) -> bool:
    """Whether a row without answers may be blank (the careful reader skips blank rows,
    and counts a respondent who answered nothing)."""
    for r in np.flatnonzero(missing):
        rest = block[starts[r, 0] : ends[r, -1]].replace(bytes([delimiter]), b"").strip()
        if not rest or not rest.isascii():
            return True
    return False


def _block(  # noqa: PLR0911 - every early return hands the file to the careful reader
    block: bytes,
    fields: int,
    *,
    columns: list[tuple[int, int, bool, bool]],
    scale: tuple[float, float],
    k: int,
    has_expectation: bool,
    group_index: int | None,
    delimiter: int,
) -> Parsed | None:
    """One block of lines: indicator answers, expectations, group names and rows."""
    lo, hi = scale
    if QUOTE_BYTE in block:
        return None
    buf = np.frombuffer(block, dtype=np.uint8)
    newline = buf == NEWLINE
    seps = np.flatnonzero((buf == delimiter) | newline)
    if len(seps) % fields:
        return None
    ends = seps.reshape(-1, fields)
    # as many newlines as rows, each closing a row: every other separator is a delimiter
    if np.count_nonzero(newline) != len(ends) or np.any(buf[ends[:, -1]] != NEWLINE):
        return None
    starts = np.empty_like(ends)
    starts[:, 0] = np.concatenate(([0], ends[:-1, -1] + 1))
    starts[:, 1:] = ends[:, :-1] + 1
    last = ends[:, -1]
    crlf = (last > starts[:, -1]) & (buf[np.maximum(last - 1, 0)] == CR)
    if CR_BYTE in block and np.count_nonzero(buf == CR) != np.count_nonzero(crlf):
        return None  # a CR that does not end a line ends one for the careful reader
    ends[:, -1] = np.where(crlf, last - 1, last)
    n = len(ends)
    fields_used = [field for field, *_ in columns]
    first, stop = fields_used[0], fields_used[-1] + 1
    adjacent = fields_used == list(range(first, stop))
    used = slice(first, stop) if adjacent else fields_used  # adjacent: views, not copies
    # rows without a single answer (adjacent fields: only delimiters between the first and last)
    empty = (ends[:, stop - 1] - starts[:, first] == stop - first - 1) if adjacent else None
    identity = [col for _, col, _, _ in columns] == list(range(k)) and not any(
        r or e for _, _, r, e in columns
    )
    if identity and lo >= 0:  # the commonest export: digits, one column per indicator
        codes = _digits(buf, starts[:, used], ends[:, used])
        if codes is not None:
            if not np.all((codes == -1) | ((codes >= lo) & (codes <= hi))):
                return None
            missing = empty if empty is not None else np.all(codes < 0, axis=1)
            if missing.any() and _blank_rows(block, missing, starts, ends, delimiter):
                return None
            return _with_groups(codes, None, buf, starts, ends, group_index=group_index)
    table = _numbers(buf, starts[:, used], ends[:, used])
    if table is None:
        return None
    if np.any((table < lo) | (table > hi)):  # NaN compares False
        return None
    missing = empty if empty is not None else np.all(np.isnan(table), axis=1)
    if missing.any() and _blank_rows(block, missing, starts, ends, delimiter):
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
        return answers, expected, [ALL.encode()], np.zeros(n, dtype=np.int64)
    names, rows = _labels(buf, starts[:, group_index], ends[:, group_index])
    if any(not x.strip() for x in names):
        return None
    return answers, expected, names, rows

"""Every group's statistics gathered block by block: :class:`StatsBuilder`, and what it
gives, :class:`GroupStats`.

A block of rows costs what its groups need: rows wait until there are about
:data:`ROWS_PER_GROUP` of them per group, then :func:`~ahp_eval.survey.group_moments.group_moments`
gathers them; groups are kept in chunks of :data:`CHUNK_GROUPS`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.model.vocabulary import FloatArray
from ahp_eval.survey.group_moments import (
    GroupMoments,
    IndexArray,
    IntArray,
    group_moments,
)
from ahp_eval.survey.moments import Moments, StatPlan

__all__ = [
    "CHUNK_GROUPS",
    "FIRST_GROUPS",
    "PENDING_BYTES",
    "ROWS_PER_GROUP",
    "GroupStats",
    "StatsBuilder",
]

CHUNK_GROUPS = 256
"""Groups per chunk of a :class:`StatsBuilder` (and per step of vectorised scoring)."""

FIRST_GROUPS = 16
"""Groups the first chunk of a :class:`StatsBuilder` has room for (it grows)."""

ROWS_PER_GROUP = 64
"""Rows per group a :class:`StatsBuilder` lets wait before gathering them."""

PENDING_BYTES = 16 * 1024 * 1024
"""Bytes of answers a :class:`StatsBuilder` lets wait at most."""


class GroupStats(NamedTuple):
    """The moments of many groups, in chunks (consecutive groups, in order)."""

    chunks: tuple[GroupMoments, ...]

    @property
    def size(self) -> int:
        """How many groups."""
        return sum(c.size for c in self.chunks)

    @property
    def n(self) -> IntArray:
        """Respondents per group."""
        return np.concatenate([c.n for c in self.chunks]) if self.chunks else np.zeros(0, np.int64)

    @property
    def answered(self) -> FloatArray:
        """Answers per group and indicator (G, k)."""
        if not self.chunks:
            return np.zeros((0, 0))
        return np.concatenate([c.answered for c in self.chunks])

    def at(self, i: int) -> Moments:
        """One group's moments."""
        if i < 0:
            i += self.size
        for c in self.chunks:
            if 0 <= i < c.size:
                return c.at(i)
            i -= c.size
        raise IndexError(i)

    @staticmethod
    def of(moments: Sequence[Moments]) -> GroupStats:
        """Groups' moments stacked in chunks."""
        return GroupStats(
            tuple(
                GroupMoments.stack(moments[a : a + CHUNK_GROUPS])
                for a in range(0, len(moments), CHUNK_GROUPS)
            )
        )


class StatsBuilder:
    """Moments of a growing number of groups, added to block by block.

    Groups are numbered from 0 as the caller meets them. Rows wait until there are
    about :data:`ROWS_PER_GROUP` of them per group (or :data:`PENDING_BYTES` of
    answers), so that each group's rows are gathered in a few long runs rather than
    a few rows per block; then they are gathered chunk by chunk (:data:`CHUNK_GROUPS`
    groups), so that neither a block nor a new group ever copies the statistics
    already gathered.

    Whole answers are kept in single precision while every count, sum and
    cross-product is a whole number below 2**24 (exact, half the memory); a chunk
    turns to double precision when its groups grow past that, or fractional answers
    arrive.
    """

    def __init__(self, k: int, plan: StatPlan, *, expectation: bool) -> None:
        self.k = k
        self.plan = plan
        self.expectation = expectation
        self.chunks: list[GroupMoments] = []
        self.size = 0
        largest = max(plan.largest * plan.largest, plan.largest, 1.0)
        self.exact_n = 2**24 / largest
        """Respondents a group may have while single precision is exact."""
        self.dtype: type[np.floating[Any]] = np.float32 if self.exact_n >= 1 else np.float64
        self._pending: list[tuple[npt.NDArray[Any], FloatArray | None, IndexArray]] = []
        self._pending_kind: tuple[np.dtype[Any], bool] | None = None
        self._pending_rows = 0
        self._pending_bytes = 0

    def _grow(self, size: int) -> None:
        """Room for ``size`` groups: every chunk but the last holds CHUNK_GROUPS; the
        last grows by doubling (a few groups take little room)."""
        self.size = max(self.size, size)
        while True:
            full = (len(self.chunks) - 1) * CHUNK_GROUPS if self.chunks else 0
            room = full + (self.chunks[-1].size if self.chunks else 0)
            if room >= size:
                return
            if self.chunks and self.chunks[-1].size < CHUNK_GROUPS:
                last = self.chunks[-1]
                wider = self._zeros(min(CHUNK_GROUPS, max(2 * last.size, size - full)))
                wider = wider.astype(last.pair_sum.dtype.type)
                wider.add_at(slice(0, last.size), last)
                self.chunks[-1] = wider
            else:
                self.chunks.append(self._zeros(min(CHUNK_GROUPS, max(FIRST_GROUPS, size - room))))

    def _zeros(self, groups: int) -> GroupMoments:
        return GroupMoments.zeros(
            groups, self.k, self.plan, expectation=self.expectation, dtype=self.dtype
        )

    def _add_to(
        self, c: int, index: IndexArray | slice, part: GroupMoments, *, whole: bool
    ) -> None:
        """Add ``part`` to groups ``index`` of chunk ``c``, in double precision from now
        on if single precision would not be exact."""
        chunk = self.chunks[c]
        if chunk.pair_sum.dtype == np.float32:
            if not whole:
                self.dtype = np.float64  # fractional answers: new chunks too
            n = chunk.n[index] + part.n
            if not whole or (len(n) and n.max() > self.exact_n):
                chunk = self.chunks[c] = chunk.astype(np.float64)
        chunk.add_at(index, part)

    def add_rows(
        self,
        values: npt.NDArray[Any],
        expectation: FloatArray | None,
        group: npt.NDArray[np.integer[Any]],
        *,
        whole: bool = False,
    ) -> None:
        """Add rows of answers (as for :func:`moments_of`); row r belongs to group
        ``group[r]``."""
        if len(group) == 0:
            return
        which = np.asarray(group, dtype=np.intp)
        kind = (values.dtype, whole)
        if self._pending and kind != self._pending_kind:
            self.flush()
        self._pending_kind = kind
        self._pending.append((values, expectation, which))
        self._pending_rows += len(which)
        self._pending_bytes += values.nbytes + which.nbytes
        self.size = max(self.size, int(which.max()) + 1)
        if self._pending_rows >= ROWS_PER_GROUP * self.size or self._pending_bytes >= PENDING_BYTES:
            self.flush()

    def flush(self) -> None:
        """Gather the rows waiting."""
        if not self._pending:
            return
        parts, kind = self._pending, self._pending_kind
        self._pending, self._pending_rows, self._pending_bytes = [], 0, 0
        assert kind is not None
        if len(parts) == 1:
            values, expectation, which = parts[0]
        else:
            values = np.concatenate([v for v, _, _ in parts])
            expected = [e for _, e, _ in parts if e is not None]
            expectation = np.concatenate(expected) if expected else None
            which = np.concatenate([w for _, _, w in parts])
        del parts
        self._gather(values, expectation, which, whole=kind[1])

    def _gather(
        self,
        values: npt.NDArray[Any],
        expectation: FloatArray | None,
        which: IndexArray,
        *,
        whole: bool,
    ) -> None:
        self._grow(int(which.max()) + 1)
        chunk = which // CHUNK_GROUPS
        first, last = int(chunk.min()), int(chunk.max())
        for c in range(first, last + 1):
            if first == last:
                rows: IndexArray | slice = slice(None)
            else:
                rows = np.flatnonzero(chunk == c)
                if len(rows) == 0:
                    continue
            in_chunk = which[rows] - c * CHUNK_GROUPS
            local = np.flatnonzero(np.bincount(in_chunk, minlength=CHUNK_GROUPS))
            compact = np.zeros(CHUNK_GROUPS, dtype=np.intp)  # group in chunk -> in part
            compact[local] = np.arange(len(local))
            part = group_moments(
                values[rows],
                None if expectation is None else expectation[rows],
                self.plan,
                compact[in_chunk],
                len(local),
                whole=whole,
            )
            self._add_to(c, local, part, whole=whole)

    def add(self, index: IndexArray, stats: GroupStats, *, reuse: bool = False) -> None:
        """Add the groups of ``stats`` to groups ``index`` (one for each; repeats add up).

        ``reuse``: the arrays of ``stats`` will not be used again, and the first groups
        added to no groups yet take them over instead of a copy.
        """
        sizes = [c.size for c in stats.chunks]
        if (
            reuse
            and self.size == 0
            and not self._pending
            and all(size == CHUNK_GROUPS for size in sizes[:-1])
            and np.array_equal(index, np.arange(stats.size))
        ):
            self.chunks = list(stats.chunks)
            self.size = stats.size
            return
        offset = 0
        for part in stats.chunks:
            where = np.asarray(index[offset : offset + part.size], dtype=np.intp)
            offset += part.size
            if len(where) == 0:
                continue
            self._grow(int(where.max()) + 1)
            todo = np.arange(len(where))
            while len(todo):  # a group given twice is added in a second round
                _, once = np.unique(where[todo], return_index=True)
                now, todo = todo[once], np.delete(todo, once)
                chunk = where[now] // CHUNK_GROUPS
                whole = part.pair_sum.dtype == np.float32  # exact whole numbers
                for c in np.unique(chunk):
                    sel = now[chunk == c]
                    self._add_to(c, where[sel] - c * CHUNK_GROUPS, part.take(sel), whole=whole)

    def result(self) -> GroupStats:
        """The moments of groups 0 .. size - 1."""
        self.flush()
        self._grow(self.size)
        chunks = []
        for c, chunk in enumerate(self.chunks):
            left = self.size - c * CHUNK_GROUPS
            if left <= 0:
                break
            chunks.append(chunk if left >= chunk.size else chunk.take(slice(0, left)))
        return GroupStats(tuple(chunks))

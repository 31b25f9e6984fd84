"""Sufficient statistics of a group's answers, so large files are scored in one pass.

Everything the scores need is a sum over respondents: the answered counts and sums
(means), the pairwise-complete counts, sums and cross-products (the covariance of the
composite), the listwise-complete sums and cross-products of each item group
(Cronbach's alpha) and, for integer scales, how often each value was given (fuzzy
memberships). Moments of two chunks of respondents add up.

Many groups are gathered at once (:func:`group_moments`): the statistics of every group
stacked in arrays (groups x ...), symmetric matrices packed as their upper triangles.
Counts and sums come from the few missing cells (every answer counts, less the missing
ones), cross-products from one product per row summed per group, and a
:class:`StatsBuilder` keeps a growing number of groups in chunks of
:data:`CHUNK_GROUPS`, so that a block of rows costs what its groups need.
"""

from __future__ import annotations

import functools
import math
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.model.vocabulary import FloatArray

__all__ = [
    "CHUNK_GROUPS",
    "Complete",
    "GroupComplete",
    "GroupMoments",
    "GroupStats",
    "Moments",
    "StatPlan",
    "StatsBuilder",
    "Triangle",
    "group_moments",
    "moments_of",
    "stat_plan",
    "triangle",
]

MAX_LEVELS = 1001
"""Integer scales with at most this many values keep a histogram of answers."""


class StatPlan(NamedTuple):
    """Which statistics to gather: item groups for alpha, and the values to count."""

    alpha_groups: dict[str, tuple[int, ...]]
    values: FloatArray | None
    largest: float = math.inf
    """The largest absolute answer the scale allows."""

    @staticmethod
    def for_scale(alpha_groups: dict[str, tuple[int, ...]], lo: float, hi: float) -> StatPlan:
        integer = float(lo).is_integer() and float(hi).is_integer()
        largest = max(abs(lo), abs(hi))
        if integer and 0 < hi - lo < MAX_LEVELS:
            return StatPlan(alpha_groups, np.arange(lo, hi + 1.0), largest)
        return StatPlan(alpha_groups, None, largest)


class Complete(NamedTuple):
    """Listwise-complete respondents of one item group: count, sums, cross-products."""

    n: int
    sums: FloatArray
    products: FloatArray


class Moments(NamedTuple):
    """Additive statistics of one group's answers (respondents x indicators)."""

    n: int
    pair_count: FloatArray
    pair_sum: FloatArray
    pair_product: FloatArray
    complete: dict[str, Complete]
    value_counts: FloatArray | None
    expectation_count: FloatArray | None
    expectation_sum: FloatArray | None

    @property
    def answered(self) -> FloatArray:
        """Answers per indicator."""
        return np.diagonal(self.pair_count).copy()

    @property
    def sums(self) -> FloatArray:
        return np.diagonal(self.pair_sum).copy()

    def __add__(self, other: object) -> Moments:
        if not isinstance(other, Moments):
            return NotImplemented
        return Moments(
            n=self.n + other.n,
            pair_count=self.pair_count + other.pair_count,
            pair_sum=self.pair_sum + other.pair_sum,
            pair_product=self.pair_product + other.pair_product,
            complete={
                key: Complete(
                    c.n + other.complete[key].n,
                    c.sums + other.complete[key].sums,
                    c.products + other.complete[key].products,
                )
                for key, c in self.complete.items()
            },
            value_counts=_add(self.value_counts, other.value_counts),
            expectation_count=_add(self.expectation_count, other.expectation_count),
            expectation_sum=_add(self.expectation_sum, other.expectation_sum),
        )


def _add(a: FloatArray | None, b: FloatArray | None) -> FloatArray | None:
    return None if a is None or b is None else a + b


def _codes(
    x: npt.NDArray[Any], present: npt.NDArray[np.bool_], values: FloatArray, whole: bool
) -> npt.NDArray[np.int64]:
    """Each answer's position among ``values``; ``len(values)`` where there is none."""
    size = len(values)
    if np.issubdtype(x.dtype, np.integer):  # digits read as integers, -1 for none
        result: npt.NDArray[np.int64] = np.where(present, x - int(values[0]), size).astype(np.int64)
        return result
    filled = np.where(present, x, values[0]) - values[0]
    codes: npt.NDArray[np.int64]
    if whole:
        codes = filled.astype(np.int64)
    else:  # an answer averaged over several questions counts at the nearest value, halves up
        codes = np.floor(filled + 0.5).astype(np.int64).clip(0, size - 1)
    codes[~present] = size
    return codes


def _value_counts(codes: npt.NDArray[np.int64], size: int) -> FloatArray:
    """How often each value was answered, per indicator (indicators x values)."""
    k = codes.shape[1]
    flat = codes + np.arange(k) * (size + 1)  # one histogram for all indicators
    counts = np.bincount(flat.ravel(), minlength=k * (size + 1)).reshape(k, size + 1)
    return counts[:, :size].astype(np.float64)


def moments_of(
    values: npt.NDArray[Any],
    expectation: FloatArray | None,
    plan: StatPlan,
    *,
    whole: bool = False,
) -> Moments:
    """Moments of a block of answers: floats with NaN for no answer, or whole numbers
    with -1 for no answer (as a reader that parsed digits gives them).

    ``whole`` promises that every float answer is a whole number, which spares
    rounding them for the value counts.
    """
    n, k = values.shape
    if np.issubdtype(values.dtype, np.integer):
        present = values >= 0
        z = values.clip(0, None)
        whole = True
    else:
        present = ~np.isnan(values)
        z = np.where(present, values, 0.0)
    # one product gives counts, sums and cross-products; single precision is exact
    # (and twice as fast) while every product of whole answers stays below 2**24
    exact32 = whole and plan.largest * plan.largest * max(n, 1) < 2**24
    both: npt.NDArray[np.floating[Any]] = np.concatenate(
        [z, present], axis=1, dtype=np.float32 if exact32 else np.float64
    )
    gram = (both.T @ both).astype(np.float64)
    pair_product, pair_sum, pair_count = gram[:k, :k], gram[:k, k:], gram[k:, k:]
    complete = {}
    gap_rows, gap_cols = np.nonzero(~present)  # missing answers are few: work from them
    for key, cols in plan.alpha_groups.items():
        index = np.asarray(cols, dtype=np.intp)
        incomplete = np.unique(gap_rows[np.isin(gap_cols, index)])
        # the complete rows' totals: all rows' totals less those of the incomplete rows
        rest = z[np.ix_(incomplete, index)].astype(np.float64)
        complete[key] = Complete(
            n - len(incomplete),
            np.diagonal(pair_sum)[index] - rest.sum(axis=0),
            pair_product[np.ix_(index, index)] - rest.T @ rest,
        )
    counts = None
    if plan.values is not None:
        counts = _value_counts(_codes(values, present, plan.values, whole), len(plan.values))
    e_count = e_sum = None
    if expectation is not None:
        e = np.asarray(expectation, dtype=np.float64)
        e_present = ~np.isnan(e)
        e_count = e_present.sum(axis=0).astype(np.float64)
        e_sum = np.where(e_present, e, 0.0).sum(axis=0)
    return Moments(
        n=n,
        pair_count=pair_count.copy(),
        pair_sum=pair_sum.copy(),
        pair_product=pair_product.copy(),
        complete=complete,
        value_counts=counts,
        expectation_count=e_count,
        expectation_sum=e_sum,
    )


def stat_plan(evaluation: Evaluation, scale: Scale, *, counts: bool = True) -> StatPlan:
    """The statistics scoring needs: alpha over each criterion's indicators and overall,
    and (``counts``, for the fuzzy evaluation) how often each value was answered."""
    column = {leaf.id: i for i, leaf in enumerate(evaluation.leaves())}
    groups = {"overall": tuple(column.values())}
    for node in evaluation.parents():
        if node is not evaluation.goal:
            groups[node.id] = tuple(column[n.id] for n in node.walk() if n.is_leaf)
    plan = StatPlan.for_scale(groups, scale.min, scale.max)
    return plan if counts else StatPlan(groups, None, plan.largest)


IndexArray = npt.NDArray[np.intp]
IntArray = npt.NDArray[np.int64]

CHUNK_GROUPS = 256
"""Groups per chunk of a :class:`StatsBuilder` (and per step of vectorised scoring)."""

FIRST_GROUPS = 16
"""Groups the first chunk of a :class:`StatsBuilder` has room for (it grows)."""

ROWS_PER_GROUP = 64
"""Rows per group a :class:`StatsBuilder` lets wait before gathering them."""

PENDING_BYTES = 16 * 1024 * 1024
"""Bytes of answers a :class:`StatsBuilder` lets wait at most."""


class Triangle(NamedTuple):
    """The upper triangle of a k x k matrix, packed row by row."""

    rows: IndexArray
    cols: IndexArray
    position: IndexArray
    """(k, k): where entry (i, j), or (j, i), is in the packed triangle."""
    diagonal: IndexArray
    """(k,): where entry (i, i) is."""


@functools.cache
def triangle(k: int) -> Triangle:
    """The packed upper triangle of a k x k matrix (cached, read-only)."""
    rows, cols = np.triu_indices(k)
    position = np.zeros((k, k), dtype=np.intp)
    position[rows, cols] = np.arange(len(rows))
    position[cols, rows] = np.arange(len(rows))
    diagonal = position[np.arange(k), np.arange(k)]
    for a in (rows, cols, position, diagonal):
        a.flags.writeable = False
    return Triangle(rows, cols, position, diagonal)


class GroupComplete(NamedTuple):
    """Listwise-complete respondents of one item group, for many groups: counts (G,),
    sums (G, m) and packed cross-products (G, m (m + 1) / 2)."""

    n: IntArray
    sums: FloatArray
    products: FloatArray


class GroupMoments(NamedTuple):
    """:class:`Moments` of G groups stacked along the first axis.

    ``pair_count`` and ``pair_product`` are symmetric and kept as packed upper
    triangles (G, k (k + 1) / 2, see :func:`triangle`); ``pair_sum`` is not (G, k, k).
    Counts, sums and cross-products may be kept in single precision where that is exact
    (:class:`StatsBuilder`); the expectations' are always in double precision.
    """

    n: IntArray
    pair_count: FloatArray
    pair_sum: FloatArray
    pair_product: FloatArray
    complete: dict[str, GroupComplete]
    value_counts: FloatArray | None
    expectation_count: FloatArray | None
    expectation_sum: FloatArray | None

    @property
    def size(self) -> int:
        """How many groups."""
        return len(self.n)

    @property
    def k(self) -> int:
        """How many indicators."""
        return int(self.pair_sum.shape[1])

    @property
    def answered(self) -> FloatArray:
        """Answers per group and indicator (G, k)."""
        return self.pair_count[:, triangle(self.k).diagonal].astype(np.float64)

    @property
    def sums(self) -> FloatArray:
        """Sums of the answers per group and indicator (G, k)."""
        return np.diagonal(self.pair_sum, axis1=1, axis2=2).astype(np.float64)

    def astype(self, dtype: type[np.floating[Any]]) -> GroupMoments:
        """These moments with counts, sums and cross-products in ``dtype``."""
        if self.pair_sum.dtype == dtype:
            return self

        def cast(a: FloatArray) -> FloatArray:
            return a.astype(dtype)

        return self._replace(
            pair_count=cast(self.pair_count),
            pair_sum=cast(self.pair_sum),
            pair_product=cast(self.pair_product),
            complete={
                key: GroupComplete(c.n, cast(c.sums), cast(c.products))
                for key, c in self.complete.items()
            },
            value_counts=None if self.value_counts is None else cast(self.value_counts),
        )

    def at(self, i: int) -> Moments:
        """One group's moments, as :func:`moments_of` gives them."""
        full = triangle(self.k).position

        def double(a: FloatArray) -> FloatArray:
            return np.array(a, dtype=np.float64)

        return Moments(
            n=int(self.n[i]),
            pair_count=double(self.pair_count[i][full]),
            pair_sum=double(self.pair_sum[i]),
            pair_product=double(self.pair_product[i][full]),
            complete={
                key: Complete(
                    int(c.n[i]),
                    double(c.sums[i]),
                    double(c.products[i][triangle(c.sums.shape[1]).position]),
                )
                for key, c in self.complete.items()
            },
            value_counts=None if self.value_counts is None else double(self.value_counts[i]),
            expectation_count=(
                None if self.expectation_count is None else self.expectation_count[i].copy()
            ),
            expectation_sum=None
            if self.expectation_sum is None
            else self.expectation_sum[i].copy(),
        )

    def take(self, index: IndexArray | slice) -> GroupMoments:
        """The moments of some groups (a slice gives views)."""

        def part(a: FloatArray | None) -> FloatArray | None:
            return None if a is None else a[index]

        return GroupMoments(
            n=self.n[index],
            pair_count=self.pair_count[index],
            pair_sum=self.pair_sum[index],
            pair_product=self.pair_product[index],
            complete={
                key: GroupComplete(c.n[index], c.sums[index], c.products[index])
                for key, c in self.complete.items()
            },
            value_counts=part(self.value_counts),
            expectation_count=part(self.expectation_count),
            expectation_sum=part(self.expectation_sum),
        )

    def add_at(self, index: IndexArray | slice, other: GroupMoments) -> None:
        """Add ``other``'s groups to groups ``index`` of these (in place; no index twice)."""
        if not isinstance(index, slice) and np.array_equal(index, np.arange(len(index))):
            index = slice(0, len(index))  # in place without gathering
        self.n[index] += other.n
        self.pair_count[index] += other.pair_count
        self.pair_sum[index] += other.pair_sum
        self.pair_product[index] += other.pair_product
        for key, c in self.complete.items():
            o = other.complete[key]
            c.n[index] += o.n
            c.sums[index] += o.sums
            c.products[index] += o.products
        for mine, theirs in (
            (self.value_counts, other.value_counts),
            (self.expectation_count, other.expectation_count),
            (self.expectation_sum, other.expectation_sum),
        ):
            if mine is not None and theirs is not None:
                mine[index] += theirs

    @staticmethod
    def zeros(
        groups: int,
        k: int,
        plan: StatPlan,
        *,
        expectation: bool,
        dtype: type[np.floating[Any]] = np.float64,
    ) -> GroupMoments:
        """No respondents yet in ``groups`` groups (counts, sums and cross-products in
        ``dtype``)."""
        size = len(triangle(k).rows)
        values = plan.values
        return GroupMoments(
            n=np.zeros(groups, dtype=np.int64),
            pair_count=np.zeros((groups, size), dtype=dtype),
            pair_sum=np.zeros((groups, k, k), dtype=dtype),
            pair_product=np.zeros((groups, size), dtype=dtype),
            complete={
                key: GroupComplete(
                    np.zeros(groups, dtype=np.int64),
                    np.zeros((groups, len(cols)), dtype=dtype),
                    np.zeros((groups, len(triangle(len(cols)).rows)), dtype=dtype),
                )
                for key, cols in plan.alpha_groups.items()
            },
            value_counts=None if values is None else np.zeros((groups, k, len(values)), dtype),
            expectation_count=np.zeros((groups, k)) if expectation else None,
            expectation_sum=np.zeros((groups, k)) if expectation else None,
        )

    @staticmethod
    def stack(moments: Sequence[Moments]) -> GroupMoments:
        """Several groups' moments in one (at least one group)."""
        first = moments[0]
        tri = triangle(len(first.pair_sum))

        def packed(arrays: list[FloatArray], t: Triangle) -> FloatArray:
            return np.stack([a[t.rows, t.cols] for a in arrays])

        def stacked(arrays: list[FloatArray | None]) -> FloatArray | None:
            present = [a for a in arrays if a is not None]
            return np.stack(present) if len(present) == len(arrays) else None

        complete = {}
        for key, c in first.complete.items():
            parts = [m.complete[key] for m in moments]
            complete[key] = GroupComplete(
                np.array([p.n for p in parts], dtype=np.int64),
                np.stack([p.sums for p in parts]),
                packed([p.products for p in parts], triangle(len(c.sums))),
            )
        return GroupMoments(
            n=np.array([m.n for m in moments], dtype=np.int64),
            pair_count=packed([m.pair_count for m in moments], tri),
            pair_sum=np.stack([m.pair_sum for m in moments]),
            pair_product=packed([m.pair_product for m in moments], tri),
            complete=complete,
            value_counts=stacked([m.value_counts for m in moments]),
            expectation_count=stacked([m.expectation_count for m in moments]),
            expectation_sum=stacked([m.expectation_sum for m in moments]),
        )


def _with_ones(x: npt.NDArray[Any], dtype: type[np.floating[Any]]) -> npt.NDArray[Any]:
    """``x`` in ``dtype`` with a column of ones after it (its products give the sums)."""
    out = np.empty((x.shape[0], x.shape[1] + 1), dtype=dtype)
    out[:, :-1] = x
    out[:, -1] = 1
    return out


def _segment_moments(
    x: npt.NDArray[Any], counts: IntArray, tri: Triangle
) -> tuple[FloatArray, FloatArray]:
    """Packed cross-products and sums of consecutive runs of rows of ``x`` (``counts[s]``
    rows each; the last column of ``x`` is ones, see :func:`_with_ones`).

    Runs of equal length are multiplied as one stack of matrices. Sums stay in ``x``'s
    precision until they are stored here in float64.
    """
    k = x.shape[1] - 1
    products = np.zeros((len(counts), len(tri.rows)))
    sums = np.zeros((len(counts), k))
    starts = np.cumsum(counts) - counts
    for length in np.unique(counts[counts > 0]):
        runs = np.flatnonzero(counts == length)
        if len(runs) == 1:
            rows = x[starts[runs[0]] : starts[runs[0]] + length][None]
        else:
            rows = x[starts[runs][:, None] + np.arange(length)]
        grams = np.matmul(rows.transpose(0, 2, 1), rows)
        products[runs] = grams[:, tri.rows, tri.cols]
        sums[runs] = grams[:, :k, k]
    return products, sums


def group_moments(
    values: npt.NDArray[Any],
    expectation: FloatArray | None,
    plan: StatPlan,
    group: npt.NDArray[np.integer[Any]],
    groups: int,
    *,
    whole: bool = False,
) -> GroupMoments:
    """The moments of each of ``groups`` groups at once: row r of ``values`` (answers as
    for :func:`moments_of`) belongs to group ``group[r]``.

    Equal to :func:`moments_of` over each group's rows; with whole answers exactly.
    """
    n, k = values.shape
    tri = triangle(k)
    size = len(tri.rows)
    which = np.asarray(group, dtype=np.intp)
    if np.issubdtype(values.dtype, np.integer):
        present = values >= 0
        z: npt.NDArray[Any] = values.clip(0, None)
        whole = True
    else:
        present = ~np.isnan(values)
        z = np.where(present, values, 0.0)
    counts = np.bincount(which, minlength=groups)
    gap_rows, gap_cols = np.nonzero(~present)  # missing answers are few: work from them
    gap_group = which[gap_rows]
    # cross-products, in single precision where exact (see moments_of)
    exact32 = whole and plan.largest * plan.largest * max(n, 1) < 2**24
    everything = tuple(range(k))
    full = [key for key, cols in plan.alpha_groups.items() if tuple(cols) == everything]
    if full:  # each group's complete rows first, then its incomplete ones
        incomplete = np.zeros(n, dtype=np.intp)
        incomplete[gap_rows] = 1
        segment = which * 2 + incomplete
    else:
        segment = which
    order = np.argsort(segment, kind="stable")
    runs = np.bincount(segment, minlength=groups * (2 if full else 1))
    ordered = _with_ones(z[order], np.float32 if exact32 else np.float64)
    run_products, run_sums = _segment_moments(ordered, runs, tri)
    if full:
        products = run_products[0::2] + run_products[1::2]
        sums = run_sums[0::2] + run_sums[1::2]
    else:
        products, sums = run_products, run_sums

    # counts: every respondent, less those missing i or j, plus those missing both
    pair_keys = [gap_group * size + tri.position[gap_cols, gap_cols]]
    d = 1
    while len(gap_rows) > d:
        same = gap_rows[:-d] == gap_rows[d:]  # cells of a row are consecutive, by column
        if not same.any():
            break
        pair_keys.append(
            gap_group[:-d][same] * size + tri.position[gap_cols[:-d][same], gap_cols[d:][same]]
        )
        d += 1
    both = np.bincount(np.concatenate(pair_keys), minlength=groups * size).reshape(groups, size)
    gaps = both[:, tri.diagonal]
    pair_count = (counts[:, None] - gaps[:, tri.rows] - gaps[:, tri.cols] + both).astype(np.float64)

    # pair sums [i, j]: sums of i, less the answers to i of those missing j
    missed = np.zeros((groups * k, k))  # [g * k + j, i]
    if len(gap_rows):
        key = gap_group * k + gap_cols
        by_key = np.argsort(key, kind="stable")
        key = key[by_key]
        cut = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        rows = z[gap_rows[by_key]]
        missed[key[cut]] = np.add.reduceat(rows, cut, axis=0, dtype=np.float64)
    pair_sum = sums[:, :, None] - missed.reshape(groups, k, k).transpose(0, 2, 1)

    complete: dict[str, GroupComplete] = {}
    for key_name, cols in plan.alpha_groups.items():
        if key_name in full:
            complete[key_name] = GroupComplete(
                runs[0::2].astype(np.int64), run_sums[0::2], run_products[0::2]
            )
            continue
        index = np.asarray(cols, dtype=np.intp)
        sub = triangle(len(index))
        in_key = np.zeros(k, dtype=np.bool_)
        in_key[index] = True
        rest_rows = np.unique(gap_rows[in_key[gap_cols]])
        rest_rows = rest_rows[np.argsort(which[rest_rows], kind="stable")]
        rest_counts = np.bincount(which[rest_rows], minlength=groups)
        rest_products, rest_sums = _segment_moments(
            _with_ones(z[np.ix_(rest_rows, index)], np.float64), rest_counts, sub
        )
        complete[key_name] = GroupComplete(
            (counts - rest_counts).astype(np.int64),
            sums[:, index] - rest_sums,
            products[:, tri.position[index[sub.rows], index[sub.cols]]] - rest_products,
        )

    value_counts = None
    if plan.values is not None:
        levels = len(plan.values)
        codes = _codes(values, present, plan.values, whole)
        flat = (which[:, None] * k + np.arange(k)) * (levels + 1) + codes
        tally = np.bincount(flat.ravel(), minlength=groups * k * (levels + 1))
        value_counts = tally.reshape(groups, k, levels + 1)[:, :, :levels].astype(np.float64)
    e_count = e_sum = None
    if expectation is not None:
        e = np.asarray(expectation, dtype=np.float64)
        e_present = ~np.isnan(e)
        cell = (which[:, None] * k + np.arange(k)).ravel()
        e_count = np.asarray(
            np.bincount(cell, weights=e_present.ravel().astype(np.float64), minlength=groups * k),
            dtype=np.float64,
        ).reshape(groups, k)
        e_sum = np.asarray(
            np.bincount(cell, weights=np.where(e_present, e, 0.0).ravel(), minlength=groups * k),
            dtype=np.float64,
        ).reshape(groups, k)
    return GroupMoments(
        n=counts.astype(np.int64),
        pair_count=pair_count,
        pair_sum=pair_sum,
        pair_product=products,
        complete=complete,
        value_counts=value_counts,
        expectation_count=e_count,
        expectation_sum=e_sum,
    )


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

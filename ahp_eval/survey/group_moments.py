"""The statistics of many groups at once, stacked in arrays (groups x ...).

:func:`group_moments` gathers every group of a block of rows in one pass: symmetric
matrices packed as their upper triangles, counts and sums from the few missing cells
(every answer counts, less the missing ones), cross-products from one product per row
summed per group. Gathering them block by block is :mod:`ahp_eval.survey.group_stats`'s. The numbers
equal those of :func:`ahp_eval.survey.moments.moments_of` for each group alone.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.model.vocabulary import FloatArray
from ahp_eval.survey.moments import Complete, Moments, StatPlan, answer_codes

__all__ = [
    "GroupComplete",
    "GroupMoments",
    "IndexArray",
    "IntArray",
    "Triangle",
    "group_moments",
    "triangle",
]

IndexArray = npt.NDArray[np.intp]
IntArray = npt.NDArray[np.int64]


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
    log_sum: FloatArray | None = None
    """(G, k): sum of x ln x, when the plan asks for it (the entropy weights)."""
    pair_square: FloatArray | None = None
    """(G, k, k): [g, i, j] the sum of the squares of i's answers over group g's
    respondents who answered j too, when the plan asks for it (pairwise statistics)."""

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
            pair_square=None if self.pair_square is None else cast(self.pair_square),
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
            log_sum=None if self.log_sum is None else self.log_sum[i].copy(),
            pair_square=None if self.pair_square is None else double(self.pair_square[i]),
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
            log_sum=part(self.log_sum),
            pair_square=part(self.pair_square),
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
            (self.log_sum, other.log_sum),
            (self.pair_square, other.pair_square),
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
            log_sum=np.zeros((groups, k)) if plan.entropy else None,
            pair_square=np.zeros((groups, k, k), dtype=dtype) if plan.squares else None,
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
            log_sum=stacked([m.log_sum for m in moments]),
            pair_square=stacked([m.pair_square for m in moments]),
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
    missed_squares = np.zeros((groups * k, k)) if plan.squares else None
    if len(gap_rows):
        key = gap_group * k + gap_cols
        by_key = np.argsort(key, kind="stable")
        key = key[by_key]
        cut = np.flatnonzero(np.concatenate(([True], key[1:] != key[:-1])))
        rows = z[gap_rows[by_key]]
        missed[key[cut]] = np.add.reduceat(rows, cut, axis=0, dtype=np.float64)
        if missed_squares is not None:
            square = np.asarray(rows, dtype=np.float64) ** 2
            missed_squares[key[cut]] = np.add.reduceat(square, cut, axis=0)
    pair_sum = sums[:, :, None] - missed.reshape(groups, k, k).transpose(0, 2, 1)
    # pair squares [i, j]: the squares of i's answers, less those of the ones missing j
    pair_square = (
        None
        if missed_squares is None
        else products[:, tri.diagonal][:, :, None]
        - missed_squares.reshape(groups, k, k).transpose(0, 2, 1)
    )

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
        codes = answer_codes(values, present, plan.values, whole)
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
        log_sum=_log_sums(z, present, which, groups) if plan.entropy else None,
        pair_square=pair_square,
    )


def _log_sums(
    z: npt.NDArray[Any], present: npt.NDArray[np.bool_], which: npt.NDArray[np.intp], groups: int
) -> FloatArray:
    """Each group's sum of x ln x per indicator (0 ln 0 = 0)."""
    x = np.asarray(z, dtype=np.float64)
    k = x.shape[1]
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(present & (x > 0), x * np.log(np.where(x > 0, x, 1.0)), 0.0)
    cell = (which[:, None] * k + np.arange(k)).ravel()
    return np.asarray(
        np.bincount(cell, weights=terms.ravel(), minlength=groups * k), dtype=np.float64
    ).reshape(groups, k)

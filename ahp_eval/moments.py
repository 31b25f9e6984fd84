"""Sufficient statistics of a group's answers, so large files are scored in one pass.

Everything the scores need is a sum over respondents: the answered counts and sums
(means), the pairwise-complete counts, sums and cross-products (the covariance of the
composite), the listwise-complete sums and cross-products of each item group
(Cronbach's alpha) and, for integer scales, how often each value was given (fuzzy
memberships). Moments of two chunks of respondents add up.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.matrix import FloatArray

__all__ = ["Complete", "Moments", "StatPlan", "moments_of"]

MAX_LEVELS = 1001
"""Integer scales with at most this many values keep a histogram of answers."""


class StatPlan(NamedTuple):
    """Which statistics to gather: item groups for alpha, and the values to count."""

    alpha_groups: dict[str, tuple[int, ...]]
    values: FloatArray | None

    @staticmethod
    def for_scale(alpha_groups: dict[str, tuple[int, ...]], lo: float, hi: float) -> StatPlan:
        integer = float(lo).is_integer() and float(hi).is_integer()
        if integer and 0 < hi - lo < MAX_LEVELS:
            return StatPlan(alpha_groups, np.arange(lo, hi + 1.0))
        return StatPlan(alpha_groups, None)


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


def moments_of(
    values: FloatArray,
    expectation: FloatArray | None,
    plan: StatPlan,
    codes: npt.NDArray[np.integer[Any]] | None = None,
) -> Moments:
    """Moments of a block of answers (NaN = no answer).

    ``codes`` may give each answer's position among ``plan.values`` (-1 for none),
    when the reader already knows them, to spare recomputing them.
    """
    x = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(x)
    pf = present.astype(np.float64)
    z = np.where(present, x, 0.0)
    complete = {}
    for key, cols in plan.alpha_groups.items():
        rows = present[:, cols].all(axis=1)
        block = z[np.ix_(rows, np.asarray(cols, dtype=np.intp))]
        complete[key] = Complete(int(rows.sum()), block.sum(axis=0), block.T @ block)
    counts = None
    if plan.values is not None:
        size = len(plan.values)
        if codes is None:
            # an averaged answer (several questions feed one indicator) counts at the
            # nearest value, halves rounded up
            codes = np.floor(np.where(present, x - plan.values[0], 0.0) + 0.5).astype(np.int64)
            codes = codes.clip(0, size - 1)
        k = x.shape[1]
        flat = (codes + np.arange(k) * size)[present]  # one histogram for all columns
        counts = np.bincount(flat, minlength=k * size).reshape(k, size).astype(np.float64)
    e_count = e_sum = None
    if expectation is not None:
        e = np.asarray(expectation, dtype=np.float64)
        e_present = ~np.isnan(e)
        e_count = e_present.sum(axis=0).astype(np.float64)
        e_sum = np.where(e_present, e, 0.0).sum(axis=0)
    return Moments(
        n=int(x.shape[0]),
        pair_count=pf.T @ pf,
        pair_sum=z.T @ pf,
        pair_product=z.T @ z,
        complete=complete,
        value_counts=counts,
        expectation_count=e_count,
        expectation_sum=e_sum,
    )

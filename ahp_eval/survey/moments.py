"""Sufficient statistics of a group's answers, so large files are scored in one pass.

Everything the scores need is a sum over respondents: the answered counts and sums
(means), the pairwise-complete counts, sums and cross-products (the covariance of the
composite), the listwise-complete sums and cross-products of each item group
(Cronbach's alpha) and, for integer scales, how often each value was given (fuzzy
memberships). Moments of two chunks of respondents add up.

The statistics of many groups at once live in :mod:`ahp_eval.survey.group_moments`.
"""

from __future__ import annotations

import math
from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.model.vocabulary import FloatArray

__all__ = [
    "Complete",
    "Moments",
    "StatPlan",
    "answer_codes",
    "moments_of",
    "square_sums",
    "stat_plan",
    "x_log_x",
]

MAX_LEVELS = 1001
"""Integer scales with at most this many values keep a histogram of answers."""


class StatPlan(NamedTuple):
    """Which statistics to gather: item groups for alpha, and the values to count."""

    alpha_groups: dict[str, tuple[int, ...]]
    values: FloatArray | None
    largest: float = math.inf
    """The largest absolute answer the scale allows."""
    entropy: bool = False
    """Whether to gather sum x ln x per indicator (the entropy weights)."""
    squares: bool = False
    """Whether to gather, for each pair of indicators, the sum of squares of one's
    answers over the respondents who answered the other (pairwise statistics)."""

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
    log_sum: FloatArray | None = None
    """Sum of x ln x per indicator (0 ln 0 = 0), when the plan asks for it."""
    pair_square: FloatArray | None = None
    """[i, j]: the sum of the squares of i's answers over the respondents who answered
    j too, when the plan asks for it (``squares``)."""

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
            log_sum=_add(self.log_sum, other.log_sum),
            pair_square=_add(self.pair_square, other.pair_square),
        )


def _add(a: FloatArray | None, b: FloatArray | None) -> FloatArray | None:
    return None if a is None or b is None else a + b


def answer_codes(
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
        counts = _value_counts(answer_codes(values, present, plan.values, whole), len(plan.values))
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
        log_sum=x_log_x(z, present) if plan.entropy else None,
        pair_square=square_sums(z, present) if plan.squares else None,
    )


def square_sums(z: npt.NDArray[Any], present: npt.NDArray[np.bool_]) -> FloatArray:
    """[i, j]: the sum of the squares of i's answers over the rows that answered j
    (missing answers are 0 in ``z``)."""
    x = np.asarray(z, dtype=np.float64)
    result: FloatArray = (x * x).T @ present.astype(np.float64)
    return result


def x_log_x(z: npt.NDArray[Any], present: npt.NDArray[np.bool_]) -> FloatArray:
    """Sum over respondents of x ln x per indicator (0 ln 0 = 0; missing answers are 0)."""
    x = np.asarray(z, dtype=np.float64)
    with np.errstate(invalid="ignore", divide="ignore"):
        terms = np.where(present & (x > 0), x * np.log(np.where(x > 0, x, 1.0)), 0.0)
    result: FloatArray = terms.sum(axis=0)
    return result


def stat_plan(
    evaluation: Evaluation,
    scale: Scale,
    *,
    counts: bool = True,
    entropy: bool = False,
    squares: bool = False,
) -> StatPlan:
    """The statistics scoring needs: alpha over each criterion's indicators and overall,
    and (``counts``, for the fuzzy evaluation) how often each value was answered;
    ``squares`` adds what pairwise correlations need (:attr:`StatPlan.squares`)."""
    column = {leaf.id: i for i, leaf in enumerate(evaluation.leaves())}
    groups = {"overall": tuple(column.values())}
    for node in evaluation.parents():
        if node is not evaluation.goal:
            groups[node.id] = tuple(column[n.id] for n in node.walk() if n.is_leaf)
    plan = StatPlan.for_scale(groups, scale.min, scale.max)
    plan = plan if counts else StatPlan(groups, None, plan.largest)
    return plan._replace(entropy=entropy, squares=squares)

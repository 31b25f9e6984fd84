"""Covariance and correlation matrices of questionnaire items from additive statistics.

Listwise (the default): the count, sums and cross-products of the respondents who
answered every item of a block (:class:`~ahp_eval.survey.moments.Complete`, gathered
by scoring's one pass). Pairwise: :class:`PairMoments`, per pair of items the count,
sums, sums of squares and cross-products over the respondents who answered both;
moments of two chunks of respondents add up.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.errors import AhpEvalError
from ahp_eval.model.vocabulary import FloatArray
from ahp_eval.survey.moments import Complete, Moments

__all__ = [
    "ItemMatrix",
    "PairMoments",
    "from_complete",
    "from_pairs",
    "pair_moments",
    "pair_moments_of",
]


class ItemMatrix(NamedTuple):
    """What the item statistics start from: the covariance matrix (sample, n - 1), the
    correlation matrix (NaN where an item has no variance) and the count behind them
    (listwise: the complete rows; pairwise: the smallest pairwise count)."""

    cov: FloatArray
    corr: FloatArray
    n: int

    def take(self, index: npt.NDArray[np.intp]) -> ItemMatrix:
        """The matrix of some of the items."""
        part = np.ix_(index, index)
        return ItemMatrix(self.cov[part], self.corr[part], self.n)


def _corr(cov: FloatArray, var_row: FloatArray, var_col: FloatArray, var: FloatArray) -> FloatArray:
    """cov / sqrt(var_row var_col), NaN where either is not positive; the diagonal is 1
    where the item's variance ``var`` is positive."""
    positive = (var_row > 0) & (var_col > 0)
    with np.errstate(invalid="ignore", divide="ignore"):
        corr: FloatArray = np.where(positive, cov / np.sqrt(var_row * var_col), np.nan)
    np.fill_diagonal(corr, np.where(var > 0, 1.0, np.nan))
    return np.clip(corr, -1.0, 1.0)


def _constant(var: FloatArray, scale: FloatArray) -> npt.NDArray[np.bool_]:
    """Variances that are zero but for rounding (relative to the squared answers)."""
    result: npt.NDArray[np.bool_] = var <= 1e-12 * np.maximum(scale, 1.0)
    return result


def from_complete(complete: Complete) -> ItemMatrix:
    """The listwise matrices of a block (NaN throughout with fewer than two rows)."""
    n = complete.n
    k = len(complete.sums)
    if n < 2:
        nan = np.full((k, k), np.nan)
        return ItemMatrix(nan, nan.copy(), n)
    cov = (complete.products - np.outer(complete.sums, complete.sums) / n) / (n - 1)
    var = np.diagonal(cov).copy()
    var[_constant(var, np.diagonal(complete.products) / n)] = 0.0
    np.fill_diagonal(cov, var)
    return ItemMatrix(cov, _corr(cov, var[:, None], var[None, :], var), n)


class PairMoments(NamedTuple):
    """Pairwise-complete statistics of k items: ``counts[i, j]`` respondents answered
    both i and j; over them ``sums[i, j]`` is the sum of i's answers, ``squares[i, j]``
    the sum of their squares, ``products[i, j]`` the sum of i's times j's."""

    counts: FloatArray
    sums: FloatArray
    squares: FloatArray
    products: FloatArray

    def __add__(self, other: object) -> PairMoments:
        if not isinstance(other, PairMoments):
            return NotImplemented
        return PairMoments(*(a + b for a, b in zip(self, other, strict=True)))


def pair_moments_of(values: npt.NDArray[Any]) -> PairMoments:
    """The pairwise moments of a block of answers (respondents x items, NaN missing)."""
    x = np.asarray(values, dtype=np.float64)
    present = ~np.isnan(x)
    z = np.where(present, x, 0.0)
    p = present.astype(np.float64)
    return PairMoments(p.T @ p, z.T @ p, (z * z).T @ p, z.T @ z)


def pair_moments(moments: Moments) -> PairMoments:
    """The pairwise moments within a group's :class:`Moments` (gathered with
    ``StatPlan.squares``, so a streamed export keeps no answer)."""
    if moments.pair_square is None:
        msg = "pairwise statistics need the sums of squares: gather them with StatPlan.squares"
        raise AhpEvalError(msg)
    return PairMoments(
        moments.pair_count, moments.pair_sum, moments.pair_square, moments.pair_product
    )


def from_pairs(moments: PairMoments) -> ItemMatrix:
    """Pairwise matrices: each correlation is Pearson's over the respondents who
    answered both items; each covariance too, and each variance is over every answer
    to its item. ``n`` is the smallest pairwise count."""
    n_ij = moments.counts
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = moments.sums / n_ij  # [i, j]: i's mean over those who answered j too
        cov = (moments.products - n_ij * mean * mean.T) / (n_ij - 1)
        var_pair = (moments.squares - n_ij * mean * mean) / (n_ij - 1)  # [i, j]: of i
    var_pair[_constant(var_pair, moments.squares / np.maximum(n_ij, 1))] = 0.0
    few = n_ij < 2
    cov[few] = np.nan
    var_pair[few] = np.nan
    var = np.diagonal(var_pair).copy()
    np.fill_diagonal(cov, var)
    corr = _corr(cov, var_pair, var_pair.T, var)
    corr[few] = np.nan
    return ItemMatrix(cov, corr, int(n_ij.min()) if n_ij.size else 0)

"""Reliability and sampling error of questionnaire scores (pure numpy).

* Cronbach's alpha (Cronbach 1951): ``alpha = k/(k-1) * (1 - sum_i var_i / var_total)``
  over the respondents who answered all k items (sample variances, ddof = 1).
* Pairwise-complete covariance of item means, used for the standard error of a
  weighted composite of item means: ``Var(sum_i g_i m_i) = sum_ij g_i g_j S_ij n_ij / (n_i n_j)``,
  where S_ij is the covariance over the n_ij respondents who answered both items and
  n_i the number who answered item i. With no missing answers this is ``g' S g / n``.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.survey.moments import Complete, Moments, StatPlan, moments_of

__all__ = [
    "Z_95",
    "Alpha",
    "alpha_of",
    "composite_variance",
    "cronbach_alpha",
    "normal_interval",
    "percentile_interval",
    "variance_of",
]


class Alpha(NamedTuple):
    """Cronbach's alpha of k items over the n complete respondents (None if undefined)."""

    value: float | None
    k: int
    n: int


def alpha_of(complete: Complete) -> Alpha:
    """Alpha from the listwise-complete count, sums and cross-products of k items."""
    k, n = len(complete.sums), complete.n
    if k < 2 or n < 2:
        return Alpha(None, k, n)
    cov = (complete.products - np.outer(complete.sums, complete.sums) / n) / (n - 1)
    item_var, total_var = float(np.trace(cov)), float(cov.sum())
    if total_var <= 1e-12 * max(item_var, 1.0):
        return Alpha(None, k, n)
    return Alpha(k / (k - 1) * (1 - item_var / total_var), k, n)


def cronbach_alpha(items: FloatArray) -> Alpha:
    """Alpha of the columns of ``items`` (respondents x k), listwise complete."""
    arr = np.asarray(items, dtype=np.float64)
    everything = tuple(range(arr.shape[1]))
    return alpha_of(moments_of(arr, None, StatPlan({"all": everything}, None)).complete["all"])


def variance_of(moments: Moments, weights: FloatArray) -> float:
    """Variance of ``sum_i w_i * mean_i`` from pairwise-complete moments.

    Pairs with fewer than two common respondents contribute nothing.
    """
    w = np.asarray(weights, dtype=np.float64)
    n_ij = moments.pair_count
    n_i = np.diagonal(n_ij)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i_j = moments.pair_sum / n_ij  # [i, j]: mean of i over those who answered j too
        cov = (moments.pair_product - n_ij * mean_i_j * mean_i_j.T) / (n_ij - 1)
        scale = n_ij / np.outer(n_i, n_i)
    terms = np.where(n_ij >= 2, cov * scale, 0.0)
    variance = float(w @ terms @ w)
    return max(variance, 0.0)


def composite_variance(values: FloatArray, weights: FloatArray) -> float:
    """Variance of ``sum_i w_i * mean_i`` with pairwise-complete covariances.

    ``values`` is respondents x items with NaN for missing answers.
    """
    return variance_of(moments_of(values, None, StatPlan({}, None)), weights)


def percentile_interval(samples: FloatArray, level: float = 0.95) -> tuple[float, float]:
    """The central ``level`` interval of bootstrap samples (percentile method)."""
    tail = (1 - level) / 2 * 100
    lo, hi = np.percentile(np.asarray(samples, dtype=np.float64), [tail, 100 - tail])
    return float(lo), float(hi)


Z_95 = 1.959963984540054
"""The 97.5% point of the standard normal distribution."""


def normal_interval(estimate: float, variance: float) -> tuple[float, float]:
    """estimate -/+ 1.96 standard errors."""
    half = Z_95 * math.sqrt(variance)
    return estimate - half, estimate + half

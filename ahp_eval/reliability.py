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
from dataclasses import dataclass

import numpy as np

from ahp_eval.matrix import FloatArray

__all__ = [
    "Z_95",
    "Alpha",
    "composite_variance",
    "cronbach_alpha",
    "normal_interval",
    "percentile_interval",
]


@dataclass(frozen=True)
class Alpha:
    """Cronbach's alpha of k items over the n complete respondents (None if undefined)."""

    value: float | None
    k: int
    n: int


def cronbach_alpha(items: FloatArray) -> Alpha:
    """Alpha of the columns of ``items`` (respondents x k), listwise complete."""
    arr = np.asarray(items, dtype=np.float64)
    k = arr.shape[1]
    complete = arr[~np.isnan(arr).any(axis=1)]
    n = complete.shape[0]
    if k < 2 or n < 2:
        return Alpha(None, k, n)
    item_var = complete.var(axis=0, ddof=1).sum()
    total_var = complete.sum(axis=1).var(ddof=1)
    if total_var <= 0:
        return Alpha(None, k, n)
    return Alpha(float(k / (k - 1) * (1 - item_var / total_var)), k, n)


def composite_variance(values: FloatArray, weights: FloatArray) -> float:
    """Variance of ``sum_i w_i * mean_i`` with pairwise-complete covariances.

    ``values`` is respondents x items with NaN for missing answers. Pairs with fewer
    than two common respondents contribute nothing to the covariance sum.
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    present = ~np.isnan(x)
    pf = present.astype(np.float64)
    n_i = pf.sum(axis=0)
    n_ij = pf.T @ pf
    z = np.where(present, x, 0.0)
    sums_i_given_j = z.T @ pf  # [i, j]: sum of item i over respondents who answered j too
    sum_ij = z.T @ z
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i_j = sums_i_given_j / n_ij
        mean_j_i = sums_i_given_j.T / n_ij
        cov = (sum_ij - n_ij * mean_i_j * mean_j_i) / (n_ij - 1)
        scale = n_ij / np.outer(n_i, n_i)
    terms = np.where(n_ij >= 2, cov * scale, 0.0)
    variance = float(w @ terms @ w)
    return max(variance, 0.0)


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

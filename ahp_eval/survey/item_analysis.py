"""Cronbach's alpha of a block of items with its item analysis, as SPSS prints it.

From the items' covariance matrix C (k x k) and correlation matrix R:

* alpha = k/(k-1) (1 - sum_i C_ii / sum_ij C_ij) (Cronbach 1951);
* standardized alpha = k r / (1 + (k-1) r), r the mean of the k(k-1)/2 correlations
  (SPSS's "based on standardized items");
* corrected item-total correlation of item i: the correlation of x_i with the sum of
  the other items, sum_{j!=i} C_ij / sqrt(C_ii sum_{j,l!=i} C_jl);
* alpha if item i were deleted: alpha of C without row and column i (undefined for k = 2).
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ahp_eval.model.vocabulary import FloatArray

__all__ = ["AlphaAnalysis", "ItemLine", "alpha_analysis", "alpha_from_cov"]


def _num(x: float) -> float | None:
    return None if not np.isfinite(x) else float(x)


def alpha_from_cov(cov: FloatArray) -> float | None:
    """Cronbach's alpha of the items of ``cov`` (None with fewer than two items or no
    variance in the total)."""
    k = len(cov)
    if k < 2 or not np.all(np.isfinite(cov)):
        return None
    item_var, total_var = float(np.trace(cov)), float(cov.sum())
    if total_var <= 1e-12 * max(item_var, 1.0):
        return None
    return k / (k - 1) * (1 - item_var / total_var)


class ItemLine(NamedTuple):
    """One item of a block: its corrected item-total correlation and the block's alpha
    without it (None where undefined); ``raises`` when deleting it would raise alpha."""

    id: str
    item_total_r: float | None
    alpha_if_deleted: float | None
    raises: bool


class AlphaAnalysis(NamedTuple):
    """Alpha, standardized alpha and the item lines of a block of k items over n."""

    alpha: float | None
    standardized: float | None
    n: int
    k: int
    items: tuple[ItemLine, ...]


def _standardized(corr: FloatArray) -> float | None:
    k = len(corr)
    if k < 2:
        return None
    upper = corr[np.triu_indices(k, 1)]
    if not np.all(np.isfinite(upper)):
        return None
    r = float(upper.mean())
    denominator = 1 + (k - 1) * r
    return None if abs(denominator) < 1e-12 else k * r / denominator


def alpha_analysis(
    ids: tuple[str, ...], cov: FloatArray, corr: FloatArray, n: int
) -> AlphaAnalysis:
    """The block's alpha and item analysis; ``corr`` without its constant items
    (those are left out of the standardized alpha)."""
    k = len(ids)
    alpha = alpha_from_cov(cov) if n >= 2 else None
    finite = n >= 2 and bool(np.all(np.isfinite(cov)))
    lines = []
    for i, item in enumerate(ids):
        r = deleted = None
        if finite and k >= 2:
            rest = np.delete(np.arange(k), i)
            rest_var = float(cov[np.ix_(rest, rest)].sum())
            together = float(cov[i, rest].sum())
            if cov[i, i] > 0 and rest_var > 0:
                r = _num(together / np.sqrt(cov[i, i] * rest_var))
            if k > 2:
                deleted = alpha_from_cov(cov[np.ix_(rest, rest)])
        raises = alpha is not None and deleted is not None and deleted > alpha
        lines.append(ItemLine(item, r, deleted, raises))
    standardized = _standardized(corr) if n >= 2 else None
    return AlphaAnalysis(alpha, standardized, n, k, tuple(lines))

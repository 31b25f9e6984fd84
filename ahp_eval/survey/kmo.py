"""Sampling adequacy and sphericity of a correlation matrix R of p items over n rows.

* Kaiser-Meyer-Olkin (Kaiser 1970; Kaiser and Rice 1974): with P = R^-1 and the
  partial correlations q_ij = -p_ij / sqrt(p_ii p_jj),
  MSA_i = sum_{j!=i} r_ij^2 / (sum_{j!=i} r_ij^2 + sum_{j!=i} q_ij^2), and the overall
  KMO the same with the sums over every i != j; Kaiser's labels (Kaiser 1974).
* Bartlett's test of sphericity (Bartlett 1950, 1951):
  chi2 = -(n - 1 - (2p + 5)/6) ln|R|, df = p(p - 1)/2, p-value = P(chi2_df > chi2)
  (``scipy.special.chdtrc``).

Both need R positive definite; :func:`definite` says when it is not (the smallest
eigenvalue), or when there are no more rows than items.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
from scipy.special import chdtrc

from ahp_eval.model.vocabulary import FloatArray

__all__ = ["KAISER_LABELS", "Bartlett", "Kmo", "bartlett", "definite", "kaiser_label", "kmo"]

KAISER_LABELS = (
    (0.9, "marvelous"),
    (0.8, "meritorious"),
    (0.7, "middling"),
    (0.6, "mediocre"),
    (0.5, "miserable"),
)
"""Kaiser's (1974) words for a KMO at or above each value; below 0.5 unacceptable."""

DEFINITE = 1e-10
"""The smallest eigenvalue a correlation matrix must exceed to count as positive definite."""


def kaiser_label(value: float) -> str:
    """Kaiser's word for a KMO value."""
    for bound, label in KAISER_LABELS:
        if value >= bound:
            return label
    return "unacceptable"


def definite(corr: FloatArray, n: int) -> str | None:
    """Why KMO and Bartlett cannot be computed from ``corr`` over ``n`` rows, or None."""
    p = len(corr)
    if p < 2:
        return "fewer than two items with variance"
    if not np.all(np.isfinite(corr)):
        return "some pairs of items have fewer than two common answers"
    if n <= p:
        return f"R is singular: {n} rows for {p} items (more rows than items are needed)"
    smallest = float(np.linalg.eigvalsh(corr)[0])
    if smallest <= DEFINITE:
        return f"R is not positive definite (smallest eigenvalue {smallest:.3g})"
    return None


class Kmo(NamedTuple):
    """The overall KMO, Kaiser's label for it, and each item's MSA."""

    overall: float
    label: str
    items: tuple[float, ...]


def kmo(corr: FloatArray) -> Kmo:
    """KMO of a positive definite correlation matrix."""
    inverse = np.linalg.inv(corr)
    d = np.sqrt(np.diagonal(inverse))
    partial = -inverse / np.outer(d, d)
    off = ~np.eye(len(corr), dtype=np.bool_)
    r2 = np.where(off, corr * corr, 0.0)
    q2 = np.where(off, partial * partial, 0.0)
    items = r2.sum(axis=1) / (r2.sum(axis=1) + q2.sum(axis=1))
    overall = float(r2.sum() / (r2.sum() + q2.sum()))
    return Kmo(overall, kaiser_label(overall), tuple(float(v) for v in items))


class Bartlett(NamedTuple):
    """Bartlett's test of sphericity over n rows."""

    chi2: float
    df: int
    p: float
    n: int


def bartlett(corr: FloatArray, n: int) -> Bartlett:
    """Bartlett's test of a positive definite correlation matrix over ``n`` rows."""
    p = len(corr)
    _, logdet = np.linalg.slogdet(corr)
    chi2 = max(-(n - 1 - (2 * p + 5) / 6) * float(logdet), 0.0)
    df = p * (p - 1) // 2
    value = float(chdtrc(df, chi2))
    return Bartlett(chi2, df, value if math.isfinite(value) else 1.0, n)

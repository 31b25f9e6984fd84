"""Principal components of a correlation matrix with varimax-rotated loadings.

* Eigenvalues of R in decreasing order, each as a percentage of p (the trace), and the
  cumulative percentage; Kaiser's criterion counts the eigenvalues above 1.
* The first m components' loadings: eigenvector times sqrt(eigenvalue).
* Varimax with Kaiser normalization (Kaiser 1958): each row divided by its communality's
  square root, rotated by the usual SVD iteration until the relative change in the
  criterion is below 1e-12, then scaled back.
* Factors ordered by the variance they explain after rotation (the column sums of
  squared loadings), each signed so that its largest absolute loading is positive.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ahp_eval.model.vocabulary import FloatArray

__all__ = ["Components", "components", "varimax"]

TOLERANCE = 1e-12
"""Relative change in the varimax criterion at which the rotation stops."""

MAX_ITERATIONS = 10_000


class Components(NamedTuple):
    """Eigenvalues, their % of variance, the Kaiser count and the rotated loadings
    (items x retained factors)."""

    eigenvalues: tuple[float, ...]
    variance_pct: tuple[float, ...]
    cumulative_pct: tuple[float, ...]
    kaiser: int
    retained: int
    loadings: FloatArray
    rotated_variance: tuple[float, ...]


def varimax(loadings: FloatArray) -> FloatArray:
    """Varimax rotation with Kaiser normalization (rows scaled to unit length first)."""
    p, m = loadings.shape
    if m < 2:
        return loadings.copy()
    h = np.sqrt((loadings * loadings).sum(axis=1))
    safe = np.where(h > 0, h, 1.0)
    x = loadings / safe[:, None]
    rotation = np.eye(m)
    criterion = 0.0
    for _ in range(MAX_ITERATIONS):
        z = x @ rotation
        target = z**3 - z @ np.diag((z * z).sum(axis=0)) / p
        u, s, vt = np.linalg.svd(x.T @ target)
        rotation = u @ vt
        previous, criterion = criterion, float(s.sum())
        if criterion - previous <= TOLERANCE * criterion:
            break
    rotated: FloatArray = (x @ rotation) * safe[:, None]
    return rotated


def components(corr: FloatArray, retained: int) -> Components:
    """The principal components of ``corr``, ``retained`` of them rotated."""
    p = len(corr)
    values, vectors = np.linalg.eigh(corr)
    order = np.argsort(-values, kind="stable")
    values, vectors = values[order], vectors[:, order]
    pct = values / p * 100
    m = max(1, min(retained, p))
    loadings = varimax(vectors[:, :m] * np.sqrt(np.maximum(values[:m], 0.0)))
    explained = (loadings * loadings).sum(axis=0)
    by_variance = np.argsort(-explained, kind="stable")
    loadings = loadings[:, by_variance]
    largest = loadings[np.argmax(np.abs(loadings), axis=0), np.arange(m)]
    loadings = loadings * np.where(largest < 0, -1.0, 1.0)
    return Components(
        eigenvalues=tuple(float(v) for v in values),
        variance_pct=tuple(float(v) for v in pct),
        cumulative_pct=tuple(float(v) for v in np.cumsum(pct)),
        kaiser=int((values > 1).sum()),
        retained=m,
        loadings=loadings,
        rotated_variance=tuple(float(v) for v in explained[by_variance]),
    )

"""Incomplete pairwise comparison matrices: weights from the pairs given, the
completed matrix, and the consistency that the pairs given allow to measure.

Every function takes a single ``(n, n)`` matrix or a stack ``(..., n, n)`` of matrices
of one order, with a boolean mask ``given`` of the same shape (symmetric, diagonal
True); entries outside the mask are never read (they may hold NaN).

Logarithmic least squares (LLSM; Bozóki, Fülöp and Rónyai 2010, "On optimal completion
of incomplete pairwise comparison matrices", Mathematical and Computer Modelling 52,
318-333, Theorem 4)::

    minimise  sum over given pairs i < j of (ln a_ij - y_i + y_j)^2,   w = exp(y) / sum exp(y)

The minimum solves the Laplacian system ``L y = r`` of the graph whose edges are the
pairs given, ``L = D - G`` (``G`` the adjacency of the pairs given, ``D`` the degrees)
and ``r_i = sum over given j of ln a_ij``; it is unique up to a constant exactly when
the graph is connected, and ``(L + J/n) y = r`` (``J`` all ones) picks the solution
with ``sum y = 0``. With every pair given, ``L = n I - J`` and ``y_i`` is the mean of
``ln a_ij``: the root method (Crawford and Williams 1985).

The completed matrix has ``a_ij = w_i / w_j`` in the missing entries; its row
geometric means are the LLSM weights again, so its ``lambda_max``, CI and CR are
computed as for the root method. As the filled entries agree with the weights by
construction, that CR is lenient.

GCI* (the geometric consistency index over the pairs given)::

    GCI* = sum over given pairs i < j of ln^2(a_ij w_j / w_i) / (m - n + 1)

with ``m`` the number of pairs given; for ``m = n(n-1)/2``, ``m - n + 1 =
(n-1)(n-2)/2`` and GCI* is the GCI of Crawford and Williams (1985) and Aguarón and
Moreno-Jiménez (2003). ``m - n + 1`` is the number of independent cycles of the graph
of pairs given: with ``m = n - 1`` (a spanning tree) the weights reproduce every
judgment and consistency cannot be measured (GCI* is NaN).
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.ahp.matrix import consistency_index, lambda_max
from ahp_eval.ahp.ri import RITable
from ahp_eval.errors import AhpEvalError
from ahp_eval.model.vocabulary import FloatArray

__all__ = [
    "GCI_THRESHOLDS",
    "IncompleteResult",
    "complete_matrix",
    "connected",
    "gci_star",
    "gci_threshold",
    "llsm",
    "solve_incomplete_stack",
]

BoolArray = npt.NDArray[np.bool_]

GCI_THRESHOLDS = {3: 0.31, 4: 0.35}
"""GCI thresholds equivalent to CR = 0.1 (Aguarón and Moreno-Jiménez 2003, "The
geometric consistency index: approximated thresholds", European Journal of Operational
Research 147, 137-145): 0.31 for n = 3, 0.35 for n = 4 and 0.37 for n >= 5."""
_GCI_THRESHOLD_LARGE = 0.37


def gci_threshold(n: int) -> float | None:
    """The GCI threshold equivalent to CR = 0.1 for an n x n matrix (None for n < 3)."""
    if n < 3:
        return None
    return GCI_THRESHOLDS.get(n, _GCI_THRESHOLD_LARGE)


def _stacks(A: npt.ArrayLike, given: npt.ArrayLike | None) -> tuple[FloatArray, BoolArray]:
    arr = np.asarray(A, dtype=np.float64)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        msg = f"expected a square matrix or a stack of them, got shape {arr.shape}"
        raise AhpEvalError(msg)
    mask = ~np.isnan(arr) if given is None else np.asarray(given, dtype=np.bool_)
    if mask.shape != arr.shape:
        msg = f"the mask of pairs given has shape {mask.shape}, the matrices {arr.shape}"
        raise AhpEvalError(msg)
    return arr, mask


def connected(given: npt.ArrayLike) -> npt.NDArray[np.bool_]:
    """Whether the pairs given connect all elements, for a mask or a stack of masks."""
    reach = np.asarray(given, dtype=np.bool_)
    n = reach.shape[-1]
    reach = reach | np.eye(n, dtype=np.bool_)
    steps = 1
    while steps < n:  # paths of length 2^k: log2(n) boolean products
        as_int = reach.astype(np.int64)
        reach = np.matmul(as_int, as_int).astype(np.bool_)
        steps *= 2
    result: npt.NDArray[np.bool_] = np.all(reach, axis=(-2, -1)).astype(np.bool_)
    return result


def _log_given(arr: FloatArray, mask: BoolArray) -> FloatArray:
    """ln a_ij where given, 0 elsewhere."""
    with np.errstate(invalid="ignore", divide="ignore"):
        logs = np.log(np.where(mask, arr, 1.0))
    if not np.all(np.isfinite(logs)):
        msg = "a judgment given is not a positive finite number"
        raise AhpEvalError(msg)
    return logs


def llsm(A: npt.ArrayLike, given: npt.ArrayLike | None = None) -> tuple[FloatArray, FloatArray]:
    """LLSM weights (summing to 1) and log weights ``y`` (summing to 0).

    ``given`` defaults to the entries of ``A`` that are not NaN. Raises
    :class:`AhpEvalError` when the pairs given do not connect all elements.
    """
    arr, mask = _stacks(A, given)
    n = arr.shape[-1]
    off = mask & ~np.eye(n, dtype=np.bool_)
    if not np.all(connected(off)):
        msg = "the pairs given do not connect all elements: the weights are not unique"
        raise AhpEvalError(msg)
    logs = _log_given(arr, off)
    r = logs.sum(axis=-1)
    laplacian = -off.astype(np.float64)
    idx = np.arange(n)
    laplacian[..., idx, idx] = off.sum(axis=-1)
    y = np.linalg.solve(laplacian + 1.0 / n, r[..., None])[..., 0]
    y = y - y.mean(axis=-1, keepdims=True)  # exactly 0 in exact arithmetic; rounding
    g = np.exp(y - y.max(axis=-1, keepdims=True))
    w: FloatArray = g / g.sum(axis=-1, keepdims=True)
    return w, y


def complete_matrix(A: npt.ArrayLike, given: npt.ArrayLike | None, w: npt.ArrayLike) -> FloatArray:
    """The matrix with ``w_i / w_j`` in every entry not given."""
    arr, mask = _stacks(A, given)
    weights = np.asarray(w, dtype=np.float64)
    ratio = weights[..., :, None] / weights[..., None, :]
    result: FloatArray = np.where(mask, arr, ratio)
    return result


def gci_star(A: npt.ArrayLike, given: npt.ArrayLike | None, w: npt.ArrayLike) -> FloatArray:
    """GCI* over the pairs given; NaN where they form a spanning tree (m = n - 1)."""
    arr, mask = _stacks(A, given)
    n = arr.shape[-1]
    weights = np.asarray(w, dtype=np.float64)
    upper = np.triu(mask, k=1)
    logs = _log_given(arr, upper)
    lw = np.log(weights)
    e = np.where(upper, logs + lw[..., None, :] - lw[..., :, None], 0.0)
    m = upper.sum(axis=(-2, -1))
    cycles = m - n + 1
    total = (e * e).sum(axis=(-2, -1))
    with np.errstate(invalid="ignore", divide="ignore"):
        result: FloatArray = np.where(cycles > 0, total / np.maximum(cycles, 1), math.nan)
    return result


class IncompleteResult(NamedTuple):
    """Weights and consistency of a stack of incomplete matrices of one order n."""

    weights: FloatArray
    completed: FloatArray
    lambda_max: FloatArray
    ci: FloatArray
    ri: float
    cr: FloatArray
    gci: FloatArray
    pairs_given: npt.NDArray[np.int64]


def solve_incomplete_stack(
    A: npt.ArrayLike, given: npt.ArrayLike | None, ri_table: RITable
) -> IncompleteResult:
    """LLSM weights, the completed matrices and their lambda_max, CI, CR, and GCI*.

    ``CR`` is the CR of the completed matrix ("completed (lenient)"); for n <= 2,
    CI and CR are 0 as for any 2 x 2 matrix.
    """
    arr, mask = _stacks(A, given)
    n = arr.shape[-1]
    ri = ri_table.ri(n)
    w, _ = llsm(arr, mask)
    completed = complete_matrix(arr, mask, w)
    lam = lambda_max(completed, w) if n > 2 else np.full(w.shape[:-1], float(n))
    ci = consistency_index(lam, n)
    cr = ci / ri if n > 2 else np.zeros_like(ci)
    gci = gci_star(arr, mask, w)
    pairs = np.triu(mask, k=1).sum(axis=(-2, -1)).astype(np.int64)
    return IncompleteResult(w, completed, lam, ci, ri, cr, gci, pairs)

"""Pure numpy maths on pairwise comparison matrices.

Every function takes a single ``(n, n)`` matrix or a stack ``(..., n, n)`` of
matrices of the same order, so that many matrices are solved in one call.

Formulas (Saaty 1980; 许树柏 1988):

* root method (方根法): ``w_i = (prod_j a_ij)^(1/n)``, normalised to sum 1;
* sum method (和法): normalise each column to sum 1, average each row;
* eigen method: the principal (Perron) eigenvector, normalised to sum 1;
* ``lambda_max = (1/n) sum_i (A w)_i / w_i`` for root and sum, the principal
  eigenvalue for eigen;
* ``CI = (lambda_max - n) / (n - 1)``, ``CR = CI / RI(n)``; n <= 2 gives
  ``CI = CR = 0`` by definition.
"""

from __future__ import annotations

import math
from typing import NamedTuple

import numpy as np
import numpy.typing as npt

from ahp_eval.ahp.ri import RITable
from ahp_eval.errors import AhpEvalError
from ahp_eval.model.vocabulary import METHODS, FloatArray, Method

__all__ = [
    "METHODS",
    "FloatArray",
    "Method",
    "StackResult",
    "consistency_index",
    "implied_judgment",
    "inconsistent_judgments",
    "lambda_max",
    "nearest_scale_value",
    "priorities",
    "priority_eigen",
    "priority_root",
    "priority_sum",
    "solve_stack",
]

#: How far from real the principal eigenvalue may be before it is an error.
_IMAG_TOLERANCE = 1e-9


def _as_stack(A: npt.ArrayLike) -> FloatArray:
    arr = np.asarray(A, dtype=np.float64)
    if arr.ndim < 2 or arr.shape[-1] != arr.shape[-2]:
        msg = f"expected a square matrix or a stack of them, got shape {arr.shape}"
        raise AhpEvalError(msg)
    return arr


_SHORT_ROW = 8
"""numpy adds a row shorter than this one element after another (its pairwise sum
starts at 8 elements)."""


def _row_sum(x: FloatArray) -> FloatArray:
    """``x.sum(axis=-1)`` of a stack, the same bits.

    For rows shorter than :data:`_SHORT_ROW` numpy adds the elements one after another;
    adding whole columns in that order gives the same sums without numpy's slow
    reduction over a short last axis. Longer rows, and a single row, go to numpy.
    """
    n = x.shape[-1]
    if x.ndim < 2 or not 0 < n < _SHORT_ROW or x.dtype != np.float64:
        return np.asarray(x.sum(axis=-1), dtype=np.float64)
    total = x[..., 0].copy()
    for k in range(1, n):
        total += x[..., k]
    return total


def _row_mean(x: FloatArray) -> FloatArray:
    """``x.mean(axis=-1)`` of a stack, the same bits (numpy's sum, divided by n)."""
    if x.ndim < 2 or x.dtype != np.float64:
        return np.asarray(x.mean(axis=-1), dtype=np.float64)
    result: FloatArray = _row_sum(x) / x.shape[-1]
    return result


def priority_root(A: npt.ArrayLike) -> FloatArray:
    """Root method (方根法): normalised row geometric means."""
    arr = _as_stack(A)
    g = np.exp(_row_mean(np.log(arr)))
    result: FloatArray = g / _row_sum(g)[..., None]
    return result


def priority_sum(A: npt.ArrayLike) -> FloatArray:
    """Sum method (和法): column-normalised matrix, then row averages."""
    arr = _as_stack(A)
    normalised = arr / arr.sum(axis=-2, keepdims=True)
    result: FloatArray = normalised.mean(axis=-1)
    return result


def priority_eigen(A: npt.ArrayLike) -> tuple[FloatArray, FloatArray]:
    """Principal eigenvector (normalised to sum 1) and principal eigenvalue.

    The eigenvalue with the largest real part is taken; for a positive matrix it
    is real and simple (Perron-Frobenius), and its eigenvector has one sign.
    """
    arr = _as_stack(A)
    values, vectors = np.linalg.eig(arr)
    idx = np.argmax(values.real, axis=-1)
    lam = np.take_along_axis(values, idx[..., None], axis=-1)[..., 0]
    vec = np.take_along_axis(vectors, idx[..., None, None], axis=-1)[..., 0]
    if np.any(np.abs(lam.imag) > _IMAG_TOLERANCE * arr.shape[-1]):
        msg = "principal eigenvalue is not real; is the matrix positive?"
        raise AhpEvalError(msg)
    real = vec.real
    weights: FloatArray = real / real.sum(axis=-1, keepdims=True)
    lam_real: FloatArray = np.asarray(lam.real, dtype=np.float64)
    return weights, lam_real


def lambda_max(A: npt.ArrayLike, w: npt.ArrayLike) -> FloatArray:
    """``lambda_max = (1/n) sum_i (A w)_i / w_i`` for a matrix or a stack."""
    arr = _as_stack(A)
    weights = np.asarray(w, dtype=np.float64)
    aw = np.matmul(arr, weights[..., None])[..., 0]
    result: FloatArray = _row_mean(aw / weights)
    return result


def priorities(A: npt.ArrayLike, method: Method = "root") -> tuple[FloatArray, FloatArray]:
    """Weights and lambda_max of a matrix or a stack by the chosen method."""
    if method == "root":
        w = priority_root(A)
        return w, lambda_max(A, w)
    if method == "sum":
        w = priority_sum(A)
        return w, lambda_max(A, w)
    if method == "eigen":
        return priority_eigen(A)
    msg = f"unknown method {method!r}; known methods: {', '.join(METHODS)}"
    raise AhpEvalError(msg)


def consistency_index(lam: npt.ArrayLike, n: int) -> FloatArray:
    """``CI = (lambda_max - n) / (n - 1)``, and exactly 0 for n <= 2."""
    lam_arr = np.asarray(lam, dtype=np.float64)
    if n <= 2:
        return np.zeros_like(lam_arr)
    result: FloatArray = (lam_arr - n) / (n - 1)
    return result


class StackResult(NamedTuple):
    """Weights and consistency of a stack of matrices of one order n."""

    weights: FloatArray
    lambda_max: FloatArray
    ci: FloatArray
    ri: float
    cr: FloatArray


def solve_stack(A: npt.ArrayLike, method: Method, ri_table: RITable) -> StackResult:
    """Weights, lambda_max, CI, RI and CR of every matrix in a stack.

    For n <= 2 CI and CR are 0 by definition (a 2x2 reciprocal matrix is always
    consistent); for n >= 3, ``CR = CI / RI(n)`` with RI from ``ri_table``.
    """
    arr = _as_stack(A)
    n = arr.shape[-1]
    ri = ri_table.ri(n)
    w, lam = priorities(arr, method)
    if n <= 2:
        lam = np.full_like(lam, float(n))
    ci = consistency_index(lam, n)
    cr = ci / ri if n > 2 else np.zeros_like(ci)
    return StackResult(weights=w, lambda_max=lam, ci=ci, ri=ri, cr=cr)


def implied_judgment(A: npt.ArrayLike, i: int, j: int) -> float:
    """What the other judgments imply for a_ij: the geometric mean of a_ik * a_kj.

    Each third element k gives an indirect comparison of i with j through k; their
    geometric mean is the value a_ij would need to agree with the others. Needs n >= 3.
    """
    arr = np.asarray(A, dtype=np.float64)
    n = arr.shape[-1]
    ks = [k for k in range(n) if k not in (i, j)]
    if not ks:
        msg = "an implied judgment needs at least three elements"
        raise AhpEvalError(msg)
    logs = [math.log(arr[i, k]) + math.log(arr[k, j]) for k in ks]
    return math.exp(sum(logs) / len(logs))


def nearest_scale_value(x: float, scale_max: float = 9.0) -> float:
    """The Saaty-scale value (1..scale_max or a reciprocal) nearest to x in log terms."""
    top = max(1, math.floor(scale_max))
    candidates = [float(k) for k in range(1, top + 1)] + [1.0 / k for k in range(2, top + 1)]
    lx = math.log(x)
    return min(candidates, key=lambda c: abs(math.log(c) - lx))


def inconsistent_judgments(
    A: npt.ArrayLike, w: npt.ArrayLike, count: int = 3
) -> list[tuple[int, int, float]]:
    """The upper-triangle judgments that deviate most from the weights.

    Returns ``(i, j, |ln(a_ij * w_j / w_i)|)`` for the ``count`` largest deviations,
    largest first (ties keep row order).
    """
    arr = np.asarray(A, dtype=np.float64)
    weights = np.asarray(w, dtype=np.float64)
    dev = np.abs(np.log(arr * weights[None, :] / weights[:, None]))
    iu, ju = np.triu_indices(arr.shape[-1], k=1)
    order = sorted(range(len(iu)), key=lambda k: -dev[iu[k], ju[k]])
    return [(int(iu[k]), int(ju[k]), float(dev[iu[k], ju[k]])) for k in order[:count]]

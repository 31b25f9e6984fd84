"""Shared hypothesis strategies: weight vectors and matrices built from them."""

from __future__ import annotations

import numpy as np
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays


@st.composite
def weight_vectors(draw: st.DrawFn, min_n: int = 2, max_n: int = 12) -> np.ndarray:
    """Positive weights summing to 1, with ratios inside the 1/9..9 scale."""
    n = draw(st.integers(min_n, max_n))
    raw = draw(arrays(np.float64, n, elements=st.floats(1.0, 3.0)))
    result: np.ndarray = raw / raw.sum()
    return result


def consistent_matrix(w: np.ndarray) -> np.ndarray:
    """a_ij = w_i / w_j: perfectly consistent."""
    result: np.ndarray = w[:, None] / w[None, :]
    return result


@st.composite
def reciprocal_matrices(draw: st.DrawFn, min_n: int = 3, max_n: int = 9) -> np.ndarray:
    """Random reciprocal matrices with Saaty-scale entries."""
    n = draw(st.integers(min_n, max_n))
    scale = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9]
    A = np.ones((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            v = draw(st.sampled_from(scale))
            A[i, j], A[j, i] = v, 1 / v
    return A

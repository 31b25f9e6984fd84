"""Laws of the priority methods, checked on generated matrices."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ahp_eval.ahp.matrix import METHODS, priorities, solve_stack
from ahp_eval.ahp.ri import RI_ALONSO_LAMATA

from .strategies import consistent_matrix, reciprocal_matrices, weight_vectors


@given(weight_vectors(), st.sampled_from(METHODS))
def test_consistent_matrix_gives_back_its_weights(w: np.ndarray, method: str) -> None:
    """A matrix built from w gives w back, lambda_max = n and CR ~ 0, for every method."""
    A = consistent_matrix(w)
    res = solve_stack(A, method, RI_ALONSO_LAMATA)  # type: ignore[arg-type]
    assert res.weights == pytest.approx(w, abs=1e-10)
    assert float(res.lambda_max) == pytest.approx(len(w), abs=1e-9)
    assert abs(float(res.cr)) < 1e-9


@given(reciprocal_matrices(), st.sampled_from(METHODS), st.randoms(use_true_random=False))
@settings(max_examples=60)
def test_weights_follow_a_permutation_of_children(
    A: np.ndarray,
    method: str,
    rnd: object,
) -> None:
    """Permuting the children permutes the weights and leaves CR unchanged."""
    n = A.shape[0]
    perm = np.array(rnd.sample(range(n), n))  # type: ignore[attr-defined]
    P = A[np.ix_(perm, perm)]
    base = solve_stack(A, method, RI_ALONSO_LAMATA)  # type: ignore[arg-type]
    moved = solve_stack(P, method, RI_ALONSO_LAMATA)  # type: ignore[arg-type]
    assert moved.weights == pytest.approx(base.weights[perm], abs=1e-10)
    assert float(moved.cr) == pytest.approx(float(base.cr), abs=1e-10)


@given(weight_vectors(min_n=3))
def test_root_and_eigen_agree_on_consistent_matrices(w: np.ndarray) -> None:
    """On a consistent matrix the root and eigen weights coincide."""
    A = consistent_matrix(w)
    root, _ = priorities(A, "root")
    eigen, _ = priorities(A, "eigen")
    assert root == pytest.approx(eigen, abs=1e-10)


@given(reciprocal_matrices(), st.sampled_from(METHODS))
@settings(max_examples=60)
def test_weights_are_a_distribution_and_lambda_at_least_n(A: np.ndarray, method: str) -> None:
    """Weights are positive and sum to 1; eigen lambda_max >= n (Saaty's theorem)."""
    w, lam = priorities(A, method)  # type: ignore[arg-type]
    assert np.all(w > 0)
    assert float(w.sum()) == pytest.approx(1.0, abs=1e-12)
    if method == "eigen":
        assert float(lam) >= A.shape[0] - 1e-9


@given(reciprocal_matrices())
@settings(max_examples=40)
def test_batched_equals_looped(A: np.ndarray) -> None:
    """A stack of the same matrix solves like the matrix alone (batching changes nothing)."""
    stack = np.stack([A, A.T])
    res = solve_stack(stack, "root", RI_ALONSO_LAMATA)
    for k, M in enumerate((A, A.T)):
        single = solve_stack(M, "root", RI_ALONSO_LAMATA)
        assert res.weights[k] == pytest.approx(single.weights, abs=1e-14)

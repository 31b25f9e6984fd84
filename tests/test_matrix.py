from __future__ import annotations

import math

import numpy as np
import pytest

from ahp_eval.ahp.matrix import (
    implied_judgment,
    inconsistent_judgments,
    nearest_scale_value,
    priorities,
    solve_stack,
)
from ahp_eval.ahp.ri import RI_CN, RI_SAATY

# The campus canteen criteria matrix (examples/campus-canteen): B2 is 3x as important as B1, ...
A3 = np.array([[1, 1 / 3, 2], [3, 1, 4], [1 / 2, 1 / 4, 1]])


def test_root_method_by_hand() -> None:
    """Root method on a 3x3 matrix, computed step by step without the library."""
    g = [(1 * (1 / 3) * 2) ** (1 / 3), (3 * 1 * 4) ** (1 / 3), ((1 / 2) * (1 / 4) * 1) ** (1 / 3)]
    # that is 0.87358, 2.28943 and 0.5, summing to 3.66301
    w = [x / sum(g) for x in g]
    aw = [sum(A3[i, j] * w[j] for j in range(3)) for i in range(3)]
    lam = sum(aw[i] / w[i] for i in range(3)) / 3
    ci = (lam - 3) / 2
    weights, lam_lib = priorities(A3, "root")
    assert weights == pytest.approx(w, abs=1e-15)
    assert weights == pytest.approx([0.238487, 0.625013, 0.136500], abs=1e-6)
    assert lam_lib == pytest.approx(lam, abs=1e-14)
    res = solve_stack(A3, "root", RI_SAATY)
    assert float(res.ci) == pytest.approx(ci, abs=1e-14)
    assert float(res.cr) == pytest.approx(ci / 0.58, abs=1e-14)
    assert float(res.cr) == pytest.approx(0.015771, abs=1e-6)
    assert float(solve_stack(A3, "root", RI_CN).cr) == pytest.approx(ci / 0.52, abs=1e-14)


def test_sum_method_by_hand() -> None:
    """Sum method (和法): normalise columns, average rows."""
    cols = A3.sum(axis=0)  # [4.5, 1.58333, 7]
    w = [sum(A3[i, j] / cols[j] for j in range(3)) / 3 for i in range(3)]
    weights, _ = priorities(A3, "sum")
    assert weights == pytest.approx(w, abs=1e-15)
    assert sum(weights) == pytest.approx(1.0, abs=1e-15)


def test_eigen_method_is_the_perron_vector() -> None:
    """The eigen weights satisfy A w = lambda w with the largest eigenvalue."""
    weights, lam = priorities(A3, "eigen")
    assert A3 @ weights == pytest.approx(float(lam) * weights, abs=1e-12)
    assert float(lam) == pytest.approx(max(np.linalg.eigvals(A3).real), abs=1e-12)
    assert float(lam) >= 3


def test_two_by_two_is_consistent_by_definition() -> None:
    """n <= 2 gives CI = CR = 0 and weights a/(a+1), 1/(a+1)."""
    res = solve_stack(np.array([[1, 5], [1 / 5, 1]]), "root", RI_SAATY)
    assert res.weights == pytest.approx([5 / 6, 1 / 6], abs=1e-15)
    assert float(res.ci) == 0.0
    assert float(res.cr) == 0.0


def test_stack_matches_single_matrices() -> None:
    """Solving a stack gives the same numbers as solving each matrix alone."""
    B = np.array([[1, 2, 5], [1 / 2, 1, 3], [1 / 5, 1 / 3, 1]])
    stack = solve_stack(np.stack([A3, B]), "eigen", RI_SAATY)
    for k, M in enumerate((A3, B)):
        single = solve_stack(M, "eigen", RI_SAATY)
        assert stack.weights[k] == pytest.approx(single.weights, abs=1e-14)
        assert stack.cr[k] == pytest.approx(float(single.cr), abs=1e-14)


def test_inconsistent_judgments_and_implied_values() -> None:
    """A cyclic 3x3 (1>2>3>1) flags every judgment; the others imply the reverse."""
    C = np.array([[1, 9, 1 / 9], [1 / 9, 1, 9], [9, 1 / 9, 1]])
    w, _ = priorities(C, "root")
    worst = inconsistent_judgments(C, w)
    assert len(worst) == 3
    # all three deviate equally: |ln(9 * w_j / w_i)| with equal weights = ln 9
    assert [d for _, _, d in worst] == pytest.approx([math.log(9)] * 3, abs=1e-12)
    # a_13 = 1/9, but a_12 * a_23 = 81
    assert implied_judgment(C, 0, 2) == pytest.approx(81.0)
    assert nearest_scale_value(81.0) == 9.0
    assert nearest_scale_value(0.3) == pytest.approx(1 / 3)
    assert nearest_scale_value(4.2) == 4.0

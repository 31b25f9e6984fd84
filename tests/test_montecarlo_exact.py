"""The fast paths of the Monte Carlo: the same numbers and the same text as the plain ones."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra import numpy as hnp

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.montecarlo import _percentiles, _Tally, lognormal
from ahp_eval.ahp.sensitivity import rankings
from ahp_eval.io.files import load_evaluation
from ahp_eval.report.json_text import dumps_indented

ROOT = Path(__file__).resolve().parent.parent
ACADEMIC = ROOT / "examples" / "academic-platform" / "evaluation.yaml"
INCOMPLETE = ROOT / "examples" / "campus-canteen" / "incomplete.yaml"

_values = st.sampled_from([0.0, 0.25, 0.5, 1.0, 1e-9, 3.0]) | st.floats(-1e6, 1e6, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    rows=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 4), st.integers(1, 60)),
        elements=_values,
    ),
    qs=st.lists(st.floats(0.0, 100.0), min_size=1, max_size=4).map(tuple),
)
def test_percentiles_are_numpys_bit_for_bit(rows: np.ndarray, qs: tuple[float, ...]) -> None:
    """One partition and numpy's interpolation give np.percentile's values exactly."""
    expected = np.percentile(rows, qs, axis=1)
    np.testing.assert_array_equal(_percentiles(rows.copy(), qs), expected)


def test_percentiles_of_rows_with_nan_are_nan() -> None:
    """A row holding NaN has NaN percentiles, as numpy gives them."""
    rows = np.array([[1.0, math.nan, 3.0], [1.0, 2.0, 3.0]])
    np.testing.assert_array_equal(
        _percentiles(rows.copy(), (5.0, 95.0)), np.percentile(rows, (5.0, 95.0), axis=1)
    )


@pytest.mark.parametrize("path", [ACADEMIC, INCOMPLETE])
def test_perturbed_stack_is_the_formula_bit_for_bit(path: Path) -> None:
    """a'_ij = a_ij exp(e_ij) above the diagonal, 1 / a'_ij below, the rest as given."""
    result = solve(load_evaluation(path, None))
    draw = lognormal(0.35)
    for m in result.matrices:
        A = m.judgment.matrix
        n = A.shape[0]
        iu, ju = np.nonzero(np.triu(m.judgment.given_mask(), k=1))
        for _ in range(2):  # the second call uses the cached places
            stack = draw(m.judgment, 50, np.random.default_rng(7))
            e = np.random.default_rng(7).normal(0.0, 0.35, size=(50, len(iu)))
            expected = np.broadcast_to(A, (50, n, n)).copy()
            upper = A[iu, ju] * np.exp(e)
            expected[:, iu, ju] = upper
            expected[:, ju, iu] = 1.0 / upper
            np.testing.assert_array_equal(stack, expected)


@settings(max_examples=100, deadline=None)
@given(
    values=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 40), st.just(26)),  # the academic platform's 26 leaves
        elements=st.sampled_from([0.1, 0.2, 0.3, 0.4]),
    )
)
def test_tally_counts_ranks_as_a_rank_by_rank_count(values: np.ndarray) -> None:
    """Keeps-rank, first and whole-ranking counts equal those of ranks made one sample at a
    time (ties in the order of the items)."""
    result = solve(load_evaluation(ACADEMIC, None))
    ranked = rankings(result)[0]
    items = values.shape[1]
    point = np.linspace(0.1, 0.9, items)
    tally = _Tally(ranked, point, len(values))
    tally.add(values)
    base = sorted(range(items), key=lambda k: -point[k])
    keeps = [0] * items
    first = [0] * items
    same = 0
    for row in values:
        order = sorted(range(items), key=lambda k: -row[k])
        first[order[0]] += 1
        for r in range(items):
            keeps[base[r]] += order[r] == base[r]
        same += order == base
    assert tally.keeps.tolist() == keeps
    assert tally.first.tolist() == first
    assert tally.same == same


_json = st.recursive(
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4)
    ),
    max_leaves=30,
)


@settings(max_examples=300, deadline=None)
@given(value=_json)
def test_indented_json_is_the_standard_librarys_text(value: Any) -> None:
    """dumps_indented writes json.dumps(..., ensure_ascii=False, indent=2) character for
    character."""
    expected = json.dumps(value, ensure_ascii=False, indent=2, allow_nan=False)
    assert dumps_indented(value) == expected


def test_indented_json_refuses_nan_and_leaves_unusual_keys_to_json() -> None:
    """NaN is refused as json refuses it; a non-string key is written as json writes it."""
    for bad in (math.nan, math.inf, {"a": -math.inf}, [math.nan]):
        with pytest.raises(ValueError, match="not JSON compliant"):
            dumps_indented(bad)
    odd = {"a": {1: [True, None]}, "b": (1.5, "中文\n")}
    assert dumps_indented(odd) == json.dumps(odd, ensure_ascii=False, indent=2)


@settings(max_examples=200, deadline=None)
@given(
    x=hnp.arrays(
        np.float64,
        st.tuples(st.integers(1, 5), st.integers(1, 4), st.integers(1, 10)).map(
            lambda s: s[: 2 + s[0] % 2]
        ),
        elements=st.floats(-1e6, 1e6, allow_nan=False),
    )
)
def test_row_sums_and_means_are_numpys_bit_for_bit(x: np.ndarray) -> None:
    """Short rows added column by column give numpy's sums and means exactly, in stacks
    of rows and of matrices, whatever the row length."""
    from ahp_eval.ahp.matrix import _row_mean, _row_sum

    np.testing.assert_array_equal(_row_sum(x), x.sum(axis=-1))
    np.testing.assert_array_equal(_row_mean(x), x.mean(axis=-1))


def test_root_method_and_lambda_max_are_numpys_bit_for_bit() -> None:
    """The root weights and lambda_max of a stack are those of numpy's reductions exactly."""
    from ahp_eval.ahp.matrix import lambda_max, priority_root

    rng = np.random.default_rng(3)
    for n in range(2, 10):
        logs = rng.normal(0.0, 1.0, size=(300, n, n))
        A = np.exp(np.triu(logs, 1) - np.triu(logs, 1).transpose(0, 2, 1))
        g = np.exp(np.log(A).mean(axis=-1))
        w = g / g.sum(axis=-1, keepdims=True)
        np.testing.assert_array_equal(priority_root(A), w)
        lam = (np.matmul(A, w[..., None])[..., 0] / w).mean(axis=-1)
        np.testing.assert_array_equal(lambda_max(A, w), lam)

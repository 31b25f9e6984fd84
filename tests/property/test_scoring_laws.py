"""Laws of the composite score, checked on generated answers."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.survey.reliability import composite_variance
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.scoring import score

WEIGHTS = solve(
    parse_evaluation(
        {
            "goal": {"id": "A", "name": "g"},
            "criteria": [
                {
                    "id": "B1",
                    "name": "b1",
                    "indicators": [{"id": "C1", "name": "1"}, {"id": "C2", "name": "2"}],
                },
                {
                    "id": "B2",
                    "name": "b2",
                    "indicators": [{"id": "C3", "name": "3"}, {"id": "C4", "name": "4"}],
                },
            ],
            "judgments": {"A": {"upper": [2]}, "B1": {"upper": [3]}, "B2": {"upper": ["1/2"]}},
        }
    )
)
LEAVES = ("C1", "C2", "C3", "C4")

answers = arrays(
    np.float64, st.tuples(st.integers(2, 40), st.just(4)), elements=st.integers(1, 5).map(float)
)


def scored(x: np.ndarray):  # type: ignore[no-untyped-def]
    rs = ResponseSet("x.csv", LEAVES, (GroupData("g", x),), x.shape[0])
    return score(WEIGHTS, rs).groups[0]


@given(answers)
def test_composite_lies_between_indicator_scores(x: np.ndarray) -> None:
    """A weighted mean of indicator scores lies between the smallest and the largest."""
    g = scored(x)
    s = [g.indicators[i].score for i in LEAVES]
    assert min(s) - 1e-9 <= g.composite <= max(s) + 1e-9
    assert 0 <= g.composite <= 100


@given(answers, st.randoms(use_true_random=False))
@settings(max_examples=50)
def test_respondent_order_does_not_matter(x: np.ndarray, rnd) -> None:  # type: ignore[no-untyped-def]
    """Shuffling respondents changes neither the composite nor its interval."""
    order = list(range(x.shape[0]))
    rnd.shuffle(order)
    a, b = scored(x), scored(x[order])
    assert b.composite == pytest.approx(a.composite, abs=1e-9)
    assert a.interval is not None
    assert b.interval == pytest.approx(a.interval, abs=1e-9)


@given(answers)
def test_interval_variance_is_never_negative(x: np.ndarray) -> None:
    """The pairwise-complete variance of a weighted composite is >= 0, and the interval holds it."""
    w = np.array([WEIGHTS.global_weights[i] for i in LEAVES])
    assert composite_variance(x, w) >= 0
    g = scored(x)
    assert g.interval is not None
    assert g.interval[0] <= g.composite <= g.interval[1]


@given(answers)
def test_uniform_answers_score_by_formula(x: np.ndarray) -> None:
    """When every answer is v, every score is (v - 1)/4 * 100 and alpha is undefined."""
    v = x[0, 0]
    g = scored(np.full_like(x, v))
    assert g.composite == pytest.approx((v - 1) / 4 * 100)
    assert g.alpha["overall"].value is None

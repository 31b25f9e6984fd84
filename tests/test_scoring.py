"""Scoring against values computed by hand for a three-indicator hierarchy."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from evaluations import three_indicators

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.survey.moments import moments_of, stat_plan
from ahp_eval.survey.reliability import composite_variance, cronbach_alpha
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.scoring import GroupScore, score

NAN = math.nan

EVALUATION = three_indicators(names=("x", "y", "z"))
# global weights: C11 0.375, C12 0.375, C21 0.25
ANSWERS = np.array([[5, 3, 5], [4, 3, 5], [4, NAN, 4], [3, 2, 4]], dtype=float)


def responses(expectation: np.ndarray | None = None) -> ResponseSet:
    return ResponseSet(
        source="answers.csv",
        indicators=("C11", "C12", "C21"),
        groups=(GroupData("site", ANSWERS, expectation),),
        n_rows=4,
    )


def scored(expectation: np.ndarray | None = None, **kwargs: Any) -> GroupScore:
    weights = solve(parse_evaluation(EVALUATION))
    return score(weights, responses(expectation), **kwargs).groups[0]


def test_indicator_criterion_and_composite_scores() -> None:
    """Means -> 0-100 by (x - 1)/4 * 100; criteria and composite as weighted sums."""
    g = scored()
    # C11 mean 4 -> 75; C12 mean 8/3 -> 41.667 (one answer missing, n = 3); C21 4.5 -> 87.5
    assert g.indicators["C11"].score == pytest.approx(75.0)
    assert g.indicators["C12"].n == 3
    assert g.indicators["C12"].score == pytest.approx((8 / 3 - 1) / 4 * 100)
    assert g.indicators["C21"].score == pytest.approx(87.5)
    assert g.criteria["B1"] == pytest.approx(0.5 * 75 + 0.5 * (8 / 3 - 1) / 4 * 100)
    assert g.criteria["B2"] == pytest.approx(87.5)
    # 0.375 * 75 + 0.375 * 41.667 + 0.25 * 87.5 = 28.125 + 15.625 + 21.875
    assert g.composite == pytest.approx(65.625)
    assert g.grade == "合格 Pass"


def test_max_formula() -> None:
    """x/max * 100: C11 mean 4 on a 1-5 scale -> 80."""
    g = scored(score_formula="max")
    assert g.indicators["C11"].score == pytest.approx(80.0)


def test_cronbach_alpha_by_hand() -> None:
    """Alpha over the three complete respondents (row 3 misses C12)."""
    g = scored()
    # complete rows: (5,3,5), (4,3,5), (3,2,4); item variances 1, 1/3, 1/3;
    # totals 13, 12, 9 have variance 13/3; alpha = 3/2 * (1 - (5/3)/(13/3)) = 12/13
    assert g.alpha["overall"].value == pytest.approx(12 / 13)
    assert g.alpha["overall"].n == 3
    assert g.alpha["B2"].value is None  # one item: alpha undefined
    assert cronbach_alpha(np.array([[1.0, 1.0], [1.0, 1.0]])).value is None


def test_normal_interval_from_pairwise_covariance() -> None:
    """SE^2 = c^2 sum_ij g_i g_j S_ij n_ij/(n_i n_j), written out with loops."""
    gw = np.array([0.375, 0.375, 0.25])
    var = 0.0
    for i in range(3):
        for j in range(3):
            both = ~np.isnan(ANSWERS[:, i]) & ~np.isnan(ANSWERS[:, j])
            n_ij = both.sum()
            s_ij = np.cov(ANSWERS[both, i], ANSWERS[both, j])[0, 1]
            n_i, n_j = (~np.isnan(ANSWERS[:, i])).sum(), (~np.isnan(ANSWERS[:, j])).sum()
            var += gw[i] * gw[j] * s_ij * n_ij / (n_i * n_j)
    assert composite_variance(ANSWERS, gw) == pytest.approx(var, rel=1e-12)
    half = 1.959963984540054 * math.sqrt(var) * 25  # c = 100 / (5 - 1)
    g = scored()
    assert g.interval == pytest.approx((65.625 - half, 65.625 + half))


def test_complete_data_variance_is_g_s_g_over_n() -> None:
    """Without missing answers the formula reduces to g' S g / n."""
    rng = np.random.default_rng(1)
    x = rng.integers(1, 6, size=(50, 4)).astype(float)
    w = np.array([0.1, 0.2, 0.3, 0.4])
    assert composite_variance(x, w) == pytest.approx(w @ np.cov(x.T) @ w / 50, rel=1e-12)


def test_bootstrap_is_seeded() -> None:
    """The same seed gives the same percentile interval; it brackets the composite."""
    a = scored(bootstrap=400, seed=7)
    b = scored(bootstrap=400, seed=7)
    assert a.interval == b.interval
    assert a.interval is not None
    assert a.interval[0] <= a.composite <= a.interval[1]


def test_priorities_and_quadrants() -> None:
    """Shortfall g (100 - s): C12 21.875, C11 9.375, C21 3.125; IPA split at the means."""
    g = scored()
    assert g.priorities == ("C12", "C11", "C21")
    assert g.indicators["C12"].shortfall == pytest.approx(0.375 * (100 - 125 / 3))
    assert g.indicators["C11"].quadrant == "keep_up"
    assert g.indicators["C12"].quadrant == "concentrate_here"
    assert g.indicators["C21"].quadrant == "possible_overkill"


def test_servqual_gap() -> None:
    """Gap = perception - expectation; composite gap weighted over indicators that have one."""
    expectation = np.full_like(ANSWERS, NAN)
    expectation[:, 0] = 5.0
    g = scored(expectation=expectation)
    assert g.indicators["C11"].gap == pytest.approx(4 - 5)
    assert g.indicators["C12"].gap is None
    assert g.gap == pytest.approx(-1.0)


def test_fuzzy_levels_by_hand() -> None:
    """Membership shares per level; goal vector B = sum g_i r_i; implied score."""
    g = scored(fuzzy=True)
    assert g.fuzzy is not None
    assert g.fuzzy.vectors["C11"] == pytest.approx((0, 0, 0.25, 0.5, 0.25))
    assert g.fuzzy.vectors["C12"] == pytest.approx((0, 1 / 3, 2 / 3, 0, 0))
    # B = 0.375 r_C11 + 0.375 r_C12 + 0.25 r_C21
    assert g.fuzzy.goal == pytest.approx((0, 0.125, 0.34375, 0.3125, 0.21875))
    assert g.fuzzy.max_label == "3"
    assert g.fuzzy.implied_score == pytest.approx(65.625)
    assert g.fuzzy.vectors["B1"] == pytest.approx((0, 1 / 6, 11 / 24, 0.25, 0.125))


def test_ranking_orders_groups() -> None:
    """ranking lists groups best first."""
    weights = solve(parse_evaluation(EVALUATION))
    worse = np.where(np.isnan(ANSWERS), NAN, 1.0)
    rs = ResponseSet(
        "a.csv",
        ("C11", "C12", "C21"),
        (GroupData("low", worse), GroupData("high", ANSWERS)),
        8,
    )
    result = score(weights, rs)
    assert [g.group for g in result.ranking] == ["high", "low"]
    doc = result.to_dict()
    assert doc["ranking"] == ["high", "low"]
    assert doc["score_formula"] == "range"
    assert doc["groups"][1]["indicators"]["C11"]["score"] == pytest.approx(75.0)


def test_moments_add_up_across_chunks() -> None:
    """Scoring from statistics gathered in two chunks equals scoring the answers at once."""
    weights = solve(parse_evaluation(EVALUATION))
    plan = stat_plan(weights.evaluation, Scale())
    parts = moments_of(ANSWERS[:2], None, plan) + moments_of(ANSWERS[2:], None, plan)
    streamed = ResponseSet(
        "s.csv", ("C11", "C12", "C21"), (GroupData("site", None, stats=parts),), 4
    )
    a = score(weights, responses(), fuzzy=True).groups[0]
    b = score(weights, streamed, fuzzy=True).groups[0]
    assert b.composite == pytest.approx(a.composite, abs=1e-12)
    assert b.interval == pytest.approx(a.interval, abs=1e-12)
    assert b.alpha["overall"].value == pytest.approx(a.alpha["overall"].value, abs=1e-12)
    assert b.fuzzy is not None
    assert a.fuzzy is not None
    assert b.fuzzy.goal == pytest.approx(a.fuzzy.goal, abs=1e-12)

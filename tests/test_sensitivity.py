"""Sensitivity: one-at-a-time lines, swap points and intervals; Monte Carlo perturbation."""

from __future__ import annotations

import copy
import itertools
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from ahp_eval.ahp.hierarchy import HierarchyResult, solve
from ahp_eval.ahp.montecarlo import lognormal, monte_carlo
from ahp_eval.ahp.sensitivity import (
    affine_leaf_weights,
    groups_ranked,
    one_at_a_time,
    rankings,
    varied_nodes,
)
from ahp_eval.io.files import load_evaluation
from ahp_eval.model.evaluation import parse_evaluation

ROOT = Path(__file__).resolve().parent.parent
ACADEMIC = ROOT / "examples" / "academic-platform" / "evaluation.yaml"
LEADER = ROOT / "examples" / "choose-leader" / "evaluation.yaml"


def two_by_two(b1_over_b2: float = 3.0, **top: Any) -> dict[str, Any]:
    """Goal G over leaves B1 and B2 (B1 ``b1_over_b2`` times B2); alternatives X and Y
    scored directly: under B1 X 4, Y 1 (0.8, 0.2), under B2 X 1, Y 2 (1/3, 2/3)."""
    data: dict[str, Any] = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [{"id": "B1", "name": "一"}, {"id": "B2", "name": "二"}],
        "alternatives": [{"id": "X", "name": "甲"}, {"id": "Y", "name": "乙"}],
        "judgments": {"G": {"upper": [b1_over_b2]}},
        "performance": {"B1": {"values": {"X": 4, "Y": 1}}, "B2": {"values": {"X": 1, "Y": 2}}},
    }
    data.update(top)
    return data


def test_swap_point_of_two_criteria_and_two_items_worked_by_hand() -> None:
    """With x the weight of B1: P_X = 0.8x + (1-x)/3, P_Y = 0.2x + 2(1-x)/3, so
    alpha_X = 1/3, beta_X = 7/15, alpha_Y = 2/3, beta_Y = -7/15 and they swap at
    x* = (2/3 - 1/3) / (7/15 + 7/15) = 5/14; at x = 0.75 X leads, on [5/14, 1]."""
    result = solve(parse_evaluation(two_by_two()))
    ranked = rankings(result)[1]
    assert ranked.kind == "alternatives"
    sens = one_at_a_time(result, ranked)
    b1, b2 = sens.criteria
    assert b1.node.id == "B1"
    assert b1.weight == pytest.approx(0.75)
    np.testing.assert_allclose(b1.alpha, [1 / 3, 2 / 3], atol=1e-15)
    np.testing.assert_allclose(b1.beta, [7 / 15, -7 / 15], atol=1e-15)
    assert sens.top == "X"
    assert [(s.first, s.second) for s in b1.swaps] == [("Y", "X")]
    assert b1.swaps[0].x == pytest.approx(5 / 14, abs=1e-15)
    assert b1.top_interval == pytest.approx((5 / 14, 1.0), abs=1e-15)
    assert b1.ranking_interval == pytest.approx((5 / 14, 1.0), abs=1e-15)
    # B2's weight is 1 - x: X leads while it stays under 1 - 5/14 = 9/14
    assert b2.weight == pytest.approx(0.25)
    assert b2.swaps[0].x == pytest.approx(9 / 14, abs=1e-15)
    assert (b2.swaps[0].first, b2.swaps[0].second) == ("X", "Y")
    assert b2.top_interval == pytest.approx((0.0, 9 / 14), abs=1e-15)


def test_ideal_synthesis_swaps_where_its_unnormalised_totals_cross() -> None:
    """Ideal: u = (1, 1/4) under B1 and (1/2, 1) under B2; the sums x + (1-x)/2 and
    x/4 + (1-x) cross where 1.25 x = 0.5, x* = 2/5; the normalised totals sum to 1."""
    result = solve(parse_evaluation(two_by_two(settings={"synthesis": "ideal"})))
    ranked = rankings(result)[1]
    assert ranked.normalised
    b1 = one_at_a_time(result, ranked).criteria[0]
    assert b1.swaps[0].x == pytest.approx(2 / 5, abs=1e-15)
    assert b1.top_interval == pytest.approx((2 / 5, 1.0), abs=1e-15)
    xs = np.linspace(0.0, 1.0, 11)
    np.testing.assert_allclose(b1.values(xs).sum(axis=1), 1.0)
    assert result.alternatives is not None
    totals = result.alternatives.totals
    assert b1.values(b1.weight).tolist() == pytest.approx([totals["X"], totals["Y"]])


def _resolved_at(path: Path, parent: str, node: str, x: float, result: HierarchyResult) -> Any:
    """Re-solve the file with the parent's matrix replaced by the consistent matrix of the
    local weights moved: ``node`` at x, its siblings rescaled in proportion."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    data = copy.deepcopy(data)
    local = result.matrix(parent).weights
    w_c = local[node]
    w = [x if c == node else local[c] * (1 - x) / (1 - w_c) for c in local]
    data["judgments"][parent] = {"matrix": [[wi / wj for wj in w] for wi in w]}
    data.setdefault("settings", {})["scale_max"] = 1000
    return solve(parse_evaluation(data))


@settings(max_examples=40, deadline=None)
@given(pick=st.integers(min_value=0, max_value=10_000), x=st.floats(min_value=0.05, max_value=0.95))
def test_affine_coefficients_match_resolving_the_hierarchy(pick: int, x: float) -> None:
    """alpha + beta x equals the global weights (and alternatives' totals) re-solved."""
    for path in (ACADEMIC, LEADER):
        result = solve(load_evaluation(path, None))
        nodes = varied_nodes(result)
        node, parent = nodes[pick % len(nodes)]
        again = _resolved_at(path, parent.id, node.id, x, result)
        alpha, beta = affine_leaf_weights(result, node.id)
        expected = [again.global_weights[leaf.id] for leaf in result.evaluation.leaves()]
        np.testing.assert_allclose(alpha + beta * x, expected, rtol=1e-9, atol=1e-12)
        for ranked, sens in ((r, one_at_a_time(result, r)) for r in rankings(result)):
            crit = next(c for c in sens.criteria if c.node.id == node.id)
            if ranked.kind == "alternatives":
                totals = [again.alternatives.totals[i] for i in ranked.ids]
                np.testing.assert_allclose(crit.values(x), totals, rtol=1e-9, atol=1e-12)


@settings(max_examples=25, deadline=None)
@given(pick=st.integers(min_value=0, max_value=10_000), x=st.floats(min_value=0.0, max_value=1.0))
def test_ranking_holds_inside_its_interval_and_swaps_are_crossings(pick: int, x: float) -> None:
    """Inside the ranking interval the order is the current one; at each swap point the
    two items' values are equal."""
    result = solve(load_evaluation(LEADER, None))
    for ranked in rankings(result):
        sens = one_at_a_time(result, ranked)
        crit = sens.criteria[pick % len(sens.criteria)]
        lo, hi = crit.ranking_interval
        assert lo <= crit.weight <= hi
        if lo <= x <= hi:
            v = crit.values(x)
            ordered = [v[k] for k in sens.order]
            assert all(a >= b - 1e-12 for a, b in itertools.pairwise(ordered))
        for s in crit.swaps:
            v = crit.values(s.x)
            a, b = ranked.ids.index(s.first), ranked.ids.index(s.second)
            assert v[a] == pytest.approx(v[b], abs=1e-12)
            below, above = crit.values(s.x - 1e-6), crit.values(s.x + 1e-6)
            assert below[a] > below[b]
            assert above[a] < above[b]


def test_intervals_end_at_the_nearest_swaps_around_the_current_weight() -> None:
    """The whole ranking's interval holds the current weight, ends at swap points (or 0,
    1, or the current weight itself where two items tie now), and no swap lies inside."""
    result = solve(load_evaluation(ACADEMIC, None))
    sens = one_at_a_time(result, rankings(result)[0])
    for crit in sens.criteria:
        lo, hi = crit.ranking_interval
        assert lo <= crit.weight <= hi
        ends = [0.0, 1.0, crit.weight, *(s.x for s in crit.swaps)]
        for end in (lo, hi):
            assert min(abs(end - e) for e in ends) < 1e-12
        assert not [s for s in crit.swaps if lo + 1e-12 < s.x < hi - 1e-12]
        top_lo, top_hi = crit.top_interval
        assert top_lo <= lo <= hi <= top_hi


def test_groups_are_ranked_by_composite_and_incomplete_ones_left_out() -> None:
    """Group composites are the indicator scores weighted by the moving global weights."""
    data = two_by_two()
    del data["alternatives"], data["performance"]
    result = solve(parse_evaluation(data))
    ranked = groups_ranked(
        ["甲", "乙", "丙"], np.array([[80.0, 20.0], [30.0, 90.0], [50.0, math.nan]])
    )
    assert ranked.ids == ("甲", "乙")
    assert ranked.left_out == ("丙",)
    crit = one_at_a_time(result, ranked).criteria[0]
    # 80x + 20(1-x) = 30x + 90(1-x)  ->  x* = 70/120
    assert crit.swaps[0].x == pytest.approx(7 / 12, abs=1e-14)
    assert crit.top_interval == pytest.approx((7 / 12, 1.0), abs=1e-14)


def test_monte_carlo_is_deterministic_with_a_seed() -> None:
    """The same seed gives the same figures; another seed other ones."""
    result = solve(load_evaluation(LEADER, None))
    ranks = rankings(result)
    a = monte_carlo(result, ranks, samples=500, seed=7)
    b = monte_carlo(result, ranks, samples=500, seed=7)
    c = monte_carlo(result, ranks, samples=500, seed=8)
    assert a == b
    assert a.rankings[1].items != c.rankings[1].items


def test_monte_carlo_without_spread_reproduces_the_point_estimate() -> None:
    """s = 0: every sample is the evaluation itself (complete, incomplete, alternatives)."""
    for path in (LEADER, ROOT / "examples" / "campus-canteen" / "incomplete.yaml", ACADEMIC):
        result = solve(load_evaluation(path, None))
        ranks = rankings(result)
        mc = monte_carlo(result, ranks, samples=64, spread=0.0, seed=1)
        for stats in mc.rankings:
            for item in stats.items:
                assert item.mean == pytest.approx(item.value, rel=1e-12)
                assert item.p5 == pytest.approx(item.value, rel=1e-12)
                assert item.p95 == pytest.approx(item.value, rel=1e-12)
        consistent = {m.id: m.consistent for m in result.matrices}
        for share in mc.matrices:
            if not share.alternatives:
                assert share.share == (1.0 if consistent[share.key] else 0.0)
    result = solve(load_evaluation(LEADER, None))
    mc = monte_carlo(result, rankings(result), samples=64, spread=0.0)
    for stats in mc.rankings:  # no ties: every item keeps its rank in every sample
        assert [i.keeps_rank for i in stats.items] == [1.0] * len(stats.items)
        assert [i.first for i in stats.items] == [1.0] + [0.0] * (len(stats.items) - 1)
        assert stats.same_ranking == 1.0


def test_consistency_share_of_a_three_by_three_matrix_matches_its_law() -> None:
    """For a consistent 3x3 matrix perturbed with spread s, t = ln(a12 a23 / a13) is
    N(0, 3 s^2) and, by the root method, lambda_max = 1 + 2 cosh(t/3); CR < 0.1 exactly
    when |t| < 3 acosh(1 + 0.1 RI(3)) (RI 0.58), with probability erf(t*/(s sqrt 6))."""
    data = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [
            {"id": "a", "name": "一"},
            {"id": "b", "name": "二"},
            {"id": "c", "name": "三"},
        ],
        "judgments": {"G": {"upper": [2, 4, 2]}},
    }
    result = solve(parse_evaluation(data))
    spread, samples = 0.35, 40_000
    mc = monte_carlo(result, rankings(result), samples=samples, spread=spread, seed=3)
    limit = 3 * math.acosh(1 + 0.1 * 0.58)
    expected = math.erf(limit / (spread * math.sqrt(6)))
    error = math.sqrt(expected * (1 - expected) / samples)
    (share,) = mc.matrices
    assert share.share == pytest.approx(expected, abs=5 * error)
    assert mc.all_consistent == share.share


def test_perturbation_keeps_reciprocals_and_missing_pairs() -> None:
    """a'_ji = 1/a'_ij, the diagonal stays 1, pairs not compared stay missing, and the
    log-changes have the spread asked."""
    result = solve(load_evaluation(ROOT / "examples" / "campus-canteen" / "incomplete.yaml", None))
    judgment = next(m.judgment for m in result.matrices if m.judgment.missing)
    stack = lognormal(0.5)(judgment, 20_000, np.random.default_rng(0))
    given = judgment.given_mask()
    assert np.all(np.isnan(stack[:, ~given]))
    iu, ju = np.nonzero(np.triu(given, k=1))
    np.testing.assert_allclose(stack[:, iu, ju] * stack[:, ju, iu], 1.0)
    np.testing.assert_array_equal(np.diagonal(stack, axis1=1, axis2=2), 1.0)
    logs = np.log(stack[:, iu, ju] / judgment.matrix[iu, ju])
    assert logs.std(axis=0) == pytest.approx([0.5] * len(iu), rel=0.03)


def test_monte_carlo_bounds_memory_by_chunks(monkeypatch: pytest.MonkeyPatch) -> None:
    """Small chunks: every sample is counted once, percentiles from the samples kept, and
    progress is reported after each chunk."""
    import ahp_eval.ahp.montecarlo as mc_module

    result = solve(load_evaluation(LEADER, None))
    monkeypatch.setattr(mc_module, "CHUNK_VALUES", 2000)
    monkeypatch.setattr(mc_module, "KEPT_VALUES", 300)
    calls: list[tuple[int, int]] = []
    mc = monte_carlo(
        result,
        rankings(result),
        samples=301,
        spread=0.0,
        seed=5,
        progress=lambda d, t: calls.append((d, t)),
    )
    assert len(calls) > 3
    assert calls[-1] == (301, 301)
    assert [d for d, _ in calls] == sorted({d for d, _ in calls})
    for stats in mc.rankings:
        for item in stats.items:
            assert item.mean == pytest.approx(item.value, rel=1e-12)
            assert item.p95 == pytest.approx(item.value, rel=1e-12)
        assert stats.same_ranking == 1.0

"""The repair search: best single changes, the greedy sequence, check's hints."""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from ahp_eval.ahp.findings import findings
from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.repair import SCALE, cr_measure, repair, scale_position
from ahp_eval.ahp.ri import get_ri_table
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.values import format_judgment

SAATY = get_ri_table("saaty")

# Saaty's 8x8 matrix as analysed by Xu and Wei (1999), "A consistency improving method in
# the analytic hierarchy process", European Journal of Operational Research 116, 443-449:
# principal eigenvalue 9.669, CR 0.17 (eigenvector method, Saaty's RI 1.41).
XU_WEI = np.array(
    [
        [1, 5, 3, 7, 6, 6, 1 / 3, 1 / 4],
        [1 / 5, 1, 1 / 3, 5, 3, 3, 1 / 5, 1 / 7],
        [1 / 3, 3, 1, 6, 3, 4, 6, 1 / 5],
        [1 / 7, 1 / 5, 1 / 6, 1, 1 / 3, 1 / 4, 1 / 7, 1 / 8],
        [1 / 6, 1 / 3, 1 / 3, 3, 1, 1 / 2, 1 / 5, 1 / 6],
        [1 / 6, 1 / 3, 1 / 4, 4, 2, 1, 1 / 5, 1 / 6],
        [3, 5, 1 / 6, 7, 5, 5, 1, 1 / 2],
        [4, 7, 5, 8, 6, 6, 2, 1],
    ]
)

# The 4x4 case of issue 11: the greedy search takes three steps where two changes suffice.
GREEDY_4 = np.array(
    [
        [1, 9, 9, 3],
        [1 / 9, 1, 1, 7],
        [1 / 9, 1, 1, 6],
        [1 / 3, 1 / 7, 1 / 6, 1],
    ]
)


def _cr(A: np.ndarray, method: str = "root") -> float:
    return float(solve_stack(A, method, SAATY).cr)  # type: ignore[arg-type]


def _changed(A: np.ndarray, i: int, j: int, v: float) -> np.ndarray:
    B = A.copy()
    B[i, j], B[j, i] = v, 1 / v
    return B


def _brute_force_first(A: np.ndarray, method: str) -> tuple[int, int, float, float]:
    """The rule written out: every pair, every other scale value, one matrix at a time;
    lowest CR (ties within 1e-12), then fewest scale steps, then pair order, then value."""
    n = A.shape[0]
    rows = []
    for order, (i, j) in enumerate(itertools.combinations(range(n), 2)):
        now = A[i, j]
        at = min(range(17), key=lambda s: abs(math.log(SCALE[s]) - math.log(now)))
        for s, v in enumerate(SCALE):
            if abs(v / now - 1) <= 0.01:
                continue
            rows.append((_cr(_changed(A, i, j, v), method), abs(s - at), order, s, i, j, v))
    low = min(r[0] for r in rows)
    tied = [r for r in rows if r[0] <= low + 1e-12 * max(abs(low), 1.0)]
    best = min(tied, key=lambda r: r[1:4])
    return best[4], best[5], best[6], best[0]


def test_literature_matrix_first_step_by_the_rule() -> None:
    """Xu and Wei's 8x8 matrix (λmax 9.669, CR 0.17): the first step is the rule's, a scale
    value, and the sequence ends under 0.1."""
    res = solve_stack(XU_WEI, "eigen", SAATY)
    assert float(res.lambda_max) == pytest.approx(9.669, abs=5e-4)
    assert float(res.cr) == pytest.approx(0.17, abs=5e-3)
    found = repair(XU_WEI, cr_measure("eigen", SAATY), 0.1)
    i, j, v, cr = _brute_force_first(XU_WEI, "eigen")
    first = found.steps[0]
    assert (first.i, first.j, first.new) == (i, j, v)
    assert first.cr_after == pytest.approx(cr, rel=1e-9)
    assert (i, j, v) == (2, 6, 0.5)  # a_37 = 6 is the judgment that breaks consistency
    assert found.outcome == "repaired"
    assert found.cr_final < 0.1
    assert _cr(found.matrix, "eigen") == pytest.approx(found.cr_final, rel=1e-9)
    assert all(s.new in SCALE for s in found.steps)
    assert found.best[0] == first


@pytest.mark.parametrize("method", ["root", "eigen", "sum"])
def test_search_is_greedy_not_fewest(method: str) -> None:
    """The 4x4 case (CR 0.459 root/Saaty): greedy takes three steps, two changes suffice."""
    assert _cr(GREEDY_4) == pytest.approx(0.4585, abs=1e-4)
    found = repair(GREEDY_4, cr_measure(method, SAATY), 0.1)  # type: ignore[arg-type]
    assert found.outcome == "repaired"
    assert len(found.steps) == 3
    assert [(s.i, s.j, s.old, s.new) for s in found.steps] == [
        (0, 3, 3, 9),
        (1, 3, 7, 3),
        (2, 3, 6, 2),
    ]
    n = 4
    pairs = [(i, j) for i in range(n) for j in range(i + 1, n)]
    singles = [_changed(GREEDY_4, i, j, v) for i, j in pairs for v in SCALE]
    assert min(_cr(B, method) for B in singles) >= 0.1  # one change is not enough
    doubles = [
        _changed(_changed(GREEDY_4, *p, v), *q, u)
        for p, q in itertools.combinations(pairs, 2)
        for v in SCALE
        for u in SCALE
    ]
    crs = solve_stack(np.stack(doubles), method, SAATY).cr  # type: ignore[arg-type]
    assert float(crs.min()) < 0.1  # but two are


def test_best_changes_are_one_per_pair_and_never_the_current_value() -> None:
    """The three best single changes name three different pairs, none to its own value,
    ranked by CR after."""
    found = repair(GREEDY_4, cr_measure("root", SAATY), 0.1, greedy=False)
    assert found.outcome == "unsearched"
    assert found.steps == ()
    assert len({(c.i, c.j) for c in found.best}) == 3
    assert all(c.new != GREEDY_4[c.i, c.j] for c in found.best)
    assert [c.cr_after for c in found.best] == sorted(c.cr_after for c in found.best)
    w = solve_stack(GREEDY_4, "root", SAATY).weights
    c = found.best[0]
    assert c.deviation == pytest.approx(abs(math.log(GREEDY_4[c.i, c.j] * w[c.j] / w[c.i])))


def test_ties_go_to_fewest_steps_then_file_order() -> None:
    """B1/B2 = 2, B1/B3 = 1/2, B2/B3 = 3: B1/B2 -> 1/6, B1/B3 -> 6 and B2/B3 -> 1/4 each
    make it consistent (CR 0 up to rounding), in 6, 6 and 5 scale steps: B2/B3 wins on
    steps; with B2/B3 = 2 (4 steps each way), B1/B2 wins on file order."""
    A = np.array([[1, 2, 1 / 2], [1 / 2, 1, 3], [2, 1 / 3, 1]])
    first = repair(A, cr_measure("root", SAATY), 0.1, greedy=False).best[0]
    assert (first.i, first.j, first.new, first.steps) == (1, 2, 0.25, 5)
    assert first.cr_after == pytest.approx(0, abs=1e-12)
    B = np.array([[1, 2, 1 / 2], [1 / 2, 1, 2], [2, 1 / 2, 1]])
    first = repair(B, cr_measure("root", SAATY), 0.1, greedy=False).best[0]
    assert (first.i, first.j, first.new, first.steps) == (0, 1, 0.25, 4)


def test_a_consistent_matrix_is_left_alone() -> None:
    """Nothing is searched when CR is already under the threshold."""
    A = np.array([[1, 2, 4], [1 / 2, 1, 2], [1 / 4, 1 / 2, 1]])
    found = repair(A, cr_measure("root", SAATY), 0.1)
    assert found.outcome == "consistent"
    assert found.best == found.steps == ()


def test_stuck_when_no_change_lowers_the_measure() -> None:
    """A measure that no change lowers stops the search at once, with no step."""

    def flat(stack: np.ndarray, given: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        del given
        return np.full(stack.shape[:2], 1 / stack.shape[1]), np.full(stack.shape[0], 0.5)

    found = repair(GREEDY_4, flat, 0.1)
    assert found.outcome == "stuck"
    assert found.steps == ()


def test_limit_after_as_many_steps_as_given_pairs() -> None:
    """A measure that falls by a little at every change stops after n(n-1)/2 steps."""
    calls = [1.0]

    def slow(stack: np.ndarray, given: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        del given
        calls[0] -= 0.01
        values = np.full(stack.shape[0], calls[0] - 0.001)
        values[0] = calls[0]
        return np.full(stack.shape[:2], 1 / stack.shape[1]), values

    found = repair(GREEDY_4, slow, 0.1)
    assert found.outcome == "limit"
    assert len(found.steps) == 6


def test_scale_position_of_an_off_scale_value() -> None:
    """A value off the scale counts its steps from the nearest scale value in log terms."""
    assert scale_position(1.0) == 8
    assert scale_position(2.4) == 9  # nearer 2 than 3 in log terms
    assert scale_position(0.11) == 0


def _evaluation(A: np.ndarray) -> str:
    n = A.shape[0]
    kids = ", ".join(f"{{id: B{k + 1}, name: b{k + 1}}}" for k in range(n))
    upper = ", ".join(f'"{format_judgment(A[i, j])}"' for i in range(n) for j in range(i + 1, n))
    return f"goal: {{id: A, name: g}}\ncriteria: [{kids}]\njudgments:\n  A: {{upper: [{upper}]}}\n"


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.filter_too_much])
@given(
    n=st.integers(3, 7),
    data=st.data(),
    method=st.sampled_from(["root", "eigen", "sum"]),
)
def test_first_hint_is_repairs_first_step(n: int, data: st.DataObject, method: str) -> None:
    """On random failing matrices, check's first hint is exactly repair's first step."""
    import yaml

    values = data.draw(
        st.lists(st.sampled_from(SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
    A = np.ones((n, n))
    iu, ju = np.triu_indices(n, 1)
    A[iu, ju] = values
    A[ju, iu] = 1 / np.array(values)
    assume(_cr(A, method) >= 0.1)
    ev = parse_evaluation(yaml.safe_load(_evaluation(A)), path="e.yaml")
    result = solve(ev, method=method)  # type: ignore[arg-type]
    hints = [f for f in findings(result) if f.severity == "hint"]
    found = repair(A, cr_measure(method, SAATY), 0.1)  # type: ignore[arg-type]
    step = found.steps[0]
    m = result.matrix("A")
    assert (m.repair[0].row, m.repair[0].col) == (f"B{step.i + 1}", f"B{step.j + 1}")
    assert m.repair[0].value == step.new
    assert m.repair[0].cr_after == step.cr_after
    assert hints[0].message.startswith(
        f"A: hint: set B{step.i + 1}/B{step.j + 1} from {format_judgment(step.old)} "
        f"to {format_judgment(step.new)} "
    )
    assert all(s.value != s.old for s in m.repair)

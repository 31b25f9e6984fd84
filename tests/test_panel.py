"""Expert panels: AIJ and AIP by hand, their properties, consensus, GCOMPI, codings."""

from __future__ import annotations

import math
from typing import Any

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from ahp_eval.ahp.panel import Panel, _largest, consensus, gcompi, weigh_panel
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation, parse_evaluation
from ahp_eval.model.panel import decode_cell

SCALE = [1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1.0, 2.0, 3.0, 5.0, 7.0, 9.0]


def flat(n: int = 3, method: str = "root") -> Evaluation:
    """Goal G over n leaves X1..Xn, no judgments of its own."""
    data: dict[str, Any] = {
        "goal": {"id": "G", "name": "goal"},
        "criteria": [{"id": f"X{i + 1}", "name": f"x{i + 1}"} for i in range(n)],
        "settings": {"method": method},
    }
    return parse_evaluation(data, panel=True)


def matrix(upper: list[float], n: int) -> np.ndarray[Any, Any]:
    a = np.ones((n, n))
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            a[i, j], a[j, i] = upper[k], 1 / upper[k]
            k += 1
    return a


def test_two_judges_aij_and_aip_by_hand() -> None:
    """Judges (2, 4, 2) and (1/2, 1, 2) weighted 3:1: AIJ a12 = 2^0.75 (1/2)^0.25 = 2^0.5,
    a13 = 4^0.75 = 2^1.5, a23 = 2; root weights are proportional to 2^(2/3), 2^(1/6),
    2^(-5/6); AIP's geometric mean of (4, 2, 1)/7 and (1, 2, 1)/4 gives the same."""
    ev = flat()
    stack = np.stack([matrix([2, 4, 2], 3), matrix([0.5, 1, 2], 3)])
    panel = Panel(["p", "q"], {"G": stack}, [3, 1])
    aij = weigh_panel(ev, panel)
    a = aij.matrix("G").judgment.matrix
    assert a[0, 1] == pytest.approx(2**0.5, rel=1e-12)
    assert a[0, 2] == pytest.approx(2**1.5, rel=1e-12)
    assert a[1, 2] == pytest.approx(2.0, rel=1e-12)
    want = np.array([2 ** (2 / 3), 2 ** (1 / 6), 2 ** (-5 / 6)])
    want /= want.sum()
    got = [aij.global_weights[f"X{i}"] for i in (1, 2, 3)]
    assert got == pytest.approx(want.tolist(), rel=1e-12)
    aip = weigh_panel(ev, panel, aggregate="aip")
    g = (np.array([4, 2, 1]) / 7) ** 0.75 * (np.array([1, 2, 1]) / 4) ** 0.25
    assert [aip.global_weights[f"X{i}"] for i in (1, 2, 3)] == pytest.approx(
        (g / g.sum()).tolist(), rel=1e-12
    )
    assert aip.to_dict()["consistency_basis"] == "aij"
    assert aip.to_dict()["panel"]["aggregate"] == "aip"


def test_aij_and_aip_differ_under_eigen() -> None:
    """With the eigen method AIJ and AIP need not agree (inconsistent judges)."""
    ev = flat(4, "eigen")
    stack = np.stack(
        [matrix([3, 1 / 5, 7, 1 / 2, 9, 3], 4), matrix([1 / 3, 5, 1 / 7, 2, 1, 1 / 9], 4)]
    )
    panel = Panel(["p", "q"], {"G": stack})
    aij = weigh_panel(ev, panel).global_weights
    aip = weigh_panel(ev, panel, aggregate="aip").global_weights
    assert max(abs(aij[k] - aip[k]) for k in aij) > 1e-6


def test_identical_judges_give_their_matrix_and_full_consensus() -> None:
    """AIJ of identical judges is their matrix; their consensus S* is 100%."""
    ev = flat(4)
    one = matrix([3, 5, 7, 2, 3, 2], 4)
    result = weigh_panel(ev, Panel(["a", "b", "c"], {"G": np.stack([one, one, one])}))
    assert np.allclose(result.matrix("G").judgment.matrix, one, rtol=1e-12)
    assert result.to_dict()["panel"]["matrices"]["G"]["consensus"] == pytest.approx(100.0)


def test_opposite_judges_have_no_consensus() -> None:
    """Two judges (0.9, 0.1) and (0.1, 0.9) on n = 2: S* is 0% (Goepel 2013, M = 9)."""
    p = np.array([[0.9, 0.1], [0.1, 0.9]])
    s = consensus(p, np.array([0.5, 0.5]), 9)
    assert s == pytest.approx(0.0, abs=1e-12)
    assert consensus(p[:1], np.array([1.0]), 9) is None


def test_gcompi_of_a_consistent_judge_against_its_own_weights_is_zero() -> None:
    """GCOMPI is 0 for a consistent matrix against its own weights, and for n = 2 the
    single term ln^2(a12 w2 / w1)."""
    a = matrix([2, 4, 2], 3)[None]
    assert gcompi(a, np.ones_like(a, dtype=bool), np.array([4, 2, 1]) / 7)[0] == pytest.approx(0)
    b = matrix([3], 2)[None]
    w = np.array([0.5, 0.5])
    assert gcompi(b, np.ones_like(b, dtype=bool), w)[0] == pytest.approx(math.log(3) ** 2)


def test_gcompi_of_a_judge_who_skipped_pairs_is_scaled() -> None:
    """Sum over the pairs given times n(n-1)/(2m), times 2/((n-1)(n-2))."""
    a = matrix([2, 9, 2], 3)
    a[0, 2] = a[2, 0] = np.nan
    w = np.array([0.5, 0.3, 0.2])
    got = gcompi(a[None], ~np.isnan(a)[None], w)[0]
    terms = math.log(2 * 0.3 / 0.5) ** 2 + math.log(2 * 0.2 / 0.3) ** 2
    assert got == pytest.approx(terms * 3 / 2 * 2 / 2)


@pytest.mark.parametrize(
    ("value", "coding", "favours", "want"),
    [
        ("1/3", "ratio", "first", 1 / 3),
        (3, "ratio", "first", 3.0),
        (3, "signed", "first", 3.0),
        (-3, "signed", "first", 1 / 3),
        ("-1", "signed", "first", 1.0),
        (1, "signed", "first", 1.0),
        (3, "signed", "second", 1 / 3),
        (-3, "signed", "second", 3.0),
        (1, "slider", "first", 9.0),
        (8, "slider", "first", 2.0),
        (9, "slider", "first", 1.0),
        (10, "slider", "first", 1 / 2),
        (17, "slider", "first", 1 / 9),
        (1, "slider", "second", 1 / 9),
        (17, "slider", "second", 9.0),
    ],
)
def test_codings_read_the_sign_convention(
    value: Any, coding: Any, favours: Any, want: float
) -> None:
    """Each coding's reading of "a compared with b"; favours: second inverts it."""
    assert decode_cell(value, coding, favours) == pytest.approx(want, rel=1e-15)


@pytest.mark.parametrize(
    ("value", "coding"),
    [(0, "signed"), (10, "signed"), (2.5, "signed"), (0, "slider"), (18, "slider"), ("x", "ratio")],
)
def test_codings_refuse_cells_outside_their_range(value: Any, coding: Any) -> None:
    """0 is not a signed judgment (an export on -8..8 must not be misread), and so on."""
    with pytest.raises(InputError):
        decode_cell(value, coding)


def test_a_judge_who_skipped_pairs_enters_by_llsm() -> None:
    """A connected incomplete judge is solved by LLSM and completed by w_i / w_j; a
    disconnected one is left out and said so."""
    ev = flat(4)
    full = matrix([2, 4, 8, 2, 4, 2], 4)
    gap = full.copy()
    gap[0, 3] = gap[3, 0] = np.nan
    cut = full.copy()
    for i, j in ((0, 2), (0, 3), (1, 2), (1, 3)):
        cut[i, j] = cut[j, i] = np.nan
    result = weigh_panel(ev, Panel(["a", "b", "c"], {"G": np.stack([full, gap, cut])}))
    block = result.to_dict()["panel"]
    assert block["matrices"]["G"]["used"] == 2
    assert block["matrices"]["G"]["left_out"] == [
        {"judge": "c", "reason": "the pairs answered do not connect every item"}
    ]
    assert np.allclose(result.matrix("G").judgment.matrix, full, rtol=1e-12)
    assert "G" not in block["per_judge"][2]["cr"]


def test_no_judge_left_and_zero_weights_are_errors() -> None:
    """A matrix whose judges are all left out, or all weighted zero, cannot be aggregated."""
    ev = flat()
    one = matrix([2, 4, 2], 3)
    with pytest.raises(InputErrors, match="judge weights are all zero"):
        weigh_panel(ev, Panel(["a", "b"], {"G": np.stack([one, one])}, [0, 0]))
    bad = matrix([2, 9, 1 / 9], 3)
    with pytest.raises(InputErrors, match="no judge is left"):
        weigh_panel(ev, Panel(["a"], {"G": bad[None]}), exclude_inconsistent=True)


def test_exclude_inconsistent_leaves_the_failing_judge_out() -> None:
    """--exclude-inconsistent: the failing judge is left out (counted either way)."""
    ev = flat()
    good, bad = matrix([2, 4, 2], 3), matrix([2, 9, 1 / 9], 3)
    panel = Panel(["good", "bad"], {"G": np.stack([good, bad])})
    kept = weigh_panel(ev, panel).to_dict()["panel"]["matrices"]["G"]
    out = weigh_panel(ev, panel, exclude_inconsistent=True)
    block = out.to_dict()["panel"]["matrices"]["G"]
    assert kept["inconsistent"] == block["inconsistent"] == 1
    assert kept["used"] == 2
    assert block["left_out"] == [{"judge": "bad", "reason": "inconsistent"}]
    assert np.allclose(out.matrix("G").judgment.matrix, good)


def test_from_pairs_builds_the_same_panel() -> None:
    """Panel.from_pairs (judges x pairs, NaN for skipped) equals the stacked panel."""
    ev = flat()
    values = np.array([[2, 4, 2], [0.5, 1, 2]])
    built = Panel.from_pairs(ev, values, ["X1/X2", ("X1", "X3"), "X2/X3"], judges=["p", "q"])
    stacked = Panel(["p", "q"], {"G": np.stack([matrix([2, 4, 2], 3), matrix([0.5, 1, 2], 3)])})
    assert np.array_equal(built.matrices["G"], stacked.matrices["G"])
    with pytest.raises(InputErrors, match="unknown id 'X9'"):
        Panel.from_pairs(ev, values[:, :1], ["X1/X9"])
    with pytest.raises(InputError, match="named twice"):
        Panel(["p", "p"], {"G": stacked.matrices["G"]})


judges_st = st.integers(2, 5)


@st.composite
def panels(draw: st.DrawFn, n: int = 4) -> tuple[np.ndarray[Any, Any], np.ndarray[Any, Any]]:
    k = draw(judges_st)
    pairs = n * (n - 1) // 2
    upper = draw(
        st.lists(
            st.lists(st.sampled_from(SCALE), min_size=pairs, max_size=pairs), min_size=k, max_size=k
        )
    )
    weights = draw(st.lists(st.floats(0.1, 10), min_size=k, max_size=k))
    return np.stack([matrix(u, n) for u in upper]), np.array(weights)


@settings(max_examples=60, deadline=None)
@given(panels())
def test_aij_and_aip_agree_with_the_root_method(data: tuple[Any, Any]) -> None:
    """With the root method AIJ and AIP give the same weights (complete matrices)."""
    stack, weights = data
    ev = flat(4)
    panel = Panel([str(i) for i in range(len(stack))], {"G": stack}, weights)
    aij = weigh_panel(ev, panel).global_weights
    aip = weigh_panel(ev, panel, aggregate="aip").global_weights
    assert all(abs(aij[k] - aip[k]) <= 1e-12 for k in aij)


@settings(max_examples=60, deadline=None)
@given(panels(), st.randoms(use_true_random=False))
def test_permuting_judges_changes_nothing(data: tuple[Any, Any], rnd: Any) -> None:
    """Permuting the judges changes weights and consensus by at most 1e-12."""
    stack, weights = data
    order = list(range(len(stack)))
    rnd.shuffle(order)
    ev = flat(4, "eigen")
    names = [str(i) for i in range(len(stack))]
    one = weigh_panel(ev, Panel(names, {"G": stack}, weights))
    two = weigh_panel(ev, Panel([names[i] for i in order], {"G": stack[order]}, weights[order]))
    assert all(
        abs(one.global_weights[k] - two.global_weights[k]) <= 1e-12 for k in one.global_weights
    )
    c1 = one.matrices_panel["G"].consensus
    c2 = two.matrices_panel["G"].consensus
    assert c1 is not None
    assert c2 is not None
    assert abs(c1 - c2) <= 1e-12


@settings(max_examples=60, deadline=None)
@given(panels())
def test_a_zero_weight_judge_equals_leaving_them_out(data: tuple[Any, Any]) -> None:
    """A judge of weight 0 changes nothing in the aggregate weights or consensus."""
    stack, weights = data
    ev = flat(4)
    names = [str(i) for i in range(len(stack))]
    zero = weights.copy()
    zero[0] = 0
    with_zero = weigh_panel(ev, Panel(names, {"G": stack}, zero), aggregate="aip")
    without = weigh_panel(ev, Panel(names[1:], {"G": stack[1:]}, weights[1:]), aggregate="aip")
    w1, w2 = with_zero.global_weights, without.global_weights
    assert all(abs(w1[k] - w2[k]) <= 1e-12 for k in w1)
    c1, c2 = with_zero.matrices_panel["G"].consensus, without.matrices_panel["G"].consensus
    if len(stack) > 2:  # one judge left has no consensus
        assert c1 is not None
        assert c2 is not None
        assert abs(c1 - c2) <= 1e-12


@settings(max_examples=60, deadline=None)
@given(
    st.lists(st.lists(st.floats(0.2, 5), min_size=4, max_size=4), min_size=2, max_size=5), st.data()
)
def test_aij_of_consistent_judges_is_consistent(vectors: list[list[float]], data: Any) -> None:
    """The AIJ matrix of acceptably consistent judges (same order and RI table) is
    acceptably consistent: here judges perturbed from consistent matrices, CR < 0.1."""
    ev = flat(4)
    stack = []
    for v in vectors:
        w = np.array(v)
        a = w[:, None] / w[None, :]
        noise = data.draw(st.lists(st.floats(-0.3, 0.3), min_size=6, max_size=6))
        k = 0
        for i in range(4):
            for j in range(i + 1, 4):
                a[i, j] *= math.exp(noise[k])
                a[j, i] = 1 / a[i, j]
                k += 1
        stack.append(a)
    result = weigh_panel(ev, Panel([str(i) for i in range(len(stack))], {"G": np.stack(stack)}))
    assume(bool(np.all(result.judge_cr["G"] < 0.1)))
    assert result.matrix("G").cr < 0.1


@given(
    st.lists(
        st.one_of(st.sampled_from([0.0, 1.0, 2.0, math.nan]), st.floats(0, 10)),
        min_size=0,
        max_size=40,
    ),
    st.integers(1, 5),
)
def test_largest_is_a_stable_sorts_head(values: list[float], k: int) -> None:
    """The k largest, ties by position and NaN last, exactly as a full stable sort."""
    a = np.array(values, dtype=np.float64)
    want = np.argsort(-a, kind="stable")[:k]
    assert _largest(a, k).tolist() == want.tolist()

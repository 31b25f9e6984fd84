from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from ahp_eval.ahp.hierarchy import solve, solve_many
from ahp_eval.errors import InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.model.evaluation import parse_evaluation

DATA = Path(__file__).parent / "data"

SMALL = {
    "goal": {"id": "A", "name": "目标"},
    "criteria": [
        {
            "id": "B1",
            "name": "甲",
            "indicators": [{"id": "C1", "name": "x"}, {"id": "C2", "name": "y"}],
        },
        {
            "id": "B2",
            "name": "乙",
            "indicators": [
                {"id": "C3", "name": "u"},
                {"id": "C4", "name": "v"},
                {"id": "C5", "name": "w"},
            ],
        },
        {"id": "B3", "name": "丙"},
    ],
    "judgments": {
        "A": {"upper": [2, 4, 2]},  # consistent: weights 4/7, 2/7, 1/7
        "B1": [[1, 3], ["1/3", 1]],  # 3/4, 1/4
        "B2": {"upper": [2, 5, 3]},  # not quite consistent
    },
}


def test_global_weights_are_products_along_the_path() -> None:
    """Global weight = parent's global weight x local weight; a leaf criterion keeps its own."""
    result = solve(parse_evaluation(SMALL))
    assert result.matrix("A").weights == pytest.approx({"B1": 4 / 7, "B2": 2 / 7, "B3": 1 / 7})
    gw = result.global_weights
    assert gw["C1"] == pytest.approx(4 / 7 * 3 / 4, abs=1e-15)
    assert gw["C2"] == pytest.approx(4 / 7 * 1 / 4, abs=1e-15)
    assert gw["B3"] == pytest.approx(1 / 7, abs=1e-15)
    assert sum(gw.values()) == pytest.approx(1.0, abs=1e-14)
    assert result.ranking[0].node.id == "C1"
    assert [r.rank for r in result.ranking] == list(range(1, 7))
    weights = [r.global_weight for r in result.ranking]
    assert weights == sorted(weights, reverse=True)


def test_total_consistency_by_hand() -> None:
    """CR_total = sum a_j CI_j / sum a_j RI_j over the indicator level; cumulative adds CR_A."""
    result = solve(parse_evaluation(SMALL))
    # B2 by hand: row geometric means of [[1,2,5],[1/2,1,3],[1/5,1/3,1]]
    A = np.array([[1, 2, 5], [1 / 2, 1, 3], [1 / 5, 1 / 3, 1]])
    g = np.array([10 ** (1 / 3), 1.5 ** (1 / 3), (1 / 15) ** (1 / 3)])
    w = g / g.sum()
    lam = float(np.mean((A @ w) / w))
    ci_b2 = (lam - 3) / 2
    a_b1, a_b2 = 4 / 7, 2 / 7
    # B1 is 2x2: CI = 0, RI = 0; B2 contributes a_B2 * CI_B2 over a_B2 * 0.58
    expected = (a_b1 * 0 + a_b2 * ci_b2) / (a_b1 * 0 + a_b2 * 0.58)
    assert result.total.cr == pytest.approx(expected, abs=1e-14)
    assert result.matrix("A").cr == pytest.approx(0.0, abs=1e-14)
    assert result.total.cr_cumulative == pytest.approx(result.matrix("A").cr + expected, abs=1e-14)
    assert result.levels[0].cr == pytest.approx(result.matrix("A").cr, abs=1e-15)
    assert result.consistent


def test_inconsistent_matrix_is_data_not_an_exception() -> None:
    """An inconsistent matrix gives consistent=False and three suggestions."""
    data = dict(SMALL)
    data["judgments"] = dict(SMALL["judgments"])  # type: ignore[arg-type]
    data["judgments"]["B2"] = {"upper": [9, "1/9", 9]}  # type: ignore[index]
    result = solve(parse_evaluation(data))
    b2 = result.matrix("B2")
    assert not b2.consistent
    assert not result.consistent
    assert len(b2.suggestions) == 3
    assert all(s.suggested in {9.0, 1 / 9} for s in b2.suggestions)


def test_overrides_replace_file_settings() -> None:
    """method, ri and threshold passed to solve() win over the file's settings."""
    ev = parse_evaluation({**SMALL, "settings": {"method": "sum", "ri": "cn"}})
    assert solve(ev).method == "sum"
    assert solve(ev).ri_table.key == "cn"
    overridden = solve(ev, method="eigen", ri="alonso-lamata", cr_threshold=0.05)
    assert (overridden.method, overridden.ri_table.key, overridden.cr_threshold) == (
        "eigen",
        "alonso-lamata",
        0.05,
    )


def test_study_shape_ratio_and_cumulative_forms() -> None:
    """The five-criterion, 26-indicator platform study (references in the data file).

    The study reported criteria CR 0.0074, indicator CRs 0.0197, 0.0197, 0.0511, 0.0207,
    0.0078 and a total CR of 0.0534. With matrices of that shape, the standard ratio form
    lies between the smallest and largest indicator CR, while the cumulative form (CR of
    the criteria + the ratio) exceeds every one of them, as the published 0.0534 does.
    """
    result = solve(load_evaluation(DATA / "valid" / "study-platform.yaml"))
    assert len(result.ranking) == 26
    assert result.matrix("A").cr == pytest.approx(0.0074, abs=0.0005)
    indicator_crs = [result.matrix(b).cr for b in ("B1", "B2", "B3", "B4", "B5")]
    published = [0.0197, 0.0197, 0.0511, 0.0207, 0.0078]
    assert indicator_crs == pytest.approx(published, abs=0.0006)
    assert min(indicator_crs) < result.total.cr < max(indicator_crs)
    assert result.total.cr_cumulative > max(indicator_crs)
    assert result.total.cr_cumulative == pytest.approx(0.0534, abs=0.0015)
    assert result.consistent


def test_deeper_trees_have_one_level_per_depth(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A criterion may hold sub-criteria; each level gets its own total CR."""
    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria:\n"
        "  - id: B1\n"
        "    name: b1\n"
        "    criteria:\n"
        "      - {id: D1, name: d1, indicators: [{id: E1, name: e1}, {id: E2, name: e2}]}\n"
        "      - {id: D2, name: d2}\n"
        "  - {id: B2, name: b2}\n"
        "judgments:\n"
        "  A: {upper: [3]}\n"
        "  B1: {upper: [2]}\n"
        "  D1: {upper: [1]}\n"
    )
    result = solve(load_evaluation(path))
    assert [lv.level for lv in result.levels] == [1, 2, 3]
    assert result.global_weights["E1"] == pytest.approx(3 / 4 * 2 / 3 * 1 / 2, abs=1e-15)
    assert set(result.global_weights) == {"E1", "E2", "D2", "B2"}


def test_separate_judgments_file_replaces_the_section(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """--judgments: the separate file's matrices are used, and its path is reported."""
    ev_path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: a}, {id: B2, name: b}]\n"
        "judgments: {A: {upper: [3]}}\n"
    )
    j_path = write_yaml('judge: 张三\njudgments:\n  A: {upper: ["1/3"], note: 2026-11}\n', "j.yaml")
    result = solve(load_evaluation(ev_path, j_path))
    assert result.global_weights["B1"] == pytest.approx(1 / 4)
    assert result.evaluation.judge == "张三"
    assert result.matrix("A").judgment.path == str(j_path)
    assert result.matrix("A").judgment.note == "2026-11"


def test_solve_many_equals_one_by_one() -> None:
    """Batching matrices of several evaluations changes no number; errors stay per file."""
    canteen = load_evaluation(
        Path(__file__).parent.parent / "examples/campus-canteen/evaluation.yaml"
    )
    small = parse_evaluation(SMALL)
    tiny_ri = parse_evaluation({**SMALL, "settings": {"ri": [0, 0]}})  # 3x3 is past this table
    results = solve_many([canteen, small, tiny_ri, small])
    assert isinstance(results[2], InputErrors)
    assert "larger than RI table 'custom'" in str(results[2])
    for ev, res in zip([canteen, small, small], [results[0], results[1], results[3]], strict=True):
        assert not isinstance(res, InputErrors)
        alone = solve(ev)
        assert res.global_weights == pytest.approx(alone.global_weights, abs=1e-15)
        assert res.total.cr == pytest.approx(alone.total.cr, abs=1e-15)

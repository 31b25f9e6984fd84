"""Incomplete judgment matrices: syntax, connectivity, LLSM weights, completed CR, GCI*."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.incomplete import (
    complete_matrix,
    connected,
    gci_star,
    gci_threshold,
    llsm,
    solve_incomplete_stack,
)
from ahp_eval.ahp.matrix import priority_root
from ahp_eval.ahp.ri import RI_SAATY
from ahp_eval.cli import app
from ahp_eval.errors import AhpEvalError, InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.model.evaluation import parse_evaluation

runner = CliRunner()

SCALE = [1 / 9, 1 / 8, 1 / 7, 1 / 6, 1 / 5, 1 / 4, 1 / 3, 1 / 2, 1, 2, 3, 4, 5, 6, 7, 8, 9]


def reciprocal(upper: list[float], n: int) -> np.ndarray[Any, Any]:
    """The reciprocal matrix with the given upper triangle (row by row)."""
    A = np.ones((n, n))
    iu, ju = np.triu_indices(n, k=1)
    A[iu, ju] = upper
    A[ju, iu] = 1 / np.asarray(upper)
    return A


@st.composite
def complete_matrices(draw: st.DrawFn, low: int = 2) -> np.ndarray[Any, Any]:
    n = draw(st.integers(low, 9))
    upper = draw(
        st.lists(st.sampled_from(SCALE), min_size=n * (n - 1) // 2, max_size=n * (n - 1) // 2)
    )
    return reciprocal(upper, n)


def evaluation_text(judgment: str, n: int = 4) -> str:
    kids = ", ".join(f"{{id: B{i + 1}, name: 乙{i + 1}}}" for i in range(n))
    return f"goal: {{id: G, name: 目标}}\ncriteria: [{kids}]\njudgments:\n  G:\n{judgment}"


# The four-element matrix of the CLI tests: B1/B3 and B2/B4 not compared.
UPPER_GAPS = "    upper: [3, null, 5, 2, null, 2]\n"
PAIRS_GAPS = (
    "    pairs:\n"
    "      - [B1, B2, 3]\n"
    "      - [B1, B4, 5]\n"
    "      - [B2, B3, 2]\n"
    '      - [B4, B3, "1/2"]\n'
)
MATRIX_GAPS = (
    "    - [1, 3, null, 5]\n"
    '    - ["1/3", 1, 2, null]\n'
    '    - [null, "1/2", 1, 2]\n'
    '    - ["1/5", null, "1/2", 1]\n'
)


@settings(max_examples=200, deadline=None)
@given(complete_matrices())
def test_llsm_equals_root_method_when_nothing_is_missing(A: np.ndarray[Any, Any]) -> None:
    """With every pair given, LLSM is the root method (Crawford and Williams 1985)."""
    w, y = llsm(A)
    assert np.max(np.abs(w - priority_root(A))) < 1e-12
    assert abs(float(y.sum())) < 1e-12


@settings(max_examples=200, deadline=None)
@given(complete_matrices(low=3))
def test_gci_star_equals_gci_when_nothing_is_missing(A: np.ndarray[Any, Any]) -> None:
    """GCI* of a complete matrix is 2/((n-1)(n-2)) sum_{i<j} ln^2(a_ij w_j / w_i), w by rows."""
    n = A.shape[0]
    w = [math.prod(row) ** (1 / n) for row in A.tolist()]
    total = sum(math.log(A[i, j] * w[j] / w[i]) ** 2 for i in range(n) for j in range(i + 1, n))
    gci = 2 / ((n - 1) * (n - 2)) * total
    got = float(gci_star(A, None, llsm(A)[0]))
    assert got == pytest.approx(gci, rel=1e-12, abs=1e-14)


@settings(max_examples=100, deadline=None)
@given(complete_matrices(low=3), st.data())
def test_llsm_solves_the_normal_equations(A: np.ndarray[Any, Any], data: st.DataObject) -> None:
    """Over the pairs given, every residual sum sum_j (ln a_ij - y_i + y_j) is zero, and the
    completed matrix's row geometric means are the LLSM weights."""
    n = A.shape[0]
    # a spanning path keeps the graph connected; other pairs are dropped at random
    keep = np.eye(n, dtype=bool)
    for i in range(n - 1):
        keep[i, i + 1] = keep[i + 1, i] = True
    for i in range(n):
        for j in range(i + 2, n):
            keep[i, j] = keep[j, i] = data.draw(st.booleans())
    B = np.where(keep, A, np.nan)
    w, y = llsm(B)
    logs = np.where(keep, np.log(np.where(keep, A, 1.0)), 0.0)
    residual = np.where(keep, logs - y[:, None] + y[None, :], 0.0).sum(axis=1)
    assert np.max(np.abs(residual)) < 1e-10
    completed = complete_matrix(B, keep, w)
    assert np.max(np.abs(priority_root(completed) - w)) < 1e-12
    missing = ~keep
    assert np.allclose(completed[missing], (w[:, None] / w[None, :])[missing], rtol=1e-14)


def test_published_example_bozoki_fulop_ronyai_2010() -> None:
    """Bozóki, Fülöp and Rónyai, "On optimal completions of incomplete pairwise comparison
    matrices", Mathematical and Computer Modelling 52 (2010) 318-333, Section 6, Example 3:
    a 4 x 4 matrix with one missing element x, in two triads with the given pairs
    (5, 2) and (3, 4); the paper prints sqrt(2/5 * 4/3) = 0.73029674334 for x. With one
    element missing, the LLSM completion w_i/w_j is the geometric mean of the triads'
    products a_ik a_kj (whatever the fourth comparison, which no triad with x holds)."""
    for other in (1 / 9, 1.0, 7.0):
        # order: k1, i, j, k2 (a_k1,i = 5, a_k1,j = 2, a_k2,i = 3, a_k2,j = 4, a_ij = x)
        U = np.array(
            [
                [1, 5, 2, other],
                [1 / 5, 1, np.nan, 1 / 3],
                [1 / 2, np.nan, 1, 1 / 4],
                [1 / other, 3, 4, 1],
            ]
        )
        w, _ = llsm(U)
        assert round(float(w[1] / w[2]), 11) == 0.73029674334


def test_vectorised_stack_equals_one_by_one() -> None:
    """A stack of incomplete matrices of one order gives each matrix's own result."""
    rng = np.random.default_rng(11)
    n, count = 5, 40
    mats, masks = [], []
    for _ in range(count):
        upper = rng.choice(SCALE, size=n * (n - 1) // 2).tolist()
        A = reciprocal(upper, n)
        keep = np.ones((n, n), dtype=bool)
        for _ in range(3):
            i, j = sorted(rng.choice(n, size=2, replace=False).tolist())
            if j != i + 1:  # the path 0-1-2-3-4 stays
                keep[i, j] = keep[j, i] = False
        mats.append(np.where(keep, A, np.nan))
        masks.append(keep)
    stack = solve_incomplete_stack(np.stack(mats), np.stack(masks), RI_SAATY)
    for k in range(count):
        one = solve_incomplete_stack(mats[k], masks[k], RI_SAATY)
        assert np.allclose(stack.weights[k], one.weights, rtol=1e-13, atol=0)
        assert stack.cr[k] == pytest.approx(float(one.cr), rel=1e-12)
        assert stack.gci[k] == pytest.approx(float(one.gci), rel=1e-12, nan_ok=True)


def test_disconnected_pairs_are_refused_by_the_solver() -> None:
    """The library refuses pairs that leave elements apart (the weights are not unique)."""
    A = np.array([[1, 2, np.nan], [0.5, 1, np.nan], [np.nan, np.nan, 1]])
    assert not connected(~np.isnan(A))
    with pytest.raises(AhpEvalError, match="do not connect all elements"):
        llsm(A)


def test_gci_thresholds() -> None:
    """Aguarón and Moreno-Jiménez (2003): 0.31 for n = 3, 0.35 for n = 4, 0.37 beyond."""
    assert [gci_threshold(n) for n in (2, 3, 4, 5, 9)] == [None, 0.31, 0.35, 0.37, 0.37]


def test_spanning_tree_is_not_measurable() -> None:
    """n - 1 pairs forming a tree: the weights reproduce them; consistency is not tested."""
    data = {
        "goal": {"id": "G", "name": "g"},
        "criteria": [{"id": f"B{i}", "name": f"b{i}"} for i in range(1, 5)],
        "judgments": {"G": {"pairs": [["B1", "B2", 9], ["B1", "B3", 2], ["B4", "B1", 5]]}},
    }
    result = solve(parse_evaluation(data))
    (m,) = result.matrices
    w = m.weights
    assert w["B1"] / w["B2"] == pytest.approx(9, rel=1e-12)
    assert w["B1"] / w["B3"] == pytest.approx(2, rel=1e-12)
    assert w["B4"] / w["B1"] == pytest.approx(5, rel=1e-12)
    assert (m.method, m.test, m.consistent, m.gci, m.gci_threshold) == (
        "llsm",
        "none",
        True,
        None,
        None,
    )
    assert m.cr == pytest.approx(0.0, abs=1e-12)
    assert m.missing == (("B2", "B3"), ("B2", "B4"), ("B3", "B4"))


def test_three_forms_read_the_same_gaps(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """pairs left out, null in upper, and null on both sides in matrix mean the same."""
    results = [
        solve(load_evaluation(write_yaml(evaluation_text(form), f"e{k}.yaml")))
        for k, form in enumerate((UPPER_GAPS, PAIRS_GAPS, MATRIX_GAPS))
    ]
    first = results[0].matrices[0]
    assert first.missing == (("B1", "B3"), ("B2", "B4"))
    for r in results[1:]:
        m = r.matrices[0]
        assert m.missing == first.missing
        assert m.weights == pytest.approx(first.weights, rel=1e-12)
    judgment = results[0].evaluation.judgments["G"]
    assert not judgment.complete
    assert np.isnan(judgment.matrix[0, 2])
    assert np.isnan(judgment.matrix[2, 0])
    assert judgment.given is not None
    assert not judgment.given[1, 3]


def test_incomplete_judgment_keeps_a_read_only_mask(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """The mask of pairs given is symmetric, with a True diagonal, and cannot be changed."""
    ev = load_evaluation(write_yaml(evaluation_text(UPPER_GAPS)))
    mask = ev.judgments["G"].given_mask()
    assert (mask == mask.T).all()
    assert mask.diagonal().all()
    with pytest.raises(ValueError, match="read-only"):
        mask[0, 2] = True


def test_disconnected_set_rejected_with_its_line(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Pairs that leave groups of children apart: exit 2, the groups named, at the entry's line."""
    path = write_yaml(evaluation_text("    pairs:\n      - [B1, B2, 3]\n      - [B3, B4, 2]\n"))
    result = runner.invoke(app, ["weigh", str(path)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{path}:4: G: the comparisons given do not connect all children: {{B1, B2}} and "
        "{B3, B4} are never compared; add a pair between the groups\n"
    )


def test_three_groups_and_other_problems_reported_at_once(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Every problem at once: a pair given twice and the groups it leaves apart."""
    path = write_yaml(
        evaluation_text("    pairs:\n      - [B1, B2, 3]\n      - [B2, B1, 2]\n", n=4)
    )
    with pytest.raises(InputErrors) as info:
        load_evaluation(path)
    assert [str(e) for e in info.value.errors] == [
        (
            f"{path}:4: G: the comparisons given do not connect all children: {{B1, B2}}, "
            "{B3} and {B4} are never compared with each other; add pairs between the groups"
        ),
        f"{path}:7: G: pair B1/B2 given twice (3 on line 6 and 1/2)",
    ]


def test_null_needs_a_null_mirror(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """In the matrix form a null facing a value is an error at the null."""
    text = evaluation_text('    - [1, 3, null]\n    - ["1/3", 1, 2]\n    - [2, "1/2", 1]\n', n=3)
    with pytest.raises(InputErrors) as info:
        load_evaluation(write_yaml(text))
    assert [e.message for e in info.value.errors] == [
        "G: B1/B3 is null but B3/B1 = 2; a pair not compared is null on both sides of the diagonal"
    ]


def test_null_on_the_diagonal_is_an_error(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A diagonal entry is 1, never null."""
    text = evaluation_text('    - [null, 3]\n    - ["1/3", 1]\n', n=2)
    with pytest.raises(InputErrors) as info:
        load_evaluation(write_yaml(text))
    assert [e.message for e in info.value.errors] == ["G: diagonal entry B1/B1 is null, must be 1"]


def test_cli_weigh_json_reports_llsm_gci_and_missing(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """weigh --format json: the new keys for an incomplete matrix; cr is the completed CR."""
    path = write_yaml(evaluation_text(UPPER_GAPS))
    result = runner.invoke(app, ["weigh", str(path), "--format", "json"])
    assert result.exit_code == 0, result.output
    (node,) = json.loads(result.stdout)["nodes"]
    assert node["method"] == "llsm"
    assert node["missing"] == [["B1", "B3"], ["B2", "B4"]]
    assert node["consistency_test"] == "gci"
    assert node["gci_threshold"] == 0.35
    assert node["cr_label"] == "completed (lenient)"
    A = reciprocal([3, 1, 5, 2, 1, 2], 4)
    keep = np.ones((4, 4), dtype=bool)
    keep[0, 2] = keep[2, 0] = keep[1, 3] = keep[3, 1] = False
    ref = solve_incomplete_stack(np.where(keep, A, np.nan), keep, RI_SAATY)
    assert node["gci"] == pytest.approx(float(ref.gci), rel=1e-12)
    assert node["cr"] == pytest.approx(float(ref.cr), rel=1e-12)
    assert node["consistent"] is True
    assert list(node["weights"].values()) == pytest.approx(ref.weights.tolist(), rel=1e-12)


def test_cli_complete_matrix_keeps_its_method(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A complete matrix: method is the evaluation's, tested by CR, no GCI, no label."""
    path = write_yaml(evaluation_text("    upper: [3, 4, 5, 2, 3, 2]\n"))
    result = runner.invoke(app, ["weigh", str(path), "--format", "json", "--method", "eigen"])
    (node,) = json.loads(result.stdout)["nodes"]
    assert (node["method"], node["missing"], node["gci"], node["gci_threshold"]) == (
        "eigen",
        [],
        None,
        None,
    )
    assert (node["consistency_test"], node["cr_label"]) == ("cr", None)


def test_cli_weigh_table_and_markdown_name_llsm(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """The table and Markdown reports name LLSM, list the missing pairs, show GCI*."""
    path = write_yaml(evaluation_text(UPPER_GAPS))
    for fmt in ("table", "markdown"):
        out = " ".join(runner.invoke(app, ["weigh", str(path), "--format", fmt]).stdout.split())
        assert "LLSM" in out, fmt
        assert "2 pairs not compared: B1/B3, B2/B4" in out, fmt
        assert "CR completed (lenient)" in out, fmt
        assert "0.35 (threshold for n = 4, tested" in out, fmt


def test_cli_check_fails_an_incomplete_matrix_by_gci(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """check: an incomplete matrix failing GCI* exits 1 with the GCI* and its threshold."""
    pairs = (
        "    pairs:\n      - [B1, B2, 9]\n      - [B2, B3, 9]\n      - [B3, B1, 9]\n"
        "      - [B1, B4, 2]\n"
    )
    path = write_yaml(evaluation_text(pairs))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{path}:4: G: GCI* ")
    assert lines[0].endswith(
        ">= 0.35 (n=4, LLSM over the pairs given; completed (lenient) CR 1.9753): "
        "inconsistent judgment matrix"
    )
    assert lines[1].startswith(f"{path}:4: G: pairs not compared: B2/B4, B3/B4; weights by LLSM")


def test_cli_check_notes_an_incomplete_matrix_that_passes(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """check: a consistent incomplete matrix passes (exit 0) and its gaps are listed."""
    path = write_yaml(evaluation_text(UPPER_GAPS))
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(
        f"{path}:4: G: pairs not compared: B1/B3, B2/B4; weights by LLSM over the pairs given; "
        "GCI* 0.1916 < 0.35 (n=4)\n"
    )


def test_other_threshold_tests_the_completed_cr(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """With a CR threshold other than 0.1 the completed CR is tested, and the report says so."""
    path = write_yaml(evaluation_text(UPPER_GAPS))
    result = runner.invoke(app, ["weigh", str(path), "--format", "json", "--cr-threshold", "0.01"])
    (node,) = json.loads(result.stdout)["nodes"]
    assert node["consistency_test"] == "cr_completed"
    assert node["gci_threshold"] is None
    assert node["consistent"] is (node["cr"] < 0.01)
    md = runner.invoke(app, ["weigh", str(path), "--format", "markdown", "--cr-threshold", "0.2"])
    assert "tested: the CR of the completed matrix against 0.2" in md.stdout


def test_level_cr_uses_the_completed_ci(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """The total CR of the goal's level is the completed matrix's CI over RI."""
    result = solve(load_evaluation(write_yaml(evaluation_text(UPPER_GAPS))))
    (m,) = result.matrices
    assert result.total.cr == pytest.approx(m.ci / m.ri, rel=1e-12)


def test_incomplete_example_file_solves() -> None:
    """The bundled example with an incomplete matrix solves by LLSM and passes."""
    path = (
        Path(__file__).resolve().parent.parent / "examples" / "campus-canteen" / "incomplete.yaml"
    )
    result = solve(load_evaluation(path))
    incomplete = [m for m in result.matrices if m.missing]
    assert incomplete
    assert all(m.method == "llsm" for m in incomplete)
    assert result.consistent

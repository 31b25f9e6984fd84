"""Repair, hints and tests working together on incomplete and alternatives matrices."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import yaml
from typer.testing import CliRunner

from ahp_eval.ahp.findings import findings
from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.incomplete import solve_incomplete_stack
from ahp_eval.ahp.repair import (
    SCALE,
    completed_cr_measure,
    gci_measure,
    matrix_test,
    repair,
)
from ahp_eval.ahp.repair_plan import repair_hierarchy
from ahp_eval.ahp.ri import get_ri_table
from ahp_eval.cli import app
from ahp_eval.model.evaluation import parse_evaluation

runner = CliRunner()
SAATY = get_ri_table("saaty")

# C1/C4 not compared; GCI* 0.4242 >= 0.35 (n = 4) while the completed CR is 0.0803 < 0.1
INCOMPLETE_UPPER = "[1, 3, null, 3, 1/3, 1/2]"
GOAL_YAML = f"""\
goal: {{id: G, name: 目标}}
criteria:
  - {{id: C1, name: 甲}}
  - {{id: C2, name: 乙}}
  - {{id: C3, name: 丙}}
  - {{id: C4, name: 丁}}
judgments:
  G: {{upper: {INCOMPLETE_UPPER}}}  # keep this comment
"""

ALTERNATIVES_YAML = f"""\
goal: {{id: G, name: 选址}}
criteria:
  - {{id: L1, name: 交通}}
  - {{id: L2, name: 成本}}
alternatives:
  - {{id: A, name: 甲地}}
  - {{id: B, name: 乙地}}
  - {{id: C, name: 丙地}}
  - {{id: D, name: 丁地}}
judgments:
  G: {{upper: [2]}}
  # the sites under L1, one pair not compared
  L1: {{upper: {INCOMPLETE_UPPER}}}
  L2:
    pairs:
      - [A, B, 2]
      - [A, C, 1/3]
      - [B, C, "1/5"]
      - [C, D, 9]
      - [B, D, 1/7]
"""


def _incomplete() -> tuple[np.ndarray, np.ndarray]:
    A = np.ones((4, 4))
    iu, ju = np.triu_indices(4, 1)
    upper = np.array([1, 3, np.nan, 3, 1 / 3, 1 / 2])
    A[iu, ju] = upper
    A[ju, iu] = 1 / upper
    return A, ~np.isnan(A)


def _read(text: str, path: str = "e.yaml") -> Any:
    return parse_evaluation(yaml.safe_load(text), path=path)


def test_the_example_fails_gci_but_not_its_completed_cr() -> None:
    """The incomplete example: GCI* over 0.35 for n = 4, completed CR under 0.1."""
    A, given = _incomplete()
    res = solve_incomplete_stack(A, given, SAATY)
    assert float(res.gci) >= 0.35
    assert float(res.cr) < 0.1


def test_matrix_test_picks_the_issues_measure() -> None:
    """CR for a complete matrix; GCI* at CR threshold 0.1; the completed CR otherwise;
    nothing measurable for a spanning tree."""
    _, given = _incomplete()
    assert matrix_test(None, "root", SAATY, 0.1).name == "cr"
    gci = matrix_test(given, "root", SAATY, 0.1)
    assert (gci.name, gci.threshold, gci.label) == ("gci", 0.35, "GCI*")
    other = matrix_test(given, "root", SAATY, 0.15)
    assert (other.name, other.threshold) == ("cr_completed", 0.15)
    tree = np.eye(4, dtype=bool)
    for i in range(3):
        tree[i, i + 1] = tree[i + 1, i] = True
    none = matrix_test(tree, "root", SAATY, 0.1)
    assert none.name == "none"
    assert none.measure is None


def test_incomplete_repair_changes_only_given_pairs_until_gci_passes() -> None:
    """The search by GCI* never proposes a missing pair, and stops under 0.35."""
    A, given = _incomplete()
    found = repair(A, gci_measure(SAATY), 0.35, given=given)
    assert found.outcome == "repaired"
    assert found.steps
    for step in (*found.best, *found.steps):
        assert given[step.i, step.j]
        assert step.new in SCALE
    final = solve_incomplete_stack(found.matrix, given, SAATY)
    assert float(final.gci) < 0.35
    assert math.isclose(found.cr_final, float(final.gci), abs_tol=1e-12)
    assert np.isnan(found.matrix[0, 3])  # the pair not compared stays missing


def test_the_first_gci_step_is_the_lowest_gci_by_brute_force() -> None:
    """The first step is the given pair and scale value with the lowest GCI*, computed
    here candidate by candidate."""
    A, given = _incomplete()
    best: tuple[float, int, int] | None = None
    pairs = [(a, b) for a in range(4) for b in range(a + 1, 4) if given[a, b]]
    for i, j in pairs:
        for v in SCALE:
            if abs(v / A[i, j] - 1) <= 0.01:
                continue
            B = A.copy()
            B[i, j], B[j, i] = v, 1 / v
            g = float(solve_incomplete_stack(B, given, SAATY).gci)
            if best is None or g < best[0] - 1e-12:
                best = (g, i, j)
    assert best is not None
    step = repair(A, gci_measure(SAATY), 0.35, given=given).steps[0]
    assert (step.i, step.j) == best[1:]
    assert math.isclose(step.cr_after, best[0], abs_tol=1e-12)


def test_check_hints_for_an_incomplete_matrix_are_repairs_first_steps() -> None:
    """check's hints for an incomplete matrix come from the same search: the first is
    repair's first step, named with GCI* and carrying the completed CR after it."""
    result = solve(_read(GOAL_YAML))
    m = result.matrix("G")
    assert m.test == "gci"
    assert not m.consistent
    assert len(m.repair) == 3
    A, given = _incomplete()
    first = repair(A, gci_measure(SAATY), 0.35, given=given).steps[0]
    hint = m.repair[0]
    assert (hint.row, hint.col, hint.value) == (f"C{first.i + 1}", f"C{first.j + 1}", first.new)
    assert hint.measure == "gci"
    assert hint.measure_after == first.cr_after
    B = A.copy()
    B[first.i, first.j], B[first.j, first.i] = first.new, 1 / first.new
    completed = completed_cr_measure(SAATY)(B[None], given)[1][0]
    assert math.isclose(hint.cr_after, float(completed), abs_tol=1e-12)
    messages = [f.message for f in findings(result) if f.severity == "hint"]
    assert "G: hint: set C3/C4 from 1/2 to 1/9 (GCI* 0.4242 -> 0.0000); " in messages[1]


def test_check_hints_name_the_completed_cr_at_another_threshold() -> None:
    """With cr_threshold 0.07 the incomplete matrix is tested and repaired by its
    completed CR, and the hint says so."""
    result = solve(_read(GOAL_YAML), cr_threshold=0.07)
    m = result.matrix("G")
    assert (m.test, m.consistent) == ("cr_completed", False)
    assert m.repair[0].measure == "cr_completed"
    assert m.repair[0].measure_after == m.repair[0].cr_after
    hints = [f.message for f in findings(result) if f.severity == "hint"]
    assert any("(completed CR 0.0803 -> " in h for h in hints)


def test_level_one_follows_the_goal_matrixs_own_test() -> None:
    """An incomplete goal matrix failing GCI* fails level 1 although its completed CR
    is under 0.1; passing its test (threshold 0.09) it passes level 1."""
    failing = solve(_read(GOAL_YAML))
    assert failing.levels[0].cr < 0.1
    assert failing.levels[0].consistent is False
    assert failing.consistent is False
    passing = solve(_read(GOAL_YAML), cr_threshold=0.09)
    assert passing.matrix("G").consistent
    assert passing.levels[0].consistent


def test_an_incomplete_alternatives_matrix_is_tested_by_gci() -> None:
    """An alternatives matrix with a pair missing is solved by LLSM and tested by GCI*
    (fails at 0.4242 although its completed CR is 0.0803), with repair hints."""
    result = solve(_read(ALTERNATIVES_YAML))
    assert result.alternatives is not None
    leaf = next(x for x in result.alternatives.leaves if x.id == "L1")
    assert (leaf.method, leaf.test, leaf.consistent) == ("llsm", "gci", False)
    assert leaf.cr < 0.1
    assert leaf.gci_threshold == 0.35
    assert leaf.missing == (("A", "D"),)
    assert leaf.repair[0].measure == "gci"
    doc = leaf.matrix_dict()
    assert doc["consistency_test"] == "gci"
    assert doc["missing"] == [["A", "D"]]
    assert doc["cr_label"] == "completed (lenient)"
    assert not result.consistent


def test_alternatives_hints_are_the_same_search() -> None:
    """The alternatives matrix under L2 (pairs form, A/D not compared) gets the best
    single changes of the same search as any matrix."""
    result = solve(_read(ALTERNATIVES_YAML))
    assert result.alternatives is not None
    leaf = next(x for x in result.alternatives.leaves if x.id == "L2")
    assert leaf.judgment is not None
    assert leaf.test == "gci"
    assert not leaf.consistent
    assert leaf.judgment.missing == (("A", "D"),)
    found = repair(
        leaf.judgment.matrix,
        gci_measure(SAATY),
        0.35,
        given=leaf.judgment.given_mask(),
        greedy=False,
    )
    first = found.best[0]
    ids = ["A", "B", "C", "D"]
    assert (leaf.repair[0].row, leaf.repair[0].col) == (ids[first.i], ids[first.j])


def test_repair_covers_alternatives_and_incomplete_matrices() -> None:
    """repair_hierarchy repairs the alternatives matrices too, by their own tests, and
    the hierarchy solved again is consistent."""
    done = repair_hierarchy(solve(_read(ALTERNATIVES_YAML)))
    kinds = {(m.id, m.kind, m.test.name) for m in done.matrices}
    assert kinds == {("L1", "alternatives", "gci"), ("L2", "alternatives", "gci")}
    assert all(m.repaired for m in done.matrices)
    assert done.after.consistent
    assert done.repaired


def test_repair_write_changes_alternatives_entries(tmp_path: Path) -> None:
    """`repair --write` rewrites the changed alternatives judgments in place (pairs and
    upper forms, null kept, comments kept) and the copy checks consistent."""
    src = tmp_path / "evaluation.yaml"
    src.write_text(ALTERNATIVES_YAML, encoding="utf-8")
    out = tmp_path / "repaired.yaml"
    result = runner.invoke(app, ["repair", str(src), "--write", str(out), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert src.read_text(encoding="utf-8") == ALTERNATIVES_YAML
    doc = json.loads(result.stdout)
    assert {m["kind"] for m in doc["matrices"]} == {"alternatives"}
    assert all(m["consistency_test"] == "gci" for m in doc["matrices"])
    text = out.read_text(encoding="utf-8")
    assert "# the sites under L1, one pair not compared" in text
    assert "null" in text
    changed = [
        (a, b)
        for a, b in zip(ALTERNATIVES_YAML.splitlines(), text.splitlines(), strict=True)
        if a != b
    ]
    steps = sum(len(m["steps"]) for m in doc["matrices"])
    assert 1 <= len(changed) <= steps
    check = runner.invoke(app, ["check", str(out)])
    assert check.exit_code == 0, check.output


def test_repair_command_names_the_measure(tmp_path: Path) -> None:
    """The text report of repair names GCI* and the pairs not compared."""
    src = tmp_path / "evaluation.yaml"
    src.write_text(GOAL_YAML, encoding="utf-8")
    result = runner.invoke(app, ["repair", str(src)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[1] == (
        f"{src}:8: G: GCI* 0.4242 >= 0.35 (incomplete, LLSM; 1 pair not compared); "
        "1 step, GCI* 0.0000: repaired"
    )
    assert lines[2] == (
        f"  1. {src}:8: set C3/C4 from 1/2 to 1/9 (GCI* 0.4242 -> 0.0000); |ln(a w_j/w_i)| = 0.56"
    )


def test_a_spanning_tree_is_neither_hinted_nor_repaired() -> None:
    """Pairs forming a spanning tree cannot be measured: no hints, nothing to repair."""
    text = GOAL_YAML.replace(INCOMPLETE_UPPER, "[3, null, null, 1/2, null, 5]")
    result = solve(_read(text))
    m = result.matrix("G")
    assert (m.test, m.consistent, m.repair) == ("none", True, ())
    assert repair_hierarchy(result).matrices == ()


ALTERNATIVES_BAD = """\
goal: {id: G, name: 选址}
criteria:
  - {id: L1, name: 交通}
  - {id: L2, name: 成本}
alternatives:
  - {id: A, name: 甲地}
  - {id: B, name: 乙地}
  - {id: C, name: 丙地}
  - {id: D, name: 丁地}
judgments:
  G: [[1, 2], [1/2, 1]]
  L1: [[1, 2], [1/2, 1]]
  L2: {upper: [1, 3, 2]}
  L3: {pairs: [[A, B, 2], [C, D, 9], [A, E, 3]]}
"""


def test_alternatives_messages_say_alternatives(tmp_path: Path) -> None:
    """Size, unknown-item and connection errors of an alternatives matrix speak of
    alternatives, not children."""
    criteria = "  - {id: L2, name: 成本}\n"
    text = ALTERNATIVES_BAD.replace(criteria, criteria + "  - {id: L3, name: 环境}\n")
    text = text.replace("G: [[1, 2], [1/2, 1]]", "G: {upper: [2, 2, 1]}")
    src = tmp_path / "evaluation.yaml"
    src.write_text(text, encoding="utf-8")
    result = runner.invoke(app, ["check", str(src)])
    assert result.exit_code == 2
    assert result.stdout.splitlines() == [
        f"{src}:13: L1: matrix has 2 rows, expected 4 (one per alternative: A, B, C, D)",
        (
            f"{src}:14: L2: upper triangle has 3 values, expected 6 for 4 alternatives "
            "(row by row: A/B, A/C, A/D, B/C, B/D, C/D)"
        ),
        f"{src}:15: L3: pair A/E: 'E' is not an alternative (alternatives: A, B, C, D)",
    ]
    connected = text.replace("[A, E, 3]", "[A, B, 3]").replace("[A, B, 2], ", "")
    src.write_text(connected, encoding="utf-8")
    result = runner.invoke(app, ["check", str(src)])
    assert f"{src}:15: L3: the comparisons given do not connect all alternatives: " in (
        result.stdout
    )


def test_children_messages_keep_their_words(tmp_path: Path) -> None:
    """A node's matrix still speaks of children."""
    src = tmp_path / "evaluation.yaml"
    src.write_text(GOAL_YAML.replace(INCOMPLETE_UPPER, "[1, 3, 2]"), encoding="utf-8")
    result = runner.invoke(app, ["check", str(src)])
    assert result.stdout.splitlines() == [
        (
            f"{src}:8: G: upper triangle has 3 values, expected 6 for 4 children "
            "(row by row: C1/C2, C1/C3, C1/C4, C2/C3, C2/C4, C3/C4)"
        )
    ]


def test_csv_names_llsm_and_lists_alternatives(tmp_path: Path) -> None:
    """weigh's CSV keeps its columns, says llsm for an incomplete matrix's children, and
    adds a row per leaf and alternative and a row per alternative's total and rank."""
    import csv
    import io

    src = tmp_path / "evaluation.yaml"
    src.write_text(ALTERNATIVES_YAML, encoding="utf-8")
    result = runner.invoke(app, ["weigh", str(src), "-f", "csv", "--cr-threshold", "0.5"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert list(rows[0])[:13] == [
        "id", "name", "name_en", "parent", "level", "is_leaf", "local_weight",
        "parent_weight", "global_weight", "rank", "parent_cr", "method", "ri_table",
    ]  # fmt: skip
    assert [r["kind"] for r in rows] == ["indicator"] * 2 + ["alternative"] * 8 + [
        "alternative_total"
    ] * 4
    under = [r for r in rows if r["kind"] == "alternative"]
    assert {r["method"] for r in under} == {"llsm"}
    assert [(r["parent"], r["id"]) for r in under[:4]] == [("L1", x) for x in "ABCD"]
    doc = json.loads(
        runner.invoke(app, ["weigh", str(src), "-f", "json", "--cr-threshold", "0.5"]).stdout
    )
    totals = {r["id"]: r for r in rows if r["kind"] == "alternative_total"}
    for a, priority in doc["alternatives"].items():
        assert math.isclose(float(totals[a]["global_weight"]), priority, abs_tol=5e-5)
    assert [a for a, _ in sorted(totals.items(), key=lambda t: int(t[1]["rank"]))] == doc[
        "alternative_ranking"
    ]
    for r in under:
        assert math.isclose(
            float(r["local_weight"]),
            doc["alternative_priorities"][r["parent"]][r["id"]],
            abs_tol=5e-5,
        )
    src.write_text(GOAL_YAML, encoding="utf-8")
    plain = runner.invoke(app, ["weigh", str(src), "-f", "csv"])
    rows = list(csv.DictReader(io.StringIO(plain.stdout)))
    assert {(r["method"], r["kind"]) for r in rows} == {("llsm", "indicator")}

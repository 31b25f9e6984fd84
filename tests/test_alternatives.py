"""Alternatives (classic AHP): priorities under every leaf, the syntheses, the checks."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from ahp_eval.ahp.alternatives import local_scores
from ahp_eval.ahp.hierarchy import HierarchyResult, solve
from ahp_eval.cli import app
from ahp_eval.errors import InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.settings import check_setting

ROOT = Path(__file__).resolve().parent.parent
LEADER = ROOT / "examples" / "choose-leader" / "evaluation.yaml"

runner = CliRunner()


def _solve(data: dict[str, Any], **how: Any) -> HierarchyResult:
    return solve(parse_evaluation(data), **how)


def two_leaves(**top: Any) -> dict[str, Any]:
    """Goal G over leaves L1 and L2 (L1 three times L2: 0.75, 0.25); alternatives X, Y:
    under L1 X three times Y (0.75, 0.25), under L2 scores X 1, Y 4 (0.2, 0.8)."""
    data: dict[str, Any] = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [{"id": "L1", "name": "一"}, {"id": "L2", "name": "二"}],
        "alternatives": [{"id": "X", "name": "甲"}, {"id": "Y", "name": "乙"}],
        "judgments": {"G": {"upper": [3]}, "L1": {"upper": [3]}},
        "performance": {"L2": {"values": {"X": 1, "Y": 4}}},
    }
    data.update(top)
    return data


# Analytic hierarchy process – leader example (Wikipedia, "Analytic hierarchy process –
# leader example"; the same judgments ship with the R package ahp as
# inst/extdata/tom_dick_harry.ahp). Printed to three decimals there: criteria
# Experience .547, Education .127, Charisma .270, Age .056; candidates under each
# criterion Tom/Dick/Harry: Experience .217/.717/.066, Education .188/.081/.731,
# Charisma .743/.194/.063, Age .265/.672/.063; totals Tom .358, Dick .493, Harry .149.
PRINTED_CRITERIA = {"Experience": 0.547, "Education": 0.127, "Charisma": 0.270, "Age": 0.056}
PRINTED_LOCAL = {
    "Experience": {"Tom": 0.217, "Dick": 0.717, "Harry": 0.066},
    "Education": {"Tom": 0.188, "Dick": 0.081, "Harry": 0.731},
    "Charisma": {"Tom": 0.743, "Dick": 0.194, "Harry": 0.063},
    "Age": {"Tom": 0.265, "Dick": 0.672, "Harry": 0.063},
}
PRINTED_TOTAL = {"Tom": 0.358, "Dick": 0.493, "Harry": 0.149}


def test_leader_example_reproduces_the_published_priorities() -> None:
    """The leader example with the source's eigenvector method gives its printed
    priorities to +-0.001: criteria, candidates under each criterion, totals, ranking."""
    evaluation = load_evaluation(LEADER)
    assert evaluation.settings.method == "eigen"
    result = solve(evaluation, method="eigen")
    assert result.alternatives is not None
    for leaf, printed in PRINTED_CRITERIA.items():
        assert result.global_weights[leaf] == pytest.approx(printed, abs=0.001)
    for under in result.alternatives.leaves:
        for alt, printed in PRINTED_LOCAL[under.id].items():
            assert under.local[alt] == pytest.approx(printed, abs=0.001), (under.id, alt)
    for alt, printed in PRINTED_TOTAL.items():
        assert result.alternatives.totals[alt] == pytest.approx(printed, abs=0.001)
    assert [r.alternative.id for r in result.alternatives.ranking] == ["Dick", "Tom", "Harry"]
    assert result.consistent


def test_distributive_and_ideal_by_hand() -> None:
    """Distributive: X = .75*.75 + .25*.2 = .6125, Y = .3875. Ideal: X = .75*1 + .25*.25
    = .8125, Y = .75/3 + .25*1 = .5, renormalised: 13/21 and 8/21."""
    dist = _solve(two_leaves()).alternatives
    assert dist is not None
    assert dist.synthesis == "distributive"
    assert dist.totals["X"] == pytest.approx(0.6125)
    assert dist.totals["Y"] == pytest.approx(0.3875)
    assert dist.leaves[1].local == pytest.approx({"X": 0.2, "Y": 0.8})
    ideal = _solve(two_leaves(), synthesis="ideal").alternatives
    assert ideal is not None
    assert ideal.synthesis == "ideal"
    assert ideal.leaves[0].local == pytest.approx({"X": 1.0, "Y": 1 / 3})
    assert ideal.leaves[1].local == pytest.approx({"X": 0.25, "Y": 1.0})
    assert ideal.leaves[0].weights == pytest.approx({"X": 0.75, "Y": 0.25})
    assert ideal.totals["X"] == pytest.approx(13 / 21)
    assert ideal.totals["Y"] == pytest.approx(8 / 21)
    setting = _solve(two_leaves(settings={"synthesis": "ideal"})).alternatives
    assert setting is not None
    assert setting.totals == pytest.approx(ideal.totals)


def test_ideal_can_reverse_a_ranking_that_distributive_gives() -> None:
    """Three leaves of equal weight, scores A (9, 1, 1), B (1, 5, 5). Distributive:
    A = (0.9 + 1/6 + 1/6)/3, B = (0.1 + 5/6 + 5/6)/3; ideal: A = 1 + 1/5 + 1/5,
    B = 1/9 + 1 + 1, renormalised, so B ranks first."""
    data = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [{"id": f"L{k}", "name": f"n{k}"} for k in (1, 2, 3)],
        "alternatives": [{"id": "A", "name": "a"}, {"id": "B", "name": "b"}],
        "judgments": {"G": {"upper": [1, 1, 1]}},
        "performance": {"L1": [9, 1], "L2": [1, 5], "L3": [1, 5]},
    }
    dist = _solve(data).alternatives
    assert dist is not None
    assert dist.totals["A"] == pytest.approx((0.9 + 1 / 6 + 1 / 6) / 3)
    assert dist.totals["B"] == pytest.approx((0.1 + 5 / 6 + 5 / 6) / 3)
    ideal = _solve(data, synthesis="ideal").alternatives
    assert ideal is not None
    a, b = 1 + 0.2 + 0.2, 1 / 9 + 1 + 1
    assert ideal.totals["A"] == pytest.approx(a / (a + b))
    assert [r.alternative.id for r in ideal.ranking] == ["B", "A"]


def test_performance_cost_takes_the_reciprocal() -> None:
    """cost: true scores 1/x: values 2 and 4 give 0.5 and 0.25, that is 2/3 and 1/3
    (distributive) or 1 and 1/2 (ideal); larger-is-better 2 and 4 give 1/3 and 2/3."""
    assert local_scores([2, 4], cost=True, synthesis="distributive") == pytest.approx(
        [2 / 3, 1 / 3]
    )
    assert local_scores([2, 4], cost=True, synthesis="ideal") == pytest.approx([1, 0.5])
    assert local_scores([2, 4], cost=False, synthesis="distributive") == pytest.approx(
        [1 / 3, 2 / 3]
    )
    data = two_leaves(performance={"L2": {"values": [2, 4], "cost": True}})
    result = _solve(data).alternatives
    assert result is not None
    assert result.leaves[1].local == pytest.approx({"X": 2 / 3, "Y": 1 / 3})
    assert result.totals["X"] == pytest.approx(0.75 * 0.75 + 0.25 * 2 / 3)


def test_alternatives_level_enters_the_total_consistency() -> None:
    """With leaf weights .75/.25 and eigenvector CIs (3x3: lambda = 1 + r^(1/3) + r^(-1/3),
    r = a12 a23 / a13), the next level's CR is (.75 CI1 + .25 CI2) / ((.75 + .25) RI(3))."""
    data = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [{"id": "L1", "name": "一"}, {"id": "L2", "name": "二"}],
        "alternatives": [{"id": k, "name": k} for k in ("X", "Y", "Z")],
        "settings": {"method": "eigen"},
        "judgments": {
            "G": {"upper": [3]},
            "L1": {"upper": [2, 1, 2]},  # r = 2*2/1 = 4
            "L2": {"upper": [3, 1, 2]},  # r = 6
        },
    }
    result = _solve(data)

    def ci(r: float) -> float:
        return float((1 + r ** (1 / 3) + r ** (-1 / 3) - 3) / 2)

    assert len(result.levels) == 2
    level = result.levels[-1]
    assert level.level == 2
    assert level.ci == pytest.approx(0.75 * ci(4) + 0.25 * ci(6))
    assert level.ri == pytest.approx(0.58)
    assert level.cr == pytest.approx((0.75 * ci(4) + 0.25 * ci(6)) / 0.58)
    assert level.cr_cumulative == pytest.approx(level.cr)  # the goal's 2x2 matrix: CR 0
    assert result.total == level
    assert result.alternatives is not None
    assert result.alternatives.leaves[0].ci == pytest.approx(ci(4))


def test_performance_leaves_stay_out_of_the_total_consistency() -> None:
    """Only leaves compared pairwise count: a performance table has no CI or RI."""
    result = _solve(two_leaves())
    level = result.levels[-1]
    assert level.ri == pytest.approx(0.75 * 0.0)  # L1 is 2x2: RI(2) = 0
    assert level.cr == 0.0
    all_scored = two_leaves(
        judgments={"G": {"upper": [3]}}, performance={"L1": [1, 2], "L2": [3, 4]}
    )
    assert len(_solve(all_scored).levels) == 1


def test_json_contract_gains_the_alternatives() -> None:
    """weigh's JSON adds synthesis, alternatives, alternative_ranking,
    alternative_priorities and alternative_matrices; files without alternatives have none."""
    doc = _solve(two_leaves()).to_dict()
    assert doc["synthesis"] == "distributive"
    assert doc["alternatives"] == pytest.approx({"X": 0.6125, "Y": 0.3875})
    assert doc["alternative_ranking"] == ["X", "Y"]
    assert doc["alternative_priorities"]["L2"] == pytest.approx({"X": 0.2, "Y": 0.8})
    assert list(doc["alternative_matrices"]) == ["L1"]
    matrix = doc["alternative_matrices"]["L1"]
    assert matrix["weights"] == pytest.approx({"X": 0.75, "Y": 0.25})
    assert matrix["cr"] == 0.0
    assert matrix["consistent"] is True
    assert matrix["leaf_weight"] == pytest.approx(0.75)
    assert doc["alternative_performance"]["L2"]["values"] == {"X": 1.0, "Y": 4.0}
    assert doc["alternative_names"]["X"] == {"name": "甲", "name_en": None}
    json.dumps(doc)
    plain = two_leaves()
    for key in ("alternatives", "performance"):
        del plain[key]
    plain["judgments"] = {"G": {"upper": [3]}}
    doc = _solve(plain).to_dict()
    assert not {k for k in doc if k.startswith("alternative")} | ({"synthesis"} & doc.keys())


def test_matrices_are_stacked_with_the_hierarchy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The alternatives' 3x3 matrices are solved in the same stack as the goal's 3x3."""
    from ahp_eval.ahp import hierarchy

    shapes: list[tuple[int, ...]] = []
    real = hierarchy.solve_stack  # type: ignore[attr-defined]

    def spy(stack: Any, *args: Any) -> Any:
        shapes.append(np.shape(stack))
        return real(stack, *args)

    monkeypatch.setattr(hierarchy, "solve_stack", spy)  # the name hierarchy.py calls
    data = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [{"id": k, "name": k} for k in ("L1", "L2", "L3")],
        "alternatives": [{"id": k, "name": k} for k in ("X", "Y", "Z")],
        "judgments": {k: {"upper": [2, 4, 2]} for k in ("G", "L1", "L2", "L3")},
    }
    _solve(data)
    assert shapes == [(4, 3, 3)]


def test_synthesis_setting_is_checked_like_a_file() -> None:
    """settings.synthesis takes distributive or ideal, nothing else."""
    assert check_setting("synthesis", "ideal") == "ideal"
    with pytest.raises(Exception, match="unknown synthesis 'best'; choose distributive, ideal"):
        check_setting("synthesis", "best")


ERRORS_YAML = """\
goal: {id: G, name: 目标}
alternatives:
  - {id: X, name: 甲}
  - {id: Y, name: 乙}
  - {id: Z, name: 丙}
criteria:
  - id: B1
    name: 一
    indicators:
      - {id: C1, name: 一一}
      - {id: C2, name: 一二}
      - {id: C3, name: 一三}
      - {id: C4, name: 一四}
  - {id: B2, name: 二}
  - {id: B3, name: 三}
  - {id: B4, name: 四}
judgments:
  G: {upper: [1, 1, 1, 1, 1, 1]}
  B1: {upper: [1, 1, 1, 1, 1, 1]}
  C1: {upper: [2, 3]}
  C2: {upper: [1, 1, 1]}
performance:
  C2: [1, 2, 3]
  C3: {values: {X: 0, Y: -2, Z: 3}}
  C4: {values: {X: 1, W: 2}}
  B2: [1, 2]
  B3: {values: [1, 2, 3], cost: maybe}
  B1: [1, 2, 3]
  Q9: [1, 2, 3]
"""


def test_every_problem_is_reported_with_its_line(write_yaml: Any) -> None:
    """Zero, negative, unknown and missing alternatives, wrong counts, unknown leaves,
    non-leaves, both or neither for a leaf: each at its line, all at once, exit 2."""
    path = write_yaml(ERRORS_YAML)
    result = runner.invoke(app, ["weigh", str(path)])
    assert result.exit_code == 2
    p = str(path)
    positive = (
        "must be positive (larger is better; "
        "for smaller-is-better give the real value and cost: true)"
    )
    assert result.stderr.splitlines() == [
        (
            f"{p}:16: no comparison of the alternatives under leaf 'B4': give a judgments entry "
            "B4 over the alternatives, or performance scores"
        ),
        (
            f"{p}:20: C1: upper triangle has 2 values, expected 3 for 3 alternatives "
            "(row by row: X/Y, X/Z, Y/Z)"
        ),
        (
            f"{p}:23: performance: 'C2' is also compared pairwise under judgments (line 21); "
            "give one or the other"
        ),
        f"{p}:24: performance: C3: X: score 0 {positive}",
        f"{p}:24: performance: C3: Y: score -2 {positive}",
        f"{p}:25: performance: C4: unknown alternative 'W' (alternatives: X, Y, Z)",
        f"{p}:25: performance: C4: no score for 'Y', 'Z' (every alternative needs one)",
        f"{p}:26: performance: B2: 2 scores, expected 3 (one per alternative, in order: X, Y, Z)",
        f"{p}:27: performance: B3: cost: expected true or false, got the text 'maybe'",
        (
            f"{p}:28: performance: 'B1' is not a leaf (it has children: C1, C2, C3, C4); "
            "score the leaves"
        ),
        f"{p}:29: performance: unknown leaf 'Q9'",
    ]


def test_alternatives_list_problems(write_yaml: Any) -> None:
    """A repeated alternative id, too few alternatives, a broken item: each at its line."""
    head = "goal: {id: G, name: g}\ncriteria: [{id: L1, name: a}, {id: L2, name: b}]\n"
    tail = "judgments: {G: {upper: [1]}}\nperformance: {L1: [1, 2], L2: [1, 2]}\n"
    path = write_yaml(head + "alternatives:\n  - {id: X, name: x}\n  - {id: X, name: y}\n" + tail)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == f"{path}:5: alternative id 'X' is used twice (first on line 4)\n"
    path = write_yaml(head + "alternatives: [{id: X, name: x}]\n" + tail)
    result = runner.invoke(app, ["check", str(path)])
    assert result.stdout == (
        f"{path}:3: alternatives: needs at least two alternatives to compare, got 1\n"
    )
    path = write_yaml(head + "alternatives:\n  - {id: X, name: x}\n  - {id: Y}\n" + tail)
    result = runner.invoke(app, ["check", str(path)])
    assert result.stdout == f"{path}:5: alternatives[1]: missing field 'name'\n"


def test_without_alternatives_leaf_judgments_and_performance_are_errors(
    write_yaml: Any,
) -> None:
    """Without an alternatives: list a judgment keyed by a leaf stays an error, and a
    performance table says the list is missing."""
    path = write_yaml(
        "goal: {id: G, name: g}\n"
        "criteria: [{id: L1, name: a}, {id: L2, name: b}]\n"
        "judgments: {G: {upper: [1]}, L1: {upper: [2]}}\n"
        "performance: {L2: [1, 2]}\n"
    )
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert result.stdout == (
        f"{path}:3: judgments given for 'L1', which has no children\n"
        f"{path}:4: performance: scores alternatives, but the file has no alternatives: list\n"
    )


def test_judgments_file_carries_the_leaf_matrices(write_yaml: Any) -> None:
    """A separate judgments file may hold the alternatives' matrices; its problems are
    located in it, and a leaf compared there and scored in the file is refused."""
    evaluation = write_yaml(
        "goal: {id: G, name: 目标}\n"
        "criteria: [{id: L1, name: 一}, {id: L2, name: 二}]\n"
        "alternatives: [{id: X, name: 甲}, {id: Y, name: 乙}]\n"
        "performance: {L2: {values: {X: 1, Y: 4}}}\n"
    )
    judgments = write_yaml("judgments:\n  G: {upper: [3]}\n  L1: {upper: [3]}\n", "j.yaml")
    result = runner.invoke(app, ["weigh", str(evaluation), "-j", str(judgments), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["alternatives"] == pytest.approx({"X": 0.6125, "Y": 0.3875})
    bad = write_yaml(
        "judgments:\n  G: {upper: [3]}\n  L1: {upper: [3, 2]}\n  L2: {upper: [1]}\n", "bad.yaml"
    )
    result = runner.invoke(app, ["check", str(evaluation), "-j", str(bad)])
    assert result.exit_code == 2
    assert result.stdout == (
        f"{bad}:3: L1: upper triangle has 2 values, expected 1 for 2 alternatives "
        "(row by row: X/Y)\n"
        f"{evaluation}:4: performance: 'L2' is also compared pairwise under judgments "
        f"({bad}, line 4); give one or the other\n"
    )


INCONSISTENT_YAML = """\
goal: {id: G, name: 目标}
criteria: [{id: L1, name: 一}, {id: L2, name: 二}]
alternatives: [{id: X, name: 甲}, {id: Y, name: 乙}, {id: Z, name: 丙}]
judgments:
  G: {upper: [1]}
  L1: {upper: [9, 1/9, 9]}
performance: {L2: [1, 2, 3]}
"""


def test_check_exits_1_on_an_inconsistent_alternatives_matrix(write_yaml: Any) -> None:
    """An alternatives matrix over the threshold fails check (exit 1) with its line and
    hints (the best single changes, as for any matrix), and weigh exits 1 too; the
    matrix counts in check's matrices."""
    path = write_yaml(INCONSISTENT_YAML)
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 1
    after = "(CR 6.1303 -> 0.4835); |ln(a w_j/w_i)| = 2.20"
    assert result.stdout.splitlines() == [
        (
            f"{path}:6: L1 (alternatives): CR 6.1303 >= 0.1 (n=3, λmax 10.1111, CI 3.5556, "
            "RI 0.58; root, RI saaty): inconsistent judgment matrix"
        ),
        f"{path}:6: L1 (alternatives): hint: set X/Y from 9 to 1/9 {after}",
        f"{path}:6: L1 (alternatives): hint: set X/Z from 1/9 to 9 {after}",
        f"{path}:6: L1 (alternatives): hint: set Y/Z from 9 to 1/9 {after}",
        (
            f"{path}:1: total CR of level 2 = 6.1303 >= 0.1 (Σa·CI 1.7778 / Σa·RI 0.2900; "
            "root, RI saaty)"
        ),
    ]
    doc = json.loads(runner.invoke(app, ["check", str(path), "-f", "json"]).stdout)
    (file,) = doc["files"]
    assert file["matrices"] == 2
    assert file["alternative_ranking"][0] in {"X", "Y", "Z"}
    assert math.isclose(sum(file["alternatives"].values()), 1.0)
    weigh = runner.invoke(app, ["weigh", str(path), "-f", "json"])
    assert weigh.exit_code == 1
    assert json.loads(weigh.stdout)["alternative_matrices"]["L1"]["consistent"] is False


def test_synthesis_option(write_yaml: Any) -> None:
    """--synthesis ideal on weigh and check; a wrong value is an option error (exit 2)."""
    path = write_yaml(json.dumps(two_leaves()))
    result = runner.invoke(app, ["weigh", str(path), "-f", "json", "--synthesis", "ideal"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["synthesis"] == "ideal"
    assert doc["alternatives"]["X"] == pytest.approx(13 / 21)
    result = runner.invoke(app, ["check", str(path), "-f", "json", "--synthesis", "ideal"])
    assert json.loads(result.stdout)["files"][0]["alternatives"]["X"] == pytest.approx(13 / 21)
    result = runner.invoke(app, ["weigh", str(path), "--synthesis", "best"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: --synthesis: unknown synthesis 'best'; choose distributive, ideal\n"
    )


def test_file_setting_synthesis_is_checked(write_yaml: Any) -> None:
    """settings.synthesis with an unknown value is an input error at its line."""
    path = write_yaml(json.dumps(two_leaves(settings={"synthesis": "best"}), indent=1))
    with pytest.raises(InputErrors, match="unknown synthesis 'best'"):
        load_evaluation(path)


def test_markdown_shows_the_alternatives_escaped_and_aligned() -> None:
    """Markdown lists every leaf's alternative priorities and the ranking; names are
    shown literally (a '|' escaped) and columns aligned with wide characters."""
    from ahp_eval.report.weigh_plain import render_markdown

    data = two_leaves(
        alternatives=[{"id": "X", "name": "甲|方案"}, {"id": "Y", "name": "*乙*"}],
    )
    text = render_markdown(_solve(data), 4)
    assert "## 备选方案 Alternatives" in text
    assert text.split("## 备选方案 Alternatives\n")[1].split("\n## ")[0] == (
        "\n合成 Synthesis: distributive 分配式 (each leaf's priorities sum to 1)\n\n"
        "| ID | 名称 Name | 全局权重 Global | 甲\\|方案 | \\*乙\\* | 判断 Basis              |\n"
        "|----|-----------|----------------:|---------:|-------:|-------------------------|\n"
        "| L1 | 一        |          0.7500 |   0.7500 | 0.2500 | CR = 0.0000 ✓ 通过 pass |\n"
        "| L2 | 二        |          0.2500 |   0.2000 | 0.8000 | scores 评分             |\n"
        "\n### 备选方案总排序 Ranking of the alternatives\n\n"
        "| 排序 Rank | ID | 名称 Name | 总优先级 Priority |\n"
        "|----------:|----|-----------|------------------:|\n"
        "|         1 | X  | 甲\\|方案  |            0.6125 |\n"
        "|         2 | Y  | \\*乙\\*    |            0.3875 |\n"
    )


def test_table_shows_the_alternatives() -> None:
    """The terminal report shows the synthesis, the leaves and the ranking."""
    from ahp_eval.report.weigh_table import render_table

    text = render_table(_solve(two_leaves(), synthesis="ideal"), 4)
    assert "备选方案 Alternatives" in text
    assert "合成 Synthesis: ideal" in text
    assert "Ranking of the alternatives" in text
    assert "0.6190" in text  # X: 13/21
    assert "scores 评分" in text


def test_reports_without_alternatives_are_unchanged() -> None:
    """A file without alternatives gets no alternatives section."""
    from ahp_eval.report.weigh_plain import render_markdown

    plain = two_leaves(judgments={"G": {"upper": [3]}})
    del plain["alternatives"], plain["performance"]
    assert "备选方案" not in render_markdown(_solve(plain), 4)


def test_extreme_scores_stay_finite() -> None:
    """Scores near the ends of the float range (1e308, a cost of 5e-324) give finite
    priorities: the best alternative 1 (ideal), the others their ratio to it."""
    best, other = local_scores([5e-324, 1.0], cost=True, synthesis="ideal").tolist()
    assert best == 1.0
    assert 0.0 <= other < 1e-300
    assert local_scores([1e308, 1e308], cost=False, synthesis="distributive").tolist() == [
        0.5,
        0.5,
    ]
    assert local_scores([1e308, 1e307], cost=False, synthesis="ideal") == pytest.approx([1.0, 0.1])


def test_markdown_table_without_rows() -> None:
    """A Markdown table with no rows (the score report of a goal whose children are all
    leaves, as in the leader example) is its header and separator."""
    from ahp_eval.report.weigh_plain import md_table

    assert md_table(["ID", "名称"], [], {1}) == ["| ID | 名称 |", "|----|-----:|"]

"""Many groups: stacked statistics and scores give what scoring each group alone gives."""

from __future__ import annotations

import io
import json
import math
from pathlib import Path

import numpy as np
import pytest
from surveys import evaluation

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.errors import AhpEvalError
from ahp_eval.io.survey_file import read_responses
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.report.console import make_console
from ahp_eval.report.render import render, render_pieces
from ahp_eval.report.score_plain import render_score_json
from ahp_eval.report.score_table import score_renderable, score_table_pieces
from ahp_eval.survey.group_stats import StatsBuilder
from ahp_eval.survey.moments import StatPlan, moments_of, stat_plan
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.scoring import GroupScores, ScoreResult, score
from ahp_eval.survey.stacked import StackedGroups, group_counts

LEAVES = ("C11", "C12", "C21")


def export(tmp_path: Path, groups: int, rows: int, seed: int = 1) -> Path:
    """A plain export of ``rows`` answers 1-5 (about 5% empty) in ``groups`` sites; the
    first rows go round every site, complete, so that each has an answer everywhere."""
    rng = np.random.default_rng(seed)
    answers = rng.integers(1, 6, size=(rows, 3)).astype(str)
    answers[(rng.random((rows, 3)) < 0.05) & (np.arange(rows) >= groups)[:, None]] = ""
    site = np.where(np.arange(rows) < groups, np.arange(rows), rng.integers(0, groups, rows))
    lines = ["id,site,C11,C12,C21"]
    lines += [f"{i + 1},站点{site[i]:04d},{','.join(answers[i])}" for i in range(rows)]
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def alone(result: ScoreResult, responses: ResponseSet, **options: object) -> list[object]:
    """Each group scored on its own (a response set of that group alone), as dicts."""
    out = []
    for data in responses.groups:
        one = responses._replace(groups=(data,))
        out.append(score(result.weights, one, **options).to_dict()["groups"][0])  # type: ignore[arg-type]
    return out


def test_many_groups_give_the_json_of_each_group_alone(tmp_path: Path) -> None:
    """1,500 sites read as stacked statistics: the same JSON, to the last digit, as the
    careful reader's per-group answers, and each group as if it were scored alone."""
    ev = evaluation({"group": "site"})
    path = export(tmp_path, 1_500, 6_000)
    fast = read_responses(path, ev)
    careful = read_responses(path, ev, keep_answers=True)
    assert isinstance(fast.groups, StackedGroups)
    assert isinstance(careful.groups, tuple)
    weights = solve(ev)
    a = score(weights, fast, fuzzy=True)
    b = score(weights, careful, fuzzy=True)
    assert len(a.groups) == 1_500
    assert render_score_json(a) == render_score_json(b)
    assert json.loads(render_score_json(a)) == a.to_dict()
    doc = a.to_dict()
    assert doc["groups"] == alone(a, careful, fuzzy=True)
    assert doc["ranking"][:3] == [g.group for g in a.ranking[:3]]


def test_expectations_of_many_groups() -> None:
    """SERVQUAL gap mode: stacked statistics with expectations give each group's gap,
    expectations and scores as its own answers do."""
    rng = np.random.default_rng(4)
    ev = evaluation()
    n, groups = 900, 600
    answers = rng.integers(1, 6, size=(n, 3)).astype(float)
    expected = rng.integers(1, 6, size=(n, 3)).astype(float)
    answers[600:][rng.random((300, 3)) < 0.1] = np.nan
    expected[rng.random((n, 3)) < 0.3] = np.nan
    expected[:, 2] = np.nan  # C21 has no expectation question
    group = np.arange(n) % groups
    plan = stat_plan(ev, ev.survey.scale)
    builder = StatsBuilder(3, plan, expectation=True)
    builder.add_rows(answers, expected, group)
    names = [f"g{i}" for i in range(groups)]
    stacked = ResponseSet("x.csv", LEAVES, StackedGroups(names, builder.result()), n)
    each = ResponseSet(
        "x.csv",
        LEAVES,
        tuple(
            GroupData(name, answers[group == g], expected[group == g])
            for g, name in enumerate(names)
        ),
        n,
    )
    weights = solve(ev)
    a, b = score(weights, stacked, fuzzy=True), score(weights, each, fuzzy=True)
    assert render_score_json(a) == render_score_json(b)
    first = a.groups[0]
    assert first.gap is not None
    assert first.indicators["C21"].gap is None
    assert first.indicators["C11"].expectation is not None


def test_groups_are_made_when_asked_for() -> None:
    """A score result's groups and ranking are sequences: length, index from either
    end, slices, iteration; the ranking is best first, ties in file order."""
    x = {name: np.full((2, 3), v) for name, v in [("b", 2.0), ("a", 4.0), ("c", 2.0)]}
    rs = ResponseSet("x.csv", LEAVES, tuple(GroupData(k, v) for k, v in x.items()), 6)
    result = score(solve(evaluation()), rs)
    assert isinstance(result.groups, GroupScores)
    assert len(result.groups) == 3
    assert [g.group for g in result.groups] == ["b", "a", "c"]
    assert result.groups[-1].group == "c"
    assert [g.group for g in result.groups[1:]] == ["a", "c"]
    assert [g.group for g in result.ranking] == ["a", "b", "c"]
    assert result.ranking[0].composite == pytest.approx(75.0)
    with pytest.raises(IndexError):
        result.groups[3]
    assert repr(result.groups) == "GroupScores(3 groups)"


def test_stacked_groups_read_as_group_data() -> None:
    """Stacked statistics show as GroupData records with their moments, and count
    respondents and answers per group without making them."""
    plan = StatPlan({"overall": (0, 1)}, None)
    x = np.array([[1.0, 2.0], [3.0, np.nan], [5.0, 4.0]])
    builder = StatsBuilder(2, plan, expectation=False)
    builder.add_rows(x, None, np.array([1, 0, 1]))
    groups = StackedGroups(["东", "西"], builder.result())
    assert len(groups) == 2
    assert [g.name for g in groups] == ["东", "西"]
    assert groups[-1].n == 2
    assert groups[0].perception is None
    assert groups[1].stats is not None
    own = moments_of(x[[0, 2]], None, plan)
    np.testing.assert_array_equal(groups[1].stats.pair_sum, own.pair_sum)
    n, answered = group_counts(groups)
    assert list(n) == [1, 2]
    assert answered.tolist() == [[1.0, 0.0], [2.0, 2.0]]
    assert group_counts(tuple(groups))[1].tolist() == answered.tolist()
    assert [g.name for g in groups[::-1]] == ["西", "东"]
    with pytest.raises(ValueError, match="3 group names for the statistics of 2 groups"):
        StackedGroups(["a", "b", "c"], builder.result())


def test_bootstrap_and_fuzzy_need_what_statistics_lack(tmp_path: Path) -> None:
    """Statistics without answers: the bootstrap is refused; without value counts (on a
    0-100 scale with no satisfaction threshold), so is the fuzzy evaluation; each with a
    message that says why."""
    ev = evaluation({"group": "site", "scale": {"min": 0, "max": 100}})
    path = export(tmp_path, 3, 40)
    weights = solve(ev)
    streamed = read_responses(path, ev, fuzzy=False)
    with pytest.raises(AhpEvalError, match="the bootstrap needs every answer in memory"):
        score(weights, streamed, bootstrap=200, seed=1)
    with pytest.raises(AhpEvalError, match="fuzzy memberships need the answers"):
        score(weights, streamed, fuzzy=True)


def test_one_respondent_has_no_interval_and_no_alpha() -> None:
    """A group of one respondent next to a larger one: no interval, alpha undefined
    (n = 1), while the other group has both."""
    ev = evaluation()
    rs = ResponseSet(
        "x.csv",
        LEAVES,
        (
            GroupData("one", np.array([[4.0, 3.0, 5.0]])),
            GroupData("many", np.array([[4.0, 3.0, 5.0], [2.0, 3.0, 1.0], [5.0, 4.0, 4.0]])),
        ),
        4,
    )
    one, many = score(solve(ev), rs).groups
    assert one.interval is None
    assert one.alpha["overall"].value is None
    assert one.alpha["overall"].n == 1
    assert many.interval is not None
    assert many.alpha["overall"].value is not None
    assert not math.isnan(many.composite)


def dumps(result: ScoreResult) -> str:
    """The report as the json module writes the documented contract."""
    return json.dumps(result.to_dict(), ensure_ascii=False, indent=2) + "\n"


FLAT = parse_evaluation(
    {
        "goal": {"id": "A", "name": "目标"},
        "criteria": [{"id": "C1", "name": "一"}, {"id": "C2", "name": '二\n"引号"'}],
        "judgments": {"A": {"upper": [2]}},
        "survey": {"scale": {"min": 0, "max": 100}},
        "grades": [{"min": 60, "label": '及格 "pass"'}, {"min": 0, "label": "不及格"}],
    }
)


def test_json_pieces_are_the_text_of_json_dumps() -> None:
    """Written group by group, the report is json.dumps' text character for character:
    gaps (some undefined), fuzzy levels, one respondent (no interval, no alpha), a
    group with an indicator one respondent answered, quotes and newlines in names."""
    rng = np.random.default_rng(2)
    ev = evaluation()
    sizes = [1, 5, 30, 2, 40]
    data = []
    for g, n in enumerate(sizes):
        x = rng.integers(1, 6, size=(n, 3)).astype(float)
        e = rng.integers(1, 6, size=(n, 3)).astype(float)
        e[:, 1] = np.nan
        if g == 2:
            e[:] = np.nan  # no expectation at all: no gap
        if g == 3:
            x[1:, 2] = np.nan  # one answer to C21
        data.append(GroupData(f'站"{g}"\n', x, e))
    rs = ResponseSet("x.csv", LEAVES, tuple(data), sum(sizes))
    weights = solve(ev)
    for fuzzy in (False, True):
        result = score(weights, rs, fuzzy=fuzzy)
        assert render_score_json(result) == dumps(result)
    assert "NaN" not in dumps(result)


def test_json_pieces_without_criteria_or_groups() -> None:
    """Indicators right under the goal, a 0-100 scale (fuzzy grade bands), and a
    response set of no groups: still json.dumps' text."""
    rng = np.random.default_rng(3)
    x = rng.integers(0, 101, size=(50, 2)).astype(float)
    rs = ResponseSet("x.csv", ("C1", "C2"), (GroupData("a", x[:20]), GroupData("b", x[20:])), 50)
    weights = solve(FLAT)
    result = score(weights, rs, fuzzy=True)
    assert result.groups[0].criteria == {}
    assert render_score_json(result) == dumps(result)
    none = score(weights, rs._replace(groups=()), fuzzy=True)
    assert render_score_json(none) == dumps(none)
    assert json.loads(render_score_json(none))["groups"] == []


def test_json_pieces_of_groups_given_one_by_one() -> None:
    """A score result built by hand from GroupScore records is written as json.dumps
    writes it too."""
    rs = ResponseSet("x.csv", LEAVES, (GroupData("a", np.full((3, 3), 4.0)),), 3)
    result = score(solve(evaluation()), rs)
    by_hand = result._replace(groups=tuple(result.groups))
    assert render_score_json(by_hand) == dumps(result)


def test_reports_in_pieces_are_the_reports_whole(tmp_path: Path) -> None:
    """The table, Markdown and CSV reports written a group at a time are the text made
    at once: the rich report printed as one renderable, and each format's renderer."""
    ev = evaluation({"group": "site"})
    result = score(solve(ev), read_responses(export(tmp_path, 40, 300), ev), fuzzy=True)
    buf = io.StringIO()
    make_console(file=buf).print(score_renderable(result, 2, "en"))
    assert "".join(score_table_pieces(result, 2, "en")) == buf.getvalue()
    assert "".join(render_pieces("score", "table", result, 2, "en")) == buf.getvalue()
    for fmt in ("markdown", "csv", "json"):
        pieces = list(render_pieces("score", fmt, result, 3, "zh"))
        assert len(pieces) > 40
        assert "".join(pieces) == render("score", fmt, result, 3, "zh")
    markdown = render("score", "markdown", result, 3, "zh")
    assert markdown.count("\n## ") == 42  # each group, the ranking, the indicators by group
    assert render("score", "csv", result, 3, "zh").count("\n") == 1 + 40 * (1 + 2 + 3)


@pytest.mark.parametrize("kind", ["whole", "large", "fractional", "some expectations"])
def test_answers_of_many_groups_give_each_groups_own_moments(kind: str) -> None:
    """Groups given by their answers score as from each group's own moments_of, to the
    last digit: whole answers (gathered at once, even on a scale of large numbers),
    fractional answers and expectations for some groups only (each group on its own)."""
    rng = np.random.default_rng(6)
    ev = evaluation()
    scale = Scale(min=100, max=500) if kind == "large" else ev.survey.scale
    plan = stat_plan(ev, scale, counts=True)
    data = []
    for g in range(300):
        x = rng.integers(1, 6, size=(int(rng.integers(2, 9)), 3)).astype(float)
        x[rng.random(x.shape) < 0.1] = np.nan
        x[0] = 3.0  # every indicator answered
        e = rng.integers(1, 6, size=x.shape).astype(float)
        if kind == "large":
            x, e = x * 100, e * 100
        if kind == "fractional":
            x = np.where(x < 5, x + rng.integers(0, 3, size=x.shape) / 3, x)
        keep = kind != "some expectations" or g % 2 == 0
        data.append(GroupData(f"g{g}", x, e if keep else None))
    rs = ResponseSet("x.csv", LEAVES, tuple(data), 0, scale=scale)
    own = rs._replace(groups=tuple(GroupData(d.name, None, stats=d.moments(plan)) for d in data))
    weights = solve(ev)
    assert render_score_json(score(weights, rs, fuzzy=True)) == render_score_json(
        score(weights, own, fuzzy=True)
    )

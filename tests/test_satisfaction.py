"""Per-indicator spread and satisfaction rate, and the full indicator tables."""

from __future__ import annotations

import csv
import io
import json
import statistics
from pathlib import Path

import pytest
from evaluations import THREE_YAML, three_indicators
from surveys import evaluation, read_both, streamed, write
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.cli import app
from ahp_eval.errors import InputErrors
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.survey import Scale, satisfied_threshold
from ahp_eval.survey.responses import ResponseSet
from ahp_eval.survey.scoring import score

runner = CliRunner()

ANSWERS = "site,C11,C12,C21\nA,5,4,3\nA,4,2,1\nA,3,5,5\nA,,1,2\nB,1,2,3\nB,5,5,5\n"
A_C11 = [5, 4, 3]
A_C12 = [4, 2, 5, 1]


def test_default_threshold() -> None:
    """The top two values on whole-number scales of at most 11 points; none otherwise."""
    assert satisfied_threshold(Scale(min=1, max=5), None) == 4
    assert satisfied_threshold(Scale(min=1, max=7), None) == 6
    assert satisfied_threshold(Scale(min=0, max=10), None) == 9
    assert satisfied_threshold(Scale(min=0, max=100), None) is None
    assert satisfied_threshold(Scale(min=1, max=4.5), None) is None
    assert satisfied_threshold(Scale(min=0, max=100), 80) == 80


@pytest.mark.parametrize("keep", [False, True])
def test_rate_sd_and_n_by_hand(tmp_path: Path, keep: bool) -> None:
    """Both readers give the hand-computed sd (n - 1) and the share of answers >= 4."""
    ev = evaluation({"group": "site"})
    fast, careful = read_both(write(tmp_path, ANSWERS), ev)
    rs = careful if keep else fast
    assert isinstance(rs, ResponseSet)
    assert streamed(rs) is not keep
    result = score(solve(ev), rs)
    assert result.satisfied_min == 4
    a = result.groups[0].indicators
    assert a["C11"].n == 3
    assert a["C11"].sd == pytest.approx(statistics.stdev(A_C11), rel=1e-12)
    assert a["C11"].satisfaction == pytest.approx(2 / 3, rel=1e-12)
    assert a["C12"].sd == pytest.approx(statistics.stdev(A_C12), rel=1e-12)
    assert a["C12"].satisfaction == pytest.approx(2 / 4, rel=1e-12)
    assert result.groups[1].indicators["C21"].satisfaction == pytest.approx(1 / 2)


def test_declared_threshold_and_single_answers(tmp_path: Path) -> None:
    """satisfied_min: 5 counts only the top value; one answer has no sd."""
    ev = evaluation({"group": "site", "satisfied_min": 5})
    text = "site,C11,C12,C21\nA,5,4,3\nA,4,5,5\nB,5,5,5\n"
    _, rs = read_both(write(tmp_path, text), ev)
    assert isinstance(rs, ResponseSet)
    result = score(solve(ev), rs)
    a, b = result.groups
    assert a.indicators["C11"].satisfaction == 0.5
    assert b.indicators["C11"].sd is None
    assert b.indicators["C11"].satisfaction == 1.0


def test_no_rate_on_a_0_100_scale_without_a_threshold(tmp_path: Path) -> None:
    """A 0-100 scale gives no rate unless satisfied_min is given."""
    path = write(tmp_path, "C11,C12,C21\n80,70,95\n60,90,85\n")
    for survey, want in (({}, None), ({"satisfied_min": 80}, 0.5)):
        ev = evaluation({"scale": {"min": 0, "max": 100}, **survey})
        _, rs = read_both(path, ev)
        assert isinstance(rs, ResponseSet)
        result = score(solve(ev), rs)
        assert result.groups[0].indicators["C11"].satisfaction == want
        assert result.groups[0].indicators["C12"].sd == pytest.approx(statistics.stdev([70, 90]))


def test_threshold_off_the_scale_is_an_error() -> None:
    """satisfied_min must lie on the scale."""
    with pytest.raises(InputErrors, match=r"survey.satisfied_min: 6 is outside the scale 1..5"):
        parse_evaluation(three_indicators(survey={"satisfied_min": 6}))


def test_reports_carry_the_full_indicator_table(tmp_path: Path) -> None:
    """JSON (sd, satisfaction_rate, satisfied_min), CSV columns, Markdown and HTML tables."""
    ev_path = write(tmp_path, THREE_YAML + "survey: {group: site}\n", name="e.yaml")
    path = write(tmp_path, ANSWERS)
    run = [str(ev_path), str(path)]
    doc = json.loads(runner.invoke(app, ["score", *run, "-f", "json"]).stdout)
    assert doc["satisfied_min"] == 4
    c11 = doc["groups"][0]["indicators"]["C11"]
    assert c11["satisfaction_rate"] == pytest.approx(2 / 3)
    assert c11["sd"] == pytest.approx(1.0)
    rows = list(
        csv.DictReader(io.StringIO(runner.invoke(app, ["score", *run, "-f", "csv"]).stdout))
    )
    row = next(r for r in rows if r["group"] == "A" and r["id"] == "C11")
    assert (row["sd"], row["satisfaction_rate"]) == ("1.00", "0.6667")
    assert next(r for r in rows if r["level"] == "goal")["satisfaction_rate"] == ""
    md = runner.invoke(app, ["score", *run, "-f", "markdown"]).stdout
    assert "### 指标 Indicators" in md
    assert "| 满意率 Satisfied (≥ 4) |" in md.replace("  ", " ").replace("  ", " ")
    assert "## 指标 × 对象 Indicators by group" in md
    assert "| C11 | 一             | 50.00 (50.0%) | 75.00 (66.7%) |" in md  # B ranks first
    html = runner.invoke(app, ["score", *run, "-f", "html"]).stdout
    assert "<h2>指标 × 对象 Indicators by group</h2>" in html
    assert html.count("<h3>指标 Indicators</h3>") == 2

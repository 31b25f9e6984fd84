"""``ahp-eval sensitivity``: formats, exit codes 0/1/2/4, groups from answers."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import yaml
from typer.testing import CliRunner

from ahp_eval.cli import app

ROOT = Path(__file__).resolve().parent.parent
LEADER = ROOT / "examples" / "choose-leader" / "evaluation.yaml"
ACADEMIC = ROOT / "examples" / "academic-platform"
POWER = ROOT / "examples" / "power-supply-center"

runner = CliRunner()


def _run(*args: str) -> Any:
    return runner.invoke(app, ["sensitivity", *args])


def test_leader_is_robust_and_the_text_lists_intervals_and_swaps() -> None:
    """Dick leads in 95.6% of 10,000 seeded samples: exit 0; Experience's swap with Tom."""
    result = _run(str(LEADER), "--seed", "1")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "top of the alternatives: Dick ranks first in 95.6% of samples (robust" in out
    assert "Tom/Dick @ 0.3808" in out
    assert "every matrix consistent in 17.5% of samples" in out


def test_exit_4_when_the_top_item_is_not_stable_enough() -> None:
    """--stability 0.99 asks more than Dick's 95.6%: exit 4 with the share."""
    result = _run(str(LEADER), "--seed", "1", "--stability", "0.99")
    assert result.exit_code == 4
    assert result.stderr == (
        "ahp-eval: the top item Dick ranks first in 95.6% of samples, under --stability 0.99\n"
    )


def test_exit_1_on_inconsistent_judgments_before_4(tmp_path: Path) -> None:
    """An inconsistent matrix exits 1 (the report still written), whatever the samples say."""
    data = {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [
            {"id": "a", "name": "一"},
            {"id": "b", "name": "二"},
            {"id": "c", "name": "三"},
        ],
        "judgments": {"G": {"upper": [9, 1 / 9, 9]}},
    }
    path = tmp_path / "bad.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _run(str(path), "--seed", "1", "--samples", "200", "-o", str(tmp_path / "s.json"))
    assert result.exit_code == 1
    assert "ahp-eval: the weights come from inconsistent judgments" in result.stderr
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8"))["consistent"] is False


def test_bad_options_are_all_reported_with_exit_2() -> None:
    """Every bad option at once, in the option's terms."""
    result = _run(
        str(LEADER), "--samples", "0", "--spread", "-1", "--stability", "2", "-o", "x.csv"
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        (
            "ahp-eval: --output: cannot write a .csv report; sensitivity writes .json, .md, "
            ".markdown, .html, .htm, .txt, .xlsx (or choose one with --format)"
        ),
        "ahp-eval: --spread: -1 is outside [0, 5]",
        "ahp-eval: --samples: 0 is outside 1..10,000,000",
        "ahp-eval: --stability: 2 is outside [0, 1]",
    ]


def test_json_contract_is_deterministic_with_a_seed() -> None:
    """The same seed gives the same document; its keys are the documented ones."""
    first = _run(str(LEADER), "--seed", "3", "--samples", "500", "-f", "json")
    again = _run(str(LEADER), "--seed", "3", "--samples", "500", "-f", "json")
    assert first.exit_code == 0
    assert first.stdout == again.stdout
    doc = json.loads(first.stdout)
    assert doc["format"] == "ahp-eval/sensitivity"
    assert doc["format_version"] == 1
    assert doc["decisive"] == "alternatives"
    assert doc["top"] == "Dick"
    assert [r["kind"] for r in doc["rankings"]] == ["leaves", "alternatives"]
    alt = doc["rankings"][1]
    assert [i["id"] for i in alt["items"]] == ["Dick", "Tom", "Harry"]
    experience = alt["one_at_a_time"][0]
    assert experience["node"] == "Experience"
    swaps = [(s["first"], s["second"]) for s in experience["swaps"]]
    assert swaps == [("Harry", "Dick"), ("Tom", "Dick")]  # Dick leads above both points
    assert experience["top_interval"][0] == experience["swaps"][1]["x"]
    assert set(doc["consistency"]) == {"all", "matrices"}


def test_scored_groups_are_ranked_and_decide() -> None:
    """With the survey export, the platforms are ranked by composite and decide the exit."""
    result = _run(
        str(ACADEMIC / "evaluation.yaml"),
        str(ACADEMIC / "responses.csv"),
        "--seed",
        "1",
        "--samples",
        "2000",
        "-f",
        "json",
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert doc["decisive"] == "groups"
    groups = doc["rankings"][-1]
    assert len(groups["items"]) == 3
    assert groups["items"][0]["first"] == doc["top_first_share"]


def test_marks_rank_the_one_site() -> None:
    """A marks file scores one site: it ranks first in every sample."""
    result = _run(
        str(POWER / "evaluation.yaml"),
        "--marks",
        str(POWER / "marks.yaml"),
        "-f",
        "json",
        "--samples",
        "300",
    )
    assert result.exit_code in (0, 1), result.output
    doc = json.loads(result.stdout)
    assert doc["decisive"] == "groups"
    assert doc["top_first_share"] == 1.0


def test_html_draws_one_chart_per_criterion_and_escapes_names(tmp_path: Path) -> None:
    """-o sens.html: inline SVG line charts, names escaped."""
    data = yaml.safe_load(LEADER.read_text(encoding="utf-8"))
    data["alternatives"][0]["name"] = "<b>汤姆</b>"
    path = tmp_path / "leader.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "sens.html"
    result = _run(str(path), "--seed", "1", "--samples", "300", "-o", str(out))
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    assert html.count("<svg") == 4
    assert "<b>汤姆" not in html
    assert "&lt;b&gt;汤姆&lt;/b&gt;" in html


def test_markdown_escapes_names(tmp_path: Path) -> None:
    """Markdown tables escape a name's pipes."""
    data = yaml.safe_load(LEADER.read_text(encoding="utf-8"))
    data["alternatives"][1]["name"] = "Di|ck"
    path = tmp_path / "leader.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    result = _run(str(path), "--seed", "1", "--samples", "300", "-f", "markdown")
    assert result.exit_code == 0
    assert "Di\\|ck" in result.stdout
    assert "| Di|ck |" not in result.stdout


def test_drop_invalid_lists_the_dropped_cells(tmp_path: Path) -> None:
    """With --drop-invalid, the answers left out are listed on standard error at their
    line, as score and reliability list them, and the rest are ranked."""
    lines = (ACADEMIC / "responses.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = lines[3].split(",")
    column = next(i for i, c in enumerate(lines[0].split(",")) if c.startswith("Q2 "))
    cells[column] = "9"
    lines[3] = ",".join(cells)
    answers = tmp_path / "answers.csv"
    answers.write_text("\n".join(lines) + "\n", encoding="utf-8")
    args = [str(ACADEMIC / "evaluation.yaml"), str(answers), "--seed", "1", "--samples", "200"]
    refused = _run(*args)
    assert refused.exit_code == 2
    kept = _run(*args, "--drop-invalid")
    assert kept.exit_code in (0, 4), kept.output
    assert f"{answers}:4: dropped " in kept.stderr
    assert "'9': " in kept.stderr

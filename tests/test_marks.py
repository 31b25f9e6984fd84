"""Direct marks: the marks file, the interactive prompt and `ahp-eval score --marks`."""

from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.marks_file import ask_marks, read_marks
from ahp_eval.model.survey import Scale

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
MARKS = {
    "C11": 92,
    "C12": 85,
    "C13": 70,
    "C21": 95,
    "C22": 60,
    "C31": 75,
    "C32": 80,
    "C33": 88,
    "C34": 66,
}

runner = CliRunner()


def marks_text(marks: Mapping[str, object], site: str = "东区食堂") -> str:
    lines = [f"site: {site}", "scale: {min: 0, max: 100}", "marks:"]
    lines += [f"  {k}: {v}" for k, v in marks.items()]
    return "\n".join(lines) + "\n"


def test_marks_file_scores_by_global_weights(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Composite = sum of global weight x mark (0-100 scale, so score = mark)."""
    path = write_yaml(marks_text(MARKS), "marks.yaml")
    result = runner.invoke(app, ["score", str(EXAMPLE), "--marks", str(path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    weights = doc["global_weights"]
    expected = sum(weights[k] * v for k, v in MARKS.items())
    group = doc["groups"][0]
    assert group["group"] == "东区食堂"
    assert group["composite"] == pytest.approx(expected, abs=1e-12)
    assert group["grade"] == "良好 Good"
    assert group["interval"] is None  # one team, no sampling interval
    assert group["priorities"][0] == "C22"  # 0.1042 x (100 - 60) is the largest shortfall


@pytest.mark.parametrize(
    ("change", "line", "fragment"),
    [
        ({"C12": 120}, 5, "C12: 120 is outside the scale 0..100"),
        ({"C12": "good"}, 5, "C12: 'good' is not a number"),
        ({"C99": 50}, 13, "'C99' is not an indicator of this evaluation"),
    ],
)
def test_bad_marks_exit_2(write_yaml, change: dict[str, object], line: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    """Out of scale, non-numeric and unknown marks: path:line: message and exit 2."""
    path = write_yaml(marks_text({**MARKS, **change}), "marks.yaml")
    result = runner.invoke(app, ["score", str(EXAMPLE), "--marks", str(path)])
    assert result.exit_code == 2
    assert f"{path}:{line}: {fragment}" in result.stderr


def test_missing_mark_is_an_error(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Every indicator needs a mark."""
    marks = dict(MARKS)
    del marks["C33"]
    path = write_yaml(marks_text(marks), "marks.yaml")
    with pytest.raises(InputErrors, match="no mark for C33"):
        read_marks(path, load_evaluation(EXAMPLE))


def test_interactive_asks_again_on_bad_input() -> None:
    """Bad answers are refused with a reason and asked again."""
    evaluation = load_evaluation(EXAMPLE)
    answers = iter(["abc", "101", "90", *["80"] * 8])
    prompts: list[str] = []
    told: list[str] = []

    def ask(prompt: str) -> str:
        prompts.append(prompt)
        return next(answers)

    marks = ask_marks(evaluation, Scale(min=0, max=100), ask, told.append)
    assert marks["C11"] == 90
    assert prompts[0] == "[1/9] B1 有形性 › C11 就餐环境整洁 (0-100): "
    assert prompts[0] == prompts[1] == prompts[2]
    assert "'abc' is not a number" in told[0]
    assert "101 is outside the scale 0..100" in told[1]


def test_interactive_command(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """score --interactive reads marks from standard input and prints the report."""
    text = EXAMPLE.read_text(encoding="utf-8") + "survey: {scale: {min: 0, max: 100}}\n"
    path = write_yaml(text)
    result = runner.invoke(
        app, ["score", str(path), "--interactive", "-f", "json"], input="x\n" + "80\n" * 9
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)  # prompts go to stderr, so stdout is pure JSON
    assert "[1/9] B1 有形性 › C11 就餐环境整洁 (0-100): " in result.stderr
    assert doc["groups"][0]["composite"] == pytest.approx(80.0)


def test_exactly_one_source_of_answers() -> None:
    """Neither or both of RESPONSES / --marks / --interactive is a usage error (exit 2)."""
    result = runner.invoke(app, ["score", str(EXAMPLE)])
    assert result.exit_code == 2
    assert "give exactly one of RESPONSES, --marks FILE or --interactive" in result.stderr


def test_several_marks_files_rank_sites(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """--marks once per site: one group per file, named by site:, ranked by composite."""
    east = write_yaml(marks_text(MARKS, "东区食堂"), "east.yaml")
    better = {k: min(v + 5, 100) for k, v in MARKS.items()}
    west = write_yaml(marks_text(better, "西区食堂"), "west.yaml")
    args = ["score", str(EXAMPLE), "--marks", str(east), "--marks", str(west), "-f", "json"]
    result = runner.invoke(app, args)
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    weights = doc["global_weights"]
    composites = {g["group"]: g["composite"] for g in doc["groups"]}
    assert composites == pytest.approx(
        {
            "东区食堂": sum(weights[k] * v for k, v in MARKS.items()),
            "西区食堂": sum(weights[k] * v for k, v in better.items()),
        },
        abs=1e-12,
    )
    assert doc["ranking"] == ["西区食堂", "东区食堂"]
    assert doc["responses"] == f"{east}, {west}"


def test_several_marks_files_report_every_problem(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Problems in several marks files are reported together; one site twice is refused."""
    bad = write_yaml(marks_text({**MARKS, "C12": 120}, "东区食堂"), "bad.yaml")
    east = write_yaml(marks_text(MARKS, "东区食堂"), "east.yaml")
    again = write_yaml(marks_text(MARKS, "东区食堂"), "again.yaml")
    args = ["score", str(EXAMPLE), "--marks", str(bad), "--marks", str(east)]
    result = runner.invoke(app, [*args, "--marks", str(again)])
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [
        f"{again}: site '东区食堂' is also the site of {east}; give each site one file",
        f"{bad}:5: C12: 120 is outside the scale 0..100",
    ]


def test_several_marks_files_share_one_scale(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Marks of different sites on different scales are refused (the scores would not compare)."""
    east = write_yaml(marks_text(MARKS, "东区食堂"), "east.yaml")
    five = "site: 西区食堂\nscale: {min: 1, max: 5}\nmarks:\n" + "".join(
        f"  {k}: 4\n" for k in MARKS
    )
    west = write_yaml(five, "west.yaml")
    result = runner.invoke(app, ["score", str(EXAMPLE), "--marks", str(east), "--marks", str(west)])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{west}: marks on the scale 1..5, but {east} uses 0..100; mark every site on one scale\n"
    )

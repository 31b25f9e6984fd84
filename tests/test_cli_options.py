"""Shared options: each value checked as in a file, every bad one reported against its option."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app

ROOT = Path(__file__).resolve().parent.parent
CANTEEN = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
POWER = ROOT / "examples" / "power-supply-center"
SCORE = ["score", str(POWER / "evaluation.yaml"), "--marks", str(POWER / "marks.yaml")]
COMMANDS = {
    "weigh": ["weigh", str(CANTEEN)],
    "check": ["check", str(CANTEEN)],
    "score": SCORE,
}

runner = CliRunner()


@pytest.mark.parametrize("command", COMMANDS)
@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("5", "5 is outside (0, 1]"),
        ("-1", "-1 is outside (0, 1]"),
        ("0", "0 is outside (0, 1]"),
        ("nan", "expected a finite number, got nan"),
    ],
)
def test_cr_threshold_outside_its_range_is_refused(command: str, value: str, message: str) -> None:
    """--cr-threshold outside (0, 1]: exit 2, `ahp-eval: --cr-threshold: ...`, no output."""
    result = runner.invoke(app, [*COMMANDS[command], "--cr-threshold", value])
    assert result.exit_code == 2
    assert result.stderr == f"ahp-eval: --cr-threshold: {message}\n"
    assert result.stdout == ""


@pytest.mark.parametrize("command", COMMANDS)
def test_cr_threshold_at_the_top_of_its_range_is_taken(command: str) -> None:
    """--cr-threshold 1 (the top of the range, as in a file) is accepted: every file passes."""
    result = runner.invoke(app, [*COMMANDS[command], "--cr-threshold", "1", "-f", "json"])
    assert result.exit_code == 0, result.output
    if command != "check":
        assert json.loads(result.stdout)["cr_threshold"] == 1.0


def test_cr_threshold_decides_weigh_and_check() -> None:
    """A threshold below the largest CR (0.0164) fails weigh and check; one above passes."""
    for threshold, code in (("0.01", 1), ("0.02", 0)):
        for command in ("weigh", "check"):
            args = [*COMMANDS[command], "--cr-threshold", threshold, "-f", "json"]
            result = runner.invoke(app, args)
            assert result.exit_code == code, (command, threshold, result.output)


def test_score_cr_threshold_gives_the_verdict_and_is_reported() -> None:
    """score --cr-threshold: below the total CR (0.0152) exit 1 with a note; shown in reports."""
    failing = runner.invoke(app, [*SCORE, "--cr-threshold", "0.015", "-f", "json"])
    assert failing.exit_code == 1
    doc = json.loads(failing.stdout)
    assert (doc["cr_threshold"], doc["weights_consistent"]) == (0.015, False)
    assert failing.stderr == (
        "ahp-eval: the weights come from inconsistent judgments "
        "(a CR >= 0.015; see ahp-eval check)\n"
    )
    passing = runner.invoke(app, [*SCORE, "--cr-threshold", "0.05", "-f", "markdown"])
    assert passing.exit_code == 0, passing.output
    assert "total CR 0.0152 (threshold 0.05)\n" in passing.stdout
    default = runner.invoke(app, [*SCORE, "-f", "markdown"])
    assert "total CR 0.0152 (threshold 0.1)\n" in default.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--method", "power"], "--method: unknown method 'power'; choose root, eigen, sum"),
        (
            ["--ri", "fancy"],
            "--ri: unknown RI table 'fancy'; choose saaty, cn, alonso-lamata, or give a list",
        ),
        (
            ["--ri", "0,0,x"],
            "--ri: takes a table name or a comma-separated list of numbers, got '0,0,x'",
        ),
        (["--ri", "0,0,-0.5"], "--ri: -0.5 is outside [0, 100]"),
        (["--precision", "0"], "--precision: 0 is outside 1..12"),
        (["--precision", "13"], "--precision: 13 is outside 1..12"),
        (
            ["--format", "xml"],
            "--format: unknown value 'xml'; choose table, json, csv, markdown, xlsx, html",
        ),
        (["--lang", "fr"], "--lang: unknown value 'fr'; choose zh, en"),
    ],
)
def test_bad_weigh_option_is_refused(args: list[str], message: str) -> None:
    """Each bad option value: exit 2 with `ahp-eval: --option: what is wrong`."""
    result = runner.invoke(app, ["weigh", str(CANTEEN), *args])
    assert result.exit_code == 2
    assert result.stderr == f"ahp-eval: {message}\n"


def test_score_and_check_formats_are_their_own() -> None:
    """--format choices differ by command; --score-formula is checked like the others."""
    html = runner.invoke(app, ["weigh", str(CANTEEN), "-f", "fuzzy"])
    assert html.stderr == (
        "ahp-eval: --format: unknown value 'fuzzy'; choose table, json, csv, markdown, xlsx, html\n"
    )
    check = runner.invoke(app, ["check", str(CANTEEN), "-f", "table"])
    assert check.exit_code == 2
    assert check.stderr == (
        "ahp-eval: --format: unknown value 'table'; choose text, json, github, junit\n"
    )
    formula = runner.invoke(app, [*SCORE, "--score-formula", "log"])
    assert formula.exit_code == 2
    assert formula.stderr == "ahp-eval: --score-formula: unknown value 'log'; choose range, max\n"


def test_every_bad_option_is_reported_at_once() -> None:
    """Several bad values: one line each, in the order of the options' checks, before any file."""
    args = ["--method", "x", "--cr-threshold", "2", "--precision", "0", "--lang", "fr"]
    result = runner.invoke(app, ["weigh", "missing.yaml", *args])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: --method: unknown method 'x'; choose root, eigen, sum\n"
        "ahp-eval: --cr-threshold: 2 is outside (0, 1]\n"
        "ahp-eval: --precision: 0 is outside 1..12\n"
        "ahp-eval: --lang: unknown value 'fr'; choose zh, en\n"
    )


def test_good_overrides_are_used() -> None:
    """--method, an RI list and --lang reach the result."""
    result = runner.invoke(
        app,
        ["weigh", str(CANTEEN), "-f", "json", "--method", "sum", "--ri", "0, 0, 0.52, 0.89"],
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert (doc["method"], doc["ri_table"]) == ("sum", "custom")
    english = runner.invoke(app, ["weigh", str(CANTEEN), "-f", "markdown", "--lang", "en"])
    assert "Food safety" in english.stdout


@pytest.mark.parametrize(
    ("command", "suffix", "start"),
    [
        ("weigh", ".json", "{"),
        ("weigh", ".md", "# "),
        ("score", ".html", "<!DOCTYPE html>"),
        ("score", ".csv", "group,"),
        ("score", ".txt", "供电"),
    ],
)
def test_output_suffix_chooses_the_format(
    command: str, suffix: str, start: str, tmp_path: Path
) -> None:
    """Without --format the --output suffix picks the format, if the command has it."""
    out = tmp_path / f"report{suffix}"
    args = COMMANDS[command] if command == "score" else ["weigh", str(CANTEEN)]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    assert out.read_text(encoding="utf-8-sig").lstrip().startswith(start)


@pytest.mark.parametrize(
    ("command", "suffix"), [("weigh", ".pdf"), ("weigh", ".docx"), ("score", ".pdf")]
)
def test_an_output_suffix_the_command_cannot_write_is_refused(
    command: str, suffix: str, tmp_path: Path
) -> None:
    """-o report.docx is an error naming the formats the command writes, and writes nothing."""
    out = tmp_path / f"report{suffix}"
    args = COMMANDS[command] if command == "score" else ["weigh", str(CANTEEN)]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 2
    writes = ".json, .csv, .md, .markdown, .html, .htm, .txt, .xlsx"
    if command == "score":
        writes = ".json, .csv, .md, .markdown, .html, .htm, .txt, .xlsx"
    assert result.stderr == (
        f"ahp-eval: --output: cannot write a {suffix} report; {command} writes {writes} "
        "(or choose one with --format)\n"
    )
    assert not out.exists()

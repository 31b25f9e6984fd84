"""`ahp-eval repair`: the report, exit codes, and the repaired copy of --write."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.files import load_evaluation

runner = CliRunner()
DATA = Path(__file__).parent / "data" / "repair"
EXAMPLE = (
    Path(__file__).resolve().parent.parent / "examples" / "academic-platform" / "evaluation.yaml"
)


@pytest.fixture
def evaluation(tmp_path: Path) -> Path:
    """The repair example, copied to a temporary folder."""
    path = tmp_path / "evaluation.yaml"
    shutil.copyfile(DATA / "evaluation.yaml", path)
    return path


def test_report_lists_the_steps_and_exits_0(evaluation: Path) -> None:
    """Each failing matrix with its steps (pair, old, new, CR after), the greedy note, exit 0."""
    result = runner.invoke(app, ["repair", str(evaluation)])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == f"{evaluation}: repair by root, RI saaty, CR < 0.1"
    assert lines[1] == f"{evaluation}:21: B1: CR 0.4585 >= 0.1; 3 steps, CR 0.0434: repaired"
    assert lines[2] == (
        f"  1. {evaluation}:23: set C1/C4 from 3 to 9 (CR 0.4585 -> 0.1701); |ln(a w_j/w_i)| = 1.48"
    )
    assert lines[5] == f"{evaluation}:27: B2: CR 0.6261 >= 0.1; 1 step, CR 0.0000: repaired"
    assert lines[6].startswith(f"  1. {evaluation}:30: set C5/C7 from 4 to 1/3 (CR 0.6261")
    assert lines[-2].startswith("After the changes every matrix and the total ranking")
    assert lines[-1].startswith("The search is greedy (a heuristic)")
    assert not list(evaluation.parent.glob("*.y*ml"))[1:]  # nothing written


def test_first_step_is_checks_first_hint(evaluation: Path) -> None:
    """check's first hint for B1 is the first step of repair, word for word."""
    check = runner.invoke(app, ["check", str(evaluation)])
    assert check.exit_code == 1
    hint = next(line for line in check.stdout.splitlines() if "B1: hint:" in line)
    assert hint == (
        f"{evaluation}:23: B1: hint: set C1/C4 from 3 to 9 (CR 0.4585 -> 0.1701); "
        "|ln(a w_j/w_i)| = 1.48"
    )
    doc = json.loads(runner.invoke(app, ["check", str(evaluation), "-f", "json"]).stdout)
    b1 = next(n for n in doc["files"][0]["nodes"] if n["id"] == "B1")
    assert b1["repair"][0] == {
        "pair": ["C1", "C4"],
        "value": 9.0,
        "cr_after": pytest.approx(0.17013, abs=1e-5),
        "old": 3.0,
        "deviation": pytest.approx(1.4837, abs=1e-4),
        "line": 23,
        "measure": "cr",
        "measure_after": pytest.approx(0.17013, abs=1e-5),
    }
    weigh = json.loads(runner.invoke(app, ["weigh", str(evaluation), "-f", "json"]).stdout)
    nodes = {n["id"]: n for n in weigh["nodes"]}
    assert nodes["B1"]["repair"] == b1["repair"]
    assert len(nodes["B1"]["repair"]) == 3
    assert nodes["A"]["repair"] == []
    assert len(nodes["B1"]["suggestions"]) == 3  # kept as documented


def test_json_report(evaluation: Path) -> None:
    """--format json: format ahp-eval/repair, the steps of each matrix, the total after."""
    result = runner.invoke(app, ["repair", str(evaluation), "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["format"] == "ahp-eval/repair"
    assert doc["format_version"] == 1
    assert doc["search"] == "greedy"
    assert [m["id"] for m in doc["matrices"]] == ["B1", "B2"]
    b1 = doc["matrices"][0]
    assert b1["outcome"] == "repaired"
    assert [(s["pair"], s["old"], s["value"]) for s in b1["steps"]] == [
        (["C1", "C4"], 3, 9),
        (["C2", "C4"], 7, 3),
        (["C3", "C4"], 6, 2),
    ]
    assert doc["consistent_before"] is False
    assert doc["consistent_after"] is True
    assert doc["total_cr_after"] < 0.1


def test_markdown_by_output_suffix(evaluation: Path) -> None:
    """-o report.md writes the Markdown report, with a table of steps."""
    out = evaluation.parent / "report.md"
    result = runner.invoke(app, ["repair", str(evaluation), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out}\n"
    text = out.read_text(encoding="utf-8")
    assert "| 1 | 23 | C1/C4 | 3 | 9 | 0.1701 | 1.48 |" in text


def test_write_keeps_comments_golden(evaluation: Path) -> None:
    """--write rewrites only the changed judgments: comments, quotes, order and the rest
    of the text are as they were (golden file); a reversed pair gets the reciprocal."""
    before = evaluation.read_bytes()
    out = evaluation.parent / "repaired.yaml"
    result = runner.invoke(app, ["repair", str(evaluation), "--write", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    assert evaluation.read_bytes() == before
    assert out.read_text(encoding="utf-8") == (DATA / "repaired.yaml").read_text(encoding="utf-8")
    text = out.read_text(encoding="utf-8")
    assert "# 一个需要修正的评价" in text
    assert '    - ["1/9", 1, 1, 3]      # C2' in text
    assert "      - [C7, C5, 3]       # written in reverse order" in text
    again = runner.invoke(app, ["check", str(out)])
    assert again.exit_code == 0


def test_write_a_judgments_file_in_upper_form(tmp_path: Path) -> None:
    """With --judgments, the judgments file is the one copied; an `upper` value is rewritten."""
    judgments = tmp_path / "judge.yaml"
    judgments.write_text(
        "judge: 甲\njudgments:\n  A: {upper: [2]}  # consistent\n"
        "  B1: {upper: [9, 9, 3, 1, 7, 6]}  # a12 a13 a14 a23 a24 a34\n"
        "  B2: {upper: [3, 4, 1]}\n",
        encoding="utf-8",
    )
    evaluation = tmp_path / "evaluation.yaml"
    shutil.copyfile(DATA / "evaluation.yaml", evaluation)
    out = tmp_path / "judge-repaired.yaml"
    result = runner.invoke(
        app, ["repair", str(evaluation), "-j", str(judgments), "--write", str(out)]
    )
    assert result.exit_code == 0, result.output
    assert out.read_text(encoding="utf-8") == (
        "judge: 甲\njudgments:\n  A: {upper: [2]}  # consistent\n"
        "  B1: {upper: [9, 9, 9, 1, 3, 2]}  # a12 a13 a14 a23 a24 a34\n"
        "  B2: {upper: [3, 4, 1]}\n"
    )
    assert load_evaluation(evaluation, out).judgments["B1"].matrix[0, 3] == 9


def test_write_is_never_the_input_nor_an_existing_file(evaluation: Path) -> None:
    """--write naming the input is refused even with --force; an existing file needs
    --force; with -o naming the same file it is an option error."""
    result = runner.invoke(app, ["repair", str(evaluation), "--write", str(evaluation), "--force"])
    assert result.exit_code == 2
    assert result.stderr == (
        f"{evaluation}: is an input of this command and is never replaced, not even with "
        "--force; choose another output file\n"
    )
    out = evaluation.parent / "out.yaml"
    out.write_text("old\n", encoding="utf-8")
    result = runner.invoke(app, ["repair", str(evaluation), "--write", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"{out}:1: output file exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "old\n"
    result = runner.invoke(app, ["repair", str(evaluation), "--write", str(out), "--force"])
    assert result.exit_code == 0
    same = runner.invoke(app, ["repair", str(evaluation), "--write", "x.yaml", "-o", "x.yaml"])
    assert same.exit_code == 2
    assert same.stderr == "ahp-eval: --write: names the same file as --output; choose two files\n"


def test_write_and_output_are_both_written_or_neither(evaluation: Path) -> None:
    """When -o cannot be written, the --write copy is not left behind."""
    out = evaluation.parent / "copy.yaml"
    result = runner.invoke(
        app, ["repair", str(evaluation), "--write", str(out), "-o", str(evaluation)]
    )
    assert result.exit_code == 2
    assert not out.exists()


def test_exit_1_when_a_matrix_cannot_be_repaired(evaluation: Path) -> None:
    """A threshold that six single changes cannot reach: exit 1, the changes still listed."""
    result = runner.invoke(app, ["repair", str(evaluation), "--cr-threshold", "0.001"])
    assert result.exit_code == 1
    assert (
        f"{evaluation}:21: B1: CR 0.4585 >= 0.001; 6 steps, CR 0.0029: not repaired: still "
        "inconsistent after as many steps as there are pairs"
    ) in result.stdout
    assert f"  4. {evaluation}:24: set C2/C4 from 3 to 2 (CR 0.0434" in result.stdout  # again
    assert "Some matrices could not be repaired" in result.stdout


def test_consistent_file_exits_0_and_write_copies_it(tmp_path: Path) -> None:
    """Nothing to repair: exit 0, and --write makes an identical copy."""
    out = tmp_path / "copy.yaml"
    result = runner.invoke(app, ["repair", str(EXAMPLE), "--write", str(out)])
    assert result.exit_code == 0
    assert "nothing to repair" in result.stdout
    assert out.read_bytes() == EXAMPLE.read_bytes()


def test_invalid_input_exits_2(tmp_path: Path) -> None:
    """A file that does not exist, or a bad option, exits 2 with its message."""
    missing = tmp_path / "nope.yaml"
    result = runner.invoke(app, ["repair", str(missing)])
    assert result.exit_code == 2
    assert result.stderr == f"{missing}:1: no such file\n"
    result = runner.invoke(app, ["repair", str(missing), "-f", "html"])
    assert result.exit_code == 2
    assert (
        result.stderr
        == "ahp-eval: --format: unknown value 'html'; choose text, json, markdown, xlsx\n"
    )


def test_write_refuses_a_judgment_behind_an_alias(tmp_path: Path) -> None:
    """A changed judgment written as an anchor shared by an alias is not rewritten."""
    path = tmp_path / "evaluation.yaml"
    path.write_text(
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: a}, {id: B2, name: b}, {id: B3, name: c}]\n"
        "judgments:\n"
        "  A: {upper: [&x 9, *x, 9]}\n",
        encoding="utf-8",
    )
    out = tmp_path / "out.yaml"
    result = runner.invoke(app, ["repair", str(path), "--write", str(out)])
    assert result.exit_code == 2
    assert "change it by hand" in result.stderr
    assert not out.exists()

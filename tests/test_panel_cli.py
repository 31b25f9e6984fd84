"""Expert panels through the command line: reading exports, bad panel data, reports."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
GROUP = ROOT / "examples" / "group-judgments"

EVALUATION = (
    "goal: {id: G, name: 目标}\n"
    "criteria:\n"
    "  - {id: X1, name: 甲}\n"
    "  - {id: X2, name: 乙}\n"
    "  - {id: X3, name: 丙}\n"
)
HEADER = (
    "respondent,weight,X1/X2,X1/X3,X2/X3\n"
    "答卷人 Respondent,权重 Weight,甲 vs 乙,甲 vs 丙,乙 vs 丙\n"
)


@pytest.fixture
def evaluation(tmp_path: Path) -> Path:
    path = tmp_path / "evaluation.yaml"
    path.write_text(EVALUATION, encoding="utf-8")
    return path


def write(tmp_path: Path, rows: str, name: str = "panel.csv", header: str = HEADER) -> Path:
    path = tmp_path / name
    path.write_text(header + rows, encoding="utf-8")
    return path


def weigh(*args: str | Path) -> tuple[int, str, dict[str, object] | None]:
    result = runner.invoke(app, ["weigh", *(str(a) for a in args), "-f", "json"])
    doc = json.loads(result.stdout) if result.exit_code in {0, 1} else None
    return result.exit_code, result.stderr if result.exit_code == 2 else result.stdout, doc


def test_weigh_a_template_panel(evaluation: Path, tmp_path: Path) -> None:
    """The template (second header row of names skipped) weighs; the JSON has the panel block."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,1/2,1,2\n")
    code, _, doc = weigh(evaluation, "--panel", panel)
    assert code == 0
    assert doc is not None
    block = doc["panel"]
    assert isinstance(block, dict)
    assert block["judges"] == 2
    assert block["aggregate"] == "aij"
    assert block["weighted"] is False
    assert block["matrices"]["G"]["used"] == 2
    assert [j["judge"] for j in block["per_judge"]] == ["e1", "e2"]
    assert doc["global_weights"] == pytest.approx({"X1": 0.4, "X2": 0.4, "X3": 0.2})


def test_panel_section_of_the_file_is_read_without_the_option(tmp_path: Path) -> None:
    """panel.file (relative to the evaluation) with signed coding and declared pairs."""
    write(tmp_path, "e1,,-2,4,2\n", name="answers.csv", header="respondent,weight,q1,q2,q3\n")
    path = tmp_path / "evaluation.yaml"
    path.write_text(
        EVALUATION + "panel:\n  file: answers.csv\n  coding: signed\n  pairs:\n"
        "    - {column: q1, pair: [X1, X2]}\n    - {column: q2, pair: [X1, X3]}\n"
        "    - {column: q3, pair: [X2, X3]}\n",
        encoding="utf-8",
    )
    code, _, doc = weigh(path)
    assert code == 1  # -2, 4, 2: X1 < X2 yet X1 = 4 X3 and X2 = 2 X3
    assert doc is not None
    assert doc["nodes"][0]["weights"]["X2"] > doc["nodes"][0]["weights"]["X1"]  # type: ignore[index]


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            "e1,,12,4,2\n",
            "panel.csv:3: column 'X1/X2' (pair X1/X2): '12': is outside the scale 1/9..9",
        ),
        (
            "e1,,abc,4,2\n",
            (
                "panel.csv:3: column 'X1/X2' (pair X1/X2): 'abc': judgment must be a "
                "positive number or a fraction like 1/3, got 'abc'"
            ),
        ),
        (
            "e1,,2,4,2\ne1,,2,4,2\n",
            (
                "panel.csv:4: column 'respondent': judge 'e1' appears twice (first on line "
                "3); every judge needs an id of their own"
            ),
        ),
        (
            "e1,-1,2,4,2\ne2,1,2,4,2\n",
            "panel.csv:3: column 'weight': '-1' is not a judge weight (a number 0 or more)",
        ),
        (
            "e1,x,2,4,2\ne2,1,2,4,2\n",
            "panel.csv:3: column 'weight': 'x' is not a judge weight (a number 0 or more)",
        ),
        (
            "e1,,2,4,2\ne2,1,2,4,2\n",
            "panel.csv:3: column 'weight': '' is not a judge weight (a number 0 or more)",
        ),
        (
            "e1,0,2,4,2\ne2,0,2,4,2\n",
            "panel.csv: G: the judge weights are all zero for this matrix",
        ),
        (",,2,4,2\n", "panel.csv:3: column 'respondent': the judge id is empty"),
    ],
)
def test_bad_panel_data_exits_2_at_its_line(
    evaluation: Path, tmp_path: Path, rows: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every bad-panel case is one line `path:line: column 'x' ...`, exit 2."""
    monkeypatch.chdir(tmp_path)
    write(tmp_path, rows)
    result = runner.invoke(app, ["weigh", str(evaluation), "--panel", "panel.csv"])
    assert result.exit_code == 2
    assert message in result.stderr.splitlines()


def test_signed_zero_and_slider_range_are_refused(evaluation: Path, tmp_path: Path) -> None:
    """0 is not a signed judgment; 18 is outside the slider."""
    text = EVALUATION + "panel: {coding: signed}\n"
    evaluation.write_text(text, encoding="utf-8")
    panel = write(tmp_path, "e1,,0,4,2\n")
    result = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel)])
    assert result.exit_code == 2
    assert (
        f"{panel}:3: column 'X1/X2' (pair X1/X2): '0': a signed judgment is a whole number "
        "in -9..-1 or 1..9 (0 is not one)"
    ) in result.stderr.splitlines()
    evaluation.write_text(EVALUATION + "panel: {coding: slider, favours: second}\n", "utf-8")
    result = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel)])
    assert result.exit_code == 2
    assert "'0': a slider judgment is a whole number in 1..17 (9 is equal)" in result.stderr


def test_drop_invalid_leaves_the_judge_out_and_lists_them(evaluation: Path, tmp_path: Path) -> None:
    """--drop-invalid: the judge with a bad cell leaves that matrix, listed (stderr, JSON)."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,abc,1,2\ne3,,1/2,1,2\n")
    result = runner.invoke(
        app, ["weigh", str(evaluation), "--panel", str(panel), "--drop-invalid", "-f", "json"]
    )
    assert result.exit_code == 0
    assert "ahp-eval: panel: G: e2 left out (invalid cell 'abc' in column 'X1/X2' (line 4))" in (
        result.stderr
    )
    doc = json.loads(result.stdout)
    assert doc["panel"]["matrices"]["G"]["used"] == 2


def test_a_judge_who_skipped_pairs_is_kept_or_left_out(evaluation: Path, tmp_path: Path) -> None:
    """Skipped pairs that still connect every item: LLSM; otherwise left out, never exit 2."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,2,,2\ne3,,2,,\n")
    code, _, doc = weigh(evaluation, "--panel", panel)
    assert code == 0
    assert doc is not None
    matrices = doc["panel"]["matrices"]  # type: ignore[index]
    assert matrices["G"]["used"] == 2
    assert matrices["G"]["left_out"] == [
        {"judge": "e3", "reason": "the pairs answered do not connect every item"}
    ]


def test_no_pair_column_and_unknown_pairs(evaluation: Path, tmp_path: Path) -> None:
    """A file without pair columns, and declared pairs that are not in the header."""
    panel = write(tmp_path, "e1,1\n", header="respondent,q1\n")
    result = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{panel}:1: no column names a pair")
    evaluation.write_text(
        EVALUATION
        + "panel:\n  pairs: [{column: q9, pair: [X1, X2]}, {column: q1, pair: [X1, Y]}]\n",
        "utf-8",
    )
    result = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel)])
    assert result.exit_code == 2
    assert result.stderr.splitlines()[:2] == [
        f"{panel}:1: panel.pairs[0]: column 'q9' (pair X1/X2) is not in the header".replace(
            "panel.pairs[0]: ", ""
        ),
        f"{panel}:1: panel.pairs[1] (X1/Y): unknown id 'Y'",
    ]


def test_a_bad_panel_section_is_an_evaluation_error(evaluation: Path) -> None:
    """panel: coding must be one of the three codings, at its line."""
    evaluation.write_text(EVALUATION + "panel:\n  coding: likert\n", "utf-8")
    result = runner.invoke(app, ["weigh", str(evaluation)])
    assert result.exit_code == 2
    assert (
        f"{evaluation}:7: panel.coding: unknown coding the text 'likert'; choose ratio, "
        "signed, slider"
    ) in result.stderr


def test_no_judgments_and_no_panel_needs_the_panel(evaluation: Path) -> None:
    """Without judgments and without a panel, each matrix is missing (exit 2)."""
    result = runner.invoke(app, ["weigh", str(evaluation)])
    assert result.exit_code == 2
    assert "no judgment matrix for 'G'" in result.stderr


def test_aip_and_exclude_inconsistent(evaluation: Path, tmp_path: Path) -> None:
    """--aggregate aip says its consistency basis; --exclude-inconsistent leaves the failing
    judge out; a failing judge alone never changes the exit code."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,2,9,1/9\n")
    code, _, doc = weigh(evaluation, "--panel", panel, "--aggregate", "aip")
    assert doc is not None
    assert doc["consistency_basis"] == "aij"
    assert doc["panel"]["matrices"]["G"]["inconsistent"] == 1  # type: ignore[index]
    code, _, doc = weigh(evaluation, "--panel", panel, "--exclude-inconsistent")
    assert code == 0
    assert doc is not None
    assert doc["panel"]["matrices"]["G"]["left_out"] == [  # type: ignore[index]
        {"judge": "e2", "reason": "inconsistent"}
    ]
    result = runner.invoke(
        app, ["weigh", str(evaluation), "--panel", str(panel), "--aggregate", "x"]
    )
    assert result.exit_code == 2
    assert result.stderr == "ahp-eval: --aggregate: unknown value 'x'; choose aij, aip\n"


def test_several_judgments_files_form_a_panel(tmp_path: Path) -> None:
    """Three --judgments files: one judge each; a file lacking a matrix leaves its judge out."""
    files = [GROUP / f"judge-{x}.yaml" for x in "abc"]
    args: list[str | Path] = [GROUP / "evaluation.yaml"]
    for f in files:
        args += ["-j", f]
    code, _, doc = weigh(*args)
    assert code == 0
    assert doc is not None
    assert doc["panel"]["judges"] == 3  # type: ignore[index]
    short = tmp_path / "judge-d.yaml"
    short.write_text("judge: 赵\njudgments:\n  A: {upper: [1, 1, 1, 1, 1, 1]}\n", "utf-8")
    code, _, doc = weigh(*args, "-j", short)
    assert doc is not None
    assert doc["panel"]["matrices"]["B1"]["left_out"] == [  # type: ignore[index]
        {"judge": "赵", "reason": f"no matrix in {short}"}
    ]
    assert doc["panel"]["matrices"]["A"]["used"] == 4  # type: ignore[index]


def test_markdown_and_table_reports_have_the_panel(evaluation: Path, tmp_path: Path) -> None:
    """The Markdown and terminal reports end with the panel's section."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,1/2,1,2\n")
    md = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel), "-f", "markdown"])
    assert "## 专家组 Panel" in md.stdout
    assert "| G           |         2 |" in md.stdout
    table = runner.invoke(app, ["weigh", str(evaluation), "--panel", str(panel)])
    assert "专家组 Panel" in table.stdout


def test_check_with_a_panel_and_the_folder_scan(evaluation: Path, tmp_path: Path) -> None:
    """check --panel weighs the aggregate; a folder scan skips an evaluation with
    neither judgments nor a panel, with the reason."""
    panel = write(tmp_path, "e1,,2,4,2\ne2,,1/2,1,2\n")
    result = runner.invoke(app, ["check", str(evaluation), "--panel", str(panel)])
    assert result.exit_code == 0
    folder = tmp_path / "folder"
    folder.mkdir()
    (folder / "e.yaml").write_text(EVALUATION, "utf-8")
    (folder / "ok.yaml").write_text(EVALUATION + "judgments: {G: {upper: [1, 1, 1]}}\n", "utf-8")
    result = runner.invoke(app, ["check", str(folder), "-f", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["skipped_files"] == [str(folder / "e.yaml")]
    assert doc["skipped_reasons"] == {
        str(folder / "e.yaml"): "an evaluation with neither judgments nor a panel"
    }
    result = runner.invoke(app, ["check", str(folder), "--panel", str(panel)])
    assert result.exit_code == 2
    assert result.stderr == "ahp-eval: --panel: needs exactly one evaluation file, not a folder\n"


def test_score_with_a_panel(tmp_path: Path) -> None:
    """score --panel uses the aggregated weights."""
    ev = tmp_path / "evaluation.yaml"
    ev.write_text(EVALUATION + "survey: {scale: {min: 1, max: 5}}\n", "utf-8")
    panel = write(tmp_path, "e1,,2,4,2\ne2,,1/2,1,2\n")
    answers = tmp_path / "answers.csv"
    answers.write_text("X1,X2,X3\n5,5,5\n", "utf-8")
    result = runner.invoke(
        app, ["score", str(ev), str(answers), "--panel", str(panel), "-q", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["global_weights"] == pytest.approx(
        {"X1": 0.4, "X2": 0.4, "X3": 0.2}
    )

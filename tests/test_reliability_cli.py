"""ahp-eval reliability on the command line, and its formats."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.survey_file import read_responses
from ahp_eval.survey.reliability_run import reliability

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
ACADEMIC = ROOT / "examples" / "academic-platform"
EV = ACADEMIC / "evaluation.yaml"
RESPONSES = ACADEMIC / "responses.csv"


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["reliability", *args])
    return result.exit_code, result.output


def test_json_contract_keys() -> None:
    """The JSON report has the documented keys, with numbers or null."""
    code, out = run(str(EV), str(RESPONSES), "-f", "json")
    assert code == 0, out
    data = json.loads(out)
    assert data["format"] == "ahp-eval/reliability"
    assert data["missing"] == "listwise"
    assert set(data["alpha"]) == {"overall", "criteria"}
    assert set(data["alpha"]["criteria"]) == {"B1", "B2", "B3", "B4", "B5"}
    overall = data["alpha"]["overall"]
    assert {"alpha", "standardized", "n", "k", "items"} <= set(overall)
    assert overall["k"] == 26
    assert overall["n"] == data["n_used"]
    assert {"id", "item_total_r", "alpha_if_deleted"} <= set(overall["items"][0])
    assert {"r", "spearman_brown", "spearman_brown_unequal", "guttman", "n"} <= set(
        data["split_half"]
    )
    assert len(data["kmo"]["items"]) == 26
    assert set(data["bartlett"]) >= {"chi2", "df", "p"}
    f = data["factors"]
    assert f["retained"] == 5
    assert len(f["loadings"]["C11"]) == 5
    assert set(f["items"]["C11"]) == {"factor", "criterion", "agrees"}
    assert f["items"]["C11"]["criterion"] == "B1"
    assert data["group_column"] == "平台"
    assert len(data["groups"]) >= 2
    assert all({"group", "alpha", "kmo", "factors", "n_used"} <= set(g) for g in data["groups"])
    assert sum(g["n_rows"] for g in data["groups"]) == data["n_rows"]


def test_streamed_equals_careful_reader() -> None:
    """The streaming reader's statistics give the report the careful reader's answers give."""
    ev = load_evaluation(EV, None)
    fast = reliability(ev, read_responses(RESPONSES, ev, fuzzy=False))
    slow = reliability(ev, read_responses(RESPONSES, ev, keep_answers=True))
    a, b = fast.pooled, slow.pooled
    assert a.n_used == b.n_used
    assert a.blocks["overall"].alpha.alpha == pytest.approx(b.blocks["overall"].alpha.alpha)
    assert a.validity.kmo is not None
    assert b.validity.kmo is not None
    assert a.validity.kmo.overall == pytest.approx(b.validity.kmo.overall, abs=1e-12)


def test_groups_and_pairwise(tmp_path: Path) -> None:
    """With a group column each group gets its report; pairwise states its n."""
    rng = np.random.default_rng(2)
    rows = ["site,C11,C12,C21"]
    for i in range(80):
        base = rng.integers(2, 5)
        cells = [str(int(np.clip(base + rng.integers(-1, 2), 1, 5))) for _ in range(3)]
        if i % 9 == 0:
            cells[1] = ""
        rows.append(",".join(["东" if i % 2 else "西", *cells]))
    data = tmp_path / "r.csv"
    data.write_text("\n".join(rows) + "\n", encoding="utf-8")
    from evaluations import THREE_YAML

    ev = tmp_path / "e.yaml"
    ev.write_text(THREE_YAML, encoding="utf-8")
    code, out = run(str(ev), str(data), "--group", "site", "-f", "json", "--missing", "pairwise")
    assert code == 0, out
    report = json.loads(out)
    assert [g["group"] for g in report["groups"]] == ["西", "东"]
    assert report["missing"] == "pairwise"
    assert report["n_used"] == 80 - 9
    code, out = run(str(ev), str(data), "--factors", "9")
    assert code == 2
    assert out.strip() == "ahp-eval: --factors: takes 1 to 3 (the number of items)"


def test_bad_choices_all_at_once() -> None:
    """Unknown --items, --split and --missing values are all named."""
    code, out = run(str(EV), str(RESPONSES), "--items", "x", "--split", "y", "--missing", "z")
    assert code == 2
    assert "--items: unknown value 'x'; choose indicators, questions" in out
    assert "--split: unknown value 'y'; choose first-half, odd-even" in out
    assert "--missing: unknown value 'z'; choose listwise, pairwise" in out


@pytest.mark.parametrize("fmt", ["table", "markdown", "csv", "html"])
def test_formats(fmt: str) -> None:
    """Every format is written; the HTML has the heat map, the CSV one number a row."""
    code, out = run(str(EV), str(RESPONSES), "-f", fmt, "--split", "odd-even")
    assert code == 0, out
    if fmt == "html":
        assert "Item correlation matrix" in out
        assert "<svg" in out
    if fmt == "csv":
        rows = list(csv.reader(io.StringIO(out)))
        assert rows[0] == ["group", "table", "block", "item", "statistic", "value"]
        assert ["", "alpha", "overall", "", "k", "26"] in rows
    if fmt == "markdown":
        assert "rules of thumb, not tests of the tool" in out
        assert "Rotated loadings" in out


def test_questions_items(tmp_path: Path) -> None:
    """--items questions uses the question columns, reverse-coded where declared."""
    import yaml
    from evaluations import three_indicators

    data = three_indicators(
        survey={
            "questions": [
                {"column": "Q1", "indicator": "C11"},
                {"column": "Q2", "indicator": "C11", "reverse": True},
                {"column": "Q3", "indicator": "C12"},
                {"column": "Q4", "indicator": "C21"},
            ]
        }
    )
    ev = tmp_path / "e.yaml"
    ev.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    rng = np.random.default_rng(4)
    lines = ["Q1,Q2,Q3,Q4"]
    for _ in range(40):
        b = int(rng.integers(2, 5))
        lines.append(f"{b},{6 - b},{b},{min(5, b + int(rng.integers(0, 2)))}")
    csv_path = tmp_path / "q.csv"
    csv_path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out = run(str(ev), str(csv_path), "--items", "questions", "-f", "json")
    assert code == 0, out
    report = json.loads(out)
    assert report["items"] == "questions"
    assert [i["id"] for i in report["alpha"]["overall"]["items"]] == ["Q1", "Q2", "Q3", "Q4"]
    # Q2 reverse-coded equals Q1: their correlation is 1, the item-total r high
    assert report["alpha"]["overall"]["items"][1]["item_total_r"] > 0.9


@pytest.mark.parametrize("items", ["indicators", "questions"])
def test_an_empty_sheet_is_named(tmp_path: Path, items: str) -> None:
    """An empty sheet is an error naming the sheet, with indicators or questions as items."""
    from openpyxl import Workbook

    book = Workbook()
    book.create_sheet("答卷").append(["C11", "C12"])
    book.create_sheet("空")
    path = tmp_path / "answers.xlsx"
    book.save(path)
    code, out = run(str(EV), str(path), "--sheet", "空", "--items", items)
    assert code == 2
    assert out.strip() == f"{path}:1: sheet '空': the file is empty"


def test_questions_from_xlsx_leave_no_file_open(tmp_path: Path) -> None:
    """--items questions closes the workbook it reads, also when it stops at the header
    (an unknown group column): no ResourceWarning once collected."""
    import gc
    import warnings

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.create_sheet("答卷")
    with (ACADEMIC / "responses.csv").open(encoding="utf-8-sig", newline="") as f:
        for row in csv.reader(f):
            sheet.append(row)
    del book["Sheet"]
    path = tmp_path / "answers.xlsx"
    book.save(path)
    for extra, exit_code in (([], 0), (["--group", "无此列"], 2)):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            code, out = run(str(EV), str(path), "--items", "questions", "-f", "json", *extra)
            gc.collect()
        assert code == exit_code, out
        assert not [w for w in caught if issubclass(w.category, ResourceWarning)], extra

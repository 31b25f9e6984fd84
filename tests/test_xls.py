"""Old Excel workbooks (.xls) read through xlrd like XLSX sheets; written here by xlwt."""

from __future__ import annotations

import datetime as dt
import json
import sys
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from evaluations import THREE_YAML
from typer.testing import CliRunner

from ahp_eval.cli import app

xlwt = pytest.importorskip("xlwt")
runner = CliRunner()

ROWS: list[list[Any]] = [
    ["站点", "C11", "C12", "C21"],
    ["东区", "非常满意", 4, 2],
    ["东区", 4, "满意", "(跳过)"],
    ["西区", 2, 3.5, 1],
    ["西区", "一般", 1, 5],
]


def write_xls(path: Path, rows: list[list[Any]], sheet: str = "答卷") -> Path:
    book = xlwt.Workbook(encoding="utf-8")
    ws = book.add_sheet(sheet)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            if isinstance(value, dt.datetime):
                ws.write(r, c, value, xlwt.easyxf(num_format_str="YYYY-MM-DD"))
            else:
                ws.write(r, c, value)
    book.save(str(path))
    return path


def write_xlsx(path: Path, rows: list[list[Any]]) -> Path:
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    book.save(path)
    return path


def test_xls_reads_as_the_same_xlsx(tmp_path: Path) -> None:
    """Texts by the built-in labels, numbers, markers, groups: the .xls report is the .xlsx's."""
    evaluation = tmp_path / "ev.yaml"
    evaluation.write_text(THREE_YAML + "survey: {group: 站点}\n", encoding="utf-8")
    old = write_xls(tmp_path / "r.xls", ROWS)
    new = write_xlsx(tmp_path / "r.xlsx", ROWS)
    docs = []
    for path in (old, new):
        result = runner.invoke(app, ["score", str(evaluation), str(path), "-f", "json"])
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
    for doc in docs:
        doc.pop("responses")
    assert docs[0] == docs[1]
    assert docs[0]["answer_labels"] == "built-in 1-5"
    assert [g["n"] for g in docs[0]["groups"]] == [2, 2]


def test_xls_sheets_and_bad_cells(tmp_path: Path) -> None:
    """--sheet names a sheet (an unknown one lists them); a date is a bad cell with its row."""
    evaluation = tmp_path / "ev.yaml"
    evaluation.write_text(THREE_YAML, encoding="utf-8")
    rows: list[list[Any]] = [["C11", "C12", "C21"], [4, 5, 3], [dt.datetime(2024, 5, 1), 4, 4]]  # noqa: DTZ001
    path = write_xls(tmp_path / "r.xls", rows)
    unknown = runner.invoke(app, ["score", str(evaluation), str(path), "--sheet", "x"])
    assert unknown.exit_code == 2
    assert unknown.stderr == f"{path}:1: no sheet 'x'; sheets: 答卷\n"
    dated = runner.invoke(app, ["score", str(evaluation), str(path), "--sheet", "答卷"])
    assert dated.exit_code == 2
    assert dated.stderr.startswith(f"{path}:3: ")
    assert "date" in dated.stderr


def test_xls_damaged_and_without_xlrd(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file that is no workbook is an input error; without xlrd the message says what to
    install."""
    evaluation = tmp_path / "ev.yaml"
    evaluation.write_text(THREE_YAML, encoding="utf-8")
    broken = tmp_path / "broken.xls"
    broken.write_bytes(b"C11,C12,C21\n4,5,3\n")
    result = runner.invoke(app, ["score", str(evaluation), str(broken)])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{broken}:1: cannot read the workbook: ")
    good = write_xls(tmp_path / "r.xls", [["C11", "C12", "C21"], [4, 5, 3]])
    monkeypatch.setitem(sys.modules, "xlrd", None)  # as if it were not installed
    missing = runner.invoke(app, ["score", str(evaluation), str(good)])
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"{good}:1: reading an .xls workbook needs xlrd: pip install 'ahp-eval[xls]' "
        "(or save the file as .xlsx or .csv)\n"
    )

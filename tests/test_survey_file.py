"""Reading survey exports: encodings, column matching, groups and every bad-data case."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from evaluations import THREE_YAML
from jsoncompare import json_close
from surveys import NO_LABEL, evaluation, write
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.survey_file import header_matches, read_responses
from ahp_eval.survey.responses import ResponseSet

runner = CliRunner()


def answers(rs: ResponseSet, group: int) -> np.ndarray:
    """The answers a group holds (the careful reader keeps them)."""
    x = rs.groups[group].perception
    assert x is not None
    return x


EVALUATION_YAML = THREE_YAML + "survey: {group: 站点}\n"
"""The hierarchy of ``evaluation({"group": "站点"})`` as a file, for CLI tests."""

CSV = "id,站点,C11,C12,C21,备注\n1,东,5,3,4,好\n2,西,4,,5,\n3,东,3,2,4,\n4,西,2,4,3,\n"


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030", "gbk"])
def test_encodings_are_detected(tmp_path: Path, encoding: str) -> None:
    """UTF-8, UTF-8 with BOM, GB18030 and GBK files read the same."""
    rs = read_responses(
        write(tmp_path, CSV, encoding), evaluation(), group="站点", keep_answers=True
    )
    assert [g.name for g in rs.groups] == ["东", "西"]
    assert rs.encoding == ("gb18030" if encoding.startswith("gb") else "utf-8")
    assert rs.ignored_columns == ("id", "备注")
    east = answers(rs, 0)
    assert east.tolist() == [[5, 3, 4], [3, 2, 4]]
    assert math.isnan(answers(rs, 1)[0, 1])


def test_header_matching_rules() -> None:
    """A code matches itself or itself followed by a separator, not a longer code."""
    assert header_matches("Q1. 页面设计", "Q1")
    assert header_matches("Q1、页面", "Q1")
    assert header_matches(" Q1 ", "Q1")
    assert not header_matches("Q10", "Q1")
    assert not header_matches("XQ1", "Q1")


def test_questions_are_averaged_and_reverse_coded(tmp_path: Path) -> None:
    """Two questions feed C11 (averaged); Q3 is reverse-coded on 1-5 (x -> 6 - x)."""
    survey = {
        "questions": [
            {"column": "Q1", "indicator": "C11"},
            {"column": "Q2", "indicator": "C11"},
            {"column": "Q3", "indicator": "C12", "reverse": True},
            {"column": "Q4", "indicator": "C21"},
            {"column": "E1", "indicator": "C11", "role": "expectation"},
        ]
    }
    text = "Q1. 页面设计,Q2 导航,Q3 (反向),Q4,E1 期望\n5,4,1,3,5\n4,,2,3,4\n"
    rs = read_responses(write(tmp_path, text), evaluation(survey), keep_answers=True)
    x = answers(rs, 0)
    assert x[0].tolist() == [4.5, 5.0, 3.0]  # (5 + 4)/2, 6 - 1, 3
    assert x[1].tolist() == [4.0, 4.0, 3.0]  # only Q1 answered, 6 - 2
    e = rs.groups[0].expectation
    assert e is not None
    assert e[:, 0].tolist() == [5.0, 4.0]
    assert np.isnan(e[:, 1:]).all()
    assert rs.groups[0].name == "all"


def test_question_text_row_is_skipped(tmp_path: Path) -> None:
    """A second row of question text (as `ahp-eval init` writes) is not data."""
    text = "site,C11,C12,C21\n调查对象,一,二,C21\nA,5,4,3\n"  # names, or the header
    rs = read_responses(write(tmp_path, text), evaluation(), group="site", keep_answers=True)
    assert rs.n_rows == 1
    assert answers(rs, 0).tolist() == [[5, 4, 3]]
    assert [(s.line, s.reason) for s in rs.skipped_rows] == [(2, "question texts")]


@pytest.mark.parametrize(
    ("text", "line", "message"),
    [
        ("C11,C12,C21\n5,x,3\n", 2, "column 'C12' (C12): 'x' is not a number" + NO_LABEL),
        ("C11,C12,C21\n5,4,3\n5,6,3\n", 3, "column 'C12' (C12): '6' is outside the scale 1..5"),
        (
            "C11,C21\n5,3\n",
            1,
            "no column for C12 (headers are matched by indicator id, or through survey.questions)",
        ),
        ("C11,C12,C21\n,,\n5,,3\n", 1, "group 'all': indicator C12 has no valid answers"),
        ("C11,C12,C21\n", 1, "the file has a header but no answers"),
        ("", 1, "the file is empty"),
    ],
)
def test_bad_data_is_located(tmp_path: Path, text: str, line: int, message: str) -> None:
    """Each bad-data case names the file row (header = 1) and the column."""
    path = write(tmp_path, text)
    with pytest.raises((InputError, InputErrors)) as info:
        read_responses(path, evaluation())
    exc = info.value
    errors: tuple[InputError, ...] = (
        exc.errors
        if isinstance(exc, InputErrors)
        else (exc,)
        if isinstance(exc, InputError)
        else ()
    )
    assert any(e.line == line and e.message == message for e in errors), [str(e) for e in errors]


def test_unknown_group_and_missing_mapped_column(tmp_path: Path) -> None:
    """An unknown group column lists the headers; a mapped question column must exist."""
    path = write(tmp_path, "C11,C12,C21\n5,4,3\n")
    with pytest.raises(InputError, match="no group column '平台'; headers: C11, C12, C21"):
        read_responses(path, evaluation(), group="平台")
    survey = {"questions": [{"column": "Q9", "indicator": "C11"}]}
    with pytest.raises(
        InputErrors, match=r"column 'Q9' \(survey.questions\[0\] for C11\) is not in the header"
    ):
        read_responses(path, evaluation(survey))


def test_drop_invalid_records_cells(tmp_path: Path) -> None:
    """--drop-invalid turns bad cells into missing answers and lists them."""
    path = write(tmp_path, "C11,C12,C21\n5,x,3\n4,4,9\n")
    rs = read_responses(path, evaluation(), drop_invalid=True)
    assert [(c.row, c.column, c.value) for c in rs.dropped] == [(2, "C12", "x"), (3, "C21", "9")]
    assert answers(rs, 0)[0, 1] != answers(rs, 0)[0, 1]  # NaN


def test_xlsx_first_sheet_and_named_sheet(tmp_path: Path) -> None:
    """XLSX: the first sheet by default, another with sheet=...; unknown sheets listed."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "说明"
    for row in (["C11", "C12", "C21"], [5, 4, 3]):
        first.append(row)
    other = book.create_sheet("数据")
    for row in (["C11", "C12", "C21"], [1, 2, 3], [2, 2, 2]):
        other.append(row)
    path = tmp_path / "r.xlsx"
    book.save(path)
    assert answers(read_responses(path, evaluation()), 0).tolist() == [[5, 4, 3]]
    assert read_responses(path, evaluation(), sheet="数据").n_rows == 2
    with pytest.raises(InputError, match="no sheet 'x'; sheets: 说明, 数据"):
        read_responses(path, evaluation(), sheet="x")


def test_score_command_on_a_csv(tmp_path: Path) -> None:
    """ahp-eval score with a CSV: one group per site, ranking, exit 0; bad cell exit 2."""
    ev_path = tmp_path / "e.yaml"
    ev_path.write_text(EVALUATION_YAML, encoding="utf-8")
    csv_path = write(tmp_path, CSV, "gb18030")
    result = runner.invoke(app, ["score", str(ev_path), str(csv_path), "-f", "json"])
    assert result.exit_code == 0, result.output
    doc = json.loads(result.stdout)
    assert [g["group"] for g in doc["groups"]] == ["东", "西"]
    assert doc["ignored_columns"] == ["id", "备注"]
    east = doc["groups"][0]
    # C11 mean 4 -> 75, C12 mean 2.5 -> 37.5, C21 mean 4 -> 75; weights .375 .375 .25
    assert east["composite"] == pytest.approx(0.375 * 75 + 0.375 * 37.5 + 0.25 * 75)
    assert east["indicators"]["C12"]["n"] == 2
    bad = write(tmp_path, "站点,C11,C12,C21\n东,5,abc,3\n", name="bad.csv")
    failed = runner.invoke(app, ["score", str(ev_path), str(bad)])
    assert failed.exit_code == 2
    assert f"{bad}:2: column 'C12' (C12): 'abc' is not a number{NO_LABEL}" in failed.stderr


@pytest.mark.parametrize(
    ("csv_text", "extra", "fragment"),
    [
        (
            "站点,C11,C12,C21\n东,5,abc,3\n",
            [],
            ":2: column 'C12' (C12): 'abc' is not a number" + NO_LABEL,
        ),
        (
            "站点,C11,C12,C21\n东,5,4,7\n",
            [],
            ":2: column 'C21' (C21): '7' is outside the scale 1..5",
        ),
        ("站点,C11,C12,C21\n东,5,,3\n", [], ":1: group '东': indicator C12 has no valid answers"),
        ("站点,C11,C21\n东,5,3\n", [], ":1: no column for C12"),
        ("站点,C11,C12,C21\n东,5,4,3\n", ["--group", "平台"], ":1: no group column '平台'"),
    ],
)
def test_bad_data_through_the_cli(
    tmp_path: Path, csv_text: str, extra: list[str], fragment: str
) -> None:
    """Every bad-data case exits 2 with file:row: message and no traceback."""
    ev_path = tmp_path / "e.yaml"
    ev_path.write_text(EVALUATION_YAML, encoding="utf-8")
    csv_path = write(tmp_path, csv_text)
    result = runner.invoke(app, ["score", str(ev_path), str(csv_path), *extra])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{csv_path}{fragment}" in result.stderr


def test_drop_invalid_through_the_cli(tmp_path: Path) -> None:
    """--drop-invalid: exit 0, the dropped cells listed on stderr and in the JSON."""
    ev = tmp_path / "e.yaml"
    ev.write_text(
        "goal: {id: A, name: 目标}\n"
        "criteria: [{id: C1, name: 一}, {id: C2, name: 二}]\n"
        "judgments: {A: {upper: [1]}}\n",
        encoding="utf-8",
    )
    csv_path = write(tmp_path, "C1,C2\n5,x\n4,4\n")
    result = runner.invoke(app, ["score", str(ev), str(csv_path), "--drop-invalid", "-f", "json"])
    assert result.exit_code == 0, result.output
    assert f"{csv_path}:2: dropped 'C2' = 'x'" in result.stderr
    assert json.loads(result.stdout)["dropped_cells"][0]["row"] == 2


PLAIN = (
    "编号,站点,Q1 页面,Q2 导航,Q3 反向,Q4,E1 期望\r\n"
    "调查对象,站点,页面设计,导航结构,反向题,速度,期望\r\n"
    "1,东,5,4,1,3,5\r\n"
    "2,西,4,,2,3,4\r\n"
    "3,东,3,2,,4,\r\n"
    "4,西,2,5,5,1,3\r\n"
    "5,东,,3,4,5,5\r\n"
)
SURVEY = {
    "group": "站点",
    "questions": [
        {"column": "Q1", "indicator": "C11", "text": "页面设计"},
        {"column": "Q2", "indicator": "C11", "text": "导航结构"},
        {"column": "Q3", "indicator": "C12", "reverse": True, "text": "反向题"},
        {"column": "Q4", "indicator": "C21", "text": "速度"},
        {"column": "E1", "indicator": "C11", "role": "expectation", "text": "期望"},
    ],
}


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_streaming_reader_equals_careful_reader(tmp_path: Path, encoding: str) -> None:
    """A plain file is read as statistics, and scores exactly as the cell-by-cell reader."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.survey.scoring import score

    ev = evaluation(SURVEY)
    path = write(tmp_path, PLAIN, encoding)
    fast = read_responses(path, ev)
    careful = read_responses(path, ev, keep_answers=True)
    assert all(g.perception is None and g.stats is not None for g in fast.groups)
    assert [g.name for g in fast.groups] == [g.name for g in careful.groups] == ["东", "西"]
    assert fast.n_rows == careful.n_rows == 5
    assert fast.ignored_columns == careful.ignored_columns == ("编号",)
    weights = solve(ev)
    a = score(weights, fast, fuzzy=True).to_dict()["groups"]
    b = score(weights, careful, fuzzy=True).to_dict()["groups"]
    assert json_close(a, b, rel=1e-12, abs_=1e-12)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ('C11,C12,C21\n5,4,"3"\n4,4,4\n', [[5, 4, 3], [4, 4, 4]]),  # a quoted field
        ("C11,C12,C21\n5,4.5,3\n4,4,4\n", [[5, 4.5, 3], [4, 4, 4]]),  # a decimal answer
        ("C11,C12,C21\n5,4,3,9\n4,4,4\n", [[5, 4, 3], [4, 4, 4]]),  # a ragged row
        (" C11,C12,C21\n 5,4,3\n4,4,4\n", [[5, 4, 3], [4, 4, 4]]),  # spaces around answers
    ],
)
def test_unusual_files_take_the_careful_path(
    tmp_path: Path, text: str, expected: list[list[float]]
) -> None:
    """Quotes, decimals, ragged rows or spaces: the careful reader reads the file and
    keeps every answer, as when asked to keep them."""
    path = write(tmp_path, text)
    rs = read_responses(path, evaluation())
    assert rs.groups[0].perception is not None
    assert answers(rs, 0).tolist() == expected
    kept = read_responses(path, evaluation(), keep_answers=True)
    assert answers(kept, 0).tolist() == expected
    assert rs.n_rows == kept.n_rows == 2


def test_streaming_digits_equal_careful_reader(tmp_path: Path) -> None:
    """The digit fast path (one column per indicator) scores as the careful reader does."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.survey.scoring import score

    ev = evaluation({"group": "站点"})
    path = write(tmp_path, CSV + "5,东,4,5,,\r\n6,西,1,1,1,\r\n")
    fast = read_responses(path, ev)
    careful = read_responses(path, ev, keep_answers=True)
    assert all(g.perception is None for g in fast.groups)
    weights = solve(ev)
    a = score(weights, fast, fuzzy=True).to_dict()["groups"]
    b = score(weights, careful, fuzzy=True).to_dict()["groups"]
    assert json_close(a, b, rel=1e-12, abs_=1e-12)


def test_two_processes_give_the_same_statistics(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A file read by two processes (cut at a line boundary) scores as when read whole."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io import survey_fast
    from ahp_eval.survey.scoring import score

    ev = evaluation({"group": "站点"})
    lines = [
        f"{i},{'东西南'[i % 3]},{i % 5 + 1},{(i * 7) % 5 + 1},{(i * 3) % 5 + 1},x"
        for i in range(300)
    ]
    path = write(tmp_path, "id,站点,C11,C12,C21,备注\n" + "\n".join(lines) + "\n")
    whole = read_responses(path, ev)
    monkeypatch.setattr(survey_fast, "PARALLEL_BYTES", 0)
    assert len(survey_fast._spans(path, 2)) == 2
    split = read_responses(path, ev)
    assert [g.name for g in split.groups] == [g.name for g in whole.groups] == ["东", "西", "南"]
    weights = solve(ev)
    a = score(weights, whole, fuzzy=True).to_dict()["groups"]
    b = score(weights, split, fuzzy=True).to_dict()["groups"]
    assert json_close(a, b, rel=1e-12, abs_=1e-12)


@pytest.mark.parametrize(
    ("lo", "hi", "answers", "expected"),
    [
        (1, 7, ["7", "4", "1"], [100.0, 50.0, 0.0]),  # (x - 1) / 6 * 100
        (1, 10, ["10", "1", "4"], [100.0, 0.0, 100 / 3]),  # (x - 1) / 9 * 100
        (0, 100, ["85", "100", "0"], [85.0, 100.0, 0.0]),  # (x - 0) / 100 * 100
    ],
)
def test_other_scales(
    tmp_path: Path, lo: int, hi: int, answers: list[str], expected: list[float]
) -> None:
    """1-7, 1-10 and 0-100 answers convert to 0-100 scores, by both readers."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.survey.scoring import score

    ev = evaluation({"scale": {"min": lo, "max": hi}})
    path = write(tmp_path, "C11,C12,C21\n" + ",".join(answers) + "\n" + ",".join(answers) + "\n")
    for keep in (False, True):
        rs = read_responses(path, ev, keep_answers=keep)
        group = score(solve(ev), rs, fuzzy=True).groups[0]
        got = [group.indicators[i].score for i in ("C11", "C12", "C21")]
        assert got == pytest.approx(expected)
        assert group.fuzzy is not None
        assert group.fuzzy.basis == ("levels" if hi - lo <= 10 else "grades")

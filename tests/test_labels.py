"""Answer labels, missing-answer markers and group names of survey exports."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
from evaluations import THREE_YAML
from surveys import assert_same, errors_of, evaluation, read_both, streamed, write
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.survey_file import read_responses
from ahp_eval.model.labels import AnswerLabels, builtin_labels, label_key
from ahp_eval.survey.responses import ResponseSet

runner = CliRunner()


def answers(rs: ResponseSet, group: int = 0) -> list[list[float | None]]:
    """A group's answers, NaN as None."""
    x = rs.groups[group].perception
    assert x is not None
    return [[None if math.isnan(v) else v for v in row] for row in x.tolist()]


def five(missing: tuple[str, ...] | None = None, **labels: float) -> AnswerLabels:
    """How a 1-5 survey section reads texts (``labels`` as in survey.labels)."""
    return AnswerLabels.of_survey(labels or None, missing, 1, 5)


def test_label_key_ignores_case_width_and_spaces() -> None:
    """Full-width digits and letters, case and every kind of space do not count."""
    assert label_key(" Very\u3000Satisfied ") == "verysatisfied"
    assert label_key("５ 非常满意") == "5非常满意"
    assert label_key("（跳过）") == "(跳过)"


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("非常满意", 5),
        (" 满意 ", 4),
        ("一般", 3),
        ("比较不满意", 2),
        ("非常不同意", 1),
        ("Strongly Agree", 5),
        ("neither agree nor disagree", 3),
        ("VERY DISSATISFIED", 1),
        ("５", 5),
        ("5 非常满意", 5),
        ("4.满意", 4),
        ("(2)不满意", 2),
        ("3=一般", 3),
        ("非常满意（5分）", 5),
        ("1 非常满意", 5),  # the option's number, the label says what it means
        ("4 whatever", 4),  # an unknown label: the number in front
    ],
)
def test_builtin_five_point_labels(text: str, value: float) -> None:
    """The built-in Chinese and English 5-point wordings, with or without the value."""
    found = five().lookup(text)
    assert (found.value, found.missing) == (value, False)


def test_builtin_seven_point_labels() -> None:
    """A 1-7 scale reads the 7-point wordings: 一般 is its middle, 4."""
    labels = AnswerLabels.of_survey(None, None, 1, 7)
    assert labels.source == "built-in 1-7"
    assert [
        labels.lookup(t).value for t in ("非常满意", "比较满意", "一般", "somewhat disagree")
    ] == [
        7,
        5,
        4,
        3,
    ]


def test_no_builtin_labels_for_other_scales() -> None:
    """Only 1-5 and 1-7 scales have built-in wordings; a 0-10 scale needs survey.labels."""
    assert builtin_labels(0, 10) is None
    assert builtin_labels(1, 5) is not None
    labels = AnswerLabels.of_survey(None, None, 0, 10)
    assert labels.source is None
    assert labels.lookup("非常满意").value is None
    assert labels.describe() == "; to read answer texts, map them to values in survey.labels"


def test_unknown_texts_are_not_answers() -> None:
    """A text in no mapping, or a number outside the scale, gives no value."""
    labels = five()
    assert labels.lookup("很好").value is None
    assert labels.lookup("9 很好").value is None
    assert labels.lookup("６").value is None
    assert not labels.used


def test_declared_labels_replace_the_builtin_ones() -> None:
    """survey.labels is the whole mapping: the built-in wordings are not used beside it."""
    labels = five(好=5, 差=1)
    assert labels.source == "survey.labels"
    assert labels.lookup(" 好 ").value == 5
    assert labels.lookup("非常满意").value is None
    assert labels.describe() == "nor an answer label of survey.labels"


def test_missing_markers() -> None:
    """(跳过), (空) and -3 (outside the scale) are missing answers by default;
    survey.missing replaces them."""
    labels = five()
    assert all(labels.lookup(t).missing for t in ("(跳过)", "（空）", "-3"))
    on_scale = AnswerLabels.of_survey(None, None, -3, 3)
    assert not on_scale.lookup("-3").missing
    declared = five(("N/A", "99"))
    assert declared.lookup("n/a").missing
    assert declared.lookup("99").missing
    assert not declared.lookup("(跳过)").missing


LABELLED = (
    "id,站点,C11,C12,C21\n"
    "1,1,非常满意,5 满意,一般\n"
    "2,2,满意, Very Satisfied ,同意\n"
    "3,1,５,-3,（空）\n"
    "4,2,(跳过),4,2\n"
)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_labelled_csv(tmp_path: Path, encoding: str) -> None:
    """Answer texts, markers and group codes in UTF-8 and GB18030 CSV files."""
    ev = evaluation({"group": "站点", "group_names": {1: "城东营业厅", 2: "城西营业厅"}})
    path = write(tmp_path, LABELLED, encoding)
    fast, careful = read_both(path, ev)
    assert_same(fast, careful, ev)
    assert isinstance(careful, ResponseSet)
    assert [g.name for g in careful.groups] == ["城东营业厅", "城西营业厅"]
    assert answers(careful, 0) == [[5, 4, 3], [5, None, None]]
    assert answers(careful, 1) == [[4, 5, 4], [None, 4, 2]]
    assert careful.labels == "built-in 1-5"


def test_labelled_xlsx(tmp_path: Path) -> None:
    """Answer texts in an XLSX sheet, beside numbers and a numeric group code."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    rows: list[list[Any]] = [
        ["站点", "C11", "C12", "C21"],
        [1, "非常满意", 4, "不满意"],
        [2.0, "(跳过)", "满意", -3],
        ["2", "同意", 1, "比较满意"],
    ]
    for row in rows:
        ws.append(row)
    path = tmp_path / "r.xlsx"
    book.save(path)
    ev = evaluation({"group": "站点", "group_names": {"1": "东", 2: "西"}})
    rs = read_responses(path, ev)
    assert [g.name for g in rs.groups] == ["东", "西"]
    assert answers(rs, 0) == [[5, 4, 2]]
    assert answers(rs, 1) == [[None, 4, None], [4, 1, 4]]
    assert rs.labels == "built-in 1-5"


def test_labelled_dataframe() -> None:
    """A DataFrame goes through the same reader: texts, markers and codes."""
    pd = pytest.importorskip("pandas")
    frame = pd.DataFrame(
        {
            "站点": [1, 2, 1],
            "C11": ["满意", "一般", 2],
            "C12": ["(空)", 5, "1 非常不满意"],
            "C21": ["同意", "agree", None],
        }
    )
    ev = evaluation({"group": "站点", "group_names": {1: "东", 2: "西"}})
    rs = read_responses(frame, ev)
    assert [(g.name, answers(rs, k)) for k, g in enumerate(rs.groups)] == [
        ("东", [[4, None, 4], [2, 1, None]]),
        ("西", [[3, 5, 4]]),
    ]


def test_declared_labels_in_a_file(tmp_path: Path) -> None:
    """survey.labels maps a platform's own wording; numbers are still read as numbers."""
    ev = evaluation({"labels": {"好": 5, "较好": 4, "中": 3, "较差": 2, "差": 1}})
    rs = read_responses(write(tmp_path, "C11,C12,C21\n好,较好,3\n1,差,5 好\n"), ev)
    assert answers(rs) == [[5, 4, 3], [1, 1, 5]]
    assert rs.labels == "survey.labels"


def test_numbers_only_have_no_label_source(tmp_path: Path) -> None:
    """A file of numbers says no labels were used, whichever reader read it."""
    path = write(tmp_path, "C11,C12,C21\n1,2,3\n4,5,1\n")
    fast, careful = read_both(path, evaluation())
    assert isinstance(fast, ResponseSet)
    assert isinstance(careful, ResponseSet)
    assert streamed(fast)
    assert fast.labels is careful.labels is None


def test_group_names_in_the_streaming_reader(tmp_path: Path) -> None:
    """A file of numbers is streamed, and its group codes are named as the careful
    reader names them (codes named alike are one group)."""
    text = "site,C11,C12,C21\n1,1,2,3\n2,4,5,1\n3,2,2,2\n1,5,5,5\n"
    ev = evaluation({"group": "site", "group_names": {1: "东", 2: "西", 3: "东"}})
    fast, careful = read_both(write(tmp_path, text), ev)
    assert isinstance(fast, ResponseSet)
    assert streamed(fast)
    assert_same(fast, careful, ev)
    assert [(g.name, g.n) for g in fast.groups] == [("东", 3), ("西", 1)]


def test_unknown_text_is_a_bad_cell(tmp_path: Path) -> None:
    """A text in no mapping is reported like any bad cell, saying where labels go."""
    path = write(tmp_path, "C11,C12,C21\n满意,很好,3\n")
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    assert errors_of(info.value) == [
        (
            f"{path}:2: column 'C12' (C12): '很好' is not a number nor a built-in 1-5 answer "
            "label; list the labels in survey.labels"
        )
    ]


def test_drop_invalid_keeps_the_labelled_answers(tmp_path: Path) -> None:
    """With --drop-invalid the unknown text is dropped and the labels still read."""
    path = write(tmp_path, "C11,C12,C21\n满意,很好,3\n1,2,3\n")
    rs = read_responses(path, evaluation(), drop_invalid=True)
    assert answers(rs) == [[4, None, 3], [1, 2, 3]]
    assert [c.value for c in rs.dropped] == ["很好"]


@pytest.mark.parametrize(
    ("survey", "message"),
    [
        ({"labels": {"好": 7}}, "survey.labels.好: label '好' is 7, outside the scale 1..5"),
        (
            {"labels": {"好": 5, "好 ": 4}},
            "survey.labels.好 : labels '好' and '好 ' are the same text with different values",
        ),
        (
            {"missing": [3]},
            (
                "survey.missing[0]: '3' is an answer on the scale 1..5, "
                "so it cannot mark a missing answer"
            ),
        ),
        (
            {"labels": {"好": 5}, "missing": ["好"]},
            "survey.missing[0]: '好' is both an answer label and a missing marker",
        ),
        (
            {"labels": [1]},
            "survey.labels: expected a mapping of answer texts to values (非常满意: 5), got a list",
        ),
        (
            {"labels": {"好": "x"}},
            "survey.labels.好: label '好': expected a number, got the text 'x'",
        ),
        (
            {"group_names": [1]},
            (
                "survey.group_names: expected a mapping of group codes to names "
                "(1: 城东营业厅), got a list"
            ),
        ),
    ],
)
def test_bad_survey_sections(survey: dict[str, Any], message: str) -> None:
    """Each mistake in labels, markers or group names is named at its key."""
    with pytest.raises((InputError, InputErrors)) as info:
        evaluation(survey)
    assert message in errors_of(info.value)


def test_score_json_says_which_labels(tmp_path: Path) -> None:
    """score's JSON names the mapping used (answer_labels), null for numbers."""
    ev_path = tmp_path / "e.yaml"
    ev_path.write_text(THREE_YAML, encoding="utf-8")
    texts = write(tmp_path, "C11,C12,C21\n满意,非常满意,一般\n3,4,5\n", name="t.csv")
    numbers = write(tmp_path, "C11,C12,C21\n4,5,3\n3,4,5\n", name="n.csv")
    docs = []
    for path in (texts, numbers):
        result = runner.invoke(app, ["score", str(ev_path), str(path), "-f", "json"])
        assert result.exit_code == 0, result.output
        docs.append(json.loads(result.stdout))
    assert docs[0]["answer_labels"] == "built-in 1-5"
    assert docs[1]["answer_labels"] is None
    assert np.allclose(
        [g["composite"] for g in docs[0]["groups"]], [g["composite"] for g in docs[1]["groups"]]
    )
    md = runner.invoke(app, ["score", str(ev_path), str(texts), "-f", "markdown"])
    assert "答案标签 Answer labels: answer texts read by the built-in 1-5 labels" in md.stdout

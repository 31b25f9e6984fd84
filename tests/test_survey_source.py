"""The survey front door: encodings, group labels, column references, question-text
rows, lines, messages, forking and progress, alike for the streaming and careful reader."""

from __future__ import annotations

import csv
import datetime as dt
import json
import sys
import threading
from pathlib import Path

import pytest
from platforms import FORK
from surveys import (
    EVALUATION_YAML,
    NO_LABEL,
    assert_same,
    errors_of,
    evaluation,
    mixed_export,
    read_both,
    streamed,
    write,
)
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputError, InputErrors, OptionError
from ahp_eval.io import survey_fast, survey_source
from ahp_eval.io.library import load_template, survey_template
from ahp_eval.io.survey_file import read_responses
from ahp_eval.report.listing import dropped_lines
from ahp_eval.survey.responses import ResponseSet

runner = CliRunner()


def test_gb18030_rows_late_in_a_file_keep_their_group_names(tmp_path: Path) -> None:
    """60,000 rows, ASCII at the top and GB18030 further down: both readers name the
    groups north, 东区, 西区 (the encoding is decided for the whole file)."""
    path = write(tmp_path, mixed_export(60_000))
    assert path.stat().st_size > survey_fast.BLOCK_BYTES
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert streamed(fast)
    assert [g.name for g in fast.groups] == ["north", "东区", "西区"]
    assert [g.n for g in fast.groups] == [30_000, 15_000, 15_000]
    assert fast.encoding == "gb18030"
    assert_same(fast, careful, ev)


def test_score_command_on_the_concatenated_export(tmp_path: Path) -> None:
    """`score --group site -o report.json` on that file reports the three sites by name."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, mixed_export(60_000))
    out = tmp_path / "report.json"
    result = runner.invoke(
        app, ["score", str(ev_path), str(path), "--group", "site", "-o", str(out)]
    )
    assert result.exit_code == 0, result.output
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert [g["group"] for g in doc["groups"]] == ["north", "东区", "西区"]
    assert [g["n"] for g in doc["groups"]] == [30_000, 15_000, 15_000]


def test_score_encoding_option_names_a_big5_export(tmp_path: Path) -> None:
    """A Big5 export is refused (exit 2, with the hint); `--encoding big5` reads its names;
    an unknown encoding is an option error."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, "site,C11,C12,C21\n東區,5,4,3\n西區,4,4,5\n", "big5")
    refused = runner.invoke(app, ["score", str(ev_path), str(path), "--group", "site"])
    assert refused.exit_code == 2
    assert "say so with --encoding big5" in refused.stderr
    args = ["score", str(ev_path), str(path), "--group", "site", "--encoding", "big5"]
    named = runner.invoke(app, [*args, "--quiet", "-f", "json"])
    assert named.exit_code == 0, named.output
    assert [g["group"] for g in json.loads(named.stdout)["groups"]] == ["東區", "西區"]
    unknown = runner.invoke(app, ["score", str(ev_path), str(path), "--encoding", "klingon"])
    assert unknown.exit_code == 2
    assert unknown.stderr.startswith("ahp-eval: --encoding: unknown encoding 'klingon'")


def test_gb18030_free_text_late_in_a_file(tmp_path: Path) -> None:
    """GB18030 comments after megabytes of ASCII: the streaming reader re-checks the
    blocks it took for UTF-8 and decides GB18030, as the careful reader does."""
    lines = ["site,C11,C12,C21,comment\n"]
    lines += [f"north,{i % 5 + 1},3,4,ok\n" for i in range(150_000)]
    lines += [f"{'东区' if i % 2 else '西区'},{i % 5 + 1},2,5,服务很好\n" for i in range(2_000)]
    path = write(tmp_path, "".join(lines), "gb18030")
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert streamed(fast)
    assert fast.encoding == "gb18030"
    assert [g.name for g in fast.groups] == ["north", "西区", "东区"]
    assert_same(fast, careful, ev)


def test_utf8_mark_then_gb18030_rows_are_refused(tmp_path: Path) -> None:
    """A UTF-8 file (byte-order mark) with GB18030 rows appended: an error at the first
    GB18030 line, from both readers."""
    text = "\ufeffsite,C11,C12,C21\n东区,5,4,3\n".encode() + "西区,4,4,5\n".encode("gb18030")
    path = write(tmp_path, text)
    fast, careful = read_both(path, evaluation({"group": "site"}))
    assert (
        fast
        == careful
        == [
            (
                f"{path}:3: this line is not UTF-8 text though the file starts with a UTF-8 "
                "byte-order mark: the file mixes encodings; save it again in one encoding or name "
                "the encoding with --encoding (for example big5 or shift_jis)"
            )
        ]
    )


def test_utf8_and_gb18030_lines_in_one_file_are_refused(tmp_path: Path) -> None:
    """UTF-8 rows and GB18030 rows in one file (no byte-order mark): refused, naming
    both lines, never read as either."""
    text = "site,C11,C12,C21\n东区,1,2,3\n".encode() + "西区,4,4,5\n".encode("gb18030")
    path = write(tmp_path, text)
    fast, careful = read_both(path, evaluation({"group": "site"}))
    assert (
        fast
        == careful
        == [
            (
                f"{path}:2: this line is UTF-8 text but line 3 is not: the file mixes two "
                "encodings; save it again in one encoding (UTF-8 is best)"
            )
        ]
    )


BIG5_TEXT = (
    "站點,C11,C12,C21,意見\r\n東區營業廳,5,4,3,服務態度很好\r\n西區營業廳,4,4,5,請改進排隊時間\r\n"
)
SHIFT_JIS_TEXT = (
    "店舗,C11,C12,C21,ご意見\r\n"
    "東京支店,5,4,3,とても満足しています\r\n"
    "大阪支店,4,4,5,待ち時間を改善してください\r\n"
)


@pytest.mark.parametrize(
    ("encoding", "text", "group", "sites"),
    [
        ("big5", BIG5_TEXT, "站點", ["東區營業廳", "西區營業廳"]),
        ("shift_jis", SHIFT_JIS_TEXT, "店舗", ["東京支店", "大阪支店"]),
    ],
)
def test_big5_and_shift_jis_are_refused_unless_named(
    tmp_path: Path, encoding: str, text: str, group: str, sites: list[str]
) -> None:
    """Big5 or Shift-JIS decodes as GB18030 into wrong characters: refused with a hint
    at --encoding; named, the file reads with the right names."""
    path = write(tmp_path, text, encoding)
    ev = evaluation()
    fast, careful = read_both(path, ev, group=group)
    assert fast == careful
    assert isinstance(fast, list)
    assert len(fast) == 1
    assert fast[0].startswith(f"{path}:1: the file decodes as GB18030 but does not read as Chinese")
    assert fast[0].endswith(
        "if it is Big5 or Shift-JIS, say so with --encoding big5 or --encoding shift_jis "
        "(--encoding gb18030 keeps this reading)"
    )
    rs = read_responses(path, ev, group=group, encoding=encoding)
    assert [g.name for g in rs.groups] == sites
    assert rs.encoding == encoding
    assert rs.ignored_columns == (text.split("\r", maxsplit=1)[0].rsplit(",", maxsplit=1)[-1],)


def test_big5_rows_after_ascii_lines_name_the_first_odd_line(tmp_path: Path) -> None:
    """Two Big5 site names below ASCII lines are refused at the first Big5 line."""
    path = write(tmp_path, "site,C11,C12,C21\nA,1,2,3\n東區,5,4,3\n西區,4,4,5\n", "big5")
    fast, careful = read_both(path, evaluation({"group": "site"}))
    assert fast == careful
    assert isinstance(fast, list)
    assert fast[0].startswith(f"{path}:3: the file decodes as GB18030 but does not read")


def test_gbk_chinese_with_rare_name_characters_is_accepted(tmp_path: Path) -> None:
    """Real GBK Chinese, with a few name characters outside GB2312 (喆, 堃, 玥), reads
    as GB18030 in both readers."""
    text = (
        "站点,C11,C12,C21,意见\r\n"
        "东区营业厅,5,4,3,服务态度很好\r\n"
        "喆园营业厅,4,4,5,请改进排队时间\r\n"
        "堃城营业厅,3,3,3,玥\r\n"
        "东区营业厅,2,4,4,环境整洁，办理迅速\r\n"
    )
    path = write(tmp_path, text, "gbk")
    ev = evaluation({"group": "站点"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert [g.name for g in fast.groups] == ["东区营业厅", "喆园营业厅", "堃城营业厅"]
    assert fast.encoding == "gb18030"
    assert_same(fast, careful, ev)


def test_gbk_traditional_chinese_is_accepted(tmp_path: Path) -> None:
    """GBK holds traditional characters too (編號, 備註, 東區): outside GB2312, but Big5
    and Shift-JIS read those bytes as invalid or uncommon, so GB18030 stands."""
    text = "編號,站點,C11,C12,C21,備註\r\n1,東區,5,4,3,很好\r\n2,西區,4,4,5,意見\r\n"
    path = write(tmp_path, text, "gbk")
    ev = evaluation({"group": "站點"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert [g.name for g in fast.groups] == ["東區", "西區"]
    assert fast.ignored_columns == ("編號", "備註")
    assert_same(fast, careful, ev)


def test_two_shift_jis_characters_are_enough_to_refuse(tmp_path: Path) -> None:
    """A single Shift-JIS header (意見) that GB18030 reads as 堄尒 is refused: read as
    Shift-JIS both bytes pairs are common kanji, as GB2312 neither is Chinese."""
    path = write(tmp_path, "site,C11,C12,C21,意見\nA,5,4,3,x\n", "shift_jis")
    fast, careful = read_both(path, evaluation({"group": "site"}))
    assert fast == careful
    assert isinstance(fast, list)
    assert fast[0].startswith(f"{path}:1: the file decodes as GB18030 but does not read")


def test_shift_jis_with_level_two_kanji_is_refused_unless_named(tmp_path: Path) -> None:
    """Shift-JIS whose kanji include level-2 ones (站, 很) that GB18030 reads as
    岲峫崋忛搶斣旛渒鈰, none of them common Chinese: refused; named, it reads 城東站."""
    text = "番号,site,C11,C12,C21,備考\n1,城東站,5,4,3,很好\n2,城東站,4,4,5,\n"
    path = write(tmp_path, text, "shift_jis")
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert fast == careful
    assert isinstance(fast, list)
    assert fast[0].startswith(f"{path}:1: the file decodes as GB18030 but does not read")
    rs = read_responses(path, ev, encoding="shift_jis")
    assert [g.name for g in rs.groups] == ["城東站"]


def test_utf16_unicode_text_is_read(tmp_path: Path) -> None:
    """Excel's "Unicode text" (UTF-16 with a byte-order mark, tab-separated) is read."""
    text = "站点\tC11\tC12\tC21\r\n东区\t5\t4\t3\r\n西区\t4\t4\t4\r\n"
    path = write(tmp_path, text, "utf-16", name="r.txt")
    assert path.read_bytes().startswith((b"\xff\xfe", b"\xfe\xff"))
    rs = read_responses(path, evaluation({"group": "站点"}))
    assert [g.name for g in rs.groups] == ["东区", "西区"]
    assert rs.encoding == "utf-16"


def test_declared_encoding_that_does_not_fit_names_the_line(tmp_path: Path) -> None:
    """--encoding utf-8 on a GB18030 file: the line that does not decode, from both."""
    path = write(tmp_path, "site,C11,C12,C21\nA,1,2,3\n东区,5,4,3\n", "gb18030")
    fast, careful = read_both(path, evaluation({"group": "site"}), encoding="utf-8")
    assert (
        fast
        == careful
        == [f"{path}:3: cannot decode this line as utf-8 (bytes b6); is the encoding right?"]
    )


def test_text_in_no_known_encoding_names_the_line(tmp_path: Path) -> None:
    """Bytes that are neither UTF-8 nor GB18030: the line, and how to name the encoding."""
    path = write(tmp_path, b"site,C11,C12,C21\nA,1,2,3\n\xff\xfe,5,4,3\n")
    fast, careful = read_both(path, evaluation({"group": "site"}))
    assert (
        fast
        == careful
        == [
            (
                f"{path}:3: cannot decode this line: the file is neither UTF-8 nor GB18030/GBK "
                "text; name the encoding with --encoding (for example big5 or shift_jis)"
            )
        ]
    )


def test_unknown_encoding_is_an_option_error(tmp_path: Path) -> None:
    """An encoding Python does not know is an error about the option."""
    path = write(tmp_path, "C11,C12,C21\n1,2,3\n")
    with pytest.raises(OptionError) as info:
        read_responses(path, evaluation(), encoding="klingon")
    assert str(info.value) == (
        "ahp-eval: --encoding: unknown encoding 'klingon'; for example utf-8, gb18030, "
        "big5 or shift_jis"
    )


def test_labels_equal_after_strip_and_nfc_are_one_group(tmp_path: Path) -> None:
    """`A`, ` A` and `A ` are one group, so are composed and decomposed `Café`: in both
    readers, named as stripped and composed, in order of first appearance."""
    text = (
        "site,C11,C12,C21\r\nA,5,4,3\r\n A,4,4,4\r\n"
        "Cafe\u0301,3,3,3\r\nA ,2,,5\r\nCaf\u00e9,1,2,3\r\n"
    )
    path = write(tmp_path, text)
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert streamed(fast)
    assert [(g.name, g.n) for g in fast.groups] == [("A", 3), ("Caf\u00e9", 2)]
    assert_same(fast, careful, ev)


def test_group_column_matches_like_question_columns(tmp_path: Path) -> None:
    """--group 1 finds the header `1、您办理业务的营业厅：`, as a question code would."""
    text = "编号,1、您办理业务的营业厅：,C11,C12,C21\n1,东区,5,4,3\n2,西区,4,4,4\n"
    path = write(tmp_path, text)
    ev = evaluation()
    fast, careful = read_both(path, ev, group="1")
    assert isinstance(fast, ResponseSet)
    assert [g.name for g in fast.groups] == ["东区", "西区"]
    assert fast.group_column == "1、您办理业务的营业厅："
    assert fast.ignored_columns == ("编号",)
    assert_same(fast, careful, ev)


def test_a_whole_header_picks_its_column(tmp_path: Path) -> None:
    """`site` picks the header `site` although `site_name` starts with it too."""
    path = write(tmp_path, "site,site_name,C11,C12,C21\nA,甲,5,4,3\nB,乙,4,4,4\n")
    rs = read_responses(path, evaluation(), group="site")
    assert [g.name for g in rs.groups] == ["A", "B"]


def test_ambiguous_group_column_lists_the_headers(tmp_path: Path) -> None:
    """A reference matching two headers is an error listing both."""
    path = write(tmp_path, "1、营业厅,1-营业厅,C11,C12,C21\nA,甲,5,4,3\n")
    with pytest.raises(InputError) as info:
        read_responses(path, evaluation(), group="1")
    assert str(info.value) == (
        f"{path}:1: group column '1' matches '1、营业厅' (column 1), '1-营业厅' (column 2); "
        "give the whole header"
    )


@pytest.mark.parametrize("blank", ["", "  ", "\u3000"])
def test_blank_group_cell_drops_the_row_with_drop_invalid(tmp_path: Path, blank: str) -> None:
    """An empty group cell (spaces, an ideographic space) is an error at its line; with
    drop_invalid the row is left out and listed, by both readers."""
    text = f"site,C11,C12,C21\nA,5,4,3\n{blank},1,1,1\nB,4,4,4\nA,3,3,3\n"
    path = write(tmp_path, text)
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert fast == careful == [f"{path}:3: empty group cell in column 'site'"]
    fast, careful = read_both(path, ev, drop_invalid=True)
    assert isinstance(fast, ResponseSet)
    assert [(g.name, g.n) for g in fast.groups] == [("A", 2), ("B", 1)]
    assert [(c.row, c.line, c.column, c.value) for c in fast.dropped] == [(3, 3, "site", "")]
    assert dropped_lines(fast) == [
        f"{path}:3: dropped 'site' = '': empty group cell in column 'site'"
    ]
    assert_same(fast, careful, ev)


def test_blank_group_cell_through_the_cli(tmp_path: Path) -> None:
    """--drop-invalid with a blank group cell: exit 0, the row listed on stderr and in JSON."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, "site,C11,C12,C21\nA,5,4,3\n,1,1,1\nB,4,4,4\n")
    result = runner.invoke(
        app, ["score", str(ev_path), str(path), "--group", "site", "--drop-invalid", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == f"{path}:3: dropped 'site' = '': empty group cell in column 'site'\n"
    doc = json.loads(result.stdout)
    assert doc["dropped_cells"] == [
        {
            "row": 3,
            "line": 3,
            "column": "site",
            "value": "",
            "reason": "empty group cell in column 'site'",
        }
    ]
    assert [g["group"] for g in doc["groups"]] == ["A", "B"]


def test_a_first_row_of_answers_in_words_is_data(tmp_path: Path) -> None:
    """A respondent who answered 很好 everywhere (no answer label) is not a row of question
    texts: each cell is reported, exit 2, and nobody vanishes."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, "C11,C12,C21\n很好,很好,很好\n5,4,3\n")
    fast, careful = read_both(path, evaluation())
    assert (
        fast
        == careful
        == [
            f"{path}:2: column '{c}' ({c}): '很好' is not a number{NO_LABEL}"
            for c in ("C11", "C12", "C21")
        ]
    )
    result = runner.invoke(app, ["score", str(ev_path), str(path)])
    assert result.exit_code == 2
    assert (
        result.stderr.splitlines()[0]
        == f"{path}:2: column 'C11' (C11): '很好' is not a number{NO_LABEL}"
    )
    rs = read_responses(path, evaluation(), drop_invalid=True)
    assert rs.n_rows == 2
    assert rs.skipped_rows == ()


def test_a_row_partly_of_question_texts_is_data(tmp_path: Path) -> None:
    """Names in two cells and an answer in the third: data, with two bad cells."""
    path = write(tmp_path, "C11,C12,C21\n一,二,5\n5,4,3\n")
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    assert [e.line for e in info.value.errors] == [2, 2]


@pytest.mark.parametrize(
    "row",
    [
        "一,二,三",  # indicator names
        "One,二,三",  # an English name
        "一 (One),二,三",  # "name (English name)"
        "C11,C12,C21",  # the headers again
    ],
)
def test_rows_of_question_texts_are_skipped_and_reported(tmp_path: Path, row: str) -> None:
    """Names, English names, "name (English name)" or the headers: skipped and reported,
    by both readers."""
    path = write(tmp_path, f"C11,C12,C21\n{row}\n5,4,3\n4,4,4\n")
    ev = evaluation()
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert fast.n_rows == 2
    assert [(s.line, s.reason) for s in fast.skipped_rows] == [(2, "question texts")]
    assert dropped_lines(fast) == [f"{path}:2: skipped row: question texts"]
    assert_same(fast, careful, ev)


def test_declared_question_texts_are_skipped(tmp_path: Path) -> None:
    """The texts of survey.questions[].text make a row of question texts."""
    survey = {
        "questions": [
            {"column": "Q1", "indicator": "C11", "text": "页面设计美观吗？"},
            {"column": "Q2", "indicator": "C12", "text": "导航清楚吗？"},
            {"column": "Q3", "indicator": "C21", "text": "速度快吗？"},
        ]
    }
    path = write(tmp_path, "Q1,Q2,Q3\n页面设计美观吗？,导航清楚吗？,速度快吗？\n5,4,3\n")
    rs = read_responses(path, evaluation(survey))
    assert [(s.line, s.reason) for s in rs.skipped_rows] == [(2, "question texts")]
    assert rs.n_rows == 1


def test_the_survey_template_row_is_skipped_through_the_cli(tmp_path: Path) -> None:
    """A survey template from the library, filled in: its row of question texts is
    skipped, said on stderr and in the JSON report."""
    template = load_template("servqual")
    ev_path = write(tmp_path, template.text, name="evaluation.yaml")
    ids = [leaf.id for leaf in template.evaluation.leaves()]
    rows = [",".join(["城东", *(str((i + j) % 5 + 1) for j in range(len(ids)))]) for i in range(4)]
    path = write(tmp_path, survey_template(template.evaluation) + "\r\n".join(rows) + "\r\n")
    out = tmp_path / "report.json"
    result = runner.invoke(app, ["score", str(ev_path), str(path), "-o", str(out)])
    assert result.exit_code in (0, 1), result.output
    assert f"{path}:2: skipped row: question texts\n" in result.stderr
    doc = json.loads(out.read_text(encoding="utf-8"))
    assert doc["skipped_rows"] == [{"line": 2, "reason": "question texts"}]
    assert doc["groups"][0]["n"] == 4


BLANKS = (
    "site,C11,C12,C21,comment\n"  # 1
    'A,5,4,3,"first line\n'  # 2
    'second line"\n'  # 3
    "\n"  # 4
    "A,5,4,3,ok\n"  # 5
    "\n"  # 6
    ",,,,\n"  # 7
    "B,5,x,3,ok\n"  # 8
    "B,4,4,4,ok\n"  # 9
)


def test_errors_name_physical_lines_of_a_csv(tmp_path: Path) -> None:
    """Blank lines and line breaks inside quotes count: the bad cell is on line 8 (the
    file's fourth non-blank row)."""
    path = write(tmp_path, BLANKS, name="blank.csv")
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert fast == careful == [f"{path}:8: column 'C12' (C12): 'x' is not a number{NO_LABEL}"]
    rs = read_responses(path, ev, drop_invalid=True)
    assert [(c.row, c.line) for c in rs.dropped] == [(4, 8)]


def test_dropped_cells_carry_row_and_line_in_json(tmp_path: Path) -> None:
    """The JSON report keeps `row` (non-blank rows, header 1) and adds `line`; stderr
    names the line."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, BLANKS, name="blank.csv")
    result = runner.invoke(
        app, ["score", str(ev_path), str(path), "--group", "site", "--drop-invalid", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert result.stderr == (
        f"{path}:8: dropped 'C12' = 'x': column 'C12' (C12): 'x' is not a number{NO_LABEL}\n"
    )
    cell = json.loads(result.stdout)["dropped_cells"][0]
    assert (cell["row"], cell["line"]) == (4, 8)


def test_errors_name_the_sheet_and_row_of_an_xlsx(tmp_path: Path) -> None:
    """XLSX: empty rows count; the message names the sheet row and the sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Sheet1"
    ws.append(["C11", "C12", "C21"])  # row 1
    for k in range(2, 14):  # rows 2-13, with empty rows 5 and 9
        if k not in (5, 9):
            ws.append([5, 4, 3])
        else:
            ws.append([])
    ws.append(["x", 4, 3])  # row 14
    path = tmp_path / "x1.xlsx"
    book.save(path)
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    assert errors_of(info.value) == [
        f"{path}:14: sheet 'Sheet1': column 'C11' (C11): 'x' is not a number{NO_LABEL}"
    ]
    rs = read_responses(path, evaluation(), drop_invalid=True)
    assert [(c.row, c.line) for c in rs.dropped] == [(12, 14)]
    assert dropped_lines(rs) == [
        f"{path}:14: sheet 'Sheet1': dropped 'C11' = 'x': column 'C11' (C11): 'x' is not a number"
        + NO_LABEL
    ]


def test_the_count_of_more_bad_cells_has_no_line_and_comes_last(tmp_path: Path) -> None:
    """Past 50 bad cells, one summary `path: ... and N more bad cells`, last."""
    path = write(tmp_path, "C11,C12,C21\n" + "".join("x,4,3\n" for _ in range(60)))
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    errors = info.value.errors
    assert len(errors) == 51
    assert [e.line for e in errors[:50]] == list(range(2, 52))
    assert errors[-1].line is None
    assert str(errors[-1]) == f"{path}: ... and 10 more bad cells"


def test_more_than_twenty_dropped_cells_are_counted_on_stderr(tmp_path: Path) -> None:
    """Twenty dropped cells are listed one by one, the rest counted on a last line."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    path = write(tmp_path, "C11,C12,C21\n" + "x,4,3\n" * 25 + "5,4,3\n")
    result = runner.invoke(app, ["score", str(ev_path), str(path), "--drop-invalid"])
    assert result.exit_code == 0, result.output
    lines = result.stderr.splitlines()
    assert (
        lines[0]
        == f"{path}:2: dropped 'C11' = 'x': column 'C11' (C11): 'x' is not a number{NO_LABEL}"
    )
    assert lines[19].startswith(f"{path}:21: dropped 'C11'")
    assert lines[20] == f"{path}: ... and 5 more dropped cells (all listed in JSON)"
    assert len(lines) == 21


def test_a_folder_is_not_a_survey_file(tmp_path: Path) -> None:
    """A folder given as the survey file: a one-line error, exit 2."""
    ev_path = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    folder = tmp_path / "answers.csv"
    folder.mkdir()
    with pytest.raises(InputError) as info:
        read_responses(folder, evaluation())
    message = f"{folder}: is a folder; give the survey export itself (a .csv or .xlsx file)"
    assert str(info.value) == message
    result = runner.invoke(app, ["score", str(ev_path), str(folder)])
    assert result.exit_code == 2
    assert result.stderr == message + "\n"


def test_an_instructions_sheet_suggests_another_sheet(tmp_path: Path) -> None:
    """An XLSX whose first sheet holds instructions: the error lists the sheets and
    suggests --sheet."""
    import openpyxl

    book = openpyxl.Workbook()
    first = book.active
    assert first is not None
    first.title = "填写说明"
    first.append(["请在“数据”表中每行填写一位受访者的答案"])
    first.append(["1 = 很不满意，5 = 很满意"])
    data = book.create_sheet("数据")
    data.append(["C11", "C12", "C21"])
    data.append([5, 4, 3])
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    assert errors_of(info.value) == [
        (
            f"{path}:1: sheet '填写说明': no header matches an indicator id or a survey question; "
            "if the answers are on another sheet, choose it with --sheet (sheets: 填写说明, 数据)"
        )
    ]
    assert read_responses(path, evaluation(), sheet="数据").n_rows == 1


def test_a_date_where_an_answer_is_expected_is_named(tmp_path: Path) -> None:
    """An XLSX date cell in an answer column: the message says it is a date."""
    import openpyxl

    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["C11", "C12", "C21"])
    ws.append([5, dt.datetime(2024, 1, 5), 3])  # noqa: DTZ001 - a spreadsheet date has no zone
    path = tmp_path / "r.xlsx"
    book.save(path)
    with pytest.raises(InputErrors) as info:
        read_responses(path, evaluation())
    assert errors_of(info.value) == [
        (
            f"{path}:2: sheet 'Sheet': column 'C12' (C12): '2024-01-05 00:00:00' is a date, "
            "not an answer; is the column right, or did Excel turn the answer into a date?"
        )
    ]


@pytest.mark.parametrize("quoted", [True, False])
def test_a_very_long_answer_field_is_read(tmp_path: Path, quoted: bool) -> None:
    """A comment of 200,000 characters (beyond the csv module's default limit) is read,
    quoted (careful reader) or not (streaming reader), and the limit is restored."""
    comment = "很" * 200_000
    field = f'"{comment}"' if quoted else comment
    path = write(tmp_path, f"site,C11,C12,C21,comment\nA,5,4,3,{field}\nB,4,4,4,ok\n")
    limit = csv.field_size_limit()
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert streamed(fast) is not quoted
    assert [g.name for g in fast.groups] == ["A", "B"]
    assert_same(fast, careful, ev)
    assert csv.field_size_limit() == limit


def plain_file(tmp_path: Path, rows: int = 3_000) -> Path:
    lines = [
        f"{i},{'东西南'[i % 3]},{i % 5 + 1},{(i * 7) % 5 + 1},{(i * 3) % 5 + 1},x"
        for i in range(rows)
    ]
    return write(tmp_path, "id,站点,C11,C12,C21,备注\n" + "\n".join(lines) + "\n")


def test_fork_only_on_linux_with_no_other_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    """Forking is allowed on Linux with one thread; not on macOS, nor with a thread alive."""
    monkeypatch.setattr(sys, "platform", "linux")
    assert survey_fast.fork_allowed() is (threading.active_count() == 1)
    stop = threading.Event()
    worker = threading.Thread(target=stop.wait)
    worker.start()
    try:
        assert not survey_fast.fork_allowed()
    finally:
        stop.set()
        worker.join()
    monkeypatch.setattr(sys, "platform", "darwin")
    assert not survey_fast.fork_allowed()


@FORK
def test_a_large_file_is_read_in_one_process_where_forking_is_unsafe(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Where forking is unsafe a large file is read here, with the same results as by
    two forked processes."""
    path = plain_file(tmp_path)
    ev = evaluation({"group": "站点"})
    monkeypatch.setattr(survey_fast, "PARALLEL_BYTES", 0)
    forked = survey_fast.read_streamed(path, str(path), ev, parallel=True)
    monkeypatch.setattr(survey_fast, "fork_allowed", lambda: False)

    def no_pool(*_args: object, **_kwargs: object) -> None:
        raise AssertionError

    monkeypatch.setattr(survey_fast, "ProcessPoolExecutor", no_pool)
    here = read_responses(path, ev)
    assert forked is not None
    assert streamed(here)
    assert_same(forked, here, ev)
    assert_same(here, read_responses(path, ev, keep_answers=True), ev)


def test_progress_is_reported_by_both_readers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """progress(done, total) is called as the file is read, never backwards, never past
    the total, and last with (size, size): streaming in one or two processes, careful."""
    path = plain_file(tmp_path, 20_000)
    size = path.stat().st_size
    ev = evaluation({"group": "站点"})
    monkeypatch.setattr(survey_source, "TICK_SECONDS", 0.0)
    monkeypatch.setattr(survey_fast, "BLOCK_BYTES", 16 * 1024)
    for how in ("one process", "two processes", "careful"):
        calls: list[tuple[int, int]] = []

        def progress(done: int, total: int, calls: list[tuple[int, int]] = calls) -> None:
            calls.append((done, total))

        if how == "careful":
            read_responses(path, ev, keep_answers=True, progress=progress)
        else:
            rs = survey_fast.read_streamed(
                path, str(path), ev, progress=progress, parallel=how == "two processes"
            )
            assert rs is not None
        assert calls[-1] == (size, size), how
        done = [d for d, _ in calls]
        assert done == sorted(done), how
        assert all(t == size and 0 <= d <= size for d, t in calls), how
        if how != "two processes":  # the workers may finish before the first look
            assert len(calls) > 2, how


def test_ragged_and_answerless_rows_read_alike(tmp_path: Path) -> None:
    """A respondent with an id but no answer counts; an all-empty line does not; both
    readers agree."""
    text = "id,site,C11,C12,C21\n1,A,5,4,3\n2,A,,,\n,,,,\n3,B,4,4,4\n4,B,,,\n"
    path = write(tmp_path, text)
    ev = evaluation({"group": "site"})
    fast, careful = read_both(path, ev)
    assert isinstance(fast, ResponseSet)
    assert [(g.name, g.n) for g in fast.groups] == [("A", 2), ("B", 2)]
    assert_same(fast, careful, ev)


def test_a_sheet_damaged_past_its_start_is_an_error_at_that_row(tmp_path: Path) -> None:
    """A workbook whose sheet XML breaks off after some rows (a damaged download) is an
    input error at the row where reading stopped, in every command that reads answers,
    never a crash."""
    import zipfile

    from openpyxl import Workbook

    from ahp_eval.cli import app

    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["site", "C11", "C12", "C21"])
    for k in range(40):
        sheet.append(["东区" if k % 2 else "西区", 1 + k % 5, 2, 3])
    good = tmp_path / "good.xlsx"
    book.save(good)
    bad = tmp_path / "bad.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cut = data.index(b'<row r="31"')
                data = data[:cut] + b"<row r=\x01" + data[cut:]
            dst.writestr(item, data)
    ev = tmp_path / "ev.yaml"
    ev.write_text(EVALUATION_YAML + "survey: {group: site}\n", encoding="utf-8")
    runner = CliRunner()
    for command in (["score"], ["reliability"], ["reliability", "--items", "questions"]):
        got = runner.invoke(app, [*command, str(ev), str(bad)])
        assert got.exit_code == 2, (command, got.output)
        assert got.stderr.startswith(
            f"{bad}:31: sheet 'Sheet': cannot read the workbook past this row: "
        ), command


@pytest.mark.parametrize("command", ["score", "reliability"])
def test_nothing_left_after_drop_invalid_is_an_error(tmp_path: Path, command: str) -> None:
    """--drop-invalid that leaves no row (every group cell empty, as in a free-text
    column taken for the group): exit 2 saying so, with the first dropped cell."""
    from ahp_eval.cli import app

    ev = write(tmp_path, EVALUATION_YAML, name="e.yaml")
    for text in ("site,C11,C12,C21\n,1,2,3\n,4,5,3\n", 'site,C11,C12,C21\n"",1,2,3\n,"4",5,3\n'):
        path = write(tmp_path, text)
        got = CliRunner().invoke(
            app, [command, str(ev), str(path), "--group", "site", "--drop-invalid"]
        )
        assert got.exit_code == 2, got.output
        assert got.stderr == (
            f"{path}:1: no answers are left once the 2 cells --drop-invalid drops are left out "
            "(the first on line 2: column 'site': empty group cell in column 'site')\n"
        )


def test_a_workbook_without_a_worksheet_is_an_error(tmp_path: Path) -> None:
    """A workbook damaged so that it lists no worksheet is an input error, from a file
    and from a stream."""
    import re
    import zipfile

    from openpyxl import Workbook

    good = tmp_path / "good.xlsx"
    Workbook().save(good)
    path = tmp_path / "none.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w") as dst:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/workbook.xml":
                data = re.sub(rb"<sheets>.*</sheets>", b"<sheets/>", data, flags=re.DOTALL)
            dst.writestr(item, data)
    ev = evaluation()
    with pytest.raises(InputError) as caught:
        read_responses(path, ev)
    assert str(caught.value) == (
        f"{path}:1: the workbook has no worksheet to read (only charts, or it is damaged)"
    )
    with path.open("rb") as stream, pytest.raises(InputError) as from_stream:
        read_responses(stream, ev)
    assert "the workbook has no worksheet to read" in str(from_stream.value)

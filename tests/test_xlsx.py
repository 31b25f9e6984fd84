"""Excel workbooks (-o report.xlsx): every number as in the JSON report, no formula, frozen
headers, columns wide enough for Chinese names, thousands of groups."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import openpyxl
import pytest
import yaml
from evaluations import three_indicators
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.atomic import write_atomic_with
from ahp_eval.io.workbook import cell_text, display_width
from ahp_eval.report.repair_xlsx import REPAIR_SHEETS
from ahp_eval.report.weigh_xlsx import WEIGH_SHEETS

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
CANTEEN = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
ACADEMIC = ROOT / "examples" / "academic-platform"
LEADER = ROOT / "examples" / "choose-leader" / "evaluation.yaml"

ODD_NAMES = ('=HYPERLINK("http://x","y")', "+1", "@SUM(A1)")
LONG_CHINESE = "就餐环境整洁与餐具卫生的综合满意程度评价"


def run(*args: str) -> None:
    result = runner.invoke(app, list(args))
    assert result.exit_code in (0, 1), result.output


def json_report(*args: str) -> Any:
    result = runner.invoke(app, [*args, "-f", "json"])
    assert result.exit_code in (0, 1), result.output
    return json.loads(result.stdout)


def numbers_of(data: Any) -> list[float]:
    """Every number in a JSON document (booleans left out)."""
    if isinstance(data, bool) or data is None or isinstance(data, str):
        return []
    if isinstance(data, int | float):
        return [float(data)]
    values = data.values() if isinstance(data, dict) else data
    return [x for v in values for x in numbers_of(v)]


def sheet_rows(path: Path, title: str) -> list[dict[str, Any]]:
    """The rows of a sheet, keyed by header."""
    ws = openpyxl.load_workbook(path)[title]
    rows = list(ws.iter_rows(values_only=True))
    headers = [str(h) for h in rows[0]]
    return [dict(zip(headers, row, strict=True)) for row in rows[1:]]


def assert_numbers_from_json(path: Path, report: Any, *extra: Any) -> int:
    """Every number cell of the workbook's tables is a number of the JSON report (to
    1e-12); the summary (settings and counts) is checked by its own tests."""
    known = np.array(sorted(numbers_of([report, *extra])))
    count = 0
    for ws in openpyxl.load_workbook(path):
        if ws.title == "概要 Summary":
            continue
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                v = cell.value
                if isinstance(v, int | float) and not isinstance(v, bool):
                    close = np.isclose(known, v, rtol=1e-12, atol=1e-12)
                    assert close.any(), (ws.title, cell.coordinate, v)
                    count += 1
    return count


def test_weigh_workbook_numbers_are_the_json_reports(tmp_path: Path) -> None:
    """weigh -o x.xlsx: its sheets, and every number, as in the JSON report of the same run."""
    out = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["weigh", str(CANTEEN), "-o", str(out)])
    assert result.exit_code == 0
    assert result.stderr == f"wrote {out}\n"
    report = json_report("weigh", str(CANTEEN))
    assert openpyxl.load_workbook(out).sheetnames == list(WEIGH_SHEETS)
    assert assert_numbers_from_json(out, report) > 50
    leaves = {leaf["id"]: leaf for leaf in report["leaves"]}
    ranking = sheet_rows(out, "总排序 Ranking")
    assert [r["ID"] for r in ranking] == report["ranking"]
    for row in ranking:
        leaf = leaves[row["ID"]]
        assert row["排序 Rank"] == leaf["rank"]
        assert row["全局权重 Global weight"] == pytest.approx(leaf["global_weight"], rel=1e-12)
        assert row["局部权重 Local weight"] == pytest.approx(leaf["local_weight"], rel=1e-12)
    nodes = {n["id"]: n for n in report["nodes"]}
    matrices = sheet_rows(out, "判断矩阵 Matrices")
    assert [m["ID"] for m in matrices] == list(nodes)
    for m in matrices:
        node = nodes[m["ID"]]
        assert m["CR"] == pytest.approx(node["cr"], rel=1e-12, abs=1e-15)
        assert m["λmax"] == pytest.approx(node["lambda_max"], rel=1e-12)
        assert (m["检验 Test"], m["解法 Method"]) == (node["consistency_test"], node["method"])
    weights = sheet_rows(out, "权重 Weights")
    for row in weights:
        parent = nodes[row["上级 Parent"]]
        assert row["局部权重 Local weight"] == pytest.approx(parent["weights"][row["ID"]])
        assert row["上级矩阵 CR Parent CR"] == pytest.approx(parent["cr"], abs=1e-15)
    total = sheet_rows(out, "总一致性 Consistency")[-1]
    assert total["CR (tested)"] == pytest.approx(report["total"]["cr"], rel=1e-12)


def test_weigh_workbook_has_the_alternatives(tmp_path: Path) -> None:
    """A file with alternatives adds their priorities and their total ranking."""
    out = tmp_path / "w.xlsx"
    run("weigh", str(LEADER), "-o", str(out))
    report = json_report("weigh", str(LEADER))
    names = openpyxl.load_workbook(out).sheetnames
    assert names[-2:] == ["备选方案 Alternatives", "方案排序 Alternative ranking"]
    ranking = sheet_rows(out, "方案排序 Alternative ranking")
    assert [r["ID"] for r in ranking] == report["alternative_ranking"]
    for r in ranking:
        priority = next(v for k, v in r.items() if str(k).startswith("总优先级"))
        assert priority == pytest.approx(report["alternatives"][r["ID"]], rel=1e-12)
    assert_numbers_from_json(out, report)


def test_score_workbook_numbers_are_the_json_reports(tmp_path: Path) -> None:
    """score with groups: composite, interval, grade, criteria, indicators and indicator x
    group, each number as in the JSON report."""
    out = tmp_path / "s.xlsx"
    args = ("score", str(ACADEMIC / "evaluation.yaml"), str(ACADEMIC / "responses.csv"))
    run(*args, "-o", str(out))
    report = json_report(*args)
    assert openpyxl.load_workbook(out).sheetnames == [
        "概要 Summary",
        "综合 Composite",
        "准则 Criteria",
        "指标 Indicators",
        "指标×对象 By group",
        "权重 Weights",
    ]
    weights = json_report("weigh", str(ACADEMIC / "evaluation.yaml"))
    ranks = list(range(1, len(report["groups"]) + 1))
    # a criterion's global weight is the weigh report's, a rank a place in the ranking
    assert assert_numbers_from_json(out, report, weights, ranks) > 100
    summary = {r["项目 Item"]: r["值 Value"] for r in sheet_rows(out, "概要 Summary")}
    assert summary["阈值 CR threshold"] == report["cr_threshold"]
    assert summary["对象数 Groups"] == len(report["groups"])
    assert summary["量表最大 Scale max"] == report["scale"]["max"]
    groups = {g["group"]: g for g in report["groups"]}
    composite = sheet_rows(out, "综合 Composite")
    assert [r["对象 Group"] for r in composite] == report["ranking"]
    for r in composite:
        g = groups[r["对象 Group"]]
        assert r["综合得分 Composite"] == pytest.approx(g["composite"], rel=1e-12)
        assert [r["95% 下限 Lower"], r["95% 上限 Upper"]] == pytest.approx(g["interval"])
        assert (r["n"], r["等级 Grade"]) == (g["n"], g["grade"])
    for r in sheet_rows(out, "准则 Criteria"):
        g = groups[r["对象 Group"]]
        assert r["得分 Score"] == pytest.approx(g["criteria"][r["ID"]], rel=1e-12)
        assert r["Cronbach α"] == pytest.approx(g["alpha"][r["ID"]]["alpha"], rel=1e-12)
    indicators = sheet_rows(out, "指标 Indicators")
    assert len(indicators) == sum(len(g["indicators"]) for g in groups.values())
    for r in indicators:
        ind = groups[r["对象 Group"]]["indicators"][r["ID"]]
        assert r["得分 Score"] == pytest.approx(ind["score"], rel=1e-12)
        assert r["均值 Mean"] == pytest.approx(ind["mean"], rel=1e-12)
        assert r["加权差距 Shortfall"] == pytest.approx(ind["shortfall"], rel=1e-12)
        assert r["n"] == ind["n"]
        assert r["标准差 SD"] == pytest.approx(ind["sd"], rel=1e-12)
        assert r["满意率 Satisfaction rate"] == pytest.approx(ind["satisfaction_rate"], rel=1e-12)
    for r in sheet_rows(out, "指标×对象 By group"):
        g = groups[r["对象 Group"]]
        for header, value in r.items():
            leaf = str(header).split(" ")[0]
            if leaf in g["indicators"]:
                assert value == pytest.approx(g["indicators"][leaf]["score"], rel=1e-12)


def test_score_workbook_of_marks_has_no_group_sheet(tmp_path: Path) -> None:
    """One site scored from marks: no indicator x group sheet."""
    power = ROOT / "examples" / "power-supply-center"
    out = tmp_path / "s.xlsx"
    args = ("score", str(power / "evaluation.yaml"), "--marks", str(power / "marks.yaml"))
    run(*args, "-o", str(out))
    assert "指标×对象 By group" not in openpyxl.load_workbook(out).sheetnames
    weights = json_report("weigh", str(power / "evaluation.yaml"))
    assert_numbers_from_json(out, json_report(*args), weights, [1])


def _odd_evaluation(tmp_path: Path) -> Path:
    data = three_indicators(names=(*ODD_NAMES[:2], LONG_CHINESE), criteria=("#N/A", "-2"))
    path = tmp_path / "ev.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def _export(tmp_path: Path, groups: list[str], per_group: int = 4, seed: int = 1) -> Path:
    rng = np.random.default_rng(seed)
    lines = ["site,C11,C12,C21"]
    for name in groups:
        quoted = '"' + name.replace('"', '""') + '"'
        lines.extend(
            ",".join([quoted, *(str(v) for v in rng.integers(1, 6, 3))]) for _ in range(per_group)
        )
    path = tmp_path / "r.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def every_cell(path: Path) -> list[Any]:
    return [cell for ws in openpyxl.load_workbook(path) for row in ws.iter_rows() for cell in row]


@pytest.mark.parametrize("command", ["weigh", "score", "repair"])
def test_no_cell_is_a_formula(command: str, tmp_path: Path) -> None:
    """Names like =HYPERLINK(...), +1, @SUM(A1), -2 and #N/A are string cells, shown as typed."""
    ev = _odd_evaluation(tmp_path)
    out = tmp_path / "x.xlsx"
    args = [command, str(ev)]
    if command == "score":
        args += [str(_export(tmp_path, ['=HYPERLINK("http://x","y")', "+1"])), "--group", "site"]
    run(*args, "-o", str(out))
    cells = every_cell(out)
    assert all(cell.data_type != "f" for cell in cells)
    texts = {cell.value for cell in cells if cell.data_type == "s"}
    if command != "repair":
        assert {*ODD_NAMES[:2], "#N/A", "-2"} <= texts
    if command == "score":
        assert ODD_NAMES[0] in texts
    raw = openpyxl.load_workbook(out, data_only=False)
    assert all(
        not (isinstance(c.value, str) and c.data_type == "f")
        for ws in raw
        for row in ws.iter_rows()
        for c in row
    )


@pytest.mark.parametrize("command", ["weigh", "score", "repair"])
def test_headers_are_frozen_and_bold(command: str, tmp_path: Path) -> None:
    """Every sheet keeps its header row in view; the header is bold."""
    out = tmp_path / "x.xlsx"
    args = [command, str(CANTEEN)]
    if command == "score":
        args = ["score", str(ACADEMIC / "evaluation.yaml"), str(ACADEMIC / "responses.csv")]
    run(*args, "-o", str(out))
    book = openpyxl.load_workbook(out)
    if command == "repair":
        assert book.sheetnames == list(REPAIR_SHEETS)
    for ws in book:
        assert ws.freeze_panes is not None
        assert ws.freeze_panes.endswith("2"), ws.title
        assert all(cell.font.b for cell in ws[1]), ws.title


def test_columns_are_wide_enough_for_chinese_names(tmp_path: Path) -> None:
    """A column is at least as wide as its longest name, a Chinese character counting two."""
    ev = _odd_evaluation(tmp_path)
    out = tmp_path / "w.xlsx"
    run("weigh", str(ev), "-o", str(out))
    ws = openpyxl.load_workbook(out)["总排序 Ranking"]
    names = [row[2].value for row in ws.iter_rows(min_row=2)]
    assert LONG_CHINESE in names
    assert display_width(LONG_CHINESE) == 2 * len(LONG_CHINESE)
    assert ws.column_dimensions["C"].width >= display_width(LONG_CHINESE)
    assert ws.column_dimensions["A"].width < display_width(LONG_CHINESE)


def test_a_group_name_far_down_still_sizes_its_column(tmp_path: Path) -> None:
    """Group columns are sized by every group's name, not only the first rows'."""
    groups = [f"g{k}" for k in range(400)] + ["最后一个服务网点的名称很长很长"]
    ev = _odd_evaluation(tmp_path)
    out = tmp_path / "s.xlsx"
    run("score", str(ev), str(_export(tmp_path, groups, 2)), "--group", "site", "-o", str(out))
    ws = openpyxl.load_workbook(out)["指标 Indicators"]
    assert ws.column_dimensions["A"].width >= display_width(groups[-1])


def test_many_groups_stream_to_the_workbook(tmp_path: Path) -> None:
    """Three thousand groups: every group in every per-group sheet, numbers as in JSON."""
    groups = [f"站点{k:04d}" for k in range(3000)]
    ev = _odd_evaluation(tmp_path)
    export = _export(tmp_path, groups, 3)
    out = tmp_path / "s.xlsx"
    args = ("score", str(ev), str(export), "--group", "site", "-q")
    run(*args, "-o", str(out))
    report = json_report(*args)
    book = openpyxl.load_workbook(out, read_only=True)
    composite = list(book["综合 Composite"].iter_rows(min_row=2, values_only=True))
    assert [r[1] for r in composite] == report["ranking"]
    by_name = {g["group"]: g for g in report["groups"]}
    for r in composite:
        assert r[3] == pytest.approx(by_name[r[1]]["composite"], rel=1e-12)
    indicators = list(book["指标 Indicators"].iter_rows(min_row=2, values_only=True))
    assert len(indicators) == 3 * len(groups)
    for r in indicators[::97]:
        assert r[6] == pytest.approx(by_name[r[0]]["indicators"][r[1]]["score"], rel=1e-12)
    matrix = list(book["指标×对象 By group"].iter_rows(min_row=2, values_only=True))
    assert [r[0] for r in matrix] == groups


def test_repair_workbook_steps_are_the_json_reports(tmp_path: Path) -> None:
    """repair -o x.xlsx: every step (pair, old and new value, CR after) as in JSON."""
    ev = tmp_path / "ev.yaml"
    ev.write_text(
        "goal: {id: A, name: 目标}\n"
        "criteria:\n"
        "  - {id: B1, name: 甲}\n  - {id: B2, name: 乙}\n  - {id: B3, name: 丙}\n"
        "  - {id: B4, name: 丁}\n"
        "judgments: {A: {upper: [9, 1/9, 3, 1/7, 5, 9]}}\n",
        encoding="utf-8",
    )
    out = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["repair", str(ev), "-o", str(out)])
    assert result.exit_code in (0, 1)
    report = json.loads(runner.invoke(app, ["repair", str(ev), "-f", "json"]).stdout)
    steps = sheet_rows(out, "步骤 Steps")
    expected = [(m["id"], s) for m in report["matrices"] for s in m["steps"]]
    assert steps
    assert len(steps) == len(expected)
    for row, (mid, s) in zip(steps, expected, strict=True):
        assert row["矩阵 Matrix"] == mid
        assert [row["行元素 Row"], row["列元素 Column"]] == s["pair"]
        assert row["新值 New"] == pytest.approx(s["value"], rel=1e-12)
        assert row["原值 Old"] == pytest.approx(s["old"], rel=1e-12)
        assert row["之后 CR after"] == pytest.approx(s["cr_after"], rel=1e-12)
        assert row["行 Line"] == s["line"]
    assert_numbers_from_json(out, report)


@pytest.mark.parametrize(
    "args",
    [
        ["weigh", str(CANTEEN), "-f", "xlsx"],
        ["score", str(ACADEMIC / "evaluation.yaml"), str(ACADEMIC / "responses.csv"), "-f", "xlsx"],
        ["repair", str(CANTEEN), "-f", "xlsx"],
    ],
)
def test_xlsx_without_output_is_refused(args: list[str]) -> None:
    """--format xlsx without -o: exit 2, nothing binary on the terminal."""
    result = runner.invoke(app, args)
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "ahp-eval: --format: xlsx is a binary workbook, not shown on a terminal; "
        "write it to a file with -o report.xlsx\n"
    )


def test_an_input_is_never_replaced_by_a_workbook(tmp_path: Path) -> None:
    """-o naming the evaluation file, even with --force: exit 2, the file unchanged."""
    ev = tmp_path / "ev.xlsx"
    ev.write_bytes(CANTEEN.read_bytes())
    result = runner.invoke(app, ["weigh", str(ev), "-o", str(ev), "--force"])
    assert result.exit_code == 2
    assert ev.read_bytes() == CANTEEN.read_bytes()


def test_an_existing_workbook_needs_force(tmp_path: Path) -> None:
    """An existing -o file is replaced only with --force."""
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"old")
    result = runner.invoke(app, ["weigh", str(CANTEEN), "-o", str(out)])
    assert result.exit_code == 2
    assert out.read_bytes() == b"old"
    run("weigh", str(CANTEEN), "-o", str(out), "--force")
    assert openpyxl.load_workbook(out).sheetnames == list(WEIGH_SHEETS)


def test_cell_text_keeps_what_xml_cannot_carry_visible() -> None:
    """Control characters become \\xNN, lone surrogates U+FFFD; overlong text is cut."""
    assert cell_text("a\x00b\x1fc\td") == "a\\x00b\\x1fc\td"
    assert cell_text("x\ud800") == "x\ufffd"
    long = cell_text("长" * 40_000)
    assert len(long) == 32_767
    assert long.endswith("…")


def test_control_characters_in_names_reach_the_workbook(tmp_path: Path) -> None:
    """A name with a control character is written (shown escaped), not a crash."""
    data = three_indicators(names=("a\x01b", "二", "三"))
    ev = tmp_path / "ev.yaml"
    ev.write_text(json.dumps(data, ensure_ascii=True), encoding="utf-8")
    out = tmp_path / "w.xlsx"
    result = runner.invoke(app, ["weigh", str(ev), "-o", str(out)])
    if result.exit_code == 2:  # the reader refuses control characters: nothing written
        assert not out.exists()
        return
    assert "a\\x01b" in {c.value for c in every_cell(out)}


def test_write_atomic_with_keeps_the_previous_file_when_the_writer_fails(
    tmp_path: Path,
) -> None:
    """A writer that raises leaves the previous file and no temporary file."""
    out = tmp_path / "w.xlsx"
    out.write_bytes(b"previous")

    def fail(fh: Any) -> None:
        fh.write(b"half")
        raise RuntimeError

    with pytest.raises(RuntimeError):
        write_atomic_with(out, fail)
    assert out.read_bytes() == b"previous"
    assert [p.name for p in tmp_path.iterdir()] == ["w.xlsx"]

    def fill(fh: Any) -> None:
        fh.write(b"\r\n\x00bytes")

    write_atomic_with(out, fill)
    assert out.read_bytes() == b"\r\n\x00bytes"


def test_non_finite_numbers_are_spelled_as_json_spells_them(tmp_path: Path) -> None:
    """NaN and infinities (which Excel cannot store) are text cells NaN, Infinity."""
    from ahp_eval.io.workbook import write_workbook
    from ahp_eval.report.xlsx import Column, Sheet, Tables

    rows = [(math.nan, math.inf, -math.inf, 1.5)]
    tables = Tables(2, [Sheet("t", [Column("a", "number")] * 4, rows)])
    out = tmp_path / "t.xlsx"
    with out.open("wb") as fh:
        write_workbook(tables, fh)
    ws = openpyxl.load_workbook(out)["t"]
    assert [c.value for c in ws[2]] == ["NaN", "Infinity", "-Infinity", 1.5]
    assert ws["D2"].number_format == "0.00"

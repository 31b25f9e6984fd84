"""Excel workbooks of sensitivity, reliability and weigh's panel block: every number as
in the JSON report of the same run."""

from __future__ import annotations

from pathlib import Path

import openpyxl
import pytest
from test_xlsx import assert_numbers_from_json, json_report, sheet_rows
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.report.panel_xlsx import PANEL_SHEETS
from ahp_eval.report.reliability_xlsx import RELIABILITY_SHEETS
from ahp_eval.report.sensitivity_xlsx import SENSITIVITY_SHEETS
from ahp_eval.report.weigh_xlsx import WEIGH_SHEETS

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
PANEL = ROOT / "examples" / "expert-panel" / "evaluation.yaml"
LEADER = ROOT / "examples" / "choose-leader" / "evaluation.yaml"
ACADEMIC = ROOT / "examples" / "academic-platform"


def test_weigh_panel_workbook_has_the_panel_and_the_judges(tmp_path: Path) -> None:
    """weigh --panel -o x.xlsx: a Panel sheet (used, left out, inconsistent, consensus per
    matrix) and a Judges sheet (weight, CR, compatibility), numbers as in the JSON."""
    out = tmp_path / "w.xlsx"
    args = ["weigh", str(PANEL), "--exclude-inconsistent"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json_report(*args)
    assert openpyxl.load_workbook(out).sheetnames == [*WEIGH_SHEETS, *PANEL_SHEETS]
    assert_numbers_from_json(out, report)
    matrices = report["panel"]["matrices"]
    rows = sheet_rows(out, "专家组 Panel")
    assert [r["矩阵 Matrix"] for r in rows] == list(matrices)
    for row in rows:
        m = matrices[row["矩阵 Matrix"]]
        assert row["使用 Used"] == m["used"]
        assert row["剔除 Left out"] == len(m["left_out"])
        assert row["不一致 Inconsistent"] == m["inconsistent"]
        assert row["共识 Consensus S* %"] == pytest.approx(m["consensus"], rel=1e-12)
        assert row["最不相容 Least compatible"] == ", ".join(m["least_compatible"])
    judges = {j["judge"]: j for j in report["panel"]["per_judge"]}
    rows = sheet_rows(out, "专家 Judges")
    assert len(rows) == sum(len(j["cr"]) for j in judges.values())
    for row in rows:
        j = judges[row["专家 Judge"]]
        key = row["矩阵 Matrix"]
        assert row["权重 Weight"] == j["weight"]
        assert row["CR"] == pytest.approx(j["cr"][key], rel=1e-12, abs=1e-15)
        compatibility = row["相容性 GCOMPI Compatibility"]
        assert compatibility == pytest.approx(j["compatibility"][key], rel=1e-12)


def test_sensitivity_workbook_numbers_are_the_json_reports(tmp_path: Path) -> None:
    """sensitivity -o x.xlsx (seeded): items, shares, intervals and swaps as in the JSON."""
    out = tmp_path / "s.xlsx"
    args = ["sensitivity", str(LEADER), "--seed", "4", "--samples", "500"]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    report = json_report(*args)
    assert openpyxl.load_workbook(out).sheetnames == list(SENSITIVITY_SHEETS)
    assert assert_numbers_from_json(out, report) > 40
    rows = sheet_rows(out, "蒙特卡洛 Monte Carlo")
    items = [(r["kind"], i) for r in report["rankings"] for i in r["items"]]
    assert len(rows) == len(items)
    for row, (_, item) in zip(rows, items, strict=True):
        assert row["ID"] == item["id"]
        assert row["名次 Rank"] == item["rank"]
        assert row["均值 Mean"] == pytest.approx(item["mean"], rel=1e-12)
        assert row["5%"] == pytest.approx(item["p5"], rel=1e-12)
        assert row["第一 First"] == item["first"]
    shares = [(m["node"], m["alternatives"], m["share"]) for m in report["consistency"]["matrices"]]
    rows = sheet_rows(out, "一致性 Consistency")
    assert [(r["节点 Node"], r["方案 Alternatives"], r["份额 Share"]) for r in rows] == shares
    swaps = [
        (c["node"], s["x"], s["first"], s["second"])
        for r in report["rankings"]
        for c in r["one_at_a_time"]
        for s in c["swaps"]
    ]
    rows = sheet_rows(out, "交换点 Swaps")
    assert len(rows) == len(swaps)
    for r, (node, x, first, second) in zip(rows, swaps, strict=True):
        assert (r["节点 Node"], r["之下在前 First below x"], r["之上在前 First above x"]) == (
            node,
            first,
            second,
        )
        assert r["x"] == pytest.approx(x, rel=1e-12)


def test_sensitivity_panel_workbook_has_the_draws(tmp_path: Path) -> None:
    """With a panel: a Panel draws sheet, the judges used and the share with none drawn."""
    out = tmp_path / "s.xlsx"
    args = ["sensitivity", str(PANEL), "--seed", "2", "--samples", "200", "--stability", "0"]
    assert runner.invoke(app, [*args, "-o", str(out)]).exit_code == 0
    report = json_report(*args)
    assert openpyxl.load_workbook(out).sheetnames[-1] == "专家抽样 Panel draws"
    rows = sheet_rows(out, "专家抽样 Panel draws")
    assert [(r["节点 Node"], r["使用的专家 Judges used"]) for r in rows] == [
        (m["node"], m["used"]) for m in report["panel"]["matrices"]
    ]
    assert_numbers_from_json(out, report)


def test_sensitivity_xlsx_needs_a_file() -> None:
    """-f xlsx without -o: exit 2, the binary-format message."""
    result = runner.invoke(app, ["sensitivity", str(LEADER), "-f", "xlsx"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: --format: xlsx is a binary workbook, not shown on a terminal; "
        "write it to a file with -o report.xlsx\n"
    )


def test_reliability_workbook_numbers_are_the_json_reports(tmp_path: Path) -> None:
    """reliability -o x.xlsx: alpha, items, split-half, KMO, Bartlett, components and
    loadings, pooled then per group, as in the JSON report."""
    out = tmp_path / "r.xlsx"
    args = [
        "reliability",
        str(ACADEMIC / "evaluation.yaml"),
        str(ACADEMIC / "responses.csv"),
        "--group",
        "平台",
    ]
    result = runner.invoke(app, [*args, "-o", str(out)])
    assert result.exit_code == 0, result.output
    report = json_report(*args)
    assert openpyxl.load_workbook(out).sheetnames == list(RELIABILITY_SHEETS)
    components = range(1, len(report["factors"]["eigenvalues"]) + 1)  # their numbers
    assert assert_numbers_from_json(out, report, list(components)) > 100
    alpha = sheet_rows(out, "信度 Alpha")
    overall = next(r for r in alpha if r["块 Block"] == "overall")
    assert overall["α"] == pytest.approx(report["alpha"]["overall"]["alpha"], rel=1e-12)
    groups = {g["group"]: g for g in report["groups"]}
    assert {r["对象 Group"] for r in alpha} == {"pooled 全部", *groups}
    for row in alpha:
        if row["对象 Group"] in groups and row["块 Block"] != "overall":
            block = groups[row["对象 Group"]]["alpha"]["criteria"][row["块 Block"]]
            assert row["α"] == pytest.approx(block["alpha"], rel=1e-12)
            assert row["n"] == block["n"]
    kmo = sheet_rows(out, "效度 KMO Bartlett")[0]
    assert kmo["KMO"] == pytest.approx(report["kmo"]["overall"], rel=1e-12)
    assert kmo["χ²"] == pytest.approx(report["bartlett"]["chi2"], rel=1e-12)
    loadings = [r for r in sheet_rows(out, "载荷 Loadings") if r["对象 Group"] == "pooled 全部"]
    for row in loadings:
        expected = report["factors"]["loadings"][row["ID"]]
        got = [row[f"F{k + 1}"] for k in range(len(expected))]
        assert got == pytest.approx(expected, rel=1e-12)
        assert row["成分 Factor"] == report["factors"]["items"][row["ID"]]["factor"]

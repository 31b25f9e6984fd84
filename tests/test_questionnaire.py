"""`ahp-eval questionnaire`: the panel template (CSV, XLSX), the page's markup and data,
and the command's errors. The page's arithmetic is tested in Chromium
(tests/test_questionnaire_browser.py)."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.blank import load_blank_evaluation
from ahp_eval.report.questionnaire import build_questionnaire, template_csv
from ahp_eval.report.questionnaire_html import embedded_json, render_questionnaire_html

runner = CliRunner()
EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
LEADER = EXAMPLES / "choose-leader" / "evaluation.yaml"
CANTEEN = EXAMPLES / "campus-canteen" / "evaluation.yaml"

NO_JUDGMENTS = """\
version: 1
name: 食堂
goal: {id: A, name: 食堂服务, name_en: Canteen service}
settings: {method: sum, ri: cn, cr_threshold: 0.08}
criteria:
  - id: B1
    name: 有形性
    name_en: Tangibles
    indicators:
      - {id: C11, name: 就餐环境}
      - {id: C12, name: "=HYPERLINK(\\"x\\")", name_en: Cutlery}
      - {id: C13, name: "</script><b>x"}
  - {id: B2, name: 可靠性, name_en: Reliability}
"""


def test_csv_template_header_rows(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Header: respondent, weight, every pair a/b top-down in upper-triangle order; a second
    row with both names; a BOM; no judgments needed in the evaluation file."""
    path = write_yaml(NO_JUDGMENTS)
    out = path.parent / "panel.csv"
    result = runner.invoke(app, ["questionnaire", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    assert result.stderr == f"wrote {out}\n"
    raw = out.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == ["respondent", "weight", "B1/B2", "C11/C12", "C11/C13", "C12/C13"]
    assert rows[1][:2] == ["答卷人 Respondent", "权重 Weight"]
    assert rows[1][2:] == [
        "有形性 vs 可靠性",
        '就餐环境 vs =HYPERLINK("x")',
        "就餐环境 vs </script><b>x",
        '\'=HYPERLINK("x") vs </script><b>x',  # a formula is shown as text
    ]
    assert len(rows) == 2


def test_english_names_and_alternatives_columns(tmp_path: Path) -> None:
    """--lang en names the items in English; alternatives get LEAF:a/b columns after the
    hierarchy's matrices, leaves in declared order, the leaf named in the second row."""
    out = tmp_path / "panel.csv"
    result = runner.invoke(app, ["questionnaire", str(LEADER), "-o", str(out), "--lang", "en"])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows[0][2:9] == [
        "Experience/Education",
        "Experience/Charisma",
        "Experience/Age",
        "Education/Charisma",
        "Education/Age",
        "Charisma/Age",
        "Experience:Tom/Dick",
    ]
    assert rows[0][-1] == "Age:Dick/Harry"
    assert len(rows[0]) == 2 + 6 + 4 * 3
    assert rows[1][2] == "Experience vs Education"
    assert rows[1][8] == "Experience: Tom vs Dick"


def test_xlsx_template_matches_csv(tmp_path: Path) -> None:
    """The workbook's sheet 'panel' holds the same two rows as the CSV, answer cells as text,
    names that look like formulas as text; a 'notes' sheet explains the columns."""
    csv_out, xlsx_out = tmp_path / "panel.csv", tmp_path / "panel.xlsx"
    for out in (csv_out, xlsx_out):
        result = runner.invoke(app, ["questionnaire", str(LEADER), "-o", str(out)])
        assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(csv_out.read_text(encoding="utf-8-sig"))))
    book = openpyxl.load_workbook(xlsx_out)
    assert book.sheetnames == ["panel", "notes"]
    sheet = book["panel"]
    got = [[c.value for c in row] for row in sheet.iter_rows(min_row=1, max_row=2)]
    assert got == rows
    assert sheet["C3"].number_format == "@"
    assert sheet.freeze_panes == "C3"
    assert "1/9" in " ".join(str(c.value) for c in book["notes"]["A"])


def test_xlsx_keeps_a_formula_looking_name_as_text(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A name starting with '=' is a text cell, not a formula."""
    path = write_yaml(NO_JUDGMENTS)
    out = path.parent / "panel.xlsx"
    assert runner.invoke(app, ["questionnaire", str(path), "-o", str(out)]).exit_code == 0
    cell = openpyxl.load_workbook(out)["panel"]["F2"]
    assert cell.data_type == "s"
    assert cell.value == '=HYPERLINK("x") vs </script><b>x'


def test_page_is_self_contained_and_escapes_names(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """No external resource; names only inside the JSON block, with <, > and & escaped; the
    title HTML-escaped; the data says the file's method, RI values and threshold."""
    path = write_yaml(NO_JUDGMENTS.replace("name: 食堂\n", "name: 食堂 <i>&</i>\n"))
    out = path.parent / "form.html"
    result = runner.invoke(app, ["questionnaire", str(path), "-o", str(out)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert not re.search(r"""(src|href)=["']?(https?:)?//""", page)
    assert "<link" not in page
    assert "http" not in page
    assert "<h1>食堂 &lt;i&gt;&amp;&lt;/i&gt;</h1>" in page
    assert page.count("</script>") == 2  # the data block and the script, nothing injected
    found = re.search(r'<script type="application/json" id="ahp-data">(.*?)</script>', page)
    assert found is not None
    assert "<" not in found.group(1)
    data = json.loads(found.group(1))
    assert data["method"] == "sum"
    assert data["cr_threshold"] == 0.08
    assert data["ri_table"].startswith("cn ")
    assert [m["ri"] for m in data["matrices"]] == [0.0, 0.52]
    assert data["matrices"][1]["items"][2]["name"] == "</script><b>x"
    assert data["matrices"][1]["pairs"] == [[0, 1, "C11/C12"], [0, 2, "C11/C13"], [1, 2, "C12/C13"]]
    assert data["columns"][2:] == ["B1/B2", "C11/C12", "C11/C13", "C12/C13"]
    assert len(data["scale"]) == 17


def test_embedded_json_round_trips() -> None:
    """The JSON block's escapes read back as the same text."""
    text = "</script><!-- & \u2028 \"'"
    assert json.loads(embedded_json({"a": text})) == {"a": text}


def test_questionnaire_of_every_example_builds() -> None:
    """Every example's questionnaire asks one matrix per parent (and per judged leaf)."""
    for path in sorted(EXAMPLES.glob("*/evaluation.yaml")):
        ev = load_blank_evaluation(path)
        form = build_questionnaire(ev)
        parents = [n for n in ev.parents() if len(n.children) >= 2]
        assert len(form.matrices) == len(parents) + len(ev.alternative_judgments)
        assert template_csv(form).count("\n") == 2
        assert "<h1>" in render_questionnaire_html(form)


def test_output_suffix_is_required_and_checked(tmp_path: Path) -> None:
    """-o is required; an unknown suffix is an option error (exit 2), nothing written."""
    result = runner.invoke(app, ["questionnaire", str(LEADER)])
    assert result.exit_code == 2
    assert "Missing option '--output'" in result.output
    out = tmp_path / "form.txt"
    result = runner.invoke(app, ["questionnaire", str(LEADER), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: --output: cannot write a questionnaire as .txt; use .html (the page), "
        ".xlsx or .csv (the panel template)\n"
    )
    assert not out.exists()
    result = runner.invoke(
        app, ["questionnaire", str(LEADER), "-o", str(tmp_path / "x.csv"), "--lang", "fr"]
    )
    assert result.exit_code == 2
    assert result.stderr == "ahp-eval: --lang: unknown value 'fr'; choose zh, en\n"


@pytest.mark.parametrize("suffix", [".html", ".csv", ".xlsx"])
def test_existing_output_needs_force_and_input_is_never_replaced(
    tmp_path: Path, suffix: str
) -> None:
    """An existing file needs --force; the evaluation file itself is never replaced."""
    out = tmp_path / f"form{suffix}"
    out.write_text("old", encoding="utf-8")
    result = runner.invoke(app, ["questionnaire", str(LEADER), "-o", str(out)])
    assert result.exit_code == 2
    assert result.stderr == f"{out}:1: output file exists; use --force to replace it\n"
    assert out.read_text(encoding="utf-8") == "old"
    result = runner.invoke(app, ["questionnaire", str(LEADER), "-o", str(out), "--force"])
    assert result.exit_code == 0
    copy = tmp_path / f"evaluation{suffix}"
    copy.write_bytes(LEADER.read_bytes())
    result = runner.invoke(app, ["questionnaire", str(copy), "-o", str(copy), "--force"])
    assert result.exit_code == 2
    assert "is an input of this command and is never replaced" in result.stderr
    assert copy.read_bytes() == LEADER.read_bytes()


def test_bad_hierarchy_is_reported_at_its_line(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A broken evaluation file is reported at its lines (exit 2), judgments or not."""
    path = write_yaml(NO_JUDGMENTS.replace("{id: C11, name: 就餐环境}", "{id: C11}"))
    result = runner.invoke(app, ["questionnaire", str(path), "-o", str(path.parent / "f.csv")])
    assert result.exit_code == 2
    assert result.stderr == f"{path}:10: criteria[0].indicators[0]: missing field 'name'\n"


def test_matrix_larger_than_the_ri_table(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A matrix the RI table does not cover is reported at its parent's line."""
    kids = "\n".join(f"      - {{id: C{k}, name: 指标{k}}}" for k in range(16))
    text = (
        "version: 1\ngoal: {id: A, name: 目标}\ncriteria:\n"
        "  - id: B1\n    name: 准则\n    indicators:\n" + kids + "\n  - {id: B2, name: 另一}\n"
    )
    path = write_yaml(text)
    result = runner.invoke(app, ["questionnaire", str(path), "-o", str(path.parent / "f.csv")])
    assert result.exit_code == 2
    assert result.stderr.startswith(f"{path}:4: 16x16 matrix is larger than RI table 'saaty'")


def test_performance_leaves_are_not_asked(tmp_path: Path) -> None:
    """With alternatives, a leaf scored in performance: gets no pairwise columns."""
    text = LEADER.read_text(encoding="utf-8")
    text = text.replace("  Age: {upper: [1/3, 5, 9]}\n", "")
    text += "performance:\n  Age: {values: [50, 40, 60], cost: true}\n"
    path = tmp_path / "evaluation.yaml"
    path.write_text(text, encoding="utf-8")
    form = build_questionnaire(load_blank_evaluation(path))
    assert [m.key for m in form.matrices] == ["G", "Experience", "Education", "Charisma"]


def test_malformed_alternatives_are_reported_once(tmp_path: Path) -> None:
    """A malformed alternatives: list is the one problem named, not every leaf it leaves."""
    text = LEADER.read_text(encoding="utf-8")
    start = text.index("alternatives:")
    end = text.index("judgments:")
    path = tmp_path / "evaluation.yaml"
    path.write_text(text[:start] + "alternatives: Tom\n" + text[end:], encoding="utf-8")
    result = runner.invoke(app, ["questionnaire", str(path), "-o", str(tmp_path / "f.csv")])
    assert result.exit_code == 2
    assert len(result.stderr.splitlines()) == 1, result.stderr
    assert "alternatives" in result.stderr

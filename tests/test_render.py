"""One table from (command, format) to renderer; the listings."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.errors import OptionError
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.marks_file import read_marks
from ahp_eval.report.listing import dropped_lines
from ahp_eval.report.render import (
    RELIABILITY_FORMATS,
    RENDERERS,
    SCORE_FORMATS,
    WEIGH_FORMATS,
    Report,
    output_format,
    render,
    workbook_tables,
)
from ahp_eval.survey.responses import CellIssue, ResponseSet
from ahp_eval.survey.scoring import score

ROOT = Path(__file__).resolve().parent.parent
POWER = ROOT / "examples" / "power-supply-center"


def test_the_table_has_every_format_of_every_report() -> None:
    """The table's keys are exactly the formats the literals declare, per command."""
    expected = {("weigh", f) for f in WEIGH_FORMATS} | {("score", f) for f in SCORE_FORMATS}
    expected |= {("reliability", f) for f in RELIABILITY_FORMATS}
    assert set(RENDERERS) == expected


@pytest.fixture(scope="module")
def results() -> dict[Report, object]:
    evaluation = load_evaluation(POWER / "evaluation.yaml")
    weights = solve(evaluation)
    return {
        "weigh": weights,
        "score": score(weights, read_marks(POWER / "marks.yaml", evaluation)),
        "reliability": _reliability_report(),
    }


def _reliability_report() -> object:
    """The reliability report of the academic-platform example."""
    from ahp_eval.io.survey_file import read_responses
    from ahp_eval.survey.reliability_run import ReliabilityReport, reliability

    folder = ROOT / "examples" / "academic-platform"
    evaluation = load_evaluation(folder / "evaluation.yaml")
    read = read_responses(folder / "responses.csv", evaluation)
    return ReliabilityReport(evaluation, read, reliability(evaluation, read))


@pytest.mark.parametrize(("report", "fmt"), sorted(RENDERERS))
def test_every_renderer_renders(report: Report, fmt: str, results: dict[Report, object]) -> None:
    """Each (command, format) entry gives text naming the evaluation, in either language."""
    for lang in ("zh", "en"):
        if RENDERERS[report, fmt].binary:  # a workbook's tables: its texts
            tables = workbook_tables(report, results[report], 3, lang)
            text = " ".join(str(v) for sheet in tables.sheets for row in sheet.rows for v in row)
        else:
            text = render(report, fmt, results[report], 3, lang)
        if report == "reliability":  # the academic-platform example; its CSV has no title
            assert "C11" in text, (report, fmt, lang)
            continue
        assert "power" in text.lower() or "供电" in text, (report, fmt, lang)


@pytest.mark.parametrize(
    ("report", "chosen", "output", "expected"),
    [
        ("weigh", None, None, "table"),
        ("weigh", "csv", Path("w.json"), "csv"),  # a chosen format wins over the suffix
        ("weigh", None, Path("w.JSON"), "json"),
        ("weigh", None, Path("w.markdown"), "markdown"),
        ("weigh", None, Path("w"), "table"),
        ("score", None, Path("r.htm"), "html"),
        ("score", None, Path("r.txt"), "table"),
    ],
)
def test_output_format(report: Report, chosen: str | None, output: Path, expected: str) -> None:
    """The chosen format, else the output suffix's if the report has it, else table."""
    assert output_format(report, chosen, output) == expected


@pytest.mark.parametrize(("report", "output"), [("weigh", "w.pdf"), ("score", "r.docx")])
def test_an_output_suffix_without_a_format_is_an_error(report: Report, output: str) -> None:
    """A suffix the report has no format for is refused, never written as table text."""
    with pytest.raises(OptionError, match=r"cannot write a \.\w+ report"):
        output_format(report, None, Path(output))


def test_dropped_lines_show_twenty_then_count_the_rest() -> None:
    """The first 20 dropped cells are listed as file:row; the rest are counted."""
    cells = [CellIssue(k + 2, "C1", "x", "not a number") for k in range(23)]
    responses = ResponseSet("s.csv", ("C1",), (), 23, dropped=tuple(cells))
    lines = dropped_lines(responses)
    assert len(lines) == 21
    assert lines[0] == "s.csv:2: dropped 'C1' = 'x': not a number"
    assert lines[19].startswith("s.csv:21: ")
    assert lines[20] == "s.csv: ... and 3 more dropped cells (all listed in JSON)"
    few = ResponseSet("s.csv", ("C1",), (), 2, dropped=tuple(itertools.islice(cells, 2)))
    assert len(dropped_lines(few)) == 2


def test_markdown_shows_users_text_literally() -> None:
    """Pipes, line breaks, emphasis, HTML and links in a name cannot break or run."""
    from ahp_eval.report.common import md_text
    from ahp_eval.report.weigh_plain import md_table

    assert md_text("a|b\nc") == "a\\|b c"
    assert md_text("a\u2028b\x85c\rd") == "a b c d"
    assert md_text("<script>x</script>") == "&lt;script&gt;x&lt;/script&gt;"
    assert md_text("*bold* _x_ `code` #1") == "\\*bold\\* \\_x\\_ \\`code\\` \\#1"
    assert md_text("[click](http://x)") == "[click]\\(http://x)"
    rows = md_table(["ID", "Name"], [["C1", "line one\nline | two"]], set())
    assert rows[2] == "| C1 | line one line \\| two |"
    assert all(r.count("|") - r.count("\\|") == 3 for r in rows)


def test_terminal_tables_show_markup_as_typed(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A name like [/] or [bold]x[/] is printed as typed, never parsed as rich markup."""
    from typer.testing import CliRunner

    from ahp_eval.cli import app

    path = write_yaml(
        "goal: {id: A, name: '[bold]g[/]'}\n"
        "criteria: [{id: B1, name: '[/]'}, {id: B2, name: '[red]b[/red]'}]\n"
        "judgments: {A: {upper: [2]}}\n"
    )
    result = CliRunner().invoke(app, ["weigh", str(path), "-o", str(path.parent / "w.txt")])
    assert result.exit_code == 0, result.output
    text = (path.parent / "w.txt").read_text(encoding="utf-8")
    assert "[/]" in text
    assert "[red]b[/red]" in text


def test_csv_cells_never_start_a_formula() -> None:
    """A name a spreadsheet would run (=, +, -, @) gets a leading quote; numbers stay."""
    from ahp_eval.report.common import csv_cell

    assert csv_cell('=HYPERLINK("http://x")') == '\'=HYPERLINK("http://x")'
    assert csv_cell("@SUM(A1)") == "'@SUM(A1)"
    assert csv_cell("+1+1 cmd") == "'+1+1 cmd"
    assert csv_cell("-0.25") == "-0.25"
    assert csv_cell("食堂") == "食堂"
    assert csv_cell(3) == 3


def test_weigh_and_score_csv_show_formula_names_as_text(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A criterion named =1+1 and a grade label @x are written with a leading quote."""
    import csv as csvlib
    import io

    from typer.testing import CliRunner

    from ahp_eval.cli import app

    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: '=1+1'}, {id: B2, name: b}]\n"
        "judgments: {A: {upper: [2]}}\n"
        "grades: [{min: 0, label: '@x'}]\n"
    )
    weigh = CliRunner().invoke(app, ["weigh", str(path), "-f", "csv"])
    rows = list(csvlib.reader(io.StringIO(weigh.stdout)))
    assert rows[1][:2] == ["B1", "'=1+1"]
    marks = path.parent / "marks.yaml"
    marks.write_text("scale: {min: 0, max: 100}\nmarks: {B1: 80, B2: 70}\n", encoding="utf-8")
    scored = CliRunner().invoke(app, ["score", str(path), "--marks", str(marks), "-f", "csv"])
    assert scored.exit_code == 0, scored.output
    assert "'@x" in scored.stdout
    assert "'=1+1" in scored.stdout

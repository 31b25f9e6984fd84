"""One table from (command, format) to renderer; the listings."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.marks_file import read_marks
from ahp_eval.report.listing import dropped_lines
from ahp_eval.report.render import (
    RENDERERS,
    SCORE_FORMATS,
    WEIGH_FORMATS,
    Report,
    output_format,
    render,
)
from ahp_eval.survey.responses import CellIssue, ResponseSet
from ahp_eval.survey.scoring import score

ROOT = Path(__file__).resolve().parent.parent
POWER = ROOT / "examples" / "power-supply-center"


def test_the_table_has_every_format_of_every_report() -> None:
    """The table's keys are exactly the formats the literals declare, per command."""
    expected = {("weigh", f) for f in WEIGH_FORMATS} | {("score", f) for f in SCORE_FORMATS}
    assert set(RENDERERS) == expected


@pytest.fixture(scope="module")
def results() -> dict[Report, object]:
    evaluation = load_evaluation(POWER / "evaluation.yaml")
    weights = solve(evaluation)
    return {
        "weigh": weights,
        "score": score(weights, read_marks(POWER / "marks.yaml", evaluation)),
    }


@pytest.mark.parametrize(("report", "fmt"), sorted(RENDERERS))
def test_every_renderer_renders(report: Report, fmt: str, results: dict[Report, object]) -> None:
    """Each (command, format) entry gives text naming the evaluation, in either language."""
    for lang in ("zh", "en"):
        text = render(report, fmt, results[report], 3, lang)
        assert "power" in text.lower() or "供电" in text, (report, fmt, lang)


@pytest.mark.parametrize(
    ("report", "chosen", "output", "expected"),
    [
        ("weigh", None, None, "table"),
        ("weigh", "csv", Path("w.json"), "csv"),  # a chosen format wins over the suffix
        ("weigh", None, Path("w.JSON"), "json"),
        ("weigh", None, Path("w.markdown"), "markdown"),
        ("weigh", None, Path("w.html"), "table"),  # weigh has no HTML report
        ("weigh", None, Path("w"), "table"),
        ("score", None, Path("r.htm"), "html"),
        ("score", None, Path("r.txt"), "table"),
        ("score", None, Path("r.xlsx"), "table"),
    ],
)
def test_output_format(report: Report, chosen: str | None, output: Path, expected: str) -> None:
    """The chosen format, else the output suffix's if the report has it, else table."""
    assert output_format(report, chosen, output) == expected


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

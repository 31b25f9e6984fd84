"""Reliability against published values, through the command line.

Both examples are from Charles Zaiontz, *Real Statistics Using Excel*
(www.real-statistics.com), section "Reliability":

- "Cronbach's Alpha Tools", Example 1: a 10-question questionnaire on a 1-7 Likert
  scale answered by 15 people (Figure 1); Cronbach's alpha = 0.59172.
- "Cronbach's Alpha Basic Concepts", Example 1: 12 students' right (1) or wrong (0)
  answers to 11 questions; CRONALPHA(B4:L15) = .738019, and with the first question
  removed CRONALPHA(B4:L15, 1) = .76321.

Each value is compared to half a unit of its last printed decimal.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app

runner = CliRunner()

LIKERT = [
    # Q1..Q10 of the 15 respondents (Real Statistics, Cronbach's Alpha Tools, Figure 1)
    [3, 2, 4, 1, 4, 5, 1, 4, 3, 2],
    [5, 4, 6, 3, 5, 1, 2, 5, 5, 5],
    [7, 3, 5, 5, 6, 4, 3, 3, 6, 5],
    [2, 4, 3, 3, 2, 2, 2, 6, 6, 3],
    [6, 5, 6, 5, 4, 4, 4, 6, 7, 5],
    [1, 2, 3, 4, 2, 5, 2, 3, 5, 2],
    [4, 3, 5, 3, 5, 2, 1, 2, 4, 3],
    [2, 4, 4, 3, 7, 2, 2, 4, 6, 5],
    [6, 5, 5, 5, 1, 6, 5, 2, 3, 2],
    [5, 4, 6, 4, 3, 5, 3, 1, 7, 2],
    [4, 3, 5, 2, 5, 3, 2, 3, 4, 1],
    [4, 2, 3, 2, 5, 3, 4, 2, 3, 4],
    [5, 5, 6, 2, 3, 3, 2, 4, 4, 5],
    [6, 5, 5, 4, 2, 2, 1, 4, 6, 5],
    [4, 3, 5, 5, 3, 1, 3, 2, 3, 4],
]

BINARY = [
    # Q1..Q11 of the 12 students (Real Statistics, Cronbach's Alpha Basic Concepts)
    [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 1],
    [1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0],
    [1, 0, 1, 1, 1, 1, 1, 1, 1, 0, 0],
    [1, 1, 1, 0, 1, 1, 0, 1, 1, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 1, 0, 0],
    [0, 1, 1, 0, 1, 1, 1, 1, 0, 0, 0],
    [1, 1, 1, 1, 0, 0, 1, 0, 0, 0, 0],
    [1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 0],
    [0, 1, 0, 1, 1, 0, 0, 0, 0, 1, 0],
    [1, 0, 0, 1, 0, 1, 0, 0, 0, 0, 0],
    [1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0],
    [1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 0],
]


def survey_files(tmp_path: Path, rows: list[list[int]], low: int, high: int) -> list[str]:
    """An evaluation whose indicators Q1..Qk (under two criteria) are the columns of
    ``rows`` on the scale ``low``..``high``, and the answers as CSV."""
    k = len(rows[0])
    half = (k + 1) // 2
    ids = [f"Q{i + 1}" for i in range(k)]

    def block(cid: str, members: list[str]) -> str:
        items = ", ".join(f"{{id: {m}, name: {m}}}" for m in members)
        return f"  - {{id: {cid}, name: {cid}, indicators: [{items}]}}\n"

    def upper(m: int) -> str:
        return ", ".join(["1"] * (m * (m - 1) // 2))

    text = (
        "goal: {id: A, name: A}\n"
        "criteria:\n"
        + block("B1", ids[:half])
        + block("B2", ids[half:])
        + f"judgments: {{A: {{upper: [1]}}, B1: {{upper: [{upper(half)}]}}, "
        f"B2: {{upper: [{upper(k - half)}]}}}}\n"
        f"survey:\n  scale: {{min: {low}, max: {high}}}\n"
    )
    ev = tmp_path / "evaluation.yaml"
    ev.write_text(text, encoding="utf-8")
    csv = tmp_path / "answers.csv"
    lines = [",".join(ids)] + [",".join(str(v) for v in row) for row in rows]
    csv.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return [str(ev), str(csv)]


def report(args: list[str]) -> dict[str, object]:
    result = runner.invoke(app, ["reliability", *args, "-f", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert isinstance(data, dict)
    return data


def test_likert_alpha_matches_real_statistics(tmp_path: Path) -> None:
    """15 respondents, 10 questions on 1-7: alpha 0.59172 (Real Statistics)."""
    data = report(survey_files(tmp_path, LIKERT, 1, 7))
    overall = data["alpha"]["overall"]  # type: ignore[index]
    assert overall["n"] == 15
    assert overall["k"] == 10
    assert overall["alpha"] == pytest.approx(0.59172, abs=0.5e-5)


def test_binary_alpha_and_alpha_if_deleted_match_real_statistics(tmp_path: Path) -> None:
    """12 students, 11 right/wrong questions: alpha .738019, without Q1 .76321."""
    data = report(survey_files(tmp_path, BINARY, 0, 1))
    overall = data["alpha"]["overall"]  # type: ignore[index]
    assert overall["n"] == 12
    assert overall["k"] == 11
    assert overall["alpha"] == pytest.approx(0.738019, abs=0.5e-6)
    first = next(item for item in overall["items"] if item["id"] == "Q1")
    assert first["alpha_if_deleted"] == pytest.approx(0.76321, abs=0.5e-5)

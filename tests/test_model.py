"""The input model: every problem at once, values as users type them, limits that hold."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.model.settings import check_setting
from ahp_eval.model.tree import MAX_DEPTH

runner = CliRunner()
HUGE = "1" + "0" * 309  # an integer too large for a float

THREE = (
    "goal: {id: A, name: g}\n"
    "criteria:\n"
    "  - {id: B1, name: a}\n"
    "  - {id: B2, name: b}\n"
    "  - {id: B3, name: c}\n"
)


def messages(path: Path) -> list[str]:
    with pytest.raises(InputErrors) as info:
        load_evaluation(path)
    return [f"{e.line}: {e.message}" for e in info.value.errors]


def test_four_kinds_of_problem_come_together(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A bad id, a duplicate id, a zero entry and an unknown node are reported in one run."""
    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria:\n"
        "  - {id: B 1, name: a}\n"
        "  - {id: B2, name: b}\n"
        "  - {id: B2, name: c}\n"
        "judgments:\n"
        "  A: {upper: [0, 2, 3]}\n"
        "  Z: [[1]]\n"
    )
    found = messages(path)
    assert found == [
        "3: criteria[0].id: id 'B 1' must be 1-100 characters without spaces or '/'",
        "5: id 'B2' is used twice (first on line 4)",
        "7: A: upper value 1: judgment must be positive, got 0",
        "8: judgments given for unknown node 'Z'",
    ]


def test_every_entry_outside_the_scale_is_reported(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Two out-of-scale judgments in one matrix give two messages, each at its line."""
    path = write_yaml(
        THREE + "judgments:\n  A:\n    pairs:\n      - [B1, B2, 12]\n      - [B1, B3, 2]\n"
        "      - [B2, B3, 1/15]\n"
    )
    found = messages(path)
    assert found == [
        "9: A: B1/B2 = 12 is outside the scale 1/9..9 (settings.scale_max allows more)",
        "11: A: B2/B3 = 1/15 is outside the scale 1/9..9 (settings.scale_max allows more)",
    ]


def test_rounded_reciprocals_from_papers_are_accepted(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """0.33, 0.14, 0.13, 0.17, 0.11 stand for 1/3, 1/7, 1/8, 1/6, 1/9 and are used as typed."""
    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: a}, {id: B2, name: b}, {id: B3, name: c},"
        " {id: B4, name: d}, {id: B5, name: e}, {id: B6, name: f}]\n"
        "judgments:\n"
        "  A:\n"
        "    - [1, 3, 7, 8, 6, 9]\n"
        "    - [0.33, 1, 1, 1, 1, 1]\n"
        "    - [0.14, 1, 1, 1, 1, 1]\n"
        "    - [0.12, 1, 1, 1, 1, 1]\n"  # 1/8 truncated
        "    - [0.17, 1, 1, 1, 1, 1]\n"
        "    - [0.11, 1, 1, 1, 1, 1]\n"
    )
    matrix = load_evaluation(path).judgments["A"].matrix
    assert matrix[1:, 0].tolist() == [0.33, 0.14, 0.12, 0.17, 0.11]
    assert matrix[0, 1:].tolist() == [3, 7, 8, 6, 9]


def test_a_wrong_rounded_reciprocal_names_the_rule(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """0.34 for 1/3 is refused, naming the two-decimal comparison; 0.3 names the 1% rule."""
    path = write_yaml(
        THREE + "judgments:\n  A:\n    - [1, 3, 3]\n    - [0.34, 1, 1]\n    - [0.3, 1, 1]\n"
    )
    found = messages(path)
    assert found[0] == (
        "9: A: not reciprocal: B1/B2 = 3 but B2/B1 = 0.34 (expected 1/3); 0.34 has 2 "
        "decimals, so it is compared with 1/3 to 2 decimals: 0.33"
    )
    assert found[1].startswith("10: A: not reciprocal: B1/B3 = 3 but B3/B1 = 0.3 (expected 1/3)")
    assert "compared within 1%" in found[1]


def test_full_width_digits_and_chinese_commas(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """１／３, ４．０ and [1，2，3] (Chinese commas) read as 1/3, 4.0 and three values."""
    path = write_yaml(
        THREE
        + "  - {id: B4, name: d}\n"
        + "judgments:\n  A: {upper: [1，2，３, ４．０, 1／3, 2]}\n"
    )
    matrix = load_evaluation(path).judgments["A"].matrix
    assert matrix[0, 1:].tolist() == [1, 2, 3]
    assert matrix[1, 2:].tolist() == pytest.approx([4, 1 / 3])


def test_a_date_where_a_fraction_was_meant(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A fraction a spreadsheet turned into a date is named as such, with the fix."""
    path = write_yaml(THREE + "judgments:\n  A: {upper: [2025-01-03, 2, 3]}\n")
    (found,) = messages(path)
    assert "got the date 2025-01-03" in found
    assert 'write it as "1/3"' in found


@pytest.mark.parametrize(
    ("text", "line", "fragment"),
    [
        (THREE + f"judgments:\n  A: {{upper: [{HUGE}, 2, 3]}}\n", 7, "is too large"),
        (f"settings: {{cr_threshold: {HUGE}}}\n" + THREE, 1, "is too large"),
        (f"settings: {{scale_max: {HUGE}}}\n" + THREE, 1, "is too large"),
        (f"settings: {{ri: [0, 0, {HUGE}]}}\n" + THREE, 1, "ri[2]: the number"),
        (f"survey: {{scale: {{min: 1, max: {HUGE}}}}}\n" + THREE, 1, "is too large"),
        (f"grades: [{{min: {HUGE}, label: x}}, {{min: 0, label: y}}]\n" + THREE, 1, "too large"),
    ],
)
def test_integers_too_large_for_a_float(write_yaml, text: str, line: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    """A 310-digit integer is a located error (exit 2), never an OverflowError."""
    path = write_yaml(text)
    found = messages(path)
    assert any(m.startswith(f"{line}: ") and fragment in m for m in found), found
    result = runner.invoke(app, ["check", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output


def test_a_huge_mark_is_a_located_error(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """A 310-digit mark in a marks file exits 2 with its line."""
    example = Path(__file__).resolve().parent.parent / "examples" / "campus-canteen"
    marks = write_yaml(f"marks:\n  C11: {HUGE}\n", "marks.yaml")
    result = runner.invoke(app, ["score", str(example / "evaluation.yaml"), "--marks", str(marks)])
    assert result.exit_code == 2
    assert f"{marks}:2: C11: the number of about 310 digits is too large" in result.stderr


def test_a_hierarchy_too_deep_is_refused() -> None:
    """A hierarchy nested past MAX_DEPTH levels is an error, not a RecursionError."""
    leaf: dict[str, object] = {"id": "L", "name": "leaf"}
    node = leaf
    for k in range(MAX_DEPTH + 5):
        node = {"id": f"N{k}", "name": "n", "criteria": [node]}
    with pytest.raises(InputErrors, match=f"more than {MAX_DEPTH} levels deep"):
        parse_evaluation({"goal": {"id": "A", "name": "g"}, "criteria": [node]})


def test_a_deep_but_allowed_hierarchy_solves() -> None:
    """MAX_DEPTH levels of single children are read without recursion."""
    from ahp_eval.ahp.hierarchy import solve

    node: dict[str, object] = {"id": "L", "name": "leaf"}
    for k in range(MAX_DEPTH - 1):
        node = {"id": f"N{k}", "name": "n", "criteria": [node]}
    ev = parse_evaluation({"goal": {"id": "A", "name": "g"}, "criteria": [node]})
    assert max(n.level for n in ev.goal.walk()) == MAX_DEPTH
    assert solve(ev).global_weights == {"L": 1.0}


def test_empty_judgments_file_fails_check_as_weigh(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """check and weigh read an empty judgments file the same way: exit 2, missing field."""
    example = Path(__file__).resolve().parent.parent / "examples" / "campus-canteen"
    empty = write_yaml("", "empty.yaml")
    for command in ("weigh", "check"):
        result = runner.invoke(app, [command, str(example / "evaluation.yaml"), "-j", str(empty)])
        assert result.exit_code == 2, (command, result.output)
        assert "missing field 'judgments'" in result.output


def test_check_setting_is_the_file_rule() -> None:
    """A setting is judged by one function: the file's range for cr_threshold holds."""
    assert check_setting("cr_threshold", 0.2) == 0.2
    for bad in (5, -1, 0):
        with pytest.raises(InputError, match=r"is outside \(0, 1\]"):
            check_setting("cr_threshold", bad)
    assert check_setting("ri", [0, 0, 0.5]) == (0.0, 0.0, 0.5)
    with pytest.raises(InputError, match="unknown method 'x'"):
        check_setting("method", "x")


def test_python_values_an_analyst_has() -> None:
    """numpy integers and floats, tuples and Fractions are judgments like any number."""
    from fractions import Fraction

    ev = parse_evaluation(
        {
            "goal": {"id": "A", "name": "g"},
            "criteria": [
                {"id": "B1", "name": "a"},
                {"id": "B2", "name": "b"},
                {"id": "B3", "name": "c"},
            ],
            "judgments": {"A": {"upper": (np.int64(2), Fraction(1, 3), np.float64(0.5))}},
        }
    )
    assert ev.judgments["A"].matrix[0].tolist() == pytest.approx([1, 2, 1 / 3])


@pytest.mark.parametrize("written", ["-0", "11", "1.5"])
def test_a_question_naming_an_indicator_by_a_number_is_checked(
    tmp_path: Path, written: str
) -> None:
    """A question's indicator written as a number is read as its text ('-0' as '0') and
    checked like any other reference: unknown here, at its line."""
    path = tmp_path / "ev.yaml"
    path.write_text(
        "goal: {id: A, name: 目标}\n"
        "criteria:\n"
        "  - {id: B1, name: 甲, indicators: [{id: C11, name: 一}, {id: C12, name: 二}]}\n"
        "judgments: {B1: {upper: [1]}}\n"
        "survey:\n"
        "  questions:\n"
        "    - {column: Q1, indicator: C11}\n"
        f"    - {{column: Q2, indicator: {written}}}\n",
        encoding="utf-8",
    )
    with pytest.raises(InputErrors) as caught:
        load_evaluation(path)
    shown = str(float(written)) if "." in written else str(int(written))
    assert [str(e) for e in caught.value.errors] == [
        f"{path}:8: survey.questions[1]: indicator {shown!r} is unknown"
    ]

"""`reliability --missing pairwise` and `--items questions` streamed: the statistics a
plain CSV export is folded into give the report the kept answers give, and no answer
is kept."""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.errors import AhpEvalError, InputError, InputErrors
from ahp_eval.io import question_items, survey_fast, survey_file
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.question_items import read_question_set, read_question_stats, read_questions
from ahp_eval.io.survey_file import read_responses
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.covariance import pair_moments, pair_moments_of
from ahp_eval.survey.group_moments import group_moments
from ahp_eval.survey.moments import StatPlan, moments_of
from ahp_eval.survey.questionnaire import Missing, result_dict
from ahp_eval.survey.reliability_run import answers_reliability, items_reliability, reliability
from ahp_eval.survey.responses import ResponseSet
from ahp_eval.survey.stacked import StackedGroups

runner = CliRunner()
ROOT = Path(__file__).resolve().parent.parent
ACADEMIC = ROOT / "examples" / "academic-platform"

QUESTIONS: list[dict[str, Any]] = [
    {"column": "Q1", "indicator": "C11"},
    {"column": "Q2", "indicator": "C11", "reverse": True},
    {"column": "Q3", "indicator": "C12"},
    {"column": "Q4", "indicator": "C12"},
    {"column": "Q5", "indicator": "C21"},
    {"column": "Q6", "indicator": "C21", "reverse": True},
]
HEADER = ["site", *(q["column"] for q in QUESTIONS)]


def write_evaluation(folder: Path, **survey: Any) -> Path:
    """The three-indicator evaluation with two questions per indicator (Q2 and Q6
    reverse-coded) and ``survey`` settings."""
    from evaluations import three_indicators

    path = folder / "e.yaml"
    data = three_indicators(survey={"questions": QUESTIONS, **survey})
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    return path


def answers(rng: np.random.Generator, n: int, *, gaps: float = 0.1) -> list[list[str]]:
    """``n`` rows of correlated answers on 1..5 (the reverse-coded questions turned),
    some cells empty."""
    rows = []
    for _ in range(n):
        base = int(rng.integers(1, 6))
        row = []
        for q in QUESTIONS:
            x = int(np.clip(base + rng.integers(-1, 2), 1, 5))
            x = 6 - x if q.get("reverse") else x
            row.append("" if rng.random() < gaps else str(x))
        rows.append(row)
    return rows


def write_export(folder: Path, sites: list[str], rows: list[list[str]]) -> Path:
    """A plain CSV export: the site column, then Q1..Q6."""
    path = folder / "r.csv"
    lines = [",".join(HEADER)] + [
        ",".join([site, *row]) for site, row in zip(sites, rows, strict=True)
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def same(a: Any, b: Any, where: str = "") -> None:
    """Two reports agree: numbers to 1e-12 (relative, or absolute near 0), the rest equal."""
    if isinstance(a, dict):
        assert isinstance(b, dict), where
        assert list(a) == list(b), where
        for key in a:
            same(a[key], b[key], f"{where}.{key}")
    elif isinstance(a, list):
        assert isinstance(b, list), where
        assert len(a) == len(b), where
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            same(x, y, f"{where}[{i}]")
    elif isinstance(a, float) and not isinstance(a, bool):
        assert isinstance(b, float | int), where
        assert math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12), (where, a, b)
    else:
        assert a == b, (where, a, b)


def kept_questions(
    path: Path, ev: Evaluation, missing: Missing, *, group: str | None
) -> dict[str, Any]:
    """Today's --items questions report: every answer read cell by cell and kept."""
    items, groups, column, _ = read_questions(path, ev, group=group)
    result = answers_reliability(items, groups, grouped=column is not None, missing=missing)
    return result_dict(result)


def streamed_questions(
    path: Path, ev: Evaluation, missing: Missing, *, group: str | None
) -> dict[str, Any] | None:
    """The streamed --items questions report (None: the fast path handed the file back)."""
    got = read_question_stats(path, ev, group=group, pairs=missing == "pairwise")
    if got is None:
        return None
    items, responses = got
    assert isinstance(responses.groups, StackedGroups)
    return result_dict(items_reliability(items, responses, missing=missing))


def test_square_sums_are_the_pair_moments() -> None:
    """The streamed statistics hold the pairwise moments of the answers, one group or many."""
    rng = np.random.default_rng(1)
    x = rng.integers(1, 6, size=(200, 4)).astype(np.float64)
    x[rng.random(x.shape) < 0.2] = np.nan
    plan = StatPlan({"overall": (0, 1, 2, 3)}, None, 5.0, squares=True)
    expected = pair_moments_of(x)
    for got in (pair_moments(moments_of(x, None, plan)),):
        for a, b in zip(got, expected, strict=True):
            np.testing.assert_array_equal(a, b)
    which = rng.integers(0, 3, size=200)
    digits = np.where(np.isnan(x), -1, x).astype(np.int16)  # as the fast reader parses them
    stacked = group_moments(digits, None, plan, which, 3)
    for g in range(3):
        for a, b in zip(pair_moments(stacked.at(g)), pair_moments_of(x[which == g]), strict=True):
            np.testing.assert_array_equal(a, b)
    without = StatPlan({"overall": (0, 1, 2, 3)}, None, 5.0)
    assert moments_of(x, None, without).pair_square is None
    with pytest.raises(AhpEvalError, match=r"StatPlan\.squares"):
        pair_moments(moments_of(x, None, without))


@pytest.mark.parametrize("group", [None, "site"])
def test_pairwise_indicators_streamed_equal_kept_answers(tmp_path: Path, group: str | None) -> None:
    """--missing pairwise from streamed statistics equals the report of the kept answers,
    pooled and per group."""
    rng = np.random.default_rng(7)
    rows = answers(rng, 150)
    data = write_export(tmp_path, [["东", "西", "b"][i % 3] for i in range(150)], rows)
    ev = load_evaluation(write_evaluation(tmp_path), None)
    fast = read_responses(data, ev, group=group, fuzzy=False, pairs=True)
    assert isinstance(fast.groups, StackedGroups)
    kept = read_responses(data, ev, group=group, keep_answers=True)
    a = result_dict(reliability(ev, fast, missing="pairwise"))
    b = result_dict(reliability(ev, kept, missing="pairwise"))
    same(a, b)
    assert (len(a.get("groups", [])) == 3) is (group is not None)


def test_pairwise_academic_example_streamed_equal_kept_answers() -> None:
    """The academic-platform export (26 indicators, several questions each) agrees too."""
    ev = load_evaluation(ACADEMIC / "evaluation.yaml", None)
    data = ACADEMIC / "responses.csv"
    fast = read_responses(data, ev, fuzzy=False, pairs=True)
    assert isinstance(fast.groups, StackedGroups)
    kept = read_responses(data, ev, keep_answers=True)
    same(
        result_dict(reliability(ev, fast, missing="pairwise")),
        result_dict(reliability(ev, kept, missing="pairwise")),
    )


@pytest.mark.skipif(not survey_fast.fork_allowed(), reason="forking is unsafe here")
def test_two_processes_gather_what_one_does(tmp_path: Path) -> None:
    """A file read by two forked processes gives the statistics, and the pairwise and
    question reports, of one process."""
    rng = np.random.default_rng(13)
    n = 3000
    data = write_export(tmp_path, [["东", "西", "b"][i % 3] for i in range(n)], answers(rng, n))
    ev = load_evaluation(write_evaluation(tmp_path), None)
    one = survey_fast.read_streamed(data, str(data), ev, pairs=True, parallel=False)
    two = survey_fast.read_streamed(data, str(data), ev, pairs=True, parallel=True)
    assert one is not None
    assert two is not None
    same(
        result_dict(reliability(ev, two, missing="pairwise", split="odd-even")),
        result_dict(reliability(ev, one, missing="pairwise", split="odd-even")),
    )
    for missing in ("listwise", "pairwise"):
        reports = []
        for parallel in (False, True):
            got = read_question_stats(
                data, ev, group="site", pairs=missing == "pairwise", parallel=parallel
            )
            assert got is not None
            reports.append(result_dict(items_reliability(*got, missing=missing)))
        same(reports[1], reports[0])
        same(reports[0], kept_questions(data, ev, missing, group="site"))


def test_pairwise_needs_the_squares() -> None:
    """Statistics streamed without the pairwise squares are refused for pairwise, clearly."""
    ev = load_evaluation(ACADEMIC / "evaluation.yaml", None)
    fast = read_responses(ACADEMIC / "responses.csv", ev, fuzzy=False)
    with pytest.raises(AhpEvalError, match=r"read_responses\(\.\.\., pairs=True\)"):
        reliability(ev, fast, missing="pairwise")


@pytest.mark.parametrize("missing", ["listwise", "pairwise"])
@pytest.mark.parametrize("group", [None, "site"])
def test_questions_streamed_equal_kept_answers(
    tmp_path: Path, missing: Missing, group: str | None
) -> None:
    """--items questions from streamed statistics equals the report of the kept answers
    (reverse-coded questions, missing cells), pooled and per group."""
    rng = np.random.default_rng(11)
    rows = answers(rng, 120, gaps=0.05)
    data = write_export(tmp_path, ["a" if i % 4 else "b" for i in range(120)], rows)
    ev = load_evaluation(write_evaluation(tmp_path), None)
    fast = streamed_questions(data, ev, missing, group=group)
    assert fast is not None
    assert fast["items"] == "questions"
    same(fast, kept_questions(data, ev, missing, group=group))


def test_questions_labels_read_cell_by_cell_agree(tmp_path: Path) -> None:
    """An export with answer texts goes to the careful reader and gives the report of the
    same answers in digits, streamed."""
    rng = np.random.default_rng(5)
    rows = answers(rng, 60)
    sites = ["a"] * 60
    digits = write_export(tmp_path, sites, rows)
    ev_path = write_evaluation(tmp_path)
    ev = load_evaluation(ev_path, None)
    fast = streamed_questions(digits, ev, "pairwise", group=None)
    words = {"1": "非常不满意", "2": "不满意", "3": "一般", "4": "满意", "5": "非常满意"}
    texts = tmp_path / "texts.csv"
    texts.write_text(
        "\n".join(
            [",".join(HEADER)] + [",".join(["a", *(words.get(c, c) for c in row)]) for row in rows]
        )
        + "\n",
        encoding="utf-8",
    )
    assert read_question_stats(texts, ev, pairs=True) is None
    items, responses = read_question_set(texts, ev, pairs=True)
    assert not isinstance(responses.groups, StackedGroups)
    same(result_dict(items_reliability(items, responses, missing="pairwise")), fast)


def run(*args: str) -> tuple[int, str]:
    result = runner.invoke(app, ["reliability", *args])
    return result.exit_code, result.output


@pytest.mark.parametrize(
    "options",
    [
        ["--missing", "pairwise"],
        ["--items", "questions"],
        ["--items", "questions", "--missing", "pairwise"],
    ],
)
def test_streamed_modes_keep_no_answer(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, options: list[str]
) -> None:
    """On a plain CSV export every mode streams: the cell-by-cell readers (which keep
    the answers) are never called."""
    rng = np.random.default_rng(3)
    data = write_export(tmp_path, ["a" if i % 2 else "b" for i in range(80)], answers(rng, 80))
    ev = write_evaluation(tmp_path)
    code, expected = run(str(ev), str(data), "--group", "site", "-f", "json", *options)
    assert code == 0, expected

    def kept(*_: object, **__: object) -> None:
        raise AssertionError("an answer was kept")

    monkeypatch.setattr(survey_file, "read_table", kept)
    monkeypatch.setattr(question_items, "read_questions", kept)
    code, out = run(str(ev), str(data), "--group", "site", "-f", "json", *options)
    assert code == 0, out
    report = json.loads(out)
    assert report == json.loads(expected)
    assert [g["group"] for g in report["groups"]] == ["b", "a"]


def test_questions_bad_cells_located_by_the_careful_reader(tmp_path: Path) -> None:
    """A bad cell hands the file to the careful reader, which names its line and column."""
    rng = np.random.default_rng(9)
    rows = answers(rng, 30, gaps=0)
    rows[4][2] = "7"
    rows[9][0] = "x"
    data = write_export(tmp_path, ["a"] * 30, rows)
    ev = write_evaluation(tmp_path)
    for mode in ("listwise", "pairwise"):
        code, out = run(str(ev), str(data), "--items", "questions", "--missing", mode)
        assert code == 2
        assert out.splitlines() == [
            f"{data}:6: column 'Q3' (C12): '7' is outside the scale 1..5",
            (
                f"{data}:11: column 'Q1' (C11): 'x' is not a number nor a built-in 1-5 "
                "answer label; list the labels in survey.labels"
            ),
        ]
    code, out = run(str(ev), str(data), "--items", "questions", "--drop-invalid", "-f", "json")
    assert code == 0, out.splitlines()[:3]
    report, _ = json.JSONDecoder().raw_decode(out, out.index("{"))
    assert [c["line"] for c in report["dropped_cells"]] == [6, 11]


EXPORTS = st.integers(0, 2**32 - 1).flatmap(
    lambda seed: st.tuples(
        st.just(seed),
        st.integers(3, 60),
        st.sampled_from([0.0, 0.05, 0.3]),
        st.sampled_from([["a"], ["a", "b"], ["东", "西", "c"]]),
    )
)


def _outcome(compute: Any) -> Any:
    """A report, or the error messages it gave."""
    try:
        return compute()
    except (InputError, InputErrors) as exc:
        return ("error", str(exc))


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(export=EXPORTS, missing=st.sampled_from(["listwise", "pairwise"]))
def test_streamed_and_kept_agree_on_generated_exports(
    tmp_path: Path, export: tuple[int, int, float, list[str]], missing: Missing
) -> None:
    """On generated exports (any size, missing cells, groups) the streamed indicator and
    question reports equal those of the kept answers, or both readers refuse alike."""
    seed, n, gaps, names = export
    rng = np.random.default_rng(seed)
    folder = tmp_path / str(seed)
    folder.mkdir(exist_ok=True)
    sites = [names[int(i)] for i in rng.integers(0, len(names), size=n)]
    data = write_export(folder, sites, answers(rng, n, gaps=gaps))
    ev = load_evaluation(write_evaluation(folder), None)
    for group in (None, "site"):
        fast = _outcome(lambda g=group: streamed_questions(data, ev, missing, group=g))
        if fast is not None:
            kept = _outcome(lambda g=group: kept_questions(data, ev, missing, group=g))
            same(fast, kept)

        def indicators(g: str | None = group, **how: Any) -> Any:
            return result_dict(
                reliability(ev, read_responses(data, ev, group=g, **how), missing=missing)
            )

        fast_read = _outcome(
            lambda g=group: read_responses(data, ev, group=g, fuzzy=False, pairs=True)
        )
        if isinstance(fast_read, ResponseSet) and not isinstance(fast_read.groups, StackedGroups):
            continue  # handed to the careful reader: nothing streamed to compare
        same(
            _outcome(lambda: indicators(fuzzy=False, pairs=True)),
            _outcome(lambda: indicators(keep_answers=True)),
        )

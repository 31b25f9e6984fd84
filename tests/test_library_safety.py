"""The library never gives a silent wrong result: answers however built are checked
before scoring, results cannot be changed, every error is an AhpEvalError, and every
result's to_dict() is valid JSON."""

from __future__ import annotations

import json
import math
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays
from surveys import EVALUATION_YAML, errors_of, evaluation, write
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import HierarchyResult, solve
from ahp_eval.cli import app
from ahp_eval.errors import AhpEvalError, InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation, Judgment, Node, parse_evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.survey.group_stats import GroupStats
from ahp_eval.survey.moments import stat_plan
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.score_results import GroupScores, ScoreResult
from ahp_eval.survey.scoring import score
from ahp_eval.survey.stacked import StackedGroups

LEAVES = ("C11", "C12", "C21")
runner = CliRunner()


def weights() -> HierarchyResult:
    """The weights of the three-indicator evaluation."""
    return solve(evaluation())


def responses(*groups: tuple[str, list[list[float]]], scale: Scale | None = None) -> ResponseSet:
    """A response set built in code, one array per group."""
    data = tuple(GroupData(name, np.array(rows, dtype=np.float64)) for name, rows in groups)
    return ResponseSet("<answers>", LEAVES, data, sum(len(d) for _, d in groups), scale=scale)


def test_an_unanswered_indicator_is_an_error_not_a_nan_grade() -> None:
    """Nobody answered C21 in one group: an InputError in the file reader's words, no
    composite graded from NaN."""
    rs = responses(("东", [[5, 4, 3]]), ("西", [[3, 4, math.nan], [2, 2, math.nan]]))
    with pytest.raises(InputErrors) as caught:
        score(weights(), rs)
    assert errors_of(caught.value) == ["<answers>: group '西': indicator C21 has no valid answers"]
    assert isinstance(caught.value, AhpEvalError)


def test_an_unanswered_indicator_in_statistics_is_an_error() -> None:
    """Groups given as statistics (one by one or stacked) are checked the same way."""
    ev = evaluation()
    plan = stat_plan(ev, ev.survey.scale, counts=True)
    x = np.array([[3, 4, math.nan], [2, 2, math.nan]])
    one = GroupData("西", None, stats=GroupData("西", x).moments(plan))
    rs = ResponseSet("<stats>", LEAVES, (one,), 2)
    with pytest.raises(InputErrors, match="group '西': indicator C21 has no valid answers"):
        score(weights(), rs)
    stacked = rs._replace(groups=StackedGroups(["西"], GroupStats.of([one.stats])))  # type: ignore[list-item]
    with pytest.raises(InputErrors, match="group '西': indicator C21 has no valid answers"):
        score(weights(), stacked)


def test_statistics_of_answers_outside_the_scale_are_an_error() -> None:
    """A mean outside the scale in statistics cannot be dropped: an error naming it."""
    ev = evaluation()
    plan = stat_plan(ev, ev.survey.scale, counts=False)
    x = np.array([[7.0, 4, 3], [7, 4, 3]])
    one = GroupData("东", None, stats=GroupData("东", x).moments(plan))
    with pytest.raises(InputErrors) as caught:
        score(weights(), ResponseSet("<stats>", LEAVES, (one,), 2))
    assert errors_of(caught.value)[0].startswith(
        "<stats>: group '东': indicator C11: the mean answer 7 is outside the scale 1..5"
    )


def test_answers_outside_the_scale_are_errors_listing_each() -> None:
    """7 on a 1-5 scale is never clipped into a grade: every bad answer is listed with
    its group, array, row and indicator, then what to do."""
    rs = responses(("东", [[7, 4, 3], [5, 0, 3]]), ("西", [[10, 10, 10]]))
    with pytest.raises(InputErrors) as caught:
        score(weights(), rs)
    assert errors_of(caught.value) == [
        "<answers>: group '东': perception row 0, indicator C11: 7 is outside the scale 1..5",
        "<answers>: group '东': perception row 1, indicator C12: 0 is outside the scale 1..5",
        "<answers>: group '西': perception row 0, indicator C11: 10 is outside the scale 1..5",
        "<answers>: group '西': perception row 0, indicator C12: 10 is outside the scale 1..5",
        "<answers>: group '西': perception row 0, indicator C21: 10 is outside the scale 1..5",
        (
            "<answers>: fix these answers, or drop them and list them with "
            "responses.checked(evaluation, drop_invalid=True) (the command line's --drop-invalid)"
        ),
    ]


def test_expectations_and_infinities_outside_the_scale_are_errors() -> None:
    """Expectation answers are checked too, and infinity is outside every scale."""
    x = np.array([[5.0, 4, 3]])
    e = np.array([[math.inf, math.nan, 6]])
    rs = ResponseSet("<answers>", LEAVES, (GroupData("东", x, e),), 1)
    with pytest.raises(InputErrors) as caught:
        score(weights(), rs)
    assert errors_of(caught.value)[:2] == [
        "<answers>: group '东': expectation row 0, indicator C11: inf is outside the scale 1..5",
        "<answers>: group '东': expectation row 0, indicator C21: 6 is outside the scale 1..5",
    ]


def test_many_answers_outside_the_scale_are_counted() -> None:
    """The first fifty bad answers are listed, the rest counted."""
    rs = responses(("东", [[9, 9, 9]] * 30))
    with pytest.raises(InputErrors) as caught:
        score(weights(), rs)
    lines = errors_of(caught.value)
    assert len(lines) == 52
    assert lines[50] == "<answers>: ... and 40 more answers outside the scale"


def test_dropping_answers_outside_the_scale_lists_them() -> None:
    """checked(drop_invalid=True) makes them missing and lists them in dropped (and in
    the JSON's dropped_cells), as --drop-invalid does for a file."""
    ev = evaluation()
    rs = responses(("东", [[7, 4, 3], [5, 2, 3]])).checked(ev, drop_invalid=True)
    assert [(c.row, c.column, c.value) for c in rs.dropped] == [(0, "C11", "7")]
    assert rs.dropped[0].reason == (
        "group '东': perception row 0, indicator C11: 7 is outside the scale 1..5"
    )
    result = score(weights(), rs)
    kept = score(weights(), responses(("东", [[math.nan, 4, 3], [5, 2, 3]])))
    assert result.groups[0].composite == kept.groups[0].composite
    cells = json.loads(json.dumps(result.to_dict(), allow_nan=False))["dropped_cells"]
    assert cells == [
        {"row": 0, "line": None, "column": "C11", "value": "7", "reason": rs.dropped[0].reason}
    ]


def test_dropping_every_answer_of_an_indicator_is_still_an_error() -> None:
    """An indicator left without answers after dropping is not scored."""
    with pytest.raises(InputErrors, match="group '东': indicator C11 has no valid answers"):
        responses(("东", [[7, 4, 3]])).checked(evaluation(), drop_invalid=True)


def test_checked_gives_the_same_responses_when_nothing_is_wrong() -> None:
    """Good answers pass through untouched."""
    rs = responses(("东", [[5, 4, 3]]))
    assert rs.checked(evaluation()) is rs


def test_responses_of_other_indicators_are_an_input_error() -> None:
    """Columns that do not follow the evaluation's indicators: an InputError saying how
    to build them (once a plain ValueError)."""
    rs = ResponseSet("<answers>", ("C11", "C12"), (GroupData("东", np.ones((1, 2))),), 1)
    with pytest.raises(InputError) as caught:
        score(weights(), rs)
    assert str(caught.value) == (
        "<answers>: the responses' indicators (C11, C12) are not the evaluation's "
        "(C11, C12, C21); build the responses with "
        "indicators=tuple(leaf.id for leaf in evaluation.leaves()), their columns in that order"
    )


@pytest.mark.parametrize(
    ("perception", "expectation", "message"),
    [
        (np.ones(3), None, "perception has shape (3,), expected (respondents, 3 indicators)"),
        (
            np.ones((2, 2)),
            None,
            "perception has shape (2, 2), expected (respondents, 3 indicators)",
        ),
        (np.ones((2, 3)), np.ones((1, 3)), "expectation has shape (1, 3), expected (2, 3)"),
    ],
)
def test_answers_of_the_wrong_shape_are_input_errors(
    perception: np.ndarray, expectation: np.ndarray | None, message: str
) -> None:
    """An array that is not respondents x indicators is named with its shape."""
    rs = ResponseSet("<answers>", LEAVES, (GroupData("东", perception, expectation),), 1)
    with pytest.raises(InputErrors, match=message.replace("(", r"\(").replace(")", r"\)")):
        score(weights(), rs)


@settings(max_examples=60, deadline=None)
@given(
    arrays(
        np.float64,
        st.tuples(st.integers(1, 6), st.just(3)),
        elements=st.one_of(st.floats(-20, 20), st.just(math.nan)),
    ),
    st.booleans(),
)
def test_a_composite_is_on_0_100_or_the_answers_are_refused(x: np.ndarray, bootstrap: bool) -> None:
    """Whatever the answers, scoring gives composites and intervals within 0..100 and
    no NaN, or an InputErrors; with out-of-scale answers dropped the same holds."""
    rs = ResponseSet("<answers>", LEAVES, (GroupData("东", x),), len(x))
    inside = bool(np.all(np.isnan(x) | ((x >= 1) & (x <= 5))))
    answered = bool(np.all((~np.isnan(x) & (x >= 1) & (x <= 5)).any(axis=0)))
    for drop in (False, True):
        try:
            checked = rs.checked(evaluation(), drop_invalid=drop)
            result = score(weights(), checked, bootstrap=50 if bootstrap else None, seed=1)
        except InputErrors:
            assert not answered or (not inside and not drop)
            continue
        assert answered
        assert inside or drop
        g = result.groups[0]
        assert 0.0 <= g.composite <= 100.0
        if g.interval is not None:
            assert 0.0 <= g.interval[0] <= g.interval[1] <= 100.0
        json.dumps(result.to_dict(), allow_nan=False)


def test_the_cli_refuses_an_unanswered_indicator_and_answers_outside_the_scale(
    tmp_path: Path,
) -> None:
    """score on a CSV: an unanswered indicator or an answer outside the scale exits 2
    with the message; --drop-invalid lists the dropped answer and scores the rest."""
    ev = tmp_path / "e.yaml"
    ev.write_text(EVALUATION_YAML, encoding="utf-8")
    unanswered = write(tmp_path, "站点,C11,C12,C21\n东,5,,3\n", name="a.csv")
    result = runner.invoke(app, ["score", str(ev), str(unanswered), "--group", "站点"])
    assert result.exit_code == 2
    assert f"{unanswered}:1: group '东': indicator C12 has no valid answers" in result.stderr
    outside = write(tmp_path, "站点,C11,C12,C21\n东,5,4,7\n东,5,4,3\n", name="b.csv")
    result = runner.invoke(app, ["score", str(ev), str(outside), "--group", "站点"])
    assert result.exit_code == 2
    assert f"{outside}:2: column 'C21' (C21): '7' is outside the scale 1..5" in result.stderr
    result = runner.invoke(
        app, ["score", str(ev), str(outside), "--group", "站点", "--drop-invalid", "-f", "json"]
    )
    assert result.exit_code == 0, result.output
    assert f"{outside}:2: dropped 'C21' = '7'" in result.stderr
    report = json.loads(result.stdout)
    assert report["dropped_cells"][0]["value"] == "7"
    assert report["groups"][0]["composite"] <= 100.0


PACKAGE = Path(__file__).resolve().parent.parent / "ahp_eval"

BUILTIN_RAISES_ALLOWED = {
    # the sequence protocol: iteration and slicing stop on IndexError
    ("survey/group_stats.py", "at", "IndexError"),
    ("survey/stacked.py", "__getitem__", "IndexError"),
    ("survey/score_results.py", "__getitem__", "IndexError"),
    # the module protocol: hasattr() and from-imports need AttributeError
    ("__init__.py", "__getattr__", "AttributeError"),
    ("ahp/panel.py", "__getattr__", "AttributeError"),
    # the read-only mapping protocol (as types.MappingProxyType): changing one is a TypeError
    ("model/frozen.py", "_refuse", "TypeError"),
}
"""Built-in exceptions the library may raise, where a protocol requires them."""

VALIDATOR_MODULE = "model/values.py"
"""Value parsers that run inside pydantic validators: their ValueError becomes a located
InputError of the evaluation (pydantic's protocol for a refused value)."""


def _builtin_raises() -> set[tuple[str, str, str]]:
    """(file, function, exception) of every `raise` of a built-in exception class."""
    import ast
    import builtins

    found = set()
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE).as_posix()
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for func in ast.walk(tree):
            if not isinstance(func, ast.FunctionDef | ast.AsyncFunctionDef):
                continue
            for node in ast.walk(func):
                if not isinstance(node, ast.Raise) or node.exc is None:
                    continue
                exc = node.exc.func if isinstance(node.exc, ast.Call) else node.exc
                name = exc.id if isinstance(exc, ast.Name) else None
                if name and isinstance(getattr(builtins, name, None), type):
                    found.add((rel, func.name, name))
    return found


def test_the_library_raises_only_ahp_eval_errors() -> None:
    """Every raise of a built-in exception in the package is one a protocol requires
    (IndexError ending a sequence, AttributeError of a lazy module) or a value parser's
    ValueError inside a pydantic validator; the rest raise AhpEvalError subclasses."""
    found = _builtin_raises()
    outside = {r for r in found if r[0] != VALIDATOR_MODULE}
    assert outside <= BUILTIN_RAISES_ALLOWED
    assert {r[2] for r in found if r[0] == VALIDATOR_MODULE} == {"ValueError"}


def test_a_matrix_not_in_the_result_is_a_not_found_error() -> None:
    """HierarchyResult.matrix of a leaf: an AhpEvalError that is also a KeyError, saying
    which nodes have a matrix."""
    from ahp_eval.errors import NotFoundError

    with pytest.raises(NotFoundError) as caught:
        weights().matrix("C11")
    assert isinstance(caught.value, KeyError)
    assert str(caught.value) == "no judgment matrix for node 'C11'; nodes with one: A, B1, B2"


@pytest.mark.parametrize(
    ("argument", "value", "message"),
    [
        ("ri", [0, 0, 0], "ri=[0, 0, 0]: RI(3) must be positive: CR = CI / RI"),
        ("cr_threshold", math.nan, "cr_threshold=nan: "),
        ("cr_threshold", "x", "cr_threshold='x': "),
        ("method", "x", "method='x': "),
    ],
)
def test_solve_arguments_are_checked_as_settings(
    argument: str, value: object, message: str
) -> None:
    """solve(ri=, cr_threshold=, method=) are checked as the file's settings are: an
    InputError naming the argument, never an infinite CR or a TypeError."""
    with pytest.raises(InputError) as caught:
        solve(evaluation(), **{argument: value})  # type: ignore[arg-type]
    assert str(caught.value).startswith(message)


def scored() -> ScoreResult:
    """A fuzzy score of two groups with expectations."""
    x = np.array([[5.0, 4, 3], [2, 3, 4], [4, 4, 4]])
    rs = ResponseSet("<answers>", LEAVES, (GroupData("东", x, x - 1), GroupData("西", x[:2])), 5)
    return score(weights(), rs.checked(evaluation(), drop_invalid=True), fuzzy=True)


def test_weights_cannot_be_changed_through_a_result() -> None:
    """Global, node and local weights are read-only: assigning raises TypeError and
    later scores do not move; to_dict() gives fresh plain dicts."""
    res = weights()
    before = score(res, responses(("东", [[5, 4, 3]]))).groups[0].composite
    for mapping in (res.global_weights, res.node_weights, res.matrices[0].weights):
        with pytest.raises(TypeError, match="read-only"):
            mapping["C11"] = 5.0  # type: ignore[index]
        with pytest.raises(TypeError):
            mapping.update({"C11": 5.0})  # type: ignore[attr-defined]
    assert score(res, responses(("东", [[5, 4, 3]]))).groups[0].composite == before
    out = res.to_dict()
    assert type(out["global_weights"]) is dict
    out["global_weights"]["C11"] = 5.0
    assert res.to_dict()["global_weights"]["C11"] == pytest.approx(0.375)


def test_scores_cannot_be_changed_through_a_result() -> None:
    """Every mapping of a group's scores is read-only, and so is every array of the
    table behind them; the judgment matrices too."""
    result = scored()
    group = result.groups[0]
    assert group.fuzzy is not None
    for mapping in (group.criteria, group.indicators, group.alpha, group.fuzzy.vectors):
        with pytest.raises(TypeError, match="read-only"):
            mapping["C11"] = 5.0  # type: ignore[index]
    assert isinstance(result.groups, GroupScores)
    table = result.groups.table
    arrays = [v for v in (*table, *(table.fuzzy or ())) if isinstance(v, np.ndarray)]
    assert len(arrays) >= 20
    for array in arrays:
        assert not array.flags.writeable
    with pytest.raises(ValueError, match="read-only"):
        table.composite[0] = 100.0
    matrix = result.weights.matrices[0].judgment.matrix
    with pytest.raises(ValueError, match="read-only"):
        matrix[0, 1] = 9.0


def test_results_pickle_and_keep_their_json() -> None:
    """Weights and scores cross processes: pickled and read back they give the same
    to_dict(), and stay read-only."""
    import pickle

    result = scored()
    again = pickle.loads(pickle.dumps(result))  # noqa: S301 - our own bytes
    assert again.to_dict() == result.to_dict()
    with pytest.raises(TypeError):
        again.weights.global_weights["C11"] = 5.0


def _tree() -> Node:
    """Goal A over B1 (C1, C2) and B2 (C3), built directly."""
    c1, c2, c3 = (Node(id=f"C{i}", name=f"指标{i}") for i in (1, 2, 3))
    b1 = Node(id="B1", name="甲", indicators=(c1, c2))
    b2 = Node(id="B2", name="乙", indicators=(c3,))
    return Node(id="A", name="目标", criteria=(b1, b2))


def _judgment(node: str, rows: list[list[float]]) -> Judgment:
    return Judgment(node_id=node, matrix=np.array(rows, dtype=np.float64), path=None, line=1)


GOOD = {"A": [[1.0, 3.0], [1 / 3, 1.0]], "B1": [[1.0, 1.0], [1.0, 1.0]]}


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        (
            [[1, 5], [5, 1]],
            (
                "matrix[1][0]: not reciprocal: #1/#2 = 5 but #2/#1 = 5 (expected 1/5); "
                "compared within 1% because neither entry has two or more decimals"
            ),
        ),
        ([[2, 0.5], [2, 1]], "matrix[0][0]: diagonal entry #1/#1 is 2, must be 1"),
        ([[1, -5], [-0.2, 1]], "matrix: row 1, column 2 (#1/#2): judgment must be positive"),
        ([[1, math.inf], [1, 1]], "matrix: row 1, column 2 (#1/#2): judgment must be a finite"),
        (  # NaN is a pair not compared, as null is in a file: on both sides or neither
            [[1, math.nan], [1, 1]],
            "matrix[0][1]: #1/#2 is null but #2/#1 = 1; a pair not compared is null on both",
        ),
        ([[1, 5, 3], [0.2, 1, 1]], "matrix[0]: row 1 (#1) has 3 values, expected 2"),
    ],
)
def test_a_judgment_built_directly_checks_its_matrix(rows: list[list[float]], message: str) -> None:
    """Judgment(...) checks its matrix as the file reader checks a full matrix: square,
    positive and finite, diagonal 1, reciprocal within the reader's tolerance."""
    with pytest.raises(InputErrors) as caught:
        _judgment("B1", rows)
    assert errors_of(caught.value)[0].startswith(message)
    assert isinstance(caught.value, AhpEvalError)


def test_a_judgment_built_directly_keeps_a_read_only_copy() -> None:
    """The caller's array is copied: changing it later changes nothing."""
    given = np.array([[1.0, 2.0], [0.5, 1.0]])
    j = Judgment(node_id="B1", matrix=given, path=None, line=1)
    given[0, 1] = 9.0
    assert j.matrix[0, 1] == 2.0
    assert not j.matrix.flags.writeable


def test_a_judgment_with_a_missing_field_is_an_input_error() -> None:
    """pydantic's own refusals of a record built directly are InputErrors too."""
    with pytest.raises(InputErrors, match="Judgment: missing field 'line'"):
        Judgment(node_id="B1", matrix=np.ones((2, 2)), path=None)  # type: ignore[call-arg]


@pytest.mark.parametrize(
    ("judgments", "message"),
    [
        (
            {"A": [[1, 3], [1 / 3, 1]], "B1": [[1, 1], [1, 1]], "Z": [[1, 1], [1, 1]]},
            "judgments.Z: judgments given for unknown node 'Z'",
        ),
        (
            {"A": [[1, 3], [1 / 3, 1]], "B1": [[1, 1], [1, 1]], "C1": [[1, 1], [1, 1]]},
            "judgments.C1: judgments given for 'C1', which has no children",
        ),
        (
            {"A": [[1, 3], [1 / 3, 1]]},
            "judgments: no judgment matrix for 'B1' (2 children: C1, C2)",
        ),
        (
            {"A": [[1, 3, 1], [1 / 3, 1, 1], [1, 1, 1]], "B1": [[1, 1], [1, 1]]},
            "judgments.A: matrix has 3 rows, expected 2 (one per child: B1, B2)",
        ),
        (
            {"A": [[1, 30], [1 / 30, 1]], "B1": [[1, 1], [1, 1]]},
            (
                "judgments.A[0][1]: B1/B2 = 30 is outside the scale 1/9..9 "
                "(settings.scale_max allows more)"
            ),
        ),
    ],
)
def test_an_evaluation_built_directly_is_checked_as_a_file(
    judgments: dict[str, list[list[float]]], message: str
) -> None:
    """Evaluation(goal=..., judgments=...) makes the reader's cross-checks, each error at
    its place in the structure and with no invented file or line."""
    with pytest.raises(InputErrors) as caught:
        Evaluation(goal=_tree(), judgments={k: _judgment(k, v) for k, v in judgments.items()})
    assert errors_of(caught.value) == [message]


def test_an_evaluation_built_directly_solves_as_its_file() -> None:
    """A valid evaluation built directly gives the weights and level consistency of the
    same evaluation read from data (levels placed, one-child parents filled in)."""
    built = Evaluation(goal=_tree(), judgments={k: _judgment(k, v) for k, v in GOOD.items()})
    data = {
        "goal": {"id": "A", "name": "目标"},
        "criteria": [
            {
                "id": "B1",
                "name": "甲",
                "indicators": [{"id": "C1", "name": "指标1"}, {"id": "C2", "name": "指标2"}],
            },
            {"id": "B2", "name": "乙", "indicators": [{"id": "C3", "name": "指标3"}]},
        ],
        "judgments": {"A": {"upper": [3]}, "B1": {"upper": [1]}},
    }
    read = solve(parse_evaluation(data))
    direct = solve(built)
    assert [(n.id, n.level) for n in built.goal.walk()] == [
        (n.id, n.level) for n in read.evaluation.goal.walk()
    ]
    assert direct.global_weights == pytest.approx(read.global_weights)
    assert [lv.level for lv in direct.levels] == [lv.level for lv in read.levels]


@settings(max_examples=40, deadline=None)
@given(
    st.lists(st.integers(1, 9), min_size=2, max_size=6),
    st.floats(1.5, 3),
)
def test_a_consistent_matrix_passes_and_a_broken_mirror_fails(
    weights_: list[int], factor: float
) -> None:
    """A matrix w_i / w_j of Saaty-scale weights always builds; multiplying one entry off
    the diagonal by 1.5 or more without its mirror is refused as not reciprocal (beyond
    both the 1% rule and the rounded-reciprocal rule of typed decimals)."""
    w = np.array(weights_, dtype=np.float64)
    a = w[:, None] / w[None, :]
    assert _judgment("X", a.tolist()).n == len(w)
    broken = a.copy()
    broken[0, 1] *= factor
    with pytest.raises(InputErrors, match="not reciprocal"):
        _judgment("X", broken.tolist())


def test_init_into_a_file_names_the_path_without_a_line(tmp_path: Path) -> None:
    """A folder has no line: init_folder's errors say `path: message`."""
    from ahp_eval.io.library import init_folder, list_templates

    target = tmp_path / "x.txt"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        init_folder(list_templates()[0].key, target)
    assert str(caught.value) == f"{target}: exists and is not a folder; name a new or empty folder"

"""The library as an analyst uses it: Python data and DataFrames in, DataFrames out."""

from __future__ import annotations

import io
import json
import math
from fractions import Fraction
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from evaluations import three_indicators
from hypothesis import given, settings
from hypothesis import strategies as st
from surveys import NO_LABEL, evaluation

import ahp_eval
from ahp_eval.errors import AhpEvalError, InputError, InputErrors
from ahp_eval.io.survey_file import read_responses

M3: list[list[float]] = [[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5, 1]]


def _base() -> dict[str, Any]:
    return {
        "goal": {"id": "G", "name": "目标"},
        "criteria": [
            {"id": "A", "name": "甲"},
            {"id": "B", "name": "乙"},
            {"id": "C", "name": "丙"},
        ],
    }


def _weights(judgment: Any) -> list[float]:
    ev = ahp_eval.parse_evaluation({**_base(), "judgments": {"G": judgment}})
    return list(ahp_eval.solve(ev).global_weights.values())


@pytest.mark.parametrize(
    "judgment",
    [
        M3,
        tuple(tuple(row) for row in M3),
        np.array(M3),
        {"upper": np.array([2, 3, 2])},
        {"upper": [np.int64(2), np.int64(3), np.int64(2)]},
        {"upper": [Fraction(2), Fraction(3), Fraction(2)]},
        {"upper": (2.0, np.float32(3.0), "2")},
        pd.DataFrame(M3),
        pd.DataFrame(M3, index=list("ABC"), columns=list("ABC")),
        pd.DataFrame(M3, index=list("ABC"), columns=list("ABC")).loc[list("CAB"), list("BCA")],
    ],
    ids=lambda j: type(j).__name__,
)
def test_python_values_an_analyst_has(judgment: Any) -> None:
    """Lists, tuples, numpy arrays and scalars, Fractions and DataFrames (by label or by
    position) give the weights of the same matrix written in a file."""
    expected = _weights(M3)
    assert _weights(judgment) == pytest.approx(expected, abs=1e-15)


def test_a_dataframe_with_other_labels_is_refused() -> None:
    """A labelled DataFrame must be labelled with the children's ids; it says which."""
    frame = pd.DataFrame(M3, index=list("ABX"), columns=list("ABC"))
    with pytest.raises(InputErrors) as caught:
        ahp_eval.parse_evaluation({**_base(), "judgments": {"G": frame}})
    assert str(caught.value) == (
        "judgments.G: a DataFrame's row and column labels must be the ids A, B, C "
        "(rows are A, B, X; columns are A, B, C)"
    )


@pytest.mark.parametrize(
    ("judgments", "message"),
    [
        (
            {"G": {"upper": [2, 3, 20]}},
            (
                "judgments.G.upper[2]: G: B/C = 20 is outside the scale 1/9..9 "
                "(settings.scale_max allows more)"
            ),
        ),
        ({"G": [[1, 2, 3], [0.5, 1, 2], [1 / 3, 0.5, 2]]}, "judgments.G[2][2]: G: diagonal entry"),
        ({"X": {"upper": [2, 3, 2]}}, "judgments.X: judgments given for unknown node 'X'"),
    ],
)
def test_errors_in_python_data_name_the_place(judgments: dict[str, Any], message: str) -> None:
    """An error in Python data names its place in the structure, never an invented line."""
    with pytest.raises(InputErrors) as caught:
        ahp_eval.parse_evaluation({**_base(), "judgments": judgments})
    lines = str(caught.value).splitlines()
    assert any(line.startswith(message) for line in lines), lines
    assert not any(line.startswith(("line ", "<input>")) for line in lines)


def test_every_entry_point_is_exported() -> None:
    """What an analyst needs is importable from ahp_eval itself."""
    for name in (
        "load_evaluation",
        "load_template",
        "list_templates",
        "read_responses",
        "responses_from_frame",
        "parse_evaluation",
        "solve",
        "score",
    ):
        assert callable(getattr(ahp_eval, name)), name
        assert name in ahp_eval.__all__


def _frame(rows: int, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    frame = pd.DataFrame(rng.integers(1, 6, size=(rows, 3)), columns=["C11", "C12", "C21"])
    frame.insert(0, "site", rng.choice(["东区", "西区", "北区"], size=rows))
    return frame


def test_a_dataframe_and_the_same_csv_score_identically(tmp_path: Path) -> None:
    """A DataFrame, a CSV file, a text stream and a bytes stream of it give one result."""
    ev = evaluation()
    weights = ahp_eval.solve(ev)
    frame = _frame(500)
    frame.iloc[7, 2] = np.nan
    path = tmp_path / "r.csv"
    frame.to_csv(path, index=False)
    text = path.read_text(encoding="utf-8")
    sources: list[Any] = [
        frame,
        path,
        io.StringIO(text),
        io.BytesIO(text.encode("gb18030")),
    ]
    results = [
        ahp_eval.score(weights, read_responses(s, ev, group="site")).to_dict() for s in sources
    ]
    for other in results[1:]:
        for a, b in zip(results[0]["groups"], other["groups"], strict=True):
            assert a["group"] == b["group"]
            assert a["composite"] == pytest.approx(b["composite"], abs=1e-12)


def test_an_xlsx_workbook_in_a_bytes_stream(tmp_path: Path) -> None:
    """A workbook in memory (as an upload or an API gives it) reads like the file."""
    ev = evaluation()
    frame = _frame(50)
    path = tmp_path / "r.xlsx"
    frame.to_excel(path, index=False)
    from_file = read_responses(path, ev, group="site")
    from_stream = read_responses(io.BytesIO(path.read_bytes()), ev, group="site")
    assert [g.name for g in from_file.groups] == [g.name for g in from_stream.groups]
    for a, b in zip(from_file.groups, from_stream.groups, strict=True):
        np.testing.assert_array_equal(a.perception, b.perception)


def test_bad_cells_in_a_dataframe_are_named_by_row_label_and_column() -> None:
    """Every bad cell at once: the row by the frame's index label, the column by name."""
    ev = evaluation()
    frame = _frame(30).astype(object)
    frame.index = frame.index + 100
    frame.loc[117, "C12"] = 7
    frame.loc[120, "C21"] = "x"
    frame.loc[121, "site"] = None
    with pytest.raises(InputErrors) as caught:
        read_responses(frame, ev, group="site")
    assert [str(e) for e in caught.value.errors] == [
        "frame: row 117: column 'C12' (C12): '7' is outside the scale 1..5",
        "frame: row 120: column 'C21' (C21): 'x' is not a number" + NO_LABEL,
        "frame: row 121: empty group cell in column 'site'",
    ]
    dropped = read_responses(frame, ev, group="site", drop_invalid=True)
    assert len(dropped.dropped) == 3


def test_a_missing_column_in_a_dataframe() -> None:
    """A frame without an indicator's column says so, as for a file's header."""
    with pytest.raises(InputErrors) as caught:
        read_responses(_frame(5).drop(columns=["C12"]), evaluation(), group="site")
    assert str(caught.value).startswith("frame: columns: no column for C12")


@settings(max_examples=40, deadline=None)
@given(
    rows=st.lists(
        st.tuples(
            st.sampled_from(["东区", " 西区 ", "北区", "A"]),
            *[
                st.one_of(
                    st.none(),
                    st.integers(1, 5),
                    st.sampled_from([1.0, 2.5, 5.0]),
                    st.sampled_from(["非常满意", "满意", " 一般 ", "(跳过)"]),  # answer labels
                )
            ]
            * 3,
        ),
        min_size=6,
        max_size=40,
    )
)
def test_frames_and_csv_agree(rows: list[tuple[Any, ...]]) -> None:
    """Generated frames (missing cells, answer labels and missing-answer markers, group
    labels with spaces, several groups) and the same answers as CSV text: the same groups
    and composites to 1e-12, or the same errors."""
    ev = evaluation()
    frame = pd.DataFrame(rows, columns=["site", "C11", "C12", "C21"])
    csv_text = frame.to_csv(index=False)
    outcomes: list[dict[str, float] | str] = []
    for source in (frame, io.StringIO(csv_text)):
        try:
            result = ahp_eval.score(ahp_eval.solve(ev), read_responses(source, ev, group="site"))
            outcomes.append({g.group: g.composite for g in result.groups})
        except AhpEvalError as exc:
            outcomes.append(type(exc).__name__)
    if isinstance(outcomes[0], dict) and isinstance(outcomes[1], dict):
        assert outcomes[0].keys() == outcomes[1].keys()
        for key, value in outcomes[0].items():
            assert value == pytest.approx(outcomes[1][key], abs=1e-12)
    else:
        assert outcomes[0] == outcomes[1]


def test_results_as_frames() -> None:
    """Weights, matrices, ranking and scores as DataFrames with ids as their keys."""
    ev = ahp_eval.load_template("power-supply-service").evaluation
    weights = ahp_eval.solve(ev)
    ranking = weights.to_frame()
    assert list(ranking.index) == [r.node.id for r in weights.ranking]
    assert ranking["global_weight"].sum() == pytest.approx(1.0, abs=1e-12)
    assert list(ranking["rank"]) == list(range(1, len(ranking) + 1))
    matrices = weights.to_frame("matrices")
    assert list(matrices.index) == [m.node.id for m in weights.matrices]
    assert matrices.loc["A", "cr"] == weights.matrix("A").cr
    nodes = weights.to_frame("weights")
    leaves = nodes[nodes["is_leaf"]]
    assert leaves["global_weight"].sum() == pytest.approx(1.0, abs=1e-12)
    leaf_ids = [leaf.id for leaf in ev.leaves()]
    frame = pd.DataFrame(np.random.default_rng(3).integers(1, 6, size=(300, len(leaf_ids))))
    frame.columns = leaf_ids
    frame["hall"] = ["一厅", "二厅", "三厅"] * 100
    result = ahp_eval.score(weights, read_responses(frame, ev, group="hall"))
    groups = result.to_frame()
    assert list(groups.index) == [g.group for g in result.ranking]
    assert (
        groups.loc["一厅", "composite"]
        == next(g for g in result.groups if g.group == "一厅").composite
    )
    indicators = result.to_frame("indicators")
    assert len(indicators) == 3 * len(leaf_ids)
    assert set(indicators["id"]) == set(leaf_ids)
    criteria = result.to_frame("criteria")
    assert len(criteria) == 3 * len(weights.matrix("A").weights)
    with pytest.raises(InputError, match="unknown table 'x'"):
        result.to_frame("x")  # type: ignore[arg-type]


def test_reprs_are_short() -> None:
    """A result's repr says what it is in one line, not its whole tree."""
    ev = ahp_eval.load_template("academic-platform").evaluation
    result = ahp_eval.solve(ev)
    for obj in (result, result.ranking[0], result.matrices[0], ev.goal, ev):
        text = repr(obj)
        assert "\n" not in text
        assert len(text) < 200, text


def test_indicator_scores_carry_their_id() -> None:
    """IndicatorScore.to_dict() names its indicator (JSON from to_dict is valid JSON)."""
    ev = evaluation()
    result = ahp_eval.score(ahp_eval.solve(ev), read_responses(_frame(20), ev, group="site"))
    group = result.groups[0].to_dict()
    for key, indicator in group["indicators"].items():
        assert indicator["id"] == key
    json.dumps(result.to_dict(), allow_nan=False)
    assert not math.isnan(result.groups[0].composite)


def test_three_indicators_helper_is_python_data() -> None:
    """The shared test evaluation is plain Python data, read without lines."""
    data = three_indicators()
    assert ahp_eval.parse_evaluation(data).goal.id

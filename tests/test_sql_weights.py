"""``score --statistics`` with entropy and combined weights and the reliability section,
and ``reliability --statistics``: the query's result (DuckDB, SQLite) reports what the
same commands report on the CSV export, to 1e-9."""

from __future__ import annotations

import csv
import json
from pathlib import Path
from typing import Any

import numpy as np
import pytest
import yaml
from test_sql import (
    EVALUATION,
    HEADER,
    TABLE,
    _by_group,
    _close,
    _duckdb,
    _query,
    _rows,
    _score_json,
    _scores,
    _setup,
    _sqlite,
    _write_csv,
    _write_result,
)
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.sql_query import statistics_query
from ahp_eval.model.evaluation import parse_evaluation
from ahp_eval.survey.stat_columns import FORMAT, FORMAT_WITHOUT_ENTROPY, stat_columns

runner = CliRunner()

SCORE_RUNS = (
    ["--weights", "entropy"],
    ["--weights", "combined"],
    ["--weights", "linear:0.3", "--fuzzy"],
    ["--reliability"],
    ["--weights", "entropy", "--reliability"],
    ["--weights", "combined", "--compare", "all"],
)
"""score's options compared between the export and the statistics."""

RELIABILITY_INPUT_KEYS = {"responses", "dropped_cells"}
"""Keys of reliability's JSON that describe the input file."""


def _reliability_json(*args: str) -> dict[str, Any]:
    got = runner.invoke(app, ["reliability", *args, "-f", "json"])
    assert got.exit_code == 0, got.output
    data: dict[str, Any] = json.loads(got.stdout)
    return {k: v for k, v in data.items() if k not in RELIABILITY_INPUT_KEYS}


def _sqlite_result(tmp_path: Path, ev: Path, columns: Path, suffix: str = ".csv") -> Path:
    names, rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, _rows())
    result = tmp_path / f"stats{suffix}"
    _write_result(result, names, rows)
    return result


def _compare(ev: Path, survey: Path, result: Path) -> None:
    """Every score run and the reliability report agree between export and statistics."""
    for extra in SCORE_RUNS:
        direct = _score_json(str(ev), str(survey), *extra)
        from_stats = _score_json(str(ev), "--statistics", str(result), *extra)
        _close(_by_group(_scores(from_stats)), _by_group(_scores(direct)))
        assert direct.get("entropy_weights") or "--weights" not in extra
        assert direct.get("reliability") or "--reliability" not in extra
    for extra in ([], ["--split", "odd-even", "--factors", "2"]):
        direct = _reliability_json(str(ev), str(survey), *extra)
        from_stats = _reliability_json(str(ev), "--statistics", str(result), *extra)
        _close(_by_group(from_stats), _by_group(direct))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_duckdb_weights_and_reliability_reproduce_score(tmp_path: Path, suffix: str) -> None:
    """DuckDB's statistics give score's entropy, combined and linear weights, composite
    and reliability section, and reliability's report, as the export does (grouped)."""
    ev, survey, columns = _setup(tmp_path)
    result = tmp_path / f"stats{suffix}"
    _duckdb(_query(ev, columns, "duckdb"), survey, result)
    _compare(ev, survey, result)


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_sqlite_weights_and_reliability_reproduce_score(tmp_path: Path, suffix: str) -> None:
    """SQLite's statistics give the same reports as the export (grouped)."""
    ev, survey, columns = _setup(tmp_path)
    _compare(ev, survey, _sqlite_result(tmp_path, ev, columns, suffix))


def test_pooled_statistics_reproduce_score(tmp_path: Path) -> None:
    """Without a group column (one row of statistics) the reports agree as well."""
    ev, survey, columns = _setup(tmp_path)
    ev.write_text(EVALUATION.replace("  group: 营业厅\n", ""), encoding="utf-8")
    _compare(ev, survey, _sqlite_result(tmp_path, ev, columns))


def test_entropy_sums_are_sums_of_x_ln_x() -> None:
    """xlogx_i is the sum over respondents of x ln x, x the indicator's questions
    averaged (reverse-coded); 0 ln 0 = 0 on a scale from 0."""
    text = EVALUATION.replace("{min: 1, max: 5}", "{min: 0, max: 4}")
    evaluation = parse_evaluation(yaml.safe_load(text))
    header = ["营业厅", "Q1", "Q2", "Q3 \"引号\" 'x'", "Q4", "Q5"]
    rows = [["甲", "1", "0", "0", "4", ""], ["甲", "3", "", "2", "0", "1"]]
    names, got = _sqlite(statistics_query(evaluation, TABLE, dialect="sqlite"), header, rows)
    # C11 = mean(Q1, 4 - Q2): (1 + 4) / 2 = 2.5, then 3; C12 = 0, 2; C21 = 4, 0; C22 = 1
    expected = [2.5 * np.log(2.5) + 3 * np.log(3), 2 * np.log(2), 4 * np.log(4), 0.0]
    row = dict(zip(names, got[0], strict=True))
    np.testing.assert_allclose([row[f"xlogx_{i}"] for i in range(1, 5)], expected, rtol=1e-12)
    assert row["layout"].startswith(FORMAT + ":")


def _old_layout(tmp_path: Path, ev: Path, columns: Path) -> Path:
    """The statistics as ``ahp-eval sql --no-entropy`` (and every earlier version) makes them."""
    args = ["sql", str(ev), "--table", TABLE, "--columns", str(columns), "--dialect", "sqlite"]
    got = runner.invoke(app, [*args, "--no-entropy"])
    assert got.exit_code == 0, got.output
    assert "LN(" not in got.stdout
    names, rows = _sqlite(got.stdout, HEADER, _rows())
    assert not any(n.startswith("xlogx_") for n in names)
    result = tmp_path / "old.csv"
    _write_result(result, names, rows)
    return result


def test_statistics_without_entropy_sums(tmp_path: Path) -> None:
    """Statistics without the entropy sums (format 1) still score, with the reliability
    section; --weights entropy on them is an error saying how to make them again."""
    ev, survey, columns = _setup(tmp_path)
    result = _old_layout(tmp_path, ev, columns)
    with result.open(encoding="utf-8") as fh:
        assert next(csv.DictReader(fh))["layout"].startswith(FORMAT_WITHOUT_ENTROPY + ":")
    for extra in ([], ["--reliability", "--fuzzy"], ["--weights", "ahp"]):
        direct = _score_json(str(ev), str(survey), *extra)
        from_stats = _score_json(str(ev), "--statistics", str(result), *extra)
        _close(_by_group(_scores(from_stats)), _by_group(_scores(direct)))
    for weights in ("entropy", "combined", "linear:0.5"):
        got = runner.invoke(
            app, ["score", str(ev), "--statistics", str(result), "--weights", weights]
        )
        assert got.exit_code == 2
        assert got.stderr == (
            f"{result}: these statistics have no entropy sums (columns xlogx_1, ...; made by "
            "ahp-eval sql --no-entropy or by an earlier ahp-eval); make them again with "
            "ahp-eval sql (without --no-entropy) to use --weights entropy, combined or linear\n"
        )


def test_old_layout_with_entropy_columns_is_refused(tmp_path: Path) -> None:
    """A table whose layout says format 1 but which has xlogx columns names them unknown;
    a format-2 layout without them names them missing."""
    ev, _, columns = _setup(tmp_path)
    result = _sqlite_result(tmp_path, ev, columns)
    text = result.read_text(encoding="utf-8")
    result.write_text(text.replace(FORMAT + ":", FORMAT_WITHOUT_ENTROPY + ":"), "utf-8")
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(result)])
    assert got.exit_code == 2
    assert got.stderr == (
        f"{result}: unknown column 'xlogx_1', 'xlogx_2', 'xlogx_3', 'xlogx_4' in the "
        "statistics; make the statistics again with ahp-eval sql for this evaluation\n"
    )
    old = _old_layout(tmp_path, ev, columns)
    text = old.read_text(encoding="utf-8")
    old.write_text(text.replace(FORMAT_WITHOUT_ENTROPY + ":", FORMAT + ":"), "utf-8")
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(old)])
    assert got.exit_code == 2
    assert got.stderr == (
        f"{old}: no column xlogx_1, xlogx_2, xlogx_3, xlogx_4 in the statistics; make the "
        "statistics again with ahp-eval sql for this evaluation\n"
    )


def test_fingerprint_differs_only_in_format() -> None:
    """With and without the entropy sums the layouts share the fingerprint, not the format."""
    evaluation = parse_evaluation(yaml.safe_load(EVALUATION))
    new, old = stat_columns(evaluation), stat_columns(evaluation, entropy=False)
    assert new.fingerprint.split(":")[1] == old.fingerprint.split(":")[1]
    assert new.fingerprint.startswith(FORMAT + ":")
    assert old.fingerprint.startswith(FORMAT_WITHOUT_ENTROPY + ":")
    assert set(new.numbers()) - set(old.numbers()) == {f"xlogx_{i}" for i in range(1, 5)}


def test_leaf_with_one_value_refused_for_entropy(tmp_path: Path) -> None:
    """An indicator answered by one respondent only (pooled: each group needs an answer
    anyway): --weights entropy exits 2 with score's message, from the export and from
    the statistics alike."""
    ev, survey, columns = _setup(tmp_path)
    ev.write_text(EVALUATION.replace("  group: 营业厅\n", ""), encoding="utf-8")
    rows = _rows()
    for r, row in enumerate(rows):
        if r:
            row[5] = ""  # Q5 (C22) answered in the first row only
    _write_csv(survey, HEADER, rows)
    names, result_rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, rows)
    result = tmp_path / "stats.csv"
    _write_result(result, names, result_rows)
    message = "ahp-eval: entropy weights: C22 has 1 answer(s); it needs at least 2\n"
    for source in ([str(survey)], ["--statistics", str(result)]):
        got = runner.invoke(app, ["score", str(ev), *source, "--weights", "entropy"])
        assert got.exit_code == 2, got.output
        assert got.stderr.endswith(message), got.stderr


def test_reliability_statistics_refusals(tmp_path: Path) -> None:
    """reliability --statistics refuses RESPONSES, --group, --missing pairwise and
    --items questions, all at once; with neither answers nor statistics it says so."""
    ev, survey, _ = _setup(tmp_path)
    got = runner.invoke(
        app,
        ["reliability", str(ev), str(survey), "--statistics", "s.csv", "--group", "营业厅",
         "--missing", "pairwise", "--items", "questions"],
    )  # fmt: skip
    assert got.exit_code == 2
    assert got.stderr == (
        "ahp-eval: RESPONSES: cannot be used with --statistics: give the survey export or "
        "--statistics, not both\n"
        "ahp-eval: --group: cannot be used with --statistics: the groups come from the "
        "statistics (ahp-eval sql --group COLUMN)\n"
        "ahp-eval: --items: cannot be used with --statistics: the statistics hold the "
        "indicators' sums, not the questions'; run reliability on the export\n"
        "ahp-eval: --missing: cannot be used with --statistics: pairwise correlations need "
        "each pair's sums of squares over the respondents who answered both, not in the "
        "statistics; run reliability on the export\n"
    )
    got = runner.invoke(app, ["reliability", str(ev)])
    assert got.exit_code == 2
    assert got.stderr == (
        "ahp-eval: RESPONSES: give the survey export, or --statistics with the result of "
        "the query of ahp-eval sql\n"
    )


def test_satisfaction_rate_on_a_0_100_scale(tmp_path: Path) -> None:
    """The satisfaction rate (survey.satisfied_min on a 0-100 scale, averaged answers
    at their nearest value) and the entropy weights are the export's from the statistics."""
    text = EVALUATION.replace("{min: 1, max: 5}", "{min: 0, max: 100}\n  satisfied_min: 80")
    ev = tmp_path / "ev.yaml"
    ev.write_text(text, encoding="utf-8")
    header = ["营业厅", "Q1", "Q2", "Q3 \"引号\" 'x'", "Q4", "Q5"]
    rng = np.random.default_rng(7)
    rows = [
        [["甲", "乙"][r % 2], *[str(v) for v in rng.integers(0, 101, size=5)]] for r in range(60)
    ]
    survey = tmp_path / "survey.csv"
    _write_csv(survey, header, rows)
    evaluation = parse_evaluation(yaml.safe_load(text))
    names, result_rows = _sqlite(
        statistics_query(evaluation, TABLE, dialect="sqlite"), header, rows
    )
    result = tmp_path / "stats.csv"
    _write_result(result, names, result_rows)
    for extra in ([], ["--weights", "entropy", "--reliability"]):
        direct = _score_json(str(ev), str(survey), *extra)
        from_stats = _score_json(str(ev), "--statistics", str(result), *extra)
        _close(_by_group(_scores(from_stats)), _by_group(_scores(direct)))
    rates = [i["satisfaction_rate"] for g in direct["groups"] for i in g["indicators"].values()]
    assert all(isinstance(r, float) for r in rates)
    assert 0 < min(rates) < max(rates) < 1

"""``ahp-eval sql`` and ``score --statistics``: the query run in DuckDB, SQLite and
Spark reproduces ``score`` on the same survey."""

from __future__ import annotations

import csv
import io
import json
import math
import re
import shutil
import sqlite3
from pathlib import Path
from typing import Any, cast

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from ahp_eval.cli import app
from ahp_eval.io.sql_query import quote_identifier, statistics_query, string_literal
from ahp_eval.model.evaluation import parse_evaluation

runner = CliRunner()

EVALUATION = """\
goal: {id: A, name: 目标}
criteria:
  - {id: B1, name: 甲, indicators: [{id: C11, name: 一}, {id: C12, name: 二}]}
  - {id: B2, name: 乙, indicators: [{id: C21, name: 三}, {id: C22, name: 四}]}
judgments: {A: {upper: [3]}, B1: {upper: [2]}, B2: {upper: [1]}}
survey:
  scale: {min: 1, max: 5}
  group: 营业厅
  questions:
    - {column: Q1, indicator: C11}
    - {column: Q2, indicator: C11, reverse: true}
    - {column: "Q3 \\"引号\\" 'x'", indicator: C12}
    - {column: Q4, indicator: C21}
    - {column: Q5, indicator: C22}
"""

HEADER = ["营业厅", "Q1. 服务", "Q2", "Q3 \"引号\" 'x'", "Q4", "Q5"]

INPUT_KEYS = {
    "source",
    "responses",
    "encoding",
    "dropped",
    "dropped_cells",
    "columns_used",
    "ignored_columns",
    "answer_labels",
}
"""Keys of score's JSON that describe the input file rather than the scores."""

TABLE = '答卷 "表"'
"""A table name with a space, a quote and Chinese."""


def _rows() -> list[list[str]]:
    rows = []
    sites = ["城东", "城西", 'O\'Brien "站"']
    for r in range(40):
        site = sites[r % 3]
        cells = [str(1 + (r * 7 + c * 3) % 5) for c in range(5)]
        if r % 6 == 1:
            cells[1] = ""  # a missing answer
        if r % 9 == 2:
            cells[3] = "(跳过)"  # a missing-answer marker
        if r % 11 == 4:
            cells[4] = "满意"  # a built-in label
        rows.append([site, *cells])
    return rows


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(header)
        writer.writerows(rows)


def _write_result(path: Path, names: list[str], rows: list[tuple[Any, ...]]) -> None:
    """A query's result as a database client exports it: CSV, or JSON lines."""
    if path.suffix == ".json":
        path.write_text(
            "".join(json.dumps(dict(zip(names, row, strict=True))) + "\n" for row in rows),
            encoding="utf-8",
        )
        return
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.writer(fh)
        writer.writerow(names)
        writer.writerows(["" if v is None else v for v in row] for row in rows)


def _sqlite(query: str, header: list[str], rows: list[list[str]]) -> tuple[list[str], list[Any]]:
    con = sqlite3.connect(":memory:")
    table = quote_identifier(TABLE, "sqlite")
    cols = ", ".join(quote_identifier(h, "sqlite") + " TEXT" for h in header)
    con.execute(f"CREATE TABLE {table} ({cols})")
    con.executemany(f"INSERT INTO {table} VALUES ({', '.join('?' * len(header))})", rows)  # noqa: S608
    cur = con.execute(query)
    return [d[0] for d in cur.description], cur.fetchall()


def _duckdb(query: str, survey: Path, result: Path) -> None:
    duckdb = pytest.importorskip("duckdb")
    con = duckdb.connect()
    table = quote_identifier(TABLE, "duckdb")
    con.execute(
        f"CREATE TABLE {table} AS SELECT * FROM "  # noqa: S608
        f"read_csv({string_literal(str(survey), 'duckdb')}, all_varchar = true, header = true)"
    )
    fmt = "(FORMAT JSON)" if result.suffix == ".json" else "(HEADER)"
    con.execute(f"COPY ({query}) TO {string_literal(str(result), 'duckdb')} {fmt}")


def _score_json(*args: str) -> dict[str, Any]:
    got = runner.invoke(app, ["score", *args, "-f", "json"])
    assert got.exit_code == 0, got.output
    data: dict[str, Any] = json.loads(got.stdout)
    return data


def _scores(data: dict[str, Any]) -> dict[str, Any]:
    """The report without the keys describing the input file, groups by name."""
    out = {k: v for k, v in data.items() if k not in INPUT_KEYS}
    if "groups" in out:
        out["groups"] = sorted(out["groups"], key=lambda g: g["group"])
    return out


def _by_group(data: dict[str, Any]) -> dict[str, Any]:
    """The report with its groups (and its reliability section's) in name order: the
    statistics list groups in the database's order, the export in order of appearance."""
    out = dict(data)
    if isinstance(out.get("groups"), list):
        out["groups"] = sorted(out["groups"], key=lambda g: g["group"])
    if isinstance(out.get("reliability"), dict):
        out["reliability"] = _by_group(out["reliability"])
    return out


LEVEL_NAME = re.compile(r"\.fuzzy\.(labels\[\d+\]|max_membership)$")
"""A fuzzy level's name: the statistics do not say which answer texts the export used,
so a level read from them keeps its number (``4``) where the export names it by the
built-in wording it used (``4 满意``); the numbers must agree."""


def _close(a: Any, b: Any, path: str = "") -> None:
    """Equal to 1e-9 (numbers), exactly otherwise; the first difference is named."""
    if isinstance(a, str) and isinstance(b, str) and LEVEL_NAME.search(path):
        assert a.split(" ", 1)[0] == b.split(" ", 1)[0], (path, a, b)
    elif isinstance(a, float | int) and isinstance(b, float | int) and not isinstance(a, bool):
        assert math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9), (path, a, b)
    elif isinstance(a, dict) and isinstance(b, dict):
        assert set(a) == set(b), (path, set(a) ^ set(b))
        for key in a:
            _close(a[key], b[key], f"{path}.{key}")
    elif isinstance(a, list) and isinstance(b, list):
        assert len(a) == len(b), path
        for i, (x, y) in enumerate(zip(a, b, strict=True)):
            _close(x, y, f"{path}[{i}]")
    else:
        assert a == b, (path, a, b)


def _setup(tmp_path: Path) -> tuple[Path, Path, Path]:
    ev = tmp_path / "ev.yaml"
    ev.write_text(EVALUATION, encoding="utf-8")
    survey = tmp_path / "survey.csv"
    _write_csv(survey, HEADER, _rows())
    columns = tmp_path / "header.csv"
    line = io.StringIO()
    csv.writer(line).writerow(HEADER)
    columns.write_text(line.getvalue(), encoding="utf-8")
    return ev, survey, columns


def _query(ev: Path, columns: Path, dialect: str, table: str = TABLE) -> str:
    got = runner.invoke(
        app,
        ["sql", str(ev), "--table", table, "--columns", str(columns), "--dialect", dialect],
    )
    assert got.exit_code == 0, got.output
    return got.stdout


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_duckdb_statistics_reproduce_score(tmp_path: Path, suffix: str) -> None:
    """The DuckDB query's result (CSV or JSON export) scores as the CSV does, to 1e-9."""
    ev, survey, columns = _setup(tmp_path)
    result = tmp_path / f"stats{suffix}"
    _duckdb(_query(ev, columns, "duckdb"), survey, result)
    for extra in ([], ["--fuzzy"]):
        direct = _score_json(str(ev), str(survey), *extra)
        from_stats = _score_json(str(ev), "--statistics", str(result), *extra)
        _close(_scores(from_stats), _scores(direct))


@pytest.mark.parametrize("suffix", [".csv", ".json"])
def test_sqlite_statistics_reproduce_score(tmp_path: Path, suffix: str) -> None:
    """The SQLite query's result scores as the CSV does, to 1e-9."""
    ev, survey, columns = _setup(tmp_path)
    names, rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, _rows())
    result = tmp_path / f"stats{suffix}"
    _write_result(result, names, rows)
    direct = _score_json(str(ev), str(survey), "--fuzzy")
    _close(_scores(_score_json(str(ev), "--statistics", str(result), "--fuzzy")), _scores(direct))


def test_bad_answers_named_or_dropped(tmp_path: Path) -> None:
    """Bad answers counted by the query: exit 2 naming the column and count; with
    --drop-invalid the count is listed and the scores are those of the file's."""
    ev, survey, columns = _setup(tmp_path)
    rows = _rows()
    rows[0][2] = "七"
    rows[3][2] = "9"
    _write_csv(survey, HEADER, rows)
    names, result_rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, rows)
    result = tmp_path / "stats.csv"
    _write_result(result, names, result_rows)
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(result)])
    assert got.exit_code == 2
    assert got.stderr == (
        f"{result}: column 'Q2' (C11): 2 bad answers (not a number, or outside the scale "
        "1..5); correct them in the table, or give --drop-invalid to leave them out\n"
    )
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(result), "--drop-invalid"])
    assert got.exit_code == 0
    assert f"{result}: dropped 2 bad answers in column 'Q2' (C11)\n" in got.stderr
    direct = _score_json(str(ev), str(survey), "--drop-invalid")
    from_stats = _score_json(str(ev), "--statistics", str(result), "--drop-invalid")
    _close(_scores(from_stats), _scores(direct))


def test_options_needing_rows_are_refused(tmp_path: Path) -> None:
    """--bootstrap, --group and a second answer source are refused with --statistics."""
    ev, survey, _ = _setup(tmp_path)
    got = runner.invoke(
        app,
        ["score", str(ev), str(survey), "--statistics", "s.csv", "--bootstrap", "200"],
    )
    assert got.exit_code == 2
    assert got.stderr == (
        "ahp-eval: RESPONSES: cannot be used with --statistics: give the survey export or "
        "--statistics, not both\n"
        "ahp-eval: --bootstrap: cannot be used with --statistics: the bootstrap resamples "
        "single rows; the statistics have none\n"
    )


def test_statistics_of_another_evaluation_refused(tmp_path: Path) -> None:
    """A statistics table made for another mapping is refused, naming the layouts."""
    ev, _, columns = _setup(tmp_path)
    names, rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, _rows())
    result = tmp_path / "stats.csv"
    _write_result(result, names, rows)
    ev.write_text(EVALUATION.replace("reverse: true", "reverse: false"), encoding="utf-8")
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(result)])
    assert got.exit_code == 2
    assert "the statistics were made for another evaluation or survey mapping" in got.stderr
    assert got.stderr.startswith(f"{result}:2: ")


def test_unknown_dialect_and_missing_column(tmp_path: Path) -> None:
    """An unknown dialect is an option error; a column not among --columns is named."""
    ev, _, columns = _setup(tmp_path)
    got = runner.invoke(app, ["sql", str(ev), "--table", "t", "--dialect", "postgres"])
    assert got.exit_code == 2
    assert got.stderr == (
        "ahp-eval: --dialect: unknown value 'postgres'; choose duckdb, sqlite, spark\n"
    )
    columns.write_text("营业厅,Q1,Q2\n", encoding="utf-8")
    got = runner.invoke(app, ["sql", str(ev), "--table", "t", "--columns", str(columns)])
    assert got.exit_code == 2
    assert "ahp-eval: --columns: column 'Q4' (for C21) is not among the columns\n" in got.stderr


@pytest.mark.parametrize("dialect", ["duckdb", "sqlite", "spark"])
def test_quoting_round_trips(dialect: str) -> None:
    """Identifiers and texts with quotes, backslashes and Chinese come back as written."""
    name = "a\"b`c'd\\e 营业厅"
    if dialect == "sqlite":
        con = sqlite3.connect(":memory:")
        got = con.execute(
            f"SELECT {string_literal(name, dialect)} AS {quote_identifier(name, dialect)}"
        )
        assert got.description[0][0] == name
        assert got.fetchone() == (name,)
    elif dialect == "duckdb":
        duckdb = pytest.importorskip("duckdb")
        rel = duckdb.sql(
            f"SELECT {string_literal(name, dialect)} AS {quote_identifier(name, dialect)}"
        )
        assert rel.columns == [name]
        assert rel.fetchall() == [(name,)]
    else:
        assert quote_identifier(name, dialect) == "`a\"b``c'd\\e 营业厅`"
        assert string_literal(name, dialect) == "'a\"b`c\\'d\\\\e 营业厅'"


answers = st.one_of(
    st.sampled_from(["1", "2", "3", "4", "5", "", "(跳过)", "满意", " 3 ", "x", "9", "2.5"]),
)


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    data=st.lists(
        st.tuples(st.sampled_from(["甲", "乙"]), *[answers] * 5), min_size=4, max_size=30
    ),
    reverse=st.booleans(),
)
def test_property_sqlite_matches_reader(
    tmp_path: Path, data: list[tuple[str, ...]], reverse: bool
) -> None:
    """Over generated surveys (missing cells, markers, labels, bad answers, reverse
    coding), the SQLite query's statistics score as the file does with --drop-invalid,
    or both refuse it."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.errors import InputError, InputErrors
    from ahp_eval.io.statistics_file import read_statistics
    from ahp_eval.io.survey_file import read_responses
    from ahp_eval.survey.scoring import score

    text = EVALUATION if reverse else EVALUATION.replace("reverse: true", "reverse: false")
    evaluation = parse_evaluation_text(text)
    header = ["营业厅", "Q1", "Q2", "Q3 \"引号\" 'x'", "Q4", "Q5"]
    rows = [list(r) for r in data]
    survey = tmp_path / "p.csv"
    _write_csv(survey, header, rows)
    names, result_rows = _sqlite(
        statistics_query(evaluation, TABLE, dialect="sqlite"), header, rows
    )
    result = tmp_path / "p-stats.csv"
    _write_result(result, names, result_rows)
    weights = solve(evaluation)
    try:
        direct = score(weights, read_responses(survey, evaluation, drop_invalid=True), fuzzy=True)
    except (InputError, InputErrors):
        with pytest.raises((InputError, InputErrors)):
            read_statistics(result, evaluation, drop_invalid=True)
        return
    stats = read_statistics(result, evaluation, drop_invalid=True)
    from_stats = score(weights, stats.responses, fuzzy=True)
    a, b = cast("Any", direct.groups).table, cast("Any", from_stats.groups).table
    order = [list(b.names).index(name) for name in a.names]
    for field in ("composite", "interval", "criteria", "means", "alpha", "sd", "satisfaction"):
        x, y = getattr(a, field), getattr(b, field)
        if x is None or y is None:
            assert x is None, field
            assert y is None, field
            continue
        np.testing.assert_allclose(y[order], x, rtol=1e-9, atol=1e-9, err_msg=field)
    assert a.fuzzy is not None
    assert b.fuzzy is not None
    np.testing.assert_allclose(b.fuzzy.goal[order], a.fuzzy.goal, rtol=1e-9, atol=1e-12)


def parse_evaluation_text(text: str) -> Any:
    """An evaluation from YAML text."""
    import yaml

    return parse_evaluation(yaml.safe_load(text))


def test_spark_statistics_reproduce_score(tmp_path: Path) -> None:
    """The Spark SQL query (local mode) scores as the CSV does, to 1e-9, also with
    combined weights and the reliability section."""
    if shutil.which("java") is None:
        pytest.skip("Spark needs Java, and no java is on PATH")
    pyspark_sql = pytest.importorskip("pyspark.sql", reason="pyspark is not installed")
    ev, survey, columns = _setup(tmp_path)
    spark = (
        pyspark_sql.SparkSession.builder.master("local[1]")
        .config("spark.ui.enabled", "false")
        .getOrCreate()
    )
    try:
        frame = spark.createDataFrame(_rows(), schema=[f"c{i}" for i in range(len(HEADER))])
        frame.toDF(*HEADER).createOrReplaceTempView("answers")  # views take plain names
        result = spark.sql(_query(ev, columns, "spark", "answers"))
        names = result.columns
        rows = [tuple(r) for r in result.collect()]
    finally:
        spark.stop()
    path = tmp_path / "stats.json"
    _write_result(path, names, rows)
    for extra in (["--fuzzy"], ["--weights", "combined", "--reliability"]):
        direct = _score_json(str(ev), str(survey), *extra)
        from_stats = _score_json(str(ev), "--statistics", str(path), *extra)
        _close(_by_group(_scores(from_stats)), _by_group(_scores(direct)))


def _ones(n: int) -> str:
    """The upper triangle of an n x n matrix of equal judgments."""
    return ", ".join(["1"] * (n * (n - 1) // 2))


def _wide_evaluation(criteria: int, per: int) -> str:
    """An evaluation of ``criteria`` criteria of ``per`` indicators each, all judged equal."""
    ones = _ones
    lines = ["goal: {id: A, name: 目标}", "criteria:"]
    judged = [f"A: {{upper: [{ones(criteria)}]}}"]
    for c in range(criteria):
        leaves = ", ".join(f"{{id: C{c}_{i}, name: 指标{c}{i}}}" for i in range(per))
        lines.append(f"  - {{id: B{c}, name: 准则{c}, indicators: [{leaves}]}}")
        judged.append(f"B{c}: {{upper: [{ones(per)}]}}")
    lines.append("judgments: {" + ", ".join(judged) + "}")
    return "\n".join(lines) + "\n"


def test_sqlite_column_limit_refused_up_front(tmp_path: Path) -> None:
    """A query wider than SQLite's 2,000 columns exits 2 naming the width and the way
    out; DuckDB takes it; 24 indicators still fit and run in SQLite."""
    ev = tmp_path / "wide.yaml"
    ev.write_text(_wide_evaluation(4, 7), encoding="utf-8")
    args = ["sql", str(ev), "--table", "t", "--group", "site"]
    got = runner.invoke(app, [*args, "--dialect", "sqlite"])
    assert got.exit_code == 2
    assert got.stdout == ""
    assert got.stderr == (
        "ahp-eval: --dialect: the query needs 2,375 columns for 28 indicators, more than "
        "SQLite allows (2,000 by default); use --dialect duckdb or spark, or split the "
        "evaluation into parts with fewer indicators\n"
    )
    assert runner.invoke(app, [*args, "--dialect", "duckdb"]).exit_code == 0
    ev.write_text(_wide_evaluation(3, 8), encoding="utf-8")
    got = runner.invoke(app, [*args, "--dialect", "sqlite"])
    assert got.exit_code == 0, got.output
    leaves = [f"C{c}_{i}" for c in range(3) for i in range(8)]
    names, rows = _sqlite(
        got.stdout.replace('FROM "t"', f"FROM {quote_identifier(TABLE, 'sqlite')}"),
        ["site", *leaves],
        [["城东", *["3"] * 24], ["城西", *["4"] * 24]],
    )
    assert len(names) == 1808
    assert len(rows) == 2


@pytest.mark.parametrize("table", ["answers", "Cells", "main.items", "ahp_flagged.flagged"])
def test_table_named_as_a_step(tmp_path: Path, table: str) -> None:
    """A table named as one of the query's steps is read, not hidden by the step
    (SQLite called it a circular reference); the statistics are the same."""
    ev, _, columns = _setup(tmp_path)
    con = sqlite3.connect(":memory:")
    schema, _, name = table.rpartition(".")
    if schema and schema != "main":
        con.execute(f"ATTACH ':memory:' AS {quote_identifier(schema, 'sqlite')}")
    quoted = ".".join(quote_identifier(p, "sqlite") for p in table.split("."))
    cols = ", ".join(quote_identifier(h, "sqlite") + " TEXT" for h in HEADER)
    con.execute(f"CREATE TABLE {quoted} ({cols})")
    con.executemany(f"INSERT INTO {quoted} VALUES ({', '.join('?' * len(HEADER))})", _rows())  # noqa: S608
    got = con.execute(_query(ev, columns, "sqlite", table)).fetchall()
    assert got == _sqlite(_query(ev, columns, "sqlite"), HEADER, _rows())[1]
    assert name.lower() not in {"cells", "answers", "items", "flagged"} or (
        "WITH ahp_" in _query(ev, columns, "duckdb", table)
    )


def test_columns_file_with_a_huge_name(tmp_path: Path) -> None:
    """A header line holding a name over the CSV field limit is an input error, not a crash."""
    ev, _, columns = _setup(tmp_path)
    columns.write_text("营业厅," + "x" * 200_000 + "\n", encoding="utf-8")
    got = runner.invoke(app, ["sql", str(ev), "--table", "t", "--columns", str(columns)])
    assert got.exit_code == 2
    assert got.stderr == (
        f"{columns}:1: the header line cannot be read: field larger than field limit "
        "(131072); give one column name a line\n"
    )


@pytest.mark.parametrize(
    ("table", "dialect", "message"),
    [
        (
            "x.y.z",
            "sqlite",
            "'x.y.z' has 3 dot-separated parts; sqlite names a table as TABLE or SCHEMA.TABLE",
        ),
        (
            "a.b.c.d",
            "duckdb",
            (
                "'a.b.c.d' has 4 dot-separated parts; duckdb names a table as TABLE, "
                "SCHEMA.TABLE or CATALOG.SCHEMA.TABLE"
            ),
        ),
        ("a..b", "spark", "'a..b' has an empty part between its dots"),
        ("t.", "duckdb", "'t.' has an empty part between its dots"),
    ],
)
def test_a_table_name_the_dialect_cannot_hold_is_refused(
    tmp_path: Path, table: str, dialect: str, message: str
) -> None:
    """More dot-separated parts than the dialect's table names have, or an empty part:
    exit 2 naming --table, never a query the database refuses."""
    ev, _, columns = _setup(tmp_path)
    got = runner.invoke(
        app,
        ["sql", str(ev), "--table", table, "--columns", str(columns), "--dialect", dialect],
    )
    assert got.exit_code == 2
    assert got.stderr == f"ahp-eval: --table: {message}\n"


def test_duckdb_runs_a_query_on_catalog_schema_table(tmp_path: Path) -> None:
    """A three-part name (catalog.schema.table) is quoted part by part and runs in DuckDB."""
    duckdb = pytest.importorskip("duckdb")
    ev, survey, columns = _setup(tmp_path)
    query = _query(ev, columns, "duckdb", table=f"memory.main.{TABLE}")
    con = duckdb.connect()
    con.execute(
        f"CREATE TABLE {quote_identifier(TABLE, 'duckdb')} AS SELECT * FROM "  # noqa: S608
        f"read_csv({string_literal(str(survey), 'duckdb')}, all_varchar = true, header = true)"
    )
    rows = con.execute(query).fetchall()
    assert len(rows) == len({r[0] for r in _rows()})


def test_an_empty_statistics_sheet_is_named(tmp_path: Path) -> None:
    """An empty sheet of a statistics workbook is an error naming the sheet."""
    from openpyxl import Workbook

    ev, _, _ = _setup(tmp_path)
    book = Workbook()
    book.create_sheet("空")
    path = tmp_path / "stats.xlsx"
    book.save(path)
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(path), "--sheet", "空"])
    assert got.exit_code == 2
    assert got.stderr == f"{path}:1: sheet '空': the file is empty\n"


def test_sums_no_answers_could_give_are_refused(tmp_path: Path) -> None:
    """A sum outside what its count of answers on the scale allows (a damaged table, or
    a number typed over), or a count above the row's respondents, is an error at its
    row naming the column and the range, never an overflow or a NaN in the report."""
    ev, _, columns = _setup(tmp_path)
    names, rows = _sqlite(_query(ev, columns, "sqlite"), HEADER, _rows())
    first = dict(zip(names, rows[0], strict=True))
    count = first["count_1_1"]
    assert count > 0
    changed = [list(row) for row in rows]
    changed[0][names.index("sum_1_1")] = -1e308
    changed[0][names.index("product_1_2")] = 1e300
    changed[0][names.index("count_1_2")] = first["n"] + 1
    result = tmp_path / "stats.csv"
    _write_result(result, names, [tuple(row) for row in changed])
    got = runner.invoke(app, ["score", str(ev), "--statistics", str(result), "--compare", "all"])
    assert got.exit_code == 2, got.output
    lines = got.stderr.splitlines()
    assert f"{result}:2: column count_1_2: {first['n'] + 1:g} is more than the row's " in (
        got.stderr
    )
    assert any(
        line.startswith(f"{result}:2: column sum_1_1: -1e+308 is outside what {count:g} answers ")
        for line in lines
    ), lines
    assert any("column product_1_2: 1e+300 is outside" in line for line in lines), lines
    # the query's own result, untouched, reads
    _write_result(result, names, rows)
    assert runner.invoke(app, ["score", str(ev), "--statistics", str(result)]).exit_code == 0

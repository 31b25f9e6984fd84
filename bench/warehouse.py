"""The statistics query on bench/score.py's 1,000,000-row export, in DuckDB and in Spark
local mode, next to `ahp-eval score` reading the CSV itself (docs/scale.md).

Each engine loads the CSV once (not timed as the query); the query's time is from its
start to its result collected. Needs `duckdb` (test extra) and, for Spark, `pyspark`
(the `spark` extra) and Java; an engine that is missing is skipped with the reason.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from score import write_data


def query(evaluation: Path, dialect: str) -> str:
    out = subprocess.run(
        [
            sys.executable,
            "-m",
            "ahp_eval",
            "sql",
            str(evaluation),
            "--table",
            "answers",
            "--group",
            "site",
            "--dialect",
            dialect,
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout


def duckdb_seconds(csv: Path, sql: str, rounds: int) -> list[float]:
    import duckdb

    con = duckdb.connect()
    con.execute("SET threads = 2")
    load = f"CREATE TABLE answers AS SELECT * FROM read_csv('{csv}', all_varchar = true)"  # noqa: S608
    con.execute(load)
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        con.execute(sql).fetchall()
        times.append(time.perf_counter() - start)
    return times


def spark_seconds(csv: Path, sql: str, rounds: int) -> list[float]:
    from pyspark.sql import SparkSession

    spark = (
        SparkSession.builder.master("local[2]")
        .config("spark.ui.enabled", "false")
        .config("spark.driver.memory", "2g")
        .getOrCreate()
    )
    try:
        frame = spark.read.option("header", value=True).csv(str(csv))  # every column as text
        frame.cache().count()
        frame.createOrReplaceTempView("answers")
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            spark.sql(sql).collect()
            times.append(time.perf_counter() - start)
        return times
    finally:
        spark.stop()


def score_seconds(evaluation: Path, csv: Path, rounds: int) -> list[float]:
    times = []
    for _ in range(rounds):
        start = time.perf_counter()
        subprocess.run(
            [
                sys.executable,
                "-m",
                "ahp_eval",
                "score",
                str(evaluation),
                str(csv),
                "--group",
                "site",
                "-f",
                "json",
            ],
            capture_output=True,
            check=True,
        )
        times.append(time.perf_counter() - start)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        evaluation, csv = write_data(Path(tmp), args.rows)
        print(f"{args.rows:,} rows, {csv.stat().st_size / 1e6:.1f} MB, rounds: {args.rounds}")
        shown = ", ".join(f"{t:.1f}" for t in score_seconds(evaluation, csv, args.rounds))
        print(f"ahp-eval score on the CSV: {shown} s")
        try:
            times = duckdb_seconds(csv, query(evaluation, "duckdb"), args.rounds)
            print(f"DuckDB query (threads=2): {', '.join(f'{t:.1f}' for t in times)} s")
        except ImportError:
            print("DuckDB: skipped (pip install duckdb)")
        if shutil.which("java") is None:
            print("Spark: skipped (no java on PATH)")
            return
        try:
            times = spark_seconds(csv, query(evaluation, "spark"), args.rounds)
            print(f"Spark local[2] query: {', '.join(f'{t:.1f}' for t in times)} s")
        except ImportError:
            print("Spark: skipped (pip install '.[spark]')")


if __name__ == "__main__":
    main()

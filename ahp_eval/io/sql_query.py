"""The SQL query that computes a survey table's statistics inside a database.

:func:`statistics_query` writes one query in a portable subset of SQL (common table
expressions, CASE, SUM, COUNT, GROUP BY) whose result has the columns of
:mod:`ahp_eval.survey.stat_columns`, with the survey mapping done in SQL: each answer
cell read as a number or an answer label, missing-answer markers and empty cells as
no answer, answers outside the scale and texts that are neither counted per column
(and left out), reverse coding, and the questions of one indicator averaged. Every
identifier is quoted and every text is a literal escaped for the dialect.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from ahp_eval.errors import InputError, InputErrors, OptionError
from ahp_eval.io._encoding import decode_whole
from ahp_eval.io.survey_source import match_column
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.labels import AnswerLabels
from ahp_eval.survey.stat_columns import (
    GROUP,
    GROUP_COLUMN,
    LAYOUT,
    StatColumns,
    stat_columns,
)

__all__ = [
    "DIALECTS",
    "SQLITE_MAX_COLUMNS",
    "quote_identifier",
    "read_columns",
    "statistics_query",
    "string_literal",
]

DIALECTS = ("duckdb", "sqlite", "spark")
"""The dialects whose queries the tests run."""

SQLITE_MAX_COLUMNS = 2000
"""SQLite's default limit on the columns of a result."""

_TEXT = {"duckdb": "VARCHAR", "sqlite": "TEXT", "spark": "STRING"}


def quote_identifier(name: str, dialect: str) -> str:
    """``name`` as a quoted identifier (any text; the quote character doubled)."""
    if "\x00" in name:
        msg = f"a name cannot hold the NUL character: {name!r}"
        raise InputError(msg)
    if dialect == "spark":
        return "`" + name.replace("`", "``") + "`"
    return '"' + name.replace('"', '""') + '"'


def string_literal(text: str, dialect: str) -> str:
    """``text`` as a string literal of ``dialect``."""
    if "\x00" in text:
        msg = f"a text cannot hold the NUL character: {text!r}"
        raise InputError(msg)
    if dialect == "spark":  # backslash escapes are on in Spark SQL's literals
        return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'"
    return "'" + text.replace("'", "''") + "'"


def _real(x: float, dialect: str) -> str:
    """A floating-point constant (a plain ``5.0`` is a DECIMAL in DuckDB and Spark)."""
    text = repr(float(x))
    return text if dialect == "sqlite" else f"CAST({text} AS DOUBLE)"


TABLE_PARTS = {"duckdb": 3, "sqlite": 2, "spark": 3}
"""How many dot-separated parts each dialect's table names may have: catalog, schema
(database) and table, or in SQLite schema and table."""

_TABLE_FORMS = {2: "TABLE or SCHEMA.TABLE", 3: "TABLE, SCHEMA.TABLE or CATALOG.SCHEMA.TABLE"}


def _table(name: str, dialect: str) -> str:
    """A table name, each dot-separated part quoted (``schema.table``); a name of more
    parts than the dialect has, or with an empty part, is refused."""
    parts = name.split(".")
    most = TABLE_PARTS[dialect]
    if len(parts) > most:
        msg = (
            f"{name!r} has {len(parts)} dot-separated parts; {dialect} names a table as "
            f"{_TABLE_FORMS[most]}"
        )
        raise OptionError("--table", msg)
    if not all(part.strip() for part in parts):
        raise OptionError("--table", f"{name!r} has an empty part between its dots")
    return ".".join(quote_identifier(part, dialect) for part in parts)


def read_columns(path: Path, encoding: str | None = None) -> list[str]:
    """A table's column names: its header line (CSV), or one name a line."""
    name = str(path)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name, line=1) from None
    text, _ = decode_whole(raw, name, encoding)
    lines = [line for line in text.splitlines() if line.strip()]
    if not lines:
        raise InputError("no column names (give the header line, or one name a line)", path=name)
    if len(lines) == 1:
        delimiter = max((",", "\t", ";"), key=lines[0].count)
        try:
            row = next(csv.reader(io.StringIO(lines[0]), delimiter=delimiter))
        except csv.Error as exc:  # a name longer than the csv module's field limit
            msg = f"the header line cannot be read: {exc}; give one column name a line"
            raise InputError(msg, path=name, line=1) from None
        return [c.strip() for c in row]
    return [line.strip() for line in lines]


def _resolve(reference: str, header: Sequence[str] | None, what: str) -> str | InputError:
    if header is None:
        return reference
    hits = match_column(header, reference)
    if len(hits) == 1:
        return header[hits[0]]
    if hits:
        shown = ", ".join(repr(header[i]) for i in hits)
        return OptionError("--columns", f"column {reference!r} ({what}) matches {shown}")
    return OptionError("--columns", f"column {reference!r} ({what}) is not among the columns")


def _number(t: str, dialect: str) -> str:
    """The number a trimmed text holds, else NULL."""
    if dialect == "sqlite":  # optional sign, digits, at most one point
        pattern = (
            f"{t} GLOB '*[0-9]*' AND {t} NOT GLOB '*[^0-9.+-]*' "
            f"AND {t} NOT GLOB '?*[+-]*' AND {t} NOT GLOB '*.*.*'"
        )
        return f"(CASE WHEN {pattern} THEN CAST({t} AS REAL) END)"
    return f"TRY_CAST({t} AS DOUBLE)"


def _answer(t: str, lo: float, hi: float, labels: AnswerLabels, dialect: str) -> tuple[str, str]:
    """The answer a cell's text ``t`` gives (NULL: none or bad) and whether it is missing."""
    key = f"LOWER(REPLACE({t}, ' ', ''))"
    markers = sorted(labels.missing)
    missing = f"{t} IS NULL OR {t} = ''"
    if markers:
        listed = ", ".join(string_literal(m, dialect) for m in markers)
        missing += f" OR {t} IN ({listed}) OR {key} IN ({listed})"
    number = _number(t, dialect)
    low, high = _real(lo, dialect), _real(hi, dialect)
    # as score reads a cell: a number on the scale, else a marker, else a label
    on_scale = f"{number} >= {low} AND {number} <= {high}"
    value = (
        f"CASE WHEN {on_scale} THEN {number} WHEN {missing} THEN NULL "
        f"WHEN {number} IS NOT NULL THEN NULL"
    )
    if labels.labels:
        whens = " ".join(
            f"WHEN {string_literal(k, dialect)} THEN {_real(v, dialect)}"
            for k, v in sorted(labels.labels.items())
        )
        value += f" ELSE (CASE {key} {whens} END)"
    value += " END"
    return value, f"CASE WHEN {on_scale} THEN 0 WHEN {missing} THEN 1 ELSE 0 END"


def _present(x: str) -> str:
    return f"{x} IS NOT NULL"


def statistics_query(
    evaluation: Evaluation,
    table: str,
    *,
    dialect: str,
    group: str | None = None,
    header: Sequence[str] | None = None,
    entropy: bool = True,
) -> str:
    """The query computing ``evaluation``'s statistics of ``table`` (one row per group
    of column ``group``, or one row); ``header`` (the table's columns) resolves column
    references by ``score``'s matching rule, else they are used as written.
    ``entropy=False`` leaves out the entropy sums (``ln``, which some SQLite builds lack)."""
    columns = stat_columns(evaluation, entropy=entropy)
    survey = evaluation.survey
    lo, hi = survey.scale.min, survey.scale.max
    labels = AnswerLabels.of_survey(survey.labels, survey.missing, lo, hi)
    errors: list[InputError] = []
    names: list[str] = []
    for s in columns.sources:
        found = _resolve(s.column, header, f"for {columns.leaf_ids[s.leaf]}")
        if isinstance(found, InputError):
            errors.append(found)
        else:
            names.append(found)
    group_name = group or survey.group
    group_ref = None
    if group_name is not None:
        found = _resolve(group_name, header, "the group column")
        if isinstance(found, InputError):
            errors.append(found)
        else:
            group_ref = found
    if errors:
        raise InputErrors(errors)
    q = quote_identifier
    text = _TEXT[dialect]

    # 1. each cell as trimmed text
    cells = [f"TRIM(CAST({q(c, dialect)} AS {text})) AS t{i}" for i, c in enumerate(names)]
    if group_ref is not None:
        cells.insert(0, f"TRIM(CAST({q(group_ref, dialect)} AS {text})) AS grp")
    # 2. each cell as an answer (reverse-coded), and whether it was missing
    answers = ["grp"] if group_ref is not None else []
    for i, s in enumerate(columns.sources):
        value, missing = _answer(f"t{i}", lo, hi, labels, dialect)
        if s.reverse:
            value = f"{_real(lo + hi, dialect)} - ({value})"
        answers += [f"{value} AS a{i}", f"{missing} AS m{i}"]
    # 3. each indicator: its questions averaged; bad cells flagged
    items = ["grp"] if group_ref is not None else []
    for role, prefix in ((False, "x"), (True, "e")):
        for leaf in range(columns.k):
            fed = [
                i for i, s in enumerate(columns.sources) if s.leaf == leaf and s.expectation == role
            ]
            if not fed:
                if role and columns.expectation:
                    items.append(
                        f"CAST(NULL AS {'REAL' if dialect == 'sqlite' else 'DOUBLE'}) AS e{leaf}"
                    )
                continue
            if len(fed) == 1:
                items.append(f"a{fed[0]} AS {prefix}{leaf}")
                continue
            total = " + ".join(f"COALESCE(a{i}, {_real(0, dialect)})" for i in fed)
            count = " + ".join(f"CASE WHEN a{i} IS NOT NULL THEN 1 ELSE 0 END" for i in fed)
            items.append(f"({total}) / NULLIF({count}, 0) AS {prefix}{leaf}")
    items += [
        f"CASE WHEN m{i} = 0 AND a{i} IS NULL THEN 1 ELSE 0 END AS b{i}"
        for i in range(len(columns.sources))
    ]
    # 4. whether each item group is complete
    flags = ["*"]
    for a, cols in enumerate(columns.plan.alpha_groups.values()):
        every = " AND ".join(_present(f"x{i}") for i in cols)
        flags.append(f"CASE WHEN {every} THEN 1 ELSE 0 END AS ok{a}")
    # 5. the statistics
    select = _aggregates(columns, lo, dialect)
    head = [f"{string_literal(columns.fingerprint, dialect)} AS {q(LAYOUT, dialect)}"]
    if group_ref is not None:
        head = [
            f"grp AS {q(GROUP, dialect)}",
            f"{string_literal(group_ref, dialect)} AS {q(GROUP_COLUMN, dialect)}",
            *head,
        ]
    body = [*head, *select]
    if dialect == "sqlite":
        widest = max(len(body), len(cells), len(answers), len(flags) - 1 + len(items))
        _check_sqlite_width(widest, columns.k)

    def block(lines: list[str]) -> str:
        return ",\n    ".join(lines)

    step_cells, step_answers, step_items, step_flagged = _steps(table)
    query = (
        f"WITH {step_cells} AS (\n  SELECT\n    {block(cells)}\n"
        f"  FROM {_table(table, dialect)}\n),\n"
        f"{step_answers} AS (\n  SELECT\n    {block(answers)}\n  FROM {step_cells}\n),\n"
        f"{step_items} AS (\n  SELECT\n    {block(items)}\n  FROM {step_answers}\n),\n"
        f"{step_flagged} AS (\n  SELECT\n    {block(flags)}\n  FROM {step_items}\n)\n"
        f"SELECT\n  {block(body)}\nFROM {step_flagged}"
    )
    if group_ref is not None:
        query += "\nGROUP BY grp\nORDER BY grp"
    return query + "\n"


STEPS = ("cells", "answers", "items", "flagged")
"""The query's steps (common table expressions), renamed when the table has one's name."""


def _steps(table: str) -> tuple[str, ...]:
    """The steps' names, none of them a part of the table's name (a step of the same
    name would hide the table: SQLite calls it a circular reference)."""
    parts = {"".join(ch.lower() if ch.isascii() else ch for ch in p) for p in table.split(".")}
    prefix = ""
    while any(prefix + step in parts for step in STEPS):
        prefix += "ahp_"
    return tuple(prefix + step for step in STEPS)


def _check_sqlite_width(columns: int, indicators: int) -> None:
    """Refuse a query SQLite would refuse: more columns than its default limit."""
    if columns > SQLITE_MAX_COLUMNS:
        msg = (
            f"the query needs {columns:,} columns for {indicators} indicators, more than "
            f"SQLite allows ({SQLITE_MAX_COLUMNS:,} by default); use --dialect duckdb or "
            "spark, or split the evaluation into parts with fewer indicators"
        )
        raise OptionError("--dialect", msg)


def _aggregates(columns: StatColumns, lo: float, dialect: str) -> list[str]:
    """The SELECT list of the statistics, named as :meth:`StatColumns.numbers`."""
    zero = _real(0, dialect)
    out = ["COUNT(*)"]
    for i, j in columns.pairs():
        both = _present(f"x{i}") if i == j else f"{_present(f'x{i}')} AND {_present(f'x{j}')}"
        out.append(f"SUM(CASE WHEN {both} THEN 1 ELSE 0 END)")
    for i in range(columns.k):
        for j in range(columns.k):
            if i == j:
                out.append(f"COALESCE(SUM(x{i}), {zero})")
            else:
                out.append(f"COALESCE(SUM(CASE WHEN {_present(f'x{j}')} THEN x{i} END), {zero})")
    out += [f"COALESCE(SUM(x{i} * x{j}), {zero})" for i, j in columns.pairs()]
    for a, cols in enumerate(columns.plan.alpha_groups.values()):
        out.append(f"SUM(ok{a})")
        out += [f"COALESCE(SUM(CASE WHEN ok{a} = 1 THEN x{i} END), {zero})" for i in cols]
        out += [
            f"COALESCE(SUM(CASE WHEN ok{a} = 1 THEN x{cols[i]} * x{cols[j]} END), {zero})"
            for i in range(len(cols))
            for j in range(i, len(cols))
        ]
    if columns.plan.values is not None:
        for i in range(columns.k):
            for c in range(len(columns.plan.values)):
                low, high = _real(lo + c - 0.5, dialect), _real(lo + c + 0.5, dialect)
                out.append(f"SUM(CASE WHEN x{i} >= {low} AND x{i} < {high} THEN 1 ELSE 0 END)")
    if columns.expectation:
        out += [f"SUM(CASE WHEN {_present(f'e{i}')} THEN 1 ELSE 0 END)" for i in range(columns.k)]
        out += [f"COALESCE(SUM(e{i}), {zero})" for i in range(columns.k)]
    if columns.entropy:  # sum of x ln x over the answers, 0 ln 0 = 0 (as moments.x_log_x)
        out += [
            f"COALESCE(SUM(CASE WHEN x{i} > {zero} THEN x{i} * LN(x{i}) END), {zero})"
            for i in range(columns.k)
        ]
    out += [f"SUM(b{i})" for i in range(len(columns.sources))]
    names = columns.numbers()
    assert len(names) == len(out)
    return [
        f"{expr} AS {quote_identifier(name, dialect)}"
        for expr, name in zip(out, names, strict=True)
    ]

"""Reading a panel: a survey export of pairwise judgments, or several judgments files.

The export is opened through the survey front door (:mod:`ahp_eval.io.survey_source`:
the file's kind, its encoding, delimiter and sheet, header matching, rows located at
their physical CSV line or sheet row); only the decoding of a cell into a judgment
(:func:`ahp_eval.model.panel.decode_cell`) is the panel's own.

Columns: ``panel.pairs`` when the file gives it; otherwise every header naming a pair
``a/b`` (or ``LEAF:a/b`` for alternatives under LEAF; ``a_b`` when neither id holds an
underscore; ``b/a`` is read inverted). The judge column is ``panel.judge`` (default: a
``respondent`` column, else the row number), the weight column ``panel.weight``
(default: a ``weight`` column, else equal weights; a weight column left wholly empty
means equal weights). The row after the header is skipped when every pair cell in it
is text that is not a judgment (the template's row of names).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.ahp.panel import Panel, locate_pair, matrix_keys
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.survey_source import (
    MAX_REPORTED,
    Ticker,
    cell_text,
    check_path,
    match_column,
    open_table,
)
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation
from ahp_eval.model.panel import PanelPair, PanelSpec, decode_cell
from ahp_eval.model.values import parse_number

__all__ = [
    "JUDGE_COLUMN",
    "WEIGHT_COLUMN",
    "load_judges",
    "panel_path",
    "read_panel",
]

JUDGE_COLUMN = "respondent"
WEIGHT_COLUMN = "weight"


class _Column(NamedTuple):
    field: int
    header: str
    key: str
    i: int
    j: int
    pair: str
    """The pair as the messages name it: ``a/b`` or ``LEAF:a/b``."""


def panel_path(evaluation: Evaluation, given: Path | None) -> Path | None:
    """The export to read: ``--panel`` when given, else the file's ``panel.file``
    (relative to the evaluation file)."""
    if given is not None:
        return given
    spec = evaluation.panel
    if spec is None or spec.file is None:
        return None
    base = Path(evaluation.path).parent if evaluation.path else Path()
    return base / spec.file


def _auto_columns(evaluation: Evaluation, header: Sequence[str]) -> list[_Column]:
    """Every header naming a pair of one matrix (either way round)."""
    keys = matrix_keys(evaluation)
    parents = {n.id for n in evaluation.parents()}
    out: list[_Column] = []
    taken: set[int] = set()
    for key, ids in keys.items():
        prefix = "" if key in parents else f"{key}:"
        for i in range(len(ids)):
            for j in range(i + 1, len(ids)):
                a, b = ids[i], ids[j]
                names = [(f"{a}/{b}", False), (f"{b}/{a}", True)]
                if "_" not in a and "_" not in b:
                    names += [(f"{a}_{b}", False), (f"{b}_{a}", True)]
                for name, flipped in names:
                    for field in match_column(header, prefix + name):
                        if field in taken:
                            continue
                        taken.add(field)
                        x, y = (j, i) if flipped else (i, j)
                        out.append(
                            _Column(field, header[field], key, x, y, f"{prefix}{ids[x]}/{ids[y]}")
                        )
    return sorted(out)


def _declared_columns(
    evaluation: Evaluation, header: Sequence[str], pairs: Sequence[PanelPair], err: Any
) -> list[_Column]:
    out: list[_Column] = []
    errors: list[InputError] = []
    for k, p in enumerate(pairs):
        a, b = p.pair
        shown = f"{p.under}:{a}/{b}" if p.under else f"{a}/{b}"
        found = locate_pair(evaluation, p.under, a, b)
        if isinstance(found, str):
            errors.append(err(f"panel.pairs[{k}] ({shown}): {found}"))
            continue
        hits = match_column(header, p.column)
        if not hits:
            errors.append(err(f"column {p.column!r} (pair {shown}) is not in the header"))
        elif len(hits) > 1:
            which = ", ".join(f"{header[h]!r} (column {h + 1})" for h in hits)
            errors.append(err(f"column {p.column!r} (pair {shown}) matches {which}"))
        else:
            key, i, j = found
            out.append(_Column(hits[0], header[hits[0]], key, i, j, shown))
    if errors:
        raise InputErrors(errors)
    return out


def _one_column(header: Sequence[str], name: str | None, default: str, err: Any) -> int | None:
    if name is None:
        hits = match_column(header, default)
        return hits[0] if len(hits) == 1 else None
    hits = match_column(header, name)
    if not hits:
        raise err(f"no column {name!r}; headers: {', '.join(header)}")
    if len(hits) > 1:
        raise err(f"column {name!r} matches several headers; give the whole header")
    return hits[0]


class _Decoder:
    """Cells decoded once per distinct value."""

    def __init__(self, spec: PanelSpec, scale_max: float) -> None:
        self.spec = spec
        self.scale_max = scale_max
        self.cache: dict[Any, float | str] = {}
        self.text = False
        """Every cell is text (a CSV file)."""

    def column(self, values: list[Any]) -> np.ndarray[Any, Any]:
        """A column's judgments (NaN where empty); an object array holding the reason
        where a cell is bad."""
        if self.text:  # a CSV column: text keys are enough
            table = {v: self(v) for v in set(values)}
            if not any(isinstance(a, str) for a in table.values()):
                return np.fromiter(map(table.__getitem__, values), np.float64, len(values))
            out = list(map(table.__getitem__, values))
        else:
            out = [self(v) for v in values]
        if any(isinstance(a, str) for a in out):
            return np.array(out, dtype=object)
        return np.array(out, dtype=np.float64)

    def __call__(self, value: Any) -> float | str:
        """The judgment, NaN for an empty cell, or the reason the cell is bad."""
        key = (type(value), value)
        found = self.cache.get(key)
        if found is None:
            found = self.cache[key] = self._decode(value)
        return found

    def _decode(self, value: Any) -> float | str:
        if value is None or (isinstance(value, str) and not value.strip()):
            return math.nan
        try:
            a = decode_cell(value, self.spec.coding, self.spec.favours)
        except InputError as exc:
            return exc.message
        top = self.scale_max
        if self.spec.coding == "ratio" and not (1 / top - 0.005 <= a <= top * (1 + 1e-9)):
            return f"is outside the scale 1/{top:g}..{top:g}"
        return a


def _names_row(cells: Sequence[Any], columns: Sequence[_Column], decode: _Decoder) -> bool:
    """The template's second header row: every pair cell is text, none a judgment."""
    for c in columns:
        value = cells[c.field] if c.field < len(cells) else None
        if not cell_text(value).strip() or not isinstance(decode(value), str):
            return False
    return True


def read_panel(
    evaluation: Evaluation,
    path: Path,
    *,
    spec: PanelSpec | None = None,
    sheet: str | None = None,
    encoding: str | None = None,
    drop_invalid: bool = False,
) -> Panel:
    """The panel in a CSV or XLSX export, read as ``spec`` (default: the evaluation's
    ``panel:`` section, else ratio coding with columns found by name).

    Raises :class:`InputErrors` naming every bad cell at its line
    (``column 'x' (pair a/b): 'value': what is wrong``); with ``drop_invalid`` a judge
    with a bad cell is left out of that matrix instead (a bad weight: of every matrix).
    """
    spec = spec or evaluation.panel or PanelSpec.checked()
    name = str(path)
    kind = check_path(path, name)
    table = open_table(path, name, kind, sheet=sheet, encoding=encoding, ticker=Ticker(None, 0))
    where = f"sheet {table.sheet!r}: " if kind == "xlsx" and table.sheet is not None else ""
    records = list(table.records)
    if not records:
        raise InputError(where + "the file is empty; it needs a header row", path=name, line=1)
    head = records[0]
    header = tuple(cell_text(c).strip() for c in head.cells)

    def err(message: str) -> InputError:
        return InputError(where + message, path=name, line=head.line)

    if spec.pairs is not None:
        columns = _declared_columns(evaluation, header, spec.pairs, err)
    else:
        columns = _auto_columns(evaluation, header)
    if not columns:
        raise err(
            "no column names a pair: name them a/b by the two ids (LEAF:a/b for "
            "alternatives), or map them in the file's panel.pairs"
        )
    judge_at = _one_column(header, spec.judge, JUDGE_COLUMN, err)
    weight_at = _one_column(header, spec.weight, WEIGHT_COLUMN, err)
    decode = _Decoder(spec, evaluation.settings.scale_max)
    data = records[1:]
    if data and _names_row(data[0].cells, columns, decode):
        data = data[1:]
    if not data:
        raise err("the file has a header but no answers")

    def cell(cells: Sequence[Any], field: int | None) -> Any:
        return cells[field] if field is not None and field < len(cells) else None

    weights_given = weight_at is not None and any(
        cell_text(cell(r.cells, weight_at)).strip() for r in data
    )
    keys = matrix_keys(evaluation)
    k = len(data)
    stacks = {
        key: np.full((k, len(keys[key]), len(keys[key])), np.nan)
        for key in dict.fromkeys(c.key for c in columns)
    }
    judges: list[str] = []
    weights = np.ones(k)
    errors: list[InputError] = []
    left: dict[str, dict[int, str]] = {key: {} for key in stacks}
    first_line: dict[str, int] = {}
    for row, record in enumerate(data):
        cells = record.cells
        if judge_at is not None:
            judge = cell_text(cell(cells, judge_at)).strip()
            if not judge:
                errors.append(
                    InputError(
                        f"{where}column {header[judge_at]!r}: the judge id is empty",
                        path=name,
                        line=record.line,
                    )
                )
                judge = f"row {row + 1}"
        else:
            judge = str(row + 1)
        if judge in first_line:
            errors.append(
                InputError(
                    f"{where}column {header[judge_at or 0]!r}: judge {judge!r} appears twice "
                    f"(first on line {first_line[judge]}); every judge needs an id of their own",
                    path=name,
                    line=record.line,
                )
            )
        else:
            first_line[judge] = record.line
        judges.append(judge)
        if weights_given:
            assert weight_at is not None
            raw = cell(cells, weight_at)
            try:
                if isinstance(raw, str):
                    raw = float(raw.strip())
                w = parse_number(raw)
                bad = w < 0
            except (ValueError, TypeError):
                bad = True
            if bad:
                message = (
                    f"column {header[weight_at]!r}: {cell_text(raw)!r} is not a judge weight "
                    "(a number 0 or more)"
                )
                if drop_invalid:
                    for key in stacks:
                        left[key][row] = f"invalid weight {cell_text(raw)!r} (line {record.line})"
                else:
                    errors.append(InputError(where + message, path=name, line=record.line))
                w = 0.0
            weights[row] = w
    width = len(header)
    grid = [  # the rows padded to the header's width, as columns
        list(column)
        for column in zip(
            *(
                r.cells if len(r.cells) >= width else [*r.cells, *[None] * (width - len(r.cells))]
                for r in data
            ),
            strict=False,
        )
    ]
    decode.text = kind == "csv"
    for c in columns:  # column by column: each distinct cell decoded once
        values = grid[c.field]
        if decode.text:
            values = ["" if v is None else v for v in values] if None in values else values
        decoded = decode.column(values)
        if decoded.dtype == object:  # bad cells: say each one (or leave the judge out)
            for row, a in enumerate(decoded.tolist()):
                if not isinstance(a, str):
                    continue
                shown = cell_text(values[row])
                line = data[row].line
                if drop_invalid:
                    left[c.key].setdefault(
                        row, f"invalid cell {shown!r} in column {c.header!r} (line {line})"
                    )
                else:
                    errors.append(
                        InputError(
                            f"{where}column {c.header!r} (pair {c.pair}): {shown!r}: {a}",
                            path=name,
                            line=line,
                        )
                    )
                decoded[row] = math.nan
            decoded = decoded.astype(np.float64)
        stacks[c.key][:, c.i, c.j] = decoded
        stacks[c.key][:, c.j, c.i] = 1.0 / decoded
    if errors:
        if len(errors) > MAX_REPORTED:
            rest = len(errors) - MAX_REPORTED
            errors = [
                *errors[:MAX_REPORTED],
                InputError(f"{where}... and {rest} more bad cells", path=name),
            ]
        raise InputErrors(errors)
    for key, dropped in left.items():
        for row in dropped:
            stacks[key][row] = np.nan
    return Panel(
        judges,
        stacks,
        weights,
        left_out={key: sorted(v.items()) for key, v in left.items() if v},
        source=name,
        weighted=weights_given,
    )


def load_judges(evaluation_path: Path, judgments: Sequence[Path]) -> tuple[Evaluation, Panel]:
    """An evaluation and the panel of its judgments files, one judge per file (named
    by the file's ``judge:``, else the file name); a file lacking a matrix leaves its
    judge out of that matrix."""
    base = load_evaluation(evaluation_path, panel=True)
    data, lines = load_yaml(evaluation_path)
    keys = matrix_keys(base)
    judges: list[str] = []
    per_judge: list[Evaluation] = []
    errors: list[InputError] = []
    for path in judgments:
        jdata, jlines = load_yaml(path)
        try:
            one = parse_evaluation(
                data,
                path=str(evaluation_path),
                lines=lines,
                judgments_data=jdata,
                judgments_path=str(path),
                judgments_lines=jlines,
                panel=True,
            )
        except InputErrors as exc:
            errors.extend(exc.errors)
            continue
        per_judge.append(one)
        judges.append(one.judge or path.stem)
    if errors:
        raise InputErrors(errors)
    seen: dict[str, int] = {}
    for k, judge in enumerate(judges):
        if judge in seen:
            judges[k] = f"{judge} ({judgments[k].name})"
        seen[judge] = k
    stacks: dict[str, np.ndarray[Any, Any]] = {}
    left: dict[str, list[tuple[int, str]]] = {}
    for key, ids in keys.items():
        n = len(ids)
        stack = np.full((len(per_judge), n, n), np.nan)
        lacking: list[tuple[int, str]] = []
        for k, one in enumerate(per_judge):
            found = one.judgments.get(key) or one.alternative_judgments.get(key)
            if found is None:
                lacking.append((k, f"no matrix in {judgments[k]}"))
            else:
                stack[k] = found.matrix
        if len(lacking) < len(per_judge):  # no judge at all: the file's own judgments
            stacks[key] = stack
            if lacking:
                left[key] = lacking
    return base, Panel(judges, stacks, left_out=left, source=None)

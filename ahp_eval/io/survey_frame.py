"""Answers from a pandas DataFrame, through the survey front door.

A DataFrame is read as a sheet is: its column names are the header, each row a
respondent, so column matching (question columns and the group column), reverse
coding, the scale and missing-answer checks, empty groups and every message are the
file reader's. Messages name the row by the frame's index label:
``frame: row 17: column 'C23' (C23): '7' is outside the scale 1..5``. pandas is never
imported here: anything with ``columns``, ``index`` and ``itertuples`` will do.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Iterator, Sequence
from typing import Any

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.survey_file import read_table
from ahp_eval.io.survey_source import Record, Table
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.responses import ResponseSet

__all__ = ["responses_from_frame"]


def _cell(value: Any) -> Any:
    """A frame's cell as a sheet's: None for missing (NaN, None, pandas' NA or NaT)."""
    if value is None:
        return None
    if isinstance(value, np.generic):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    if type(value).__name__ in ("NAType", "NaTType"):
        return None
    return value


def _records(frame: Any) -> Iterator[Record]:
    yield Record(1, 1, [str(c) for c in frame.columns])
    for k, row in enumerate(frame.itertuples(index=False, name=None)):
        yield Record(k + 2, k + 2, [_cell(v) for v in row])


def _row_label(label: Hashable) -> str:
    return repr(label) if isinstance(label, str) else str(label)


def _relocated(exc: InputError, name: str, index: Sequence[Hashable]) -> InputError:
    """A sheet-style ``name:line:`` error as ``name: row LABEL:`` (``columns:`` for the
    header line)."""
    if exc.path != name or exc.line is None:
        return exc
    if exc.line == 1:
        return InputError(f"columns: {exc.message}", path=name)
    position = exc.line - 2
    if 0 <= position < len(index):
        return InputError(f"row {_row_label(index[position])}: {exc.message}", path=name)
    return InputError(exc.message, path=name)


def responses_from_frame(
    frame: Any,
    evaluation: Evaluation,
    *,
    group: str | None = None,
    drop_invalid: bool = False,
    name: str = "frame",
) -> ResponseSet:
    """The answers in a DataFrame (one row per respondent), read and checked exactly as a
    survey file's are. Raises :class:`InputErrors` naming each bad cell by its row label
    and column; with ``drop_invalid`` bad cells are dropped and listed instead."""
    if not all(hasattr(frame, a) for a in ("columns", "index", "itertuples")):
        raise InputError(
            f"expected a DataFrame of answers (one row per respondent), got {type(frame).__name__}"
        )
    index = list(frame.index)
    table = Table(_records(frame), None, ",", None, ())
    try:
        return read_table(table, name, evaluation, group=group, drop_invalid=drop_invalid)
    except InputErrors as exc:
        raise InputErrors([_relocated(e, name, index) for e in exc.errors]) from None
    except InputError as exc:
        raise _relocated(exc, name, index) from None

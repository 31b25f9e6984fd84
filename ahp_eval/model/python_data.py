"""Data given in Python, made plain before it is checked as a file's data is.

An analyst builds an evaluation from what is at hand: numpy arrays and scalars
(``np.int64`` as well as ``np.float64``), tuples, :class:`fractions.Fraction`, and a
pandas DataFrame as a judgment matrix. :func:`plain` turns arrays into lists and numpy
scalars into Python numbers (the checks are then the file's, word for word);
DataFrames are kept as they are, for :func:`frame_rows`, which reads one as a matrix
over a node's children by its labels.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["frame_rows", "frames_in", "is_frame", "plain"]


def is_frame(value: Any) -> bool:
    """A pandas DataFrame (or anything shaped like one), without importing pandas."""
    return all(hasattr(value, name) for name in ("to_numpy", "index", "columns", "iloc"))


def plain(value: Any) -> Any:
    """``value`` with numpy arrays as lists and numpy scalars as Python numbers, through
    mappings, lists and tuples; DataFrames are left for :func:`frame_rows`."""
    if isinstance(value, dict):
        return {plain(k) if isinstance(k, np.generic) else k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    if isinstance(value, np.ndarray):
        return plain(value.tolist())
    if isinstance(value, np.generic):
        return value.item()
    return value


def frame_rows(frame: Any, ids: Sequence[str]) -> tuple[list[list[Any]] | None, str | None]:
    """A DataFrame as a matrix's rows in the order of ``ids``: by its labels when its rows
    and columns are labelled with the ids (in any order), else by position (a frame with
    the default 0, 1, 2 ... labels). Returns the rows, or a message saying what is wrong."""
    rows_at: list[Hashable] = list(frame.index)
    cols_at: list[Hashable] = list(frame.columns)
    positional = rows_at == list(range(len(rows_at))) and cols_at == list(range(len(cols_at)))
    values = frame.to_numpy(dtype=object).tolist()
    if positional:
        return plain(values), None
    row_names = [str(r) for r in rows_at]
    col_names = [str(c) for c in cols_at]
    if sorted(row_names) != sorted(ids) or sorted(col_names) != sorted(ids):
        return None, (
            f"a DataFrame's row and column labels must be the ids {', '.join(ids)} "
            f"(rows are {', '.join(row_names)}; columns are {', '.join(col_names)})"
        )
    r = {name: k for k, name in enumerate(row_names)}
    c = {name: k for k, name in enumerate(col_names)}
    return [[plain(values[r[a]][c[b]]) for b in ids] for a in ids], None


def frames_in(raw: Mapping[Any, Any]) -> bool:
    """Whether any judgment entry is a DataFrame."""
    return any(is_frame(entry) for entry in raw.values())

"""Small typed readers for YAML data: each checks one value and records problems.

A reader takes ``(value, loc, problems)`` and returns the value converted (or a
harmless default), adding a message to :class:`Problems` when the value is wrong;
so a whole file is read in one pass and every problem is reported with its key
path, which :class:`~ahp_eval.marks.LineMap` turns into a line.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Hashable, Sequence
from typing import Any, TypeVar

from ahp_eval.model.vocabulary import FORMAT_VERSION

__all__ = [
    "FORMAT_VERSION",
    "Fields",
    "Loc",
    "Problems",
    "as_list",
    "boolean",
    "integer",
    "kind",
    "loc_text",
    "node_id",
    "note",
    "number",
    "optional_text",
    "text",
    "version",
]

Loc = tuple[Hashable, ...]
T = TypeVar("T")

ID_PATTERN = re.compile(r"^[^\s/]+$")
MAX_ID = 100
MAX_TEXT = 500


def loc_text(loc: Sequence[Hashable]) -> str:
    """``("criteria", 0, "name")`` -> ``criteria[0].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


class Problems:
    """Problems found while reading: where to point (line) and what to say."""

    def __init__(self) -> None:
        self.items: list[tuple[Loc, str]] = []

    def add(self, loc: Loc, message: str, *, where: Loc | None = None) -> None:
        """Record a problem at ``loc``; the message names ``where`` (default ``loc``)."""
        shown = loc_text(loc if where is None else where)
        self.items.append((loc, f"{shown}: {message}" if shown else message))

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)


def kind(value: object) -> str:
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    if isinstance(value, str):
        return f"the text {value!r}"
    return f"the number {value!r}" if isinstance(value, int | float) else type(value).__name__


class Fields:
    """One mapping: reports unknown and missing fields, hands out values by name."""

    def __init__(
        self,
        data: Any,
        loc: Loc,
        problems: Problems,
        known: Sequence[str],
        required: Sequence[str] = (),
    ) -> None:
        self.loc = loc
        self.problems = problems
        self.ok = isinstance(data, dict)
        self.data: dict[Any, Any] = data if isinstance(data, dict) else {}
        if not self.ok:
            problems.add(loc, f"expected a mapping, got {kind(data)}")
            return
        for key in self.data:
            if key not in known:
                problems.add((*loc, key), f"unknown field {key!r}", where=loc)
        for key in required:
            if key not in self.data:
                problems.add(loc, f"missing field {key!r}")
                self.ok = False

    def get(self, key: str, read: Callable[[Any, Loc, Problems], T], default: T) -> T:
        if key not in self.data:
            return default
        return read(self.data[key], (*self.loc, key), self.problems)


def text(value: Any, loc: Loc, problems: Problems) -> str:
    if isinstance(value, int | float) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.add(loc, f"expected text, got {kind(value)}")
        return ""
    if not value.strip():
        problems.add(loc, "must not be empty")
    elif len(value) > MAX_TEXT:
        problems.add(loc, f"is {len(value)} characters long; at most {MAX_TEXT}")
    return value


def optional_text(value: Any, loc: Loc, problems: Problems) -> str | None:
    return None if value is None else text(value, loc, problems)


def note(value: Any, loc: Loc, problems: Problems) -> str | None:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        return str(value)
    problems.add(loc, f"expected text, got {kind(value)}")
    return None


def node_id(value: Any, loc: Loc, problems: Problems) -> str:
    if isinstance(value, int) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str):
        problems.add(loc, f"an id must be text, got {kind(value)}")
        return ""
    if not ID_PATTERN.match(value) or len(value) > MAX_ID:
        problems.add(loc, f"id {value!r} must be 1-{MAX_ID} characters without spaces or '/'")
    return value


def number(lo: float, hi: float, *, lo_open: bool = False) -> Callable[[Any, Loc, Problems], float]:
    def read(value: Any, loc: Loc, problems: Problems) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or math.isnan(value):
            problems.add(loc, f"expected a number, got {kind(value)}")
            return lo
        low_ok = value > lo if lo_open else value >= lo
        if not low_ok or value > hi:
            bracket = "(" if lo_open else "["
            problems.add(loc, f"{value:g} is outside {bracket}{lo:g}, {hi:g}]")
        return float(value)

    return read


def integer(lo: int, hi: int) -> Callable[[Any, Loc, Problems], int]:
    def read(value: Any, loc: Loc, problems: Problems) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            problems.add(loc, f"expected a whole number, got {kind(value)}")
            return lo
        if not lo <= value <= hi:
            problems.add(loc, f"{value} is outside {lo}..{hi}")
        return value

    return read


def boolean(value: Any, loc: Loc, problems: Problems) -> bool:
    if not isinstance(value, bool):
        problems.add(loc, f"expected true or false, got {kind(value)}")
        return False
    return value


def as_list(value: Any, loc: Loc, problems: Problems) -> list[Any] | None:
    if not isinstance(value, list):
        problems.add(loc, f"expected a list, got {kind(value)}")
        return None
    return value


def version(value: Any, loc: Loc, problems: Problems) -> int:
    if value != FORMAT_VERSION or isinstance(value, bool):
        problems.add(
            loc,
            f"unsupported format version {value!r}; this ahp-eval reads version {FORMAT_VERSION}",
        )
    return FORMAT_VERSION

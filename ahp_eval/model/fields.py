"""Field types of the input model: each checks one value once, in the user's terms.

Every type is an ``Annotated`` pydantic type whose validator does the whole check and
words the problem itself (see :mod:`ahp_eval.model._problems`), so a value is judged
the same way in a file, on the command line or from Python.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from typing import Annotated, Any

from pydantic import BeforeValidator, Field, WithJsonSchema

from ahp_eval.model._problems import fail
from ahp_eval.model.values import describe, parse_judgment, parse_number, split_commas
from ahp_eval.model.vocabulary import (
    METHODS,
    RI_TABLE_KEYS,
    ROLES,
    SCORE_FORMULAS,
    Method,
    Role,
    ScoreFormula,
)

__all__ = [
    "ID_PATTERN",
    "MAX_ID",
    "MAX_TEXT",
    "Flag",
    "JudgmentValue",
    "JudgmentValues",
    "JudgmentsOrGaps",
    "MethodName",
    "NodeId",
    "Note",
    "RISpec",
    "RoleName",
    "ScoreFormulaName",
    "Text",
    "between",
    "check_node_id",
    "text_of",
    "whole_between",
]

ID_PATTERN = re.compile(r"^[^\s/]+$")
MAX_ID = 100
MAX_TEXT = 500


def check_node_id(value: Any) -> str:
    """An id: text (or a whole number) of 1-100 characters without spaces or '/'."""
    if isinstance(value, int) and not isinstance(value, bool) and value.bit_length() < 64:
        value = str(value)
    if not isinstance(value, str):
        fail(f"an id must be text, got {describe(value)}")
    if not ID_PATTERN.match(value) or len(value) > MAX_ID:
        shown = value if len(value) <= 60 else value[:57] + "..."
        fail(f"id {shown!r} must be 1-{MAX_ID} characters without spaces or '/'")
    return value


def text_of(value: Any) -> Any:
    """A value as a text field reads it: a number (not a huge integer, not a bool) as its
    text (``11`` -> ``"11"``, ``-0`` -> ``"0"``), anything else as it is."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if not isinstance(value, int) or value.bit_length() < 64 else None
    return value


def _text(value: Any) -> str:
    value = text_of(value)
    if not isinstance(value, str):
        fail(f"expected text, got {describe(value)}")
    if not value.strip():
        fail("must not be empty")
    if len(value) > MAX_TEXT:
        fail(f"is {len(value)} characters long; at most {MAX_TEXT}")
    return value


def _note(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value) if not isinstance(value, int) or value.bit_length() < 64 else "..."
    return fail(f"expected text, got {describe(value)}")


# What the editor schema says each field type accepts (``WithJsonSchema``: schema only,
# validation is the BeforeValidator's): every value the reader accepts, as YAML gives it.
_ID_DESCRIPTION = "An identifier, unique in the file: 1-100 characters, no spaces or '/'."
_ID_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": ID_PATTERN.pattern, "maxLength": MAX_ID},
        {"type": "integer", "minimum": -(2**63) + 1, "maximum": 2**63 - 1},
    ],
    "description": _ID_DESCRIPTION,
    "examples": ["B1", "C21"],
}
_TEXT_SCHEMA = {
    "anyOf": [
        {"type": "string", "pattern": r"\S", "maxLength": MAX_TEXT},
        {"type": "number"},
    ],
}
_NOTE_SCHEMA = {"anyOf": [{"type": "string"}, {"type": "number"}]}

NodeId = Annotated[
    str,
    BeforeValidator(check_node_id),
    WithJsonSchema(_ID_SCHEMA),
    Field(description=_ID_DESCRIPTION, examples=["B1", "C21"]),
]
Text = Annotated[str, BeforeValidator(_text), WithJsonSchema(_TEXT_SCHEMA)]
Note = Annotated[str, BeforeValidator(_note), WithJsonSchema(_NOTE_SCHEMA)]


def between(lo: float, hi: float, *, lo_open: bool = False) -> BeforeValidator:
    """A finite number in ``[lo, hi]`` (or ``(lo, hi]``)."""

    def check(value: Any) -> float:
        try:
            number = parse_number(value)
        except ValueError as exc:
            fail(str(exc))
        low_ok = number > lo if lo_open else number >= lo
        if not low_ok or number > hi:
            bracket = "(" if lo_open else "["
            fail(f"{number:g} is outside {bracket}{lo:g}, {hi:g}]")
        return number

    return BeforeValidator(check)


def whole_between(lo: int, hi: int) -> BeforeValidator:
    """A whole number in ``lo..hi``."""

    def check(value: Any) -> int:
        if isinstance(value, bool) or not isinstance(value, int):
            fail(f"expected a whole number, got {describe(value)}")
        if not lo <= value <= hi:
            fail(f"{describe(value).removeprefix('the number ')} is outside {lo}..{hi}")
        return int(value)

    return BeforeValidator(check)


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        fail(f"expected true or false, got {describe(value)}")
    return value


Flag = Annotated[bool, BeforeValidator(_flag)]


def _choice(names: tuple[str, ...], message: Callable[[Any], str]) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in names:
            fail(message(value))
        return value

    return BeforeValidator(check)


MethodName = Annotated[
    Method,
    _choice(METHODS, lambda v: f"unknown method {v!r}; choose {', '.join(METHODS)}"),
    Field(
        description="Priority method: root (方根法, default), eigen (特征根法) or sum (和法).",
        examples=["root"],
    ),
]
ScoreFormulaName = Annotated[
    ScoreFormula,
    _choice(
        SCORE_FORMULAS,
        lambda v: (
            f"unknown score formula {v!r}; choose range ((x - min)/(max - min) * 100) "
            "or max (x/max * 100)"
        ),
    ),
    Field(
        description="0-100 conversion: range (x - min)/(max - min)*100, or max x/max*100.",
        examples=["range"],
    ),
]
RoleName = Annotated[
    Role,
    _choice(ROLES, lambda v: f"role must be perception or expectation, got {describe(v)}"),
]


def _ri(value: Any) -> str | tuple[float, ...]:
    if isinstance(value, str):
        if value not in RI_TABLE_KEYS:
            known = ", ".join(RI_TABLE_KEYS)
            fail(f"unknown RI table {value!r}; choose {known}, or give a list")
        return value
    if not isinstance(value, list | tuple):
        fail(f"expected a list, got {describe(value)}")
    if not value:
        fail("a custom RI list needs at least one value")
    out = []
    for i, item in enumerate(value):
        try:
            number = parse_number(item)
        except ValueError as exc:
            fail(str(exc), at=(i,))
        if not 0.0 <= number <= 100.0:
            fail(f"{number:g} is outside [0, 100]", at=(i,))
        if i >= 2 and number <= 0:
            fail(f"RI({i + 1}) must be positive: CR = CI / RI", at=(i,))
        out.append(number)
    return tuple(out)


RISpec = Annotated[
    str | tuple[float, ...],
    BeforeValidator(_ri),
    WithJsonSchema(
        {
            "anyOf": [
                {"enum": list(RI_TABLE_KEYS)},
                {
                    "type": "array",
                    "items": {"type": "number", "minimum": 0, "maximum": 100},
                    "minItems": 1,
                },
            ]
        }
    ),
    Field(
        description=(
            "RI table: saaty (Saaty 1980), cn (Chinese textbook table), alonso-lamata "
            "(Alonso & Lamata 2006), or a list RI(1), RI(2), ..."
        ),
        examples=["saaty", [0, 0, 0.58, 0.9, 1.12]],
    ),
]


_NUMBER_CHARS = r"[\s0-9０-９.．/／+＋eE_-]"
_LIST_CHARS = r"[\s0-9０-９.．/／+＋eE_,，、-]"
_FRACTION = {
    "type": "string",
    # digits (ASCII or full-width), a point, a slash and spaces: "1/3", "0.33", "１／３"
    "pattern": f"^{_NUMBER_CHARS}*[0-9０-９]{_NUMBER_CHARS}*$",
}
_JUDGMENT_DESCRIPTION = 'How many times as important: 1-9 or a reciprocal, e.g. 3 or "1/3".'
_JUDGMENT_SCHEMA = {
    "anyOf": [{"type": "number", "exclusiveMinimum": 0}, _FRACTION],
    "description": _JUDGMENT_DESCRIPTION,
    "examples": [3, "1/5"],
}


def _judgment(value: Any) -> float:
    try:
        return parse_judgment(value)
    except ValueError as exc:
        fail(str(exc))


JudgmentValue = Annotated[
    float,
    BeforeValidator(_judgment),
    WithJsonSchema(_JUDGMENT_SCHEMA),
    Field(description=_JUDGMENT_DESCRIPTION, examples=[3, "1/5"]),
]


def _values(value: Any) -> Any:
    items = split_commas(value)
    if not isinstance(items, list | tuple):
        fail(f"expected a list, got {describe(value)}")
    return items


_COMMAS = {
    "type": "string",
    "pattern": f"^{_LIST_CHARS}*[,，、]{_LIST_CHARS}*$",
    "description": "Several values in one text, separated by commas: '3, 5, 1/2'.",
}
JudgmentValues = Annotated[
    tuple[JudgmentValue, ...],
    BeforeValidator(_values),
    WithJsonSchema({"anyOf": [{"type": "array", "items": _JUDGMENT_SCHEMA}, _COMMAS]}),
]
"""A list of judgments; a text such as ``1，2，3`` (Chinese commas) counts as three."""


def _judgment_or_gap(value: Any) -> float:
    if value is None:
        return math.nan
    try:
        return parse_judgment(value)
    except ValueError as exc:
        fail(str(exc))


_GAP_DESCRIPTION = "A judgment, or null for a pair not compared (read as NaN)."
_GAP_SCHEMA = {
    "anyOf": [
        {"type": "number", "exclusiveMinimum": 0},
        # an item of a list may hold several values: [1，2，3] read as one text
        {"type": "string", "pattern": f"^{_LIST_CHARS}*[0-9０-９]{_LIST_CHARS}*$"},
        {"type": "null"},
    ],
    "description": _GAP_DESCRIPTION,
    "examples": [3, "1/5", None],
}
JudgmentOrGap = Annotated[
    float,
    BeforeValidator(_judgment_or_gap),
    WithJsonSchema(_GAP_SCHEMA),
    Field(description=_GAP_DESCRIPTION, examples=[3, "1/5", None]),
]


JudgmentsOrGaps = Annotated[
    tuple[JudgmentOrGap, ...],
    BeforeValidator(_values),
    WithJsonSchema({"anyOf": [{"type": "array", "items": _GAP_SCHEMA}, _COMMAS]}),
]
"""Judgments of the upper and matrix forms: ``null`` (NaN once read) marks a pair not
compared."""

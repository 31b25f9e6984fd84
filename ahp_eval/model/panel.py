"""The ``panel:`` section: how a survey export of pairwise judgments maps onto pairs.

A panel is one row per respondent (a judge), an optional respondent column and judge
weight column, and one column per pair. Cells are decoded by ``coding``; with ``v`` the
cell's value and the judgment "a compared with b":

* ``ratio``: ``a = v``, how many times ``a`` is as important as ``b`` (``3``, ``1/3``);
* ``signed``: integers in -9..-1 and 1..9; ``a = v`` for ``v >= 1``, ``1/|v|`` for
  ``v <= -1`` (1 and -1 both mean equal; 0 is a bad cell);
* ``slider``: integers in 1..17; ``a = 10 - v`` for ``v <= 9``, ``1/(v - 8)`` for
  ``v >= 9``.

``favours: second`` inverts the signed and slider readings (an export where the
negative end, or the low end, favours the right-hand item).
"""

from __future__ import annotations

import math
from typing import Annotated, Any, Literal, get_args

from pydantic import BeforeValidator, Field

from ahp_eval.errors import InputError
from ahp_eval.model._base import Record
from ahp_eval.model._problems import fail
from ahp_eval.model.fields import NodeId, Text
from ahp_eval.model.values import describe, parse_judgment

__all__ = [
    "CODINGS",
    "FAVOURS",
    "Coding",
    "Favours",
    "PanelPair",
    "PanelSpec",
    "decode_cell",
]

Coding = Literal["ratio", "signed", "slider"]
CODINGS: tuple[Coding, ...] = get_args(Coding)
Favours = Literal["first", "second"]
FAVOURS: tuple[Favours, ...] = get_args(Favours)


def _one_of(names: tuple[str, ...], what: str) -> BeforeValidator:
    def check(value: Any) -> Any:
        if not isinstance(value, str) or value not in names:
            fail(f"unknown {what} {describe(value)}; choose {', '.join(names)}")
        return value

    return BeforeValidator(check)


def _pair(value: Any) -> Any:
    if not isinstance(value, list | tuple) or len(value) != 2:
        fail(f"a pair is a list of two ids such as [B1, B2], got {describe(value)}")
    return tuple(value)


class PanelPair(Record):
    """One column of the export and the pair it judges ("a compared with b")."""

    column: Annotated[
        Text,
        Field(
            description="The column's header, or a prefix of it (as survey questions).",
            examples=["Q1"],
        ),
    ]
    pair: Annotated[
        tuple[NodeId, NodeId],
        BeforeValidator(_pair),
        Field(
            description="The two sibling ids [a, b]; the cell says how a compares with b.",
            examples=[["B1", "B2"]],
        ),
    ]
    under: Annotated[
        NodeId | None,
        Field(
            description="For a pair of alternatives: the leaf they are compared under.",
            examples=["C11"],
        ),
    ] = None


class PanelSpec(Record):
    """The ``panel:`` section of an evaluation file."""

    file: Annotated[
        Text | None,
        Field(
            description=(
                "The export (CSV or XLSX), relative to the evaluation file; --panel FILE "
                "overrides it."
            ),
            examples=["answers.csv"],
        ),
    ] = None
    judge: Annotated[
        Text | None,
        Field(
            description=(
                "The respondent id column (default: a respondent column, else the row number)."
            ),
            examples=["respondent"],
        ),
    ] = None
    weight: Annotated[
        Text | None,
        Field(
            description=("The judge weight column (default: a weight column, else equal weights)."),
            examples=["weight"],
        ),
    ] = None
    coding: Annotated[
        Coding,
        _one_of(CODINGS, "coding"),
        Field(
            description=(
                "How a cell reads as a judgment: ratio (3, 1/3), signed (-9..-1, 1..9) or "
                "slider (1..17, 9 is equal)."
            ),
            examples=["ratio"],
        ),
    ] = "ratio"
    favours: Annotated[
        Favours,
        _one_of(FAVOURS, "favours"),
        Field(
            description="Which item a high (signed, slider) value favours: first or second.",
            examples=["first"],
        ),
    ] = "first"
    pairs: Annotated[
        tuple[PanelPair, ...] | None,
        Field(
            description=(
                "The columns and their pairs; without it, columns named a/b (or LEAF:a/b) are "
                "found automatically."
            ),
            examples=[
                [
                    {"column": "Q1", "pair": ["B1", "B2"]},
                    {"column": "Q30", "pair": ["北京", "上海"], "under": "C11"},
                ]
            ],
        ),
    ] = None


_SIGNED_MAX = 9
_SLIDER_MAX = 17
_SLIDER_MID = 9


def _whole(value: object) -> int | None:
    """An integer cell (3, 3.0, "3", "-3"), or None."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float):
        return int(value) if value.is_integer() else None
    if isinstance(value, str):
        text = value.strip().replace("－", "-").replace("−", "-")
        text = text.translate(_FULL_WIDTH_DIGITS)
        try:
            number = float(text)
        except ValueError:
            return None
        return int(number) if math.isfinite(number) and number.is_integer() else None
    return None


_FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９．", "0123456789.")


def decode_cell(value: object, coding: Coding, favours: Favours = "first") -> float:
    """The judgment "a compared with b" that a cell holds under ``coding``.

    Raises :class:`~ahp_eval.errors.InputError` with the reason (the caller adds the
    place and the value).
    """
    if coding == "ratio":
        try:
            return parse_judgment(value)
        except ValueError as exc:
            raise InputError(str(exc)) from None
    v = _whole(value)
    if coding == "signed":
        if v is None or v == 0 or abs(v) > _SIGNED_MAX:
            msg = "a signed judgment is a whole number in -9..-1 or 1..9 (0 is not one)"
            raise InputError(msg)
        a = float(v) if v >= 1 else 1.0 / -v
        return 1.0 / a if favours == "second" else a
    if v is None or not 1 <= v <= _SLIDER_MAX:
        msg = "a slider judgment is a whole number in 1..17 (9 is equal)"
        raise InputError(msg)
    if favours == "second":
        v = 2 * _SLIDER_MID - v
    return float(10 - v) if v <= _SLIDER_MID else 1.0 / (v - 8)

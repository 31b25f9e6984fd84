"""Alternatives (classic AHP): the options compared under every leaf of the hierarchy.

An evaluation file may list ``alternatives:`` (ids and names, like nodes). Under every
leaf the alternatives are then either compared pairwise (a ``judgments:`` entry keyed
by the leaf, in any of the three forms, the alternatives standing for the children),
or given direct scores in a ``performance:`` table::

    performance:
      C1: {values: {Tom: 3.2, Dick: 4, Harry: 5}}    # larger is better
      C2: {values: [120, 95, 80], cost: true}         # a list: in the alternatives' order
      C3: [7, 10, 5]                                  # the compact form of {values: [...]}

Scores are positive numbers, larger is better; ``cost: true`` means smaller is better
(the score used is 1/x). This module holds the records and reads the two sections;
:mod:`ahp_eval.model.evaluation` checks them against the hierarchy.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Mapping, Sequence
from typing import Annotated, Any

from pydantic import (
    BeforeValidator,
    Discriminator,
    Field,
    PrivateAttr,
    Tag,
    TypeAdapter,
    ValidationError,
)

from ahp_eval.model._base import Record
from ahp_eval.model._problems import Loc, Problems, fail
from ahp_eval.model.fields import Flag, NodeId, Note, Text
from ahp_eval.model.values import describe, parse_number

__all__ = [
    "Alternative",
    "Performance",
    "PerformanceForm",
    "read_alternatives",
    "read_performance",
]


class Alternative(Record):
    """One option compared under every leaf (``alternatives:`` item)."""

    id: NodeId
    name: Annotated[Text, Field(description="Name (any language).", examples=["汤姆"])]
    name_en: Annotated[Text | None, Field(description="English name.", examples=["Tom"])] = None
    description: Annotated[
        Note | None, Field(description="Free text about the option.", examples=["现任主管"])
    ] = None
    _line: int = PrivateAttr(1)

    @property
    def line(self) -> int:
        return self._line

    def place(self, line: int) -> None:
        """Set the line it was written on (once, while the list is read)."""
        self._line = line

    def label(self, lang: str = "zh") -> str:
        """The name in the chosen language, falling back to the other."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name


def _score(value: Any) -> float:
    try:
        number = parse_number(value)
    except ValueError as exc:
        fail(str(exc))
    if number <= 0:
        fail(
            f"score {number:g} must be positive (larger is better; "
            "for smaller-is-better give the real value and cost: true)"
        )
    return number


Score = Annotated[float, BeforeValidator(_score)]


def _values_tag(value: Any) -> str:
    return "<list>" if isinstance(value, list | tuple) else "<map>"


def _values(value: Any) -> Any:
    if not isinstance(value, list | tuple | dict):
        fail(
            "expected scores by alternative ({Tom: 3, Dick: 5}) or a list in the "
            f"alternatives' order, got {describe(value)}"
        )
    return value


ScoreValues = Annotated[
    Annotated[tuple[Score, ...], Tag("<list>")] | Annotated[dict[NodeId, Score], Tag("<map>")],
    Discriminator(_values_tag),
    BeforeValidator(_values),
]


class PerformanceForm(Record):
    """A leaf's scores as written: by alternative id, or a list in declared order."""

    values: Annotated[
        ScoreValues,
        Field(
            description="Positive scores: by alternative id, or a list in the declared order.",
            examples=[{"Tom": 45, "Dick": 60}, [45, 60]],
        ),
    ]
    cost: Annotated[
        Flag, Field(description="Smaller is better: the score used is 1/x.", examples=[True])
    ] = False
    note: Annotated[
        Note | None, Field(description="Where the scores come from.", examples=["2023 年报"])
    ] = None


def _compact(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return {"values": value}
    if not isinstance(value, dict):
        fail(
            f"expected {{values: ..., cost: true|false}} or a list of scores, got {describe(value)}"
        )
    return value


PerformanceEntry = Annotated[PerformanceForm, BeforeValidator(_compact)]


class Performance(Record):
    """A leaf's checked scores, in the alternatives' declared order."""

    leaf_id: str
    values: tuple[float, ...]
    cost: bool = False
    path: str | None = None
    line: int = 1
    note: str | None = None


@functools.cache
def _alternatives_adapter() -> TypeAdapter[tuple[Alternative, ...]]:
    return TypeAdapter(tuple[Alternative, ...])


@functools.cache
def _entry_adapter() -> TypeAdapter[PerformanceForm]:
    return TypeAdapter(PerformanceEntry)


@functools.cache
def _table_adapter() -> TypeAdapter[dict[str, PerformanceForm]]:
    return TypeAdapter(dict[str, PerformanceEntry])


def read_alternatives(raw: Any, problems: Problems) -> tuple[Alternative, ...] | None:
    """The ``alternatives:`` list checked (ids unique, at least two); None when wrong."""
    loc: Loc = ("alternatives",)
    if not isinstance(raw, list):
        problems.add(loc, f"expected a list of alternatives, got {describe(raw)}")
        return None
    try:
        alternatives = _alternatives_adapter().validate_python(raw)
    except ValidationError as exc:
        problems.take(exc, loc)
        return None
    ok = True
    if len(alternatives) < 2:
        problems.add(loc, f"needs at least two alternatives to compare, got {len(alternatives)}")
        ok = False
    first: dict[str, int] = {}
    for k, alt in enumerate(alternatives):
        alt.place(problems.lines.line((*loc, k)))
        if alt.id in first:
            problems.add_at_line(
                alt.line, f"alternative id {alt.id!r} is used twice (first on line {first[alt.id]})"
            )
            ok = False
        else:
            first[alt.id] = alt.line
    return alternatives if ok else None


def read_performance(
    raw: Any,
    problems: Problems,
    *,
    alternatives: Sequence[Alternative] | None,
    leaf_of: Callable[[str], str | None],
) -> dict[str, Performance]:
    """The ``performance:`` table, each leaf's scores put in the alternatives' order.

    ``alternatives`` is None when the list is missing or wrong (then only the table's
    own form is checked). ``leaf_of(key)`` says what is wrong with a key that is not a
    leaf of the hierarchy (None for a leaf).
    """
    loc: Loc = ("performance",)
    out: dict[str, Performance] = {}
    if raw is None:
        return out
    if not isinstance(raw, dict):
        problems.add(loc, f"expected a mapping of leaf ids, got {describe(raw)}")
        return out
    forms: Mapping[Any, PerformanceForm] | None = None
    if all(isinstance(key, str) for key in raw):
        try:
            forms = _table_adapter().validate_python(raw)
        except ValidationError:
            forms = None
    for key, entry in raw.items():
        at: Loc = (*loc, key)
        if forms is not None:
            form = forms[key]
        else:
            try:
                form = _entry_adapter().validate_python(entry)
            except ValidationError as exc:
                problems.take(exc, at, _entry_words(str(key)))
                continue
        wrong = leaf_of(str(key))
        if wrong is not None:
            problems.say(at, f"performance: {wrong}")
            continue
        if alternatives is None:
            continue
        values = _ordered(str(key), form, alternatives, at, problems)
        if values is not None:
            out[str(key)] = Performance.checked(
                leaf_id=str(key),
                values=values,
                cost=form.cost,
                path=problems.path,
                line=problems.lines.line(at),
                note=form.note,
            )
    return out


def _entry_words(leaf: str) -> Callable[[Loc], str]:
    def words(inner: Loc) -> str:
        if len(inner) >= 2 and inner[0] == "values":
            place = inner[1]
            what = f"score {place + 1}" if isinstance(place, int) else str(place)
            return f"performance: {leaf}: {what}: "
        return f"performance: {leaf}: " + "".join(f"{p}: " for p in inner)

    return words


def _ordered(
    leaf: str,
    form: PerformanceForm,
    alternatives: Sequence[Alternative],
    at: Loc,
    problems: Problems,
) -> tuple[float, ...] | None:
    """The scores in the alternatives' declared order, or None (each problem said)."""
    ids = [a.id for a in alternatives]
    names = ", ".join(ids)
    if isinstance(form.values, tuple):
        if len(form.values) != len(ids):
            problems.say(
                (*at, "values"),
                f"performance: {leaf}: {len(form.values)} scores, expected {len(ids)} "
                f"(one per alternative, in order: {names})",
            )
            return None
        return form.values
    ok = True
    for alt in form.values:
        if alt not in ids:
            problems.say(
                (*at, "values", alt),
                f"performance: {leaf}: unknown alternative {alt!r} (alternatives: {names})",
            )
            ok = False
    missing = [a for a in ids if a not in form.values]
    if missing:
        problems.say(
            (*at, "values"),
            f"performance: {leaf}: no score for {', '.join(repr(m) for m in missing)} "
            "(every alternative needs one)",
        )
        ok = False
    return tuple(form.values[a] for a in ids) if ok else None

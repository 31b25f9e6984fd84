"""The ``survey:`` and ``grades:`` sections of an evaluation file.

``survey:`` says how questionnaire answers map to indicators and which scale they
use; ``grades:`` gives the grade bands of the composite score (0-100).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, WithJsonSchema, model_validator

from ahp_eval.model._base import Record
from ahp_eval.model._problems import fail
from ahp_eval.model.fields import Flag, RoleName, ScoreFormulaName, Text, between
from ahp_eval.model.labels import label_key
from ahp_eval.model.values import describe, parse_number

__all__ = [
    "DEFAULT_GRADES",
    "GradeBand",
    "Grades",
    "Question",
    "Scale",
    "Survey",
    "SurveySpec",
    "grade_for",
    "satisfied_threshold",
]


class Scale(Record):
    """The answer scale, e.g. a 1-5 Likert scale."""

    min: Annotated[
        float,
        between(-1e6, 1e6),
        Field(
            description="Lowest answer.",
            examples=[1],
            json_schema_extra={"minimum": -1e6, "maximum": 1e6},
        ),
    ] = 1.0
    max: Annotated[
        float,
        between(-1e6, 1e6),
        Field(
            description="Highest answer.",
            examples=[5],
            json_schema_extra={"minimum": -1e6, "maximum": 1e6},
        ),
    ] = 5.0

    @model_validator(mode="after")
    def _ordered(self) -> Scale:
        if self.max <= self.min:
            fail(f"scale max ({self.max:g}) must be greater than min ({self.min:g})")
        return self


def _required_scale(value: Any) -> Any:
    if isinstance(value, dict):
        missing = [k for k in ("min", "max") if k not in value]
        if missing:
            fail(f"missing field {missing[0]!r}")
    return value


class Question(Record):
    """One questionnaire column feeding one indicator."""

    column: Annotated[
        Text,
        Field(
            description="The column's header, or its code (Q1 matches 'Q1. ...').", examples=["Q1"]
        ),
    ]
    indicator: Annotated[Text, Field(description="The indicator it feeds.", examples=["C11"])]
    reverse: Annotated[
        Flag,
        Field(description="Reverse-coded: an answer x counts as min + max - x.", examples=[True]),
    ] = False
    role: Annotated[
        RoleName,
        Field(
            description="perception (default) or expectation (SERVQUAL gap mode).",
            examples=["expectation"],
        ),
    ] = "perception"
    text: Annotated[
        Text | None,
        Field(description="The question as the respondents read it.", examples=["餐厅环境整洁"]),
    ] = None


def _key_text(key: Any, what: str) -> str:
    if isinstance(key, int | float) and not isinstance(key, bool):
        key = f"{key:g}" if isinstance(key, float) else str(key)
    if not isinstance(key, str) or not key.strip():
        fail(f"{what} must be text or a number, got {describe(key)}")
    return key


def _labels(value: Any) -> Any:
    """``{非常满意: 5, ...}``: texts (or numbers) to values, each text once."""
    if value is None:
        return None
    if not isinstance(value, dict):
        fail(f"expected a mapping of answer texts to values (非常满意: 5), got {describe(value)}")
    out: dict[str, float] = {}
    seen: dict[str, str] = {}
    for key, number in value.items():
        text = _key_text(key, "an answer label")
        try:
            out[text] = parse_number(number)
        except ValueError as exc:
            fail(f"label {text!r}: {exc}", at=(key,))
        same = seen.setdefault(label_key(text), text)
        if same != text and out[same] != out[text]:
            fail(f"labels {same!r} and {text!r} are the same text with different values", at=(key,))
    return out


def _markers(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, str | int | float) and not isinstance(value, bool):
        value = [value]
    if not isinstance(value, list | tuple):
        fail(f"expected a list of missing-answer markers, got {describe(value)}")
    return tuple(_key_text(v, "a missing-answer marker") for v in value)


def _group_names(value: Any) -> Any:
    """``{1: 城东营业厅}``: group codes (as the cells read) to names."""
    if value is None:
        return None
    if not isinstance(value, dict):
        fail(f"expected a mapping of group codes to names (1: 城东营业厅), got {describe(value)}")
    return {_key_text(k, "a group code").strip(): v for k, v in value.items()}


class Survey(Record):
    """How answers become indicator scores."""

    scale: Annotated[
        Scale,
        BeforeValidator(_required_scale),
        Field(
            description="The answer scale: both ends, min and max.",
            examples=[{"min": 1, "max": 5}],
        ),
    ] = Scale.model_construct()
    score_formula: Annotated[ScoreFormulaName, Field(examples=["max"])] = "range"
    group: Annotated[
        Text | None,
        Field(description="The column naming the site or service.", examples=["营业厅"]),
    ] = None
    questions: Annotated[
        tuple[Question, ...],
        Field(
            description="Questionnaire columns and the indicators they feed.",
            examples=[[{"column": "Q1", "indicator": "C11"}]],
        ),
    ] = ()
    # Answer labels, missing-answer markers and group names (see model/labels.py).
    labels: Annotated[
        dict[str, float] | None,
        BeforeValidator(_labels),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "object", "additionalProperties": {"type": ["number", "string"]}},
                    {"type": "null"},
                ]
            }
        ),
        Field(
            description=(
                "Answer texts and their values; case, width and spaces do not count, "
                "'5 非常满意' is read too. Without it, the built-in Chinese and English "
                "wordings of 1-5 and 1-7 satisfaction and agreement scales are used."
            ),
            examples=[{"非常满意": 5, "满意": 4, "一般": 3, "不满意": 2, "非常不满意": 1}],
        ),
    ] = None
    missing: Annotated[
        tuple[Text, ...] | None,
        BeforeValidator(_markers),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "string"},
                    {"type": "number"},
                    {"type": "array", "items": {"type": ["string", "number"]}},
                    {"type": "null"},
                ]
            }
        ),
        Field(
            description=(
                "Cells that mean a missing answer; default (跳过), (空) and -3 "
                "(where -3 is outside the scale)."
            ),
            examples=[["(跳过)", "(空)", "-3", "不适用"]],
        ),
    ] = None
    group_names: Annotated[
        dict[str, Text] | None,
        BeforeValidator(_group_names),
        WithJsonSchema(
            {
                "anyOf": [
                    {"type": "object", "additionalProperties": {"type": ["string", "number"]}},
                    {"type": "null"},
                ]
            }
        ),
        Field(
            description="Names of the codes in the group column.",
            examples=[{"1": "城东营业厅", "2": "城西营业厅"}],
        ),
    ] = None

    satisfied_min: Annotated[
        float | None,
        between(-1e6, 1e6),
        Field(
            description=(
                "Answers at or above it count as satisfied (the satisfaction rate); "
                "default the scale's max - 1 on whole-number scales of at most 11 points."
            ),
            examples=[4, 80],
        ),
    ] = None

    @model_validator(mode="after")
    def _formula_fits_scale(self) -> Survey:
        if self.score_formula == "max" and self.scale.max <= 0:
            fail("x/max * 100 needs a positive scale max", at=("score_formula",))
        return self

    @model_validator(mode="after")
    def _labels_fit_scale(self) -> Survey:
        lo, hi = self.scale.min, self.scale.max
        if self.satisfied_min is not None and not lo <= self.satisfied_min <= hi:
            fail(
                f"{self.satisfied_min:g} is outside the scale {lo:g}..{hi:g}",
                at=("satisfied_min",),
            )
        for text, value in (self.labels or {}).items():
            if not lo <= value <= hi:
                fail(
                    f"label {text!r} is {value:g}, outside the scale {lo:g}..{hi:g}",
                    at=("labels", text),
                )
        keys = {label_key(t) for t in self.labels or {}}
        for i, marker in enumerate(self.missing or ()):
            key = label_key(marker)
            if key in keys:
                fail(f"{marker!r} is both an answer label and a missing marker", at=("missing", i))
            try:
                number = float(key)
            except ValueError:
                continue
            if lo <= number <= hi:
                fail(
                    f"{marker!r} is an answer on the scale {lo:g}..{hi:g}, "
                    "so it cannot mark a missing answer",
                    at=("missing", i),
                )
        return self

    def label_source(self) -> str | None:
        """Where answer texts are looked up: ``survey.labels``, the built-in wordings of
        the scale (``built-in 1-5``), or None."""
        from ahp_eval.model.labels import builtin_labels

        if self.labels:
            return "survey.labels"
        lo, hi = self.scale.min, self.scale.max
        return f"built-in {lo:g}-{hi:g}" if builtin_labels(lo, hi) is not None else None


SurveySpec = Survey
"""The former name of :class:`Survey`."""

MAX_DEFAULT_POINTS = 11
"""Whole-number scales of at most this many points have a default ``satisfied_min``."""


def satisfied_threshold(scale: Scale, satisfied_min: float | None) -> float | None:
    """The answer at or above which a respondent counts as satisfied: ``satisfied_min``,
    else the scale's max - 1 on a whole-number scale of at most 11 points (the top two
    values), else None (no satisfaction rate)."""
    if satisfied_min is not None:
        return satisfied_min if scale.min <= satisfied_min <= scale.max else None
    lo, hi = scale.min, scale.max
    if lo.is_integer() and hi.is_integer() and hi - lo + 1 <= MAX_DEFAULT_POINTS:
        return hi - 1
    return None


class GradeBand(Record):
    """Scores at or above ``min`` (and below the next band) get ``label``."""

    min: Annotated[
        float,
        between(0.0, 100.0),
        Field(
            description="Lowest composite score (0-100) of the band.",
            examples=[90],
            json_schema_extra={"minimum": 0, "maximum": 100},
        ),
    ]
    label: Annotated[Text, Field(description="The grade's label.", examples=["优秀 Excellent"])]


def _bands(value: Any) -> Any:
    if not isinstance(value, list | tuple):
        fail(f"expected a list, got {describe(value)}")
    if not value:
        fail("at least one grade band is needed")
    return value


def _sorted_bands(bands: tuple[GradeBand, ...]) -> tuple[GradeBand, ...]:
    seen: dict[float, int] = {}
    for i, band in enumerate(bands):
        if band.min in seen:
            fail(
                f"two grade bands start at {band.min:g} (items {seen[band.min] + 1} and {i + 1})",
                at=(i,),
            )
        seen[band.min] = i
    ordered = tuple(sorted(bands, key=lambda b: -b.min))
    if ordered[-1].min > 0:
        fail(
            f"the lowest grade band starts at {ordered[-1].min:g}; "
            "it must start at 0 so every score gets a grade"
        )
    return ordered


Grades = Annotated[
    tuple[GradeBand, ...],
    BeforeValidator(_bands),
    AfterValidator(_sorted_bands),
    Field(description="Grade bands of the composite score (0-100), highest first."),
]

DEFAULT_GRADES: tuple[GradeBand, ...] = tuple(
    GradeBand.model_construct(min=m, label=label)
    for m, label in (
        (90.0, "优秀 Excellent"),
        (80.0, "良好 Good"),
        (70.0, "中等 Fair"),
        (60.0, "合格 Pass"),
        (0.0, "差 Poor"),
    )
)
"""优秀 >= 90, 良好 >= 80, 中等 >= 70, 合格 >= 60, 差 below 60."""


def grade_for(score: float, grades: tuple[GradeBand, ...]) -> str:
    """The label of the highest band whose ``min`` the score reaches."""
    for band in grades:
        if score >= band.min:
            return band.label
    return grades[-1].label

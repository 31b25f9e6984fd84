"""The ``survey:`` and ``grades:`` sections of an evaluation file.

``survey:`` says how questionnaire answers map to indicators and which scale they
use; ``grades:`` gives the grade bands of the composite score (0-100).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import AfterValidator, BeforeValidator, Field, model_validator

from ahp_eval.model._base import Record
from ahp_eval.model._problems import fail
from ahp_eval.model.fields import Flag, RoleName, ScoreFormulaName, Text, between
from ahp_eval.model.values import describe

__all__ = [
    "DEFAULT_GRADES",
    "GradeBand",
    "Grades",
    "Question",
    "Scale",
    "Survey",
    "SurveySpec",
    "grade_for",
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

    @model_validator(mode="after")
    def _formula_fits_scale(self) -> Survey:
        if self.score_formula == "max" and self.scale.max <= 0:
            fail("x/max * 100 needs a positive scale max", at=("score_formula",))
        return self


SurveySpec = Survey
"""The former name of :class:`Survey`."""


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

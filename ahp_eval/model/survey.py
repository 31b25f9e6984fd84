"""The ``survey:`` and ``grades:`` sections of an evaluation file.

``survey:`` says how questionnaire answers map to indicators and which scale they
use; ``grades:`` gives the grade bands of the composite score (0-100).
"""

from __future__ import annotations

from typing import Any, NamedTuple, cast

from ahp_eval.model.readers import (
    Fields,
    Loc,
    Problems,
    as_list,
    boolean,
    kind,
    number,
    optional_text,
    text,
)
from ahp_eval.model.vocabulary import SCORE_FORMULAS, Role, ScoreFormula

__all__ = [
    "DEFAULT_GRADES",
    "SCORE_FORMULAS",
    "GradeBand",
    "Question",
    "Scale",
    "ScoreFormula",
    "SurveySpec",
    "grade_for",
    "read_grades",
    "read_survey",
]


class Scale(NamedTuple):
    """The answer scale, e.g. a 1-5 Likert scale."""

    min: float = 1.0
    max: float = 5.0


class Question(NamedTuple):
    """One questionnaire column feeding one indicator."""

    column: str
    indicator: str
    reverse: bool = False
    role: Role = "perception"
    text: str | None = None
    """The question as the respondents read it (a template's row of question texts)."""


class SurveySpec(NamedTuple):
    """How answers become indicator scores."""

    scale: Scale = Scale()
    score_formula: ScoreFormula = "range"
    group: str | None = None
    questions: tuple[Question, ...] = ()


class GradeBand(NamedTuple):
    """Scores at or above ``min`` (and below the next band) get ``label``."""

    min: float
    label: str


DEFAULT_GRADES: tuple[GradeBand, ...] = (
    GradeBand(90.0, "优秀 Excellent"),
    GradeBand(80.0, "良好 Good"),
    GradeBand(70.0, "中等 Fair"),
    GradeBand(60.0, "合格 Pass"),
    GradeBand(0.0, "差 Poor"),
)
"""优秀 >= 90, 良好 >= 80, 中等 >= 70, 合格 >= 60, 差 below 60."""


def grade_for(score: float, grades: tuple[GradeBand, ...]) -> str:
    """The label of the highest band whose ``min`` the score reaches."""
    for band in grades:
        if score >= band.min:
            return band.label
    return grades[-1].label


def _scale(value: Any, loc: Loc, problems: Problems) -> Scale:
    f = Fields(value, loc, problems, ("min", "max"), required=("min", "max"))
    if not f.ok:
        return Scale()
    lo = f.get("min", number(-1e6, 1e6), 1.0)
    hi = f.get("max", number(-1e6, 1e6), 5.0)
    if hi <= lo:
        problems.add(loc, f"scale max ({hi:g}) must be greater than min ({lo:g})")
    return Scale(lo, hi)


def _formula(value: Any, loc: Loc, problems: Problems) -> ScoreFormula:
    if value not in SCORE_FORMULAS:
        problems.add(
            loc,
            f"unknown score formula {value!r}; choose range ((x - min)/(max - min) * 100) "
            "or max (x/max * 100)",
        )
        return "range"
    return cast("ScoreFormula", value)


def _role(value: Any, loc: Loc, problems: Problems) -> Role:
    if value not in ("perception", "expectation"):
        problems.add(loc, f"role must be perception or expectation, got {kind(value)}")
        return "perception"
    return cast("Role", value)


def _questions(value: Any, loc: Loc, problems: Problems) -> tuple[Question, ...]:
    items = as_list(value, loc, problems)
    out = []
    for i, item in enumerate(items or []):
        qloc = (*loc, i)
        f = Fields(
            item,
            qloc,
            problems,
            ("column", "indicator", "reverse", "role", "text"),
            ("column", "indicator"),
        )
        if not f.ok:
            continue
        out.append(
            Question(
                column=f.get("column", text, ""),
                indicator=f.get("indicator", text, ""),
                reverse=f.get("reverse", boolean, False),
                role=f.get("role", _role, "perception"),
                text=f.get("text", optional_text, None),
            )
        )
    return tuple(out)


def read_survey(value: Any, loc: Loc, problems: Problems) -> SurveySpec:
    """The optional ``survey:`` section."""
    if value is None:
        return SurveySpec()
    f = Fields(value, loc, problems, ("scale", "score_formula", "group", "questions"))
    d = SurveySpec()
    spec = SurveySpec(
        scale=f.get("scale", _scale, d.scale),
        score_formula=f.get("score_formula", _formula, d.score_formula),
        group=f.get("group", text, "") or None,
        questions=f.get("questions", _questions, ()),
    )
    if spec.score_formula == "max" and spec.scale.max <= 0:
        problems.add((*loc, "score_formula"), "x/max * 100 needs a positive scale max")
    return spec


def read_grades(value: Any, loc: Loc, problems: Problems) -> tuple[GradeBand, ...]:
    """The optional ``grades:`` list; bands come back sorted from the highest ``min``."""
    if value is None:
        return DEFAULT_GRADES
    items = as_list(value, loc, problems)
    if items is None:
        return DEFAULT_GRADES
    bands = []
    seen: dict[float, int] = {}
    for i, item in enumerate(items):
        bloc = (*loc, i)
        f = Fields(item, bloc, problems, ("min", "label"), required=("min", "label"))
        if not f.ok:
            continue
        band = GradeBand(f.get("min", number(0.0, 100.0), 0.0), f.get("label", text, ""))
        if band.min in seen:
            problems.add(
                bloc,
                f"two grade bands start at {band.min:g} (items {seen[band.min] + 1} and {i + 1})",
            )
        seen[band.min] = i
        bands.append(band)
    if not bands:
        problems.add(loc, "at least one grade band is needed")
        return DEFAULT_GRADES
    bands.sort(key=lambda b: -b.min)
    if bands[-1].min > 0:
        problems.add(
            loc,
            f"the lowest grade band starts at {bands[-1].min:g}; "
            "it must start at 0 so every score gets a grade",
        )
    return tuple(bands)

"""Direct marks: a quality team's mark for each indicator of one site.

A marks file is YAML::

    site: 城东供电营业厅          # optional; the file name otherwise
    scale: {min: 0, max: 100}    # optional; the evaluation's survey.scale otherwise
    marks:
      C11: 92
      C12: 85

(a plain mapping of indicator id -> mark is accepted too).
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import Field

from ahp_eval.model._base import Record
from ahp_eval.model.fields import Text
from ahp_eval.model.survey import Scale
from ahp_eval.model.values import parse_number

__all__ = ["MarksFile", "check_mark"]


class MarksFile(Record):
    """A marks file: the site, the scale of the marks, and one mark per indicator."""

    site: Annotated[
        Text | None, Field(description="The site or service marked.", examples=["城东供电营业厅"])
    ] = None
    scale: Annotated[
        Scale | None,
        Field(
            description="Scale of the marks (the evaluation's survey.scale when left out).",
            examples=[{"min": 0, "max": 100}],
        ),
    ] = None
    marks: Annotated[
        dict[str, Any],
        Field(
            description="Indicator id -> mark on the scale.",
            examples=[{"C11": 92, "C12": 85}],
            json_schema_extra={"additionalProperties": {"type": "number"}},
        ),
    ]


def check_mark(value: object, scale: Scale) -> str | None:
    """Why ``value`` is not a valid mark on ``scale``, or None."""
    if value is None:
        return "no mark given"
    if isinstance(value, bool | str):
        return f"{value!r} is not a number"
    try:
        number = parse_number(value)
    except ValueError as exc:
        message = str(exc)
        return message if "too large" in message else f"{value!r} is not a number"
    if not scale.min <= number <= scale.max:
        return f"{number:g} is outside the scale {scale.min:g}..{scale.max:g}"
    return None

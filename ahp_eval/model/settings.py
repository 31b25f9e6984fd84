"""How to compute: the ``settings:`` section, and the one check of each setting."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator, Field, ValidationError

from ahp_eval.errors import InputError
from ahp_eval.model._base import Record
from ahp_eval.model._problems import Problems, fail
from ahp_eval.model.fields import Flag, MethodName, RISpec, between, whole_between
from ahp_eval.model.vocabulary import SYNTHESES, Synthesis

__all__ = ["Settings", "check_setting"]


def _synthesis(value: Any) -> Any:
    if not isinstance(value, str) or value not in SYNTHESES:
        fail(f"unknown synthesis {value!r}; choose {', '.join(SYNTHESES)}")
    return value


SynthesisName = Annotated[
    Synthesis,
    BeforeValidator(_synthesis),
    Field(
        description=(
            "How the alternatives' priorities add up: distributive (default) or ideal "
            "(Belton and Gear 1983)."
        ),
        examples=["ideal"],
    ),
]


class Settings(Record):
    """How to compute: method, RI table, threshold, allowed scale, decimals shown."""

    method: Annotated[MethodName, Field(examples=["eigen"])] = "root"
    ri: RISpec = "saaty"
    cr_threshold: Annotated[
        float,
        between(0.0, 1.0, lo_open=True),
        Field(
            description="A matrix passes when CR < cr_threshold.",
            examples=[0.1],
            json_schema_extra={"exclusiveMinimum": 0, "maximum": 1},
        ),
    ] = 0.10
    scale_max: Annotated[
        float,
        between(1.0, 1000.0),
        Field(
            description="Largest judgment allowed (Saaty's scale: 9).",
            examples=[9],
            json_schema_extra={"minimum": 1, "maximum": 1000},
        ),
    ] = 9.0
    precision: Annotated[
        int,
        whole_between(1, 12),
        Field(
            description="Decimals shown in reports.",
            examples=[4],
            json_schema_extra={"minimum": 1, "maximum": 12},
        ),
    ] = 4
    illustrative: Annotated[
        Flag,
        Field(
            description="The judgments are examples, not a real panel's; reports say so.",
            examples=[True],
        ),
    ] = False
    synthesis: SynthesisName = "distributive"


def check_setting(name: str, value: Any) -> Any:
    """One ``settings:`` value checked exactly as in a file, wherever it comes from.

    ``name`` is a field of :class:`Settings`; returns the value as the file reader
    would, or raises :class:`~ahp_eval.errors.InputError` with the problem in words
    (no place: the caller knows whether it is an option or a library argument).
    """
    if name not in Settings.model_fields:
        known = ", ".join(Settings.model_fields)
        raise InputError(f"unknown setting {name!r}; settings: {known}")
    try:
        settings = Settings.model_validate({name: value})
    except ValidationError as exc:
        problems = Problems()
        problems.take(exc)
        raise InputError(
            "; ".join(message.split(": ", 1)[-1] for _, message in problems.items)
        ) from None
    return getattr(settings, name)

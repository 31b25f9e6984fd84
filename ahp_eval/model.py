"""Pydantic models of the evaluation file, as written by the user.

These check the shape of the input (field names, types, settings values).
Cross-field rules (unique ids, one matrix per parent, reciprocity, ...) are
checked in :mod:`ahp_eval.evaluation`, which turns these models into the
resolved hierarchy the solver uses.
"""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    field_validator,
    model_validator,
)

from ahp_eval.matrix import Method
from ahp_eval.ri import RI_TABLES
from ahp_eval.values import parse_judgment

__all__ = [
    "FORMAT_VERSION",
    "EvaluationSpec",
    "GoalSpec",
    "JudgmentValue",
    "JudgmentsFileSpec",
    "MatrixForm",
    "NodeSpec",
    "PairsForm",
    "Settings",
    "UpperForm",
]

FORMAT_VERSION = 1
"""The evaluation-file format version this release reads."""

JudgmentValue = Annotated[float, BeforeValidator(parse_judgment)]
"""A positive judgment: a number or a fraction string such as ``"1/3"``."""

NodeId = Annotated[str, Field(min_length=1, max_length=100, pattern=r"^[^\s/]+$")]
Text = Annotated[str, Field(min_length=1, max_length=500)]


def _check_version(value: int) -> int:
    if value != FORMAT_VERSION:
        raise ValueError(
            f"unsupported format version {value}; this ahp-eval reads version {FORMAT_VERSION}"
        )
    return value


Version = Annotated[int, AfterValidator(_check_version)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, coerce_numbers_to_str=True)


class Settings(_Strict):
    """How to compute: method, RI table, threshold, allowed scale."""

    method: Method = "root"
    ri: str | list[Annotated[float, Field(ge=0)]] = "saaty"
    cr_threshold: float = Field(default=0.10, gt=0, le=1)
    scale_max: float = Field(default=9.0, ge=1, le=1000)
    precision: int = Field(default=4, ge=1, le=12)
    illustrative: bool = False

    @field_validator("ri")
    @classmethod
    def _known_table(cls, value: str | list[float]) -> str | list[float]:
        if isinstance(value, str) and value not in RI_TABLES:
            known = ", ".join(RI_TABLES)
            raise ValueError(f"unknown RI table {value!r}; known tables: {known}, or a list")
        if isinstance(value, list) and not value:
            raise ValueError("a custom RI list needs at least one value")
        return value


class GoalSpec(_Strict):
    """The goal (top of the hierarchy)."""

    id: NodeId
    name: Text
    name_en: Text | None = None
    description: str | None = None


class NodeSpec(_Strict):
    """A criterion or indicator; ``criteria`` nests deeper, ``indicators`` ends a branch."""

    id: NodeId
    name: Text
    name_en: Text | None = None
    description: str | None = None
    indicators: list[NodeSpec] | None = None
    criteria: list[NodeSpec] | None = None

    @model_validator(mode="after")
    def _one_kind_of_children(self) -> NodeSpec:
        if self.indicators is not None and self.criteria is not None:
            raise ValueError("give either indicators or criteria under a node, not both")
        return self

    @property
    def children(self) -> list[NodeSpec]:
        return self.indicators or self.criteria or []


class EvaluationSpec(_Strict):
    """The whole evaluation file."""

    version: Version = FORMAT_VERSION
    name: Text | None = None
    name_en: Text | None = None
    source: str | None = None
    sector: str | None = None
    description: str | None = None
    goal: GoalSpec
    settings: Settings = Settings()
    criteria: list[NodeSpec] = Field(min_length=1)
    judgments: dict[str, Any] = Field(default_factory=dict)


class JudgmentsFileSpec(_Strict):
    """A separate judgments file (``--judgments FILE``)."""

    version: Version = FORMAT_VERSION
    judge: str | None = None
    note: str | None = None
    judgments: dict[str, Any]


class MatrixForm(_Strict):
    """A full matrix, rows and columns in the children's declared order."""

    matrix: list[list[JudgmentValue]]
    note: str | None = None


class UpperForm(_Strict):
    """The upper triangle, row by row: n(n-1)/2 values."""

    upper: list[JudgmentValue]
    note: str | None = None


class PairsForm(_Strict):
    """Named pairs ``[a, b, value]`` meaning a is ``value`` times as important as b."""

    pairs: list[tuple[NodeId, NodeId, JudgmentValue]]
    note: str | None = None

"""Answers in memory: what a survey export or a marks file becomes before scoring.

Readers in :mod:`ahp_eval.io` build these from files; the scoring core only sees
arrays. Columns of every array follow the evaluation's leaves in declared order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.model.survey import Scale
from ahp_eval.survey.moments import Moments, StatPlan, moments_of

__all__ = ["CellIssue", "GroupData", "ResponseSet", "reverse_code"]


@dataclass(frozen=True)
class CellIssue:
    """A cell that was dropped (``--drop-invalid``) or rejected, located in its file."""

    row: int
    column: str
    value: str
    reason: str


@dataclass(frozen=True)
class GroupData:
    """The answers of one site or service.

    ``perception`` is ``(respondents, indicators)`` on the answer scale, after
    averaging the questions that feed one indicator and reverse-coding; NaN marks a
    missing answer. ``expectation`` (SERVQUAL gap mode) has the same shape, NaN
    where an indicator has no expectation question, or is None. A streaming reader
    gives ``stats`` (the sufficient statistics) instead of the answers.
    """

    name: str
    perception: FloatArray | None
    expectation: FloatArray | None = None
    stats: Moments | None = None

    @property
    def n(self) -> int:
        if self.stats is not None:
            return self.stats.n
        assert self.perception is not None
        return int(self.perception.shape[0])

    def moments(self, plan: StatPlan) -> Moments:
        """The group's statistics: given by a streaming reader, or computed from the answers."""
        if self.stats is not None:
            return self.stats
        assert self.perception is not None
        return moments_of(self.perception, self.expectation, plan)


@dataclass(frozen=True)
class ResponseSet:
    """Every group's answers, and what the reader did with the file."""

    source: str
    indicators: tuple[str, ...]
    groups: tuple[GroupData, ...]
    n_rows: int
    ignored_columns: tuple[str, ...] = ()
    dropped: tuple[CellIssue, ...] = ()
    encoding: str | None = None
    group_column: str | None = None
    columns_used: dict[str, tuple[str, ...]] = field(default_factory=dict)
    scale: Scale | None = None
    """The scale of these answers when it is not the evaluation's ``survey.scale``."""


def reverse_code(values: FloatArray, lo: float, hi: float) -> FloatArray:
    """A reverse-coded answer x becomes lo + hi - x (5 -> 1 on a 1-5 scale)."""
    result: FloatArray = (lo + hi) - np.asarray(values, dtype=np.float64)
    return result

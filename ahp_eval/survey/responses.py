"""Answers in memory: what a survey export or a marks file becomes before scoring.

Readers in :mod:`ahp_eval.io` build these from files; the scoring core only sees
arrays. Columns of every array follow the evaluation's leaves in declared order.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import NamedTuple

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.survey import Scale
from ahp_eval.survey.moments import Moments, StatPlan, moments_of

__all__ = ["CellIssue", "GroupData", "ResponseSet", "SkippedRow", "reverse_code"]


class CellIssue(NamedTuple):
    """A cell that was dropped (``--drop-invalid``) or rejected, located in its file.

    ``row`` counts the file's non-blank rows (the header is row 1); ``line`` is where
    the row starts: the physical line of a CSV file, the row number of an XLSX sheet.
    """

    row: int
    column: str
    value: str
    reason: str
    line: int | None = None


class SkippedRow(NamedTuple):
    """A row of the file that holds no answers and was left out, and why."""

    line: int
    reason: str


class GroupData(NamedTuple):
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

    @property
    def answered(self) -> FloatArray:
        """Valid answers per indicator."""
        if self.stats is not None:
            return self.stats.answered
        assert self.perception is not None
        counts: FloatArray = (~np.isnan(self.perception)).sum(axis=0).astype(np.float64)
        return counts

    def moments(self, plan: StatPlan) -> Moments:
        """The group's statistics: given by a streaming reader, or computed from the answers."""
        if self.stats is not None:
            return self.stats
        assert self.perception is not None
        return moments_of(self.perception, self.expectation, plan)


class ResponseSet(NamedTuple):
    """Every group's answers, and what the reader did with the file."""

    source: str
    indicators: tuple[str, ...]
    groups: Sequence[GroupData]
    """One per site or service; a tuple, or stacked statistics read as a sequence
    (:class:`~ahp_eval.survey.stacked.StackedGroups`)."""
    n_rows: int
    ignored_columns: tuple[str, ...] = ()
    dropped: tuple[CellIssue, ...] = ()
    encoding: str | None = None
    group_column: str | None = None
    columns_used: Mapping[str, tuple[str, ...]] = FrozenDict()
    scale: Scale | None = None
    """The scale of these answers when it is not the evaluation's ``survey.scale``."""
    skipped_rows: tuple[SkippedRow, ...] = ()
    sheet: str | None = None
    """The sheet of an XLSX file the answers come from."""
    labels: str | None = None
    """Where the answer texts read were looked up (``survey.labels`` or the built-in
    wordings of the scale, ``built-in 1-5``); None when every answer was a number."""
    label_texts: Mapping[float, str] = FrozenDict()
    """The first answer text read for each value (``5: "非常满意"``)."""

    def checked(self, evaluation: Evaluation, *, drop_invalid: bool = False) -> ResponseSet:
        """These responses checked against ``evaluation``: every indicator answered in
        every group, every answer on the scale; with ``drop_invalid`` the answers outside
        the scale are dropped and listed in ``dropped``
        (:func:`~ahp_eval.survey.validity.check_responses`)."""
        from ahp_eval.survey.validity import check_responses  # it builds on this module

        return check_responses(self, evaluation, drop_invalid=drop_invalid)


def reverse_code(values: FloatArray, lo: float, hi: float) -> FloatArray:
    """A reverse-coded answer x becomes lo + hi - x (5 -> 1 on a 1-5 scale)."""
    result: FloatArray = (lo + hi) - np.asarray(values, dtype=np.float64)
    return result

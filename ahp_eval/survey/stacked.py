"""Many groups read as statistics, held stacked rather than one object per group.

A streaming reader gathers every group's moments in a few arrays
(:class:`~ahp_eval.survey.group_stats.GroupStats`); :class:`StackedGroups` shows them as the
sequence of :class:`~ahp_eval.survey.responses.GroupData` a response set holds, making
each group's record only when it is asked for. Scoring reads the stacked statistics
directly.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import overload

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import InputError
from ahp_eval.survey.group_moments import IntArray
from ahp_eval.survey.group_stats import GroupStats
from ahp_eval.survey.responses import GroupData

__all__ = ["StackedGroups", "group_counts"]


class StackedGroups(Sequence[GroupData]):
    """Groups given by their names and stacked statistics (in the same order)."""

    __slots__ = ("names", "stats")

    def __init__(self, names: Sequence[str], stats: GroupStats) -> None:
        if len(names) != stats.size:
            msg = (
                f"{len(names)} group names for the statistics of {stats.size} groups; "
                "give one name per group"
            )
            raise InputError(msg)
        self.names = tuple(names)
        self.stats = stats

    def __len__(self) -> int:
        return len(self.names)

    @overload
    def __getitem__(self, i: int) -> GroupData: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[GroupData]: ...
    def __getitem__(self, i: int | slice) -> GroupData | Sequence[GroupData]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return GroupData(self.names[i], None, stats=self.stats.at(i))

    def __iter__(self) -> Iterator[GroupData]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"StackedGroups({len(self)} groups)"

    @property
    def n(self) -> IntArray:
        """Respondents per group."""
        return self.stats.n

    @property
    def answered(self) -> FloatArray:
        """Valid answers per group and indicator."""
        return self.stats.answered


def group_counts(groups: Sequence[GroupData]) -> tuple[IntArray, FloatArray]:
    """Respondents per group, and valid answers per group and indicator."""
    if isinstance(groups, StackedGroups):
        return groups.n, groups.answered
    n = np.array([g.n for g in groups], dtype=np.int64)
    answered = np.array([g.answered for g in groups], dtype=np.float64)
    return n, answered.reshape(len(groups), -1)

"""The reliability report of a set of responses: pooled, and per group when grouped.

Both ways of handling missing answers work from additive statistics, so a streamed
export is read in one pass and no answer is kept: listwise needs the statistics
scoring gathers; pairwise needs :class:`~ahp_eval.survey.covariance.PairMoments`,
which the streaming reader gathers with ``StatPlan.squares`` (``read_responses(...,
pairs=True)``) and which are summed from the answers of a response set read cell by
cell. The items are the indicators (:func:`reliability`) or any columns the
responses hold (:func:`items_reliability`, for ``--items questions``).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.errors import AhpEvalError, OptionError
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.covariance import ItemMatrix, PairMoments, pair_moments, pair_moments_of
from ahp_eval.survey.group_moments import GroupMoments
from ahp_eval.survey.group_stats import GroupStats
from ahp_eval.survey.moments import Moments, StatPlan, moments_of, stat_plan
from ahp_eval.survey.questionnaire import (
    ItemSet,
    Missing,
    ReliabilityResult,
    indicator_items,
    listwise,
    pairwise,
    result_dict,
    result_of,
)
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.split_half import Split
from ahp_eval.survey.stacked import StackedGroups
from ahp_eval.survey.validity import check_responses

__all__ = [
    "ReliabilityReport",
    "answers_reliability",
    "items_reliability",
    "pooled_moments",
    "reliability",
]

Matrices = Callable[[str, tuple[int, ...]], ItemMatrix]


def _sum_chunk(chunk: GroupMoments) -> GroupMoments:
    """One group holding the sums of a chunk's groups."""

    def total(a: Any) -> Any:
        return None if a is None else np.asarray(a, dtype=np.float64).sum(axis=0, keepdims=True)

    return GroupMoments(
        n=chunk.n.sum(keepdims=True),
        pair_count=total(chunk.pair_count),
        pair_sum=total(chunk.pair_sum),
        pair_product=total(chunk.pair_product),
        complete={
            key: type(c)(c.n.sum(keepdims=True), total(c.sums), total(c.products))
            for key, c in chunk.complete.items()
        },
        value_counts=total(chunk.value_counts),
        expectation_count=total(chunk.expectation_count),
        expectation_sum=total(chunk.expectation_sum),
        pair_square=total(chunk.pair_square),
    )


def pooled_moments(groups: Sequence[Moments] | GroupStats) -> Moments:
    """The moments of every respondent: the groups' added up."""
    if isinstance(groups, GroupStats):
        parts = [_sum_chunk(c).at(0) for c in groups.chunks]
    else:
        parts = list(groups)
    total = parts[0]
    for part in parts[1:]:
        total = total + part
    return total


def _check_factors(items: ItemSet, factors: int | None) -> None:
    if factors is not None and not 1 <= factors <= len(items.ids):
        raise OptionError("--factors", f"takes 1 to {len(items.ids)} (the number of items)")


def reliability(
    evaluation: Evaluation,
    responses: ResponseSet,
    *,
    split: Split = "first-half",
    missing: Missing = "listwise",
    factors: int | None = None,
) -> ReliabilityResult:
    """The reliability report of ``responses``' indicators (see the module)."""
    responses = check_responses(responses, evaluation)
    scale = responses.scale or evaluation.survey.scale
    plan = stat_plan(evaluation, scale, counts=False)
    items = indicator_items(evaluation, plan.alpha_groups)
    return items_reliability(items, responses, split=split, missing=missing, factors=factors)


PAIRS_NEEDED = (
    "pairwise statistics need every answer or the pairwise sums of squares; these were "
    "read as statistics without them: read them with read_responses(..., pairs=True)"
)


def _pairs_of(group: GroupData) -> PairMoments:
    """A group's pairwise moments: from its statistics, or summed from its answers."""
    if group.stats is not None and group.stats.pair_square is not None:
        return pair_moments(group.stats)
    if group.perception is None:
        raise AhpEvalError(PAIRS_NEEDED)
    return pair_moments_of(group.perception)


def items_reliability(
    items: ItemSet,
    responses: ResponseSet,
    *,
    split: Split = "first-half",
    missing: Missing = "listwise",
    factors: int | None = None,
) -> ReliabilityResult:
    """The reliability report of ``responses`` whose columns are ``items``: from the
    statistics a streaming reader gathered, or from the answers."""
    _check_factors(items, factors)
    groups = responses.groups
    grouped = responses.group_column is not None
    if isinstance(groups, StackedGroups):
        names = list(groups.names)
        sizes = [int(n) for n in groups.n]
        stats = groups.stats
        every: Sequence[Moments] = [stats.at(i) for i in range(len(groups))] if grouped else []
        pooled = pooled_moments(stats)
        if missing == "pairwise" and pooled.pair_square is None:
            raise AhpEvalError(PAIRS_NEEDED)
    else:
        names = [d.name for d in groups]
        sizes = [int(d.n) for d in groups]
        if missing == "pairwise":
            pairs = [_pairs_of(d) for d in groups]
            total = pairs[0]
            for p in pairs[1:]:
                total = total + p
            parts = [
                (name, size, pairwise(p))
                for name, size, p in zip(names, sizes, pairs if grouped else [], strict=False)
            ]
            return result_of(
                items,
                parts,
                (sum(sizes), pairwise(total)),
                split=split,
                factors=factors,
                missing=missing,
            )
        plan = StatPlan(dict(items.blocks), None)
        every = [d.moments(plan) for d in groups]
        pooled = pooled_moments(every)
        every = every if grouped else []

    def matrices(m: Moments) -> Matrices:
        return listwise(m) if missing == "listwise" else pairwise(pair_moments(m))

    parts = [(name, size, matrices(m)) for name, size, m in zip(names, sizes, every, strict=False)]
    return result_of(
        items, parts, (sum(sizes), matrices(pooled)), split=split, factors=factors, missing=missing
    )


def answers_reliability(
    items: ItemSet,
    groups: Sequence[tuple[str, np.ndarray[Any, np.dtype[np.float64]]]],
    *,
    grouped: bool,
    split: Split = "first-half",
    missing: Missing = "listwise",
    factors: int | None = None,
) -> ReliabilityResult:
    """The reliability report of answers given as arrays (respondents x items, NaN
    missing), one per group."""
    _check_factors(items, factors)
    sizes = [len(a) for a in groups_answers(groups)]
    n_rows = sum(sizes)
    if missing == "listwise":
        plan = StatPlan(dict(items.blocks), None)
        every = [moments_of(a, None, plan) for _, a in groups]
        pooled_of: Matrices = listwise(pooled_moments(every))
        each = [listwise(m) for m in every]
    else:
        pairs = [pair_moments_of(a) for _, a in groups]
        total: PairMoments = pairs[0]
        for p in pairs[1:]:
            total = total + p
        pooled_of = pairwise(total)
        each = [pairwise(p) for p in pairs]
    parts = (
        [(name, size, of) for (name, _), size, of in zip(groups, sizes, each, strict=True)]
        if grouped
        else []
    )
    return result_of(
        items, parts, (n_rows, pooled_of), split=split, factors=factors, missing=missing
    )


def groups_answers(
    groups: Sequence[tuple[str, np.ndarray[Any, np.dtype[np.float64]]]],
) -> list[np.ndarray[Any, np.dtype[np.float64]]]:
    """The answer arrays of named groups."""
    return [a for _, a in groups]


class ReliabilityReport(NamedTuple):
    """What ``ahp-eval reliability`` reports: the result, and the files behind it."""

    evaluation: Evaluation
    responses: ResponseSet
    result: ReliabilityResult

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract of ``ahp-eval reliability``."""
        r = self.responses
        return {
            "format": "ahp-eval/reliability",
            "format_version": 1,
            "file": self.evaluation.path,
            "responses": r.source,
            "group_column": r.group_column,
            "dropped_cells": [
                {
                    "row": c.row,
                    "line": c.line,
                    "column": c.column,
                    "value": c.value,
                    "reason": c.reason,
                }
                for c in r.dropped
            ],
            **result_dict(self.result),
        }

"""Answers fit to score: every indicator answered in every group, every answer on the scale.

The file readers check both as they read; :func:`check_responses` makes the same checks
on a :class:`~ahp_eval.survey.responses.ResponseSet` however it was built (by a reader,
or by a program from its own arrays), and :func:`~ahp_eval.survey.scoring.score` runs
it first, so that a composite is never graded from a missing indicator (NaN) or from
answers outside the scale.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.survey import Scale
from ahp_eval.survey.responses import CellIssue, GroupData, ResponseSet
from ahp_eval.survey.stacked import StackedGroups

__all__ = ["MAX_REPORTED", "check_responses"]

MAX_REPORTED = 50
"""Out-of-scale answers reported one by one; the rest are counted."""

DROP_HINT = (
    "fix these answers, or drop them and list them with "
    "responses.checked(evaluation, drop_invalid=True) (the command line's --drop-invalid)"
)

_SLACK = 1e-9
"""Relative rounding allowed on a mean computed from statistics."""


def _no_answers(name: str, leaf: str, source: str) -> InputError:
    return InputError(f"group {name!r}: indicator {leaf} has no valid answers", path=source)


def _outside(value: float, scale: Scale) -> str:
    return f"{value:g} is outside the scale {scale.min:g}..{scale.max:g}"


def _shape_error(data: GroupData, k: int, source: str) -> InputError | None:
    """What is wrong with the shape of a group's answers, if anything."""
    want = f"(respondents, {k} indicators)"
    perception = np.asarray(data.perception)
    if perception.ndim != 2 or perception.shape[1] != k:
        return InputError(
            f"group {data.name!r}: perception has shape {perception.shape}, expected {want}",
            path=source,
        )
    if data.expectation is not None and np.shape(data.expectation) != perception.shape:
        return InputError(
            f"group {data.name!r}: expectation has shape {np.shape(data.expectation)}, "
            f"expected {perception.shape} as perception",
            path=source,
        )
    return None


def _bad_cells(data: GroupData, scale: Scale) -> Iterator[tuple[str, int, int, float]]:
    """Every answer of a group outside the scale: (which array, row, column, value)."""
    for side, values in (("perception", data.perception), ("expectation", data.expectation)):
        if values is None:
            continue
        x = np.asarray(values, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            bad = ~(np.isnan(x) | ((x >= scale.min) & (x <= scale.max)))
        if bad.any():
            for r, c in zip(*np.nonzero(bad), strict=True):
                yield side, int(r), int(c), float(x[r, c])


def _cleaned(data: GroupData, scale: Scale) -> GroupData:
    """The group with its out-of-scale answers made missing."""

    def clean(values: FloatArray | None) -> FloatArray | None:
        if values is None:
            return None
        x = np.array(values, dtype=np.float64)
        with np.errstate(invalid="ignore"):
            x[~((x >= scale.min) & (x <= scale.max))] = np.nan
        return x

    return data._replace(perception=clean(data.perception), expectation=clean(data.expectation))


def _stats_problems(
    names: Sequence[str],
    answered: FloatArray,
    sums: FloatArray,
    *,
    leaves: Sequence[str],
    scale: Scale,
    source: str,
) -> list[InputError]:
    """Indicators without answers, and means outside the scale, of groups given as
    statistics (their answers cannot be dropped one by one)."""
    errors = [
        _no_answers(names[g], leaves[j], source)
        for g, j in zip(*np.nonzero(answered == 0), strict=True)
    ]
    with np.errstate(invalid="ignore", divide="ignore"):
        means = sums / answered
    slack = _SLACK * max(abs(scale.min), abs(scale.max), 1.0)
    outside = (answered > 0) & ~((means >= scale.min - slack) & (means <= scale.max + slack))
    errors.extend(
        InputError(
            f"group {names[g]!r}: indicator {leaves[j]}: the mean answer "
            f"{_outside(float(means[g, j]), scale)}; these statistics hold answers outside "
            "the scale: fix the answers they were gathered from",
            path=source,
        )
        for g, j in zip(*np.nonzero(outside), strict=True)
    )
    return errors


def check_responses(
    responses: ResponseSet, evaluation: Evaluation, *, drop_invalid: bool = False
) -> ResponseSet:
    """``responses`` checked against ``evaluation`` (its indicators, and the scale of the
    answers: ``responses.scale`` or the evaluation's ``survey.scale``).

    Raises :class:`~ahp_eval.errors.InputErrors` naming every group and indicator
    without a valid answer, and the answers outside the scale (group, array, row
    counted from 0, indicator, value). With ``drop_invalid`` the answers outside the
    scale become missing answers instead and are listed in ``dropped`` (as the file
    readers' ``--drop-invalid`` does); an indicator left without answers is still an
    error. Gives ``responses`` itself when nothing was dropped.
    """
    leaves = tuple(leaf.id for leaf in evaluation.leaves())
    source = responses.source
    if tuple(responses.indicators) != leaves:
        msg = (
            f"the responses' indicators ({', '.join(responses.indicators)}) are not the "
            f"evaluation's ({', '.join(leaves)}); build the responses with "
            "indicators=tuple(leaf.id for leaf in evaluation.leaves()), their columns in that order"
        )
        raise InputError(msg, path=source)
    scale = responses.scale or evaluation.survey.scale
    groups = responses.groups
    if isinstance(groups, StackedGroups):
        errors: list[InputError] = []
        start = 0
        for chunk in groups.stats.chunks:
            names = groups.names[start : start + chunk.size]
            start += chunk.size
            errors += _stats_problems(
                names, chunk.answered, chunk.sums, leaves=leaves, scale=scale, source=source
            )
        if errors:
            raise InputErrors(errors)
        return responses
    errors = []
    shown = 0
    bad = 0
    dropped: list[CellIssue] = []
    kept: list[GroupData] = []
    for data in groups:
        if data.perception is None:
            if data.stats is None:
                errors.append(
                    InputError(f"group {data.name!r}: neither answers nor statistics", path=source)
                )
                continue
            stats = data.stats
            errors += _stats_problems(
                [data.name],
                stats.answered[None],
                stats.sums[None],
                leaves=leaves,
                scale=scale,
                source=source,
            )
            kept.append(data)
            continue
        shape = _shape_error(data, len(leaves), source)
        if shape is not None:
            errors.append(shape)
            continue
        cells = list(_bad_cells(data, scale))
        for side, r, c, value in cells:
            reason = f"group {data.name!r}: {side} row {r}, indicator {leaves[c]}: " + _outside(
                value, scale
            )
            if drop_invalid:
                dropped.append(CellIssue(r, leaves[c], f"{value:g}", reason))
            elif shown < MAX_REPORTED:
                errors.append(InputError(reason, path=source))
                shown += 1
        bad += len(cells)
        if cells and drop_invalid:
            data = _cleaned(data, scale)  # noqa: PLW2901 - the group as scored
        kept.append(data)
        answered = (~np.isnan(np.asarray(data.perception, dtype=np.float64))).sum(axis=0)
        errors.extend(
            _no_answers(data.name, leaves[j], source) for j in np.flatnonzero(answered == 0)
        )
    if bad and not drop_invalid:
        if bad > shown:
            more = f"... and {bad - shown} more answers outside the scale"
            errors.append(InputError(more, path=source))
        errors.append(InputError(DROP_HINT, path=source))
    if errors:
        raise InputErrors(errors)
    if not dropped:
        return responses
    return responses._replace(groups=tuple(kept), dropped=(*responses.dropped, *dropped))

"""What scoring gives: each group's scores and verdict, and the whole result.

The numbers are computed for all groups at once (:mod:`ahp_eval.survey.scoring`) into a
:class:`ScoreTable`; :class:`GroupScore` and :class:`IndicatorScore` records are made
from it when asked for, so thousands of groups cost what their numbers need.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import TYPE_CHECKING, Any, Literal, NamedTuple, overload

import numpy as np
import numpy.typing as npt

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.survey import Scale
from ahp_eval.model.vocabulary import ScoreFormula
from ahp_eval.survey.compare import Comparison
from ahp_eval.survey.fuzzy import FuzzyBasis, FuzzyResult
from ahp_eval.survey.group_moments import (
    IntArray,
)
from ahp_eval.survey.reliability import Alpha
from ahp_eval.survey.responses import ResponseSet

if TYPE_CHECKING:
    from ahp_eval.survey.frames import ScoreFrame
    from ahp_eval.survey.questionnaire import ReliabilityResult

__all__ = [
    "QUADRANTS",
    "QUADRANT_ORDER",
    "BoolArray",
    "FuzzyTable",
    "GroupScore",
    "GroupScores",
    "IndicatorScore",
    "IntervalMethod",
    "Quadrant",
    "ScoreResult",
    "ScoreTable",
]

BoolArray = npt.NDArray[np.bool_]

Quadrant = Literal["keep_up", "concentrate_here", "low_priority", "possible_overkill"]
QUADRANTS: dict[Quadrant, str] = {
    "keep_up": "继续保持 Keep up",
    "concentrate_here": "重点改进 Concentrate here",
    "low_priority": "次要改进 Low priority",
    "possible_overkill": "适度投入 Possible overkill",
}
"""Importance-performance quadrants (Martilla & James 1977)."""

IntervalMethod = Literal["normal", "bootstrap"]


class IndicatorScore(NamedTuple):
    """One indicator in one group."""

    id: str
    n: int
    mean: float
    score: float
    global_weight: float
    shortfall: float
    quadrant: Quadrant
    expectation: float | None = None
    gap: float | None = None
    sd: float | None = None
    """The answers' standard deviation (n - 1); None below two answers."""
    satisfaction: float | None = None
    """The share of answers at or above the scale's ``satisfied_min`` (0-1); None
    without one."""

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "id": self.id,
            "n": self.n,
            "mean": self.mean,
            "score": self.score,
            "global_weight": self.global_weight,
            "shortfall": self.shortfall,
            "quadrant": self.quadrant,
            "sd": self.sd,
            "satisfaction_rate": self.satisfaction,
        }
        if self.gap is not None:
            out["expectation"] = self.expectation
            out["gap"] = self.gap
        return out


class GroupScore(NamedTuple):
    """The rated verdict for one site or service."""

    group: str
    n: int
    composite: float
    grade: str
    interval: tuple[float, float] | None
    criteria: Mapping[str, float]
    indicators: Mapping[str, IndicatorScore]
    alpha: Mapping[str, Alpha]
    priorities: tuple[str, ...]
    gap: float | None = None
    fuzzy: FuzzyResult | None = None

    def __repr__(self) -> str:
        return (
            f"GroupScore(group={self.group!r}, n={self.n}, composite={self.composite:.4f}, "
            f"grade={self.grade!r})"
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "group": self.group,
            "n": self.n,
            "composite": self.composite,
            "grade": self.grade,
            "interval": list(self.interval) if self.interval is not None else None,
            "criteria": dict(self.criteria),
            "indicators": {k: v.to_dict() for k, v in self.indicators.items()},
            "alpha": {k: {"alpha": a.value, "k": a.k, "n": a.n} for k, a in self.alpha.items()},
            "priorities": list(self.priorities),
        }
        if self.gap is not None:
            out["gap"] = self.gap
        if self.fuzzy is not None:
            f = self.fuzzy
            out["fuzzy"] = {
                "basis": f.basis,
                "labels": list(f.labels),
                "level_scores": list(f.level_scores),
                "goal": list(f.goal),
                "vectors": {k: list(v) for k, v in f.vectors.items()},
                "max_membership": f.max_label,
                "score": f.implied_score,
                "grade": f.grade,
            }
        return out


class ScoreResult(NamedTuple):
    """Scores of every group, the weights behind them and how they were computed.

    ``groups`` is a sequence of :class:`GroupScore`; :func:`score` gives one that makes
    each group's record when it is asked for (:class:`GroupScores`).
    """

    weights: HierarchyResult
    responses: ResponseSet
    scale: Scale
    score_formula: ScoreFormula
    interval_method: IntervalMethod
    groups: Sequence[GroupScore]
    bootstrap: int | None = None
    seed: int | None = None
    fuzzy_basis: FuzzyBasis | None = None
    satisfied_min: float | None = None
    """The satisfaction rate's threshold; None when no rate is given."""
    comparisons: tuple[Comparison, ...] | None = None
    """The pairwise comparisons of groups (``score(..., compare=...)``), or None."""
    weights_by: str = "ahp"
    """The leaf weights of the composite: ``ahp``, ``entropy``, ``combined`` or
    ``linear:A`` (``score(..., weights_by=...)``)."""
    entropy_weights: Mapping[str, float] | None = None
    """The entropy weight of each leaf, when the composite uses them."""
    score_weights: Mapping[str, float] | None = None
    """The leaf weights the composite uses, when they are not the AHP's."""
    reliability: ReliabilityResult | None = None
    """The questionnaire's reliability and validity, pooled and per group
    (``score(..., reliability=True)``; :mod:`ahp_eval.survey.reliability_run`)."""

    def to_frame(self, table: ScoreFrame = "groups") -> Any:
        """The scores as a pandas DataFrame (pandas is needed only here):
        ``groups`` (composite, interval, grade, rank per group), ``criteria`` or
        ``indicators`` (long format, one row per group and criterion or indicator)."""
        from ahp_eval.survey.frames import score_frame

        return score_frame(self, table)

    def __repr__(self) -> str:
        return (
            f"ScoreResult(groups={len(self.groups)}, score_formula={self.score_formula!r}, "
            f"interval={self.interval_method!r})"
        )

    @property
    def ranking(self) -> Sequence[GroupScore]:
        """Groups, best composite first (ties keep file order)."""
        if isinstance(self.groups, GroupScores):
            return self.groups.ranked()
        return tuple(sorted(self.groups, key=lambda g: -g.composite))

    def head(self) -> dict[str, Any]:
        """The documented JSON contract of ``ahp-eval score`` up to its groups and ranking
        (which come last)."""
        w = self.weights
        formula = (
            "(x - min) / (max - min) * 100" if self.score_formula == "range" else "x / max * 100"
        )
        return {
            "format": "ahp-eval/score",
            "format_version": 1,
            "file": w.evaluation.path,
            "responses": self.responses.source,
            "illustrative": w.evaluation.settings.illustrative,
            "method": w.method,
            "ri_table": w.ri_table.key,
            "cr_threshold": w.cr_threshold,
            "weights_consistent": w.consistent,
            "scale": {"min": self.scale.min, "max": self.scale.max},
            "score_formula": self.score_formula,
            "score_formula_text": formula,
            "interval_method": self.interval_method,
            "bootstrap": (
                {"resamples": self.bootstrap, "seed": self.seed} if self.bootstrap else None
            ),
            "global_weights": dict(w.global_weights),
            "ignored_columns": list(self.responses.ignored_columns),
            "dropped_cells": [
                {
                    "row": c.row,
                    "line": c.line,
                    "column": c.column,
                    "value": c.value,
                    "reason": c.reason,
                }
                for c in self.responses.dropped
            ],
            "skipped_rows": [
                {"line": s.line, "reason": s.reason} for s in self.responses.skipped_rows
            ],
            "answer_labels": self.responses.labels,
            "satisfied_min": self.satisfied_min,
            "grades": [{"min": b.min, "label": b.label} for b in w.evaluation.grades],
            **(
                {
                    "weights_by": self.weights_by,
                    "entropy_weights": dict(self.entropy_weights),
                    "score_weights": dict(self.score_weights or {}),
                }
                if self.entropy_weights is not None
                else {}
            ),
            **({"reliability": self._reliability_dict()} if self.reliability is not None else {}),
            **(
                {"comparisons": [c.to_dict() for c in self.comparisons]}
                if self.comparisons is not None
                else {}
            ),
        }

    def _reliability_dict(self) -> dict[str, Any]:
        from ahp_eval.survey.questionnaire import result_dict

        assert self.reliability is not None
        return result_dict(self.reliability)

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract of ``ahp-eval score``."""
        return {
            **self.head(),
            "groups": [g.to_dict() for g in self.groups],
            "ranking": self.ranking_names(),
        }

    def ranking_names(self) -> list[str]:
        """The groups' names, best composite first."""
        ranking = self.ranking
        if isinstance(ranking, GroupScores):
            return ranking.names()
        return [g.group for g in ranking]


QUADRANT_ORDER: tuple[Quadrant, ...] = (
    "keep_up",
    "concentrate_here",
    "low_priority",
    "possible_overkill",
)
"""Quadrants by their code in :class:`ScoreTable` (an index into this)."""


class FuzzyTable(NamedTuple):
    """The fuzzy evaluation of every group, stacked."""

    basis: FuzzyBasis
    labels: tuple[str, ...]
    level_scores: tuple[float, ...]
    nodes: tuple[str, ...]
    """The nodes of ``vectors``, in the order :class:`FuzzyResult` lists them."""
    vectors: FloatArray
    """(groups, nodes, labels)."""
    goal: FloatArray
    """(groups, labels)."""
    max_label: IntArray
    implied_score: FloatArray
    grade: IntArray

    def at(self, j: int, grades: tuple[str, ...]) -> FuzzyResult:
        """Group ``j``'s fuzzy evaluation."""
        return FuzzyResult(
            basis=self.basis,
            labels=self.labels,
            level_scores=self.level_scores,
            vectors=FrozenDict(
                (node, tuple(v))
                for node, v in zip(self.nodes, self.vectors[j].tolist(), strict=True)
            ),
            goal=tuple(self.goal[j].tolist()),
            max_label=self.labels[int(self.max_label[j])],
            implied_score=float(self.implied_score[j]),
            grade=grades[int(self.grade[j])],
        )


class ScoreTable(NamedTuple):
    """The scores of every group, stacked (groups x ...), and what they share.

    :class:`GroupScore` records are made from it one at a time (:meth:`group`); a
    report can also read it directly.
    """

    names: Sequence[str]
    leaf_ids: tuple[str, ...]
    global_weights: tuple[float, ...]
    criterion_ids: tuple[str, ...]
    alpha_keys: tuple[str, ...]
    alpha_k: tuple[int, ...]
    grade_labels: tuple[str, ...]
    n: IntArray
    composite: FloatArray
    grade: IntArray
    """Index into ``grade_labels``."""
    interval: FloatArray
    """(groups, 2); rows where ``has_interval`` is False mean no interval."""
    has_interval: BoolArray
    criteria: FloatArray
    answered: FloatArray
    means: FloatArray
    scores: FloatArray
    shortfall: FloatArray
    quadrant: IntArray
    """Index into :data:`QUADRANT_ORDER`."""
    priorities: IntArray
    """Each group's indicators (their columns), most urgent first."""
    alpha: FloatArray
    has_alpha: BoolArray
    alpha_n: IntArray
    expectation: FloatArray | None
    gaps: FloatArray | None
    gap: FloatArray | None
    has_gap: BoolArray | None
    fuzzy: FuzzyTable | None
    sd: FloatArray | None = None
    satisfaction: FloatArray | None = None
    """(groups, indicators): the satisfaction rates, or None."""
    variance: FloatArray | None = None
    """(groups,): each composite's sampling variance (0-100 scale), from the
    pairwise-complete covariance of the answers."""

    @property
    def size(self) -> int:
        """How many groups."""
        return len(self.names)

    def read_only(self) -> ScoreTable:
        """This table with its names a tuple and every array read-only (results never
        change once made)."""
        for value in (*self, *(self.fuzzy or ())):
            if isinstance(value, np.ndarray):
                value.flags.writeable = False
        return self if isinstance(self.names, tuple) else self._replace(names=tuple(self.names))

    def group(self, j: int) -> GroupScore:
        """Group ``j``'s scores as a record."""
        means = self.means[j].tolist()
        scores = self.scores[j].tolist()
        shortfall = self.shortfall[j].tolist()
        answered = self.answered[j].tolist()
        quadrant = self.quadrant[j].tolist()
        if self.gaps is not None and self.expectation is not None:
            gaps = self.gaps[j].tolist()
            expected = self.expectation[j].tolist()
        else:
            gaps = expected = [math.nan] * len(self.leaf_ids)
        nan = [math.nan] * len(self.leaf_ids)
        sd = self.sd[j].tolist() if self.sd is not None else nan
        rate = self.satisfaction[j].tolist() if self.satisfaction is not None else nan
        indicators = {}
        for i, leaf in enumerate(self.leaf_ids):
            has_gap = gaps[i] == gaps[i]  # not NaN
            indicators[leaf] = IndicatorScore(
                id=leaf,
                n=int(answered[i]),
                mean=means[i],
                score=scores[i],
                global_weight=self.global_weights[i],
                shortfall=shortfall[i],
                quadrant=QUADRANT_ORDER[quadrant[i]],
                expectation=expected[i] if has_gap else None,
                gap=gaps[i] if has_gap else None,
                sd=sd[i] if sd[i] == sd[i] else None,
                satisfaction=rate[i] if rate[i] == rate[i] else None,
            )
        alpha = self.alpha[j].tolist()
        has_alpha = self.has_alpha[j].tolist()
        alpha_n = self.alpha_n[j].tolist()
        return GroupScore(
            group=self.names[j],
            n=int(self.n[j]),
            composite=float(self.composite[j]),
            grade=self.grade_labels[int(self.grade[j])],
            interval=(
                (float(self.interval[j, 0]), float(self.interval[j, 1]))
                if self.has_interval[j]
                else None
            ),
            criteria=FrozenDict(zip(self.criterion_ids, self.criteria[j].tolist(), strict=True)),
            indicators=FrozenDict(indicators),
            alpha=FrozenDict(
                (key, Alpha(alpha[a] if has_alpha[a] else None, self.alpha_k[a], alpha_n[a]))
                for a, key in enumerate(self.alpha_keys)
            ),
            priorities=tuple(self.leaf_ids[i] for i in self.priorities[j].tolist()),
            gap=(
                float(self.gap[j])
                if self.gap is not None and self.has_gap is not None and self.has_gap[j]
                else None
            ),
            fuzzy=None if self.fuzzy is None else self.fuzzy.at(j, self.grade_labels),
        )


class GroupScores(Sequence[GroupScore]):
    """The groups of a :class:`ScoreTable` as :class:`GroupScore` records, each made when
    it is asked for; in file order, or in the order given."""

    __slots__ = ("order", "table")

    def __init__(self, table: ScoreTable, order: Sequence[int] | None = None) -> None:
        self.table = table
        self.order = tuple(order) if order is not None else None

    def __len__(self) -> int:
        return self.table.size if self.order is None else len(self.order)

    @overload
    def __getitem__(self, i: int) -> GroupScore: ...
    @overload
    def __getitem__(self, i: slice) -> Sequence[GroupScore]: ...
    def __getitem__(self, i: int | slice) -> GroupScore | Sequence[GroupScore]:
        if isinstance(i, slice):
            return tuple(self[j] for j in range(*i.indices(len(self))))
        if not -len(self) <= i < len(self):
            raise IndexError(i)
        i %= len(self)
        return self.table.group(i if self.order is None else self.order[i])

    def __iter__(self) -> Iterator[GroupScore]:
        return (self[i] for i in range(len(self)))

    def __repr__(self) -> str:
        return f"GroupScores({len(self)} groups)"

    def names(self) -> list[str]:
        """The groups' names, in this order."""
        names = self.table.names
        return list(names) if self.order is None else [names[j] for j in self.order]

    def ranked(self) -> GroupScores:
        """Best composite first (ties keep this order)."""
        composite = self.table.composite.tolist()
        order = range(len(composite)) if self.order is None else self.order
        return GroupScores(self.table, sorted(order, key=lambda j: -composite[j]))

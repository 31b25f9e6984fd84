"""Composite scores from AHP weights and answers (pure numpy).

* indicator score = mean of valid answers, on 0-100:
  ``range``: (x - min)/(max - min) * 100 (default), ``max``: x/max * 100;
* criterion score = local-weight-weighted mean of its children's scores (recursively);
* composite = sum over leaves of global weight x indicator score;
* grade from the bands of ``grades:``;
* 95% interval of the composite: normal, from the pairwise-complete covariance of the
  answers (:func:`ahp_eval.reliability.composite_variance`), or a seeded percentile
  bootstrap over respondents;
* improvement priorities by weighted shortfall ``g_i (100 - score_i)``, and the
  importance-performance quadrants of Martilla & James (1977), split at the means;
* SERVQUAL gap (Parasuraman, Zeithaml & Berry 1988): perception - expectation per
  indicator, weighted into a composite gap.
"""

from __future__ import annotations

from typing import Any, Literal, NamedTuple

import numpy as np

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import AhpEvalError
from ahp_eval.model.survey import Scale, grade_for
from ahp_eval.model.vocabulary import ScoreFormula
from ahp_eval.survey.fuzzy import FuzzyBasis, FuzzyResult, fuzzy_basis, fuzzy_evaluate
from ahp_eval.survey.moments import stat_plan
from ahp_eval.survey.reliability import (
    Alpha,
    alpha_of,
    normal_interval,
    percentile_interval,
    variance_of,
)
from ahp_eval.survey.responses import GroupData, ResponseSet

__all__ = ["QUADRANTS", "GroupScore", "IndicatorScore", "ScoreResult", "score"]

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

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "n": self.n,
            "mean": self.mean,
            "score": self.score,
            "global_weight": self.global_weight,
            "shortfall": self.shortfall,
            "quadrant": self.quadrant,
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
    criteria: dict[str, float]
    indicators: dict[str, IndicatorScore]
    alpha: dict[str, Alpha]
    priorities: tuple[str, ...]
    gap: float | None = None
    fuzzy: FuzzyResult | None = None

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
    """Scores of every group, the weights behind them and how they were computed."""

    weights: HierarchyResult
    responses: ResponseSet
    scale: Scale
    score_formula: ScoreFormula
    interval_method: IntervalMethod
    groups: tuple[GroupScore, ...]
    bootstrap: int | None = None
    seed: int | None = None
    fuzzy_basis: FuzzyBasis | None = None

    @property
    def ranking(self) -> tuple[GroupScore, ...]:
        """Groups, best composite first (ties keep file order)."""
        return tuple(sorted(self.groups, key=lambda g: -g.composite))

    def to_dict(self) -> dict[str, Any]:
        """The documented JSON contract of ``ahp-eval score``."""
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
            "grades": [{"min": b.min, "label": b.label} for b in w.evaluation.grades],
            "groups": [g.to_dict() for g in self.groups],
            "ranking": [g.group for g in self.ranking],
        }


def _converter(scale: Scale, formula: ScoreFormula) -> Any:
    lo, hi = scale.min, scale.max
    if formula == "range":
        return lambda x: (np.asarray(x, dtype=np.float64) - lo) / (hi - lo) * 100.0
    return lambda x: np.asarray(x, dtype=np.float64) / hi * 100.0


def _bootstrap(
    values: FloatArray, g: FloatArray, to100: Any, resamples: int, rng: np.random.Generator
) -> FloatArray:
    n, k = values.shape
    out = np.empty(resamples)
    chunk = max(1, 4_000_000 // max(n * k, 1))
    done = 0
    while done < resamples:
        m = min(chunk, resamples - done)
        idx = rng.integers(0, n, size=(m, n))
        sample = values[idx]  # (m, n, k)
        present = ~np.isnan(sample)
        sums = np.where(present, sample, 0.0).sum(axis=1)
        counts = present.sum(axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            means = sums / counts
        out[done : done + m] = to100(means) @ g
        done += m
    return out[~np.isnan(out)]


def _score_group(
    result: HierarchyResult,
    data: GroupData,
    leaf_ids: tuple[str, ...],
    *,
    scale: Scale,
    formula: ScoreFormula,
    bootstrap: int | None,
    rng: np.random.Generator | None,
    basis: FuzzyBasis | None,
) -> GroupScore:
    ev = result.evaluation
    to100 = _converter(scale, formula)
    plan = stat_plan(ev, scale, counts=basis is not None)
    st = data.moments(plan)
    n_i = st.answered
    with np.errstate(invalid="ignore", divide="ignore"):
        means = st.sums / n_i
    scores = to100(means)
    g = np.array([result.global_weights[i] for i in leaf_ids])
    # a weighted mean of scores in [0, 100]; clip the last-bit rounding of weights summing to 1
    composite = min(max(float(scores @ g), 0.0), 100.0)

    node_score: dict[str, float] = {
        leaf: float(s) for leaf, s in zip(leaf_ids, scores, strict=True)
    }
    local = {m.node.id: m.weights for m in result.matrices}
    for m in reversed(result.matrices):  # bottom-up: children before parents
        node_score[m.node.id] = sum(
            local[m.node.id][c.id] * node_score[c.id] for c in m.node.children
        )
    criteria = {
        n.id: node_score[n.id] for n in ev.goal.walk() if n is not ev.goal and not n.is_leaf
    }

    interval: tuple[float, float] | None = None
    if data.n < 2:
        pass  # one respondent (a team's marks): no sampling interval
    elif bootstrap and rng is not None:
        if data.perception is None:
            msg = "the bootstrap needs every answer in memory; these were read as statistics"
            raise AhpEvalError(msg)
        samples = _bootstrap(data.perception, g, to100, bootstrap, rng)
        interval = percentile_interval(samples)
    else:
        c = 100.0 / (scale.max - scale.min) if formula == "range" else 100.0 / scale.max
        interval = normal_interval(composite, c * c * variance_of(st, g))
    if interval is not None:
        interval = (max(interval[0], 0.0), min(interval[1], 100.0))

    alpha = {key: alpha_of(c) for key, c in st.complete.items()}

    shortfall = g * (100.0 - scores)
    mean_g, mean_s = float(g.mean()), float(scores.mean())
    gaps: FloatArray | None = None
    exp_means: FloatArray | None = None
    if st.expectation_sum is not None and st.expectation_count is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            exp_means = st.expectation_sum / st.expectation_count
        gaps = means - exp_means
    indicators: dict[str, IndicatorScore] = {}
    for i, leaf in enumerate(leaf_ids):
        high_imp, high_perf = g[i] >= mean_g, scores[i] >= mean_s
        quadrant: Quadrant = (
            ("keep_up" if high_perf else "concentrate_here")
            if high_imp
            else ("possible_overkill" if high_perf else "low_priority")
        )
        has_gap = gaps is not None and not np.isnan(gaps[i])
        indicators[leaf] = IndicatorScore(
            id=leaf,
            n=int(n_i[i]),
            mean=float(means[i]),
            score=float(scores[i]),
            global_weight=float(g[i]),
            shortfall=float(shortfall[i]),
            quadrant=quadrant,
            expectation=float(exp_means[i]) if has_gap and exp_means is not None else None,
            gap=float(gaps[i]) if has_gap and gaps is not None else None,
        )
    gap_total = None
    if gaps is not None:
        ok = ~np.isnan(gaps)
        if ok.any():
            gap_total = float((g[ok] * gaps[ok]).sum() / g[ok].sum())
    order = sorted(range(len(leaf_ids)), key=lambda i: -shortfall[i])
    fuzzy = None
    if basis is not None:
        fuzzy = fuzzy_evaluate(
            ev.goal,
            local,
            leaf_ids,
            st.value_counts,
            data.perception,
            values=plan.values,
            scale=scale,
            to100=to100,
            grades=ev.grades,
            basis=basis,
        )
    return GroupScore(
        group=data.name,
        n=data.n,
        composite=composite,
        grade=grade_for(composite, ev.grades),
        interval=interval,
        criteria=criteria,
        indicators=indicators,
        alpha=alpha,
        priorities=tuple(leaf_ids[i] for i in order),
        gap=gap_total,
        fuzzy=fuzzy,
    )


def score(
    weights: HierarchyResult,
    responses: ResponseSet,
    *,
    score_formula: ScoreFormula | None = None,
    bootstrap: int | None = None,
    seed: int | None = None,
    fuzzy: bool = False,
) -> ScoreResult:
    """Score every group of ``responses`` with the weights of ``weights``."""
    ev = weights.evaluation
    scale = responses.scale or ev.survey.scale
    formula: ScoreFormula = score_formula or ev.survey.score_formula
    leaf_ids = tuple(leaf.id for leaf in ev.leaves())
    if tuple(responses.indicators) != leaf_ids:
        msg = "responses do not follow the evaluation's indicators"
        raise ValueError(msg)
    rng = np.random.default_rng(seed) if bootstrap else None
    basis = fuzzy_basis(scale) if fuzzy else None
    groups = tuple(
        _score_group(
            weights,
            data,
            leaf_ids,
            scale=scale,
            formula=formula,
            bootstrap=bootstrap,
            rng=rng,
            basis=basis,
        )
        for data in responses.groups
    )
    return ScoreResult(
        weights=weights,
        responses=responses,
        scale=scale,
        score_formula=formula,
        interval_method="bootstrap" if bootstrap else "normal",
        groups=groups,
        bootstrap=bootstrap,
        seed=seed,
        fuzzy_basis=basis,
    )

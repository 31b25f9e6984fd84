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
  indicator, weighted into a composite gap;
* per indicator: the standard deviation of the answers (n - 1) and the satisfaction
  rate, the share of answers at or above ``survey.satisfied_min`` (from the value
  counts, an averaged answer at its nearest value).
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.ahp.hierarchy import HierarchyResult
from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import AhpEvalError, InputError
from ahp_eval.model.evaluation import Evaluation, Node
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.survey import GradeBand, Scale, satisfied_threshold
from ahp_eval.model.vocabulary import ScoreFormula
from ahp_eval.survey.compare import CompareMode
from ahp_eval.survey.fuzzy import FuzzyBasis, fuzzy_basis, fuzzy_evaluate
from ahp_eval.survey.group_moments import (
    GroupMoments,
    IntArray,
    group_moments,
    triangle,
)
from ahp_eval.survey.group_stats import CHUNK_GROUPS
from ahp_eval.survey.moments import StatPlan, stat_plan
from ahp_eval.survey.objective import (
    WeightChoice,
    combined_weights,
    entropy_weights,
    weight_choice,
)
from ahp_eval.survey.reliability import Z_95, percentile_interval
from ahp_eval.survey.responses import GroupData, ResponseSet
from ahp_eval.survey.score_results import (
    QUADRANT_ORDER,
    QUADRANTS,
    BoolArray,
    FuzzyTable,
    GroupScore,
    GroupScores,
    IndicatorScore,
    ScoreResult,
    ScoreTable,
)
from ahp_eval.survey.stacked import StackedGroups
from ahp_eval.survey.validity import check_responses

__all__ = [
    "QUADRANTS",
    "QUADRANT_ORDER",
    "FuzzyTable",
    "GroupScore",
    "GroupScores",
    "IndicatorScore",
    "ScoreResult",
    "ScoreTable",
    "level_names",
    "pick_seed",
    "score",
]


def pick_seed() -> int:
    """A fresh seed for a bootstrap run without one (0 .. 2**31 - 1)."""
    import secrets

    return secrets.randbelow(2**31)


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


class _Shared(NamedTuple):
    """What scoring every group shares."""

    evaluation: Evaluation
    leaf_ids: tuple[str, ...]
    g: FloatArray
    to100: Any
    scale: Scale
    formula: ScoreFormula
    local: Mapping[str, Mapping[str, float]]
    plan: StatPlan
    basis: FuzzyBasis | None
    criterion_ids: tuple[str, ...]
    grade_labels: tuple[str, ...]
    satisfied: float | None = None
    """The satisfaction rate's threshold (None: no rate)."""


def _grades(scores: FloatArray, grades: tuple[GradeBand, ...]) -> IntArray:
    """:func:`grade_for` of many scores, as indices into ``grades``."""
    out = np.full(len(scores), len(grades) - 1, dtype=np.int64)
    left = np.ones(len(scores), dtype=np.bool_)
    for b, band in enumerate(grades):
        hit = left & (scores >= band.min)
        out[hit] = b
        left &= ~hit
    return out


def _alphas(st: GroupMoments) -> tuple[FloatArray, BoolArray, IntArray, tuple[int, ...]]:
    """:func:`alpha_of` of every group and item group: values, whether defined, n, k."""
    size, keys = st.size, len(st.complete)
    value = np.full((size, keys), math.nan)
    defined = np.zeros((size, keys), dtype=np.bool_)
    counts = np.zeros((size, keys), dtype=np.int64)
    ks = []
    for a, c in enumerate(st.complete.values()):
        k, n = c.sums.shape[1], c.n
        ks.append(k)
        counts[:, a] = n
        if k < 2:
            continue
        products = c.products[:, triangle(k).position]
        with np.errstate(invalid="ignore", divide="ignore"):
            outer = c.sums[:, :, None] * c.sums[:, None, :] / n[:, None, None]
            cov = (products - outer) / (n - 1)[:, None, None]
            item_var = np.trace(cov, axis1=1, axis2=2)
            total_var = cov.sum(axis=(1, 2))
            value[:, a] = k / (k - 1) * (1 - item_var / total_var)
        defined[:, a] = (n >= 2) & ~(total_var <= 1e-12 * np.maximum(item_var, 1.0))
    return value, defined, counts, tuple(ks)


def _variances(st: GroupMoments, w: FloatArray) -> FloatArray:
    """:func:`variance_of` of every group."""
    position = triangle(st.k).position
    n_ij = st.pair_count[:, position]
    n_i = st.answered
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_i_j = st.pair_sum / n_ij
        cov = (st.pair_product[:, position] - n_ij * mean_i_j * mean_i_j.transpose(0, 2, 1)) / (
            n_ij - 1
        )
        scale = n_ij / (n_i[:, :, None] * n_i[:, None, :])
    terms = np.where(n_ij >= 2, cov * scale, 0.0)
    return np.array([max(float(w @ t @ w), 0.0) for t in terms])


def _fuzzy_order(goal: Node, leaf_ids: tuple[str, ...]) -> tuple[str, ...]:
    """The nodes of a fuzzy evaluation's vectors: leaves, then parents children first."""
    order = list(leaf_ids)

    def up(node: Node) -> None:
        if node.is_leaf:
            return
        for c in node.children:
            up(c)
        order.append(node.id)

    up(goal)
    return tuple(order)


def _fuzzy_levels(shared: _Shared, basis: FuzzyBasis) -> tuple[tuple[str, ...], FloatArray, Any]:
    """Labels, 0-100 scores and the level of an answer, as :func:`fuzzy_evaluate` has them."""
    scale, to100 = shared.scale, shared.to100
    if basis == "levels":
        levels = np.arange(scale.min, scale.max + 1.0)

        def level(v: FloatArray) -> FloatArray:
            result: FloatArray = np.floor(v - scale.min + 0.5)
            return result

        return tuple(f"{v:g}" for v in levels), to100(levels), level
    ascending = sorted(shared.evaluation.grades, key=lambda b: b.min)
    mins = np.array([b.min for b in ascending])
    tops = np.append(mins[1:], 100.0)

    def band(v: FloatArray) -> FloatArray:
        return np.asarray(np.searchsorted(mins, to100(v), side="right") - 1.0, dtype=np.float64)

    return tuple(b.label for b in ascending), np.asarray((mins + tops) / 2), band


def _fuzzy_stacked(st: GroupMoments, shared: _Shared, basis: FuzzyBasis) -> FuzzyTable:
    """:func:`fuzzy_evaluate` of every group from its value counts."""
    assert st.value_counts is not None
    assert shared.plan.values is not None
    labels, level_scores, level = _fuzzy_levels(shared, basis)
    size = len(labels)
    slot = level(shared.plan.values).astype(np.int64).clip(0, size - 1)
    counts = st.value_counts @ np.eye(size)[slot]  # (groups, leaves, labels), exact sums
    vectors: dict[str, FloatArray] = {}
    totals = np.maximum(counts.sum(axis=2), 1.0)
    for col, leaf in enumerate(shared.leaf_ids):
        vectors[leaf] = counts[:, col] / totals[:, col, None]

    def up(node: Node) -> FloatArray:
        if node.is_leaf:
            return vectors[node.id]
        w = shared.local[node.id]
        vec = np.zeros((st.size, size))
        for c in node.children:
            vec = vec + w[c.id] * up(c)
        vectors[node.id] = vec
        return vec

    goal = up(shared.evaluation.goal)
    nodes = _fuzzy_order(shared.evaluation.goal, shared.leaf_ids)
    implied = np.array([float(b @ level_scores) for b in goal])
    return FuzzyTable(
        basis=basis,
        labels=labels,
        level_scores=tuple(float(v) for v in level_scores),
        nodes=nodes,
        vectors=np.stack([vectors[node] for node in nodes], axis=1),
        goal=goal,
        max_label=np.argmax(goal, axis=1),
        implied_score=implied,
        grade=_grades(implied, shared.evaluation.grades),
    )


def _fuzzy_each(groups: Sequence[GroupData], shared: _Shared, basis: FuzzyBasis) -> FuzzyTable:
    """:func:`fuzzy_evaluate` of each group from its answers (no value counts)."""
    results = [
        fuzzy_evaluate(
            shared.evaluation.goal,
            shared.local,
            shared.leaf_ids,
            None,
            data.perception,
            values=shared.plan.values,
            scale=shared.scale,
            to100=shared.to100,
            grades=shared.evaluation.grades,
            basis=basis,
        )
        for data in groups
    ]
    labels, level_scores, _ = _fuzzy_levels(shared, basis)
    nodes = _fuzzy_order(shared.evaluation.goal, shared.leaf_ids)
    grades = shared.grade_labels
    return FuzzyTable(
        basis=basis,
        labels=labels,
        level_scores=tuple(float(v) for v in level_scores),
        nodes=nodes,
        vectors=np.array([[f.vectors[node] for node in nodes] for f in results]).reshape(
            len(results), len(nodes), len(labels)
        ),
        goal=np.array([f.goal for f in results]).reshape(len(results), len(labels)),
        max_label=np.array([labels.index(f.max_label) for f in results], dtype=np.int64),
        implied_score=np.array([f.implied_score for f in results]),
        grade=np.array([grades.index(f.grade) for f in results], dtype=np.int64),
    )


def _score_chunk(st: GroupMoments, shared: _Shared) -> dict[str, Any]:
    """The scores of a chunk of groups, as the columns of a :class:`ScoreTable`."""
    st = st.astype(np.float64)
    g, to100, scale = shared.g, shared.to100, shared.scale
    n_i = st.answered
    with np.errstate(invalid="ignore", divide="ignore"):
        means = st.sums / n_i
    scores = to100(means)
    # a weighted mean of scores in [0, 100]; clip the last-bit rounding of weights summing to 1
    composite = np.minimum(np.maximum(np.array([float(s @ g) for s in scores]), 0.0), 100.0)

    node_score = {leaf: scores[:, i] for i, leaf in enumerate(shared.leaf_ids)}
    for node_id, children in _bottom_up(shared):
        total: Any = 0
        for child, weight in children:
            total = total + weight * node_score[child]
        node_score[node_id] = total
    criteria = np.zeros((st.size, len(shared.criterion_ids)))
    for col, criterion in enumerate(shared.criterion_ids):
        criteria[:, col] = node_score[criterion]

    has_interval = st.n >= 2  # one respondent (a team's marks): no sampling interval
    c = 100.0 / (scale.max - scale.min) if shared.formula == "range" else 100.0 / scale.max
    variance = c * c * _variances(st, g)
    half = Z_95 * np.sqrt(variance)
    interval = np.stack(
        [np.maximum(composite - half, 0.0), np.minimum(composite + half, 100.0)], axis=1
    )

    alpha, has_alpha, alpha_n, alpha_k = _alphas(st)

    shortfall = g * (100.0 - scores)
    high_imp = g >= float(g.mean())
    high_perf = scores >= scores.mean(axis=1)[:, None]
    quadrant = np.where(high_imp, np.where(high_perf, 0, 1), np.where(high_perf, 3, 2))
    priorities = np.argsort(-shortfall, axis=1, kind="stable")
    for bad in np.flatnonzero(np.isnan(shortfall).any(axis=1)):  # as sorted() orders NaN
        row = shortfall[bad]
        priorities[bad] = sorted(range(len(row)), key=lambda i: -row[i])

    gaps = exp_means = gap = has_gap = None
    if st.expectation_sum is not None and st.expectation_count is not None:
        with np.errstate(invalid="ignore", divide="ignore"):
            exp_means = st.expectation_sum / st.expectation_count
        gaps = means - exp_means
        gap = np.full(st.size, math.nan)
        has_gap = np.zeros(st.size, dtype=np.bool_)
        for j, row in enumerate(gaps):
            ok = ~np.isnan(row)
            if ok.any():
                gap[j] = float((g[ok] * row[ok]).sum() / g[ok].sum())
                has_gap[j] = True
    fuzzy = None
    if shared.basis is not None and st.value_counts is not None and shared.plan.values is not None:
        fuzzy = _fuzzy_stacked(st, shared, shared.basis)
    sd, satisfaction = _spread(st, shared)
    return {
        "n": st.n,
        "composite": composite,
        "grade": _grades(composite, shared.evaluation.grades),
        "interval": interval,
        "has_interval": has_interval,
        "criteria": criteria,
        "answered": n_i,
        "means": means,
        "scores": scores,
        "shortfall": shortfall,
        "quadrant": quadrant.astype(np.int8),
        "priorities": priorities.astype(np.int32),
        "alpha": alpha,
        "has_alpha": has_alpha,
        "alpha_n": alpha_n,
        "alpha_k": alpha_k,
        "alpha_keys": tuple(st.complete),
        "expectation": exp_means,
        "gaps": gaps,
        "gap": gap,
        "has_gap": has_gap,
        "fuzzy": fuzzy,
        "sd": sd,
        "satisfaction": satisfaction,
        "variance": variance,
    }


def _spread(st: GroupMoments, shared: _Shared) -> tuple[FloatArray, FloatArray | None]:
    """Each indicator's standard deviation (NaN below two answers) and satisfaction
    rate (None when there is no threshold or no value counts)."""
    n_i = st.answered
    squares = st.pair_product[:, triangle(st.k).diagonal].astype(np.float64)
    sums = st.sums
    with np.errstate(invalid="ignore", divide="ignore"):
        var = (squares - sums * sums / n_i) / (n_i - 1)
    sd: FloatArray = np.where(n_i >= 2, np.sqrt(np.maximum(var, 0.0)), math.nan)
    values = shared.plan.values
    if shared.satisfied is None or values is None or st.value_counts is None:
        return sd, None
    top = values >= shared.satisfied - 1e-9 * max(1.0, abs(shared.satisfied))
    with np.errstate(invalid="ignore", divide="ignore"):
        rate: FloatArray = st.value_counts[:, :, top].sum(axis=2) / n_i
    return sd, rate


def _bottom_up(shared: _Shared) -> list[tuple[str, list[tuple[str, float]]]]:
    """Each parent with its children and their local weights, children before parents."""
    ev = shared.evaluation
    order = [n for n in ev.goal.walk() if not n.is_leaf]
    return [
        (node.id, [(c.id, shared.local[node.id][c.id]) for c in node.children])
        for node in reversed(order)
    ]


def _stats_chunks(groups: Sequence[GroupData], plan: StatPlan) -> Iterator[GroupMoments]:
    """The groups' moments, chunk by chunk: as read, or computed from the answers."""
    if isinstance(groups, StackedGroups):
        yield from groups.stats.chunks
        return
    for a in range(0, len(groups), CHUNK_GROUPS):
        part = groups[a : a + CHUNK_GROUPS]
        yield _whole_answers(part, plan) or GroupMoments.stack([d.moments(plan) for d in part])


def _whole_answers(groups: Sequence[GroupData], plan: StatPlan) -> GroupMoments | None:
    """The moments of groups given by their answers, gathered at once where every
    answer is a whole number (the same numbers as each group's own, to the last bit);
    None otherwise."""
    if not groups or any(d.stats is not None or d.perception is None for d in groups):
        return None
    answers = [d.perception for d in groups if d.perception is not None]
    expected = [d.expectation for d in groups if d.expectation is not None]
    if expected and len(expected) < len(groups):
        return None
    values = np.concatenate(answers)
    expectation = np.concatenate(expected) if expected else None
    for x in (values, expectation):
        if x is not None and not np.all(np.isnan(x) | (x == np.floor(x))):
            return None
    sizes = [len(x) for x in answers]
    which = np.repeat(np.arange(len(groups)), sizes)
    return group_moments(values, expectation, plan, which, len(groups))


def _joined(parts: list[Any]) -> Any:
    """Chunks' columns joined (None stays None)."""
    if not parts or parts[0] is None:
        return None
    if isinstance(parts[0], FuzzyTable):
        first = parts[0]
        return first._replace(
            vectors=np.concatenate([p.vectors for p in parts]),
            goal=np.concatenate([p.goal for p in parts]),
            max_label=np.concatenate([p.max_label for p in parts]),
            implied_score=np.concatenate([p.implied_score for p in parts]),
            grade=np.concatenate([p.grade for p in parts]),
        )
    return np.concatenate(parts)


def _table(
    responses: ResponseSet,
    shared: _Shared,
    *,
    bootstrap: int | None,
    rng: np.random.Generator | None,
    kept: dict[int, FloatArray] | None = None,
) -> ScoreTable:
    """Every group's scores; ``kept`` receives each group's bootstrap composites."""
    groups = responses.groups
    names = groups.names if isinstance(groups, StackedGroups) else [d.name for d in groups]
    k = len(shared.leaf_ids)
    columns: dict[str, list[Any]] = {}
    alpha_keys: tuple[str, ...] = tuple(shared.plan.alpha_groups)
    alpha_k: tuple[int, ...] = tuple(len(c) for c in shared.plan.alpha_groups.values())
    for st in _stats_chunks(groups, shared.plan):
        part = _score_chunk(st, shared)
        alpha_keys, alpha_k = part.pop("alpha_keys"), part.pop("alpha_k")
        for key, value in part.items():
            columns.setdefault(key, []).append(value)
    if not columns:  # no groups
        empty = _score_chunk(GroupMoments.zeros(0, k, shared.plan, expectation=False), shared)
        columns = {key: [value] for key, value in empty.items()}
        columns.pop("alpha_keys")
        columns.pop("alpha_k")
    table = ScoreTable(
        names=names,
        leaf_ids=shared.leaf_ids,
        global_weights=tuple(shared.g.tolist()),
        criterion_ids=shared.criterion_ids,
        alpha_keys=alpha_keys,
        alpha_k=alpha_k,
        grade_labels=shared.grade_labels,
        **{key: _joined(parts) for key, parts in columns.items()},
    )
    if bootstrap and rng is not None:
        interval, has_interval = table.interval.copy(), table.has_interval.copy()
        for j, data in enumerate(groups):
            if not has_interval[j]:
                continue
            if data.perception is None:
                msg = (
                    "the bootstrap needs every answer in memory; these were read as "
                    "statistics: read them with read_responses(..., keep_answers=True)"
                )
                raise AhpEvalError(msg)
            samples = _bootstrap(data.perception, shared.g, shared.to100, bootstrap, rng)
            if samples.size == 0:  # every resample left an indicator unanswered: undefined
                has_interval[j] = False
                continue
            lo, hi = percentile_interval(samples)
            interval[j] = (max(lo, 0.0), min(hi, 100.0))
            if kept is not None:
                kept[j] = samples
        table = table._replace(interval=interval, has_interval=has_interval)
    if shared.basis is not None and table.fuzzy is None:
        table = table._replace(fuzzy=_fuzzy_each(groups, shared, shared.basis))
    return table


def score(
    weights: HierarchyResult,
    responses: ResponseSet,
    *,
    score_formula: ScoreFormula | None = None,
    bootstrap: int | None = None,
    seed: int | None = None,
    fuzzy: bool = False,
    compare: CompareMode | None = None,
    weights_by: WeightChoice | str | None = None,
    reliability: bool = False,
) -> ScoreResult:
    """Score every group of ``responses`` with the weights of ``weights``. A bootstrap
    without a ``seed`` picks one (:func:`pick_seed`), kept in the result's ``seed``.
    ``compare`` adds the pairwise comparisons of groups
    (:func:`~ahp_eval.survey.compare.comparisons`). ``weights_by`` (``entropy``,
    ``combined``, ``linear:A``; :mod:`ahp_eval.survey.objective`) weights the composite,
    grades and ranking by objective or combined leaf weights instead of the AHP's.
    ``reliability`` adds the questionnaire's reliability and validity, pooled and per
    group (:func:`ahp_eval.survey.reliability_run.reliability`, listwise)."""
    ev = weights.evaluation
    scale = responses.scale or ev.survey.scale
    formula: ScoreFormula = score_formula or ev.survey.score_formula
    leaf_ids = tuple(leaf.id for leaf in ev.leaves())
    responses = check_responses(responses, ev)
    if bootstrap and seed is None:  # a seed of its own, recorded, so the run can be repeated
        seed = pick_seed()
    rng = np.random.default_rng(seed) if bootstrap else None
    basis = fuzzy_basis(scale) if fuzzy else None
    satisfied = satisfied_threshold(scale, ev.survey.satisfied_min)
    choice = weight_choice(weights_by) if isinstance(weights_by, str) else weights_by
    shared = _Shared(
        evaluation=ev,
        leaf_ids=leaf_ids,
        g=np.array([weights.global_weights[i] for i in leaf_ids]),
        to100=_converter(scale, formula),
        scale=scale,
        formula=formula,
        local={m.node.id: m.weights for m in weights.matrices},
        plan=stat_plan(
            ev,
            scale,
            counts=basis is not None or satisfied is not None,
            entropy=choice is not None and choice.needs_entropy,
        ),
        basis=basis,
        criterion_ids=tuple(n.id for n in ev.goal.walk() if n is not ev.goal and not n.is_leaf),
        grade_labels=tuple(b.label for b in ev.grades),
        satisfied=satisfied,
    )
    entropy = None
    if choice is not None and choice.needs_entropy:
        entropy = _entropy(responses, shared)
        used = combined_weights(choice, shared.g, entropy)
        shared = shared._replace(
            g=used, local=_local_weights(ev, dict(zip(leaf_ids, used, strict=True)))
        )
    questionnaire = None
    if reliability:
        from ahp_eval.survey.reliability_run import reliability as reliability_of

        questionnaire = reliability_of(ev, responses)
    samples: dict[int, FloatArray] | None = {} if compare and bootstrap else None
    table = _table(responses, shared, bootstrap=bootstrap, rng=rng, kept=samples)
    texts = ev.survey.labels or {t: v for v, t in responses.label_texts.items()}
    if table.fuzzy is not None and table.fuzzy.basis == "levels" and texts:
        named = level_names(table.fuzzy.labels, texts)
        table = table._replace(fuzzy=table.fuzzy._replace(labels=named))
    pairs = None
    if compare is not None:
        from ahp_eval.survey.compare import comparisons

        ranked = GroupScores(table).ranked()
        assert ranked.order is not None
        assert table.variance is not None
        pairs = comparisons(
            table.names,
            table.composite,
            table.variance,
            table.n.tolist(),
            ranked.order,
            mode=compare,
            samples=samples,
        )
    return ScoreResult(
        weights=weights,
        responses=responses,
        scale=scale,
        score_formula=formula,
        interval_method="bootstrap" if bootstrap else "normal",
        groups=GroupScores(table.read_only()),
        bootstrap=bootstrap,
        seed=seed,
        fuzzy_basis=basis,
        satisfied_min=satisfied,
        comparisons=pairs,
        weights_by=choice.label if choice is not None else "ahp",
        entropy_weights=(
            None if entropy is None else FrozenDict(zip(leaf_ids, entropy.tolist(), strict=True))
        ),
        score_weights=(
            None if entropy is None else FrozenDict(zip(leaf_ids, shared.g.tolist(), strict=True))
        ),
        reliability=questionnaire,
    )


def level_names(levels: Sequence[str], labels: Mapping[str, float]) -> tuple[str, ...]:
    """The fuzzy evaluation's levels (the scale's values, ``"5"``) named by the answer
    labels: ``"5 非常满意"``, the first text of ``labels`` with that value (``survey.labels``,
    else the texts the answers used); a value no text has keeps its number."""
    first: dict[float, str] = {}
    for text, value in labels.items():
        first.setdefault(float(value), text)
    return tuple(
        f"{level} {first[float(level)]}" if float(level) in first else level for level in levels
    )


def _entropy(responses: ResponseSet, shared: _Shared) -> FloatArray:
    """The entropy weights of the leaves, over every group's answers pooled."""
    if shared.scale.min < 0:
        msg = (
            f"entropy weights need answers of 0 or more; the scale starts at "
            f"{shared.scale.min:g}; use --weights ahp"
        )
        raise InputError(msg)
    k = len(shared.leaf_ids)
    m, sums, log_sums = np.zeros(k), np.zeros(k), np.zeros(k)
    for st in _stats_chunks(responses.groups, shared.plan):
        if st.log_sum is None:
            msg = (
                "entropy weights need sum x ln x per indicator; these statistics were read "
                "without it: read them with read_responses(..., entropy=True)"
            )
            raise AhpEvalError(msg)
        m += st.answered.sum(axis=0)
        sums += st.sums.sum(axis=0)
        log_sums += st.log_sum.sum(axis=0)
    return entropy_weights(shared.leaf_ids, m, sums, log_sums)


def _local_weights(ev: Evaluation, leaf: dict[str, float]) -> dict[str, dict[str, float]]:
    """Local weights that give these leaf weights: a node's weight is the sum over its
    leaves, a child's local weight its share of its parent's."""
    total: dict[str, float] = {}

    def weigh(node: Node) -> float:
        if node.is_leaf:
            total[node.id] = leaf[node.id]
        else:
            total[node.id] = sum(weigh(c) for c in node.children)
        return total[node.id]

    weigh(ev.goal)
    return {
        node.id: {
            c.id: (total[c.id] / total[node.id] if total[node.id] > 0 else 0.0)
            for c in node.children
        }
        for node in ev.goal.walk()
        if not node.is_leaf
    }

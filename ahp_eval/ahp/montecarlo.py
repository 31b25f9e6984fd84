"""Monte Carlo sensitivity: the judgments perturbed at random, every ranking re-made.

Each judgment given, ``a_ij`` with ``i < j``, is perturbed on the log scale::

    a'_ij = a_ij exp(e_ij),   e_ij ~ N(0, s^2) independent,   a'_ji = 1 / a'_ij

not clipped to the 1/9..9 scale (``s`` is the spread in natural-log units; a pair not
compared in an incomplete matrix stays missing). The matrices of every sample are solved
as the evaluation solves them (its method and RI table; LLSM and GCI* for an incomplete
matrix), in stacks of samples, and the global weights, alternatives' totals and group
composites are composed in numpy. Per ranked item: the mean and the 5th and 95th
percentiles of its value, the share of samples in which it keeps its rank and in which
it ranks first; per matrix, the share of samples in which it passes its consistency test,
and the share in which every matrix does.

A sampler of matrices (:data:`Sampler`) makes the stacks; :func:`lognormal` is the one
above. A :data:`Resampler` replaces the sampler and the solving together: it gives every
matrix's weights and test for a whole chunk of samples at once (the bootstrap of an
expert panel's judges, :mod:`ahp_eval.ahp.panel_bootstrap`, is one).
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, NamedTuple

import numpy as np

from ahp_eval.ahp.incomplete import gci_threshold, solve_incomplete_stack
from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.sensitivity import Ranked
from ahp_eval.errors import AhpEvalError
from ahp_eval.model.vocabulary import FloatArray

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.model.evaluation import Judgment

__all__ = [
    "CHUNK_VALUES",
    "DEFAULT_SAMPLES",
    "DEFAULT_SPREAD",
    "KEPT_VALUES",
    "ItemStats",
    "MatrixShare",
    "MonteCarloResult",
    "RankingStats",
    "Resampler",
    "Sampler",
    "Target",
    "lognormal",
    "monte_carlo",
    "solve_target",
]

DEFAULT_SPREAD = 0.35
"""``s`` in natural-log units: about half a step of the 1..9 scale at its low end."""
DEFAULT_SAMPLES = 10_000
CHUNK_VALUES = 4_000_000
"""About how many matrix entries one chunk of samples holds (32 MB of float64)."""
KEPT_VALUES = 8_000_000
"""The percentiles come from the first ``KEPT_VALUES // items`` samples of a ranking."""

IntArray = np.ndarray[tuple[int], np.dtype[np.intp]]

Sampler = Callable[["Judgment", int, np.random.Generator], FloatArray]
"""``(judgment, size, rng) -> (size, n, n)`` matrices standing for the judgment
(NaN where a pair is not compared)."""


def lognormal(spread: float) -> Sampler:
    """Perturb every pair given: ``a'_ij = a_ij exp(e_ij)``, ``e_ij ~ N(0, spread^2)``."""

    places: dict[int, tuple[Judgment, IntArray, IntArray, IntArray]] = {}

    def sample(judgment: Judgment, size: int, rng: np.random.Generator) -> FloatArray:
        A = judgment.matrix
        n = A.shape[0]
        known = places.get(id(judgment))
        if known is None or known[0] is not judgment:
            iu, ju = np.triu_indices(n, k=1)
            given = judgment.given_mask()[iu, ju]
            iu, ju = iu[given], ju[given]
            known = (judgment, iu, iu * n + ju, ju * n + iu)
            places[id(judgment)] = known
        _, iu, upper_at, lower_at = known
        # every entry written once: the fixed ones from A, then the perturbed pairs
        out = np.empty((size, n * n))
        out[:] = A.reshape(n * n)
        if len(iu) == 0:
            return out.reshape(size, n, n)
        e = (
            rng.normal(0.0, spread, size=(size, len(iu)))
            if spread > 0
            else np.zeros((size, len(iu)))
        )
        upper = np.exp(e, out=e)
        upper *= A.reshape(n * n)[upper_at]
        out[:, upper_at] = upper
        out[:, lower_at] = np.divide(1.0, upper, out=upper)
        return out.reshape(size, n, n)

    return sample


class ItemStats(NamedTuple):
    """One ranked item over the samples."""

    id: str
    value: float
    """Its value at the evaluation's own judgments."""
    rank: int
    """Its rank there (1 is first)."""
    mean: float
    p5: float
    p95: float
    keeps_rank: float
    """Share of samples in which it has the same rank."""
    first: float
    """Share of samples in which it ranks first."""


class RankingStats(NamedTuple):
    """A ranking over the samples: its items, best first at the evaluation's judgments."""

    ranked: Ranked
    items: tuple[ItemStats, ...]
    same_ranking: float
    """Share of samples with the whole ranking unchanged."""

    @property
    def top(self) -> ItemStats | None:
        return self.items[0] if self.items else None


class MatrixShare(NamedTuple):
    """Share of samples in which one matrix passes its consistency test."""

    key: str
    """The parent's id; for an alternatives matrix, the leaf's id."""
    alternatives: bool
    share: float


class MonteCarloResult(NamedTuple):
    """Every ranking over the samples, and how often the matrices stay consistent."""

    samples: int
    spread: float
    seed: int | None
    rankings: tuple[RankingStats, ...]
    matrices: tuple[MatrixShare, ...]
    all_consistent: float
    """Share of samples in which every matrix passes."""


class Target(NamedTuple):
    """One matrix of the hierarchy that the samples vary."""

    key: str
    judgment: Judgment
    alternatives: bool
    incomplete: bool


Resampler = Callable[
    [Sequence[Target], int, np.random.Generator],
    list[tuple[FloatArray, "np.ndarray[tuple[int], np.dtype[np.bool_]]"]],
]
"""``(targets, size, rng) -> [(weights (size, n), passes (size,)) for each target]``."""


def _targets(result: HierarchyResult) -> list[Target]:
    ev = result.evaluation
    out = [
        Target(m.node.id, m.judgment, alternatives=False, incomplete=bool(m.judgment.missing))
        for m in result.matrices
        if m.judgment.n > 1
    ]
    for leaf in ev.leaves():
        j = ev.alternative_judgments.get(leaf.id)
        if j is not None:
            out.append(Target(leaf.id, j, alternatives=True, incomplete=bool(j.missing)))
    return out


def solve_target(
    target: Target, stack: FloatArray, result: HierarchyResult
) -> tuple[FloatArray, np.ndarray[tuple[int], np.dtype[np.bool_]]]:
    """Weights of a stack and whether each passes the test the hierarchy applies."""
    n = stack.shape[-1]
    threshold = result.cr_threshold
    if not target.incomplete:
        res = solve_stack(stack, result.method, result.ri_table)
        return res.weights, np.asarray(res.cr < threshold)
    given = target.judgment.given_mask()
    inc = solve_incomplete_stack(stack, np.broadcast_to(given, stack.shape), result.ri_table)
    pairs = int(np.triu(given, k=1).sum())
    if pairs <= n - 1:
        return inc.weights, np.ones(len(stack), dtype=np.bool_)
    if math.isclose(threshold, 0.1, rel_tol=0.0, abs_tol=1e-12):
        limit = gci_threshold(n)
        assert limit is not None  # a cycle needs n >= 3
        return inc.weights, np.asarray(inc.gci < limit)
    return inc.weights, np.asarray(inc.cr < threshold)


class _Tally:
    """Running sums of one ranking over the chunks."""

    def __init__(self, ranked: Ranked, point: FloatArray, samples: int) -> None:
        self.ranked = ranked
        items = len(ranked.ids)
        self.point = point
        self.order = sorted(range(items), key=lambda k: -point[k])
        self.base_order = np.array(self.order, dtype=np.intp)
        self.total = np.zeros(items)
        self.keeps = np.zeros(items, dtype=np.int64)
        self.first = np.zeros(items, dtype=np.int64)
        self.same = 0
        # one row per item, so that each item's kept values are contiguous
        self.kept = np.empty((items, min(samples, KEPT_VALUES // max(items, 1))))
        self.filled = 0

    def add(self, values: FloatArray) -> None:
        items = values.shape[1]
        if items == 0:
            return
        order = np.argsort(-values, axis=1, kind="stable")
        # item k keeps its rank r when the sample's r-th place holds k
        same = order == self.base_order[None, :]
        self.keeps[self.base_order] += same.sum(axis=0)
        self.first += np.bincount(order[:, 0], minlength=items)
        self.same += int(same.all(axis=1).sum())
        self.total += values.sum(axis=0)
        room = min(self.kept.shape[1] - self.filled, len(values))
        self.kept[:, self.filled : self.filled + room] = values[:room].T
        self.filled += room

    def stats(self, samples: int) -> RankingStats:
        kept = self.kept[:, : self.filled]
        p5, p95 = (
            _percentiles(kept, (5.0, 95.0))
            if kept.shape[1]
            else np.full((2, len(self.point)), math.nan)
        )
        items = tuple(
            ItemStats(
                id=self.ranked.ids[k],
                value=float(self.point[k]),
                rank=r + 1,
                mean=float(self.total[k] / samples),
                p5=float(p5[k]),
                p95=float(p95[k]),
                keeps_rank=float(self.keeps[k] / samples),
                first=float(self.first[k] / samples),
            )
            for r, k in enumerate(self.order)
        )
        return RankingStats(self.ranked, items, self.same / samples)


def _percentiles(rows: FloatArray, qs: tuple[float, ...]) -> FloatArray:
    """``np.percentile(rows, qs, axis=1)`` (linear), bit for bit; reorders ``rows`` in place.

    One partition finds every order statistic the percentiles need, and the two
    neighbours are interpolated as numpy does (``a + (b - a) t``, or ``b - (b - a)(1 - t)``
    when ``t >= 0.5``).
    """
    count = rows.shape[1]
    if count < 2 or np.isnan(rows).any():
        return np.asarray(np.percentile(rows, qs, axis=1), dtype=np.float64)
    virtual = (count - 1) * np.true_divide(np.asarray(qs, dtype=np.float64), 100)
    below = np.floor(virtual)
    t = virtual - below
    lo = below.astype(np.intp)
    hi = np.minimum(lo + 1, count - 1)
    rows.partition(sorted({int(i) for i in (*lo, *hi)}), axis=1)
    out = np.empty((len(qs), rows.shape[0]))
    for k in range(len(qs)):
        a = rows[:, lo[k]]
        b = rows[:, hi[k]]
        diff = b - a
        out[k] = b - diff * (1 - t[k]) if t[k] >= 0.5 else a + diff * t[k]
    return out


def _chunk_size(targets: Sequence[Target], items: int, samples: int) -> int:
    per_sample = sum(t.judgment.n**2 for t in targets) * 3 + items * 4 + 1
    return max(1, min(samples, CHUNK_VALUES // per_sample))


def monte_carlo(
    result: HierarchyResult,
    rankings: Sequence[Ranked],
    *,
    samples: int = DEFAULT_SAMPLES,
    spread: float = DEFAULT_SPREAD,
    seed: int | None = None,
    sampler: Sampler | None = None,
    resampler: Resampler | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> MonteCarloResult:
    """Perturb the judgments ``samples`` times and re-make every ranking.

    ``rankings`` are those of :func:`ahp_eval.ahp.sensitivity.rankings` for ``result``;
    ``sampler`` defaults to :func:`lognormal` with ``spread``; a ``resampler`` replaces
    it (and the solving) when given; ``progress`` is called with (samples done, samples
    in all) after each chunk.
    """
    if samples < 1:
        msg = f"samples must be at least 1, got {samples}"
        raise AhpEvalError(msg)
    if not spread >= 0 or not math.isfinite(spread):
        msg = f"spread must be a finite number >= 0, got {spread}"
        raise AhpEvalError(msg)
    draw = sampler or lognormal(spread)
    rng = np.random.default_rng(seed)
    ev = result.evaluation
    leaves = ev.leaves()
    targets = _targets(result)
    g0 = np.array([result.global_weights[leaf.id] for leaf in leaves])
    tallies = [_Tally(r, r.values(g0), samples) for r in rankings]
    passes = np.zeros(len(targets), dtype=np.int64)
    all_pass = 0
    chunk = _chunk_size(targets, sum(len(r.ids) for r in rankings) + len(leaves), samples)
    parents = [m.node for m in result.matrices]
    leaf_index = {leaf.id: k for k, leaf in enumerate(leaves)}
    done = 0
    while done < samples:
        m = min(chunk, samples - done)
        weights: dict[tuple[str, bool], FloatArray] = {}
        ok = np.ones(m, dtype=np.bool_)
        solved = (
            resampler(targets, m, rng)
            if resampler is not None
            else [solve_target(t, draw(t.judgment, m, rng), result) for t in targets]
        )
        for t, (target, (w, passed)) in enumerate(zip(targets, solved, strict=True)):
            weights[target.key, target.alternatives] = w
            passes[t] += int(passed.sum())
            ok &= passed
        all_pass += int(ok.sum())
        node_w: dict[str, FloatArray] = {ev.goal.id: np.ones(m)}
        for node in parents:
            a = node_w[node.id]
            local = weights.get((node.id, False))
            for i, c in enumerate(node.children):
                node_w[c.id] = a if local is None else a * local[:, i]
        g = np.stack([node_w[leaf.id] for leaf in leaves], axis=1)
        for tally in tallies:
            tally.add(_values(tally.ranked, g, weights, leaf_index))
        done += m
        if progress is not None:
            progress(done, samples)
    return MonteCarloResult(
        samples=samples,
        spread=spread,
        seed=seed,
        rankings=tuple(t.stats(samples) for t in tallies),
        matrices=tuple(
            MatrixShare(t.key, t.alternatives, float(passes[k] / samples))
            for k, t in enumerate(targets)
        ),
        all_consistent=all_pass / samples,
    )


def _values(
    ranked: Ranked,
    g: FloatArray,
    weights: dict[tuple[str, bool], FloatArray],
    leaf_index: dict[str, int],
) -> FloatArray:
    """The ranked items' values in every sample of a chunk (rows)."""
    if ranked.kind != "alternatives":
        return ranked.values(g)
    # the alternatives' own matrices were perturbed too: their local vectors vary
    m = len(g)
    items = len(ranked.ids)
    total = np.zeros((m, items))
    ideal = ranked.normalised
    for leaf_id, col in leaf_index.items():
        w = weights.get((leaf_id, True))
        if w is None:  # a performance table: fixed
            local = np.broadcast_to(ranked.matrix[:, col], (m, items))
        else:
            local = w / w.max(axis=1, keepdims=True) if ideal else w
        total += g[:, col, None] * local
    if ideal:
        total /= total.sum(axis=1, keepdims=True)
    return total

"""One-at-a-time sensitivity: how far one local weight may move before a ranking changes.

For a node ``c`` with parent ``p`` and local weight ``w_c``, its local weight is set to
``x`` and its siblings ``s`` are rescaled in proportion, ``w_s (1 - x) / (1 - w_c)``,
so that the parent's local weights still sum to 1 and keep their ratios. With
``G_l`` the global weight of leaf ``l`` at the current weights:

* a leaf under ``c``: ``G_l(x) = G_l x / w_c``;
* a leaf under a sibling of ``c``: ``G_l(x) = G_l (1 - x) / (1 - w_c)``;
* any other leaf: ``G_l(x) = G_l``.

Every global weight is affine in ``x``, ``G_l(x) = alpha_l + beta_l x``, and so is
whatever is a fixed linear combination of them: an alternative's total priority by
distributive synthesis (``sum_l G_l v_il``), its un-normalised total by ideal synthesis
(``sum_l G_l u_il``), and a group's composite score (``sum_l G_l s_l``, the indicator
scores fixed). Two affine items ``a`` and ``b`` swap at most once, at::

    x* = (alpha_b - alpha_a) / (beta_a - beta_b)

(never when ``beta_a = beta_b``: the lines are parallel). Ideal synthesis renormalises
the totals to sum 1; that divides every item by the same positive number, so the
ranking, and every swap point, is that of the un-normalised sums, which are affine.

The ranking holds as long as each item stays at or above the next one, ``(alpha_a -
alpha_b) + (beta_a - beta_b) x >= 0`` for consecutive items ``a``, ``b``: each such
condition holds on a half-line, and their intersection with ``[0, 1]`` is the stability
interval, which runs between the nearest swap points on either side of the current
weight. The top item's interval is the same with the conditions of the top against
every other item.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Literal, NamedTuple

import numpy as np

from ahp_eval.errors import NotFoundError
from ahp_eval.model.vocabulary import FloatArray

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.model.evaluation import Node

__all__ = [
    "SWAP_ITEMS",
    "Criterion",
    "Ranked",
    "RankedKind",
    "RankingSensitivity",
    "Swap",
    "affine_leaf_weights",
    "alternatives_ranked",
    "groups_ranked",
    "leaves_ranked",
    "one_at_a_time",
    "rankings",
    "varied_nodes",
]

RankedKind = Literal["leaves", "alternatives", "groups"]
"""What a ranking ranks: the leaves by global weight, the alternatives by total priority,
or the scored groups by composite score."""

SWAP_ITEMS = 30
"""Swap points are listed among the first this many items of the current ranking."""

_EDGE = 1e-9
"""Swap points this close to 0 or 1 are where two lines meet at an end of [0, 1]."""

_TOLERANCE = 1e-12
"""Slopes closer than this (relative to the largest value) are parallel: no swap."""


class Ranked(NamedTuple):
    """Items whose values are a fixed linear map of the leaves' global weights.

    ``values = matrix @ G`` with ``G`` the leaves' global weights in declared order;
    ``normalised``: the values shown are divided by their sum (ideal synthesis).
    """

    kind: RankedKind
    ids: tuple[str, ...]
    names: tuple[tuple[str, str | None], ...]
    """Each item's name and English name."""
    matrix: FloatArray
    normalised: bool = False
    left_out: tuple[str, ...] = ()
    """Items that cannot be ranked (a group with an indicator nobody answered)."""

    def values(self, g: FloatArray) -> FloatArray:
        """The items' values for leaf global weights ``g`` (a vector or rows of them)."""
        arr = np.asarray(g, dtype=np.float64)
        raw: FloatArray = arr.copy() if self.kind == "leaves" else arr @ self.matrix.T
        if self.normalised:
            raw = raw / raw.sum(axis=-1, keepdims=True)
        return raw


def leaves_ranked(result: HierarchyResult) -> Ranked:
    """The leaves, ranked by their global weights."""
    leaves = result.evaluation.leaves()
    return Ranked(
        kind="leaves",
        ids=tuple(leaf.id for leaf in leaves),
        names=tuple((leaf.name, leaf.name_en) for leaf in leaves),
        matrix=np.eye(len(leaves)),
    )


def alternatives_ranked(result: HierarchyResult) -> Ranked | None:
    """The alternatives, ranked by total priority (None when the file has none)."""
    alt = result.alternatives
    if alt is None:
        return None
    ids = tuple(a.id for a in alt.alternatives)
    by_leaf = {row.id: row.local for row in alt.leaves}
    leaves = result.evaluation.leaves()
    matrix = np.array([[by_leaf[leaf.id][i] for leaf in leaves] for i in ids], dtype=np.float64)
    return Ranked(
        kind="alternatives",
        ids=ids,
        names=tuple((a.name, a.name_en) for a in alt.alternatives),
        matrix=matrix.reshape(len(ids), len(leaves)),
        normalised=alt.synthesis == "ideal",
    )


def groups_ranked(names: Sequence[str], scores: FloatArray) -> Ranked:
    """Scored groups ranked by composite: ``scores`` holds each group's indicator scores
    (0-100) in the leaves' declared order; a group with a score missing is left out."""
    arr = np.asarray(scores, dtype=np.float64).reshape(len(names), -1)
    ok = np.all(np.isfinite(arr), axis=1)
    kept = [k for k in range(len(names)) if ok[k]]
    return Ranked(
        kind="groups",
        ids=tuple(names[k] for k in kept),
        names=tuple((names[k], None) for k in kept),
        matrix=arr[kept].reshape(len(kept), arr.shape[1]),
        left_out=tuple(names[k] for k in range(len(names)) if not ok[k]),
    )


def rankings(
    result: HierarchyResult, groups: tuple[Sequence[str], FloatArray] | None = None
) -> tuple[Ranked, ...]:
    """Whatever the evaluation ranks: the leaves, the alternatives if any, and the
    groups when their indicator scores are given."""
    out = [leaves_ranked(result)]
    alt = alternatives_ranked(result)
    if alt is not None:
        out.append(alt)
    if groups is not None:
        out.append(groups_ranked(*groups))
    return tuple(out)


class Swap(NamedTuple):
    """Two items change places at local weight ``x``: ``first`` ranks above ``second``
    for weights just below ``x``, below it just above."""

    x: float
    first: str
    second: str


class Criterion(NamedTuple):
    """One node's local weight varied: the items' lines, intervals and swap points."""

    node: Node
    parent: Node
    weight: float
    """The current local weight ``w_c``."""
    alpha: FloatArray
    beta: FloatArray
    top: str
    top_interval: tuple[float, float]
    ranking_interval: tuple[float, float]
    swaps: tuple[Swap, ...]
    normalised: bool = False

    def values(self, x: float | FloatArray) -> FloatArray:
        """The items' values at local weight ``x`` (a number, or rows for many)."""
        xs = np.asarray(x, dtype=np.float64)
        raw: FloatArray = self.alpha + self.beta * xs[..., None]
        if self.normalised:
            raw = raw / raw.sum(axis=-1, keepdims=True)
        return raw


class RankingSensitivity(NamedTuple):
    """One ranking's one-at-a-time analysis: every node with siblings varied in turn."""

    ranked: Ranked
    values: FloatArray
    """The items' values at the current weights."""
    order: tuple[int, ...]
    """Item indices, best first (ties keep declared order)."""
    criteria: tuple[Criterion, ...]

    @property
    def top(self) -> str | None:
        return self.ranked.ids[self.order[0]] if self.order else None


def affine_leaf_weights(result: HierarchyResult, node_id: str) -> tuple[FloatArray, FloatArray]:
    """``alpha`` and ``beta`` of every leaf's global weight (declared order) as the local
    weight of ``node_id`` runs over [0, 1], its siblings rescaled in proportion."""
    ev = result.evaluation
    parent = _parent_of(result, node_id)  # NotFoundError for an id that is no child
    node = ev.nodes[node_id]
    w_c = result.matrix(parent.id).weights[node_id]
    g = np.array([result.global_weights[leaf.id] for leaf in ev.leaves()])
    inside = _leaf_mask(ev.leaves(), node)
    siblings = np.zeros(len(g), dtype=np.bool_)
    for s in parent.children:
        if s.id != node_id:
            siblings |= _leaf_mask(ev.leaves(), s)
    alpha = np.where(inside, 0.0, g)
    beta = np.zeros_like(g)
    beta[inside] = g[inside] / w_c
    rest = 1.0 - w_c
    alpha[siblings] = g[siblings] / rest
    beta[siblings] = -g[siblings] / rest
    return alpha, beta


def _leaf_mask(leaves: Sequence[Node], node: Node) -> np.ndarray[tuple[int], np.dtype[np.bool_]]:
    under = {n.id for n in node.walk() if n.is_leaf}
    return np.array([leaf.id in under for leaf in leaves], dtype=np.bool_)


def _parent_of(result: HierarchyResult, node_id: str) -> Node:
    for m in result.matrices:
        if any(c.id == node_id for c in m.node.children):
            return m.node
    msg = f"{node_id!r} has no parent with a judgment matrix"
    raise NotFoundError(msg)


def varied_nodes(result: HierarchyResult) -> list[tuple[Node, Node]]:
    """Every (node, parent) whose local weight can move: a node with siblings, top-down."""
    return [
        (c, m.node) for m in result.matrices for c in m.node.children if len(m.node.children) > 1
    ]


def _order(values: FloatArray) -> tuple[int, ...]:
    return tuple(sorted(range(len(values)), key=lambda k: -values[k]))


def _interval(
    alpha: FloatArray, beta: FloatArray, pairs: Sequence[tuple[int, int]], x0: float
) -> tuple[float, float]:
    """Where ``value[a] >= value[b]`` for every pair ``(a, b)``, around ``x0``, in [0, 1]."""
    lo, hi = 0.0, 1.0
    if not pairs:
        return lo, hi
    a = np.array([p[0] for p in pairs])
    b = np.array([p[1] for p in pairs])
    d_alpha = alpha[a] - alpha[b]
    d_beta = beta[a] - beta[b]
    tol = _TOLERANCE * max(float(np.max(np.abs(alpha) + np.abs(beta))), 1e-300)
    moving = np.abs(d_beta) > tol
    with np.errstate(divide="ignore", invalid="ignore"):
        at = -d_alpha / np.where(moving, d_beta, 1.0)
    rising = moving & (d_beta > 0)  # holds for x >= at
    falling = moving & (d_beta < 0)  # holds for x <= at
    if rising.any():
        lo = max(lo, float(at[rising].max()))
    if falling.any():
        hi = min(hi, float(at[falling].min()))
    return min(lo, x0), max(hi, x0)


def _swaps(
    alpha: FloatArray, beta: FloatArray, ids: Sequence[str], among: Sequence[int]
) -> tuple[Swap, ...]:
    idx = np.array(among, dtype=np.int64)
    if len(idx) < 2:
        return ()
    ia, ib = np.triu_indices(len(idx), k=1)
    a, b = idx[ia], idx[ib]
    d_beta = beta[a] - beta[b]
    tol = _TOLERANCE * max(float(np.max(np.abs(alpha) + np.abs(beta))), 1e-300)
    moving = np.abs(d_beta) > tol
    with np.errstate(divide="ignore", invalid="ignore"):
        x = (alpha[b] - alpha[a]) / np.where(moving, d_beta, 1.0)
    # meeting at an end of [0, 1] is no swap: the order is the same all through it
    inside = moving & (x > _EDGE) & (x < 1.0 - _EDGE)
    found = [
        # a is above b for x below the swap when its slope is the smaller one
        Swap(float(x[k]), ids[a[k]], ids[b[k]])
        if d_beta[k] < 0
        else Swap(float(x[k]), ids[b[k]], ids[a[k]])
        for k in np.flatnonzero(inside)
    ]
    return tuple(sorted(found, key=lambda s: s.x))


def one_at_a_time(result: HierarchyResult, ranked: Ranked) -> RankingSensitivity:
    """Every node with siblings varied in turn over [0, 1]: the items' lines, the
    stability intervals of the top item and of the whole ranking, and the swap points."""
    g = np.array([result.global_weights[leaf.id] for leaf in result.evaluation.leaves()])
    values = ranked.values(g)
    order = _order(values)
    criteria: list[Criterion] = []
    if not order:
        return RankingSensitivity(ranked, values, order, ())
    top = order[0]
    top_pairs = [(top, k) for k in order[1:]]
    chain = list(itertools.pairwise(order))
    for node, parent in varied_nodes(result):
        x0 = result.matrix(parent.id).weights[node.id]
        leaf_alpha, leaf_beta = affine_leaf_weights(result, node.id)
        alpha = ranked.matrix @ leaf_alpha
        beta = ranked.matrix @ leaf_beta
        criteria.append(
            Criterion(
                node=node,
                parent=parent,
                weight=x0,
                alpha=alpha,
                beta=beta,
                top=ranked.ids[top],
                top_interval=_interval(alpha, beta, top_pairs, x0),
                ranking_interval=_interval(alpha, beta, chain, x0),
                swaps=_swaps(alpha, beta, ranked.ids, order[:SWAP_ITEMS]),
                normalised=ranked.normalised,
            )
        )
    return RankingSensitivity(ranked, values, order, tuple(criteria))

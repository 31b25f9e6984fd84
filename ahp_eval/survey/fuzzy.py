"""Fuzzy comprehensive evaluation (模糊综合评价) on top of AHP weights.

For each indicator the membership vector r_i is the share of its answers at each
scale level (``levels``) or in each grade band (``grades``). Going up the hierarchy
with the weighted-average operator M(·, +), a parent's vector is
``B = sum_c w_c r_c`` over its children c with their local weights, so the goal's
vector is ``B = sum_i g_i r_i`` over the leaves with their global weights. The
report gives the membership vectors, the maximum-membership grade, and the score
the goal vector implies, ``sum_k b_k s_k`` with s_k the 0-100 score of level or
band k. (With no missing answers and levels, that score equals the composite.)
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Literal, NamedTuple

import numpy as np

from ahp_eval.ahp.matrix import FloatArray
from ahp_eval.errors import AhpEvalError
from ahp_eval.model.evaluation import Node
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.survey import GradeBand, Scale, grade_for

__all__ = ["FuzzyBasis", "FuzzyResult", "fuzzy_basis", "fuzzy_evaluate"]

FuzzyBasis = Literal["levels", "grades"]


class FuzzyResult(NamedTuple):
    """Membership vectors of every node, and the verdict they give."""

    basis: FuzzyBasis
    labels: tuple[str, ...]
    level_scores: tuple[float, ...]
    vectors: Mapping[str, tuple[float, ...]]
    goal: tuple[float, ...]
    max_label: str
    implied_score: float
    grade: str


def fuzzy_basis(scale: Scale) -> FuzzyBasis:
    """Levels for a small integer scale (1-5, 1-7, 1-10), grade bands otherwise."""
    lo, hi = scale.min, scale.max
    integer = float(lo).is_integer() and float(hi).is_integer()
    return "levels" if integer and 1 <= hi - lo <= 10 else "grades"


def fuzzy_evaluate(
    goal: Node,
    local_weights: Mapping[str, Mapping[str, float]],
    leaf_ids: tuple[str, ...],
    value_counts: FloatArray | None,
    answers: FloatArray | None,
    *,
    values: FloatArray | None,
    scale: Scale,
    to100: Callable[[FloatArray], FloatArray],
    grades: tuple[GradeBand, ...],
    basis: FuzzyBasis,
) -> FuzzyResult:
    """Membership vectors (leaves from the answers or their value counts; parents by
    weighted average)."""
    if basis == "levels":
        levels = np.arange(scale.min, scale.max + 1.0)
        scores = to100(levels)
        labels = tuple(f"{v:g}" for v in levels)

        def index(v: FloatArray) -> FloatArray:
            result: FloatArray = np.floor(v - scale.min + 0.5)
            return result
    else:
        ascending = sorted(grades, key=lambda b: b.min)
        mins = np.array([b.min for b in ascending])
        tops = np.append(mins[1:], 100.0)
        scores = np.asarray((mins + tops) / 2, dtype=np.float64)
        labels = tuple(b.label for b in ascending)

        def index(v: FloatArray) -> FloatArray:
            result: FloatArray = np.asarray(
                np.searchsorted(mins, to100(v), side="right") - 1.0, dtype=np.float64
            )
            return result

    k = len(labels)
    vectors: dict[str, tuple[float, ...]] = {}
    for col, leaf in enumerate(leaf_ids):
        if value_counts is not None and values is not None:
            counts: FloatArray = np.asarray(
                np.bincount(
                    index(values).astype(np.int64).clip(0, k - 1),
                    weights=value_counts[col],
                    minlength=k,
                ),
                dtype=np.float64,
            )
        elif answers is not None:
            idx = index(answers[:, col])
            idx = idx[~np.isnan(idx)].astype(np.int64).clip(0, k - 1)
            counts = np.bincount(idx, minlength=k).astype(np.float64)
        else:
            msg = (
                "fuzzy memberships need the answers or their value counts: "
                "read the answers with fuzzy=True"
            )
            raise AhpEvalError(msg)
        vectors[leaf] = tuple(float(c) for c in counts / max(counts.sum(), 1.0))

    def up(node: Node) -> FloatArray:
        if node.is_leaf:
            return np.array(vectors[node.id])
        w = local_weights[node.id]
        vec: FloatArray = sum((w[c.id] * up(c) for c in node.children), start=np.zeros(k))
        vectors[node.id] = tuple(float(v) for v in vec)
        return vec

    b = up(goal)
    implied = float(b @ scores)
    return FuzzyResult(
        basis=basis,
        labels=labels,
        level_scores=tuple(float(s) for s in scores),
        vectors=FrozenDict(vectors),
        goal=tuple(float(v) for v in b),
        max_label=labels[int(np.argmax(b))],
        implied_score=implied,
        grade=grade_for(implied, grades),
    )

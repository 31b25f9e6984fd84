"""Objective and combined weights in the score reports (``score --weights``): the line
that says which weights the composite uses, and the AHP, entropy and used weight of each
indicator side by side."""

from __future__ import annotations

from collections.abc import Mapping

from ahp_eval.report.common import weight_fmt
from ahp_eval.survey.score_results import ScoreResult

__all__ = ["WEIGHT_HEADERS", "node_weights", "weights_line", "weights_rows"]

RULES = {
    "entropy": "entropy weights ew_j = (1 - e_j) / Σ (1 - e_l)",
    "combined": "combined a_j ew_j / Σ a_l ew_l (a: AHP, ew: entropy)",
}
WEIGHT_HEADERS: list[tuple[str, bool]] = [
    ("ID", False),
    ("指标 Indicator", False),
    ("AHP", True),
    ("熵权 Entropy", True),
    ("采用 Used", True),
]


def weights_line(result: ScoreResult) -> str | None:
    """Which leaf weights the composite uses, when they are not the AHP's."""
    if result.score_weights is None:
        return None
    by = result.weights_by
    if by.startswith("linear:"):
        share = float(by.removeprefix("linear:"))
        rule = f"linear {share:g} × AHP + {1 - share:g} × entropy"
    else:
        rule = RULES.get(by, by)
    return f"指标权重 Indicator weights: {rule}; the AHP weights are shown beside"


def weights_rows(result: ScoreResult, p: int, lang: str) -> list[list[str]]:
    """Each indicator: its AHP global weight, entropy weight and the weight used."""
    if result.score_weights is None or result.entropy_weights is None:
        return []
    ev = result.weights.evaluation
    return [
        [
            leaf.id,
            leaf.label(lang),
            weight_fmt(result.weights.global_weights[leaf.id], p),
            weight_fmt(result.entropy_weights[leaf.id], p),
            weight_fmt(result.score_weights[leaf.id], p),
        ]
        for leaf in ev.leaves()
    ]


def node_weights(result: ScoreResult) -> Mapping[str, float]:
    """Each node's global weight as the composite uses it: the AHP's, or with other leaf
    weights (``--weights``) the sum over the node's leaves."""
    used = result.score_weights
    if used is None:
        return result.weights.node_weights
    out: dict[str, float] = {}
    for node in result.weights.evaluation.goal.walk():
        out[node.id] = sum(used[leaf.id] for leaf in node.walk() if leaf.is_leaf)
    return out

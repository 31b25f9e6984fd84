"""Warnings about a score that the user should read beside the report (on standard error)."""

from __future__ import annotations

from ahp_eval.survey.score_results import GroupScores, ScoreResult

__all__ = ["WARNINGS_SHOWN", "alpha_warnings", "seed_line"]

WARNINGS_SHOWN = 10
"""How many negative alphas are named one per line; the rest are counted."""


def alpha_warnings(result: ScoreResult, shown: int = WARNINGS_SHOWN) -> list[str]:
    """One line per negative Cronbach's alpha (group, criterion or overall): its items do
    not measure one thing, or some are reverse-coded without ``reverse: true``."""
    found: list[tuple[str, str, float]] = []
    groups = result.groups
    if isinstance(groups, GroupScores):  # the stacked table: no record per group
        table = groups.table
        order = groups.order if groups.order is not None else range(table.size)
        negative = table.has_alpha & (table.alpha < 0)
        found.extend(
            (table.names[j], table.alpha_keys[a], float(table.alpha[j, a]))
            for j in order
            for a in negative[j].nonzero()[0].tolist()
        )
    else:
        for g in groups:
            for key, alpha in g.alpha.items():
                if alpha.value is not None and alpha.value < 0:
                    found.append((g.group, key, alpha.value))
    several = len(result.groups) > 1
    lines = []
    for group, key, value in found[:shown]:
        where = "overall" if key == "overall" else f"criterion {key}"
        at = f"{group}, {where}" if several else where
        lines.append(
            f"ahp-eval: warning: {at}: Cronbach's alpha is negative ({value:.3f}): its "
            "indicators do not measure one thing, or some are reverse-coded without "
            "`reverse: true`"
        )
    if len(found) > shown:
        lines.append(f"ahp-eval: warning: and {len(found) - shown} more negative alphas")
    return lines


def seed_line(result: ScoreResult) -> str:
    """The seed a bootstrap picked for itself, and how to repeat the run."""
    return f"ahp-eval: bootstrap seed {result.seed} (give --seed {result.seed} to repeat this run)"

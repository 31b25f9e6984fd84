"""Scores as pandas DataFrames (:meth:`ScoreResult.to_frame`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ahp_eval.errors import InputError
from ahp_eval.model.pandas_import import pandas

if TYPE_CHECKING:
    from ahp_eval.survey.score_results import ScoreResult

__all__ = ["ScoreFrame", "score_frame"]

ScoreFrame = Literal["groups", "criteria", "indicators"]


def score_frame(result: ScoreResult, table: ScoreFrame = "groups") -> Any:
    """``groups``: one row per group, best first (n, composite, interval, grade, rank);
    ``criteria``: long format, one row per group and criterion; ``indicators``: long
    format, one row per group and indicator, with its id, name and criterion."""
    pd = pandas()
    ranked = list(result.ranking)
    if table == "groups":
        rows = [
            {
                "group": g.group,
                "n": g.n,
                "composite": g.composite,
                "low": g.interval[0] if g.interval is not None else None,
                "high": g.interval[1] if g.interval is not None else None,
                "grade": g.grade,
                "rank": rank,
            }
            for rank, g in enumerate(ranked, 1)
        ]
        columns = ["group", "n", "composite", "low", "high", "grade", "rank"]
        return pd.DataFrame(rows, columns=columns).set_index("group")
    nodes = result.weights.evaluation.nodes
    if table == "criteria":
        rows = [
            {"group": g.group, "criterion": c, "name": nodes[c].name, "score": value}
            for g in result.groups
            for c, value in g.criteria.items()
        ]
        return pd.DataFrame(rows, columns=["group", "criterion", "name", "score"])
    if table == "indicators":
        parent = {c.id: m.node.id for m in result.weights.matrices for c in m.node.children}
        rows = [
            {
                "group": g.group,
                "name": nodes[i.id].name,
                "criterion": parent.get(i.id),
                **i.to_dict(),
            }
            for g in result.groups
            for i in g.indicators.values()
        ]
        frame = pd.DataFrame(rows)
        first = ["group", "id", "name", "criterion"]
        return frame[first + [c for c in frame.columns if c not in first]]
    raise InputError(f"unknown table {table!r}; choose groups, criteria, indicators")

"""A solved hierarchy as pandas DataFrames (:meth:`HierarchyResult.to_frame`)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal

from ahp_eval.errors import InputError
from ahp_eval.model.pandas_import import pandas

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import HierarchyResult

__all__ = ["HierarchyTable", "hierarchy_frame"]

HierarchyTable = Literal["ranking", "weights", "matrices", "alternatives"]


def hierarchy_frame(result: HierarchyResult, table: HierarchyTable = "ranking") -> Any:
    """``ranking``: one row per leaf, heaviest first (local, parent and global weight,
    rank); ``weights``: every node below the goal in declared order with its local and
    global weight; ``matrices``: every judgment matrix with its consistency;
    ``alternatives``: each alternative's total priority and rank (empty without any)."""
    pd = pandas()
    if table == "ranking":
        rows = [r.to_dict() for r in result.ranking]
        columns = [
            "id", "name", "name_en", "parent", "local_weight", "parent_weight",
            "global_weight", "rank",
        ]  # fmt: skip
        return pd.DataFrame(rows, columns=columns).set_index("id")
    if table == "weights":
        local = {c: w for m in result.matrices for c, w in m.weights.items()}
        parent = {c.id: m.node.id for m in result.matrices for c in m.node.children}
        rows = [
            {
                "id": node.id,
                "name": node.name,
                "name_en": node.name_en,
                "parent": parent.get(node.id),
                "level": node.level,
                "is_leaf": node.is_leaf,
                "local_weight": local.get(node.id, 1.0),
                "global_weight": result.node_weights[node.id],
            }
            for node in result.evaluation.nodes.values()
            if node is not result.evaluation.goal
        ]
        return pd.DataFrame(rows).set_index("id")
    if table == "matrices":
        keys = ("id", "n", "method", "lambda_max", "ci", "ri", "cr", "consistent",
                "consistency_test", "gci", "gci_threshold", "global_weight")  # fmt: skip
        rows = [{k: m.to_dict()[k] for k in keys} for m in result.matrices]
        return pd.DataFrame(rows, columns=list(keys)).set_index("id")
    if table == "alternatives":
        alt = result.alternatives
        rows = (
            [
                {
                    "id": r.alternative.id,
                    "name": r.alternative.name,
                    "priority": r.priority,
                    "rank": r.rank,
                }
                for r in alt.ranking
            ]
            if alt is not None
            else []
        )
        return pd.DataFrame(rows, columns=["id", "name", "priority", "rank"]).set_index("id")
    raise InputError(f"unknown table {table!r}; choose ranking, weights, matrices, alternatives")

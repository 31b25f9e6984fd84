"""ahp-eval: AHP weighting and composite service evaluation.

The public API is the pure core: it never imports typer, rich or yaml and never
prints. Reading YAML files lives in :mod:`ahp_eval.io`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ahp_eval.ahp.hierarchy import HierarchyResult, LeafRank, LevelConsistency, MatrixResult, solve
from ahp_eval.ahp.matrix import (
    METHODS,
    Method,
    consistency_index,
    lambda_max,
    priorities,
    priority_eigen,
    priority_root,
    priority_sum,
    solve_stack,
)
from ahp_eval.ahp.ri import RI_ALONSO_LAMATA, RI_CN, RI_SAATY, RI_TABLES, RITable, get_ri_table
from ahp_eval.errors import AhpEvalError, InputError, InputErrors
from ahp_eval.model.evaluation import Evaluation, Judgment, Node, parse_evaluation
from ahp_eval.model.spec import Settings

if TYPE_CHECKING:
    from ahp_eval.survey.responses import GroupData, ResponseSet
    from ahp_eval.survey.scoring import GroupScore, IndicatorScore, ScoreResult, score

# Scoring is imported when first used: `ahp-eval check` and `weigh` start without it.
_LAZY = {
    "GroupData": "ahp_eval.survey.responses",
    "ResponseSet": "ahp_eval.survey.responses",
    "GroupScore": "ahp_eval.survey.scoring",
    "IndicatorScore": "ahp_eval.survey.scoring",
    "ScoreResult": "ahp_eval.survey.scoring",
    "score": "ahp_eval.survey.scoring",
}

__all__ = [
    "METHODS",
    "RI_ALONSO_LAMATA",
    "RI_CN",
    "RI_SAATY",
    "RI_TABLES",
    "AhpEvalError",
    "Evaluation",
    "GroupData",
    "GroupScore",
    "HierarchyResult",
    "IndicatorScore",
    "InputError",
    "InputErrors",
    "Judgment",
    "LeafRank",
    "LevelConsistency",
    "MatrixResult",
    "Method",
    "Node",
    "RITable",
    "ResponseSet",
    "ScoreResult",
    "Settings",
    "__version__",
    "consistency_index",
    "get_ri_table",
    "lambda_max",
    "parse_evaluation",
    "priorities",
    "priority_eigen",
    "priority_root",
    "priority_sum",
    "score",
    "solve",
    "solve_stack",
]


def __getattr__(name: str) -> Any:
    if name == "__version__":
        from ahp_eval._version import __version__

        return __version__
    if name in _LAZY:
        import importlib

        return getattr(importlib.import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'ahp_eval' has no attribute {name!r}")

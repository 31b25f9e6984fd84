"""ahp-eval: AHP weighting and composite service evaluation.

The public API is the pure core: it never imports typer, rich or yaml and never
prints. Reading YAML files lives in :mod:`ahp_eval.io`. Names are imported on first
use, so ``import ahp_eval`` (and the command line) loads only what it needs.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from ahp_eval.ahp.hierarchy import (
        HierarchyResult,
        LeafRank,
        LevelConsistency,
        MatrixResult,
        solve,
    )
    from ahp_eval.ahp.matrix import (
        consistency_index,
        lambda_max,
        priorities,
        priority_eigen,
        priority_root,
        priority_sum,
        solve_stack,
    )
    from ahp_eval.ahp.panel import Panel, PanelResult, weigh_panel
    from ahp_eval.ahp.ri import (
        RI_ALONSO_LAMATA,
        RI_CN,
        RI_SAATY,
        RI_TABLES,
        RITable,
        get_ri_table,
    )
    from ahp_eval.errors import AhpEvalError, InputError, InputErrors
    from ahp_eval.model.evaluation import Evaluation, Judgment, Node, parse_evaluation
    from ahp_eval.model.settings import Settings
    from ahp_eval.model.vocabulary import METHODS, Method
    from ahp_eval.survey.responses import GroupData, ResponseSet
    from ahp_eval.survey.scoring import GroupScore, IndicatorScore, ScoreResult, score

_WHERE = {
    "METHODS": "ahp_eval.model.vocabulary",
    "Method": "ahp_eval.model.vocabulary",
    "RI_ALONSO_LAMATA": "ahp_eval.ahp.ri",
    "RI_CN": "ahp_eval.ahp.ri",
    "RI_SAATY": "ahp_eval.ahp.ri",
    "RI_TABLES": "ahp_eval.ahp.ri",
    "RITable": "ahp_eval.ahp.ri",
    "get_ri_table": "ahp_eval.ahp.ri",
    "AhpEvalError": "ahp_eval.errors",
    "InputError": "ahp_eval.errors",
    "InputErrors": "ahp_eval.errors",
    "NotFoundError": "ahp_eval.errors",
    "OptionError": "ahp_eval.errors",
    "load_evaluation": "ahp_eval.io.files",
    "list_templates": "ahp_eval.io.library",
    "load_template": "ahp_eval.io.library",
    "Template": "ahp_eval.io.library",
    "read_responses": "ahp_eval.io.survey_file",
    "responses_from_frame": "ahp_eval.io.survey_frame",
    "read_marks": "ahp_eval.io.marks_file",
    "Evaluation": "ahp_eval.model.evaluation",
    "Judgment": "ahp_eval.model.evaluation",
    "Node": "ahp_eval.model.evaluation",
    "parse_evaluation": "ahp_eval.model.evaluation",
    "Settings": "ahp_eval.model.settings",
    "HierarchyResult": "ahp_eval.ahp.hierarchy",
    "LeafRank": "ahp_eval.ahp.hierarchy",
    "LevelConsistency": "ahp_eval.ahp.hierarchy",
    "MatrixResult": "ahp_eval.ahp.hierarchy",
    "solve": "ahp_eval.ahp.hierarchy",
    "Panel": "ahp_eval.ahp.panel",
    "PanelResult": "ahp_eval.ahp.panel",
    "weigh_panel": "ahp_eval.ahp.panel",
    "consistency_index": "ahp_eval.ahp.matrix",
    "lambda_max": "ahp_eval.ahp.matrix",
    "priorities": "ahp_eval.ahp.matrix",
    "priority_eigen": "ahp_eval.ahp.matrix",
    "priority_root": "ahp_eval.ahp.matrix",
    "priority_sum": "ahp_eval.ahp.matrix",
    "solve_stack": "ahp_eval.ahp.matrix",
    "GroupData": "ahp_eval.survey.responses",
    "ResponseSet": "ahp_eval.survey.responses",
    "GroupScore": "ahp_eval.survey.scoring",
    "IndicatorScore": "ahp_eval.survey.scoring",
    "ScoreResult": "ahp_eval.survey.scoring",
    "score": "ahp_eval.survey.scoring",
    "__version__": "ahp_eval._version",
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
    "NotFoundError",
    "OptionError",
    "Panel",
    "PanelResult",
    "RITable",
    "ResponseSet",
    "ScoreResult",
    "Settings",
    "Template",
    "__version__",
    "consistency_index",
    "get_ri_table",
    "lambda_max",
    "list_templates",
    "load_evaluation",
    "load_template",
    "parse_evaluation",
    "priorities",
    "priority_eigen",
    "priority_root",
    "priority_sum",
    "read_marks",
    "read_responses",
    "responses_from_frame",
    "score",
    "solve",
    "solve_stack",
    "weigh_panel",
]


def __getattr__(name: str) -> Any:
    module = _WHERE.get(name)
    if module is None:
        raise AttributeError(f"module 'ahp_eval' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted([*globals(), *_WHERE])

"""The names the input model validates: methods, RI table keys, score formulas, roles.

They are declared here, below the maths, so that the model can check a file without
importing :mod:`ahp_eval.ahp`; the maths imports them from here.
"""

from __future__ import annotations

from typing import Literal, get_args

import numpy as np
import numpy.typing as npt

__all__ = [
    "AGGREGATES",
    "FORMAT_VERSION",
    "METHODS",
    "RI_TABLE_KEYS",
    "ROLES",
    "SCORE_FORMULAS",
    "SYNTHESES",
    "Aggregate",
    "FloatArray",
    "Method",
    "RITableKey",
    "Role",
    "ScoreFormula",
    "Synthesis",
]

FORMAT_VERSION = 1
"""The evaluation-file format version this release reads."""

Method = Literal["root", "eigen", "sum"]
"""Priority methods: root (方根法), eigen (特征根法), sum (和法)."""
METHODS: tuple[Method, ...] = get_args(Method)

RITableKey = Literal["saaty", "cn", "alonso-lamata"]
"""Named RI tables (see :mod:`ahp_eval.ahp.ri` for their sources)."""
RI_TABLE_KEYS: tuple[RITableKey, ...] = get_args(RITableKey)

ScoreFormula = Literal["range", "max"]
"""0-100 conversion of an answer: (x - min)/(max - min) * 100, or x/max * 100."""
SCORE_FORMULAS: tuple[ScoreFormula, ...] = get_args(ScoreFormula)

Synthesis = Literal["distributive", "ideal"]
"""How the alternatives' priorities under the leaves add up: distributive (each leaf's
vector sums to 1) or ideal (each leaf's best alternative gets 1; Belton and Gear 1983)."""
SYNTHESES: tuple[Synthesis, ...] = get_args(Synthesis)

Role = Literal["perception", "expectation"]
"""What a survey column measures (SERVQUAL gap mode)."""
ROLES: tuple[Role, ...] = get_args(Role)

Aggregate = Literal["aij", "aip"]
"""How a panel's judgments are combined: individual judgments or individual priorities."""
AGGREGATES: tuple[Aggregate, ...] = get_args(Aggregate)

FloatArray = npt.NDArray[np.float64]
"""An array of float64, the one number type of the maths."""

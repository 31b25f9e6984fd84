"""pandas, imported only when a result is asked for as a DataFrame."""

from __future__ import annotations

import importlib
from typing import Any

from ahp_eval.errors import AhpEvalError

__all__ = ["pandas"]


def pandas() -> Any:
    """The pandas module; an :class:`AhpEvalError` saying how to install it when missing
    (pandas is an optional extra: the command line never needs it)."""
    try:
        return importlib.import_module("pandas")
    except ImportError:
        raise AhpEvalError(
            "to_frame() needs pandas: pip install 'ahp-eval[pandas]' (or pip install pandas)"
        ) from None

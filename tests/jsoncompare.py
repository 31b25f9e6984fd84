"""Structural comparison of JSON documents with a float tolerance (golden files)."""

from __future__ import annotations

import math
from typing import Any


def json_close(a: Any, b: Any, rel: float = 1e-12, abs_: float = 1e-15) -> bool:
    """Equal structure and values; floats compared with ``math.isclose``."""
    if isinstance(a, float) or isinstance(b, float):
        return (
            isinstance(a, int | float)
            and isinstance(b, int | float)
            and math.isclose(a, b, rel_tol=rel, abs_tol=abs_)
        )
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(json_close(a[k], b[k], rel, abs_) for k in a)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(
            json_close(x, y, rel, abs_) for x, y in zip(a, b, strict=True)
        )
    return bool(a == b)

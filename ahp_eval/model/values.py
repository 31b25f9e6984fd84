"""Judgment values: parsing numbers and fraction strings, and printing them back."""

from __future__ import annotations

import math

__all__ = ["format_judgment", "parse_judgment"]


def parse_judgment(value: object) -> float:
    """A positive finite judgment from a number or a string such as ``"1/3"`` or ``"0.333"``.

    Raises :class:`ValueError` with a short message naming the bad value.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError(
            f"judgment must be a positive number or a fraction like 1/3, got {value!r}"
        )
    if isinstance(value, int | float):
        result = float(value)
    elif isinstance(value, str):
        text = value.strip()
        try:
            if "/" in text:
                num, _, den = text.partition("/")
                result = float(num) / float(den)
            else:
                result = float(text)
        except (ValueError, ZeroDivisionError):
            raise ValueError(
                f"judgment must be a positive number or a fraction like 1/3, got {value!r}"
            ) from None
    else:  # one exception type for every bad value: the readers report ValueError
        raise ValueError(  # noqa: TRY004
            f"judgment must be a positive number or a fraction like 1/3, got {value!r}"
        )
    if math.isnan(result) or math.isinf(result):
        raise ValueError(f"judgment must be a finite number, got {value!r}")
    if result <= 0:
        raise ValueError(f"judgment must be positive, got {value!r}")
    return result


def format_judgment(x: float) -> str:
    """``3`` for 3.0, ``1/3`` for 0.333..., otherwise three significant digits."""
    if x >= 1:
        r = round(x)
        return str(r) if abs(x - r) < 1e-9 * x else f"{x:.3g}"
    inv = 1.0 / x
    r = round(inv)
    return f"1/{r}" if abs(inv - r) < 1e-9 * inv else f"{x:.3g}"

"""Values as users type them: judgments, numbers and fractions, and printing them back.

A judgment may be written as a number (``3``, ``0.33``), a fraction (``"1/3"``), with
full-width digits and punctuation (``１／３``, ``４．０``), or come from Python as an
integer, float, ``fractions.Fraction``, ``decimal.Decimal`` or numpy scalar. Each is
checked here once, whatever read it; a problem raises :class:`ValueError` with a
message in the user's terms.
"""

from __future__ import annotations

import datetime as dt
import decimal
import math
import numbers
import unicodedata

__all__ = [
    "decimals_of",
    "describe",
    "format_judgment",
    "parse_judgment",
    "parse_number",
    "rounded_reciprocal",
    "split_commas",
]

MAX_PLACES = 12
"""Most decimals the rounded-reciprocal rule looks at; beyond, the 1% rule applies."""

_JUDGMENT_HELP = "judgment must be a positive number or a fraction like 1/3"


def describe(value: object) -> str:  # noqa: PLR0911 - one wording per kind
    """A value as a message shows it: ``the text 'x'``, ``a list``, ``the number 3``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list | tuple):
        return "a list"
    if isinstance(value, str):
        shown = value if len(value) <= 60 else value[:57] + "..."
        return f"the text {shown!r}"
    if isinstance(value, dt.date):
        return f"the date {value.isoformat()}"
    if isinstance(value, int):
        return f"the number {_int_text(value)}"
    if isinstance(value, float):
        return f"the number {value!r}"
    return type(value).__name__


def _int_text(value: int) -> str:
    """An integer as text, shortened when it is huge (and never past Python's digit limit)."""
    if value.bit_length() <= 64:
        return str(value)
    digits = int(value.bit_length() * math.log10(2)) + 1
    return f"of about {digits} digits"


def parse_number(value: object) -> float:
    """A finite float from a real number (int, float, Fraction, Decimal, numpy scalar).

    Raises :class:`ValueError` naming the value: text, true/false, NaN, infinity, and
    integers too large for a float are refused.
    """
    if isinstance(value, bool) or not isinstance(value, numbers.Real | decimal.Decimal):
        raise ValueError(f"expected a number, got {describe(value)}")
    if isinstance(value, int):
        try:
            return float(value)
        except OverflowError:
            raise ValueError(f"the number {_int_text(value)} is too large") from None
    try:
        result = float(value)
    except (OverflowError, ValueError):
        raise ValueError(f"expected a finite number, got {value!r}") from None
    if math.isnan(result) or math.isinf(result):
        raise ValueError(f"expected a finite number, got {value!r}")
    return result


def _normalise(text: str) -> str:
    """Full-width digits, slash, point and commas (１／３, ４．０, ，) as ASCII."""
    return unicodedata.normalize("NFKC", text).replace("、", ",").strip()


def split_commas(items: object) -> object:
    """A list whose texts hold several values (``[1，2，3]`` read as one text) split into
    items; a text of several comma-separated values becomes a list; anything else as is."""
    if isinstance(items, str):
        text = _normalise(items)
        return [part.strip() for part in text.split(",")] if "," in text else items
    if not isinstance(items, list | tuple):
        return items
    out: list[object] = []
    for item in items:
        if isinstance(item, str) and ("," in (text := _normalise(item))):
            out.extend(part.strip() for part in text.split(","))
        else:
            out.append(item)
    return out


def parse_judgment(value: object) -> float:
    """A positive finite judgment from a number or a text such as ``"1/3"`` or ``"0.333"``.

    Raises :class:`ValueError` with a short message naming the bad value.
    """
    if isinstance(value, dt.date):
        shown = value.isoformat()
        raise ValueError(
            f"{_JUDGMENT_HELP}, got the date {shown}: a fraction such as 1/3 typed without "
            'quotes was turned into a date (by YAML or a spreadsheet); write it as "1/3"'
        )
    if isinstance(value, bool) or value is None:
        raise ValueError(f"{_JUDGMENT_HELP}, got {describe(value)}")
    if isinstance(value, str):
        result = _parse_text(value)
    elif isinstance(value, numbers.Real | decimal.Decimal):
        try:
            result = parse_number(value)
        except ValueError as exc:
            message = str(exc)
            if "too large" in message:
                raise ValueError(f"judgment: {message}") from None
            raise ValueError(f"judgment must be a finite number, got {value!r}") from None
    else:
        raise ValueError(f"{_JUDGMENT_HELP}, got {describe(value)}")
    if result <= 0:
        raise ValueError(f"judgment must be positive, got {value!r}")
    return result


def _parse_text(value: str) -> float:
    text = _normalise(value)
    try:
        if "/" in text:
            num, _, den = text.partition("/")
            result = float(num) / float(den)
        else:
            result = float(text)
    except (ValueError, ZeroDivisionError, OverflowError):
        raise ValueError(f"{_JUDGMENT_HELP}, got {value!r}") from None
    if math.isnan(result) or math.isinf(result):
        raise ValueError(f"judgment must be a finite number, got {value!r}")
    return result


def decimals_of(x: float) -> int:
    """Decimals of a number as written in its shortest form (``0.33`` -> 2, ``3`` -> 0)."""
    exponent = decimal.Decimal(repr(float(x))).as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def rounded_reciprocal(entry: float, mirror: float) -> tuple[str, str] | None:
    """How ``entry`` (typed with at least two decimals) may stand for ``1/mirror``.

    Spreadsheets and papers print 1/3 as 0.33 and 1/8 as 0.13 (rounded half away from
    zero) or 0.12 (truncated). Returns the two accepted texts (rounded, truncated) for
    ``1/mirror`` at ``entry``'s decimals, or None when ``entry`` has fewer than two.
    """
    places = decimals_of(entry)
    if not 2 <= places <= MAX_PLACES:
        return None
    try:
        exact = decimal.Decimal(1) / decimal.Decimal(repr(float(mirror)))
        step = decimal.Decimal(1).scaleb(-places)
        rounded = exact.quantize(step, rounding=decimal.ROUND_HALF_UP)
        truncated = exact.quantize(step, rounding=decimal.ROUND_DOWN)
    except decimal.InvalidOperation:  # a mirror far outside any scale
        return None
    return str(rounded), str(truncated)


def format_judgment(x: float) -> str:
    """``3`` for 3.0, ``1/3`` for 0.333..., otherwise three significant digits."""
    if not 1e-6 <= x <= 1e6:  # far outside any scale: no fraction to show
        return f"{x:.3g}"
    if x >= 1:
        r = round(x)
        return str(r) if abs(x - r) < 1e-9 * x else f"{x:.3g}"
    inv = 1.0 / x
    r = round(inv)
    return f"1/{r}" if abs(inv - r) < 1e-9 * inv else f"{x:.3g}"

from __future__ import annotations

import math

import pytest

from ahp_eval.model.values import format_judgment, parse_judgment


@pytest.mark.parametrize(
    ("raw", "expected"),
    [(3, 3.0), (0.5, 0.5), ("1/3", 1 / 3), (" 1 / 9 ", 1 / 9), ("0.333", 0.333), ("7", 7.0)],
)
def test_parse_accepts_numbers_and_fractions(raw: object, expected: float) -> None:
    """Numbers and fraction strings parse to the value as typed."""
    assert parse_judgment(raw) == pytest.approx(expected, rel=1e-15)


@pytest.mark.parametrize(
    ("raw", "fragment"),
    [
        (0, "positive"),
        (-2, "positive"),
        ("abc", "fraction like 1/3"),
        ("1/0", "fraction like 1/3"),
        (float("nan"), "finite"),
        ("inf", "finite"),
        (True, "fraction like 1/3"),
        (None, "fraction like 1/3"),
        ([1], "fraction like 1/3"),
    ],
)
def test_parse_rejects_bad_values(raw: object, fragment: str) -> None:
    """Zero, negative, NaN, infinite and non-numeric values are refused with a reason."""
    with pytest.raises(ValueError, match=fragment):
        parse_judgment(raw)


def test_format_round_trips_scale_values() -> None:
    """Scale values print as integers or 1/k; others with three significant digits."""
    assert format_judgment(3.0) == "3"
    assert format_judgment(1 / 7) == "1/7"
    assert format_judgment(0.333) == "0.333"
    assert format_judgment(math.sqrt(2)) == "1.41"

"""Small evaluations shared by the tests (fixtures wrap them in conftest.py)."""

from __future__ import annotations

from typing import Any

THREE_YAML = (
    "goal: {id: A, name: 目标}\n"
    "criteria:\n"
    "  - {id: B1, name: 甲, indicators: [{id: C11, name: 一}, {id: C12, name: 二}]}\n"
    "  - {id: B2, name: 乙, indicators: [{id: C21, name: 三}]}\n"
    "judgments: {A: {upper: [3]}, B1: {upper: [1]}}\n"
)
"""The three-indicator hierarchy of :func:`three_indicators` as a file."""


def three_indicators(
    *,
    names: tuple[str, str, str] = ("一", "二", "三"),
    criteria: tuple[str, str] = ("甲", "乙"),
    goal: str = "目标",
    b1: float = 1,
    survey: dict[str, Any] | None = None,
    **top: Any,
) -> dict[str, Any]:
    """Goal A over B1 (C11, C12) and B2 (C21); A: B1 three times B2 (0.75, 0.25);
    B1: C11 ``b1`` times C12 (equal by default). Global weights with the defaults:
    C11 0.375, C12 0.375, C21 0.25."""
    data: dict[str, Any] = {
        "goal": {"id": "A", "name": goal},
        "criteria": [
            {
                "id": "B1",
                "name": criteria[0],
                "indicators": [{"id": "C11", "name": names[0]}, {"id": "C12", "name": names[1]}],
            },
            {"id": "B2", "name": criteria[1], "indicators": [{"id": "C21", "name": names[2]}]},
        ],
        "judgments": {"A": {"upper": [3]}, "B1": {"upper": [b1]}},
        **top,
    }
    if survey is not None:
        data["survey"] = survey
    return data

"""Reading an evaluation file for a blank questionnaire: its hierarchy, whatever its judgments.

A questionnaire asks for the judgments, so the file's own ``judgments:`` section (if
any) is neither needed nor read: every matrix to be judged gets a neutral placeholder
(all pairs equal), through the same reader as a separate ``--judgments`` file. The
hierarchy, the alternatives, the performance tables and the settings are checked as
always, every problem at its line.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation
from ahp_eval.model.tree import CHILD_FIELDS, MAX_DEPTH

__all__ = ["load_blank_evaluation", "placeholder_judgments"]


def _children(node: Any) -> list[Any]:
    if not isinstance(node, dict):
        return []
    for name in CHILD_FIELDS:
        kids = node.get(name)
        if isinstance(kids, list) and kids:
            return kids
    return []


def placeholder_judgments(data: Any) -> dict[str, Any]:
    """A judgments file's data with a matrix of ones for every parent of ``data``'s
    hierarchy and, with alternatives, every leaf not scored in ``performance:``.

    A malformed part gets no placeholder; the reader reports it at its line.
    """
    if not isinstance(data, dict):
        return {"judgments": {}}
    out: dict[str, Any] = {}
    goal = data.get("goal")
    criteria = data.get("criteria")
    alternatives = data.get("alternatives")
    performance = data.get("performance")
    scored = set(performance) if isinstance(performance, dict) else set()
    n_alt = None
    if "alternatives" in data:  # a malformed list (said there) still needs no leaf matrix
        n_alt = len(alternatives) if isinstance(alternatives, list) else 2

    def ones(n: int) -> dict[str, Any]:
        return {"upper": [1] * (n * (n - 1) // 2)}

    if isinstance(goal, dict) and isinstance(goal.get("id"), str) and isinstance(criteria, list):
        if len(criteria) >= 2:
            out[goal["id"]] = ones(len(criteria))
        stack: list[tuple[Any, int]] = [(c, 1) for c in criteria]
        while stack:
            node, depth = stack.pop()
            if not isinstance(node, dict) or not isinstance(node.get("id"), str):
                continue
            kids = _children(node)
            if len(kids) >= 2:
                out[node["id"]] = ones(len(kids))
            elif not kids and n_alt is not None and node["id"] not in scored and n_alt >= 1:
                out[node["id"]] = ones(n_alt)
            if depth < MAX_DEPTH:
                stack.extend((k, depth + 1) for k in kids)
    return {"judgments": out}


def load_blank_evaluation(path: str | Path) -> Evaluation:
    """The evaluation of ``path`` with neutral placeholder judgments (its own unread).

    Raises :class:`~ahp_eval.errors.InputErrors` naming the line of every problem of the
    hierarchy, alternatives, performance tables and settings.
    """
    data, lines = load_yaml(path)
    return parse_evaluation(
        data,
        path=str(path),
        lines=lines,
        judgments_data=placeholder_judgments(data),
        judgments_path=str(path),
        judgments_lines=None,
    )

"""The hierarchy: the goal, criteria and indicators, and reading them node by node.

A node's own fields are validated by the :class:`Node` record; the tree is walked
with an explicit stack (no recursion, whatever the depth) and refused past
:data:`MAX_DEPTH` levels. Every node keeps the line it was written on and its level.
"""

from __future__ import annotations

import functools
from collections.abc import Iterator
from typing import Annotated, Any, Self

from pydantic import Field, PrivateAttr, TypeAdapter, ValidationError

from ahp_eval.model._base import Record
from ahp_eval.model._problems import Loc, Problems
from ahp_eval.model.fields import NodeId, Note, Text
from ahp_eval.model.values import describe

__all__ = ["CHILD_FIELDS", "MAX_DEPTH", "Goal", "Node", "Tree", "read_tree", "root_node"]

MAX_DEPTH = 30
"""Most levels below the goal (published systems have two to four)."""

CHILD_FIELDS = ("criteria", "indicators")
"""A node's children: ``criteria`` nest deeper, ``indicators`` end a branch."""


class Goal(Record):
    """The goal (top of the hierarchy), as written under ``goal:``."""

    id: NodeId
    name: Annotated[Text, Field(description="Name (any language).", examples=["食堂服务质量"])]
    name_en: Annotated[
        Text | None, Field(description="English name.", examples=["Canteen service quality"])
    ] = None
    description: Annotated[
        Note | None, Field(description="Free text about the goal.", examples=["学生满意度"])
    ] = None


class Node(Record):
    """A goal, criterion or indicator of the hierarchy.

    ``criteria`` nest further criteria, ``indicators`` end a branch (give one or the
    other); a node without either is an indicator (a leaf). ``level`` is 0 for the
    goal; ``line`` is where the node was written.
    """

    id: NodeId
    name: Annotated[Text, Field(description="Name (any language).", examples=["可靠性"])]
    name_en: Annotated[
        Text | None, Field(description="English name.", examples=["Reliability"])
    ] = None
    description: Annotated[
        Note | None, Field(description="Free text about the node.", examples=["按时提供服务"])
    ] = None
    criteria: Annotated[
        tuple[Node, ...] | None,
        Field(
            description="Sub-criteria (each with its own criteria or indicators).",
            examples=[[{"id": "B11", "name": "子准则", "indicators": [{"id": "C1", "name": "x"}]}]],
        ),
    ] = None
    indicators: Annotated[
        tuple[Node, ...] | None,
        Field(
            description="Indicators: the leaves, which answers and marks score.",
            examples=[[{"id": "C11", "name": "口味"}, {"id": "C12", "name": "价格"}]],
        ),
    ] = None
    _level: int = PrivateAttr(0)
    _line: int = PrivateAttr(1)

    @property
    def children(self) -> tuple[Node, ...]:
        return self.criteria or self.indicators or ()

    @property
    def level(self) -> int:
        return self._level

    @property
    def line(self) -> int:
        return self._line

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first in declared order."""
        stack = [self]
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def label(self, lang: str = "zh") -> str:
        """The name in the chosen language, falling back to the other."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name

    def __repr__(self) -> str:
        return f"Node(id={self.id!r}, name={self.name!r}, children={len(self.children)})"

    @classmethod
    def placed(cls, values: dict[str, Any], *, level: int, line: int) -> Self:
        """A node built from checked values, at its level and line in the hierarchy."""
        return cls.checked(**values).place(level, line)

    def place(self, level: int, line: int) -> Self:
        """Set where this node stands (once, while the hierarchy is read)."""
        self._level = level
        self._line = line
        return self


def root_node(goal: Goal, criteria: tuple[Node, ...], line: int) -> Node:
    """The goal as the root of the hierarchy, at level 0."""
    values = {k: getattr(goal, k) for k in ("id", "name", "name_en", "description")}
    return Node.placed({**values, "criteria": criteria or None}, level=0, line=line)


class Tree:
    """The nodes read from ``criteria:``, and what could not be read."""

    def __init__(self) -> None:
        self.criteria: tuple[Node, ...] = ()
        self.ok = True
        self.broken_ids: set[str] = set()
        """Ids written on nodes that failed validation (so no "unknown node" follows)."""
        self.incomplete: set[str] = set()
        """Parents some of whose children failed validation (their matrix is not checked)."""


class _Frame:
    """One node on the walk: where it is, its validated fields, its children so far."""

    __slots__ = ("children", "field", "items", "level", "loc", "node", "parent", "raw_id")

    def __init__(self, loc: Loc, level: int, parent: _Frame | None) -> None:
        self.loc = loc
        self.level = level
        self.parent = parent
        self.node: Node | None = None
        self.raw_id: str | None = None
        self.field = "indicators"
        self.items: list[Any] = []
        self.children: list[Node] = []

    def child_loc(self, k: int) -> Loc:
        return (*self.loc, self.field, k)


@functools.cache
def _criteria_adapter() -> TypeAdapter[tuple[Node, ...]]:
    return TypeAdapter(tuple[Node, ...])


def _valid_tree(value: Any, problems: Problems) -> tuple[Node, ...] | None:
    """A valid hierarchy read in one validation and placed; None if anything is wrong
    (then :func:`read_tree` reads it node by node to say what)."""
    if not isinstance(value, list) or not value:
        return None
    try:
        nodes = _criteria_adapter().validate_python(value)
    except ValidationError:
        return None
    stack: list[tuple[Node, int, Loc]] = [
        (node, 1, ("criteria", k)) for k, node in enumerate(nodes)
    ]
    while stack:
        node, level, loc = stack.pop()
        both = node.criteria is not None and node.indicators is not None
        if both or level > MAX_DEPTH:
            return None
        node.place(level, problems.lines.line(loc))
        field = "criteria" if node.criteria is not None else "indicators"
        stack.extend((child, level + 1, (*loc, field, k)) for k, child in enumerate(node.children))
    return nodes


def read_tree(value: Any, problems: Problems) -> Tree:
    """The ``criteria:`` list as nodes (levels from 1), every problem in ``problems``."""
    tree = Tree()
    valid = _valid_tree(value, problems)
    if valid is not None:
        tree.criteria = valid
        return tree
    if not isinstance(value, list):
        problems.add(("criteria",), f"expected a list, got {describe(value)}")
        tree.ok = False
        return tree
    if not value:
        problems.add(("criteria",), "at least one criterion is needed")
        tree.ok = False
    root = _Frame((), 0, None)
    root.field = "criteria"
    root.items = value
    stack: list[tuple[_Frame, int]] = [(root, 0)]
    while stack:
        frame, k = stack.pop()
        if k == len(frame.items):
            _close(frame, problems)
            continue
        stack.append((frame, k + 1))
        child = _open(frame, k, problems, tree)
        if child.items:
            stack.append((child, 0))
        else:
            _close(child, problems)
    tree.criteria = tuple(root.children)
    return tree


def _open(parent: _Frame, k: int, problems: Problems, tree: Tree) -> _Frame:
    """Validate child ``k`` of ``parent`` (its own fields; its children come later)."""
    loc = parent.child_loc(k)
    item = parent.items[k]
    frame = _Frame(loc, parent.level + 1, parent)
    frame.raw_id = _raw_id(item)
    if frame.level > MAX_DEPTH:
        problems.add(loc, f"the hierarchy is more than {MAX_DEPTH} levels deep")
        return _broken(frame, tree)
    if not isinstance(item, dict):
        problems.add(loc, f"expected a mapping, got {describe(item)}")
        return _broken(frame, tree)
    kinds = [f for f in CHILD_FIELDS if f in item]
    try:
        frame.node = Node.model_validate({k: v for k, v in item.items() if k not in CHILD_FIELDS})
    except ValidationError as exc:
        problems.take(exc, loc)
        _broken(frame, tree)
    if len(kinds) > 1:
        problems.add(loc, "give either indicators or criteria under a node, not both")
        return _broken(frame, tree)
    if kinds:
        frame.field = kinds[0]
        children = item[frame.field]
        if isinstance(children, list):
            frame.items = children
        elif children is not None:
            problems.add((*loc, frame.field), f"expected a list, got {describe(children)}")
            _broken(frame, tree)
    return frame


def _broken(frame: _Frame, tree: Tree) -> _Frame:
    tree.ok = False
    frame.node = None
    if frame.raw_id is not None:
        tree.broken_ids.add(frame.raw_id)
    if frame.parent is not None and frame.parent.raw_id is not None:
        tree.incomplete.add(frame.parent.raw_id)
    return frame


def _close(frame: _Frame, problems: Problems) -> None:
    """Every child of ``frame`` is read: build its node and give it to its parent."""
    if frame.parent is None:
        return
    if frame.node is None:
        return
    values = {k: getattr(frame.node, k) for k in ("id", "name", "name_en", "description")}
    if frame.children:
        values[frame.field] = tuple(frame.children)
    built = Node.placed(values, level=frame.level, line=problems.lines.line(frame.loc))
    frame.parent.children.append(built)


def _raw_id(item: Any) -> str | None:
    if isinstance(item, dict):
        raw = item.get("id")
        if isinstance(raw, str) or (isinstance(raw, int) and not isinstance(raw, bool)):
            return str(raw) if not isinstance(raw, int) or raw.bit_length() < 64 else None
    return None

"""The resolved evaluation: a tree of nodes and one validated matrix per parent.

:func:`parse_evaluation` takes the plain data of an evaluation file (and,
optionally, of a separate judgments file), checks the whole of it, and raises
:class:`~ahp_eval.errors.InputErrors` listing every problem with its line.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Iterator, Mapping
from types import MappingProxyType
from typing import Any, NamedTuple

import numpy as np

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model.lines import LineMap
from ahp_eval.model.spec import (
    GoalSpec,
    MatrixForm,
    NodeSpec,
    PairsForm,
    Problems,
    Settings,
    UpperForm,
    read_evaluation,
    read_form,
    read_judgments_file,
)
from ahp_eval.model.survey import DEFAULT_GRADES, GradeBand, SurveySpec
from ahp_eval.model.values import format_judgment
from ahp_eval.model.vocabulary import FloatArray

__all__ = ["Evaluation", "Judgment", "Node", "parse_evaluation"]

_EMPTY: Mapping[Any, Any] = MappingProxyType({})

RECIPROCAL_TOLERANCE = 0.01
"""|a_ij * a_ji - 1| above this is not reciprocal (0.333 for 1/3 passes)."""


class Node(NamedTuple):
    """A goal, criterion or indicator; ``level`` is 0 for the goal."""

    id: str
    name: str
    name_en: str | None
    level: int
    line: int
    children: tuple[Node, ...] = ()

    @property
    def is_leaf(self) -> bool:
        return not self.children

    def walk(self) -> Iterator[Node]:
        """This node and every node below it, depth first in declared order."""
        yield self
        for child in self.children:
            yield from child.walk()

    def label(self, lang: str = "zh") -> str:
        """The name in the chosen language, falling back to the other."""
        if lang == "en" and self.name_en:
            return self.name_en
        return self.name


class Judgment(NamedTuple):
    """A validated pairwise comparison matrix for the children of ``node_id``."""

    node_id: str
    matrix: FloatArray
    path: str | None
    line: int
    note: str | None = None
    entry_lines: Mapping[tuple[int, int], int] = _EMPTY

    @property
    def n(self) -> int:
        return int(self.matrix.shape[0])

    def entry_line(self, i: int, j: int) -> int:
        """Line where judgment (i, j) or its reciprocal was written."""
        return self.entry_lines.get((i, j), self.entry_lines.get((j, i), self.line))


class Evaluation(NamedTuple):
    """A checked evaluation: the hierarchy, its judgments and its settings."""

    goal: Node
    settings: Settings
    judgments: Mapping[str, Judgment]
    survey: SurveySpec = SurveySpec()
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    path: str | None = None
    name: str | None = None
    name_en: str | None = None
    source: str | None = None
    sector: str | None = None
    judge: str | None = None
    judgments_path: str | None = None
    nodes: Mapping[str, Node] = _EMPTY
    """Every node by id, in depth-first declared order (the goal first)."""

    def _all(self) -> Iterable[Node]:
        return self.nodes.values() if self.nodes else self.goal.walk()

    def leaves(self) -> list[Node]:
        """Nodes without children, in declared order."""
        return [n for n in self._all() if not n.children]

    def parents(self) -> list[Node]:
        """Nodes with children, top-down in declared order."""
        return [n for n in self._all() if n.children]


def _errors(problems: Problems, marks: LineMap, path: str | None) -> list[InputError]:
    return [InputError(message, path=path, line=marks.line(loc)) for loc, message in problems.items]


class _Builder:
    def __init__(self, path: str | None, marks: LineMap) -> None:
        self.path = path
        self.marks = marks
        self.errors: list[InputError] = []
        self.nodes: dict[str, Node] = {}
        self.first_line: dict[str, int] = {}

    def error(self, message: str, line: int, path: str | None = None) -> None:
        self.errors.append(InputError(message, path=path or self.path, line=line))

    def node(self, spec: NodeSpec | GoalSpec, key: tuple[Hashable, ...], level: int) -> Node:
        line = self.marks.line(key)
        children: list[Node] = []
        if isinstance(spec, NodeSpec):
            children = [
                self.node(c, (*key, spec.children_field, i), level + 1)
                for i, c in enumerate(spec.children)
            ]
        node = Node(
            id=spec.id,
            name=spec.name,
            name_en=spec.name_en,
            level=level,
            line=line,
            children=tuple(children),
        )
        if spec.id in self.first_line:
            self.error(
                f"id {spec.id!r} is used twice (first on line {self.first_line[spec.id]})", line
            )
        else:
            self.first_line[spec.id] = line
            self.nodes[spec.id] = node
        return node


def _pair_text(a: str, b: str) -> str:
    return f"{a}/{b}"


class _MatrixChecker:
    """Turns one judgment entry (any form) into a checked matrix, collecting errors."""

    def __init__(  # noqa: PLR0917 - one checker per matrix, built in one place
        self,
        node: Node,
        raw: Any,
        marks: LineMap,
        path: str | None,
        key: tuple[Hashable, ...],
        scale_max: float,
    ) -> None:
        self.node = node
        self.raw = raw
        self.marks = marks
        self.path = path
        self.key = key
        self.scale_max = scale_max
        self.ids = [c.id for c in node.children]
        self.n = len(self.ids)
        self.errors: list[InputError] = []
        self.entry_lines: dict[tuple[int, int], int] = {}

    def error(self, message: str, line: int) -> None:
        self.errors.append(InputError(f"{self.node.id}: {message}", path=self.path, line=line))

    def children_text(self) -> str:
        return ", ".join(self.ids)

    def build(self) -> tuple[FloatArray | None, str | None]:
        problems = Problems()
        spec = read_form(self.raw, self.key, problems, self.ids)
        for loc, message in problems.items:
            self.error(message, self.marks.line(loc))
        if spec is None:
            return None, None
        if isinstance(spec, MatrixForm):
            matrix = self.from_matrix(spec.matrix, isinstance(self.raw, list))
        elif isinstance(spec, UpperForm):
            matrix = self.from_upper(spec.upper)
        else:
            assert isinstance(spec, PairsForm)
            matrix = self.from_pairs(spec.pairs)
        if matrix is not None:
            self.check_range(matrix)
        note: str | None = spec.note
        return (matrix if not self.errors else None), note

    def row_key(self, bare: bool, i: int) -> tuple[Hashable, ...]:
        return (*self.key, i) if bare else (*self.key, "matrix", i)

    def from_matrix(self, rows: tuple[tuple[float, ...], ...], bare: bool) -> FloatArray | None:
        n = self.n
        if len(rows) != n:
            self.error(
                f"matrix has {len(rows)} rows, expected {n} "
                f"(one per child: {self.children_text()})",
                self.marks.line(self.key),
            )
            return None
        ok = True
        for i, row in enumerate(rows):
            if len(row) != n:
                self.error(
                    f"row {i + 1} ({self.ids[i]}) has {len(row)} values, expected {n}",
                    self.marks.line(self.row_key(bare, i)),
                )
                ok = False
        if not ok:
            return None
        A = np.array(rows, dtype=np.float64)
        for i in range(n):
            for j in range(n):
                self.entry_lines[(i, j)] = self.marks.line(self.row_key(bare, i))
        for i in range(n):
            if abs(A[i, i] - 1.0) > 1e-9:
                self.error(
                    f"diagonal entry {_pair_text(self.ids[i], self.ids[i])} is "
                    f"{format_judgment(A[i, i])}, must be 1",
                    self.entry_lines[(i, i)],
                )
        for i in range(n):
            for j in range(i + 1, n):
                if abs(A[i, j] * A[j, i] - 1.0) > RECIPROCAL_TOLERANCE:
                    self.error(
                        f"not reciprocal: {_pair_text(self.ids[i], self.ids[j])} = "
                        f"{format_judgment(A[i, j])} but {_pair_text(self.ids[j], self.ids[i])} = "
                        f"{format_judgment(A[j, i])} (expected {format_judgment(1 / A[i, j])})",
                        self.entry_lines[(j, i)],
                    )
        return A

    def from_upper(self, values: tuple[float, ...]) -> FloatArray | None:
        n = self.n
        expected = n * (n - 1) // 2
        if len(values) != expected:
            order = ", ".join(
                _pair_text(self.ids[i], self.ids[j]) for i in range(n) for j in range(i + 1, n)
            )
            self.error(
                f"upper triangle has {len(values)} values, expected {expected} for {n} children "
                f"(row by row: {order})",
                self.marks.line(self.key),
            )
            return None
        A = np.ones((n, n), dtype=np.float64)
        k = 0
        for i in range(n):
            for j in range(i + 1, n):
                A[i, j] = values[k]
                A[j, i] = 1.0 / values[k]
                self.entry_lines[(i, j)] = self.marks.line((*self.key, "upper", k))
                k += 1
        return A

    def from_pairs(self, pairs: tuple[tuple[str, str, float], ...]) -> FloatArray | None:
        n = self.n
        index = {cid: i for i, cid in enumerate(self.ids)}
        A = np.ones((n, n), dtype=np.float64)
        seen: dict[tuple[int, int], tuple[float, int]] = {}
        ok = True
        for k, (a, b, value) in enumerate(pairs):
            line = self.marks.line((*self.key, "pairs", k))
            unknown = [x for x in (a, b) if x not in index]
            if unknown:
                self.error(
                    f"pair {_pair_text(a, b)}: {', '.join(repr(u) for u in unknown)} "
                    f"is not a child of {self.node.id} (children: {self.children_text()})",
                    line,
                )
                ok = False
                continue
            i, j = index[a], index[b]
            if i == j:
                self.error(f"pair {_pair_text(a, b)} compares a node with itself", line)
                ok = False
                continue
            canon = (min(i, j), max(i, j))
            oriented = value if i < j else 1.0 / value
            if canon in seen:
                first_value, first_line = seen[canon]
                self.error(
                    f"pair {_pair_text(self.ids[canon[0]], self.ids[canon[1]])} given twice "
                    f"({format_judgment(first_value)} on line {first_line} and "
                    f"{format_judgment(oriented)})",
                    line,
                )
                ok = False
                continue
            seen[canon] = (oriented, line)
            A[canon] = oriented
            A[canon[1], canon[0]] = 1.0 / oriented
            self.entry_lines[canon] = line
        missing = [
            _pair_text(self.ids[i], self.ids[j])
            for i in range(n)
            for j in range(i + 1, n)
            if (i, j) not in seen
        ]
        if missing:
            self.error(
                f"pairs missing: {', '.join(missing)} (every pair of children needs a judgment)",
                self.marks.line(self.key),
            )
            ok = False
        return A if ok else None

    def check_range(self, A: FloatArray) -> None:
        top = self.scale_max
        low = 1.0 / top
        for i in range(self.n):
            for j in range(self.n):
                v = float(A[i, j])
                if v > top * (1 + RECIPROCAL_TOLERANCE) or v < low / (1 + RECIPROCAL_TOLERANCE):
                    self.error(
                        f"{_pair_text(self.ids[i], self.ids[j])} = {format_judgment(v)} is outside "
                        f"the scale 1/{top:g}..{top:g} (settings.scale_max allows more)",
                        self.entry_lines.get((i, j), self.marks.line(self.key)),
                    )
                    return


def _resolve_judgments(  # noqa: PLR0917 - private, one caller
    builder: _Builder,
    settings: Settings,
    raw: Mapping[str, Any],
    marks: LineMap,
    path: str | None,
    prefix: tuple[Hashable, ...],
) -> dict[str, Judgment]:
    judgments: dict[str, Judgment] = {}
    given = {str(k) for k in raw}
    for node_id, entry in raw.items():
        key = (*prefix, node_id)
        line = marks.line(key)
        node = builder.nodes.get(str(node_id))
        if node is None:
            builder.error(f"judgments given for unknown node {node_id!r}", line, path)
            continue
        if node.is_leaf:
            builder.error(f"judgments given for {node.id!r}, which has no children", line, path)
            continue
        checker = _MatrixChecker(node, entry, marks, path, key, settings.scale_max)
        matrix, note = checker.build()
        builder.errors.extend(checker.errors)
        if matrix is not None:
            matrix.setflags(write=False)
            judgments[node.id] = Judgment(
                node_id=node.id,
                matrix=matrix,
                path=path,
                line=line,
                note=note,
                entry_lines=checker.entry_lines,
            )
    for node in builder.nodes.values():
        if len(node.children) >= 2 and node.id not in given:
            kids = ", ".join(c.id for c in node.children)
            builder.error(
                f"no judgment matrix for {node.id!r} ({len(node.children)} children: {kids})",
                node.line,
            )
        elif len(node.children) == 1 and node.id not in given:
            one = np.ones((1, 1))
            one.setflags(write=False)
            judgments[node.id] = Judgment(node.id, one, path=builder.path, line=node.line)
    return judgments


def parse_evaluation(
    data: Any,
    *,
    path: str | None = None,
    marks: LineMap | None = None,
    judgments_data: Any = None,
    judgments_path: str | None = None,
    judgments_marks: LineMap | None = None,
) -> Evaluation:
    """Check an evaluation file's data and build the :class:`Evaluation`.

    ``judgments_data`` (the contents of a separate judgments file) replaces the
    file's own ``judgments:`` section as a whole. Raises :class:`InputErrors`
    with every problem found.
    """
    marks = marks or LineMap()
    if not isinstance(data, dict):
        kind = "empty" if data is None else type(data).__name__
        raise InputErrors(
            [
                InputError(
                    f"an evaluation file must be a YAML mapping, got {kind}", path=path, line=1
                )
            ]
        )
    problems = Problems()
    spec = read_evaluation(data, problems)
    errors = _errors(problems, marks, path)
    jspec = None
    if judgments_data is not None:
        jproblems = Problems()
        jspec = read_judgments_file(judgments_data, jproblems)
        errors += _errors(jproblems, judgments_marks or LineMap(), judgments_path)
    if spec is None or errors:
        raise InputErrors(errors)
    builder = _Builder(path, marks)
    children = [builder.node(c, ("criteria", i), 1) for i, c in enumerate(spec.criteria)]
    goal_node = Node(
        id=spec.goal.id,
        name=spec.goal.name,
        name_en=spec.goal.name_en,
        level=0,
        line=marks.line(("goal",)),
        children=tuple(children),
    )
    if goal_node.id in builder.first_line:
        builder.error(
            f"id {goal_node.id!r} is used twice "
            f"(the goal and line {builder.first_line[goal_node.id]})",
            goal_node.line,
        )
    builder.nodes[goal_node.id] = goal_node
    if jspec is not None:
        judgments = _resolve_judgments(
            builder,
            spec.settings,
            jspec.judgments,
            judgments_marks or LineMap(),
            judgments_path,
            ("judgments",),
        )
    else:
        judgments = _resolve_judgments(
            builder, spec.settings, spec.judgments, marks, path, ("judgments",)
        )
    for i, question in enumerate(spec.survey.questions):
        target = builder.nodes.get(question.indicator)
        if target is None or not target.is_leaf or target is goal_node:
            what = "unknown" if target is None else "not an indicator (it has children)"
            builder.error(
                f"survey.questions[{i}]: indicator {question.indicator!r} is {what}",
                marks.line(("survey", "questions", i, "indicator")),
            )
    if builder.errors:
        raise InputErrors(builder.errors)
    ordered = {n.id: n for n in goal_node.walk()}
    return Evaluation(
        goal=goal_node,
        settings=spec.settings,
        judgments=judgments,
        survey=spec.survey,
        grades=spec.grades,
        path=path,
        name=spec.name,
        name_en=spec.name_en,
        source=spec.source,
        sector=spec.sector,
        judge=jspec.judge if jspec is not None else None,
        judgments_path=judgments_path if jspec is not None else None,
        nodes=ordered,
    )

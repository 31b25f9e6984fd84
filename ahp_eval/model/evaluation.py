"""The evaluation: the file as written (:class:`EvaluationFile`), and the checked
evaluation the maths works on (:class:`Evaluation`).

:func:`parse_evaluation` is the one way from plain data (a YAML file's, or Python's)
to an :class:`Evaluation`. It validates part by part (the header, the goal, every
node, every judgment) so that a problem in one part does not hide the others, then
checks what refers to what (ids, judgments, survey questions), and raises
:class:`~ahp_eval.errors.InputErrors` with every problem found, each at its line.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Hashable, Iterable, Mapping
from typing import TYPE_CHECKING, Annotated, Any

import numpy as np
from pydantic import BeforeValidator, ConfigDict, Field, PrivateAttr, TypeAdapter, ValidationError

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.model._base import Record
from ahp_eval.model._problems import Loc, Problems, fail
from ahp_eval.model.alternatives import (
    Alternative,
    Performance,
    PerformanceEntry,
    read_alternatives,
    read_performance,
)
from ahp_eval.model.construct import INFINITE_SCALE, check_matrix, check_tree, record_errors
from ahp_eval.model.fields import NodeId, Note, Text, text_of
from ahp_eval.model.frozen import FrozenDict
from ahp_eval.model.judgments import (
    BoolArray,
    JudgmentForm,
    build_matrix,
    describe_entry,
    form_adapter,
)
from ahp_eval.model.lines import LineMap
from ahp_eval.model.panel import PanelSpec
from ahp_eval.model.python_data import frame_rows, frames_in, is_frame, plain
from ahp_eval.model.settings import Settings
from ahp_eval.model.survey import DEFAULT_GRADES, GradeBand, Grades, Survey
from ahp_eval.model.tree import Goal, Node, read_tree, root_node
from ahp_eval.model.values import describe
from ahp_eval.model.vocabulary import FORMAT_VERSION, FloatArray

__all__ = [
    "Evaluation",
    "EvaluationFile",
    "EvaluationMeta",
    "Judgment",
    "JudgmentsFile",
    "Node",
    "parse_evaluation",
]

_EMPTY: Mapping[Any, Any] = FrozenDict()


def _version(value: Any) -> int:
    if value != FORMAT_VERSION or isinstance(value, bool):
        fail(
            f"unsupported format version {describe(value).removeprefix('the number ')}; "
            f"this ahp-eval reads version {FORMAT_VERSION}"
        )
    return FORMAT_VERSION


Version = Annotated[
    int,
    BeforeValidator(_version),
    Field(
        description="File format version: 1.",
        examples=[FORMAT_VERSION],
        json_schema_extra={"const": FORMAT_VERSION},
    ),
]


class EvaluationMeta(Record):
    """What an evaluation file says about itself (all optional)."""

    version: Version = FORMAT_VERSION
    name: Annotated[
        Text | None, Field(description="Title of the evaluation.", examples=["食堂服务质量评价"])
    ] = None
    name_en: Annotated[
        Text | None,
        Field(description="English title.", examples=["Canteen service quality"]),
    ] = None
    source: Annotated[
        Note | None,
        Field(
            description="Where the indicator system comes from.",
            examples=["Parasuraman, Zeithaml & Berry (1988)"],
        ),
    ] = None
    sector: Annotated[
        Note | None, Field(description="The sector it serves.", examples=["高校后勤"])
    ] = None
    description: Annotated[
        Note | None,
        Field(description="Free text about the evaluation.", examples=["2024 年春季学期"]),
    ] = None


class EvaluationFile(EvaluationMeta):
    """An evaluation file as written: the hierarchy, its judgments and its settings."""

    settings: Settings = Field(
        default_factory=Settings,
        description="How to compute: method, RI table, threshold, allowed scale, decimals.",
        examples=[{"method": "root", "ri": "saaty", "cr_threshold": 0.1}],
    )
    survey: Survey = Field(
        default_factory=Survey,
        description="How questionnaire answers map to indicators, and their scale.",
        examples=[{"scale": {"min": 1, "max": 5}, "group": "营业厅"}],
    )
    grades: Annotated[
        Grades, Field(examples=[[{"min": 85, "label": "优"}, {"min": 0, "label": "待改进"}]])
    ] = DEFAULT_GRADES
    goal: Annotated[
        Goal,
        Field(
            description="The goal: the top of the hierarchy.",
            examples=[{"id": "A", "name": "食堂服务质量"}],
        ),
    ]
    criteria: Annotated[
        tuple[Node, ...],
        Field(
            min_length=1,
            description="The criteria under the goal, each with its criteria or indicators.",
            examples=[
                [{"id": "B1", "name": "菜品", "indicators": [{"id": "C11", "name": "口味"}]}]
            ],
        ),
    ]
    judgments: Annotated[
        dict[NodeId, JudgmentForm],
        Field(
            description=(
                "One judgment matrix per node with two or more children; with alternatives, "
                "one per leaf over the alternatives (or a performance entry)."
            ),
            examples=[{"A": {"upper": [3, 5, 2]}, "B1": [[1, 3], ["1/3", 1]]}],
        ),
    ] = Field(default_factory=dict)
    alternatives: Annotated[
        tuple[Alternative, ...] | None,
        Field(
            description="The options compared under every leaf (classic AHP).",
            examples=[[{"id": "Tom", "name": "汤姆"}, {"id": "Dick", "name": "迪克"}]],
        ),
    ] = None
    performance: Annotated[
        dict[NodeId, PerformanceEntry],
        Field(
            description="Direct positive scores of the alternatives under a leaf.",
            examples=[{"C3": {"values": {"Tom": 45, "Dick": 60}, "cost": True}}],
        ),
    ] = Field(default_factory=dict)
    panel: Annotated[
        PanelSpec | None,
        Field(
            description=(
                "An expert panel's export (one row per judge) whose answers replace the "
                "judgments of the matrices it covers; the file then needs no judgments."
            ),
            examples=[
                {
                    "file": "answers.csv",
                    "judge": "respondent",
                    "weight": "weight",
                    "coding": "ratio",
                    "pairs": [{"column": "Q1", "pair": ["B1", "B2"]}],
                }
            ],
        ),
    ] = None


class JudgmentsFile(Record):
    """A separate judgments file (``--judgments FILE``): replaces the file's judgments."""

    version: Version = FORMAT_VERSION
    judge: Annotated[Note | None, Field(description="Who judged.", examples=["专家 A"])] = None
    note: Annotated[
        Note | None,
        Field(description="Free text about these judgments.", examples=["2024-03 panel"]),
    ] = None
    judgments: Annotated[
        dict[NodeId, JudgmentForm],
        Field(
            description="One judgment matrix per node with two or more children.",
            examples=[{"A": {"upper": [3, 5, 2]}}],
        ),
    ]


class Judgment(Record):
    """A validated pairwise comparison matrix for the children of ``node_id``.

    An incomplete matrix (pairs not compared) has NaN in its missing entries, ``given``
    the mask of the entries given (symmetric, diagonal True) and ``missing`` the pairs
    not compared (child ids, in upper-triangle order); a complete one has ``given``
    None and ``missing`` empty.
    """

    model_config = ConfigDict(arbitrary_types_allowed=True)

    node_id: str
    matrix: FloatArray
    path: str | None
    line: int
    note: str | None = None
    entry_lines: Mapping[tuple[int, int], int] = Field(default_factory=lambda: _EMPTY)
    given: BoolArray | None = None
    missing: tuple[tuple[str, str], ...] = ()

    if not TYPE_CHECKING:  # type checkers see the fields' own signature

        def __init__(self, /, **values: Any) -> None:
            """A judgment built directly: its matrix checked as a file's full matrix is
            (square, positive, diagonal 1, reciprocal); kept as a read-only copy."""
            try:
                super().__init__(**values)
            except ValidationError as exc:
                raise record_errors(exc, "Judgment") from None
            built, errors = check_matrix(self.matrix, None, INFINITE_SCALE, ("matrix",))
            if errors or built is None:
                raise InputErrors(errors)
            self.__dict__["matrix"] = built.matrix
            if built.given is not None:  # NaN entries: pairs not compared
                self.__dict__["given"] = built.given
            self.__dict__["entry_lines"] = FrozenDict(self.entry_lines)

    @property
    def n(self) -> int:
        return int(self.matrix.shape[0])

    @property
    def complete(self) -> bool:
        """Every pair was compared."""
        return self.given is None

    def given_mask(self) -> BoolArray:
        """The entries given (all True for a complete matrix)."""
        if self.given is not None:
            return self.given
        return np.ones(self.matrix.shape, dtype=np.bool_)

    def entry_line(self, i: int, j: int) -> int:
        """Line where judgment (i, j) or its reciprocal was written."""
        return self.entry_lines.get((i, j), self.entry_lines.get((j, i), self.line))


class Evaluation(Record):
    """A checked evaluation: the hierarchy, its judgments and its settings."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    goal: Node
    settings: Settings = Field(default_factory=Settings)
    judgments: Mapping[str, Judgment] = Field(default_factory=lambda: _EMPTY)
    survey: Survey = Field(default_factory=Survey)
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    path: str | None = None
    name: str | None = None
    name_en: str | None = None
    source: str | None = None
    sector: str | None = None
    judge: str | None = None
    judgments_path: str | None = None
    alternatives: tuple[Alternative, ...] = ()
    alternative_judgments: Mapping[str, Judgment] = Field(default_factory=lambda: _EMPTY)
    """Leaf id -> the pairwise matrix of the alternatives under that leaf."""
    performance: Mapping[str, Performance] = Field(default_factory=lambda: _EMPTY)
    """Leaf id -> the alternatives' direct scores under that leaf."""
    panel: PanelSpec | None = None
    """The file's ``panel:`` section, when it has one."""
    _nodes: Mapping[str, Node] = PrivateAttr(default_factory=dict)

    if not TYPE_CHECKING:  # type checkers see the fields' own signature

        def __init__(self, /, **values: Any) -> None:
            """An evaluation built directly, checked as a file is: every judgment against
            its node's children and ``settings.scale_max``, a matrix for every parent, ids
            used once; the hierarchy's levels placed as the reader places them."""
            try:
                super().__init__(**values)
            except ValidationError as exc:
                raise record_errors(exc, "Evaluation") from None
            errors, matrices = check_tree(self.goal, self.judgments, self.settings, self.survey)
            if errors:
                raise InputErrors(errors)
            judgments = {
                key: j.model_copy(
                    update={
                        "matrix": matrices[key].matrix,
                        "given": matrices[key].given,
                        "missing": matrices[key].missing,
                    }
                )
                for key, j in self.judgments.items()
            }
            goal = _placed(self.goal, 0)
            for node in goal.walk():
                if len(node.children) == 1 and node.id not in judgments:
                    one = np.ones((1, 1))
                    one.setflags(write=False)
                    judgments[node.id] = Judgment.checked(
                        node_id=node.id, matrix=one, path=self.path, line=node.line
                    )
            self.__dict__["goal"] = goal
            self.__dict__["judgments"] = FrozenDict(judgments)

    @property
    def nodes(self) -> Mapping[str, Node]:
        """Every node by id, in depth-first declared order (the goal first)."""
        if not self._nodes:
            self._nodes = FrozenDict({n.id: n for n in self.goal.walk()})
        return self._nodes

    def _all(self) -> Iterable[Node]:
        return self.nodes.values()

    def leaves(self) -> list[Node]:
        """Nodes without children, in declared order."""
        return [n for n in self._all() if not n.children]

    def parents(self) -> list[Node]:
        """Nodes with children, top-down in declared order."""
        return [n for n in self._all() if n.children]

    def __repr__(self) -> str:
        return (
            f"Evaluation(path={self.path!r}, goal={self.goal.id!r}, "
            f"nodes={len(self.nodes)}, judgments={len(self.judgments)})"
        )


def _placed(node: Node, level: int) -> Node:
    """A copy of a hierarchy built directly, each node at its level."""
    values = {name: getattr(node, name) for name in type(node).model_fields}
    children = tuple(_placed(c, level + 1) for c in node.children)
    if node.criteria:
        values["criteria"] = children
    elif node.indicators:
        values["indicators"] = children
    return Node.placed(values, level=level, line=node.line)


_NO_FILE = object()
"""No separate judgments file (as opposed to an empty one)."""


class _Document:
    """One input document: its problems, located through its line map."""

    def __init__(self, path: str | None, lines: LineMap | None) -> None:
        self.path = path
        self.problems = Problems(path, lines)

    def line(self, loc: Loc) -> int:
        return self.problems.lines.line(loc)


def _validate(model: type[Record] | TypeAdapter[Any], data: Any, loc: Loc, doc: _Document) -> Any:
    try:
        if isinstance(model, TypeAdapter):
            return model.validate_python(data)
        return model.model_validate(data)
    except ValidationError as exc:
        doc.problems.take(exc, loc)
        return None


def _top_level(data: Any, model: type[Record], doc: _Document) -> dict[str, Any] | None:
    """Unknown and missing top-level fields of a document; its mapping, or None."""
    if not isinstance(data, dict):
        what = "empty" if data is None else type(data).__name__
        kind = "an evaluation file" if model is EvaluationFile else "a judgments file"
        doc.problems.add_at_line(1, f"{kind} must be a YAML mapping, got {what}")
        return None
    fields = model.model_fields
    for key in data:
        if key not in fields:
            doc.problems.say((key,), f"unknown field {key!r}")
    for key, info in fields.items():
        if info.is_required() and key not in data:
            doc.problems.add((), f"missing field {key!r}")
    return data


def parse_evaluation(
    data: Any,
    *,
    path: str | None = None,
    lines: LineMap | None = None,
    judgments_data: Any = _NO_FILE,
    judgments_path: str | None = None,
    judgments_lines: LineMap | None = None,
    panel: bool = False,
) -> Evaluation:
    """Check an evaluation file's data and build the :class:`Evaluation`.

    ``judgments_data`` (the contents of a separate judgments file, ``None`` for an
    empty one) replaces the file's own ``judgments:`` section as a whole. ``lines``
    map key paths to lines for the messages. With ``panel`` (a panel's export will
    give the judgments) or a ``panel:`` section, a matrix may be left out. Raises
    :class:`InputErrors` with every problem found.
    """
    if lines is None:  # data from Python: arrays as lists, numpy scalars as numbers
        data = plain(data)
    if judgments_lines is None and judgments_data is not _NO_FILE:
        judgments_data = plain(judgments_data)
    doc = _Document(path, lines)
    top = _top_level(data, EvaluationFile, doc)
    if top is None:
        raise InputErrors(doc.problems.errors())
    head = _Head(top, doc)
    goal = _validate(Goal, top["goal"], ("goal",), doc) if "goal" in top else None
    tree = read_tree(top["criteria"], doc.problems) if "criteria" in top else None

    jdoc, raw_judgments, judge = doc, top.get("judgments"), None
    if judgments_data is not _NO_FILE:
        jdoc = _Document(judgments_path, judgments_lines)
        if judgments_data is None:  # an empty file: it still needs its judgments
            judgments_data = {}
        jtop = _top_level(judgments_data, JudgmentsFile, jdoc)
        raw_judgments = jtop.get("judgments") if jtop is not None else None
        if jtop is not None:
            rest = {k: v for k, v in jtop.items() if k != "judgments"}
            meta = _validate(_JudgmentsMeta, rest, (), jdoc)
            judge = meta.judge if meta is not None else None

    alternatives = (
        read_alternatives(top["alternatives"], doc.problems) if "alternatives" in top else None
    )
    checker = _CrossCheck(doc, jdoc, tree, goal, head)
    checker.alternatives = alternatives
    checker.alternatives_given = "alternatives" in top
    spec = _validate(PanelSpec, top["panel"], ("panel",), doc) if "panel" in top else None
    checker.panel = panel or spec is not None
    judgments = checker.judgments(raw_judgments)
    performance = checker.performance(top.get("performance"))
    checker.questions(top.get("survey"))
    errors = doc.problems.errors() + (jdoc.problems.errors() if jdoc is not doc else [])
    if errors or not head.ok or goal is None or tree is None or checker.root is None:
        raise InputErrors(errors or [InputError("invalid evaluation", path=path)])
    assert head.meta is not None
    return Evaluation.checked(
        goal=checker.root,
        settings=head.settings,
        judgments=FrozenDict(judgments),
        survey=head.survey,
        grades=head.grades,
        path=path,
        name=head.meta.name,
        name_en=head.meta.name_en,
        source=head.meta.source,
        sector=head.meta.sector,
        judge=judge,
        judgments_path=judgments_path if jdoc is not doc else None,
        alternatives=alternatives or (),
        alternative_judgments=FrozenDict(checker.leaf_judgments),
        performance=FrozenDict(performance),
        panel=spec,
    )


@functools.cache
def _forms_adapter() -> TypeAdapter[dict[str, Any]]:
    return TypeAdapter(dict[str, JudgmentForm])


def _all_forms(raw: dict[Any, Any]) -> dict[str, Any] | None:
    """Every judgment entry validated in one go; None when any is wrong (then each is
    validated on its own, so that every problem is said with its place)."""
    if not all(isinstance(key, str) for key in raw):
        return None
    try:
        return _forms_adapter().validate_python(raw)
    except ValidationError:
        return None


def _entry_words(name: str, ids: list[str]) -> Callable[[Loc], str]:
    """Messages about a judgment entry start with its node and the place inside it."""

    def words(inner: Loc) -> str:
        return f"{name}: {describe_entry(inner, ids)}"

    return words


class _Head:
    """The file's own fields and sections, each validated only when present (so a
    command builds only the records a file uses)."""

    def __init__(self, top: dict[str, Any], doc: _Document) -> None:
        meta_fields = EvaluationMeta.model_fields
        self.meta: EvaluationMeta | None = _validate(
            EvaluationMeta, {k: v for k, v in top.items() if k in meta_fields}, (), doc
        )
        self.ok = self.meta is not None
        self.settings: Settings | None = Settings.checked()
        self.survey: Survey | None = Survey.checked()
        self.grades: tuple[GradeBand, ...] | None = DEFAULT_GRADES
        if "settings" in top:
            self.settings = _validate(Settings, _or_empty(top["settings"]), ("settings",), doc)
        if "survey" in top:
            self.survey = _validate(Survey, _or_empty(top["survey"]), ("survey",), doc)
        if "grades" in top and top["grades"] is not None:
            self.grades = _validate(_grades_adapter(), top["grades"], ("grades",), doc)
        self.ok = self.ok and None not in (self.settings, self.survey, self.grades)


def _or_empty(value: Any) -> Any:
    """An empty section (``settings:`` with nothing under it) means all defaults."""
    return {} if value is None else value


@functools.cache
def _grades_adapter() -> TypeAdapter[tuple[GradeBand, ...]]:
    return TypeAdapter(Grades)


class _JudgmentsMeta(Record):
    """The fields of a judgments file besides the judgments themselves."""

    version: Version = FORMAT_VERSION
    judge: Note | None = None
    note: Note | None = None


class _CrossCheck:
    """What refers to what: ids, judgments and survey questions, on the valid parts."""

    def __init__(
        self,
        doc: _Document,
        jdoc: _Document,
        tree: Any,
        goal: Goal | None,
        head: _Head,
    ) -> None:
        self.doc = doc
        self.jdoc = jdoc
        self.tree = tree
        self.settings = head.settings
        self.root: Node | None = None
        self.nodes: dict[str, Node] = {}
        self.alternatives: tuple[Alternative, ...] | None = None
        self.alternatives_given = False
        self.leaf_judgments: dict[str, Judgment] = {}
        self.leaf_keys: dict[str, Loc] = {}
        """Leaves given a judgment entry over the alternatives, and where."""
        self.panel = False
        """A panel gives the judgments: a matrix may be left out of the file."""
        if goal is not None and tree is not None:
            self.root = root_node(goal, tree.criteria, doc.line(("goal",)))
            self._ids()

    def _ids(self) -> None:
        assert self.root is not None
        first: dict[str, int] = {}
        for node in self.root.walk():
            if node is self.root:
                continue
            if node.id in first:
                self.doc.problems.add_at_line(
                    node.line, f"id {node.id!r} is used twice (first on line {first[node.id]})"
                )
            else:
                first[node.id] = node.line
                self.nodes[node.id] = node
        if self.root.id in first:
            self.doc.problems.add_at_line(
                self.root.line,
                f"id {self.root.id!r} is used twice (the goal and line {first[self.root.id]})",
            )
        self.nodes[self.root.id] = self.root

    def _frames_read(self, raw: dict[Any, Any]) -> tuple[dict[Any, Any], set[str]]:
        """Judgment entries given as DataFrames, read as matrices over the node's children
        (by label); a frame that cannot be read is reported and left out (its key is in
        the set returned)."""
        out: dict[Any, Any] = {}
        unread: set[str] = set()
        for key, entry in raw.items():
            if not is_frame(entry):
                out[key] = entry
                continue
            node = self.nodes.get(str(key))
            ids = [c.id for c in node.children] if node is not None else []
            if node is not None and node.is_leaf and self.alternatives:
                ids = [a.id for a in self.alternatives]
            rows, problem = frame_rows(entry, ids)
            if problem is not None:
                self.jdoc.problems.add(("judgments", key), problem)
                unread.add(str(key))
                continue
            out[key] = rows
        return out, unread

    def judgments(self, raw: Any) -> dict[str, Judgment]:
        """Every judgment entry validated and built; every parent checked for one."""
        jdoc = self.jdoc
        out: dict[str, Judgment] = {}
        if raw is None:
            raw = {}
        if not isinstance(raw, dict):
            jdoc.problems.add(
                ("judgments",), f"expected a mapping of node ids, got {describe(raw)}"
            )
            raw = {}
        broken = self.tree.broken_ids if self.tree is not None else set()
        given: set[str] = set()
        if frames_in(raw):
            raw, unread = self._frames_read(raw)
            given |= unread  # reported already: not "missing" too
        forms = _all_forms(raw)
        for key, entry in raw.items():
            name = str(key)
            given.add(name)
            loc: tuple[Hashable, ...] = ("judgments", key)
            node = self.nodes.get(name)
            ids = [c.id for c in node.children] if node is not None else []
            over_alternatives = (
                node is not None
                and node.is_leaf
                and node is not self.root
                and self.alternatives_given
            )
            if over_alternatives:
                ids = [a.id for a in self.alternatives or ()]
            if forms is not None:
                form = forms[key]
            else:
                try:
                    form = form_adapter().validate_python(entry)
                except ValidationError as exc:
                    jdoc.problems.take(exc, loc, _entry_words(name, ids))
                    continue
            if self.root is None:
                continue
            if node is None:
                if name not in broken:
                    jdoc.problems.say(loc, f"judgments given for unknown node {name!r}")
                continue
            if over_alternatives:
                self.leaf_keys[name] = loc
                if self.alternatives is None:
                    continue  # the list is wrong (said there): nothing to compare
            elif node.is_leaf:
                jdoc.problems.say(loc, f"judgments given for {name!r}, which has no children")
                continue
            if self.settings is None or name in self.tree.incomplete:
                continue
            built = build_matrix(
                form,
                ids,
                self.settings.scale_max,
                loc,
                jdoc.line,
                compared="alternatives" if over_alternatives else "children",
            )
            for where, message in built.problems:
                jdoc.problems.say(where, f"{name}: {message}")
            if built.matrix is not None:
                (self.leaf_judgments if over_alternatives else out)[name] = Judgment.checked(
                    node_id=name,
                    matrix=built.matrix,
                    path=jdoc.path,
                    line=jdoc.line(loc),
                    note=built.note,
                    entry_lines=FrozenDict(
                        {ij: jdoc.line(where) for ij, where in built.entry_locs.items()}
                    ),
                    given=built.given,
                    missing=built.missing,
                )
        if self.root is not None:
            self._missing(given, out)
        return out

    def _missing(self, given: set[str], out: dict[str, Judgment]) -> None:
        """A parent with two or more children needs a matrix; one child needs none."""
        for node in self.nodes.values():
            n = len(node.children)
            if n >= 2 and node.id not in given and not self.panel:
                kids = ", ".join(c.id for c in node.children)
                self.doc.problems.add_at_line(
                    node.line, f"no judgment matrix for {node.id!r} ({n} children: {kids})"
                )
            elif n == 1 and node.id not in given:
                one = np.ones((1, 1))
                one.setflags(write=False)
                out[node.id] = Judgment.checked(
                    node_id=node.id, matrix=one, path=self.doc.path, line=node.line
                )

    def performance(self, raw: Any) -> dict[str, Performance]:
        """The ``performance:`` table; then every leaf checked for exactly one matrix or
        table over the alternatives."""
        if raw is not None and not self.alternatives_given:
            self.doc.problems.say(
                ("performance",),
                "performance: scores alternatives, but the file has no alternatives: list",
            )
            return {}
        broken = self.tree.broken_ids if self.tree is not None else set()

        def leaf_of(key: str) -> str | None:
            node = self.nodes.get(key)
            if self.root is None or (node is None and key in broken):
                return None
            if node is None:
                return f"unknown leaf {key!r}"
            if not node.is_leaf or node is self.root:
                kids = ", ".join(c.id for c in node.children)
                return f"{key!r} is not a leaf (it has children: {kids}); score the leaves"
            return None

        table = read_performance(
            raw,
            self.doc.problems,
            alternatives=self.alternatives if self.root is not None else None,
            leaf_of=leaf_of,
        )
        if self.alternatives_given and self.root is not None:
            self._leaves_covered(raw if isinstance(raw, dict) else {})
        return table

    def _leaves_covered(self, scored: dict[Any, Any]) -> None:
        """With alternatives, every leaf has exactly one matrix or performance entry."""
        where = self.jdoc.path or "the judgments"
        for node in self.nodes.values():
            if not node.is_leaf or node is self.root:
                continue
            judged = node.id in self.leaf_keys
            if judged and node.id in scored:
                line = self.jdoc.line(self.leaf_keys[node.id])
                also = f"line {line}" if self.jdoc is self.doc else f"{where}, line {line}"
                self.doc.problems.say(
                    ("performance", node.id),
                    f"performance: {node.id!r} is also compared pairwise under judgments "
                    f"({also}); give one or the other",
                )
            elif not judged and node.id not in scored and not self.panel:
                self.doc.problems.add_at_line(
                    node.line,
                    f"no comparison of the alternatives under leaf {node.id!r}: give a "
                    f"judgments entry {node.id} over the alternatives, or performance scores",
                )

    def questions(self, raw_survey: Any) -> None:
        """Every survey question feeds an indicator of the hierarchy."""
        if self.root is None or not isinstance(raw_survey, dict):
            return
        questions = raw_survey.get("questions")
        if not isinstance(questions, list):
            return
        for i, question in enumerate(questions):
            if not isinstance(question, dict):
                continue
            name = text_of(question.get("indicator"))  # as the question's field reads it
            if not isinstance(name, str):
                continue
            target = self.nodes.get(name)
            if target is not None and target.is_leaf and target is not self.root:
                continue
            if target is None and name in self.tree.broken_ids:
                continue
            what = "unknown" if target is None else "not an indicator (it has children)"
            self.doc.problems.say(
                ("survey", "questions", i, "indicator"),
                f"survey.questions[{i}]: indicator {name!r} is {what}",
            )

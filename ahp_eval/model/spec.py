"""The evaluation file as written by the user: typed, frozen records and their readers.

Each ``read_*`` function checks the shape of one part of the input (field names,
types, allowed values) and records every problem in a :class:`Problems` list with
its key path, so that all of them can be reported at once with their lines.
Cross-field rules (unique ids, one matrix per parent, reciprocity, ...) are checked
in :mod:`ahp_eval.model.evaluation`.

The readers are hand-written rather than pydantic models, and the records are
NamedTuples rather than dataclasses: the shape is small, the messages speak the
user's terms, and ``ahp-eval check`` starts without paying for a validation
framework's import and model building (see docs/performance.md).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, NamedTuple, cast

from ahp_eval.errors import InputError
from ahp_eval.model.readers import (
    FORMAT_VERSION,
    Fields,
    Loc,
    Problems,
    as_list,
    boolean,
    integer,
    kind,
    loc_text,
    node_id,
    note,
    number,
    optional_text,
    text,
    version,
)
from ahp_eval.model.survey import (
    DEFAULT_GRADES,
    GradeBand,
    SurveySpec,
    read_grades,
    read_survey,
)
from ahp_eval.model.values import parse_judgment
from ahp_eval.model.vocabulary import METHODS, RI_TABLE_KEYS, Method

__all__ = [
    "FORMAT_VERSION",
    "EvaluationSpec",
    "GoalSpec",
    "JudgmentsFileSpec",
    "MatrixForm",
    "NodeSpec",
    "PairsForm",
    "Problems",
    "Settings",
    "UpperForm",
    "check_setting",
    "loc_text",
    "read_evaluation",
    "read_form",
    "read_judgments_file",
]


class Settings(NamedTuple):
    """How to compute: method, RI table, threshold, allowed scale, decimals shown."""

    method: Method = "root"
    ri: str | tuple[float, ...] = "saaty"
    cr_threshold: float = 0.10
    scale_max: float = 9.0
    precision: int = 4
    illustrative: bool = False


def _method(value: Any, loc: Loc, problems: Problems) -> Method:
    if value not in METHODS:
        problems.add(loc, f"unknown method {value!r}; choose {', '.join(METHODS)}")
        return "root"
    return cast("Method", value)


def _ri(value: Any, loc: Loc, problems: Problems) -> str | tuple[float, ...]:
    if isinstance(value, str):
        if value not in RI_TABLE_KEYS:
            known = ", ".join(RI_TABLE_KEYS)
            problems.add(loc, f"unknown RI table {value!r}; choose {known}, or give a list")
        return value
    items = as_list(value, loc, problems)
    if items is None:
        return "saaty"
    if not items:
        problems.add(loc, "a custom RI list needs at least one value")
    read = number(0.0, 100.0)
    return tuple(read(v, (*loc, i), problems) for i, v in enumerate(items))


def read_settings(data: Any, loc: Loc, problems: Problems) -> Settings:
    """The ``settings:`` mapping; every field is optional."""
    if data is None:
        return Settings()
    f = Fields(
        data,
        loc,
        problems,
        ("method", "ri", "cr_threshold", "scale_max", "precision", "illustrative"),
    )
    d = Settings()
    return Settings(
        method=f.get("method", _method, d.method),
        ri=f.get("ri", _ri, d.ri),
        cr_threshold=f.get("cr_threshold", number(0.0, 1.0, lo_open=True), d.cr_threshold),
        scale_max=f.get("scale_max", number(1.0, 1000.0), d.scale_max),
        precision=f.get("precision", integer(1, 12), d.precision),
        illustrative=f.get("illustrative", boolean, d.illustrative),
    )


class GoalSpec(NamedTuple):
    """The goal (top of the hierarchy)."""

    id: str
    name: str
    name_en: str | None = None
    description: str | None = None


class NodeSpec(NamedTuple):
    """A criterion or indicator; ``criteria`` nests deeper, ``indicators`` ends a branch."""

    id: str
    name: str
    name_en: str | None = None
    description: str | None = None
    children: tuple[NodeSpec, ...] = ()
    children_field: str = "indicators"


_NODE_FIELDS = ("id", "name", "name_en", "description")


def read_goal(data: Any, loc: Loc, problems: Problems) -> GoalSpec | None:
    f = Fields(data, loc, problems, _NODE_FIELDS, required=("id", "name"))
    if not f.ok:
        return None
    return GoalSpec(
        id=f.get("id", node_id, ""),
        name=f.get("name", text, ""),
        name_en=f.get("name_en", optional_text, None),
        description=f.get("description", optional_text, None),
    )


def read_node(data: Any, loc: Loc, problems: Problems) -> NodeSpec | None:
    f = Fields(
        data, loc, problems, (*_NODE_FIELDS, "indicators", "criteria"), required=("id", "name")
    )
    if not f.ok:
        return None
    field = "criteria" if "criteria" in f.data else "indicators"
    if "criteria" in f.data and "indicators" in f.data:
        problems.add(loc, "give either indicators or criteria under a node, not both")
    children = _read_nodes(f.data.get(field), (*loc, field), problems, allow_empty=True)
    return NodeSpec(
        id=f.get("id", node_id, ""),
        name=f.get("name", text, ""),
        name_en=f.get("name_en", optional_text, None),
        description=f.get("description", optional_text, None),
        children=children,
        children_field=field,
    )


def _read_nodes(
    value: Any, loc: Loc, problems: Problems, *, allow_empty: bool
) -> tuple[NodeSpec, ...]:
    if value is None and allow_empty:
        return ()
    items = as_list(value, loc, problems)
    if items is None:
        return ()
    if not items and not allow_empty:
        problems.add(loc, "at least one criterion is needed")
    nodes = (read_node(item, (*loc, i), problems) for i, item in enumerate(items))
    return tuple(n for n in nodes if n is not None)


class EvaluationSpec(NamedTuple):
    """The whole evaluation file."""

    goal: GoalSpec
    criteria: tuple[NodeSpec, ...]
    settings: Settings
    judgments: dict[Any, Any]
    survey: SurveySpec = SurveySpec()
    grades: tuple[GradeBand, ...] = DEFAULT_GRADES
    name: str | None = None
    name_en: str | None = None
    source: str | None = None
    sector: str | None = None
    description: str | None = None


def _mapping(value: Any, loc: Loc, problems: Problems) -> dict[Any, Any]:
    if value is None:
        return {}
    if not isinstance(value, dict):
        problems.add(loc, f"expected a mapping of node ids, got {kind(value)}")
        return {}
    return value


def read_evaluation(data: Any, problems: Problems) -> EvaluationSpec | None:
    """The top level of an evaluation file; ``None`` when it is unusable."""
    f = Fields(
        data,
        (),
        problems,
        (
            "version",
            "name",
            "name_en",
            "source",
            "sector",
            "description",
            "goal",
            "settings",
            "criteria",
            "judgments",
            "survey",
            "grades",
        ),
        required=("goal", "criteria"),
    )
    f.get("version", version, FORMAT_VERSION)
    goal = read_goal(f.data.get("goal"), ("goal",), problems) if "goal" in f.data else None
    spec = EvaluationSpec(
        goal=goal or GoalSpec("", ""),
        criteria=_read_nodes(f.data.get("criteria"), ("criteria",), problems, allow_empty=False)
        if "criteria" in f.data
        else (),
        settings=read_settings(f.data.get("settings"), ("settings",), problems),
        judgments=f.get("judgments", _mapping, {}),
        survey=read_survey(f.data.get("survey"), ("survey",), problems),
        grades=read_grades(f.data.get("grades"), ("grades",), problems),
        name=f.get("name", optional_text, None),
        name_en=f.get("name_en", optional_text, None),
        source=f.get("source", note, None),
        sector=f.get("sector", note, None),
        description=f.get("description", note, None),
    )
    return spec if f.ok and goal is not None else None


class JudgmentsFileSpec(NamedTuple):
    """A separate judgments file (``--judgments FILE``)."""

    judgments: dict[Any, Any]
    judge: str | None = None
    note: str | None = None


def read_judgments_file(data: Any, problems: Problems) -> JudgmentsFileSpec | None:
    f = Fields(data, (), problems, ("version", "judge", "note", "judgments"), ("judgments",))
    f.get("version", version, FORMAT_VERSION)
    spec = JudgmentsFileSpec(
        judgments=f.get("judgments", _mapping, {}),
        judge=f.get("judge", note, None),
        note=f.get("note", note, None),
    )
    return spec if f.ok else None


class MatrixForm(NamedTuple):
    """A full matrix, rows and columns in the children's declared order."""

    matrix: tuple[tuple[float, ...], ...]
    note: str | None = None


class UpperForm(NamedTuple):
    """The upper triangle, row by row: n(n-1)/2 values."""

    upper: tuple[float, ...]
    note: str | None = None


class PairsForm(NamedTuple):
    """Named pairs ``[a, b, value]``: a is ``value`` times as important as b."""

    pairs: tuple[tuple[str, str, float], ...]
    note: str | None = None


def _judgment(value: Any, loc: Loc, problems: Problems, where: str) -> float:
    try:
        return parse_judgment(value)
    except ValueError as exc:
        problems.add(loc, f"{where}{exc}", where=())
        return 1.0


def read_form(
    raw: Any, loc: Loc, problems: Problems, ids: Sequence[str]
) -> MatrixForm | UpperForm | PairsForm | None:
    """One judgment in any of its forms; ``ids`` name the children for messages.

    A bare list is a full matrix whose rows sit directly at ``loc``.
    """
    before = len(problems)
    if isinstance(raw, list):
        rows = _matrix_rows(raw, loc, problems, ids)
        return MatrixForm(rows) if len(problems) == before else None
    forms = [k for k in ("matrix", "upper", "pairs") if isinstance(raw, dict) and k in raw]
    if not isinstance(raw, dict) or len(forms) != 1:
        what = "more than one of" if len(forms) > 1 else "none of"
        problems.add(
            loc,
            "a judgment must be a matrix (list of rows) or a mapping with exactly one of "
            f"'matrix', 'upper', 'pairs' (this has {what} them)",
            where=(),
        )
        return None
    form = forms[0]
    f = Fields(raw, loc, problems, (form, "note"))
    form_note = f.get("note", note, None)
    body = (*loc, form)
    items = as_list(raw[form], body, problems)
    if items is None:
        return None
    if form == "matrix":
        rows = _matrix_rows(items, body, problems, ids)
        result: MatrixForm | UpperForm | PairsForm = MatrixForm(rows, form_note)
    elif form == "upper":
        values = tuple(
            _judgment(v, (*body, k), problems, f"upper value {k + 1}: ")
            for k, v in enumerate(items)
        )
        result = UpperForm(values, form_note)
    else:
        result = PairsForm(_pairs(items, body, problems), form_note)
    return result if len(problems) == before else None


def _matrix_rows(
    rows: list[Any], loc: Loc, problems: Problems, ids: Sequence[str]
) -> tuple[tuple[float, ...], ...]:
    out = []
    for i, row in enumerate(rows):
        cells = as_list(row, (*loc, i), problems)
        if cells is None:
            continue
        values = []
        for j, v in enumerate(cells):
            pair = f" ({ids[i]}/{ids[j]})" if i < len(ids) and j < len(ids) else ""
            values.append(
                _judgment(v, (*loc, i, j), problems, f"row {i + 1}, column {j + 1}{pair}: ")
            )
        out.append(tuple(values))
    return tuple(out)


def _pairs(items: list[Any], loc: Loc, problems: Problems) -> tuple[tuple[str, str, float], ...]:
    out = []
    for k, item in enumerate(items):
        where = f"pair {k + 1}: "
        if not isinstance(item, list) or len(item) != 3:
            problems.add((*loc, k), f"{where}expected [a, b, value], got {kind(item)}", where=())
            continue
        a = node_id(item[0], (*loc, k, 0), problems)
        b = node_id(item[1], (*loc, k, 1), problems)
        out.append((a, b, _judgment(item[2], (*loc, k, 2), problems, where)))
    return tuple(out)


def check_setting(name: str, value: Any) -> Any:
    """One ``settings:`` value checked exactly as in a file, wherever it comes from.

    ``name`` is a field of :class:`Settings`; returns the value as the file reader
    would, or raises :class:`~ahp_eval.errors.InputError` with the problem in words
    (no place: the caller knows whether it is an option or a library argument).
    """
    if name not in Settings._fields:
        raise InputError(f"unknown setting {name!r}; settings: {', '.join(Settings._fields)}")
    problems = Problems()
    settings = read_settings({name: value}, (), problems)
    if problems:
        raise InputError("; ".join(message.split(": ", 1)[-1] for _, message in problems.items))
    return getattr(settings, name)

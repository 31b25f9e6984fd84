"""Problems found in an input, located by key path, in the project's own words.

Validators raise :func:`fail` (or a plain :class:`ValueError`); pydantic collects every
error of a part at once; :meth:`Problems.take` turns each into a located message. A
message names the place as a key path (``criteria[0].id: ...``), and the key path maps
to a file line through the document's :class:`~ahp_eval.model.lines.LineMap`.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from typing import TYPE_CHECKING, Any, NoReturn

from pydantic_core import PydanticCustomError

from ahp_eval.errors import InputError
from ahp_eval.model.lines import LineMap
from ahp_eval.model.values import describe

if TYPE_CHECKING:
    from pydantic import ValidationError

__all__ = ["Loc", "Problems", "fail", "loc_text"]

Loc = tuple[Hashable, ...]

ERROR_TYPE = "ahp_eval"


def fail(message: str, at: Sequence[Hashable] = ()) -> NoReturn:
    """Raise a validation problem; ``at`` points below the value being validated."""
    raise PydanticCustomError(ERROR_TYPE, "{message}", {"message": message, "at": tuple(at)})


def loc_text(loc: Sequence[Hashable]) -> str:
    """``("criteria", 0, "name")`` -> ``criteria[0].name``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


_CONTAINERS = {
    "list_type": "a list",
    "tuple_type": "a list",
    "dict_type": "a mapping",
    "model_type": "a mapping",
    "model_attributes_type": "a mapping",
    "string_type": "text",
    "bool_type": "true or false",
    "bool_parsing": "true or false",
    "int_type": "a whole number",
    "int_parsing": "a whole number",
    "int_from_float": "a whole number",
    "float_type": "a number",
    "float_parsing": "a number",
}


def _words(error: Any) -> tuple[str, bool]:  # noqa: PLR0911 - one answer per error kind
    """The message of one pydantic error, and whether it belongs to the parent's place."""
    kind = error["type"]
    loc = error["loc"]
    if kind in (ERROR_TYPE, "value_error"):
        ctx = error.get("ctx") or {}
        return str(ctx.get("message", ctx.get("error", error["msg"]))), False
    if kind == "missing":
        return f"missing field {loc[-1]!r}", True
    if kind == "extra_forbidden":
        return f"unknown field {loc[-1]!r}", True
    if kind in _CONTAINERS:
        return f"expected {_CONTAINERS[kind]}, got {describe(error.get('input'))}", False
    if kind in ("too_short", "too_long"):
        ctx = error.get("ctx") or {}
        return f"expected {ctx.get('max_length', ctx.get('min_length'))} values", False
    if kind == "recursion_loop":
        return "nested too deeply", False
    return str(error["msg"]), False


def _at_place(where: Loc | int, message: str) -> str:
    """``message`` led by the key path it is about, unless it already names a place on
    that path (``criteria[0]: missing field 'id'``)."""
    if isinstance(where, int) or not where:
        return message
    for end in range(len(where), 0, -1):
        shown = loc_text(where[:end])
        if shown and message.startswith(f"{shown}: "):
            return message
    return f"{loc_text(where)}: {message}"


Describe = Callable[[Loc], str]
"""Words for a place inside a part (``row 1, column 2 (B1/B2): ``), given its key path."""


class Problems:
    """Problems of one document: where each points (key path) and what it says."""

    def __init__(self, path: str | None = None, lines: LineMap | None = None) -> None:
        self.path = path
        self.lines = lines or LineMap()
        self.in_file = lines is not None
        """Whether the input came with lines (a file); Python data is located by key path."""
        self.items: list[tuple[Loc | int, str]] = []

    def add(self, loc: Sequence[Hashable], message: str, *, where: Loc | None = None) -> None:
        """Record a problem at ``loc``; the message names ``where`` (default ``loc``)."""
        shown = loc_text(tuple(loc) if where is None else where)
        self.items.append((tuple(loc), f"{shown}: {message}" if shown else message))

    def say(self, loc: Sequence[Hashable], message: str) -> None:
        """Record a problem at ``loc`` whose message already names its place."""
        self.items.append((tuple(loc), message))

    def add_at_line(self, line: int, message: str) -> None:
        """Record a problem at a known line (a node's, for example)."""
        self.items.append((line, message))

    def take(
        self, exc: ValidationError, prefix: Loc = (), describe_at: Describe | None = None
    ) -> None:
        """Every error of a pydantic validation of the part at ``prefix``.

        With ``describe_at`` the message starts with its words for the place inside the
        part (judgment entries speak of rows, columns and pairs, not key paths).
        """
        for error in exc.errors(include_url=False):
            inner = tuple(p for p in error["loc"] if not (isinstance(p, str) and p[:1] == "<"))
            ctx = error.get("ctx") or {}
            inner += tuple(ctx.get("at", ()))
            message, of_parent = _words({**error, "loc": inner or ("",)})
            point = (*prefix, *inner)
            where = point[:-1] if of_parent else point
            if describe_at is None:
                self.add(point, message, where=where)
            else:
                words = describe_at(inner[:-1] if of_parent else inner)
                self.say(point, f"{words}{message}")

    def errors(self) -> list[InputError]:
        """The problems as located input errors: at their file line, or, for data given
        in Python (no lines), at their place in the structure (``judgments.B2.upper[3]``)."""
        if not self.in_file:
            return [
                InputError(_at_place(where, message), path=self.path)
                for where, message in self.items
            ]
        return [
            InputError(
                message,
                path=self.path,
                line=where if isinstance(where, int) else self.lines.line(where),
            )
            for where, message in self.items
        ]

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

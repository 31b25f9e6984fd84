"""Build one YAML document's value from the parser's events, counting as it goes.

No node graph is composed: each value is made as its event arrives, so the limits on
the number of values and on nesting hold while the text is read, and a refused file
costs no more than the part of it read up to the limit. The builder keeps its own
stack of open collections (no recursion), the line of every value by key path, and
for each anchor the value, how many values it holds and how deep it goes, so an alias
counts and nests as the values it repeats.

Scalars are resolved with the loader's implicit resolvers and constructed as the safe
constructor does; plain strings, decimal integers, floats, booleans and null take a
direct path.
"""

from __future__ import annotations

from typing import Any

import yaml

from ahp_eval.errors import InputError
from ahp_eval.model.lines import Key

__all__ = ["DEPTH_MESSAGE", "MAX_DEPTH", "MAX_NODES", "build_document"]

MAX_NODES = 200_000
"""Most values one document may expand to, counting every alias expansion."""

MAX_DIGITS = 4300
"""Longest integer read (Python's own limit for turning digits into a number)."""

MAX_DEPTH = 100
"""Deepest nesting of collections (a value inside 100 lists or mappings is the most)."""

DEPTH_MESSAGE = f"values nested more than {MAX_DEPTH} levels deep, over the limit"

_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MERGE = "tag:yaml.org,2002:merge"
_TYPE_NAMES = {"timestamp": "date", "bool": "boolean", "null": "null value"}

_ScalarEvent = yaml.ScalarEvent
_AliasEvent = yaml.AliasEvent
_MappingStartEvent = yaml.MappingStartEvent
_SequenceStartEvent = yaml.SequenceStartEvent
_SequenceEndEvent = yaml.SequenceEndEvent
_MappingEndEvent = yaml.MappingEndEvent
_NO_KEY: Any = object()


class _Frame:
    """An open list or mapping: where it is, and for a mapping the key awaiting its value.

    ``sub`` (the key path of the entry being read) is set with each key, and
    ``values_before`` and ``depth_before`` with an anchor; they are read only then.
    """

    __slots__ = (
        "anchor",
        "container",
        "depth_before",
        "is_map",
        "key",
        "path",
        "sub",
        "values_before",
    )
    sub: Key
    values_before: int
    depth_before: int

    def __init__(self, container: Any, path: Key, is_map: bool) -> None:
        self.container = container
        self.path = path
        self.is_map = is_map
        self.key: Any = _NO_KEY
        self.anchor: str | None = None


class _Anchor:
    """An anchored value: how many values and levels an alias to it adds, and their lines."""

    __slots__ = ("height", "line", "lines", "value", "values")

    def __init__(self, value: Any, line: int, values: int, height: int) -> None:
        self.value = value
        self.line = line
        self.values = values
        self.height = height
        self.lines: list[tuple[Key, int]] = []


def _copy(value: Any) -> Any:
    """A separate copy of a built value (its depth is within the nesting limit)."""
    if type(value) is list:
        return [_copy(v) for v in value]
    if type(value) is dict:
        return {k: _copy(v) for k, v in value.items()}
    return value


class _Builder:
    def __init__(self, loader: Any, path: str) -> None:
        self.loader = loader
        self.path = path
        self.resolvers: dict[Any, list[tuple[str, Any]]] = loader.yaml_implicit_resolvers
        # the direct resolution below matches Resolver.resolve for the safe loader's tables
        self.resolve_directly = None not in self.resolvers and not loader.yaml_path_resolvers
        self.bools: dict[str, bool] = loader.bool_values

    def error(self, event: Any, message: str) -> InputError:
        return InputError(message, path=self.path, line=event.start_mark.line + 1)

    def scalar(self, event: Any) -> Any:  # noqa: PLR0911 - a return for each direct path
        """The value of a scalar, as the safe loader makes it."""
        value: str = event.value
        tag = event.tag
        implicit = False
        if tag is None or tag == "!":
            if not event.implicit[0]:  # quoted, or tagged `!`: a string
                return value
            implicit = True
            if self.resolve_directly:
                tag = _STR
                for candidate, regexp in self.resolvers.get(value[:1], ()):
                    if regexp.match(value):
                        tag = candidate
                        break
            else:  # pragma: no cover - a loader with wildcard or path resolvers
                tag = self.loader.resolve(yaml.ScalarNode, value, event.implicit)
        if tag == _STR:
            return value
        if tag == _INT and len(value) > MAX_DIGITS:
            raise self.error(
                event,
                f"a number of {len(value):,} digits is too long (at most {MAX_DIGITS:,}); "
                "put it in quotes if it is text",
            )
        if tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)
        if tag == _FLOAT:
            try:  # Python reads every YAML float but .inf, .nan and 1:30.5 the same way
                return float(value)
            except ValueError:
                pass
        elif tag == _NULL:
            return None
        elif tag == _BOOL and value.lower() in self.bools:
            return self.bools[value.lower()]
        return self.construct(event, tag, implicit=implicit)

    def construct(self, event: Any, tag: str, *, implicit: bool) -> Any:
        node = yaml.ScalarNode(tag, event.value, event.start_mark, event.end_mark, event.style)
        try:
            return self.loader.construct_object(node, deep=True)
        except yaml.constructor.ConstructorError as exc:
            raise self.error(event, f"YAML error: {exc.problem}") from None
        except (ValueError, TypeError, AttributeError, KeyError, OverflowError) as exc:
            name = tag.rsplit(":", 1)[-1].removeprefix("!")
            shown = event.value if len(event.value) <= 60 else event.value[:57] + "..."
            message = f"{shown!r} is not a valid {_TYPE_NAMES.get(name, name)}"
            if isinstance(exc, ValueError) and str(exc):
                message += f": {exc}"
            if implicit:
                message += "; put it in quotes if it is text"
            raise self.error(event, message) from None

    def build(self) -> tuple[Any, dict[Key, int]]:
        """Read the stream's one document; the parser must be at the stream start."""
        loader = self.loader
        get_event = loader.get_event
        loader.get_event()  # stream start
        if loader.check_event(yaml.StreamEndEvent):
            loader.get_event()
            return None, {}
        first = loader.get_event()  # document start
        lines: dict[Key, int] = {}
        stack: list[_Frame] = []
        anchors: dict[str, _Anchor] = {}
        open_anchors: dict[str, int] = {}
        recording: list[tuple[int, _Anchor]] = []  # (path length, anchor) for open anchors
        count = 0
        deepest = 0  # deepest nesting since the innermost open anchor began
        root: Any = None
        root_mark = first.end_mark
        resolvers = self.resolvers if self.resolve_directly else None
        scalar = self.scalar
        while True:
            event = get_event()
            cls = event.__class__
            if cls is _SequenceEndEvent or cls is _MappingEndEvent:
                frame = stack.pop()
                name = frame.anchor
                if name is not None:
                    depth = len(stack) + 1
                    held = recording.pop()[1]
                    held.values = count - frame.values_before
                    held.height = deepest - depth + 1
                    deepest = max(deepest, frame.depth_before)
                    del open_anchors[name]
                    anchors[name] = held
                if not stack:
                    break
                continue
            top = stack[-1] if stack else None
            if top is not None and top.is_map and top.key is _NO_KEY:
                # a mapping key: a plain value, given once
                if cls is _ScalarEvent:
                    if event.value == "<<" and (
                        event.tag == _MERGE or (event.tag is None and event.implicit[0])
                    ):
                        raise self.error(event, "YAML merge keys (<<) are not supported")
                    key = event.value
                    # plain or quoted strings directly, other values as the safe loader makes them
                    if event.tag is not None or (
                        event.implicit[0] and (resolvers is None or key[:1] in resolvers)
                    ):
                        key = scalar(event)
                    if event.anchor is not None:
                        self.define(anchors, open_anchors, event, key)
                elif cls is _AliasEvent:
                    held = self.alias(anchors, open_anchors, event)
                    if type(held.value) in {list, dict}:
                        raise self.error(event, "mapping keys must be plain values")
                    key = held.value
                else:
                    raise self.error(event, "mapping keys must be plain values")
                try:
                    given = key in top.container
                except TypeError:  # an unhashable value made by an explicit tag
                    raise self.error(event, "mapping keys must be plain values") from None
                if given:
                    first_line = lines[(*top.path, key)]
                    raise self.error(event, f"key {key!r} given twice (first on line {first_line})")
                where = (*top.path, key)
                top.key = key
                top.sub = where
                line = event.start_mark.line + 1
                lines[where] = line
                if recording:
                    for length, held in recording:
                        held.lines.append((where[length:], line))
                continue
            # a value: the root, a list item, or a mapping entry's value (at its key's line)
            if top is None:
                where = ()
                line = event.start_mark.line + 1
                lines[where] = line
                root_mark = event.start_mark
            elif top.is_map:
                where = top.sub
            else:
                where = (*top.path, len(top.container))
                line = event.start_mark.line + 1
                lines[where] = line
                if recording:
                    for length, held in recording:
                        held.lines.append((where[length:], line))
            if cls is _ScalarEvent:
                count += 1
                if count > MAX_NODES:
                    raise self.error(event, f"document has more than {MAX_NODES:,} values")
                value = event.value
                if event.tag is not None or (
                    event.implicit[0] and (resolvers is None or value[:1] in resolvers)
                ):
                    value = scalar(event)
                if event.anchor is not None:
                    self.define(anchors, open_anchors, event, value)
            elif cls is _AliasEvent:
                held = self.alias(anchors, open_anchors, event)
                count += held.values
                if count > MAX_NODES:
                    raise self.error(
                        event,
                        f"document expands to more than {MAX_NODES:,} values (YAML alias bomb?)",
                    )
                depth = len(stack) + held.height
                if depth > MAX_DEPTH:
                    raise self.error(event, DEPTH_MESSAGE)
                deepest = max(deepest, depth)
                value = held.value
                if held.height:
                    value = _copy(value)
                    for rel, at in held.lines:
                        sub = where + rel
                        lines[sub] = at
                        for length, outer in recording:
                            outer.lines.append((sub[length:], at))
            else:  # a list or a mapping opens
                count += 1
                if count > MAX_NODES:
                    raise self.error(event, f"document has more than {MAX_NODES:,} values")
                depth = len(stack) + 1
                if depth > MAX_DEPTH:
                    raise self.error(event, DEPTH_MESSAGE)
                if depth > deepest:  # noqa: PLR1730 - a call per collection costs more
                    deepest = depth
                is_map = cls is _MappingStartEvent
                value = {} if is_map else []
                frame = _Frame(value, where, is_map)
                if event.anchor is not None:
                    self.check_anchor(anchors, open_anchors, event)
                    frame.anchor = event.anchor
                    frame.values_before = count - 1
                    frame.depth_before = deepest
                    deepest = depth
                    open_anchors[event.anchor] = event.start_mark.line + 1
                    recording.append((len(where), _Anchor(value, event.start_mark.line + 1, 0, 0)))
                stack.append(frame)
            if top is None:
                root = value
            elif top.is_map:
                top.container[top.key] = value
                top.key = _NO_KEY
            else:
                top.container.append(value)
            if not stack:
                break
        loader.get_event()  # document end
        if not loader.check_event(yaml.StreamEndEvent):
            event = loader.get_event()
            raise yaml.composer.ComposerError(
                "expected a single document in the stream",
                root_mark,
                "but found another document",
                event.start_mark,
            )
        loader.get_event()
        return root, lines

    def check_anchor(
        self, anchors: dict[str, _Anchor], open_anchors: dict[str, int], event: Any
    ) -> None:
        name: str = event.anchor
        first = anchors[name].line if name in anchors else open_anchors.get(name)
        if first is not None:
            raise self.error(event, f"YAML anchor &{name} given twice (first on line {first})")

    def define(
        self,
        anchors: dict[str, _Anchor],
        open_anchors: dict[str, int],
        event: Any,
        value: Any,
    ) -> None:
        self.check_anchor(anchors, open_anchors, event)
        anchors[event.anchor] = _Anchor(value, event.start_mark.line + 1, 1, 0)

    def alias(
        self, anchors: dict[str, _Anchor], open_anchors: dict[str, int], event: Any
    ) -> _Anchor:
        name: str = event.anchor
        held = anchors.get(name)
        if held is not None:
            return held
        if name in open_anchors:
            raise self.error(
                event, f"recursive YAML alias *{name}: it is inside the value it names"
            )
        raise self.error(event, f"YAML alias *{name} has no anchor &{name} before it")


def build_document(loader: Any, path: str) -> tuple[Any, dict[Key, int]]:
    """The value of the loader's single document and the line of each value by key path.

    Raises :class:`InputError` for a refused document (too many values, too deep, a key
    given twice, a merge key, a bad alias or anchor, a value not of its type) and lets
    PyYAML's own errors (syntax) through for the caller to word.
    """
    return _Builder(loader, path).build()

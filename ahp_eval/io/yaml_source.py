"""YAML loading that keeps the line of every node.

Values are built from PyYAML's node graph (composed with the C loader where it
is installed), so each value's 1-based line is known: :class:`LineMap` maps a
key path such as ``("judgments", "B2", 1)`` to its line, and a reader's problem
location maps back to the YAML line of the offending node. Duplicate keys,
aliases that expand too far, and files over the size limit are errors.
"""

from __future__ import annotations

from collections.abc import Hashable
from pathlib import Path
from typing import Any

import yaml

from ahp_eval.errors import InputError
from ahp_eval.model.lines import Key, LineMap

__all__ = ["MAX_BYTES", "MAX_NODES", "LineMap", "load_yaml", "parse_yaml"]

MAX_BYTES = 10 * 1024 * 1024
"""Largest input file read (10 MB)."""

MAX_NODES = 200_000
"""Most values one document may expand to, counting every alias expansion."""

try:  # the C loader parses several times faster; fall back where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader


_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_MERGE = "tag:yaml.org,2002:merge"


class _Builder:
    def __init__(self, loader: yaml.SafeLoader, path: str) -> None:
        self.loader = loader
        self.path = path
        self.lines: dict[Key, int] = {}
        self.count = 0
        self.active: set[int] = set()

    def error(self, node: yaml.Node, message: str) -> InputError:
        return InputError(message, path=self.path, line=node.start_mark.line + 1)

    def scalar(self, node: yaml.ScalarNode) -> Any:
        """Plain strings and decimal integers directly; everything else as PyYAML does."""
        value: str = node.value
        if node.tag == _STR:
            return value
        if node.tag == _INT and value.isdigit() and (value[0] != "0" or value == "0"):
            return int(value)
        return self.loader.construct_object(node)

    def build(self, node: yaml.Node, key: Key) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise self.error(
                node, f"document expands to more than {MAX_NODES:,} values (YAML alias bomb?)"
            )
        self.lines[key] = node.start_mark.line + 1
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        if id(node) in self.active:
            raise self.error(node, "recursive YAML alias")
        self.active.add(id(node))
        try:
            if isinstance(node, yaml.SequenceNode):
                return [self.build(child, (*key, i)) for i, child in enumerate(node.value)]
            if isinstance(node, yaml.MappingNode):
                return self.build_mapping(node, key)
        finally:
            self.active.discard(id(node))
        raise self.error(node, f"unsupported YAML node {node.tag}")  # pragma: no cover

    def build_mapping(self, node: yaml.MappingNode, key: Key) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        lines = self.lines
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise self.error(key_node, "mapping keys must be plain values")
            if key_node.tag == _MERGE:
                raise self.error(key_node, "YAML merge keys (<<) are not supported")
            k = self.scalar(key_node)
            if not isinstance(k, Hashable):  # pragma: no cover - scalars are hashable
                raise self.error(key_node, "mapping keys must be plain values")
            if k in out:
                first = lines[(*key, k)]
                raise self.error(key_node, f"key {k!r} given twice (first on line {first})")
            sub = (*key, k)
            out[k] = self.build(value_node, sub)
            # a mapping entry is found by its key's line, where a reader looks for it
            lines[sub] = key_node.start_mark.line + 1
        return out


def parse_yaml(text: str, path: str = "<input>") -> tuple[Any, LineMap]:
    """Parse one YAML document; returns its value and the lines of its nodes."""
    loader = _Loader(text)
    try:
        try:
            node = loader.get_single_node()
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            line = mark.line + 1 if mark is not None else 1
            problem = exc.problem or exc.context or "invalid YAML"
            if exc.problem and exc.context and exc.context_mark is not None:
                problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
            raise InputError(f"YAML syntax error: {problem}", path=path, line=line) from None
        except yaml.YAMLError as exc:
            raise InputError(f"YAML error: {exc}", path=path, line=1) from None
        if node is None:
            return None, LineMap()
        builder = _Builder(loader, path)
        try:
            value = builder.build(node, ())
        except yaml.constructor.ConstructorError as exc:
            mark = exc.problem_mark
            line = mark.line + 1 if mark is not None else 1
            raise InputError(f"YAML error: {exc.problem}", path=path, line=line) from None
        return value, LineMap(builder.lines)
    finally:
        loader.dispose()


def load_yaml(path: str | Path) -> tuple[Any, LineMap]:
    """Read and parse a YAML file (at most :data:`MAX_BYTES`); never modifies it."""
    name = str(path)
    p = Path(path)
    try:
        size = p.stat().st_size
        if size > MAX_BYTES:
            raise InputError(
                f"file is {size / 1e6:.1f} MB, over the {MAX_BYTES // (1024 * 1024)} MB limit",
                path=name,
                line=1,
            )
        raw = p.read_bytes()
    except FileNotFoundError:
        raise InputError("no such file", path=name, line=1) from None
    except IsADirectoryError:
        raise InputError("is a directory, not a file", path=name, line=1) from None
    except OSError as exc:
        raise InputError(f"cannot read file: {exc.strerror}", path=name, line=1) from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InputError("file is not valid UTF-8", path=name, line=line) from None
    return parse_yaml(text, name)

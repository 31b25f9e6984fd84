"""YAML loading that keeps the line of every value.

Values are built straight from PyYAML's parser events (the C parser where libyaml is
installed; see :mod:`ahp_eval.io._yaml_events`), so each value's 1-based line is known:
:class:`LineMap` maps a key path such as ``("judgments", "B2", 1)`` to its line, and a
reader's problem location maps back to the YAML line of the offending value.

Refused, each with its line: files over :data:`MAX_BYTES` (before reading them), text
that is not UTF-8 (naming UTF-16 and GBK/GB18030 files as such), syntax errors, a key
given twice, merge keys, recursive or undefined aliases, documents of more than
:data:`MAX_NODES` values counting every alias expansion, and values nested more than
:data:`MAX_DEPTH` levels deep. Both limits hold while the text is read.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from ahp_eval.errors import InputError
from ahp_eval.io._yaml_events import DEPTH_MESSAGE, MAX_DEPTH, MAX_NODES, build_document
from ahp_eval.model.lines import LineMap

__all__ = [
    "MAX_BYTES",
    "MAX_DEPTH",
    "MAX_NODES",
    "LineMap",
    "decode_text",
    "load_yaml",
    "parse_yaml",
]

MAX_BYTES = 10 * 1024 * 1024
"""Largest input file read (10 MB)."""

try:  # the C parser is several times faster; fall back where libyaml is absent
    _Loader: type[yaml.SafeLoader] = yaml.CSafeLoader  # type: ignore[assignment]
except AttributeError:  # pragma: no cover - depends on the PyYAML build
    _Loader = yaml.SafeLoader

_DEEP = DEPTH_MESSAGE
_TAB = "YAML indents with spaces, but a tab was found in this line's indentation; use spaces"
_BREAK = re.compile(r"\r\n|[\r\n\x85\u2028\u2029]")  # YAML line breaks, as libyaml counts them
_BOMS = (
    (b"\xff\xfe\x00\x00", "UTF-32"),
    (b"\x00\x00\xfe\xff", "UTF-32"),
    (b"\xff\xfe", "UTF-16"),
    (b"\xfe\xff", "UTF-16"),
)
_SAVE = "save it as UTF-8"


def _is_tab_problem(exc: yaml.MarkedYAMLError, lines: list[str]) -> bool:
    """A tab where YAML wants indentation: named by the problem, or found at its mark."""
    if exc.problem and "tab character" in exc.problem:
        return True
    mark = exc.problem_mark
    if mark is None or mark.line >= len(lines):
        return False
    text = lines[mark.line]
    before = text[: mark.column]
    return text[mark.column : mark.column + 1] == "\t" and not before.strip(" \t-?:")


def _last_content_line(lines: list[str]) -> int:
    """1-based number of the last line holding more than blanks or a comment."""
    for number in range(len(lines), 0, -1):
        stripped = lines[number - 1].strip()
        if stripped and not stripped.startswith("#"):
            return number
    return 1


def _syntax_error(exc: yaml.MarkedYAMLError, text: str, path: str) -> InputError:
    lines = _BREAK.split(text)
    mark = exc.problem_mark or exc.context_mark
    if _is_tab_problem(exc, lines):
        return InputError(_TAB, path=path, line=mark.line + 1 if mark is not None else 1)
    line = mark.line + 1 if mark is not None else 1
    if exc.problem == "exceeded maximum nesting depth":
        # libyaml's own limit (1,000 levels, met when brackets are scanned ahead on one line)
        return InputError(_DEEP, path=path, line=line)
    if exc.problem == "could not find expected ':'" and exc.context_mark is not None:
        # noticed on a later line; the key without its colon is where the scan began
        line = exc.context_mark.line + 1
    # at the end of the text libyaml's mark is past the last line: point at the last one
    line = min(line, _last_content_line(lines))
    problem = exc.problem or exc.context or "invalid YAML"
    if exc.problem and exc.context and exc.context_mark is not None:
        problem += f" ({exc.context} on line {exc.context_mark.line + 1})"
    return InputError(f"YAML syntax error: {problem}", path=path, line=line)


def _reader_error(exc: yaml.reader.ReaderError, text: str, path: str) -> InputError:
    # the C reader counts bytes of the UTF-8 text, the Python reader characters
    if isinstance(exc.position, int) and _Loader is not yaml.SafeLoader:
        line = text.encode("utf-8", "surrogatepass")[: exc.position].count(b"\n") + 1
    else:  # pragma: no cover - the pure-Python reader
        line = text[: exc.position].count("\n") + 1
    char = exc.character
    code = ord(char) if isinstance(char, str) else char
    return InputError(
        f"YAML error: character U+{code:04X} is not allowed ({exc.reason}); remove it",
        path=path,
        line=line,
    )


def parse_yaml(text: str, path: str = "<input>") -> tuple[Any, LineMap]:
    """Parse one YAML document; returns its value and the lines of its values."""
    loader = _Loader(text)
    try:
        value, lines = build_document(loader, path)
    except yaml.MarkedYAMLError as exc:
        raise _syntax_error(exc, text, path) from None
    except yaml.reader.ReaderError as exc:
        raise _reader_error(exc, text, path) from None
    except yaml.YAMLError as exc:  # pragma: no cover - every PyYAML error is one of the above
        raise InputError(f"YAML error: {exc}", path=path, line=1) from None
    finally:
        loader.dispose()
    return value, LineMap(lines)


def _looks_chinese(raw: bytes) -> bool:
    """Whether the bytes read as GB18030 (a superset of GBK) text that is mostly Chinese."""
    try:
        text = raw.decode("gb18030")
    except UnicodeDecodeError:
        return False
    wide = [c for c in text if ord(c) > 0x7F]
    chinese = sum(
        1
        for c in wide
        if "\u4e00" <= c <= "\u9fff"  # CJK ideographs
        or "\u3400" <= c <= "\u4dbf"  # extension A
        or "\u3000" <= c <= "\u303f"  # CJK punctuation
        or "\uff00" <= c <= "\uffef"  # full-width forms
    )
    return chinese > 0 and chinese >= 0.8 * len(wide)


def decode_text(raw: bytes, name: str) -> str:
    """A YAML file's bytes as text (UTF-8, a BOM dropped), or why they are not."""
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            raise InputError(
                f"file is {encoding} (it starts with a {encoding} byte-order mark); {_SAVE}",
                path=name,
                line=1,
            )
    zeros = raw.count(0)
    if (
        zeros
        and zeros * 8 >= len(raw)
        and max(raw[0::2].count(0), raw[1::2].count(0)) >= (0.9 * zeros)
    ):
        raise InputError(
            f"file seems to be UTF-16 (every other byte is zero); {_SAVE}", path=name, line=1
        )
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        if _looks_chinese(raw):
            message = f"file seems to be GBK/GB18030 (Chinese) text; {_SAVE}"
        else:
            message = f"file is not valid UTF-8; {_SAVE}"
        raise InputError(message, path=name, line=line) from None


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
    return parse_yaml(decode_text(raw, name), name)

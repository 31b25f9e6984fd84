"""JSON text as ``json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)`` writes it.

The standard library's C encoder does not indent, and its pure-Python one walks the value
with a generator per container; a report of 100,000 samples lists thousands of small
records. :func:`dumps_indented` writes the same text in one recursive pass, and hands any
value outside plain JSON types (a subclass, a non-string key, a float that is not finite)
to :func:`json.dumps`.
"""

from __future__ import annotations

import json
from json.encoder import encode_basestring
from typing import Any

__all__ = ["dumps_indented"]

_INDENT = "  "


class _Unusual(Exception):  # noqa: N818 - private signal, not an error
    """A value the fast path leaves to json.dumps."""


def dumps_indented(obj: Any) -> str:
    """``json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)``, the same text."""
    try:
        return _encode(obj, 0)
    except _Unusual:
        return json.dumps(obj, ensure_ascii=False, indent=2, allow_nan=False)


def _float(x: float) -> str:
    if x - x != 0.0:  # NaN or infinite: json.dumps refuses it, in its own words
        raise _Unusual
    return float.__repr__(x)


def _encode(o: Any, level: int) -> str:  # noqa: PLR0911 - one return per JSON type
    t = type(o)
    if t is str:
        return encode_basestring(o)
    if t is float:
        return _float(o)
    if o is None:
        return "null"
    if o is True:
        return "true"
    if o is False:
        return "false"
    if t is int:
        return int.__repr__(o)
    if t is dict:
        if not o:
            return "{}"
        inner = "\n" + _INDENT * (level + 1)
        parts = []
        for k, v in o.items():
            if type(k) is not str:
                raise _Unusual
            tv = type(v)
            if tv is str:
                text = encode_basestring(v)
            elif tv is float and v - v == 0.0:  # finite
                text = float.__repr__(v)
            else:
                text = _encode(v, level + 1)
            parts.append(encode_basestring(k) + ": " + text)
        return "{" + inner + ("," + inner).join(parts) + "\n" + _INDENT * level + "}"
    if t is list or t is tuple:
        if not o:
            return "[]"
        inner = "\n" + _INDENT * (level + 1)
        body = ("," + inner).join([_encode(v, level + 1) for v in o])
        return "[" + inner + body + "\n" + _INDENT * level + "]"
    raise _Unusual

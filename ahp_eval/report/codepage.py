"""Text for a stream whose encoding lacks some characters (GBK, cp1252, ASCII).

Redirected output on Windows is written in the console's code page: GBK on Chinese
Windows, cp1252 on Western Windows and on CI runners. A character the code page lacks
would end the run; instead each such character falls back on its own: a symbol to one the
encoding has (``✓`` to ``√`` or ``v``, ``→`` to ``->``), a compatibility form to its plain
one (fullwidth ``１`` to ``1``), anything else, a name's letters included, to ``\\uXXXX``.
Characters the encoding has are kept: under GBK, Chinese names are written as they are.
"""

from __future__ import annotations

import codecs
import functools
import unicodedata

__all__ = ["SYMBOLS", "ascii_json", "fits", "is_unicode", "text_for"]

SYMBOLS: dict[str, tuple[str, ...]] = {
    "✓": ("√", "v"),
    "✔": ("√", "v"),
    "✗": ("×", "x"),
    "✘": ("×", "x"),
    "×": ("x",),
    "→": ("->",),
    "←": ("<-",),
    "↑": ("^",),
    "↓": ("v",),
    "≈": ("~",),
    "≥": (">=",),
    "≤": ("<=",),
    "≠": ("!=",),
    "±": ("+/-",),
    "−": ("-",),
    "–": ("-",),
    "—": ("--",),
    "…": ("...",),
    "·": (".",),
    "•": ("*",),
    "“": ('"',),
    "”": ('"',),
    "‘": ("'",),
    "’": ("'",),
    "Σ": ("Sum ",),
    "λ": ("lambda",),
    "α": ("alpha",),
    "β": ("beta",),
    "√": ("v",),
}
"""Symbol -> its fallbacks, best first; the last is ASCII."""


@functools.lru_cache(maxsize=64)
def is_unicode(encoding: str | None) -> bool:
    """Whether ``encoding`` (a stream's, possibly None) encodes every character."""
    if not encoding:
        return False
    try:
        name = codecs.lookup(encoding).name
    except LookupError:
        return False
    return name.startswith(("utf-8", "utf-16", "utf-32", "utf_8", "utf_16", "utf_32"))


@functools.lru_cache(maxsize=4096)
def _has(text: str, encoding: str) -> bool:
    try:
        text.encode(encoding)
    except (UnicodeError, LookupError):
        return False
    return True


def _escape(char: str) -> str:
    code = ord(char)
    return f"\\u{code:04x}" if code <= 0xFFFF else f"\\U{code:08x}"


@functools.lru_cache(maxsize=4096)
def _fallback(char: str, encoding: str) -> str:
    for candidate in SYMBOLS.get(char, ()):
        if _has(candidate, encoding):
            return candidate
    plain = unicodedata.normalize("NFKC", char)
    if plain != char and _has(plain, encoding):
        return plain
    return _escape(char)


def fits(text: str, encoding: str) -> bool:
    """Whether ``encoding`` can write every character of ``text``."""
    if text.isascii():
        return True
    try:
        text.encode(encoding)
    except UnicodeError:
        return False
    return True


def text_for(text: str, encoding: str) -> str:
    """``text`` with each character ``encoding`` lacks replaced by its fallback."""
    if fits(text, encoding):
        return text
    table = {ord(c): _fallback(c, encoding) for c in set(text) if not _has(c, encoding)}
    return text.translate(table)


def _json_escape(char: str) -> str:
    code = ord(char)
    if code <= 0xFFFF:
        return f"\\u{code:04x}"
    code -= 0x10000
    return f"\\u{0xD800 + (code >> 10):04x}\\u{0xDC00 + (code & 0x3FF):04x}"


def ascii_json(text: str) -> str:
    """A JSON text (whose only non-ASCII characters are inside strings, as ``json.dumps``
    writes them) with every non-ASCII character as a ``\\uXXXX`` escape: the same JSON
    value, readable in any encoding."""
    if text.isascii():
        return text
    return text.translate({ord(c): _json_escape(c) for c in set(text) if not c.isascii()})

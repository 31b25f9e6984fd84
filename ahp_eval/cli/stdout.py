"""Standard output that neither a closed pipe nor a code page can turn into a crash.

``ahp-eval check … | head -c1`` closes the pipe early: the rest of the report is
dropped quietly (standard output is pointed at the null device, so nothing fails at
exit either) and the command still ends with the exit code of what it found.

Redirected output on Windows is encoded in the console's code page (GBK, cp1252), which
lacks many characters. What is written depends on the kind of output:

- ``text`` (tables, text lines, Markdown): each character the encoding lacks falls back
  on its own (:mod:`ahp_eval.report.codepage`); under GBK Chinese names stay intact.
- ``json``: on a stream that is not UTF-8, every non-ASCII character is written as a
  ``\\uXXXX`` escape, so the JSON value is the same and any reader decodes it.
- ``utf-8`` (CSV, JUnit XML, GitHub annotations, HTML: formats that declare or are read
  as UTF-8): UTF-8 bytes on the binary stream below, whatever its encoding.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import BinaryIO, Literal, TextIO

from ahp_eval.report.codepage import ascii_json, is_unicode, text_for

__all__ = ["KIND_OF_FORMAT", "Kind", "kind_of", "pipe_closed", "safe_text", "write_stdout"]

Kind = Literal["text", "json", "utf-8"]
"""How a report is written on standard output (see the module's text)."""

KIND_OF_FORMAT: dict[str, Kind] = {
    "json": "json",
    "csv": "utf-8",
    "junit": "utf-8",
    "github": "utf-8",
    "html": "utf-8",
}
"""Output format -> its kind; every other format (table, text, markdown) is ``text``."""


def kind_of(fmt: str) -> Kind:
    """The kind of standard output a format is written as."""
    return KIND_OF_FORMAT.get(fmt, "text")


def safe_text(text: str, stream: TextIO) -> str:
    """``text`` as ``stream`` can write it: unchanged when it can, else with each
    character it cannot write replaced by its fallback."""
    encoding = getattr(stream, "encoding", None) or "utf-8"
    if is_unicode(encoding) and getattr(stream, "errors", "strict") != "strict":
        return text  # surrogateescape and the like write every character
    return text_for(text, encoding)


def _drop_rest() -> None:
    """Point standard output at the null device: the reader has gone, and what is still
    buffered (or flushed at exit) must go nowhere rather than fail again."""
    with contextlib.suppress(OSError, ValueError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    sys.stdout = Path(os.devnull).open("w", encoding="utf-8")  # noqa: SIM115 - lives until exit


@contextlib.contextmanager
def pipe_closed() -> Iterator[None]:
    """Within this block, a closed standard output ends the output, not the run."""
    try:
        yield
    except BrokenPipeError:
        _drop_rest()


def _binary(stream: TextIO) -> BinaryIO | None:
    buffer = getattr(stream, "buffer", None)
    return buffer if buffer is not None and hasattr(buffer, "write") else None


def write_stdout(text: str | Iterable[str], kind: Kind = "text") -> None:
    """Write ``text`` (or its pieces) as output of ``kind`` and flush; a closed pipe
    drops the rest."""
    with pipe_closed():
        out = sys.stdout
        binary = _binary(out) if kind == "utf-8" else None
        if binary is not None:
            out.flush()  # what the text layer holds goes first
        unicode = is_unicode(getattr(out, "encoding", None))
        for piece in [text] if isinstance(text, str) else text:
            if binary is not None:
                binary.write(piece.encode("utf-8", "backslashreplace"))
            elif kind == "json" and not unicode:
                out.write(ascii_json(piece))
            else:
                out.write(safe_text(piece, out))
        if binary is not None:
            binary.flush()
        out.flush()

"""The one place that builds rich consoles.

A console on standard error (the progress bar) writes through :class:`FallbackStream`
when the stream's encoding is not UTF-8, so that a character the code page lacks falls
back (:mod:`ahp_eval.report.codepage`) instead of ending the run; rich itself draws boxes
and bars in ASCII for such an encoding. Tables on standard output are captured as text
and written by the command line's ``write_stdout``, which does the same.
"""

from __future__ import annotations

import io
import sys
from typing import IO, Any, TextIO, cast

from rich.console import Console

from ahp_eval.report.codepage import is_unicode, text_for

__all__ = ["FallbackStream", "make_console"]


class FallbackStream(io.TextIOBase):
    """A text stream that writes to ``stream`` what its encoding can write."""

    def __init__(self, stream: TextIO) -> None:
        super().__init__()
        self._stream = stream

    @property
    def encoding(self) -> str:  # type: ignore[override]  # TextIOBase declares it read-only
        return self._stream.encoding

    def write(self, text: str) -> int:
        self._stream.write(text_for(text, self._stream.encoding))
        return len(text)

    def flush(self) -> None:
        self._stream.flush()

    def isatty(self) -> bool:
        return self._stream.isatty()

    def fileno(self) -> int:
        return self._stream.fileno()

    def __getattr__(self, name: str) -> Any:
        return getattr(self._stream, name)


def make_console(*, stderr: bool = False, file: io.StringIO | None = None) -> Console:
    """A console for the terminal (or a string buffer, without colour)."""
    if file is not None:
        return Console(file=file, width=120, color_system=None, soft_wrap=False)
    stream = sys.stderr if stderr else sys.stdout
    if stderr and not is_unicode(getattr(stream, "encoding", None) or "utf-8"):  # StringIO: None
        return Console(file=cast("IO[str]", FallbackStream(stream)), soft_wrap=False)
    return Console(stderr=stderr, soft_wrap=False)

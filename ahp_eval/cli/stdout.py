"""Standard output that a closed pipe cannot turn into a crash.

``ahp-eval check … | head -c1`` closes the pipe early: the rest of the report is
dropped quietly (standard output is pointed at the null device, so nothing fails at
exit either) and the command still ends with the exit code of what it found.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

__all__ = ["pipe_closed", "write_stdout"]


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


def write_stdout(text: str | Iterable[str]) -> None:
    """Write ``text`` (or its pieces) and flush; a closed pipe drops the rest."""
    with pipe_closed():
        for piece in [text] if isinstance(text, str) else text:
            sys.stdout.write(piece)
        sys.stdout.flush()

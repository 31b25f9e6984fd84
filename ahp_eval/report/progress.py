"""A progress bar for long reads, on standard error, only where someone watches it.

The readers in :mod:`ahp_eval.io` report ``(bytes read, bytes in all)`` through a plain
callable; this module turns that into a rich bar (share of the file, rows per second
estimated from the file's first lines, time left) when standard error is a terminal and
the read has taken longer than :data:`DELAY` seconds. In a pipe or a CI log it shows
nothing.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

__all__ = ["DELAY", "bytes_per_row", "progress_bar"]

DELAY = 1.0
"""Seconds a read runs before the bar appears."""


def bytes_per_row(path: Path, sample: int = 65536) -> float | None:
    """The mean length of a line in the file's first ``sample`` bytes (None if unknown)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(sample)
    except OSError:
        return None
    lines = head.count(b"\n")
    return len(head) / lines if lines else None


@contextmanager
def progress_bar(
    label: str,
    *,
    enabled: bool = True,
    row_bytes: float | None = None,
    stream: TextIO | None = None,
    delay: float = DELAY,
    unit: str | None = None,
) -> Iterator[Callable[[int, int], None] | None]:
    """A progress callable for a reader, or None when no bar is to be shown; with
    ``unit`` (e.g. ``samples``) the rate counts units, not bytes."""
    out = stream if stream is not None else sys.stderr
    if not enabled or not out.isatty():
        yield None
        return
    from rich.progress import (
        BarColumn,
        Progress,
        TaskID,
        TaskProgressColumn,
        TextColumn,
        TimeRemainingColumn,
    )

    from ahp_eval.report.console import make_console

    start = time.monotonic()
    bar: Progress | None = None
    task: TaskID | None = None

    def rate(done: int) -> str:
        seconds = max(time.monotonic() - start, 1e-9)
        if unit is not None:
            return f"{done / seconds:,.0f} {unit}/s"
        if row_bytes:
            return f"≈{done / row_bytes / seconds:,.0f} rows/s"
        return f"{done / seconds / 1e6:,.1f} MB/s"

    def update(done: int, total: int) -> None:
        nonlocal bar, task
        if bar is None:
            if time.monotonic() - start < delay or done >= total:
                return
            bar = Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rate]}"),
                TimeRemainingColumn(),
                console=make_console(stderr=True),
                transient=True,
            )
            bar.start()
            task = bar.add_task(label, total=total, rate="")
        if task is not None:
            bar.update(task, completed=done, total=total, rate=rate(done))

    try:
        yield update
    finally:
        if bar is not None:
            bar.stop()

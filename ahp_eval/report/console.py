"""The one place that builds rich consoles."""

from __future__ import annotations

import io

from rich.console import Console

__all__ = ["make_console"]


def make_console(*, stderr: bool = False, file: io.StringIO | None = None) -> Console:
    """A console for the terminal (or a string buffer, without colour)."""
    if file is not None:
        return Console(file=file, width=120, color_system=None, soft_wrap=False)
    return Console(stderr=stderr, soft_wrap=False)

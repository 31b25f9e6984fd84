"""Exceptions raised by ahp-eval.

The core raises only :class:`AhpEvalError` subclasses. Input problems carry the
file and line they come from so that every message reads ``path:line: message``.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["AhpEvalError", "InputError", "InputErrors"]


class AhpEvalError(Exception):
    """Base class of every error ahp-eval raises on purpose."""


class InputError(AhpEvalError, ValueError):
    """One problem in user input, located at ``path:line``."""

    def __init__(self, message: str, *, path: str | None = None, line: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.path = path
        self.line = line

    def located(self, path: str | None = None, line: int | None = None) -> InputError:
        """Return a copy with path and line filled in where they were unknown."""
        return InputError(
            self.message,
            path=self.path if self.path is not None else path,
            line=self.line if self.line is not None else line,
        )

    def __str__(self) -> str:
        path = self.path if self.path is not None else "<input>"
        line = self.line if self.line is not None else 1
        return f"{path}:{line}: {self.message}"


class InputErrors(AhpEvalError, ValueError):  # noqa: N818 - a collection of InputError
    """Every problem found in one input, reported together."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors: tuple[InputError, ...] = tuple(
            sorted(errors, key=lambda e: (e.path or "", e.line or 0))
        )
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

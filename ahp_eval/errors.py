"""Exceptions raised by ahp-eval.

The core raises only :class:`AhpEvalError` subclasses. Input problems carry the
place they come from: ``path:line: message`` for a file, ``path: message`` where no
line applies (a summary such as "... and 12 more bad cells"), and
``ahp-eval: --option: message`` for a command-line option.
"""

from __future__ import annotations

from collections.abc import Iterable

__all__ = ["AhpEvalError", "InputError", "InputErrors", "NotFoundError", "OptionError"]


class AhpEvalError(Exception):
    """Base class of every error ahp-eval raises on purpose."""


class NotFoundError(AhpEvalError, KeyError):
    """A name asked of a result that it does not hold (also a :class:`KeyError`)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class InputError(AhpEvalError, ValueError):
    """One problem in user input, located at ``path:line`` (either may be unknown)."""

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
        if self.path is None:
            return self.message if self.line is None else f"line {self.line}: {self.message}"
        if self.line is None:
            return f"{self.path}: {self.message}"
        return f"{self.path}:{self.line}: {self.message}"


class OptionError(InputError):
    """A bad command-line option value: ``ahp-eval: --option: message``."""

    def __init__(self, option: str, message: str) -> None:
        super().__init__(message)
        self.option = option

    def located(self, path: str | None = None, line: int | None = None) -> InputError:  # noqa: ARG002
        """An option is never in a file: it keeps its own place."""
        return self

    def __str__(self) -> str:
        return f"ahp-eval: {self.option}: {self.message}"


def _order(error: InputError) -> tuple[str, int, float]:
    # errors of one file by line; those without a line (summaries) come last
    return (error.path or "", 0 if error.line is not None else 1, error.line or 0)


class InputErrors(AhpEvalError, ValueError):  # noqa: N818 - a collection of InputError
    """Every problem found in one input, reported together."""

    def __init__(self, errors: Iterable[InputError]) -> None:
        self.errors: tuple[InputError, ...] = tuple(sorted(errors, key=_order))
        super().__init__("\n".join(str(e) for e in self.errors))

    def __str__(self) -> str:
        return "\n".join(str(e) for e in self.errors)

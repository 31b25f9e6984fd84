"""The one error funnel: every command's exceptions become a message and an exit code.

Exit codes: 0 success; 1 an inconsistent matrix or total ranking; 2 invalid input
(every problem is printed as ``path:line: message``, an option's as
``ahp-eval: --option: message``); 3 an unexpected internal error (the traceback is
printed); 130 interrupted.
"""

from __future__ import annotations

import functools
import sys
import traceback
from collections.abc import Callable, Iterable
from typing import ParamSpec, TypeVar

import typer

from ahp_eval.cli.stdout import safe_text
from ahp_eval.errors import AhpEvalError, InputError, InputErrors, OptionError

__all__ = [
    "EXIT_INCONSISTENT",
    "EXIT_INPUT",
    "EXIT_INTERNAL",
    "EXIT_INTERRUPTED",
    "EXIT_OK",
    "echo_err",
    "handle_errors",
    "print_crash",
]

EXIT_OK = 0
EXIT_INCONSISTENT = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3
EXIT_INTERRUPTED = 130

P = ParamSpec("P")
R = TypeVar("R")


def echo_err(*lines: str | Iterable[str]) -> None:
    """Write lines to standard error (standard output carries the reports); a character
    its encoding lacks falls back as on standard output (a Chinese path under cp1252 is
    shown as ``\\uXXXX``, never a crash)."""
    for item in lines:
        for line in [item] if isinstance(item, str) else item:
            text = line if line.endswith("\n") else line + "\n"
            sys.stderr.write(safe_text(text, sys.stderr))


def error_text(exc: AhpEvalError) -> str:
    """What the user reads: located errors as they are, anything else after ``ahp-eval:``."""
    if isinstance(exc, InputErrors | OptionError):
        return str(exc)
    if isinstance(exc, InputError) and (exc.path is not None or exc.line is not None):
        return str(exc)
    return f"ahp-eval: {exc}"


def print_crash() -> None:
    """The traceback of an unexpected exception, and what it means."""
    traceback.print_exc()
    echo_err(
        "ahp-eval: internal error (exit 3). This is a bug in ahp-eval, not a finding "
        "about your file; please report it with the traceback above."
    )


def handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Input errors exit 2 with their message; anything unexpected exits 3."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except AhpEvalError as exc:
            echo_err(error_text(exc))
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            raise typer.Exit(EXIT_INTERRUPTED) from None
        except Exception:  # noqa: BLE001 - the one place that turns crashes into exit 3
            print_crash()
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper

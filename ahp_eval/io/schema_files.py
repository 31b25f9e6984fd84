"""The JSON Schemas shipped with ahp-eval (``docs/schema/`` in a checkout, the package
``ahp_eval.schema`` once installed), and the editor line that points a YAML file at one.
"""

from __future__ import annotations

from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from ahp_eval.errors import AhpEvalError

__all__ = ["MODELINE", "read_schema", "with_modeline"]

MODELINE = "# yaml-language-server: $schema="
"""The first line of a YAML file that names its schema (VS Code's YAML extension, and
every editor built on yaml-language-server, read it)."""


def _shipped() -> Traversable:
    """The schemas: ``ahp_eval.schema`` once installed, ``docs/schema/`` in a checkout."""
    try:
        return resources.files("ahp_eval.schema")
    except ModuleNotFoundError:
        checkout = Path(__file__).resolve().parents[2] / "docs" / "schema"
        if checkout.is_dir():
            return checkout
        raise AhpEvalError(
            "the JSON schemas are missing from this installation; reinstall ahp-eval"
        ) from None


def read_schema(name: str) -> str:
    """The text of a shipped schema file (``evaluation.schema.json``, ...)."""
    return _shipped().joinpath(name).read_text(encoding="utf-8")


def with_modeline(text: str, schema: str) -> str:
    """``text`` beginning with the line that points an editor at ``schema`` (a path
    relative to the file); a first line that names another schema is replaced."""
    first, newline, rest = text.partition("\n")
    if first.startswith(MODELINE):
        text = rest if newline else ""
    return f"{MODELINE}{schema}\n{text}"

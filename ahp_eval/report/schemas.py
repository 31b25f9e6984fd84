"""Every JSON Schema ahp-eval ships: the input files' and the JSON reports'.

The schemas are made from the models (:mod:`ahp_eval.model.schema` for the files,
:mod:`ahp_eval.report.contracts` for the reports) and committed under ``docs/schema/``,
which the wheel ships as ``ahp_eval.schema``; a test makes them again and compares.
``ahp-eval schema KIND`` and ``init`` read the shipped files
(:mod:`ahp_eval.io.schema_files`).
"""

from __future__ import annotations

from typing import Any

__all__ = ["file_name", "kinds", "make_schema", "make_text", "write_schemas"]


def kinds() -> tuple[str, ...]:
    """Every kind with a schema: the input files, then the commands' JSON reports."""
    from ahp_eval.model.schema import file_kinds
    from ahp_eval.report.contracts import REPORTS

    return (*file_kinds(), *REPORTS)


def file_name(kind: str) -> str:
    """``evaluation.schema.json`` for a file, ``weigh-report.schema.json`` for a report."""
    from ahp_eval.model.schema import file_kinds

    return f"{kind}.schema.json" if kind in file_kinds() else f"{kind}-report.schema.json"


def make_schema(kind: str) -> dict[str, Any]:
    """A schema made from its model."""
    from ahp_eval.model.schema import file_kinds, file_schema
    from ahp_eval.report.contracts import report_schema

    return file_schema(kind) if kind in file_kinds() else report_schema(kind)


def make_text(kind: str) -> str:
    """A schema made from its model, as the committed text."""
    from ahp_eval.model.schema import schema_document

    return schema_document(make_schema(kind))


def write_schemas(folder: str) -> list[str]:
    """Make every schema again into ``folder`` (``docs/schema``); the names written."""
    from pathlib import Path

    names = []
    for kind in kinds():
        path = Path(folder) / file_name(kind)
        path.write_text(make_text(kind), encoding="utf-8", newline="\n")
        names.append(path.name)
    return names

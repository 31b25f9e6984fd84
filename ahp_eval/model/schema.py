"""JSON Schemas of the input files (evaluation, judgments, marks), from the input model.

The schema says what the reader accepts, as YAML gives it, so that an editor (the
YAML extension of VS Code, say) completes and checks a file as it is typed: each field
with its description and an example. What a schema cannot say (ids that must exist,
matrix sizes, reciprocity, consistency) is left to ``ahp-eval check``.

:func:`schema_document` is the one way from a model to the text committed under
``docs/schema/`` and printed by ``ahp-eval schema``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from pydantic.json_schema import GenerateJsonSchema, JsonSchemaValue

if TYPE_CHECKING:
    from pydantic import BaseModel

__all__ = [
    "DIALECT",
    "SCHEMA_BASE",
    "clean_schema",
    "file_kinds",
    "file_schema",
    "model_schema",
    "schema_document",
]

DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_BASE = "https://ahp-eval.github.io/schema/"
"""Where each schema names itself (``$id``); the files are the ones shipped."""


class _Schema(GenerateJsonSchema):
    """pydantic's generator, with the field titles it derives from names left out
    (``Name En`` says less than the field's description)."""

    def field_title_should_be_set(self, schema: Any) -> bool:  # noqa: ARG002 - pydantic's hook
        return False


def model_schema(model: type[BaseModel], *, mode: str = "validation") -> JsonSchemaValue:
    """A model's JSON Schema by the project's generator (no field titles)."""
    return model.model_json_schema(schema_generator=_Schema, mode=mode)  # type: ignore[arg-type]


def clean_schema(schema: Any) -> Any:
    """The schema without the titles pydantic derives from class names, definitions
    sorted: the committed text changes only when the model does."""
    if isinstance(schema, dict):
        out = {k: clean_schema(v) for k, v in schema.items() if k != "title"}
        if "title" in schema and not isinstance(schema["title"], str):  # a field named title
            out["title"] = clean_schema(schema["title"])
        if "$defs" in out:
            out["$defs"] = dict(sorted(out["$defs"].items()))
        if "properties" in schema:
            out["properties"] = {k: clean_schema(v) for k, v in schema["properties"].items()}
        return out
    if isinstance(schema, list):
        return [clean_schema(v) for v in schema]
    return schema


def _or_null(schema: JsonSchemaValue) -> JsonSchemaValue:
    """A section that may be left empty (``settings:`` with nothing under it)."""
    if "$ref" in schema:
        rest = {k: v for k, v in schema.items() if k != "$ref"}
        return {"anyOf": [{"$ref": schema["$ref"]}, {"type": "null"}], **rest}
    if "type" in schema and "anyOf" not in schema:
        types = schema["type"] if isinstance(schema["type"], list) else [schema["type"]]
        return {**schema, "type": [*types, "null"]}
    return schema


def _evaluation() -> JsonSchemaValue:
    from ahp_eval.model.evaluation import EvaluationFile

    schema = model_schema(EvaluationFile)
    props = schema["properties"]
    defs = schema["$defs"]
    # a leaf's scores may be written as the bare list: C3: [45, 60]
    entry = props["performance"]["additionalProperties"]
    props["performance"]["additionalProperties"] = {
        "anyOf": [entry, {"type": "array", "items": {"type": "number", "exclusiveMinimum": 0}}]
    }
    _ids_as_keys(props["judgments"])
    _ids_as_keys(props["performance"])
    for name in ("settings", "survey", "grades", "judgments", "performance"):
        props[name] = _or_null(props[name])
    # survey.scale, when given, names both ends (the reader's rule)
    defs["Survey"]["properties"]["scale"]["required"] = ["min", "max"]
    # a node has criteria or indicators, not both
    defs["Node"]["not"] = {"required": ["criteria", "indicators"]}
    # panel: is a mapping when written (the reader refuses it empty)
    panel = props["panel"]
    panel.pop("default", None)
    panel["$ref"] = next(a["$ref"] for a in panel.pop("anyOf") if "$ref" in a)
    return schema


def _ids_as_keys(mapping: JsonSchemaValue) -> None:
    """A mapping keyed by node ids: each key is an id."""
    from ahp_eval.model.fields import ID_PATTERN, MAX_ID

    mapping["propertyNames"] = {"pattern": ID_PATTERN.pattern, "maxLength": MAX_ID}


def _judgments() -> JsonSchemaValue:
    from ahp_eval.model.evaluation import JudgmentsFile

    schema = model_schema(JudgmentsFile)
    _ids_as_keys(schema["properties"]["judgments"])
    schema["properties"]["judgments"] = _or_null(schema["properties"]["judgments"])
    return schema


def _marks() -> JsonSchemaValue:
    from ahp_eval.model.marks import MarksFile

    schema = model_schema(MarksFile)
    plain = {
        "type": "object",
        "description": "A plain mapping of indicator id -> mark.",
        "additionalProperties": {"type": "number"},
        "examples": [{"C11": 92, "C12": 85}],
    }
    defs = schema.pop("$defs", {})
    return {"$defs": defs, "anyOf": [schema, plain], "description": schema["description"]}


_FILES = {
    "evaluation": (_evaluation, "ahp-eval evaluation file"),
    "judgments": (_judgments, "ahp-eval judgments file (--judgments FILE)"),
    "marks": (_marks, "ahp-eval marks file (score --marks FILE)"),
}


def file_schema(kind: str) -> dict[str, Any]:
    """The JSON Schema of one kind of input file: evaluation, judgments or marks."""
    build, title = _FILES[kind]
    return {
        "$schema": DIALECT,
        "$id": f"{SCHEMA_BASE}{kind}.schema.json",
        "title": title,
        **clean_schema(build()),
    }


def file_kinds() -> tuple[str, ...]:
    """The kinds of input file with a schema."""
    return tuple(_FILES)


def schema_document(schema: dict[str, Any]) -> str:
    """A schema as the committed text: two-space indents, UTF-8, a final newline."""
    return json.dumps(schema, ensure_ascii=False, indent=2) + "\n"

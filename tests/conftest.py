from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture
def write_yaml(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write a YAML text to a file in a temporary folder and return its path."""

    def _write(text: str, name: str = "evaluation.yaml") -> Path:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return path

    return _write


def _to_dict_classes() -> list[Any]:
    """Every result record with a to_dict() (the JSON contracts)."""
    from ahp_eval.ahp import findings, hierarchy
    from ahp_eval.survey import score_results

    return [
        cls
        for module in (hierarchy, findings, score_results)
        for cls in vars(module).values()
        if isinstance(cls, type) and cls.__module__ == module.__name__ and "to_dict" in vars(cls)
    ]


@pytest.fixture(autouse=True)
def _to_dict_is_valid_json(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every to_dict() any test calls gives valid JSON: no NaN, no infinity."""
    import json

    for cls in _to_dict_classes():
        original = cls.to_dict

        def checked(self: object, *args: object, _original: object = original) -> object:
            out = _original(self, *args)  # type: ignore[operator]
            json.dumps(out, allow_nan=False, ensure_ascii=False)
            return out

        monkeypatch.setattr(cls, "to_dict", checked)


def _report_validator(kind: str) -> Any:
    """The validator of a command's JSON report, made from its contract model (once)."""
    import jsonschema

    from ahp_eval.report.schemas import make_schema

    cache: dict[str, Any] = _report_validator.__dict__.setdefault("cache", {})
    if kind not in cache:
        cache[kind] = jsonschema.Draft202012Validator(make_schema(kind))
    return cache[kind]


def check_report(doc: Any) -> None:
    """A JSON report (``format: ahp-eval/COMMAND``) matches its command's schema."""
    kind = doc["format"].removeprefix("ahp-eval/")
    errors = sorted(_report_validator(kind).iter_errors(doc), key=str)
    assert not errors, "\n".join(
        f"{kind} report: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in errors[:5]
    )


def _checked_text(function: Any) -> Any:
    """A renderer whose JSON report is checked against its schema."""
    import json

    def checked(*args: Any, **kwargs: Any) -> Any:
        text = function(*args, **kwargs)
        if isinstance(text, str) and text.startswith("{"):
            check_report(json.loads(text))
        return text

    return checked


def _checked_pieces(function: Any) -> Any:
    """A renderer in pieces whose joined JSON report is checked against its schema."""
    import json

    def checked(*args: Any, **kwargs: Any) -> Any:
        pieces = list(function(*args, **kwargs))
        check_report(json.loads("".join(pieces)))
        return iter(pieces)

    return checked


@pytest.fixture(autouse=True)
def _json_reports_match_their_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON report any test makes (by a command or a result's to_dict()) matches
    the JSON Schema of its command (docs/schema/*-report.schema.json)."""
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.ahp.repair_plan import HierarchyRepair
    from ahp_eval.report import check_plain, repair_plain, score_plain, weigh_plain
    from ahp_eval.survey.score_results import ScoreResult

    for cls in (HierarchyResult, ScoreResult, HierarchyRepair):
        original = cls.to_dict

        def to_dict(self: object, *args: object, _original: Any = original) -> object:
            out = _original(self, *args)
            check_report(out)
            return out

        monkeypatch.setattr(cls, "to_dict", to_dict)
    monkeypatch.setattr(weigh_plain, "render_json", _checked_text(weigh_plain.render_json))
    monkeypatch.setattr(
        score_plain, "render_score_json", _checked_text(score_plain.render_score_json)
    )
    monkeypatch.setattr(
        score_plain, "score_json_pieces", _checked_pieces(score_plain.score_json_pieces)
    )
    monkeypatch.setattr(check_plain, "render_check", _checked_text(check_plain.render_check))
    monkeypatch.setattr(repair_plain, "render_repair", _checked_text(repair_plain.render_repair))

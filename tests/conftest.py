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
    from ahp_eval.report.contracts import REPORTS

    kind = doc["format"].removeprefix("ahp-eval/")
    assert kind in REPORTS, f"no contract for {doc['format']}: add it to report/contracts.py"
    errors = sorted(_report_validator(kind).iter_errors(doc), key=str)
    assert not errors, "\n".join(
        f"{kind} report: {'/'.join(map(str, e.absolute_path))}: {e.message[:300]}"
        for e in errors[:5]
    )


def _checked_output(function: Any) -> Any:
    """A writer (``write_stdout``, ``write_atomic``) that checks a JSON report it is given
    against its command's schema; other text passes as it comes, piece by piece, and
    bytes as they are."""
    import functools
    import inspect
    import itertools
    import json

    function = inspect.unwrap(function)  # a module may have kept an earlier test's wrapper

    @functools.wraps(function)
    def checked(*args: Any, **kwargs: Any) -> Any:
        position = 1 if function.__name__ == "write_atomic" else 0
        text: Any = args[position] if len(args) > position else kwargs.get("text")
        if isinstance(text, bytes | bytearray):  # a workbook's bytes: no JSON report
            return function(*args, **kwargs)
        pieces = iter([text] if isinstance(text, str) else text)
        first = next(pieces, "")
        if first.startswith("{") and '"format": "ahp-eval/' in first[:200]:
            whole = first + "".join(pieces)
            check_report(json.loads(whole))
            given: Any = whole
        else:
            given = itertools.chain([first], pieces)
        if len(args) > position:
            args = (*args[:position], given, *args[position + 1 :])
        else:
            kwargs["text"] = given
        return function(*args, **kwargs)

    return checked


@pytest.fixture(autouse=True)
def _json_reports_match_their_schemas(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every JSON report any test makes (written by a command, or a result's to_dict())
    matches the JSON Schema of its command (docs/schema/*-report.schema.json); a report
    whose command has no contract in ahp_eval.report.contracts.REPORTS fails."""
    import sys

    import ahp_eval.cli
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.ahp.panel import PanelResult
    from ahp_eval.ahp.repair_plan import HierarchyRepair
    from ahp_eval.io import atomic
    from ahp_eval.report.sensitivity_plain import SensitivityReport
    from ahp_eval.survey.reliability_run import ReliabilityReport
    from ahp_eval.survey.score_results import ScoreResult

    reports = (
        HierarchyResult,
        ScoreResult,
        HierarchyRepair,
        PanelResult,
        SensitivityReport,
        ReliabilityReport,
    )
    for cls in reports:
        original = cls.to_dict

        def to_dict(self: object, *args: object, _original: Any = original) -> object:
            out = _original(self, *args)
            check_report(out)
            return out

        monkeypatch.setattr(cls, "to_dict", to_dict)
    assert ahp_eval.cli.app is not None  # every command module is loaded
    for name, module in list(sys.modules.items()):
        if name.startswith("ahp_eval.") and module is not None:
            for writer in ("write_stdout", "write_atomic"):
                if callable(getattr(module, writer, None)):
                    original_writer = getattr(module, writer)
                    monkeypatch.setattr(module, writer, _checked_output(original_writer))
    assert hasattr(atomic.write_atomic, "__wrapped__")

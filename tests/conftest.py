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

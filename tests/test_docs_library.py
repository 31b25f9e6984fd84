"""docs/library.md: its Python examples run, in order, and pass mypy --strict."""

from __future__ import annotations

import re
from pathlib import Path
from typing import TYPE_CHECKING

from mypy import api

if TYPE_CHECKING:
    import pytest

PAGE = Path(__file__).resolve().parent.parent / "docs" / "library.md"
BLOCK = re.compile(r"^```python\n(.*?)^```", re.DOTALL | re.MULTILINE)


def _blocks() -> list[str]:
    return BLOCK.findall(PAGE.read_text(encoding="utf-8"))


def test_the_page_has_examples() -> None:
    """The page shows the whole workflow (template, data, weights, scores, errors)."""
    text = "\n".join(_blocks())
    for call in ("load_template", "parse_evaluation", "solve", "read_responses", "to_frame"):
        assert call in text, call


def test_the_examples_run(capsys: pytest.CaptureFixture[str]) -> None:
    """Each block runs after the ones before it, as a reader would type them."""
    namespace: dict[str, object] = {"__name__": "library_page"}
    for number, block in enumerate(_blocks(), 1):
        code = compile(block, f"{PAGE.name} block {number}", "exec")
        exec(code, namespace)  # noqa: S102 - the documentation's own examples
    out = capsys.readouterr().out
    assert "frame: row 17: column 'C11' (C11): '7' is outside the scale 1..5" in out
    assert "not reciprocal" in out
    assert "1 answer dropped" in out


def test_the_examples_pass_mypy_strict(tmp_path: Path) -> None:
    """The page's code, as one module, type-checks in strict mode."""
    module = tmp_path / "library_page.py"
    module.write_text("\n".join(_blocks()), encoding="utf-8")
    out, err, status = api.run(["--strict", str(module)])
    assert status == 0, out + err

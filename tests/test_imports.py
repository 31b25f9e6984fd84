"""The core never imports the CLI, terminal or YAML libraries; check's text path avoids rich.

The input model is pydantic (the model and everything above it load it); the maths
alone (``ahp_eval.ahp.matrix``, ``ahp_eval.ahp.ri``) and the errors load no pydantic.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
CORE = [
    "ahp_eval",
    "ahp_eval.errors",
    "ahp_eval.ahp.matrix",
    "ahp_eval.ahp.ri",
    "ahp_eval.model.settings",
    "ahp_eval.model.evaluation",
    "ahp_eval.ahp.hierarchy",
    "ahp_eval.ahp.findings",
]


def loaded_after(code: str) -> set[str]:
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return {name.split(".")[0] for name in out.split()}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_io_library(module: str) -> None:
    """Importing a core module in a fresh interpreter loads neither typer, rich nor yaml."""
    loaded = loaded_after(f"import {module}")
    assert not loaded & {"typer", "rich", "yaml", "click", "matplotlib", "openpyxl"}
    if module in ("ahp_eval", "ahp_eval.errors", "ahp_eval.ahp.matrix", "ahp_eval.ahp.ri"):
        assert "pydantic" not in loaded


def test_check_text_path_does_not_import_rich() -> None:
    """ahp-eval check with text output never loads rich, matplotlib, openpyxl, scipy or pandas."""
    example = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
    code = (
        "import sys\n"
        f"sys.argv = ['ahp-eval', 'check', {str(example)!r}]\n"
        "from ahp_eval.cli import main\n"
        "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
    )
    loaded = loaded_after(code)
    assert "ahp_eval" in loaded
    assert not loaded & {"rich", "scipy", "pandas", "matplotlib", "openpyxl"}

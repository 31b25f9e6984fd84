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


def modules_after(code: str) -> set[str]:
    """Every module loaded by ``code`` in a fresh interpreter."""
    out = subprocess.run(
        [sys.executable, "-c", f"{code}\nimport sys\nprint('\\n'.join(sys.modules))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    ).stdout
    return set(out.split())


def loaded_after(code: str) -> set[str]:
    """The top-level packages loaded by ``code`` in a fresh interpreter."""
    return {name.split(".")[0] for name in modules_after(code)}


@pytest.mark.parametrize("module", CORE)
def test_core_module_imports_no_io_library(module: str) -> None:
    """Importing a core module in a fresh interpreter loads neither typer, rich nor yaml."""
    loaded = loaded_after(f"import {module}")
    assert not loaded & {"typer", "rich", "yaml", "click", "matplotlib", "openpyxl"}
    if module in ("ahp_eval", "ahp_eval.errors", "ahp_eval.ahp.matrix", "ahp_eval.ahp.ri"):
        assert "pydantic" not in loaded


EXAMPLE = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
CHECK = (
    "import sys\n"
    f"sys.argv = ['ahp-eval', 'check', {str(EXAMPLE)!r}]\n"
    "from ahp_eval.cli import main\n"
    "try:\n    main()\nexcept SystemExit as e:\n    assert e.code == 0, e.code\n"
)


def test_check_text_path_does_not_import_rich() -> None:
    """ahp-eval check with text output never loads rich, matplotlib, openpyxl, scipy or pandas."""
    loaded = loaded_after(CHECK)
    assert "ahp_eval" in loaded
    assert not loaded & {"rich", "scipy", "pandas", "matplotlib", "openpyxl"}


def test_check_does_not_load_the_scorer_or_the_renderers() -> None:
    """ahp-eval check loads neither the survey scoring nor a report renderer it does not use."""
    loaded = modules_after(CHECK)
    assert "ahp_eval.cli.check" in loaded
    unused = {
        "ahp_eval.survey.scoring",
        "ahp_eval.survey.responses",
        "ahp_eval.report.weigh_plain",
        "ahp_eval.report.score_plain",
        "ahp_eval.report.listing",
        "ahp_eval.report.repair_plain",
        "ahp_eval.report.sensitivity_plain",
        "ahp_eval.ahp.repair_plan",
        "ahp_eval.ahp.sensitivity",
        "ahp_eval.ahp.montecarlo",
        "ahp_eval.ahp.panel",
        "ahp_eval.io.panel_file",
        "concurrent.futures.process",  # a large folder's second process only
    }
    assert not loaded & unused
    assert not {m for m in loaded if m.startswith("ahp_eval.survey")}, "check scores nothing"

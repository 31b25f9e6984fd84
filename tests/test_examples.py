"""Every bundled example (and, later, indicator system) loads, solves and passes check."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.panel import weigh_panel
from ahp_eval.cli import app
from ahp_eval.io.files import load_evaluation
from ahp_eval.io.panel_file import panel_path, read_panel
from ahp_eval.io.yaml_source import load_yaml

ROOT = Path(__file__).resolve().parent.parent
FILES = sorted(
    p
    for folder in ("examples", "indicators", "tests/data/valid")
    for p in (ROOT / folder).rglob("*.y*ml")
    if isinstance(load_yaml(p)[0], dict) and "goal" in load_yaml(p)[0]
)


def test_there_are_examples() -> None:
    """The glob finds the bundled example, so the parametrized test cannot pass vacuously."""
    assert any(p.parent.name == "campus-canteen" for p in FILES)


@pytest.mark.parametrize("path", FILES, ids=[str(p.relative_to(ROOT)) for p in FILES])
def test_example_solves_and_passes_check(path: Path) -> None:
    """Loaded, solved (with its panel, when it names one), consistent, and
    `ahp-eval check` exits 0 on it."""
    evaluation = load_evaluation(path)
    found = panel_path(evaluation, None)
    result = (
        solve(evaluation)
        if found is None
        else weigh_panel(evaluation, read_panel(evaluation, found)).hierarchy
    )
    assert result.consistent
    assert sum(result.global_weights.values()) == pytest.approx(1.0, abs=1e-12)
    checked = CliRunner().invoke(app, ["check", str(path)])
    assert checked.exit_code == 0, checked.output

"""The documentation stays true: every command is documented, the format example is valid."""

from __future__ import annotations

import re
from pathlib import Path

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.cli import app
from ahp_eval.io.yaml_source import parse_yaml
from ahp_eval.model.evaluation import parse_evaluation

DOCS = Path(__file__).resolve().parent.parent / "docs"


def test_every_command_is_documented() -> None:
    """Each registered command has a section in docs/commands.md."""
    text = (DOCS / "commands.md").read_text(encoding="utf-8")
    names = [c.name or (c.callback.__name__ if c.callback else "") for c in app.registered_commands]
    assert names
    for name in names:
        assert f"## `ahp-eval {name}" in text, name


def test_format_example_is_a_valid_evaluation() -> None:
    """The complete example in docs/format.md loads and solves."""
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    block = re.search(r"```yaml\n(.*?)```", text, re.DOTALL)
    assert block
    data, marks = parse_yaml(block.group(1), "docs/format.md")
    result = solve(parse_evaluation(data, lines=marks))
    assert set(result.global_weights) == {"C11", "C12", "C13", "E1", "E2", "D2", "B3"}

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


ROOT = DOCS.parent


def test_readme_library_example_runs(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The README's Python example runs as printed (from the repository root)."""
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```python\n(.*?)```", text, re.DOTALL)
    assert blocks
    monkeypatch.chdir(ROOT)
    for block in blocks:
        namespace: dict[str, object] = {}
        exec(compile(block, "README.md", "exec"), namespace)  # noqa: S102 - our own README
    assert "report" in namespace


def test_import_paths_in_the_docs_resolve() -> None:
    """Every ``ahp_eval...`` path named in README.md and docs/ imports (or is an attribute)."""
    import importlib

    texts = [(ROOT / "README.md").read_text(encoding="utf-8")]
    texts += [p.read_text(encoding="utf-8") for p in DOCS.glob("*.md")]
    paths = {m for t in texts for m in re.findall(r"\bahp_eval(?:\.\w+)+", t)}
    assert "ahp_eval.matrix.solve_stack" in paths
    for path in sorted(paths):
        parts = path.split(".")
        for cut in range(len(parts), 0, -1):
            try:
                obj: object = importlib.import_module(".".join(parts[:cut]))
            except ModuleNotFoundError:
                continue
            for attr in parts[cut:]:
                obj = getattr(obj, attr)
            break
        else:
            raise AssertionError(path)

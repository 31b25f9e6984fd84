"""Each example README's commands reproduce the outputs committed beside them."""

from __future__ import annotations

import json
import re
import shlex
from pathlib import Path

import pytest
from jsoncompare import json_close
from typer.testing import CliRunner

from ahp_eval.cli import app

ROOT = Path(__file__).resolve().parent.parent
CHECKED_SUFFIXES = (".json", ".md", ".csv")


def commands() -> list[tuple[str, list[str]]]:
    """`ahp-eval ... -o FILE` lines of the ```sh blocks in examples/*/README.md."""
    found: list[tuple[str, list[str]]] = []
    for readme in sorted(ROOT.glob("examples/*/README.md")):
        for block in re.findall(r"```sh\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL):
            found.extend(
                (readme.parent.name, shlex.split(line)[1:])
                for line in block.splitlines()
                if line.startswith("ahp-eval ") and " -o " in line
            )
    return found


COMMANDS = commands()


def test_every_example_documents_its_commands() -> None:
    """Each example folder with a README lists at least one command with an output."""
    folders = {p.parent.name for p in ROOT.glob("examples/*/README.md")}
    assert folders >= {"academic-platform", "power-supply-center", "group-judgments"}
    assert {name for name, _ in COMMANDS} == folders


@pytest.mark.parametrize("args", [a for _, a in COMMANDS], ids=[a[-1] for _, a in COMMANDS])
def test_example_output_is_reproduced(
    args: list[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running the README's command again gives the committed file (JSON to 1e-9)."""
    monkeypatch.chdir(ROOT)
    k = args.index("-o")
    committed = ROOT / args[k + 1]
    fresh = tmp_path / committed.name
    result = CliRunner().invoke(app, [*args[:k], "-o", str(fresh), *args[k + 2 :]])
    assert result.exit_code == 0, result.output
    if committed.suffix not in CHECKED_SUFFIXES:
        return
    assert committed.exists(), f"{committed} is not committed"
    got, want = fresh.read_text(encoding="utf-8"), committed.read_text(encoding="utf-8")
    if committed.suffix == ".json":
        assert json_close(json.loads(got), json.loads(want), rel=1e-9, abs_=1e-12)
    else:
        assert got == want

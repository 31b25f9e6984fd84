"""The command examples of docs/commands.md and docs/format.md run as documented.

Every ``ahp-eval`` line of a ```sh block runs, in order, in a temporary folder that holds
the bundled examples (``examples/``) and the files the examples name: ``evaluation.yaml``
and ``responses.csv`` (the academic-platform example, grouped by ``平台``), ``marks.yaml``
and ``judge-a.yaml`` for that evaluation, ``a.yaml``, ``b.yaml`` and ``evaluations/``
(consistent evaluations). A line exits 0 unless it ends with ``# exits N``; a line that
ends with ``# not run: REASON`` is shown to readers with its reason and not run.
"""

from __future__ import annotations

import csv
import itertools
import re
import shlex
import shutil
import tomllib
from pathlib import Path
from typing import TYPE_CHECKING

import openpyxl
import yaml
from typer.testing import CliRunner

from ahp_eval.cli import app

if TYPE_CHECKING:
    import pytest

ROOT = Path(__file__).resolve().parent.parent
DOCS = ("docs/commands.md", "docs/format.md")
NOT_RUN = re.compile(r"#\s*not run:\s*\S")
EXITS = re.compile(r"#\s*exits\s+(\d+)\s*$")


def doc_lines() -> list[tuple[str, str]]:
    """(document, line) for every command line of the documents' ```sh blocks."""
    found = []
    for doc in DOCS:
        text = (ROOT / doc).read_text(encoding="utf-8")
        for block in re.findall(r"```sh\n(.*?)```", text, re.DOTALL):
            found += [(doc, ln.strip()) for ln in block.splitlines() if ln.strip()]
    return [(doc, ln) for doc, ln in found if not ln.startswith("#")]


def _folder(where: Path) -> None:
    shutil.copytree(ROOT / "examples", where / "examples")
    platform = ROOT / "examples" / "academic-platform"
    shutil.copy(platform / "evaluation.yaml", where / "evaluation.yaml")
    shutil.copy(platform / "responses.csv", where / "responses.csv")
    data = yaml.safe_load((platform / "evaluation.yaml").read_text(encoding="utf-8"))
    judgments = {"judge": "A", "judgments": data["judgments"]}
    (where / "judge-a.yaml").write_text(yaml.safe_dump(judgments), encoding="utf-8")
    shutil.copy(where / "judge-a.yaml", where / "judgments.yaml")
    for judge in ("judge-b.yaml", "judge-c.yaml"):
        shutil.copy(where / "judge-a.yaml", where / judge)
    panel = ROOT / "examples" / "expert-panel" / "panel.csv"  # the same hierarchy's panel
    shutil.copy(panel, where / "answers.csv")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "答卷"
    with panel.open(encoding="utf-8-sig", newline="") as fh:
        for row in csv.reader(fh):
            sheet.append(row)
    book.save(where / "answers.xlsx")
    leaves = [i["id"] for c in data["criteria"] for i in c.get("indicators", [])]
    marks = {"site": "S", "scale": {"min": 0, "max": 100}, "marks": dict.fromkeys(leaves, 80)}
    (where / "marks.yaml").write_text(yaml.safe_dump(marks), encoding="utf-8")
    shutil.copy(ROOT / "examples" / "campus-canteen" / "evaluation.yaml", where / "a.yaml")
    shutil.copy(ROOT / "examples" / "choose-leader" / "evaluation.yaml", where / "b.yaml")
    (where / "evaluations").mkdir()
    shutil.copy(where / "a.yaml", where / "evaluations" / "canteen.yaml")
    shutil.copy(where / "b.yaml", where / "evaluations" / "leader.yaml")


def test_there_are_examples_to_run() -> None:
    """The documents have command examples; every line is a command or says why it is not
    run."""
    lines = doc_lines()
    assert len(lines) >= 8
    for doc, line in lines:
        assert line.startswith("ahp-eval ") or NOT_RUN.search(line), (doc, line)


def test_documented_commands_run(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Each example line ends with the exit code it documents (0 unless ``# exits N``)."""
    _folder(tmp_path)
    monkeypatch.chdir(tmp_path)
    runner = CliRunner()
    ran = 0
    for doc, line in doc_lines():
        if NOT_RUN.search(line):
            continue
        exits = EXITS.search(line)
        args = shlex.split(line, comments=True)[1:]
        for flag, target in itertools.pairwise(args):  # each line stands alone for a reader:
            if flag in ("-o", "--output", "--write") and "--force" not in args:
                (tmp_path / target).unlink(missing_ok=True)  # an earlier line's output goes
        result = runner.invoke(app, args)
        expected = int(exits.group(1)) if exits else 0
        assert result.exit_code == expected, (doc, line, result.output)
        ran += 1
    assert ran >= 8


def test_readme_names_every_runtime_dependency() -> None:
    """The README's dependency paragraph names each dependency of pyproject.toml."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Dependencies", 1)[1].split("\n## ", 1)[0].lower()
    for requirement in project["dependencies"]:
        name = re.match(r"[A-Za-z0-9_.-]+", requirement)
        assert name is not None
        assert name.group(0).lower() in section, name.group(0)


def test_readme_makes_a_virtual_environment_first() -> None:
    """The set-up's first command makes and activates a virtual environment."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1]
    first = re.search(r"```sh\n(.*?)\n", setup)
    assert first is not None
    assert first.group(1).startswith("python3 -m venv .venv")

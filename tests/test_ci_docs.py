"""The CI workflow, .ci/run, docs/ci.md and pyproject's metadata agree with each other."""

from __future__ import annotations

import re
import shlex
import shutil
import tomllib
from pathlib import Path
from typing import Any

import pytest
import yaml
from typer.testing import CliRunner

from ahp_eval.cli import app

ROOT = Path(__file__).resolve().parent.parent
WORKFLOW = ROOT / ".github" / "workflows" / "tests.yml"
CI_DOC = ROOT / "docs" / "ci.md"
PYPROJECT: dict[str, Any] = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
TOOLS = ("python -m pip install", "pytest", "ruff", "mypy")


def _workflow() -> dict[str, Any]:
    data: dict[str, Any] = yaml.safe_load(WORKFLOW.read_text(encoding="utf-8"))
    return data


def _commands(lines: list[str]) -> list[str]:
    """The install, test, lint and type commands among shell lines, in order."""
    found = []
    for line in lines:
        for part in line.split("&&"):
            command = part.strip()
            if command.startswith(TOOLS):
                found.append(command)
    return found


def test_workflow_runs_what_ci_run_runs() -> None:
    """The workflow's commands are .ci/run's, in the same order."""
    ci_run = (ROOT / ".ci" / "run").read_text(encoding="utf-8").splitlines()
    (job,) = _workflow()["jobs"].values()
    steps = [step["run"] for step in job["steps"] if "run" in step]
    assert _commands(ci_run) == _commands(steps)
    assert _commands(ci_run) == [
        'python -m pip install ".[test]"',
        "pytest",
        "ruff check .",
        "ruff format --check .",
        "mypy",
    ]


def test_workflow_covers_every_system_and_supported_python() -> None:
    """Linux, macOS and Windows; every Python the classifiers name, from requires-python's."""
    (job,) = _workflow()["jobs"].values()
    matrix = job["strategy"]["matrix"]
    assert {re.sub(r"-.*", "", os) for os in matrix["os"]} == {"ubuntu", "macos", "windows"}
    prefix = "Programming Language :: Python :: "
    versions = [c.removeprefix(prefix) for c in PYPROJECT["project"]["classifiers"]]
    classified = sorted(
        (v for v in versions if v.startswith("3.")), key=lambda v: tuple(map(int, v.split(".")))
    )
    assert matrix["python"] == classified
    assert PYPROJECT["project"]["requires-python"] == f">={classified[0]}"
    assert job["runs-on"] == "${{ matrix.os }}"
    assert job["strategy"]["fail-fast"] is False


def test_project_urls_point_at_the_docs() -> None:
    """Each project URL that names a file of this repository names one that exists."""
    urls: dict[str, str] = PYPROJECT["project"]["urls"]
    assert "Documentation" in urls
    for url in urls.values():
        found = re.search(r"/(?:blob|tree)/main/(.+)$", url)
        if found:
            assert (ROOT / found.group(1)).exists(), url


def _snippets() -> list[dict[str, Any]]:
    text = CI_DOC.read_text(encoding="utf-8")
    return [yaml.safe_load(block) for block in re.findall(r"```yaml\n(.*?)```", text, re.DOTALL)]


def test_ci_doc_snippets() -> None:
    """The GitHub snippet uses the github format, GitLab's publishes the JUnit file it
    writes, and the pre-commit snippet names the hook this repository defines."""
    github, gitlab, pre_commit = _snippets()
    runs = [s["run"] for s in github["jobs"]["check"]["steps"] if "run" in s]
    assert any(r.startswith("ahp-eval check") and "--format github" in r for r in runs)
    job = gitlab["check-evaluations"]
    (junit,) = [line for line in job["script"] if "--format junit" in line]
    assert junit.endswith("> " + job["artifacts"]["reports"]["junit"])
    assert job["artifacts"]["when"] == "always"
    hooks = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    (repo,) = pre_commit["repos"]
    assert [h["id"] for h in repo["hooks"]] == [h["id"] for h in hooks]


@pytest.mark.parametrize(("fmt", "start"), [("github", ""), ("junit", "<?xml")])
def test_ci_doc_commands_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fmt: str, start: str
) -> None:
    """The check commands of docs/ci.md run on a folder of evaluations and pass."""
    github, gitlab, _ = _snippets()
    lines = [s["run"] for s in github["jobs"]["check"]["steps"] if "run" in s]
    lines += gitlab["check-evaluations"]["script"]
    (line,) = [line for line in lines if line.startswith("ahp-eval check") and fmt in line]
    folder = tmp_path / "evaluations"
    folder.mkdir()
    shutil.copy(ROOT / "examples" / "campus-canteen" / "evaluation.yaml", folder / "canteen.yaml")
    shutil.copy(ROOT / "examples" / "choose-leader" / "evaluation.yaml", folder / "leader.yaml")
    monkeypatch.chdir(tmp_path)
    args = shlex.split(line.split(">")[0])[1:]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(start)

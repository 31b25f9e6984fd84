"""The pre-commit hook: a repository that uses this checkout as its hook repository.

The real ``pre-commit`` builds the hook's environment (a virtual environment with
ahp-eval installed from this checkout) and runs ``ahp-eval check --only-evaluations`` on
the files it is given. Building needs the package index; where it cannot be reached the
test is skipped, saying so.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
INCONSISTENT = """\
goal: {id: G, name: 目标}
criteria:
  - {id: A, name: 甲}
  - {id: B, name: 乙}
  - {id: C, name: 丙}
judgments:
  G: {upper: [9, "1/9", 9]}
"""
# What pip or virtualenv says when the package index cannot be reached.
OFFLINE = re.compile(
    r"No matching distribution|Could not find a version|Failed to establish a new connection"
    r"|Temporary failure in name resolution|Network is unreachable|ProxyError"
    r"|Max retries exceeded|Name or service not known",
)


def _git(cwd: Path, *args: str) -> str:
    out = subprocess.run(
        ["git", "-c", "user.name=ahp-eval", "-c", "user.email=ahp-eval@example.org", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=True,
    )
    return out.stdout.strip()


def _hook_repository(into: Path) -> str:
    """This checkout as it is now (uncommitted changes included), committed in a repository
    of its own; the commit's hash."""
    listed = _git(ROOT, "ls-files", "--cached", "--others", "--exclude-standard", "-z")
    for name in filter(None, listed.split("\0")):
        source = ROOT / name
        if source.is_file():
            (into / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, into / name)
    _git(into, "init", "-q")
    _git(into, "add", "-A")
    _git(into, "commit", "-q", "-m", "hook repository")
    return _git(into, "rev-parse", "HEAD")


def _pre_commit(cwd: Path, home: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PRE_COMMIT_HOME": str(home), "PRE_COMMIT_COLOR": "never"}
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        encoding="utf-8",
        check=False,
        timeout=900,
    )


def test_hook_definition() -> None:
    """The hook runs check on YAML files of any case, skipping other YAML files."""
    (hook,) = yaml.safe_load((ROOT / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hook["id"] == "ahp-eval-check"
    assert hook["entry"] == "ahp-eval check --only-evaluations"
    assert hook["language"] == "python"
    files = re.compile(hook["files"])
    assert all(files.search(n) for n in ("a.yaml", "b.yml", "UPPER.YAML", "评价/x.Yml"))
    assert not any(files.search(n) for n in ("a.json", "yaml.txt", "a.yaml.bak"))


def test_pre_commit_runs_the_hook(tmp_path: Path) -> None:
    """pre-commit passes a consistent file and other YAML, and fails an inconsistent file
    with check's messages."""
    if shutil.which("git") is None:
        pytest.skip("git is not installed: pre-commit needs it")
    hook_repo = tmp_path / "hook"
    hook_repo.mkdir()
    rev = _hook_repository(hook_repo)
    project = tmp_path / "project"
    project.mkdir()
    _git(project, "init", "-q")
    config = {"repos": [{"repo": str(hook_repo), "rev": rev, "hooks": [{"id": "ahp-eval-check"}]}]}
    (project / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    shutil.copy(EXAMPLE, project / "good.yaml")
    (project / "BAD.YML").write_text(INCONSISTENT, encoding="utf-8")
    (project / "other.yaml").write_text("key: value\n", encoding="utf-8")
    _git(project, "add", "-A")
    home = tmp_path / "pre-commit-home"

    built = _pre_commit(project, home, "install-hooks")
    if built.returncode != 0:
        log = built.stdout + built.stderr
        logged = home / "pre-commit.log"
        if logged.exists():
            log += logged.read_text(encoding="utf-8", errors="replace")
        offline = OFFLINE.search(log)
        if offline is not None:
            pytest.skip(
                "pre-commit cannot build the hook's environment: the package index cannot "
                f"be reached ({offline.group(0)})"
            )
        pytest.fail(f"pre-commit install-hooks failed:\n{log}")

    passing = _pre_commit(project, home, "run", "--files", "good.yaml", "other.yaml")
    assert passing.returncode == 0, passing.stdout
    assert re.search(r"ahp-eval check\.+Passed", passing.stdout)

    failing = _pre_commit(project, home, "run", "--files", "good.yaml", "BAD.YML", "other.yaml")
    assert failing.returncode == 1, failing.stdout
    assert re.search(r"ahp-eval check\.+Failed", failing.stdout)
    assert "- exit code: 1" in failing.stdout
    assert "BAD.YML:7: G: CR 6.1303 >= 0.1" in failing.stdout
    assert (
        "checked 2 files: 1 consistent, 1 inconsistent, 0 invalid; 1 other YAML file skipped"
        in failing.stdout
    )

"""A large folder is checked by two processes, with the same reports as by one."""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING

from evaluations import THREE_YAML
from platforms import FORK
from typer.testing import CliRunner

from ahp_eval.ahp.findings import FileReport
from ahp_eval.cli import app
from ahp_eval.io import checking

if TYPE_CHECKING:
    import pytest

runner = CliRunner()


def mixed_folder(folder: Path, count: int) -> None:
    """Consistent, inconsistent and invalid evaluations, other YAML and a nested folder,
    in an order that interleaves them across the halves."""
    inconsistent = THREE_YAML.replace(
        "judgments: {A: {upper: [3]}, B1: {upper: [1]}}",
        "criteria_extra: 0\n",
    )
    (folder / "sub").mkdir()
    for k in range(count):
        where = folder / "sub" if k % 7 == 0 else folder
        kind = k % 5
        if kind == 0:
            text = THREE_YAML.replace("目标", f"目标 {k}")
        elif kind == 1:
            text = (
                "goal: {id: A, name: 目标}\n"
                "criteria: [{id: B1, name: 甲}, {id: B2, name: 乙}, {id: B3, name: 丙}]\n"
                "judgments: {A: {upper: [9, 1/9, 9]}}\n"
            )
        elif kind == 2:
            text = inconsistent
        elif kind == 3:
            text = "colors: [red, green]\n"
        else:
            text = THREE_YAML.replace("[3]", "[0]")
        (where / f"e{k:03d}.yaml").write_text(text, encoding="utf-8")


@FORK
def test_two_processes_give_the_same_reports(tmp_path: Path) -> None:
    """Every report and skipped file, in the same order, with and without the fork."""
    mixed_folder(tmp_path, 41)
    one = checking.check_paths([tmp_path], parallel=False)
    two = checking.check_paths([tmp_path], parallel=True)
    assert [r.to_dict() for r in two[0]] == [r.to_dict() for r in one[0]]
    assert two[1] == one[1]
    statuses = {r.status for r in one[0]}
    assert statuses == {"ok", "inconsistent", "invalid"}
    assert len(one[1]) == 8  # the colour lists


HERE: list[int] = []
"""How many files each call of :func:`_counted` in this process was given."""
_CHECK_FILES = checking._check_files


def _counted(
    files: list[tuple[Path, bool]], options: checking._Options
) -> tuple[list[FileReport], list[str]]:
    """checking._check_files, counting its files (a module-level function: the worker
    process is handed it by name)."""
    HERE.append(len(files))
    return _CHECK_FILES(files, options)


@FORK
def test_the_command_line_forks_for_a_large_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Above PARALLEL_FILES the folder is read in two processes: the JSON report and the
    exit code are those of one process."""
    mixed_folder(tmp_path, 30)
    args = ["check", str(tmp_path), "-f", "json"]
    alone = runner.invoke(app, args)
    HERE.clear()

    monkeypatch.setattr(checking, "PARALLEL_FILES", 10)
    monkeypatch.setattr(checking, "cores", lambda: 2)
    monkeypatch.setattr(checking, "fork_allowed", lambda: True)
    monkeypatch.setattr(checking, "_check_files", _counted)
    both = runner.invoke(app, args)
    assert HERE == [15]  # the parent's half; the other half is read by the worker
    assert both.exit_code == alone.exit_code == 2
    assert json.loads(both.stdout) == json.loads(alone.stdout)


def test_a_small_folder_or_one_core_stays_in_one_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Below PARALLEL_FILES, or with one core, no worker process is started."""
    mixed_folder(tmp_path, 12)

    def no_fork(*_args: object, **_kwargs: object) -> None:
        raise AssertionError

    monkeypatch.setattr("concurrent.futures.ProcessPoolExecutor", no_fork)
    monkeypatch.setattr(checking, "fork_allowed", lambda: True)
    monkeypatch.setattr(checking, "PARALLEL_FILES", 100)
    checking.check_paths([tmp_path])
    monkeypatch.setattr(checking, "PARALLEL_FILES", 2)
    monkeypatch.setattr(checking, "cores", lambda: 1)
    checking.check_paths([tmp_path])

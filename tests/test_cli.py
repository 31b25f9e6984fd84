from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from jsoncompare import json_close
from platforms import SYMLINKS
from typer.testing import CliRunner

from ahp_eval import __version__
from ahp_eval.cli import app

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
GOLDEN = Path(__file__).parent / "data" / "expected" / "campus-canteen.json"
INVALID = sorted((Path(__file__).parent / "data" / "invalid").glob("*.yaml"))

runner = CliRunner()

CYCLIC = (
    "goal: {id: A, name: 目标}\n"
    "criteria: [{id: B1, name: 甲}, {id: B2, name: 乙}, {id: B3, name: 丙}]\n"
    "judgments:\n"
    "  A:\n"
    '    - [1, 9, "1/9"]\n'
    '    - ["1/9", 1, 9]\n'
    '    - [9, "1/9", 1]\n'
)


def test_version_and_help() -> None:
    """--version prints the version; every command's help shows an example."""
    result = runner.invoke(app, ["--version"])
    assert result.exit_code == 0
    assert result.stdout == f"ahp-eval {__version__}\n"
    for command in ("weigh", "check"):
        help_text = runner.invoke(app, [command, "--help"]).stdout
        assert f"ahp-eval {command} " in help_text, command


def test_weigh_json_matches_golden_file() -> None:
    """The JSON contract for the bundled example matches the committed golden file."""
    result = runner.invoke(app, ["weigh", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    got = json.loads(result.stdout)
    got["file"] = "examples/campus-canteen/evaluation.yaml"
    for node in got["nodes"]:
        node["file"] = got["file"]
    expected = json.loads(GOLDEN.read_text(encoding="utf-8"))
    assert json_close(got, expected)
    for key in (
        "method",
        "ri_table",
        "cr_threshold",
        "nodes",
        "global_weights",
        "ranking",
        "total",
    ):
        assert key in got
    for key in ("ci", "ri", "cr", "cr_cumulative", "consistent"):
        assert key in got["total"]


def test_weigh_table_lines_up_chinese_names() -> None:
    """In the ranking table the global-weight column ends at the same width on every row."""
    result = runner.invoke(app, ["weigh", str(EXAMPLE)])
    assert result.exit_code == 0
    assert "saaty (Saaty 1980, n <= 15)" in result.stdout
    assert "root 方根法" in result.stdout
    rows = [line for line in result.stdout.splitlines() if re.match(r"^\s+\d+\s+C\d\d\s", line)]
    assert len(rows) == 9
    from ahp_eval.report.common import display_width

    assert len({display_width(r.rstrip()) for r in rows}) == 1


def test_weigh_other_formats_and_overrides(tmp_path: Path) -> None:
    """--format csv/markdown, --output (atomic, refuses to overwrite without --force)."""
    out = tmp_path / "w.csv"
    result = runner.invoke(app, ["weigh", str(EXAMPLE), "-o", str(out), "--precision", "6"])
    assert result.exit_code == 0, result.output
    text = out.read_text(encoding="utf-8")
    assert text.startswith("\ufeff")  # a byte-order mark, so that Excel reads UTF-8
    lines = text.removeprefix("\ufeff").splitlines()
    assert lines[0].startswith("id,name,name_en,parent")
    assert any(line.startswith("C21,食品安全,Food safety,B2,2,yes,0.833333") for line in lines)
    again = runner.invoke(app, ["weigh", str(EXAMPLE), "-o", str(out)])
    assert again.exit_code == 2
    assert "output file exists; use --force" in again.stderr
    forced = runner.invoke(
        app, ["weigh", str(EXAMPLE), "-o", str(out), "--force", "-f", "markdown"]
    )
    assert forced.exit_code == 0
    assert "## 层次总排序 Total ranking" in out.read_text(encoding="utf-8")
    eigen = runner.invoke(
        app, ["weigh", str(EXAMPLE), "-f", "json", "--method", "eigen", "--ri", "cn"]
    )
    doc = json.loads(eigen.stdout)
    assert (doc["method"], doc["ri_table"]) == ("eigen", "cn")


def test_weigh_inconsistent_exits_1(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """weigh still reports an inconsistent file, and exits 1."""
    result = runner.invoke(app, ["weigh", str(write_yaml(CYCLIC))])
    assert result.exit_code == 1
    assert "未通过 FAIL" in result.stdout


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_bad_input_exits_2_with_located_message(path: Path) -> None:
    """Each bad input: exit 2, no traceback, path:line: message on stderr."""
    line, fragment = (
        path.read_text(encoding="utf-8").splitlines()[0].split(": ", 1)[1].split(": ", 1)
    )
    result = runner.invoke(app, ["weigh", str(path)])
    assert result.exit_code == 2
    assert "Traceback" not in result.output
    assert f"{path}:{line}: " in result.stderr
    assert fragment in result.stderr


def test_missing_file_exits_2(tmp_path: Path) -> None:
    """A file that does not exist is an input error, not a crash."""
    result = runner.invoke(app, ["weigh", str(tmp_path / "nope.yaml")])
    assert result.exit_code == 2
    assert result.stderr == f"{tmp_path / 'nope.yaml'}:1: no such file\n"


def test_check_exit_codes_and_hints(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """check: 0 when all pass, 1 on inconsistency with three hints, 2 when a file is invalid."""
    ok = runner.invoke(app, ["check", str(EXAMPLE)])
    assert ok.exit_code == 0
    assert ok.stdout == ""
    assert "1 consistent" in ok.stderr
    bad = write_yaml(CYCLIC, "cyclic.yaml")
    result = runner.invoke(app, ["check", str(bad)])
    assert result.exit_code == 1
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"{bad}:4: A: CR 6.1303 >= 0.1")
    assert len(lines) == 4
    assert lines[1] == (
        f"{bad}:5: A: hint: set B1/B2 from 9 to 1/9 (CR 6.1303 -> 0.4835); |ln(a w_j/w_i)| = 2.20"
    )
    invalid = write_yaml("goal: {id: A, name: g}\ncriteria: []\n", "empty.yaml")
    both = runner.invoke(app, ["check", str(bad), str(invalid)])
    assert both.exit_code == 2
    assert f"{invalid}:2: criteria: at least one criterion is needed" in both.stdout
    assert f"{bad}:4: A: CR" in both.stdout  # the valid file is still checked


def test_check_folder_skips_other_yaml(write_yaml, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """In a folder, YAML without a top-level goal is skipped and counted."""
    write_yaml(EXAMPLE.read_text(encoding="utf-8"), "eval.yaml")
    write_yaml("C11: 4\nC12: 5\n", "marks.yml")
    result = runner.invoke(app, ["check", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    doc = json.loads(result.stdout)
    assert doc["skipped"] == 1
    assert [f["status"] for f in doc["files"]] == ["ok"]


def test_check_github_annotations(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """--format github prints workflow commands with file and line."""
    bad = write_yaml(CYCLIC, "cyclic.yaml")
    result = runner.invoke(app, ["check", str(bad), "--format", "github"])
    first = result.stdout.splitlines()[0]
    assert first.startswith(f"::error file={bad},line=4,title=ahp-eval inconsistent::A: CR")


def test_internal_error_exits_3(monkeypatch: pytest.MonkeyPatch) -> None:
    """An unexpected exception prints its traceback and exits 3, never 1 or 2."""
    import ahp_eval.ahp.hierarchy

    def boom(*_: object, **__: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr(ahp_eval.ahp.hierarchy, "solve", boom)
    result = runner.invoke(app, ["weigh", str(EXAMPLE)])
    assert result.exit_code == 3
    assert "Traceback" in result.stderr
    assert "RuntimeError: boom" in result.stderr


def test_oversized_file_exits_2(tmp_path: Path) -> None:
    """A file over 10 MB: exit 2 with a located message, before parsing."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    result = runner.invoke(app, ["check", str(big)])
    assert result.exit_code == 2
    assert result.stdout.startswith(f"{big}:1: file is 10.5 MB, over the 10 MB limit")


def test_check_in_process_leaves_the_collector_on() -> None:
    """check switches the cyclic collector off while reading, and back on after."""
    import gc

    example = Path(__file__).resolve().parent.parent / "examples" / "campus-canteen"
    assert gc.isenabled()
    result = runner.invoke(app, ["check", str(example / "evaluation.yaml")])
    assert result.exit_code == 0
    assert gc.isenabled()
    assert gc.get_freeze_count() == 0


@SYMLINKS
@pytest.mark.parametrize("which", ["evaluation", "judgments", "link"])
def test_an_input_is_never_the_output(tmp_path: Path, which: str) -> None:
    """-o naming an input (or a link to it) is refused even with --force; the input stays."""
    example = Path(__file__).resolve().parent.parent / "examples" / "group-judgments"
    ev = tmp_path / "evaluation.yaml"
    ev.write_bytes((example / "evaluation.yaml").read_bytes())
    judge = tmp_path / "judge-a.yaml"
    judge.write_bytes((example / "judge-a.yaml").read_bytes())
    link = tmp_path / "link.yaml"
    link.symlink_to(ev)
    target = {"evaluation": ev, "judgments": judge, "link": link}[which]
    before = {p: p.read_bytes() for p in (ev, judge)}
    result = runner.invoke(
        app, ["weigh", str(ev), "-j", str(judge), "-o", str(target), "-f", "json", "--force"]
    )
    assert result.exit_code == 2
    assert result.stderr == (
        f"{target}: is an input of this command and is never replaced, not even with "
        "--force; choose another output file\n"
    )
    assert {p: p.read_bytes() for p in (ev, judge)} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "evaluation.yaml",
        "judge-a.yaml",
        "link.yaml",
    ]


def test_score_never_writes_over_its_survey_export(tmp_path: Path) -> None:
    """score -o RESPONSES --force is refused: the export is an input."""
    example = Path(__file__).resolve().parent.parent / "examples" / "academic-platform"
    csv = tmp_path / "responses.csv"
    csv.write_bytes((example / "responses.csv").read_bytes())
    result = runner.invoke(
        app, ["score", str(example / "evaluation.yaml"), str(csv), "-o", str(csv), "--force"]
    )
    assert result.exit_code == 2
    assert "is an input of this command" in result.stderr
    assert csv.read_bytes() == (example / "responses.csv").read_bytes()


def test_a_folder_is_never_an_output(tmp_path: Path) -> None:
    """-o naming a folder is refused, with or without --force."""
    example = Path(__file__).resolve().parent.parent / "examples" / "campus-canteen"
    folder = tmp_path / "out.json"
    folder.mkdir()
    result = runner.invoke(
        app, ["weigh", str(example / "evaluation.yaml"), "-o", str(folder), "--force"]
    )
    assert result.exit_code == 2
    assert result.stderr == f"ahp-eval: cannot write {folder}: it is a folder; name a file in it\n"
    assert folder.is_dir()

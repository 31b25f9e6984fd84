"""check for CI systems: which files it finds, and its JUnit XML report."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from junitparser import Error, Failure, JUnitXml
from typer.testing import CliRunner

from ahp_eval.cli import app

runner = CliRunner()
EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "campus-canteen" / "evaluation.yaml"

INCONSISTENT = """\
goal: {id: G, name: 目标 <&>}
criteria:
  - {id: A, name: 甲}
  - {id: B, name: 乙}
  - {id: C, name: 丙}
judgments:
  G: {upper: [9, "1/9", 9]}
"""


def test_upper_case_suffixes_are_found(tmp_path: Path) -> None:
    """UPPER.YAML and x.Yml in a folder are checked like .yaml files."""
    shutil.copy(EXAMPLE, tmp_path / "UPPER.YAML")
    (tmp_path / "bad.Yml").write_text(INCONSISTENT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "json"])
    doc = json.loads(result.stdout)
    assert sorted(Path(f["path"]).name for f in doc["files"]) == ["UPPER.YAML", "bad.Yml"]
    assert result.exit_code == 1


def test_no_evaluation_found_is_an_error(tmp_path: Path) -> None:
    """A folder without evaluations exits 2 naming the paths; nothing checked is no pass."""
    (tmp_path / "other.yaml").write_text("a: 1\n", encoding="utf-8")
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path)])
    assert result.exit_code == 2
    assert result.stderr == f"ahp-eval: no evaluation file found in {tmp_path}\n"


def test_only_evaluations_skips_other_yaml(tmp_path: Path) -> None:
    """--only-evaluations (a hook passing every staged YAML file): others are skipped, listed."""
    other = tmp_path / "config.yaml"
    other.write_text("a: 1\n", encoding="utf-8")
    alone = runner.invoke(app, ["check", "--only-evaluations", str(other)])
    assert alone.exit_code == 0
    assert alone.stderr == (
        f"ahp-eval: no evaluation file in {other}; nothing to check\n"
        "checked 0 files: 0 consistent, 0 inconsistent, 0 invalid; 1 other YAML file skipped\n"
    )
    without = runner.invoke(app, ["check", str(other)])
    assert without.exit_code == 2  # named on the command line, it must be an evaluation
    both = runner.invoke(
        app, ["check", "--only-evaluations", "-f", "json", str(other), str(EXAMPLE)]
    )
    assert both.exit_code == 0
    doc = json.loads(both.stdout)
    assert doc["skipped"] == 1
    assert doc["skipped_files"] == [str(other)]
    assert [f["path"] for f in doc["files"]] == [str(EXAMPLE)]
    verbose = runner.invoke(app, ["check", "--only-evaluations", "-v", str(other), str(EXAMPLE)])
    assert f"{other}: skipped (YAML without a top-level 'goal')\n" in verbose.stdout


def test_junit_report(tmp_path: Path) -> None:
    """One test case per matrix and per total ranking; failures carry CR, threshold and the
    worst judgments; an invalid file is one case whose error holds every problem. Read back
    with junitparser."""
    good = tmp_path / "good.yaml"
    shutil.copy(EXAMPLE, good)
    bad = tmp_path / "bad.yaml"
    bad.write_text(INCONSISTENT, encoding="utf-8")
    broken = tmp_path / "broken\x01.yaml"  # a control character XML cannot hold
    broken.write_text("goal: {id: G}\ncriteria: 3\nextra: 1\n", encoding="utf-8")
    result = runner.invoke(app, ["check", str(tmp_path), "-f", "junit"])
    assert result.exit_code == 2
    out = tmp_path / "report.xml"
    out.write_text(result.stdout, encoding="utf-8")
    xml = JUnitXml.fromfile(str(out))
    suites = {Path(s.name).name: s for s in xml}
    assert sorted(suites) == ["bad.yaml", "broken\\u0001.yaml", "good.yaml"]

    good_cases = list(suites["good.yaml"])
    assert [c.name for c in good_cases] == [
        "matrix A",
        "matrix B1",
        "matrix B2",
        "matrix B3",
        "total ranking",
    ]
    assert all(c.is_passed for c in good_cases)

    (matrix, total) = list(suites["bad.yaml"])
    assert matrix.name == "matrix G"
    (failure,) = matrix.result
    assert isinstance(failure, Failure)
    assert failure.message.startswith("CR ")
    assert ">= 0.1 (root, RI saaty)" in failure.message
    assert "inconsistent judgment matrix" in failure.text
    assert "G: hint: set " in failure.text  # the best single changes, as hints
    assert total.name == "total ranking"
    assert not total.is_passed

    (invalid,) = list(suites["broken\\u0001.yaml"])
    (error,) = invalid.result
    assert isinstance(error, Error)
    problems = error.text.splitlines()
    assert len(problems) >= 2
    assert error.message == f"invalid evaluation file: {len(problems)} problems"
    assert "\\u0001" in error.text  # a control character is shown, not written raw
    assert xml.tests == 5 + 2 + 1
    assert xml.failures == 2
    assert xml.errors == 1


@pytest.mark.parametrize("fmt", ["junit", "json", "github", "text"])
def test_every_check_format_with_names_that_look_like_markup(tmp_path: Path, fmt: str) -> None:
    """A name with <, & and quotes is data in every format (the XML stays well-formed)."""
    bad = tmp_path / 'a&b "<x>".yaml'
    bad.write_text(INCONSISTENT, encoding="utf-8")
    result = runner.invoke(app, ["check", str(bad), "-f", fmt])
    assert result.exit_code == 1
    if fmt == "junit":
        out = tmp_path / "r.xml"
        out.write_text(result.stdout, encoding="utf-8")
        (suite,) = list(JUnitXml.fromfile(str(out)))
        assert suite.name == str(bad)

"""Every file in tests/data/invalid fails with the line and message in its first comment."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.files import load_evaluation

INVALID = sorted((Path(__file__).parent / "data" / "invalid").glob("*.yaml"))


def expectation(path: Path) -> tuple[int, str]:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    m = re.match(r"# expect: (\d+): (.*)", first)
    assert m, f"{path.name} needs a '# expect: LINE: message' first line"
    return int(m.group(1)), m.group(2)


def errors_of(path: Path) -> list[InputError]:
    try:
        solve(load_evaluation(path))
    except InputErrors as exc:
        return list(exc.errors)
    except InputError as exc:
        return [exc]
    pytest.fail(f"{path.name} was accepted")


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_file_reports_line_and_message(path: Path) -> None:
    """The expected message appears at the expected line, as path:line: message."""
    line, fragment = expectation(path)
    errors = errors_of(path)
    located = [(e.line, str(e)) for e in errors]
    assert any(e.line == line and fragment in e.message for e in errors), located
    assert all(str(e).startswith(f"{path}:") for e in errors)


def test_invalid_files_are_not_modified() -> None:
    """Loading never writes to the input file."""
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in INVALID}
    for p in INVALID:
        errors_of(p)
    assert before == {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in INVALID}


def test_every_problem_is_reported_at_once(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """Two bad matrices and an unknown node give three errors in one run."""
    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria:\n"
        "  - {id: B1, name: a, indicators: [{id: C1, name: x}, {id: C2, name: y}]}\n"
        "  - {id: B2, name: b}\n"
        "judgments:\n"
        "  A: [[1, 3], [1, 1]]\n"
        "  B1: [[2, 1], [1, 1]]\n"
        "  Z: [[1]]\n"
    )
    errors = errors_of(path)
    assert [e.line for e in errors] == [6, 7, 8]


def test_oversized_file(tmp_path: Path) -> None:
    """A file over 10 MB is refused before it is parsed."""
    big = tmp_path / "big.yaml"
    big.write_bytes(b"# " + b"x" * (10 * 1024 * 1024) + b"\n")
    with pytest.raises(InputError, match="over the 10 MB limit"):
        load_evaluation(big)


def test_typed_decimals_pass_the_reciprocal_check(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """0.333 for 1/3 passes (|3 * 0.333 - 1| = 0.001) and is used as typed."""
    path = write_yaml(
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: a}, {id: B2, name: b}]\n"
        "judgments:\n"
        "  A: [[1, 3], [0.333, 1]]\n"
    )
    ev = load_evaluation(path)
    assert ev.judgments["A"].matrix[1, 0] == 0.333


def test_scale_max_allows_larger_values(write_yaml) -> None:  # type: ignore[no-untyped-def]
    """settings.scale_max: 20 admits a judgment of 12."""
    path = write_yaml(
        "settings: {scale_max: 20}\n"
        "goal: {id: A, name: g}\n"
        "criteria: [{id: B1, name: a}, {id: B2, name: b}]\n"
        "judgments:\n"
        "  A: {upper: [12]}\n"
    )
    result = solve(load_evaluation(path))
    assert result.global_weights["B1"] == pytest.approx(12 / 13)

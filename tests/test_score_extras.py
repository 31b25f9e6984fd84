"""score's warnings and seeds, site comparisons, objective weights and --reliability."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from evaluations import THREE_YAML
from typer.testing import CliRunner

from ahp_eval.cli import app

runner = CliRunner()

NEGATIVE = "C11,C12,C21\n1,4,3\n2,5,3\n3,2,4\n4,3,4\n5,1,5\n"
"""C11 and C12 move against each other: B1's alpha is 2 (1 - 5/1) = -8."""


def files(tmp_path: Path, answers: str) -> tuple[str, str]:
    evaluation = tmp_path / "three.yaml"
    evaluation.write_text(THREE_YAML, encoding="utf-8")
    responses = tmp_path / "r.csv"
    responses.write_text(answers, encoding="utf-8")
    return str(evaluation), str(responses)


def test_negative_alpha_is_warned(tmp_path: Path) -> None:
    """A negative alpha gets a warning on standard error (the report is unchanged, exit 0)."""
    result = runner.invoke(app, ["score", *files(tmp_path, NEGATIVE), "-f", "json"])
    assert result.exit_code == 0, result.output
    alpha = json.loads(result.stdout)["groups"][0]["alpha"]
    assert alpha["B1"]["alpha"] == pytest.approx(-8.0)
    tail = (
        ": its indicators do not measure one thing, or some are reverse-coded without "
        "`reverse: true`"
    )
    assert result.stderr == (
        f"ahp-eval: warning: overall: Cronbach's alpha is negative "
        f"({alpha['overall']['alpha']:.3f}){tail}\n"
        f"ahp-eval: warning: criterion B1: Cronbach's alpha is negative (-8.000){tail}\n"
    )


def test_positive_alpha_is_not_warned(tmp_path: Path) -> None:
    """Items that move together: no warning."""
    agree = "C11,C12,C21\n1,1,2\n2,3,3\n3,3,4\n4,5,4\n5,4,5\n"
    result = runner.invoke(app, ["score", *files(tmp_path, agree), "-f", "json"])
    assert result.exit_code == 0, result.output
    assert result.stderr == ""


def test_bootstrap_without_seed_prints_the_seed_it_picked(tmp_path: Path) -> None:
    """--bootstrap without --seed picks a seed, prints it and records it in the JSON; giving
    that seed repeats the run exactly."""
    args = ["score", *files(tmp_path, NEGATIVE.replace("1,4,3", "1,1,3")), "-f", "json"]
    first = runner.invoke(app, [*args, "--bootstrap", "200"])
    assert first.exit_code == 0, first.output
    found = re.search(
        r"^ahp-eval: bootstrap seed (\d+) \(give --seed \1 to repeat this run\)$",
        first.stderr,
        re.MULTILINE,
    )
    assert found is not None, first.stderr
    seed = int(found.group(1))
    doc = json.loads(first.stdout)
    assert doc["bootstrap"] == {"resamples": 200, "seed": seed}
    again = runner.invoke(app, [*args, "--bootstrap", "200", "--seed", str(seed)])
    assert "bootstrap seed" not in again.stderr
    assert json.loads(again.stdout)["groups"] == doc["groups"]


def test_library_bootstrap_without_seed_records_one() -> None:
    """score(bootstrap=N) without a seed picks one and keeps it in result.seed."""
    import numpy as np
    from evaluations import three_indicators

    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.model.evaluation import parse_evaluation
    from ahp_eval.survey.responses import GroupData, ResponseSet
    from ahp_eval.survey.scoring import score

    answers = np.array([[5, 3, 5], [4, 3, 5], [4, 2, 4], [3, 2, 4]], dtype=float)
    data = ResponseSet("x", ("C11", "C12", "C21"), (GroupData("site", answers),), 4)
    weights = solve(parse_evaluation(three_indicators()))
    result = score(weights, data, bootstrap=100)
    assert isinstance(result.seed, int)
    assert 0 <= result.seed < 2**31
    again = score(weights, data, bootstrap=100, seed=result.seed)
    assert again.groups[0].interval == result.groups[0].interval

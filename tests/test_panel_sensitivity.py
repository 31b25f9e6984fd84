"""Sensitivity of a panel's ranking: the judges bootstrapped, then aggregated (AIJ, AIP)."""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from ahp_eval.ahp.montecarlo import monte_carlo
from ahp_eval.ahp.panel import Panel, weigh_panel
from ahp_eval.ahp.panel_bootstrap import JudgeDraw
from ahp_eval.ahp.sensitivity import rankings
from ahp_eval.cli import app
from ahp_eval.model.evaluation import Evaluation, parse_evaluation

ROOT = Path(__file__).resolve().parent.parent
PANEL = ROOT / "examples" / "expert-panel"
GROUP = ROOT / "examples" / "group-judgments"

runner = CliRunner()


def flat(n: int, method: str = "root") -> Evaluation:
    """Goal G over n leaves X1..Xn, no judgments of its own."""
    data: dict[str, Any] = {
        "goal": {"id": "G", "name": "goal"},
        "criteria": [{"id": f"X{i + 1}", "name": f"x{i + 1}"} for i in range(n)],
        "settings": {"method": method},
    }
    return parse_evaluation(data, panel=True)


def _bootstrap(
    values: Sequence[Sequence[float]],
    pairs: list[str],
    weights: list[float] | None = None,
    *,
    n: int = 2,
    samples: int = 40_000,
    method: str = "root",
    **how: Any,
) -> tuple[Any, JudgeDraw]:
    ev = flat(n, method)
    result = weigh_panel(ev, Panel.from_pairs(ev, values, pairs, weights=weights), **how)
    draw = JudgeDraw(result)
    mc = monte_carlo(
        result.hierarchy, rankings(result.hierarchy), samples=samples, seed=11, resampler=draw
    )
    return mc, draw


def _exact(a12: list[float], weights: list[float]) -> tuple[float, float]:
    """P(X1 first) and E[w_X1] over the K^K equally likely resamples of K judges."""
    k = len(a12)
    first = mean = 0.0
    for picks in itertools.product(range(k), repeat=k):
        lw = [weights[j] for j in picks]
        x = math.exp(sum(w * math.log(a12[j]) for w, j in zip(lw, picks, strict=True)) / sum(lw))
        first += (x > 1) / k**k
        mean += x / (1 + x) / k**k
    return first, mean


@pytest.mark.parametrize(
    ("a12", "weights"),
    [([4.0, 0.5], [1.0, 1.0]), ([4.0, 0.5], [1.0, 3.0]), ([3.0, 1 / 5, 2.0], [1.0, 2.0, 1.0])],
)
def test_two_judges_bootstrap_matches_the_enumerated_resamples(
    a12: list[float], weights: list[float]
) -> None:
    """With judges (4, 1/2) equally weighted, 3 of the 4 resamples put X1 first (both
    picks of judge 1, and the mixed pair, sqrt 2 > 1); with weights (1, 3) the mixed pair
    is 2^(-1/4) < 1 and only 1 of 4 does: the judges keep their weights. Three judges: 27."""
    samples = 40_000
    mc, _ = _bootstrap([[v] for v in a12], ["X1/X2"], weights, samples=samples)
    first, mean = _exact(a12, weights)
    (stats,) = mc.rankings
    x1 = next(item for item in stats.items if item.id == "X1")
    error = math.sqrt(first * (1 - first) / samples)
    assert x1.first == pytest.approx(first, abs=5 * error)
    assert x1.mean == pytest.approx(mean, abs=0.01)


def test_aij_and_aip_draw_the_same_judges_and_agree_under_the_root_method() -> None:
    """The same seed draws the same judges; with the root method AIJ and AIP give the
    same weights in every sample (and so the same figures)."""
    values: list[list[float]] = [[3, 5, 2], [1 / 2, 2, 3], [4, 7, 1], [2, 1 / 3, 1 / 5]]
    pairs = ["X1/X2", "X1/X3", "X2/X3"]
    aij, _ = _bootstrap(values, pairs, n=3, samples=2_000, aggregate="aij")
    aip, _ = _bootstrap(values, pairs, n=3, samples=2_000, aggregate="aip")
    for a, b in zip(aij.rankings[0].items, aip.rankings[0].items, strict=True):
        assert a.id == b.id
        assert a.mean == pytest.approx(b.mean, rel=1e-12)
        assert (a.first, a.keeps_rank) == (b.first, b.keeps_rank)
    assert aij.matrices == aip.matrices
    eigen_aij, _ = _bootstrap(values, pairs, n=3, samples=2_000, method="eigen")
    eigen_aip, _ = _bootstrap(values, pairs, n=3, samples=2_000, method="eigen", aggregate="aip")
    assert eigen_aij.rankings[0].items != eigen_aip.rankings[0].items


def test_judges_left_out_never_enter_and_undrawn_matrices_keep_the_aggregate() -> None:
    """Judge 2 is inconsistent and excluded: every sample's weights are judge 1's, and the
    samples that drew judge 2 twice (1 in 4) are counted as drawing no judge."""
    values: list[list[float]] = [[2, 4, 2], [9, 1 / 9, 9]]
    pairs = ["X1/X2", "X1/X3", "X2/X3"]
    samples = 20_000
    mc, draw = _bootstrap(
        values, pairs, n=3, samples=samples, exclude_inconsistent=True, method="root"
    )
    (stats,) = mc.rankings
    for item in stats.items:
        assert item.p5 == pytest.approx(item.value, rel=1e-12)
        assert item.p95 == pytest.approx(item.value, rel=1e-12)
    (matrix,) = draw.summary().matrices
    assert matrix.used == 1
    assert matrix.no_judge == pytest.approx(0.25, abs=5 * math.sqrt(0.25 * 0.75 / samples))
    assert mc.all_consistent == 1.0


def test_a_panel_of_identical_judges_has_no_spread() -> None:
    """Judges who agree: every resample aggregates to their matrix."""
    values: list[list[float]] = [[2, 4, 3]] * 5
    mc, _ = _bootstrap(values, ["X1/X2", "X1/X3", "X2/X3"], n=3, samples=500)
    for item in mc.rankings[0].items:
        assert item.p5 == pytest.approx(item.value, rel=1e-12)
        assert item.p95 == pytest.approx(item.value, rel=1e-12)
        assert item.keeps_rank == 1.0


def test_cli_panel_json_is_deterministic_and_names_the_resampling() -> None:
    """--panel: the JSON says judges were drawn, for how many matrices, and the same seed
    gives the same report; one weight at a time starts from the aggregate weights."""
    args = ["sensitivity", str(PANEL / "evaluation.yaml"), "--seed", "3", "--samples", "400"]
    first = runner.invoke(app, [*args, "-f", "json"])
    again = runner.invoke(app, [*args, "-f", "json"])
    assert first.exit_code == 0, first.output
    assert first.stdout == again.stdout
    data = json.loads(first.stdout)
    assert data["resampling"] == "judges"
    assert data["panel"]["judges"] == 12
    assert data["panel"]["aggregate"] == "aij"
    assert [m["node"] for m in data["panel"]["matrices"]] == ["A", "B1", "B2", "B3", "B4", "B5"]
    weigh = runner.invoke(app, ["weigh", str(PANEL / "evaluation.yaml"), "-f", "json"])
    weights = json.loads(weigh.stdout)["global_weights"]
    leaves = data["rankings"][0]["items"]
    for item in leaves:
        assert item["value"] == pytest.approx(weights[item["id"]], rel=1e-12)


def test_cli_several_judgments_files_form_a_panel() -> None:
    """-j three times: three judges drawn with replacement, AIP as asked."""
    judges = [str(GROUP / f"judge-{x}.yaml") for x in "abc"]
    args = ["sensitivity", str(GROUP / "evaluation.yaml"), "--seed", "2", "--samples", "300"]
    for j in judges:
        args += ["-j", j]
    result = runner.invoke(app, [*args, "--aggregate", "aip", "-f", "json", "--stability", "0"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert (data["panel"]["judges"], data["panel"]["aggregate"]) == (3, "aip")


def test_cli_spread_with_a_panel_is_refused() -> None:
    """--spread perturbs judgments; a panel's samples draw judges: exit 2, one line."""
    result = runner.invoke(app, ["sensitivity", str(PANEL / "evaluation.yaml"), "--spread", "0.2"])
    assert result.exit_code == 2
    assert result.stderr == (
        "ahp-eval: --spread: with a panel each sample draws the judges instead of perturbing "
        "the judgments; leave --spread out\n"
    )


def test_cli_unknown_aggregate_is_refused() -> None:
    """--aggregate takes aij or aip."""
    result = runner.invoke(app, ["sensitivity", str(PANEL / "evaluation.yaml"), "--aggregate", "x"])
    assert result.exit_code == 2
    assert result.stderr == "ahp-eval: --aggregate: unknown value 'x'; choose aij, aip\n"

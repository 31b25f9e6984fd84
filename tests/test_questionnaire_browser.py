"""The questionnaire page in headless Chromium: its arithmetic against the Python code.

The page is filled through its ``#answers=`` fragment with random matrices (some near
consistent, some not); Chromium's ``--dump-dom`` gives the page's state, and each
matrix's weights, lambda_max, CR, verdict and first repair step are held to the Python
code to 1e-9 for each method. The judgments file the page makes is loaded and weighed
by ahp-eval to the same numbers; the template row holds the same answers.
"""

from __future__ import annotations

import csv
import html
import io
import json
import math
import re
import shutil
import subprocess
import urllib.parse
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from typer.testing import CliRunner

from ahp_eval.ahp.hierarchy import solve
from ahp_eval.ahp.matrix import solve_stack
from ahp_eval.ahp.repair import SCALE, cr_measure, repair
from ahp_eval.ahp.ri import get_ri_table
from ahp_eval.cli import app
from ahp_eval.io.files import load_evaluation

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Chromium is not installed (CI installs it)"
)
runner = CliRunner()
TOL = 1e-9

EVALUATION = """\
version: 1
name: 问卷测试 <b>&amp;</b>
goal: {{id: G, name: 总目标}}
settings: {{method: {method}, ri: {ri}, cr_threshold: 0.1}}
criteria:
  - id: B1
    name: 准则一
    indicators:
{b1}
  - id: B2
    name: 准则二
    indicators:
      - {{id: C21, name: "两项 A"}}
      - {{id: C22, name: "两项 B"}}
  - id: B3
    name: "</script><script>alert(1)</script>"
    indicators:
      - {{id: C31, name: "x'y\\"z"}}
      - {{id: C32, name: 三项二}}
      - {{id: C33, name: 三项三}}
      - {{id: C34, name: 三项四}}
alternatives:
  - {{id: X1, name: 方案甲}}
  - {{id: X2, name: 方案乙}}
  - {{id: X3, name: 方案丙}}
  - {{id: X4, name: 方案丁}}
"""
B1 = "\n".join(f"      - {{id: C1{k}, name: 指标{k}}}" for k in range(1, 8))
NAME = '王老师 "<b>&</b>" \\ =x, y'


def _evaluation(tmp_path: Path, method: str, ri: str) -> Path:
    path = tmp_path / "evaluation.yaml"
    path.write_text(EVALUATION.format(method=method, ri=ri, b1=B1), encoding="utf-8")
    return path


def _page(tmp_path: Path, evaluation: Path) -> tuple[Path, dict[str, Any]]:
    page = tmp_path / "form.html"
    result = runner.invoke(app, ["questionnaire", str(evaluation), "-o", str(page), "--force"])
    assert result.exit_code == 0, result.output
    text = page.read_text(encoding="utf-8")
    found = re.search(r'<script type="application/json" id="ahp-data">(.*?)</script>', text)
    assert found is not None
    return page, json.loads(found.group(1))


def _random_answers(data: dict[str, Any], rng: np.random.Generator) -> dict[str, float]:
    """Per matrix: Saaty-scale values near some weights (often consistent), or at random."""
    values: dict[str, float] = {}
    for m in data["matrices"]:
        n = len(m["items"])
        w = rng.dirichlet(np.ones(n))
        near = rng.random() < 0.5
        for i, j, column in m["pairs"]:
            if near:
                ratio = math.log(w[i] / w[j]) + rng.normal(0, 0.3)
                k = int(np.argmin(np.abs(np.log(SCALE) - ratio)))
            else:
                k = int(rng.integers(0, len(SCALE)))
            values[column] = SCALE[k]
    return values


def _run_page(tmp_path: Path, page: Path, name: str, values: dict[str, Any]) -> dict[str, Any]:
    assert CHROMIUM is not None
    fragment = urllib.parse.quote(json.dumps({"name": name, "values": values}))
    dom = subprocess.run(
        [
            CHROMIUM,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            f"--user-data-dir={tmp_path / 'profile'}",
            "--dump-dom",
            page.as_uri() + "#answers=" + fragment,
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    ).stdout
    found = re.search(r'<pre id="ahp-state"[^>]*>(.*?)</pre>', dom, flags=re.DOTALL)
    assert found is not None, dom[-2000:]
    state: dict[str, Any] = json.loads(html.unescape(found.group(1)))
    return state


def _matrix(m: dict[str, Any], values: dict[str, float]) -> np.ndarray[Any, Any]:
    n = len(m["items"])
    A = np.ones((n, n))
    for i, j, column in m["pairs"]:
        A[i, j] = values[column]
        A[j, i] = 1.0 / values[column]
    return A


@pytest.mark.parametrize(
    ("method", "ri", "seed"),
    [("root", "saaty", 1), ("eigen", "cn", 2), ("sum", "alonso-lamata", 3), ("eigen", "saaty", 4)],
)
def test_page_arithmetic_matches_python(tmp_path: Path, method: str, ri: str, seed: int) -> None:
    """Weights, lambda_max, CR, verdict and first repair step of every matrix to 1e-9; the
    judgments file loads and weighs to the same numbers; the template row holds the answers."""
    evaluation = _evaluation(tmp_path, method, ri)
    page, data = _page(tmp_path, evaluation)
    rng = np.random.default_rng(seed)
    values = _random_answers(data, rng)
    state = _run_page(tmp_path, page, NAME, values)
    table = get_ri_table(ri)
    measure = cr_measure(method, table)  # type: ignore[arg-type]
    failing = 0
    for m, got in zip(data["matrices"], state["matrices"], strict=True):
        A = _matrix(m, values)
        n = A.shape[0]
        res = solve_stack(A, method, table)  # type: ignore[arg-type]
        assert got["answered"] == got["pairs"] == n * (n - 1) // 2
        np.testing.assert_allclose(got["weights"], res.weights, rtol=0, atol=TOL)
        assert got["lambda_max"] == pytest.approx(float(res.lambda_max), abs=TOL)
        assert got["cr"] == pytest.approx(float(res.cr), abs=TOL)
        assert got["consistent"] == bool(res.cr < 0.1)
        found = repair(A, measure, 0.1, greedy=False)
        if not found.best:
            assert got["repair"] is None
            continue
        failing += 1
        first = found.best[0]
        hint = got["repair"]
        assert (hint["i"], hint["j"], hint["new"]) == (first.i, first.j, first.new)
        assert hint["old"] == first.old
        assert hint["cr_before"] == pytest.approx(first.cr_before, abs=TOL)
        assert hint["cr_after"] == pytest.approx(first.cr_after, abs=TOL)
    assert failing >= 2  # the random matrices exercise the repair search

    judgments = tmp_path / "judgments.yaml"
    judgments.write_text(state["judgments"], encoding="utf-8")
    ev = load_evaluation(evaluation, judgments)
    assert ev.judge == NAME
    result = solve(ev)
    by_key = {
        m["key"]: (m, got) for m, got in zip(data["matrices"], state["matrices"], strict=True)
    }
    for mr in result.matrices:
        if len(mr.node.children) < 2:
            continue
        m, got = by_key[mr.node.id]
        assert list(mr.weights.values()) == pytest.approx(got["weights"], abs=TOL)
        assert mr.cr == pytest.approx(got["cr"], abs=TOL)
        assert mr.consistent == got["consistent"]
        if mr.repair:  # check's first hint is the page's first repair step
            ids = [c.id for c in mr.node.children]
            hint = got["repair"]
            assert (mr.repair[0].row, mr.repair[0].col) == (ids[hint["i"]], ids[hint["j"]])
            assert mr.repair[0].value == hint["new"]
        else:
            assert got["repair"] is None
    for leaf, judgment in ev.alternative_judgments.items():
        m, _ = by_key[leaf]
        np.testing.assert_array_equal(judgment.matrix, _matrix(m, values))

    row = next(csv.reader(io.StringIO(state["csv_row"])))
    assert row[:2] == [NAME, "1"]
    for column, cell in zip(data["columns"][2:], row[2:], strict=True):
        num, _, den = cell.partition("/")
        assert float(num) / float(den or 1) == pytest.approx(values[column], rel=1e-12)


def test_unanswered_pairs_are_left_out(tmp_path: Path) -> None:
    """An incomplete matrix shows no weights; the judgments file leaves its missing pairs out
    (and a matrix with no answer out), and loads as an incomplete matrix; the template row
    leaves the cells empty; a name starting with '=' is neutralised in the row."""
    evaluation = _evaluation(tmp_path, "root", "saaty")
    page, data = _page(tmp_path, evaluation)
    values = _random_answers(data, np.random.default_rng(7))
    b1 = next(m for m in data["matrices"] if m["key"] == "B1")
    dropped = {b1["pairs"][0][2], b1["pairs"][3][2]}
    no_answer = next(m for m in data["matrices"] if m["key"] == "C11")
    dropped |= {p[2] for p in no_answer["pairs"]}
    given = {k: v for k, v in values.items() if k not in dropped}
    state = _run_page(tmp_path, page, "=1+2", given)
    got = next(s for s in state["matrices"] if s["key"] == "B1")
    assert got["answered"] == got["pairs"] - 2
    assert got["weights"] is None
    assert got["cr"] is None
    assert '"C11":' not in state["judgments"]
    judgments = tmp_path / "judgments.yaml"
    judgments.write_text(state["judgments"], encoding="utf-8")
    text = evaluation.read_text(encoding="utf-8") + "performance:\n  C11: [1, 2, 3, 4]\n"
    evaluation.write_text(text, encoding="utf-8")
    ev = load_evaluation(evaluation, judgments)
    assert ev.judge == "=1+2"
    assert ev.judgments["B1"].missing == (("C11", "C12"), ("C11", "C15"))
    row = next(csv.reader(io.StringIO(state["csv_row"])))
    assert row[0] == "'=1+2"
    columns = data["columns"]
    assert all(row[columns.index(c)] == "" for c in dropped)

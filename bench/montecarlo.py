"""Monte Carlo sensitivity: ahp-eval against a plain numpy reference, and against a loop.

    python montecarlo.py                 # 100,000 samples, 5 interleaved rounds
    python montecarlo.py --samples 20000 --rounds 3

1. Whole processes, interleaved: ``ahp-eval sensitivity`` on the 26-indicator
   academic-platform hierarchy (examples/academic-platform), without and with its survey
   export, against this script run as ``--reference``: a plain numpy program that reads
   the same YAML (and CSV), perturbs every judgment (a_ij exp(e_ij), reciprocal below),
   solves the stacked matrices by the root method and composes the global weights (and
   the three platforms' composites). Goal: ahp-eval at most 1.5x the reference.
2. In process: the vectorised :func:`ahp_eval.ahp.montecarlo.monte_carlo` against a
   per-sample Python loop (the same perturbation and the same solver, one matrix at a
   time), timed on a few hundred samples and scaled to the full count.
"""

from __future__ import annotations

import argparse
import csv
import statistics
import sys
import time
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import yaml
from common import console_script, interleaved, median, verdict

ROOT = Path(__file__).resolve().parent.parent
FOLDER = ROOT / "examples" / "academic-platform"
EVALUATION = FOLDER / "evaluation.yaml"
RESPONSES = FOLDER / "responses.csv"
SPREAD = 0.35
GOAL = 1.5


def _value(x: object) -> float:
    if isinstance(x, str) and "/" in x:
        a, b = x.split("/")
        return float(a) / float(b)
    return float(x)  # type: ignore[arg-type]


def reference(samples: int, responses: bool) -> None:
    """The plain numpy program: perturb, root method on the stacks, global weights."""
    data = yaml.safe_load(EVALUATION.read_text(encoding="utf-8"))
    rng = np.random.default_rng(1)
    children: dict[str, list[str]] = {}

    def walk(node_id: str, kids: list[dict[str, object]]) -> None:
        children[node_id] = [str(k["id"]) for k in kids]
        for k in kids:
            sub = k.get("criteria") or k.get("indicators")
            if isinstance(sub, list):
                walk(str(k["id"]), sub)

    walk(data["goal"]["id"], data["criteria"])
    weights: dict[str, np.ndarray] = {data["goal"]["id"]: np.ones(samples)}
    for parent, kids in children.items():  # top-down: a parent before its children
        n = len(kids)
        upper = [_value(x) for x in data["judgments"][parent]["upper"]]
        iu, ju = np.triu_indices(n, k=1)
        logs = np.zeros((samples, n, n))
        e = np.log(upper) + rng.normal(0.0, SPREAD, size=(samples, len(upper)))
        logs[:, iu, ju] = e
        logs[:, ju, iu] = -e
        g = np.exp(logs.mean(axis=2))
        w = g / g.sum(axis=1, keepdims=True)
        for i, kid in enumerate(kids):
            weights[kid] = weights[parent] * w[:, i]
    leaves = [k for kids in children.values() for k in kids if k not in children]
    global_weights = np.stack([weights[leaf] for leaf in leaves], axis=1)
    total = global_weights.mean(axis=0)
    if responses:
        columns = {q["column"]: q["indicator"] for q in data["survey"]["questions"]}
        with RESPONSES.open(encoding="utf-8-sig", newline="") as fh:
            rows = list(csv.reader(fh))
        head = rows[0]
        where = {columns[h.split()[0]]: k for k, h in enumerate(head) if h.split()[0] in columns}
        group_col = head.index(data["survey"]["group"])
        names = sorted({r[group_col] for r in rows[1:]})
        scores = np.zeros((len(names), len(leaves)))
        for gi, name in enumerate(names):
            mine = [r for r in rows[1:] if r[group_col] == name]
            for li, leaf in enumerate(leaves):
                vals = [float(r[where[leaf]]) for r in mine if r[where[leaf]].strip()]
                scores[gi, li] = (statistics.fmean(vals) - 1) / 4 * 100
        composites = global_weights @ scores.T
        total = np.concatenate([total, composites.mean(axis=0)])
    sys.stdout.write(" ".join(f"{x:.6f}" for x in total) + "\n")


def per_sample_loop(samples: int) -> float:
    """Seconds for ``samples`` samples made one at a time in Python."""
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.ahp.matrix import solve_stack
    from ahp_eval.io.files import load_evaluation

    result = solve(load_evaluation(EVALUATION, None))
    rng = np.random.default_rng(1)
    leaves = [leaf.id for leaf in result.evaluation.leaves()]
    start = time.perf_counter()
    firsts: dict[str, int] = {}
    for _ in range(samples):
        node_w = {result.evaluation.goal.id: 1.0}
        for m in result.matrices:
            A = m.judgment.matrix.copy()
            n = A.shape[0]
            for i in range(n):
                for j in range(i + 1, n):
                    A[i, j] = A[i, j] * np.exp(rng.normal(0.0, SPREAD))
                    A[j, i] = 1.0 / A[i, j]
            res = solve_stack(A, result.method, result.ri_table)
            for i, c in enumerate(m.node.children):
                node_w[c.id] = node_w[m.node.id] * float(res.weights[i])
        top = max(leaves, key=lambda leaf: node_w[leaf])
        firsts[top] = firsts.get(top, 0) + 1
    return time.perf_counter() - start


def vectorised(samples: int) -> float:
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.ahp.montecarlo import monte_carlo
    from ahp_eval.ahp.sensitivity import rankings
    from ahp_eval.io.files import load_evaluation

    result = solve(load_evaluation(EVALUATION, None))
    start = time.perf_counter()
    monte_carlo(result, rankings(result), samples=samples, spread=SPREAD, seed=1)
    return time.perf_counter() - start


def _spread(values: list[float]) -> str:
    return f"{min(values):.2f}-{max(values):.2f}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--samples", type=int, default=100_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--loop-samples", type=int, default=300)
    parser.add_argument("--reference", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--responses", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.reference:
        reference(args.samples, args.responses)
        return
    tool = console_script("ahp-eval")
    me = [sys.executable, str(Path(__file__).resolve())]
    n = str(args.samples)
    common = ["--samples", n, "--seed", "1", "--spread", str(SPREAD), "-f", "json", "-q"]
    commands: dict[str, Sequence[str]] = {
        "ahp-eval": [tool, "sensitivity", str(EVALUATION), *common, "--stability", "0"],
        "reference": [*me, "--reference", "--samples", n],
        "ahp-eval + survey": [
            tool,
            "sensitivity",
            str(EVALUATION),
            str(RESPONSES),
            *common,
            "--stability",
            "0",
        ],
        "reference + survey": [*me, "--reference", "--responses", "--samples", n],
    }
    times = interleaved(commands, args.rounds)
    print(f"Monte Carlo, {args.samples:,} samples, {args.rounds} interleaved rounds (wall s)")
    for key, values in times.items():
        print(f"  {key:20s} median {median(values):6.2f}  range {_spread(values)}")
    for label, ours, ref in (
        ("hierarchy", "ahp-eval", "reference"),
        ("with survey", "ahp-eval + survey", "reference + survey"),
    ):
        ratios = [a / b for a, b in zip(times[ours], times[ref], strict=True)]
        ratio = median(ratios)
        print(
            f"  {label:12s} ratio {ratio:.2f} (per round {_spread(ratios)}), "
            f"goal <= {GOAL}: {verdict(ratio <= GOAL)}"
        )
    loop = per_sample_loop(args.loop_samples) / args.loop_samples * args.samples
    fast = min(vectorised(args.samples) for _ in range(2))
    print(
        f"In process: vectorised {fast:.2f} s; per-sample loop {loop:.1f} s "
        f"(timed on {args.loop_samples} samples, scaled); speed-up {loop / fast:.0f}x"
    )


if __name__ == "__main__":
    main()

"""An expert panel of 10,000 respondents on the academic-platform hierarchy's six matrices.

Goals:

* ``ahp-eval weigh --panel`` as a whole process (reading the export, every judge's
  weights and CR, AIJ, AIP, consensus and compatibility, the JSON report written) at
  most 2x the time of a process that merely reads the same CSV with ``numpy.loadtxt``;
* the batched aggregation (:func:`ahp_eval.ahp.panel.weigh_panel`) at least 300x faster
  than a per-judge loop of the PyPI package ``ahpy`` over the same six matrices (ahpy is
  timed on a subset of judges and scaled).

    python bench/panel.py [--judges 10000] [--rounds 5]
"""

from __future__ import annotations

import argparse
import csv
import shutil
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

import ahpy
import numpy as np
from common import console_script, interleaved, median, verdict

from ahp_eval.ahp.panel import Panel, _solve_judges, matrix_keys, weigh_panel
from ahp_eval.ahp.ri import RI_SAATY
from ahp_eval.io.files import load_evaluation

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "examples" / "expert-panel" / "evaluation.yaml"
SCALE = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9])
LOADTXT = (
    "import sys, numpy; numpy.loadtxt(sys.argv[1], delimiter=',', skiprows=2, encoding='utf-8')"
)


def write_panel(path: Path, judges: int, seed: int) -> list[str]:
    """A filled template of ``judges`` rows (numbers only, so that loadtxt reads it)."""
    evaluation = load_evaluation(EVALUATION)
    keys = matrix_keys(evaluation)
    columns = [f"{ids[i]}/{ids[j]}" for ids in keys.values() for i, j in _pairs(len(ids))]
    rng = np.random.default_rng(seed)
    values = SCALE[rng.integers(0, len(SCALE), size=(judges, len(columns)))]
    with path.open("w", encoding="utf-8", newline="") as f:
        out = csv.writer(f, lineterminator="\n")
        out.writerow(["respondent", "weight", *columns])
        out.writerow(
            ["答卷人 Respondent", "权重 Weight", *(c.replace("/", " vs ") for c in columns)]
        )
        for k in range(judges):
            out.writerow([k + 1, 1 + k % 3, *(f"{v:.6g}" for v in values[k])])
    return columns


def _pairs(n: int) -> list[tuple[int, int]]:
    return [(i, j) for i in range(n) for j in range(i + 1, n)]


def ahpy_judge(matrices: dict[str, np.ndarray[tuple[int, ...], np.dtype[np.float64]]]) -> None:
    """One judge's six matrices through ahpy: weights and CR of each."""
    for key, A in matrices.items():
        n = A.shape[0]
        names = [f"{key}{i}" for i in range(n)]
        pairs = {(names[i], names[j]): float(A[i, j]) for i, j in _pairs(n)}
        ahpy.Compare(key, pairs, precision=10, random_index="saaty")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--judges", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--ahpy-judges", type=int, default=50)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="ahp-panel-bench-"))
    try:
        export = work / "panel.csv"
        columns = write_panel(export, args.judges, seed=2026)
        shutil.copy(EVALUATION, work / "evaluation.yaml")
        size = export.stat().st_size / 1e6
        print(f"{args.judges} judges x {len(columns)} pairs (six matrices), {size:.1f} MB CSV")
        weigh = [console_script("ahp-eval"), "weigh", str(work / "evaluation.yaml")]
        commands: dict[str, Sequence[str]] = {
            "loadtxt": [sys.executable, "-c", LOADTXT, str(export)],
            "weigh --panel -o json": [
                *weigh,
                "--panel",
                str(export),
                "-o",
                str(work / "w.json"),
                "--force",
            ],
            "weigh --panel (table)": [*weigh, "--panel", str(export)],
            "weigh, 12 judges (floor)": [console_script("ahp-eval"), "weigh", str(EVALUATION)],
        }
        times = interleaved(commands, args.rounds)
        base = median(times["loadtxt"])
        for key, values in times.items():
            print(
                f"  {key:<24} median {median(values):.3f} s  ({median(values) / base:.2f}x loadtxt)"
            )
        ratio = median(times["weigh --panel -o json"]) / base
        print(f"whole process vs loadtxt: {ratio:.2f}x (goal <= 2x): {verdict(ratio <= 2.0)}")

        evaluation = load_evaluation(EVALUATION)
        table = np.loadtxt(export, delimiter=",", skiprows=2, encoding="utf-8")[:, 2:]
        panel = Panel.from_pairs(evaluation, table, columns)
        batched = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            weigh_panel(evaluation, panel)
            batched.append(time.perf_counter() - start)
        solving = []
        for _ in range(args.rounds):
            start = time.perf_counter()
            _solve_judges(panel, matrix_keys(evaluation), "root", RI_SAATY, 0.1)
            solving.append(time.perf_counter() - start)
        keys = list(panel.matrices)
        subset = args.ahpy_judges
        start = time.perf_counter()
        for k in range(subset):
            ahpy_judge({key: panel.matrices[key][k] for key in keys})
        per_judge = (time.perf_counter() - start) / subset
        scaled = per_judge * args.judges
        speed = scaled / median(batched)
        print(
            f"batched weigh_panel {median(batched):.3f} s; ahpy loop {scaled:.1f} s "
            f"(timed on {subset} judges, scaled): {speed:.0f}x (goal >= 300x): "
            f"{verdict(speed >= 300)}"
        )
        alike = scaled / median(solving)
        print(
            f"every judge's weights and CR alone (what the ahpy loop computes) "
            f"{median(solving):.3f} s: {alike:.0f}x (goal >= 300x): {verdict(alike >= 300)}"
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()

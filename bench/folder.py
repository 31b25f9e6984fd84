"""`ahp-eval check` on a folder of 1,000 small files against merely parsing them.

Goal: within 2x of a Python loop that reads and parses the same files with PyYAML's
C loader (both as whole processes, from the same environment). ``check`` reads a folder
of 200 files or more in two processes where it can; the same check in one process is
timed beside it.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

import numpy as np
from common import console_script, median, run, verdict

PARSE = (
    "import sys, yaml\n"
    "from pathlib import Path\n"
    "for p in sorted(Path(sys.argv[1]).glob('*.yaml')):\n"
    "    yaml.load(p.read_text(encoding='utf-8'), Loader=yaml.CSafeLoader)\n"
)

ONE_PROCESS = (
    "import sys\n"
    "from ahp_eval.io import checking\n"
    "checking.PARALLEL_FILES = 10**9\n"
    "from ahp_eval.cli import main\n"
    "sys.argv = ['ahp-eval', 'check', sys.argv[1]]\n"
    "main()\n"
)
"""check as one process (a large folder is otherwise read by two, where it can)."""


def upper(rng: np.random.Generator, n: int) -> str:
    """A near-consistent upper triangle from a random weight vector."""
    scale = np.array([1 / 9, 1 / 7, 1 / 5, 1 / 3, 1 / 2, 1, 2, 3, 5, 7, 9])
    w = rng.dirichlet(np.full(n, 3.0))
    out = []
    for i in range(n):
        for j in range(i + 1, n):
            v = scale[np.argmin(np.abs(np.log(scale) - np.log(w[i] / w[j])))]
            out.append(str(int(v)) if v >= 1 else f'"1/{round(1 / v)}"')
    return "[" + ", ".join(out) + "]"


def write_files(folder: Path, count: int) -> None:
    rng = np.random.default_rng(2)
    for k in range(count):
        sizes = rng.integers(2, 5, size=3)
        lines = [f"name: 评价 {k}", "goal: {id: A, name: 服务质量}", "criteria:"]
        judgments = [f"  A: {{upper: {upper(rng, 3)}}}"]
        for c, size in enumerate(sizes, start=1):
            kids = ", ".join(f"{{id: C{c}{i}, name: 指标{c}{i}}}" for i in range(1, size + 1))
            lines.append(f"  - {{id: B{c}, name: 准则{c}, indicators: [{kids}]}}")
            judgments.append(f"  B{c}: {{upper: {upper(rng, int(size))}}}")
        text = "\n".join([*lines, "judgments:", *judgments]) + "\n"
        (folder / f"e{k:04d}.yaml").write_text(text, encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--files", type=int, default=1000)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--quick", action="store_true")
    args = parser.parse_args()
    files = 100 if args.quick else args.files
    rounds = 2 if args.quick else args.rounds
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        write_files(folder, files)
        check = [console_script("ahp-eval"), "check", str(folder)]
        alone = [sys.executable, "-c", ONE_PROCESS, str(folder)]
        # the generated judgments are near-consistent; a few may not be (exit 1 is fine)
        run(check, ok=(0, 1))
        times: dict[str, list[float]] = {"parse": [], "check": [], "alone": []}
        for _ in range(rounds):
            times["parse"].append(run([sys.executable, "-c", PARSE, str(folder)]))
            times["check"].append(run(check, ok=(0, 1)))
            times["alone"].append(run(alone, ok=(0, 1)))
    parse, chk, one = (median(times[k]) for k in ("parse", "check", "alone"))
    ratio = chk / parse
    print(f"{files} evaluation files, medians of {rounds} interleaved rounds")
    print(f"parse only (CSafeLoader loop): {parse * 1000:8.1f} ms")
    print(f"ahp-eval check FOLDER:         {chk * 1000:8.1f} ms")
    print(f"  the same in one process:     {one * 1000:8.1f} ms ({one / parse:.2f}x)")
    print(f"ratio check / parse:           {ratio:8.2f}  goal <= 2.0  {verdict(ratio <= 2.0)}")


if __name__ == "__main__":
    main()

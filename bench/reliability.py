"""`ahp-eval reliability` on the 1,000,000-row file of bench/score.py, in each of its
modes (listwise, `--missing pairwise`, `--items questions`), against `ahp-eval score`
on the same file in the same run.

All read the whole export once and keep no answer; reliability gathers the item
covariances (sums of products per block and pooled; pairwise also the sums of squares
over each pair's common rows) instead of the per-indicator sums. Goal: every mode at
most 1.5x score. Each command runs in its own process, several times interleaved
(median time, spread as min-max; per-round ratios to score's run of the same round;
peak memory as bench/score.py measures it).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

from common import console_script, verdict
from score import IDS, SITES, measure, write_data

GOAL = 1.5
MODES = {
    "ahp-eval reliability": [],
    "reliability --missing pairwise": ["--missing", "pairwise"],
    "reliability --items questions": ["--items", "questions"],
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=3, help="runs of each command")
    parser.add_argument("--quick", action="store_true", help="100,000 rows")
    args = parser.parse_args()
    rows = 100_000 if args.quick else args.rows
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        ev, data = write_data(folder, rows)
        size = data.stat().st_size / 1e6
        print(
            f"{rows:,} rows x {len(IDS)} indicators x {len(SITES)} sites: {size:.1f} MB "
            f"(written in {time.perf_counter() - start:.1f} s)"
        )
        exe = console_script("ahp-eval")
        commands = {
            "ahp-eval score": [exe, "score", str(ev), str(data), "-o", str(folder / "s.json")],
        }
        for k, (name, options) in enumerate(MODES.items()):
            out = str(folder / f"r{k}.json")
            commands[name] = [exe, "reliability", str(ev), str(data), *options, "-o", out]
        for cmd in commands.values():
            cmd.append("--force")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            for name, cmd in commands.items():
                runs[name].append(measure(cmd))
    for name, r in runs.items():
        times = [t for t, _ in r]
        print(
            f"{name:32s} median {statistics.median(times):6.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f})  peak {max(m for _, m in r):6.0f} MB"
        )
    score = runs["ahp-eval score"]
    for name in MODES:
        ratios = [a / b for (a, _), (b, _) in zip(runs[name], score, strict=True)]
        ratio = statistics.median(t for t, _ in runs[name]) / statistics.median(t for t, _ in score)
        print(
            f"{name} / score: {ratio:.2f} (per round {min(ratios):.2f}-{max(ratios):.2f})  "
            f"goal <= {GOAL}  {verdict(ratio <= GOAL)}"
        )


if __name__ == "__main__":
    main()

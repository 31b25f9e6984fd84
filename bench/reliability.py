"""`ahp-eval reliability` on the 1,000,000-row file of bench/score.py, against `ahp-eval
score` on the same file in the same run.

Both read the whole export once; reliability gathers the item covariances (sums of
products per block and pooled) instead of the per-indicator sums. Goal: reliability at
most 1.5x score. Each command runs in its own process, several times interleaved
(median time, spread as min-max; peak memory as bench/score.py measures it).
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--rounds", type=int, default=5, help="runs of each command")
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
            "ahp-eval reliability": [
                exe,
                "reliability",
                str(ev),
                str(data),
                "-o",
                str(folder / "r.json"),
            ],
        }
        for cmd in commands.values():
            cmd.append("--force")
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            for name, cmd in commands.items():
                runs[name].append(measure(cmd))
    for name, r in runs.items():
        times = [t for t, _ in r]
        print(
            f"{name:22s} median {statistics.median(times):6.2f} s "
            f"(min {min(times):.2f}, max {max(times):.2f})  peak {max(m for _, m in r):6.0f} MB"
        )
    ratios = [
        a / b
        for (a, _), (b, _) in zip(runs["ahp-eval reliability"], runs["ahp-eval score"], strict=True)
    ]
    ratio = statistics.median(t for t, _ in runs["ahp-eval reliability"]) / statistics.median(
        t for t, _ in runs["ahp-eval score"]
    )
    print(
        f"reliability / score: {ratio:.2f} (per round {min(ratios):.2f}-{max(ratios):.2f})  "
        f"goal <= {GOAL}  {verdict(ratio <= GOAL)}"
    )


if __name__ == "__main__":
    main()

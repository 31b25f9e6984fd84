"""`ahp-eval score --group site` with many groups against the same answers in 3 groups.

The academic-platform template's 26 indicators (indicators/academic-platform.yaml),
answers 1-5 with about 1% empty cells, 200,000 rows: the same answers once with 3 site
labels and once with 5,000. Goals: 5,000 groups within 3x the time of 3 groups, and a
peak memory of at most the 3-group peak plus 20 KB per extra group. Each case runs as
a whole process, interleaved over several rounds (median time; peak memory is the
largest sum of resident memory over the process and the processes it starts).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import numpy as np
from common import console_script, verdict
from score import IDS, SITES, measure

ROOT = Path(__file__).resolve().parent.parent
EVALUATION = ROOT / "indicators" / "academic-platform.yaml"


def hall(k: int) -> str:
    """The label of the k-th service hall."""
    return f"营业厅{k + 1:04d}"


def write_exports(folder: Path, rows: int, many: int) -> tuple[Path, Path]:
    """The same answers twice: with 3 site labels, and with ``many`` hall labels."""
    rng = np.random.default_rng(7)
    few_path, many_path = folder / "sites-3.csv", folder / f"sites-{many}.csv"
    header = "id,site," + ",".join(IDS) + "\n"
    with few_path.open("w", encoding="utf-8") as few, many_path.open("w", encoding="utf-8") as lot:
        few.write(header)
        lot.write(header)
        chunk = 50_000
        for start in range(0, rows, chunk):
            m = min(chunk, rows - start)
            answers = rng.integers(1, 6, size=(m, len(IDS))).astype("U1")
            answers[rng.random(answers.shape) < 0.01] = ""
            cells = [",".join(a) for a in answers]
            site = rng.integers(0, len(SITES), size=m)
            halls = rng.integers(0, many, size=m)
            # every hall appears at least once: the first rows go round them all
            first = np.arange(start, start + m)
            halls = np.where(first < many, first % many, halls)
            few.write("".join(f"{start + k + 1},{SITES[site[k]]},{cells[k]}\n" for k in range(m)))
            lot.write("".join(f"{start + k + 1},{hall(halls[k])},{cells[k]}\n" for k in range(m)))
    return few_path, many_path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--groups", type=int, default=5_000, help="groups of the many case")
    parser.add_argument("--rounds", type=int, default=3, help="runs of each case")
    parser.add_argument("--quick", action="store_true", help="20,000 rows, 500 groups")
    args = parser.parse_args()
    rows, many = (20_000, 500) if args.quick else (args.rows, args.groups)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        start = time.perf_counter()
        few_path, many_path = write_exports(folder, rows, many)
        print(
            f"{rows:,} rows x {len(IDS)} indicators: {few_path.stat().st_size / 1e6:.1f} MB "
            f"with {len(SITES)} groups, {many_path.stat().st_size / 1e6:.1f} MB with {many:,} "
            f"(written in {time.perf_counter() - start:.1f} s)"
        )
        exe = console_script("ahp-eval")
        cases = {
            len(SITES): few_path,
            many: many_path,
        }
        runs: dict[int, list[tuple[float, float]]] = {k: [] for k in cases}
        for _ in range(args.rounds):  # interleaved, so machine noise hits both alike
            for k, path in cases.items():
                out = folder / f"report-{k}.json"
                cmd = [exe, "score", str(EVALUATION), str(path), "--group", "site"]
                runs[k].append(measure([*cmd, "-o", str(out), "--force", "--quiet"]))
        for k, r in runs.items():
            times = ", ".join(f"{t:.2f}" for t, _ in r)
            peaks = ", ".join(f"{m:.0f}" for _, m in r)
            size = (folder / f"report-{k}.json").stat().st_size / 1e6
            print(f"{k:6,} groups: {times} s; peak {peaks} MB; report {size:.1f} MB")
    (t_few, m_few), (t_many, m_many) = (
        (statistics.median(t for t, _ in r), max(m for _, m in r)) for r in runs.values()
    )
    ratio = t_many / t_few
    per_group = (m_many - m_few) * 1024 / (many - len(SITES))
    print(f"time {many:,} / {len(SITES)} groups:   {ratio:.2f}  goal <= 3  {verdict(ratio <= 3)}")
    print(f"peak memory: {m_few:.0f} MB -> {m_many:.0f} MB")
    print(f"memory per extra group:  {per_group:.1f} KB  goal <= 20  {verdict(per_group <= 20)}")


if __name__ == "__main__":
    main()

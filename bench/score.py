"""`ahp-eval score` on 1,000,000 responses x 26 indicators x 3 sites (a ~57 MB CSV).

Compared in the same run with the fastest of numpy.loadtxt, pyarrow.csv and polars
merely reading the file and averaging each column per site. Goals: at most 1.5x that
fastest bare read, and peak memory at most 2x the CSV's size. Each command runs in
its own process, several times interleaved (median time; peak memory is the largest
sum of resident memory over the process and the processes it starts).
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
from common import console_script, verdict

SITES = ("中国科技论文在线", "学术批评网", "教育技术通讯")
IDS = [
    f"C{c}{i}" for c, n in zip(range(1, 6), (5, 5, 6, 5, 5), strict=True) for i in range(1, n + 1)
]

EVALUATION = """goal: {id: A, name: 平台质量}
survey: {scale: {min: 1, max: 5}, group: site}
criteria:
%s
judgments:
  A: {upper: [1, 1, 2, 2, 1, 2, 2, 1, 1, 1]}
%s
"""

PEERS = {
    "numpy.loadtxt": (
        "import sys, numpy as np\n"
        "f = sys.argv[1]\n"
        "x = np.loadtxt(f, delimiter=',', skiprows=1, usecols=range(2, 28), encoding='utf-8',\n"
        "               converters=lambda s: float(s) if s else np.nan)\n"
        "s = np.loadtxt(f, delimiter=',', skiprows=1, usecols=1, dtype=str, encoding='utf-8')\n"
        "for g in np.unique(s):\n"
        "    np.nanmean(x[s == g], axis=0)\n"
    ),
    "pyarrow.csv": (
        "import sys, pyarrow.csv as pc, pyarrow.compute as c\n"
        "t = pc.read_csv(sys.argv[1])\n"
        "t.group_by('site').aggregate([(n, 'mean') for n in t.column_names[2:]])\n"
    ),
    "polars": ("import sys, polars as pl\npl.read_csv(sys.argv[1]).group_by('site').mean()\n"),
}


def write_data(folder: Path, rows: int) -> tuple[Path, Path]:
    criteria, judgments = [], []
    for c, n in zip(range(1, 6), (5, 5, 6, 5, 5), strict=True):
        kids = ", ".join(f"{{id: C{c}{i}, name: 指标{c}{i}}}" for i in range(1, n + 1))
        criteria.append(f"  - {{id: B{c}, name: 准则{c}, indicators: [{kids}]}}")
        judgments.append(f"  B{c}: {{upper: [{', '.join(['1'] * (n * (n - 1) // 2))}]}}")
    ev = folder / "bench-26.yaml"
    ev.write_text(EVALUATION % ("\n".join(criteria), "\n".join(judgments)), encoding="utf-8")
    rng = np.random.default_rng(3)
    path = folder / "responses.csv"
    with path.open("w", encoding="utf-8") as fh:
        fh.write("id,site," + ",".join(IDS) + "\n")
        chunk = 100_000
        for start in range(0, rows, chunk):
            m = min(chunk, rows - start)
            answers = rng.integers(1, 6, size=(m, len(IDS))).astype("U1")
            answers[rng.random(answers.shape) < 0.01] = ""
            sites = rng.integers(0, 3, size=m)
            lines = [f"{start + k + 1},{SITES[sites[k]]},{','.join(answers[k])}" for k in range(m)]
            fh.write("\n".join(lines) + "\n")
    return ev, path


def _tree(pid: int) -> list[int]:
    """A process and all its descendants (Linux /proc)."""
    found = [pid]
    try:
        for task in Path(f"/proc/{pid}/task").iterdir():
            for child in (task / "children").read_text(encoding="ascii").split():
                found += _tree(int(child))
    except OSError:
        pass
    return found


def _rss_kb(pid: int) -> int:
    try:
        status = Path(f"/proc/{pid}/status").read_text(encoding="ascii")
    except OSError:
        return 0
    for line in status.splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def measure(cmd: list[str]) -> tuple[float, float]:
    """Wall time, and the peak of the summed resident memory (MB) of the process and
    every process it starts (sampled every 20 ms; shared pages count once per process,
    so this errs high)."""
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = 0
    while proc.poll() is None:
        peak = max(peak, sum(_rss_kb(p) for p in _tree(proc.pid)))
        time.sleep(0.02)
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        err = proc.stderr.read().decode()[-300:] if proc.stderr else ""
        msg = f"{' '.join(cmd)} exited {proc.returncode}: {err}"
        raise SystemExit(msg)
    return elapsed, peak / 1024


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
        commands = {name: [sys.executable, "-c", code, str(data)] for name, code in PEERS.items()}
        out = folder / "report.json"
        commands["ahp-eval score"] = [
            console_script("ahp-eval"),
            "score",
            str(ev),
            str(data),
            "-o",
            str(out),
            "--force",
        ]
        runs: dict[str, list[tuple[float, float]]] = {name: [] for name in commands}
        for _ in range(args.rounds):  # interleaved, so machine noise hits every command alike
            for name, cmd in commands.items():
                try:
                    runs[name].append(measure(cmd))
                except (SystemExit, subprocess.CalledProcessError) as exc:
                    print(f"{name}: not measured ({exc})")
        results = {
            name: (statistics.median(t for t, _ in r), max(m for _, m in r))
            for name, r in runs.items()
            if r
        }
        ours = results.pop("ahp-eval score")
    for name, (t, rss) in results.items():
        print(f"{name:15s} {t:7.2f} s  peak {rss:7.0f} MB")
    print(f"{'ahp-eval score':15s} {ours[0]:7.2f} s  peak {ours[1]:7.0f} MB")
    fastest = min(t for t, _ in results.values())
    ratio, memory = ours[0] / fastest, ours[1] / size
    print(f"time / fastest bare read: {ratio:.2f}  goal <= 1.5  {verdict(ratio <= 1.5)}")
    print(f"peak memory / CSV size:   {memory:.2f}  goal <= 2.0  {verdict(memory <= 2.0)}")


if __name__ == "__main__":
    main()

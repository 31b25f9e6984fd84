"""Helpers shared by the benchmarks: interleaved timing of whole processes."""

from __future__ import annotations

import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path

BIN = Path(sys.executable).parent


def console_script(name: str) -> str:
    """A console script installed beside this interpreter (the same environment)."""
    path = BIN / name
    if not path.exists():
        msg = f"{name} is not installed beside {sys.executable}; pip install . first"
        raise SystemExit(msg)
    return str(path)


def run(cmd: Sequence[str], *, ok: Sequence[int] = (0,)) -> float:
    """Wall time of one whole process."""
    start = time.perf_counter()
    done = subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, check=False)
    elapsed = time.perf_counter() - start
    if done.returncode not in ok:
        msg = f"{' '.join(cmd)} exited {done.returncode}: {done.stderr.decode()[-500:]}"
        raise SystemExit(msg)
    return elapsed


def interleaved(commands: dict[str, Sequence[str]], rounds: int) -> dict[str, list[float]]:
    """Run each command once per round, alternating, so machine noise hits all alike."""
    times: dict[str, list[float]] = {k: [] for k in commands}
    for _ in range(rounds):
        for key, cmd in commands.items():
            times[key].append(run(cmd))
    return times


def median(values: Sequence[float]) -> float:
    return statistics.median(values)


def peak_rss_mb(cmd: Sequence[str]) -> tuple[float, float]:
    """Wall time and peak resident memory (MB) of one child process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    elapsed = run(cmd)
    after = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return elapsed, max(after, before) / 1024


def verdict(ok: bool) -> str:
    return "PASS" if ok else "FAIL"

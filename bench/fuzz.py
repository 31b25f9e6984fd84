"""The long fuzz run: the test suite's harness (tests/fuzzing) over many more cases.

Runs cases ``--start`` .. ``--start + --cases`` of ``--seed`` in process, files every
failure under its class (exit code and exception with the innermost ahp_eval frame,
or the broken promise), and for each class saves the smallest failing case (made
smaller still with ``--shrink``) as a folder with its input files, command.txt and
case.txt, then runs it again in a fresh process to confirm the exit code a user sees.
Prints a summary (Markdown) for docs/fuzzing.md.

    python bench/fuzz.py --cases 20000 --seed 1
    python bench/fuzz.py --cases 20000 --seed 1 --shrink --out /tmp/fuzz
"""

from __future__ import annotations

import argparse
import collections
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from fuzzing.harness import (  # noqa: E402 - the harness lives beside the tests
    Case,
    Outcome,
    group_failures,
    make_case,
    run_case,
    save_case,
    shrink,
    slug,
    smallest,
)


def fresh_exit_codes(case: Case, folder: Path) -> list[int]:
    """Exit codes of the case's command(s) in a new process, on a copy of its files."""
    codes = []
    with tempfile.TemporaryDirectory() as tmp:
        copy = Path(tmp) / "case"
        shutil.copytree(folder, copy)
        for args in (case.args, case.twin):
            if args is None:
                continue
            done = subprocess.run(
                [sys.executable, "-m", "ahp_eval", *args],
                cwd=copy,
                input=(case.stdin or "").encode(),
                capture_output=True,
                check=False,
                timeout=120,
            )
            codes.append(done.returncode)
    return codes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--start", type=int, default=0, help="first case number")
    parser.add_argument(
        "--out",
        type=Path,
        default=ROOT / "bench" / "results" / "fuzz",
        help="folder for the reproducers (replaced; it must be new, empty or a previous run's)",
    )
    parser.add_argument("--shrink", action="store_true", help="make each reproducer smaller")
    parser.add_argument("--quick", action="store_true", help="a smoke run of 200 cases")
    args = parser.parse_args()
    cases = 200 if args.quick else args.cases
    out: Path = args.out
    if out.exists():
        if any(p.name not in ("classes", "work") for p in out.iterdir()):
            raise SystemExit(f"{out} holds other files; give --out an empty or new folder")
        shutil.rmtree(out)
    work = out / "work"

    failed: list[tuple[Case, Outcome]] = []
    kinds: collections.Counter[str] = collections.Counter()
    exits: collections.Counter[int] = collections.Counter()
    slow: list[tuple[float, int, str]] = []
    start = time.perf_counter()
    for number in range(args.start, args.start + cases):
        case = make_case(args.seed, number)
        outcome = run_case(case, work)
        kinds[case.base.command] += 1
        exits[outcome.exit_code] += 1
        slow.append((outcome.seconds, number, case.command))
        if outcome.failures:
            failed.append((case, outcome))
        done = number - args.start + 1
        if done % 1000 == 0:
            print(
                f"{done} cases, {len(failed)} failing, {time.perf_counter() - start:.0f} s",
                file=sys.stderr,
            )
    elapsed = time.perf_counter() - start
    shutil.rmtree(work, ignore_errors=True)

    classes = group_failures(failed)
    print(
        f"# Fuzz run: seed {args.seed}, cases {args.start}..{args.start + cases - 1}\n\n"
        f"{cases} cases in {elapsed:.0f} s ({elapsed / cases * 1000:.1f} ms a case); "
        f"{len(failed)} failing, in {len(classes)} classes.\n\n"
        f"Cases by command: {', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}.\n"
        f"Exit codes: {', '.join(f'{k}: {v}' for k, v in sorted(exits.items()))}.\n"
    )
    print("| # | class | cases | first line | reproducer | fresh process exit |")
    print("|---|---|---|---|---|---|")
    for k, (key, found) in enumerate(classes.items(), 1):
        case, outcome = smallest(found)
        if args.shrink:
            smaller = shrink(case, key, work)
            again = run_case(smaller, work)
            shutil.rmtree(work, ignore_errors=True)
            if again.key == key:
                case, outcome = smaller, again
            else:
                print(f"class {k}: the shrunk case gives {again.key}; kept case {case.number}")
        folder = save_case(case, outcome, out / "classes" / f"{k:02d}-{slug(key)}")
        codes = fresh_exit_codes(case, folder)
        detail = outcome.failures[0].detail.replace("|", "\\|")[:120]
        name = key.replace("|", "\\|")
        print(
            f"| {k} | {name} | {len(found)} | {detail} | "
            f"`{folder.relative_to(out)}`: `{case.command}` | {', '.join(map(str, codes))} |"
        )
    print("\nWhat each class holds (up to three distinct first lines, numbers as N):")
    for k, found in enumerate(classes.values(), 1):
        details = collections.Counter(
            re.sub(r"\d+", "N", outcome.failures[0].detail)[:110] for _, outcome in found
        )
        shown = "; ".join(f"{d!r} x{n}" for d, n in details.most_common(3))
        print(f"- {k}: {shown}")
    print("\nSlowest cases:")
    for seconds, number, command in sorted(slow)[-5:]:
        print(f"- case {number}: {seconds:.2f} s, `{command[:150]}`")
    print(f"\nReproducers in {out / 'classes'}")


if __name__ == "__main__":
    main()

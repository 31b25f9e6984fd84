"""`ahp-eval check` on one small file, as a whole process, against the bare imports.

Goal: at most 1.1x the time of ``python -c "import numpy, yaml, pydantic, typer,
rich.console"`` run from the same environment (medians of interleaved runs). ``import
pydantic`` alone is lazy: the baseline does not pay for building models, which check
does (the input model).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from common import console_script, interleaved, median, verdict

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = ROOT / "examples" / "campus-canteen" / "evaluation.yaml"
IMPORTS = "import numpy, yaml, pydantic, typer, rich.console"
HEAVY = ("rich", "matplotlib", "openpyxl", "scipy", "pandas")


def modules_loaded_by_check() -> list[str]:
    """Which heavy libraries the check process loads (it should load none of them)."""
    code = (
        "import sys\n"
        f"sys.argv = ['ahp-eval', 'check', {str(EXAMPLE)!r}]\n"
        "from ahp_eval.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        f"print(' '.join(m for m in {HEAVY!r} if m in sys.modules))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return out.stdout.split()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rounds", type=int, default=40)
    parser.add_argument("--quick", action="store_true", help="5 rounds, a smoke run")
    args = parser.parse_args()
    rounds = 5 if args.quick else args.rounds
    times = interleaved(
        {
            "pass": [sys.executable, "-c", "pass"],
            "imports": [sys.executable, "-c", IMPORTS],
            "check": [console_script("ahp-eval"), "check", str(EXAMPLE)],
        },
        rounds,
    )
    base, imports, check = (median(times[k]) for k in ("pass", "imports", "check"))
    ratio = check / imports
    print(f"rounds: {rounds} (medians of interleaved runs)")
    print(f"python -c pass:            {base * 1000:7.1f} ms")
    print(f"python -c '{IMPORTS}': {imports * 1000:7.1f} ms ({imports / base:.1f}x pass)")
    print(f"ahp-eval check (1 file):   {check * 1000:7.1f} ms")
    print(f"ratio check / imports:     {ratio:.2f}  goal <= 1.1  {verdict(ratio <= 1.1)}")
    loaded = modules_loaded_by_check()
    print(f"heavy modules loaded by check: {', '.join(loaded) or 'none'}")


if __name__ == "__main__":
    main()

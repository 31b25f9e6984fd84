"""Line counts of the input and survey layers, and the import graph between domains.

    python layers.py                 # this checkout
    python layers.py --rev 075919f   # another commit, read with `git archive`

The input layer is what reads and checks an evaluation file (the model and its YAML
reader); the survey layer is what reads survey exports and turns them into statistics.
The import graph lists which domain imports which (module by module, functions
included), so a reversed edge (io -> scoring, core -> report, model -> maths) shows.
"""

from __future__ import annotations

import argparse
import ast
import io
import subprocess
import tarfile
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# Which files belong to which layer, by path relative to the package, old and new layouts.
INPUT = (
    "model.py",
    "evaluation.py",
    "survey_model.py",
    "readers.py",
    "values.py",
    "marks.py",
    "model/",
    "io/yaml_source.py",
    "io/_yaml_events.py",
    "io/marks_file.py",
)
SURVEY = (
    "io/survey_file.py",
    "io/survey_fast.py",
    "io/survey_source.py",
    "io/_encoding.py",
    "responses.py",
    "moments.py",
    "survey/responses.py",
    "survey/moments.py",
)


def read_tree(rev: str | None) -> dict[str, str]:
    """Every Python file of the package: relative path -> text."""
    if rev is None:
        package = ROOT / "ahp_eval"
        return {
            str(p.relative_to(package)): p.read_text(encoding="utf-8")
            for p in package.rglob("*.py")
        }
    raw = subprocess.run(
        ["git", "archive", rev, "ahp_eval"], cwd=ROOT, capture_output=True, check=True
    ).stdout
    out = {}
    with tarfile.open(fileobj=io.BytesIO(raw)) as tar:
        for member in tar.getmembers():
            if member.name.endswith(".py"):
                data = tar.extractfile(member)
                if data is not None:
                    out[member.name.removeprefix("ahp_eval/")] = data.read().decode("utf-8")
    return out


def domain(rel: str) -> str:
    parts = rel.split("/")
    if len(parts) > 1:
        return parts[0]
    stem = parts[0].removesuffix(".py")
    core = {
        "model": "model",
        "evaluation": "model",
        "survey_model": "model",
        "readers": "model",
        "values": "model",
        "marks": "model",
        "matrix": "ahp",
        "ri": "ahp",
        "hierarchy": "ahp",
        "findings": "ahp",
        "checking": "ahp",
        "responses": "survey",
        "moments": "survey",
        "scoring": "survey",
        "reliability": "survey",
        "fuzzy": "survey",
    }
    return core.get(stem, stem)


def module_domain(name: str) -> str | None:
    parts = name.split(".")
    if parts[0] != "ahp_eval" or len(parts) < 2:
        return None
    return domain("/".join(parts[1:]) + ("" if len(parts) > 2 else ".py"))


def lines(text: str) -> int:
    return sum(1 for line in text.splitlines() if line.strip())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--rev", help="a git revision instead of the working tree")
    args = parser.parse_args()
    files = read_tree(args.rev)
    for label, prefixes in (("input layer", INPUT), ("survey layer", SURVEY)):
        chosen = {f: t for f, t in files.items() if f.startswith(prefixes)}
        total = sum(lines(t) for t in chosen.values())
        print(f"{label}: {total} non-blank lines in {len(chosen)} files")
        for f in sorted(chosen):
            print(f"    {lines(chosen[f]):5d}  {f}")
    edges: dict[tuple[str, str], set[str]] = defaultdict(set)
    for rel, text in files.items():
        source = domain(rel)
        for node in ast.walk(ast.parse(text)):
            names = []
            if isinstance(node, ast.Import):
                names = [a.name for a in node.names]
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                names = [node.module]
            for name in names:
                target = module_domain(name)
                if target and target != source:
                    edges[(source, target)].add(name)
    print("import graph (domain -> domain: modules imported):")
    for (a, b), mods in sorted(edges.items()):
        print(f"    {a:>8} -> {b:<8} {', '.join(sorted(mods))}")
    scorer = any("scoring" in m for (a, _), ms in edges.items() if a == "io" for m in ms)
    print(f"io -> scorer: {'yes' if scorer else 'no'}")


if __name__ == "__main__":
    main()

"""Checking files and folders: which YAML files are evaluations, and what each holds.

All files are read first, then every matrix of every file is solved in stacks by
order (:func:`ahp_eval.hierarchy.solve_many`), so a folder of many small files
costs little more than reading them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ahp_eval.ahp.findings import (
    FileReport,
    cases,
    findings,
    input_findings,
    node_summaries,
)
from ahp_eval.ahp.hierarchy import solve_many
from ahp_eval.ahp.matrix import Method
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.files import load_evaluation, load_evaluation_if_any
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.vocabulary import Synthesis

__all__ = ["check_paths", "is_yaml_name", "read_for_check"]

YAML_SUFFIXES = (".yaml", ".yml")


def read_for_check(
    path: Path, *, judgments: Path | None = None, must_be_evaluation: bool = True
) -> Evaluation | FileReport | None:
    """The evaluation in ``path``, a report of why it is invalid, or None for other YAML."""
    name = str(path)
    try:
        if must_be_evaluation:
            return load_evaluation(path, judgments)
        return load_evaluation_if_any(path, judgments)
    except InputErrors as exc:
        return FileReport(name, "invalid", input_findings(exc.errors))
    except InputError as exc:
        return FileReport(name, "invalid", input_findings([exc.located(name, 1)]))


def is_yaml_name(path: Path) -> bool:
    """``.yaml`` or ``.yml``, in any case (``UPPER.YAML`` too)."""
    return path.suffix.lower() in YAML_SUFFIXES


def _files(paths: Sequence[Path], only_evaluations: bool) -> list[tuple[Path, bool]]:
    """Each file to read, and whether it must be an evaluation (named on the command
    line, unless ``only_evaluations``); folders are searched for YAML files."""
    out: list[tuple[Path, bool]] = []
    for p in paths:
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if is_yaml_name(f) and f.is_file())
            out += [(f, False) for f in found]
        else:
            out.append((p, not only_evaluations))
    return out


def check_paths(
    paths: Sequence[Path],
    *,
    judgments: Path | None = None,
    method: Method | None = None,
    ri: str | Sequence[float] | None = None,
    cr_threshold: float | None = None,
    only_evaluations: bool = False,
    synthesis: Synthesis | None = None,
) -> tuple[list[FileReport], list[str]]:
    """Check files and folders; returns the reports and the YAML files skipped (found in
    a folder, or named with ``only_evaluations``, without a top-level ``goal``)."""
    files = _files(paths, only_evaluations)
    read = [
        read_for_check(f, judgments=judgments, must_be_evaluation=explicit) for f, explicit in files
    ]
    skipped = [str(f) for (f, _), r in zip(files, read, strict=True) if r is None]
    evaluations = [r for r in read if isinstance(r, Evaluation)]
    results = iter(
        solve_many(
            evaluations, method=method, ri=ri, cr_threshold=cr_threshold, synthesis=synthesis
        )
    )
    reports: list[FileReport] = []
    for item in read:
        if item is None:
            continue
        if isinstance(item, FileReport):
            reports.append(item)
            continue
        result = next(results)
        name = item.path or "<input>"
        if isinstance(result, InputErrors):
            reports.append(FileReport(name, "invalid", input_findings(result.errors)))
            continue
        reports.append(
            FileReport(
                name,
                "ok" if result.consistent else "inconsistent",
                findings(result),
                total_cr=result.total.cr,
                matrices=len(result.matrices)
                + (len(result.alternatives.matrices) if result.alternatives is not None else 0),
                cases=cases(result),
                nodes=node_summaries(result),
                alternatives=None if result.alternatives is None else result.alternatives.totals,
            )
        )
    return reports, skipped

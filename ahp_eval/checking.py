"""Checking files and folders: which YAML files are evaluations, and what each holds."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from ahp_eval.errors import InputError, InputErrors
from ahp_eval.evaluation import parse_evaluation
from ahp_eval.findings import findings, input_findings
from ahp_eval.hierarchy import solve
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.matrix import Method
from ahp_eval.report.check_plain import FileReport

__all__ = ["check_file", "check_paths"]

YAML_SUFFIXES = (".yaml", ".yml")


def check_file(
    path: Path,
    *,
    judgments: Path | None = None,
    method: Method | None = None,
    ri: str | list[float] | None = None,
    cr_threshold: float | None = None,
    must_be_evaluation: bool = True,
) -> FileReport | None:
    """Check one file; ``None`` when it is other YAML found in a folder."""
    name = str(path)
    try:
        data, marks = load_yaml(path)
        if not must_be_evaluation and not (isinstance(data, dict) and "goal" in data):
            return None
        jdata = jmarks = None
        if judgments is not None:
            jdata, jmarks = load_yaml(judgments)
        evaluation = parse_evaluation(
            data,
            path=name,
            marks=marks,
            judgments_data=jdata,
            judgments_path=str(judgments) if judgments is not None else None,
            judgments_marks=jmarks,
        )
        result = solve(evaluation, method=method, ri=ri, cr_threshold=cr_threshold)
    except InputErrors as exc:
        return FileReport(name, "invalid", input_findings(exc.errors))
    except InputError as exc:
        return FileReport(name, "invalid", input_findings([exc.located(name, 1)]))
    found = findings(result)
    return FileReport(
        name,
        "ok" if result.consistent else "inconsistent",
        found,
        total_cr=result.total.cr,
        matrices=len(result.matrices),
    )


def check_paths(
    paths: Sequence[Path],
    *,
    judgments: Path | None = None,
    method: Method | None = None,
    ri: str | list[float] | None = None,
    cr_threshold: float | None = None,
) -> tuple[list[FileReport], int]:
    """Check files and folders; returns the reports and how many YAML files were skipped."""
    reports: list[FileReport] = []
    skipped = 0
    for p in paths:
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.suffix in YAML_SUFFIXES and f.is_file())
            explicit = False
        else:
            files = [p]
            explicit = True
        for f in files:
            report = check_file(
                f,
                judgments=judgments,
                method=method,
                ri=ri,
                cr_threshold=cr_threshold,
                must_be_evaluation=explicit,
            )
            if report is None:
                skipped += 1
            else:
                reports.append(report)
    return reports, skipped

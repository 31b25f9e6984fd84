"""Checking files and folders: which YAML files are evaluations, and what each holds.

All files are read first, then every matrix of every file is solved in stacks by
order (:func:`ahp_eval.hierarchy.solve_many`), so a folder of many small files
costs little more than reading them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from ahp_eval.ahp.findings import (
    FileReport,
    cases,
    findings,
    input_findings,
    node_summaries,
)
from ahp_eval.ahp.hierarchy import HierarchyResult, solve_many
from ahp_eval.ahp.matrix import Method
from ahp_eval.errors import InputError, InputErrors
from ahp_eval.io.files import SkippedFile, load_evaluation, load_evaluation_if_any
from ahp_eval.io.forking import cores, fork_allowed
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.model.vocabulary import Synthesis

if TYPE_CHECKING:
    from ahp_eval.ahp.panel import Aggregate, PanelResult

__all__ = ["check_paths", "is_yaml_name", "read_for_check"]

YAML_SUFFIXES = (".yaml", ".yml")

PARALLEL_FILES = 200
"""From this many files on, ``check`` reads them in two processes (where it can)."""


def read_for_check(
    path: Path,
    *,
    judgments: Path | None = None,
    must_be_evaluation: bool = True,
    panel: bool = False,
) -> Evaluation | FileReport | SkippedFile:
    """The evaluation in ``path``, a report of why it is invalid, or the file skipped
    (other YAML, or an evaluation with neither judgments nor a panel)."""
    name = str(path)
    try:
        if must_be_evaluation:
            return load_evaluation(path, judgments, panel=panel)
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
    panel: PanelOptions | None = None,
    parallel: bool | None = None,
) -> tuple[list[FileReport], list[str]]:
    """Check files and folders; returns the reports and the YAML files skipped (found in
    a folder, or named with ``only_evaluations``, without a top-level ``goal``, or
    evaluations with neither judgments nor a panel). An evaluation with a panel (its
    ``panel.file``, or ``panel``'s file for the one evaluation named) is checked with
    the panel's aggregate.

    Many files (:data:`PARALLEL_FILES`) are read by two processes where forking is safe
    and a second core is free to run one, the second half of the files in a forked
    worker; ``parallel`` forces the choice. The reports are the same either way."""
    files = _files(paths, only_evaluations)
    options = _Options(judgments, method, ri, cr_threshold, synthesis, panel)
    if parallel is None:
        parallel = len(files) >= PARALLEL_FILES and cores() >= 2 and fork_allowed()
    if not parallel or len(files) < 2:
        return _check_files(files, options)
    import multiprocessing  # only a large folder pays for these
    from concurrent.futures import ProcessPoolExecutor

    half = (len(files) + 1) // 2
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        second = pool.submit(_check_files, files[half:], options)
        reports, skipped = _check_files(files[:half], options)
        more_reports, more_skipped = second.result()
    return reports + more_reports, skipped + more_skipped


class _Options(NamedTuple):
    judgments: Path | None
    method: Method | None
    ri: str | Sequence[float] | None
    cr_threshold: float | None
    synthesis: Synthesis | None
    panel: PanelOptions | None


def _check_files(
    files: list[tuple[Path, bool]], options: _Options
) -> tuple[list[FileReport], list[str]]:
    """The reports of ``files`` (in order) and the files skipped."""
    judgments, method, ri, cr_threshold, synthesis, panel = options
    first: list[Evaluation | FileReport | SkippedFile] = [
        read_for_check(
            f,
            judgments=judgments,
            must_be_evaluation=explicit,
            panel=panel is not None and panel.path is not None,
        )
        for f, explicit in files
    ]
    skipped: list[str] = [r for r in first if isinstance(r, SkippedFile)]
    how = {"method": method, "ri": ri, "cr_threshold": cr_threshold, "synthesis": synthesis}
    read: list[Evaluation | FileReport | SkippedFile | _Paneled] = [
        _with_panel(r, panel or PanelOptions(), how)
        if isinstance(r, Evaluation) and _has_panel(r, panel)
        else r
        for r in first
    ]
    evaluations = [r for r in read if isinstance(r, Evaluation)]
    results = iter(
        solve_many(
            evaluations, method=method, ri=ri, cr_threshold=cr_threshold, synthesis=synthesis
        )
    )
    reports: list[FileReport] = []
    for item in read:
        if isinstance(item, SkippedFile):
            continue
        if isinstance(item, FileReport):
            reports.append(item)
            continue
        result: HierarchyResult | InputErrors
        if isinstance(item, _Paneled):
            result = item.result.hierarchy
            name = result.evaluation.path or "<input>"
        else:
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


class PanelOptions(NamedTuple):
    """How ``check`` reads and aggregates panels (the ``--panel`` options)."""

    path: Path | None = None
    aggregate: Aggregate = "aij"
    exclude_inconsistent: bool = False
    drop_invalid: bool = False
    sheet: str | None = None
    encoding: str | None = None


class _Paneled(NamedTuple):
    result: PanelResult


def _has_panel(item: object, options: PanelOptions | None) -> bool:
    if not isinstance(item, Evaluation):
        return False
    given = options is not None and options.path is not None
    return given or (item.panel is not None and item.panel.file is not None)


def _with_panel(
    evaluation: Evaluation, options: PanelOptions, how: dict[str, Any]
) -> FileReport | _Paneled:
    """The evaluation weighed with its panel, or the report of why it cannot be."""
    from ahp_eval.ahp.panel import weigh_panel
    from ahp_eval.io.panel_file import panel_path, read_panel

    name = evaluation.path or "<input>"
    try:
        path = panel_path(evaluation, options.path)
        assert path is not None
        panel = read_panel(
            evaluation,
            path,
            sheet=options.sheet,
            encoding=options.encoding,
            drop_invalid=options.drop_invalid,
        )
        return _Paneled(
            weigh_panel(
                evaluation,
                panel,
                aggregate=options.aggregate,
                exclude_inconsistent=options.exclude_inconsistent,
                **how,
            )
        )
    except InputErrors as exc:
        return FileReport(name, "invalid", input_findings(exc.errors))
    except InputError as exc:
        return FileReport(name, "invalid", input_findings([exc.located(name, 1)]))

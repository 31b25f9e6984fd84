"""``ahp-eval check``: every matrix and total ranking of files and folders, for CI."""

# No `from __future__ import annotations`: typer reads this signature at every start.
from collections.abc import Collection
from pathlib import Path
from typing import Annotated

import typer

from ahp_eval.cli.app import app
from ahp_eval.cli.errors import EXIT_INCONSISTENT, EXIT_INPUT, EXIT_OK, echo_err, handle_errors
from ahp_eval.cli.options import (
    AggregateOption,
    CheckFormatOption,
    CrThresholdOption,
    ExcludeInconsistentOption,
    JudgmentsOption,
    MethodOption,
    OptionValues,
    PanelDropOption,
    PanelEncodingOption,
    PanelOption,
    PanelSheetOption,
    RiOption,
    SynthesisOption,
)
from ahp_eval.cli.stdout import write_stdout
from ahp_eval.errors import InputError, OptionError
from ahp_eval.report.render import CHECK_FORMATS

__all__ = ["check", "exit_code"]


def exit_code(statuses: Collection[str]) -> int:
    """2 when any file is invalid, else 1 when any is inconsistent, else 0."""
    if "invalid" in statuses:
        return EXIT_INPUT
    return EXIT_INCONSISTENT if "inconsistent" in statuses else EXIT_OK


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval check evaluations/\n\n"
        "  ahp-eval check a.yaml b.yaml --format github"
    )
)
@handle_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Evaluation files or folders to check.", show_default=False),
    ],
    judgments: JudgmentsOption = None,
    method: MethodOption = None,
    ri: RiOption = None,
    cr_threshold: CrThresholdOption = None,
    synthesis: SynthesisOption = None,
    fmt: CheckFormatOption = "text",
    verbose: Annotated[
        bool, typer.Option("--verbose", "-v", help="Also list files that pass or are skipped.")
    ] = False,
    only_evaluations: Annotated[
        bool,
        typer.Option(
            "--only-evaluations",
            help=(
                "Skip named YAML files that are not evaluations, and succeed when none is "
                "(for hooks that pass every staged YAML file)."
            ),
        ),
    ] = False,
    panel: PanelOption = None,
    aggregate: AggregateOption = "aij",
    exclude_inconsistent: ExcludeInconsistentOption = False,
    sheet: PanelSheetOption = None,
    encoding: PanelEncodingOption = None,
    drop_invalid: PanelDropOption = False,
) -> None:
    """Check every matrix and the total ranking, for CI pipelines.

    A file named on the command line is always checked; in a folder, every *.yaml
    and *.yml file (any case) with a top-level 'goal' is checked (other YAML, and
    evaluations with neither judgments nor a panel, are skipped). An evaluation
    with a panel (its panel.file, or --panel) is checked with the panel's aggregate.
    Finding no evaluation file at all is an error (exit 2), unless
    --only-evaluations.
    Prints one line per problem as path:line: message. Exits 0 when all pass, 1
    when any matrix or total ranking is inconsistent, 2 when any file is invalid.
    """
    import gc

    from ahp_eval.cli.panel_weights import aggregate_choice
    from ahp_eval.io.checking import PanelOptions, check_paths
    from ahp_eval.report.check_plain import render_check, summary_line

    options = OptionValues()
    how = options.weighing(method, ri, cr_threshold, synthesis)
    form = options.choice("--format", fmt, CHECK_FORMATS)
    try:
        way = aggregate_choice(aggregate)
    except OptionError as exc:
        options.errors.append(exc)
        way = "aij"
    options.check()
    if judgments is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise OptionError("--judgments", "needs exactly one evaluation file, not a folder")
    if panel is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise OptionError("--panel", "needs exactly one evaluation file, not a folder")
    panels = PanelOptions(panel, way, exclude_inconsistent, drop_invalid, sheet, encoding)
    # Reading builds many small acyclic objects: the cyclic collector would only re-scan
    # them (about 6% of the time on a folder of files). Restored afterwards, for a
    # program that runs check in process.
    gc.freeze()
    gc.disable()
    try:
        reports, skipped = check_paths(
            paths, judgments=judgments, only_evaluations=only_evaluations, panel=panels, **how
        )
    finally:
        gc.enable()
        gc.unfreeze()
    if not reports:
        where = " ".join(str(p) for p in paths)
        if not only_evaluations:
            raise InputError(f"no evaluation file found in {where}")
        echo_err(f"ahp-eval: no evaluation file in {where}; nothing to check")
    code = exit_code({r.status for r in reports})
    write_stdout(render_check(reports, skipped, form, code, verbose))
    if form != "json":
        echo_err(summary_line(reports, skipped))
    raise typer.Exit(code)

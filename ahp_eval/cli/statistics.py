"""``score --statistics``: scoring from per-group statistics instead of single rows."""

from __future__ import annotations

from pathlib import Path

from ahp_eval.cli.errors import echo_err
from ahp_eval.cli.options import OptionValues
from ahp_eval.errors import OptionError
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.responses import ResponseSet

__all__ = [
    "NEEDS_ROWS",
    "RELIABILITY_NEEDS_ROWS",
    "read_statistics_of",
    "refused_with_statistics",
    "reliability_refused_with_statistics",
]

NEEDS_ROWS = {
    "RESPONSES": "give the survey export or --statistics, not both",
    "--marks": "give a marks file or --statistics, not both",
    "--interactive": "give marks at the terminal or --statistics, not both",
    "--group": "the groups come from the statistics (ahp-eval sql --group COLUMN)",
    "--bootstrap": "the bootstrap resamples single rows; the statistics have none",
}
"""What ``--statistics`` cannot be combined with, and why (docs/scale.md lists them)."""


def refused_with_statistics(
    options: OptionValues,
    *,
    responses: Path | None,
    marks: object,
    interactive: bool,
    group: str | None,
    bootstrap: int | None,
) -> None:
    """Note each option given that needs single rows (or another answer source)."""
    given = {
        "RESPONSES": responses is not None,
        "--marks": bool(marks),
        "--interactive": interactive,
        "--group": group is not None,
        "--bootstrap": bootstrap is not None,
    }
    for option, used in given.items():
        if used:
            options.errors.append(
                OptionError(option, f"cannot be used with --statistics: {NEEDS_ROWS[option]}")
            )


RELIABILITY_NEEDS_ROWS = {
    "RESPONSES": NEEDS_ROWS["RESPONSES"],
    "--group": NEEDS_ROWS["--group"],
    "--items": "the statistics hold the indicators' sums, not the questions'; "
    "run reliability on the export",
    "--missing": "pairwise correlations need each pair's sums of squares over the "
    "respondents who answered both, not in the statistics; run reliability on the export",
}
"""What ``reliability --statistics`` cannot be combined with, and why (docs/scale.md)."""


def reliability_refused_with_statistics(
    options: OptionValues,
    *,
    responses: Path | None,
    group: str | None,
    items: str,
    missing: str,
) -> None:
    """Note each option of ``reliability`` given that needs the answers themselves."""
    given = {
        "RESPONSES": responses is not None,
        "--group": group is not None,
        "--items": items == "questions",
        "--missing": missing == "pairwise",
    }
    for option, used in given.items():
        if used:
            options.errors.append(
                OptionError(
                    option, f"cannot be used with --statistics: {RELIABILITY_NEEDS_ROWS[option]}"
                )
            )


def read_statistics_of(
    path: Path,
    evaluation: Evaluation,
    *,
    encoding: str | None,
    sheet: str | None,
    drop_invalid: bool,
    entropy: bool = False,
) -> ResponseSet:
    """The statistics at ``path``; what the query left out is listed on standard error.
    ``entropy``: the entropy sums are needed (``--weights`` other than ``ahp``)."""
    from ahp_eval.io.statistics_file import read_statistics

    read = read_statistics(
        path,
        evaluation,
        encoding=encoding,
        sheet=sheet,
        drop_invalid=drop_invalid,
        entropy=entropy,
    )
    name = read.responses.source
    lines = [
        f"{name}: dropped {b.answers} bad answers in column {b.column!r} ({b.indicator})"
        for b in read.bad
    ]
    if read.empty_group:
        lines.append(f"{name}: dropped {read.empty_group} respondents with an empty group cell")
    echo_err(lines)
    return read.responses

"""``score --statistics``: scoring from per-group statistics instead of single rows."""

from __future__ import annotations

from pathlib import Path

from ahp_eval.cli.errors import echo_err
from ahp_eval.cli.options import OptionValues
from ahp_eval.errors import OptionError
from ahp_eval.model.evaluation import Evaluation
from ahp_eval.survey.responses import ResponseSet

__all__ = ["NEEDS_ROWS", "read_statistics_of", "refused_with_statistics"]

NEEDS_ROWS = {
    "RESPONSES": "give the survey export or --statistics, not both",
    "--marks": "give a marks file or --statistics, not both",
    "--interactive": "give marks at the terminal or --statistics, not both",
    "--group": "the groups come from the statistics (ahp-eval sql --group COLUMN)",
    "--bootstrap": "the bootstrap resamples single rows; the statistics have none",
    "--weights": "entropy weights need each indicator's sum of x ln x, not in the statistics yet",
    "--reliability": "not offered from statistics yet; run ahp-eval reliability on the export",
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
    weights: str | None = None,
    reliability: bool = False,
) -> None:
    """Note each option given that needs single rows (or another answer source)."""
    given = {
        "RESPONSES": responses is not None,
        "--marks": bool(marks),
        "--interactive": interactive,
        "--group": group is not None,
        "--bootstrap": bootstrap is not None,
        "--weights": weights is not None and weights != "ahp",
        "--reliability": reliability,
    }
    for option, used in given.items():
        if used:
            options.errors.append(
                OptionError(option, f"cannot be used with --statistics: {NEEDS_ROWS[option]}")
            )


def read_statistics_of(
    path: Path,
    evaluation: Evaluation,
    *,
    encoding: str | None,
    sheet: str | None,
    drop_invalid: bool,
) -> ResponseSet:
    """The statistics at ``path``; what the query left out is listed on standard error."""
    from ahp_eval.io.statistics_file import read_statistics

    read = read_statistics(
        path, evaluation, encoding=encoding, sheet=sheet, drop_invalid=drop_invalid
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

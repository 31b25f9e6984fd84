"""Delivering a report: rich tables on the terminal, text on stdout or in a file, or a
binary report (an Excel workbook) in a file."""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from pathlib import Path
from typing import Any, NamedTuple

from ahp_eval.cli.errors import echo_err
from ahp_eval.cli.stdout import write_stdout
from ahp_eval.report.render import (
    Lang,
    Report,
    render_pieces,
    show,
    workbook_tables,
    writes_bytes,
)

__all__ = ["Delivery", "deliver"]


class Delivery(NamedTuple):
    """Where and how a report goes, from the output options (already checked)."""

    report: Report
    fmt: str
    output: Path | None
    force: bool
    precision: int | None
    lang: Lang


def deliver(
    result: Any, to: Delivery, *, precision: int, inputs: Iterable[Path | None] = ()
) -> None:
    """Show or write the report (atomically, never over one of ``inputs``, the files the
    command read); ``precision`` unless --precision was given."""
    decimals = to.precision if to.precision is not None else precision
    if to.fmt == "table" and to.output is None:
        write_stdout(show(to.report, result, decimals, to.lang))
        return
    if writes_bytes(to.fmt) and to.output is not None:  # checked: never without a file
        from ahp_eval.io.atomic import write_atomic_with
        from ahp_eval.io.workbook import write_workbook

        tables = workbook_tables(to.report, result, decimals, to.lang)
        write_atomic_with(to.output, partial(write_workbook, tables), force=to.force, inputs=inputs)
        echo_err(f"wrote {to.output}")
        return
    text = render_pieces(to.report, to.fmt, result, decimals, to.lang)
    if to.output is None:
        write_stdout(text)
        return
    from ahp_eval.io.atomic import write_atomic

    # A CSV file starts with a byte-order mark, so that Excel shows Chinese names.
    write_atomic(to.output, text, force=to.force, inputs=inputs, bom=to.fmt == "csv")
    echo_err(f"wrote {to.output}")

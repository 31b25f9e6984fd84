"""Options shared by several commands, defined once, and the one check of their values.

Choices come from the core's literals (methods, RI tables, score formulas) and the
report formats' (:mod:`ahp_eval.report.render`). A settings value is checked by
:func:`ahp_eval.model.spec.check_setting`, the function that checks it in a file; its
problem is reported against the option: ``ahp-eval: --cr-threshold: 5 is outside (0, 1]``.
"""

# No `from __future__ import annotations`: typer reads these aliases at every start.
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Any, TypedDict, TypeVar, overload

import typer

from ahp_eval.cli.deliver import Delivery
from ahp_eval.errors import InputError, InputErrors, OptionError
from ahp_eval.model.settings import check_setting
from ahp_eval.model.vocabulary import (
    METHODS,
    RI_TABLE_KEYS,
    SCORE_FORMULAS,
    SYNTHESES,
    Method,
    Synthesis,
)
from ahp_eval.report.render import (
    CHECK_FORMATS,
    LANGS,
    SCORE_FORMATS,
    WEIGH_FORMATS,
    Report,
    binary_needs_output,
    formats_of,
    output_format,
    writes_bytes,
)

__all__ = [
    "AnswersDropOption",
    "AnswersEncodingOption",
    "AnswersSheetOption",
    "CheckFormatOption",
    "CrThresholdOption",
    "EvaluationArgument",
    "ForceOption",
    "GroupOption",
    "JudgmentsOption",
    "LangOption",
    "MethodOption",
    "OptionValues",
    "OutputOption",
    "PrecisionOption",
    "QuietOption",
    "ResponsesArgument",
    "RiOption",
    "ScoreFormatOption",
    "ScoreFormulaOption",
    "SynthesisOption",
    "WeighFormatOption",
    "Weighing",
]

T = TypeVar("T", bound=str)


def _choices(values: Sequence[str]) -> str:
    return "<" + "|".join(values) + ">"


EvaluationArgument = Annotated[
    Path, typer.Argument(help="Evaluation file (YAML).", show_default=False)
]
JudgmentsOption = Annotated[
    Path | None,
    typer.Option(
        "--judgments", "-j", help="Judgments file replacing the evaluation file's judgments."
    ),
]
MethodOption = Annotated[
    str | None,
    typer.Option(
        "--method",
        metavar=_choices(METHODS),
        help="Weighting method (default: the file's settings.method, or root).",
    ),
]
RiOption = Annotated[
    str | None,
    typer.Option(
        "--ri",
        metavar="<table|list>",
        help=f"RI table: {', '.join(RI_TABLE_KEYS)}, or a list like 0,0,0.58,0.9.",
    ),
]
CrThresholdOption = Annotated[
    float | None,
    typer.Option(
        "--cr-threshold",
        help="Consistency threshold in (0, 1] (default: the file's, or 0.10).",
    ),
]
SynthesisOption = Annotated[
    str | None,
    typer.Option(
        "--synthesis",
        metavar=_choices(SYNTHESES),
        help=(
            "How the alternatives' priorities add up: distributive, or ideal (each leaf's "
            "best alternative counts 1). Default: the file's settings.synthesis."
        ),
    ),
]
PrecisionOption = Annotated[
    int | None,
    typer.Option(
        "--precision",
        help="Decimals shown, 1 to 12 (default: the file's or 4 for weights, 2 for scores).",
    ),
]
WeighFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar=_choices(WEIGH_FORMATS),
        help="Output format (default: table, or by the --output suffix).",
    ),
]
ScoreFormatOption = Annotated[
    str | None,
    typer.Option(
        "--format",
        "-f",
        metavar=_choices(SCORE_FORMATS),
        help="Output format (default: table, or by the --output suffix).",
    ),
]
CheckFormatOption = Annotated[
    str, typer.Option("--format", "-f", metavar=_choices(CHECK_FORMATS), help="Output format.")
]
ScoreFormulaOption = Annotated[
    str | None,
    typer.Option(
        "--score-formula",
        metavar=_choices(SCORE_FORMULAS),
        help="range: (x-min)/(max-min)*100 (default); max: x/max*100.",
    ),
]
OutputOption = Annotated[
    Path | None,
    typer.Option(
        "--output", "-o", help="Write the report to this file (format by suffix: .md, .json...)."
    ),
]
ForceOption = Annotated[bool, typer.Option("--force", help="Replace an existing --output file.")]
LangOption = Annotated[
    str, typer.Option("--lang", metavar=_choices(LANGS), help="Language of names.")
]


class Weighing(TypedDict):
    """How to weigh, as given on the command line (None: the file's setting)."""

    method: Method | None
    ri: str | tuple[float, ...] | None
    cr_threshold: float | None
    synthesis: Synthesis | None


class OptionValues:
    """Checks option values, collecting every bad one so that all are reported at once."""

    def __init__(self) -> None:
        self.errors: list[InputError] = []

    def setting(self, option: str, name: str, value: Any) -> Any:
        """``value`` checked as ``settings.<name>`` is in a file; None when not given."""
        if value is None:
            return None
        try:
            return check_setting(name, value)
        except InputError as exc:
            self.errors.append(OptionError(option, exc.message))
        return None

    @overload
    def choice(self, option: str, value: str, choices: Sequence[T]) -> T: ...
    @overload
    def choice(self, option: str, value: None, choices: Sequence[T]) -> None: ...
    def choice(self, option: str, value: str | None, choices: Sequence[T]) -> T | None:
        """``value`` if it is one of ``choices`` (else the first, and an error)."""
        if value is None:
            return None
        for choice in choices:
            if choice == value:
                return choice
        self.errors.append(
            OptionError(option, f"unknown value {value!r}; choose {', '.join(choices)}")
        )
        return choices[0]

    def ri_list(self, ri: str | None) -> str | list[float] | None:
        """--ri as a table name, or a comma-separated list split into numbers."""
        if ri is None or "," not in ri:
            return ri
        try:
            return [float(x) for x in ri.split(",")]
        except ValueError:
            message = f"takes a table name or a comma-separated list of numbers, got {ri!r}"
            self.errors.append(OptionError("--ri", message))
            return None

    def weighing(
        self,
        method: str | None,
        ri: str | None,
        cr_threshold: float | None,
        synthesis: str | None = None,
    ) -> Weighing:
        """--method, --ri (a comma-separated list is split into numbers), --cr-threshold
        and --synthesis."""
        return Weighing(
            method=self.setting("--method", "method", method),
            ri=self.setting("--ri", "ri", self.ri_list(ri)),
            cr_threshold=self.setting("--cr-threshold", "cr_threshold", cr_threshold),
            synthesis=self.setting("--synthesis", "synthesis", synthesis),
        )

    def delivery(
        self,
        report: Report,
        fmt: str | None,
        output: Path | None,
        force: bool,
        precision: int | None,
        lang: str,
    ) -> Delivery:
        """--format (by the --output suffix when not given), --precision and --lang."""
        try:
            form = output_format(report, self.choice("--format", fmt, formats_of(report)), output)
        except OptionError as exc:
            self.errors.append(exc)
            form = "table"
        if writes_bytes(form) and output is None:
            self.errors.append(binary_needs_output("--format", form))
        return Delivery(
            report,
            form,
            output,
            force,
            self.setting("--precision", "precision", precision),
            self.choice("--lang", lang, LANGS),
        )

    def check(self) -> None:
        """Raise every problem found, if any."""
        if self.errors:
            raise InputErrors(self.errors)


# Expert panels (--panel and its options; several --judgments files form a panel).

JudgesOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--judgments",
        "-j",
        help=(
            "Judgments file replacing the evaluation file's judgments; give it two or more "
            "times for a panel of one judge per file."
        ),
    ),
]
PanelOption = Annotated[
    Path | None,
    typer.Option(
        "--panel",
        help="Panel export (CSV or XLSX, one row per judge); overrides the file's panel.file.",
    ),
]
AggregateOption = Annotated[
    str,
    typer.Option(
        "--aggregate",
        metavar="<aij|aip>",
        help="Panel aggregation: aij (geometric mean of judgments) or aip (of priorities).",
    ),
]
ExcludeInconsistentOption = Annotated[
    bool,
    typer.Option(
        "--exclude-inconsistent",
        help="Leave a judge out of each matrix that fails the consistency test.",
    ),
]
PanelSheetOption = Annotated[
    str | None, typer.Option("--sheet", help="XLSX sheet of the panel (default: the first).")
]
PanelEncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding", help="Encoding of a CSV panel export (default: detected), e.g. gb18030."
    ),
]
PanelDropOption = Annotated[
    bool,
    typer.Option(
        "--drop-invalid",
        help="Leave a judge with a bad cell out of that matrix instead of stopping, and list it.",
    ),
]


# Reading a survey export (score, reliability, sensitivity): the front door's options.

ResponsesArgument = Annotated[
    Path | None,
    typer.Argument(help="Survey export: CSV (UTF-8 or GB18030) or XLSX.", show_default=False),
]
GroupOption = Annotated[
    str | None, typer.Option(help="Column naming the site or service (default survey.group).")
]
AnswersSheetOption = Annotated[
    str | None, typer.Option("--sheet", help="XLSX sheet (default: the first).")
]
AnswersEncodingOption = Annotated[
    str | None,
    typer.Option(
        "--encoding", help="Encoding of a CSV export (default: detected), e.g. gb18030, big5."
    ),
]
AnswersDropOption = Annotated[
    bool,
    typer.Option("--drop-invalid", help="Drop non-numeric or out-of-scale cells, and list them."),
]
QuietOption = Annotated[
    bool, typer.Option("--quiet", "-q", help="No progress bar while reading a large file.")
]

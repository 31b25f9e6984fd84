"""The ``ahp-eval`` command line: each command loads, computes and renders.

Exit codes: 0 success; 1 an inconsistent matrix or total ranking; 2 invalid
input (every problem is printed as ``path:line: message``); 3 an unexpected
internal error (the traceback is printed). :func:`_handle_errors` is the one
place that turns exceptions into exit codes.
"""

# No `from __future__ import annotations` here: typer reads these annotations at every
# start, and real objects spare it evaluating some 200 strings.
import functools
import sys
import traceback
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any, ParamSpec, TypeVar

import typer

from ahp_eval._version import __version__
from ahp_eval.errors import AhpEvalError, InputError, InputErrors, OptionError

EXIT_OK = 0
EXIT_INCONSISTENT = 1
EXIT_INPUT = 2
EXIT_INTERNAL = 3

P = ParamSpec("P")
R = TypeVar("R")

app = typer.Typer(
    name="ahp-eval",
    help=(
        "AHP weighting and composite service evaluation.\n\n"
        "Weigh a YAML hierarchy with the root, eigen or sum method, check every "
        "matrix's consistency (CR = CI/RI < 0.10) and the total ranking's."
    ),
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    context_settings={"help_option_names": ["-h", "--help"]},
)


class WeighFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"


class ScoreFormat(StrEnum):
    table = "table"
    json = "json"
    csv = "csv"
    markdown = "markdown"
    html = "html"


class FormulaOption(StrEnum):
    range = "range"
    max = "max"


class CheckFormat(StrEnum):
    text = "text"
    json = "json"
    github = "github"


class MethodOption(StrEnum):
    root = "root"
    eigen = "eigen"
    sum = "sum"


class Lang(StrEnum):
    zh = "zh"
    en = "en"


def _echo_err(text: str) -> None:
    sys.stderr.write(text if text.endswith("\n") else text + "\n")


def _handle_errors(func: Callable[P, R]) -> Callable[P, R]:
    """Input errors exit 2 with ``path:line: message``; anything unexpected exits 3."""

    @functools.wraps(func)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        try:
            return func(*args, **kwargs)
        except typer.Exit:
            raise
        except (InputError, InputErrors) as exc:
            text = str(exc)
            unplaced = isinstance(exc, InputError) and exc.path is None and exc.line is None
            _echo_err(
                f"ahp-eval: {text}" if unplaced and not isinstance(exc, OptionError) else text
            )
            raise typer.Exit(EXIT_INPUT) from None
        except AhpEvalError as exc:
            _echo_err(f"ahp-eval: {exc}")
            raise typer.Exit(EXIT_INPUT) from None
        except KeyboardInterrupt:
            raise typer.Exit(130) from None
        except Exception:  # noqa: BLE001 - the one place that turns crashes into exit 3
            traceback.print_exc()
            _echo_err(
                "ahp-eval: internal error (exit 3). This is a bug in ahp-eval, not a finding "
                "about your file; please report it with the traceback above."
            )
            raise typer.Exit(EXIT_INTERNAL) from None

    return wrapper


def _version_callback(value: bool) -> None:
    if value:
        sys.stdout.write(f"ahp-eval {__version__}\n")
        raise typer.Exit(EXIT_OK)


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version",
            callback=_version_callback,
            is_eager=True,
            help="Show the version and exit.",
        ),
    ] = False,
) -> None:
    """AHP weighting and composite service evaluation."""


def _parse_ri(ri: str | None) -> str | list[float] | None:
    if ri is None or "," not in ri:
        return ri
    try:
        return [float(x) for x in ri.split(",")]
    except ValueError:
        raise OptionError(
            "--ri", f"takes a table name or a comma-separated list of numbers, got {ri!r}"
        ) from None


FORMAT_BY_SUFFIX = {
    ".json": "json",
    ".csv": "csv",
    ".md": "markdown",
    ".markdown": "markdown",
    ".html": "html",
    ".htm": "html",
    ".txt": "table",
}


def _deliver(
    chosen: str,
    output: Path | None,
    force: bool,
    table: Callable[[], Any],
    text: Callable[[], str],
) -> None:
    """Rich tables on the terminal, or the chosen format on stdout or in a file (atomically)."""
    if chosen == "table" and output is None:
        from ahp_eval.report.console import make_console

        make_console().print(table())
        return
    rendered = text()
    if output is None:
        sys.stdout.write(rendered)
    else:
        from ahp_eval.io.files import write_atomic

        write_atomic(output, rendered, force=force)
        _echo_err(f"wrote {output}")


def _output_format(chosen: str | None, output: Path | None) -> str:
    if chosen is not None:
        return chosen
    if output is None:
        return "table"
    return FORMAT_BY_SUFFIX.get(output.suffix.lower(), "table")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval weigh examples/campus-canteen/evaluation.yaml\n\n"
        "  ahp-eval weigh evaluation.yaml --method eigen --ri cn --format json -o weights.json"
    )
)
@_handle_errors
def weigh(
    file: Annotated[Path, typer.Argument(help="Evaluation file (YAML).", show_default=False)],
    judgments: Annotated[
        Path | None,
        typer.Option("--judgments", "-j", help="Judgments file replacing the file's judgments."),
    ] = None,
    method: Annotated[
        MethodOption | None, typer.Option(help="Weighting method (default: the file's, or root).")
    ] = None,
    ri: Annotated[
        str | None,
        typer.Option(help="RI table: saaty, cn, alonso-lamata, or a list like 0,0,0.58,0.9."),
    ] = None,
    cr_threshold: Annotated[
        float | None, typer.Option(help="Consistency threshold (default: the file's, or 0.10).")
    ] = None,
    precision: Annotated[
        int | None, typer.Option(min=1, max=12, help="Decimals shown (default 4).")
    ] = None,
    fmt: Annotated[
        WeighFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: table, or by --output suffix)."
        ),
    ] = None,
    output: Annotated[
        Path | None, typer.Option("--output", "-o", help="Write the report to this file.")
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output file.")
    ] = False,
    lang: Annotated[Lang, typer.Option(help="Language of names: zh or en.")] = Lang.zh,
) -> None:
    """Compute local and global weights, every matrix's CR and the total CR.

    Exits 0 when every matrix and the total ranking are consistent, 1 when any is
    not (the report is still written), 2 on invalid input.
    """
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation

    evaluation = load_evaluation(file, judgments)
    result = solve(
        evaluation,
        method=method.value if method is not None else None,
        ri=_parse_ri(ri),
        cr_threshold=cr_threshold,
    )
    p = precision if precision is not None else evaluation.settings.precision
    chosen = _output_format(fmt.value if fmt is not None else None, output)

    def table() -> Any:
        from ahp_eval.report.weigh_table import weigh_renderable

        return weigh_renderable(result, p, lang.value)

    _deliver(chosen, output, force, table, lambda: _render_weigh(result, chosen, p, lang.value))
    if not result.consistent:
        raise typer.Exit(EXIT_INCONSISTENT)


def _render_weigh(result: object, chosen: str, precision: int, lang: str) -> str:
    from ahp_eval.ahp.hierarchy import HierarchyResult
    from ahp_eval.report import weigh_plain

    assert isinstance(result, HierarchyResult)
    if chosen == "json":
        return weigh_plain.render_json(result)
    if chosen == "csv":
        return weigh_plain.render_csv(result, precision)
    if chosen == "markdown":
        return weigh_plain.render_markdown(result, precision, lang)
    from ahp_eval.report.weigh_table import render_table

    return render_table(result, precision, lang)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval score evaluation.yaml responses.csv --group 平台\n\n"
        "  ahp-eval score evaluation.yaml --marks marks.yaml -o report.html\n\n"
        "  ahp-eval score evaluation.yaml --interactive"
    )
)
@_handle_errors
def score(
    file: Annotated[Path, typer.Argument(help="Evaluation file (YAML).", show_default=False)],
    responses: Annotated[
        Path | None,
        typer.Argument(help="Survey export: CSV (UTF-8 or GB18030) or XLSX.", show_default=False),
    ] = None,
    marks: Annotated[
        Path | None, typer.Option(help="Marks file: indicator id -> mark, for one site.")
    ] = None,
    interactive: Annotated[
        bool, typer.Option("--interactive", help="Ask for each indicator's mark.")
    ] = False,
    group: Annotated[
        str | None, typer.Option(help="Column naming the site or service (default survey.group).")
    ] = None,
    sheet: Annotated[str | None, typer.Option(help="XLSX sheet (default: the first).")] = None,
    drop_invalid: Annotated[
        bool,
        typer.Option(
            "--drop-invalid", help="Drop non-numeric or out-of-scale cells, and list them."
        ),
    ] = False,
    score_formula: Annotated[
        FormulaOption | None,
        typer.Option(help="range: (x-min)/(max-min)*100 (default); max: x/max*100."),
    ] = None,
    bootstrap: Annotated[
        int | None,
        typer.Option(min=100, max=100_000, help="Percentile bootstrap with N resamples."),
    ] = None,
    seed: Annotated[int | None, typer.Option(help="Seed of the bootstrap.")] = None,
    fuzzy: Annotated[
        bool, typer.Option("--fuzzy", help="Add the fuzzy comprehensive evaluation.")
    ] = False,
    judgments: Annotated[
        Path | None, typer.Option("--judgments", "-j", help="Judgments file for the weights.")
    ] = None,
    method: Annotated[MethodOption | None, typer.Option(help="Weighting method override.")] = None,
    ri: Annotated[str | None, typer.Option(help="RI table override.")] = None,
    precision: Annotated[
        int | None, typer.Option(min=1, max=12, help="Decimals shown (default 2).")
    ] = None,
    fmt: Annotated[
        ScoreFormat | None,
        typer.Option(
            "--format", "-f", help="Output format (default: table, or by --output suffix)."
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report: .md, .html, .json, .csv, .txt."),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Replace an existing --output file.")
    ] = False,
    lang: Annotated[Lang, typer.Option(help="Language of names: zh or en.")] = Lang.zh,
) -> None:
    """Score a site or service: composite, grade, interval, sub-scores, weak points.

    Answers come from a survey export (RESPONSES), a marks file (--marks) or the
    terminal (--interactive). Exits 0 on success, 1 when the weights are
    inconsistent (the report is still written), 2 on invalid input.
    """
    from ahp_eval.ahp.hierarchy import solve
    from ahp_eval.io.files import load_evaluation
    from ahp_eval.survey.scoring import score as compute

    sources = sum(x for x in (responses is not None, marks is not None, interactive))
    if sources != 1:
        raise InputError("give exactly one of RESPONSES, --marks FILE or --interactive")
    evaluation = load_evaluation(file, judgments)
    weights = solve(
        evaluation,
        method=method.value if method is not None else None,
        ri=_parse_ri(ri),
    )
    if responses is not None:
        from ahp_eval.io.survey_file import read_responses

        answers = read_responses(
            responses,
            evaluation,
            group=group,
            sheet=sheet,
            drop_invalid=drop_invalid,
            keep_answers=bootstrap is not None,
            fuzzy=fuzzy,
        )
    elif marks is not None:
        from ahp_eval.io.marks_file import read_marks

        answers = read_marks(marks, evaluation)
    else:
        from ahp_eval.io.marks_file import ask_marks, marks_to_responses

        scale = evaluation.survey.scale
        given = ask_marks(evaluation, scale, ask=_ask, tell=_echo_err)
        answers = marks_to_responses(
            given,
            evaluation,
            site=evaluation.name or evaluation.goal.name,
            source="terminal",
            scale=scale,
        )
    result = compute(
        weights,
        answers,
        score_formula=score_formula.value if score_formula is not None else None,
        bootstrap=bootstrap,
        seed=seed,
        fuzzy=fuzzy,
    )
    p = precision if precision is not None else 2
    chosen = _output_format(fmt.value if fmt is not None else None, output)
    for notice in answers.notices(limit=20):
        _echo_err(notice)

    def table() -> Any:
        from ahp_eval.report.score_table import score_renderable

        return score_renderable(result, p, lang.value)

    _deliver(chosen, output, force, table, lambda: _render_score(result, chosen, p, lang.value))
    if not weights.consistent:
        _echo_err("ahp-eval: the weights come from inconsistent judgments (see ahp-eval check)")
        raise typer.Exit(EXIT_INCONSISTENT)


def _ask(prompt: str) -> str:
    """Prompt on standard error (standard output carries the report), read a line."""
    sys.stderr.write(prompt)
    sys.stderr.flush()
    line = sys.stdin.readline()
    if not line:
        raise InputError("no more input at the prompt", path="<terminal>")
    return line


def _render_score(result: object, chosen: str, precision: int, lang: str) -> str:
    from ahp_eval.report import score_plain
    from ahp_eval.survey.scoring import ScoreResult

    assert isinstance(result, ScoreResult)
    if chosen == "json":
        return score_plain.render_score_json(result)
    if chosen == "csv":
        return score_plain.render_score_csv(result, precision)
    if chosen == "markdown":
        return score_plain.render_score_markdown(result, precision, lang)
    if chosen == "html":
        from ahp_eval.report.score_html import render_score_html

        return render_score_html(result, precision, lang)
    from ahp_eval.report.score_table import render_score_table

    return render_score_table(result, precision, lang)


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval check evaluations/\n\n"
        "  ahp-eval check a.yaml b.yaml --format github"
    )
)
@_handle_errors
def check(
    paths: Annotated[
        list[Path],
        typer.Argument(help="Evaluation files or folders to check.", show_default=False),
    ],
    judgments: Annotated[
        Path | None,
        typer.Option("--judgments", "-j", help="Judgments file (only with a single file)."),
    ] = None,
    method: Annotated[MethodOption | None, typer.Option(help="Weighting method override.")] = None,
    ri: Annotated[str | None, typer.Option(help="RI table override.")] = None,
    cr_threshold: Annotated[float | None, typer.Option(help="Threshold override.")] = None,
    fmt: Annotated[CheckFormat, typer.Option("--format", "-f", help="Output format.")] = (
        CheckFormat.text
    ),
    verbose: Annotated[bool, typer.Option("--verbose", "-v", help="Also list files that pass.")] = (
        False
    ),
) -> None:
    """Check every matrix and the total ranking, for CI pipelines.

    A file named on the command line is always checked; in a folder, every *.yaml
    and *.yml file with a top-level 'goal' is checked (other YAML is skipped).
    Prints one line per problem as path:line: message. Exits 0 when all pass, 1
    when any matrix or total ranking is inconsistent, 2 when any file is invalid.
    """
    import gc

    from ahp_eval.io.checking import check_paths
    from ahp_eval.report.check_plain import render_check, summary_line

    # A short-lived process that builds many small acyclic objects: the cyclic
    # collector would only re-scan them (about 6% of the time on a folder of files).
    gc.freeze()
    gc.disable()

    if judgments is not None and (len(paths) != 1 or paths[0].is_dir()):
        raise OptionError("--judgments", "needs exactly one evaluation file, not a folder")
    reports, skipped = check_paths(
        paths,
        judgments=judgments,
        method=method.value if method is not None else None,
        ri=_parse_ri(ri),
        cr_threshold=cr_threshold,
    )
    if any(r.status == "invalid" for r in reports):
        code = EXIT_INPUT
    elif any(r.status == "inconsistent" for r in reports):
        code = EXIT_INCONSISTENT
    else:
        code = EXIT_OK
    sys.stdout.write(render_check(reports, skipped, fmt.value, code, verbose))
    if fmt is not CheckFormat.json:
        _echo_err(summary_line(reports, skipped))
    raise typer.Exit(code)


@app.command(epilog="Example:\n\n  ahp-eval templates")
@_handle_errors
def templates() -> None:
    """List the indicator library: each template's name, sector and size."""
    from ahp_eval.io.library import list_templates
    from ahp_eval.report.common import display_width, ljust

    library = list_templates()
    keys = max([len("template"), *(len(t.key) for t in library)])
    names = max([display_width("名称 Name"), *(display_width(t.title) for t in library)])
    lines = [
        f"{ljust('template', keys)}  {ljust('名称 Name', names)}  criteria  indicators  sector"
    ]
    lines += [
        f"{ljust(t.key, keys)}  {ljust(t.title, names)}  {t.criteria:>8}  {t.indicators:>10}  "
        f"{t.evaluation.sector or ''}"
        for t in library
    ]
    sys.stdout.write("\n".join(lines) + "\n")


@app.command(
    epilog=(
        "Examples:\n\n"
        "  ahp-eval init servqual my-bank/\n\n"
        "  ahp-eval init power-supply-service evaluations/east-district --force"
    )
)
@_handle_errors
def init(
    template: Annotated[
        str, typer.Argument(help="Template key (see ahp-eval templates).", show_default=False)
    ],
    folder: Annotated[Path, typer.Argument(help="Folder to create.", show_default=False)],
    force: Annotated[bool, typer.Option("--force", help="Write into a non-empty folder.")] = False,
) -> None:
    """Create an evaluation folder from a template of the indicator library.

    Writes evaluation.yaml (the template, judgments kept as a starting point),
    survey-template.csv, marks.yaml and a README saying what to edit next.
    """
    from ahp_eval.io.library import init_folder

    for path in init_folder(template, folder, force=force):
        sys.stdout.write(f"wrote {path}\n")


def main() -> None:
    """Console-script entry point."""
    try:
        app()
    except SystemExit:
        raise
    except Exception:  # noqa: BLE001 - a crash outside a command still exits 3
        traceback.print_exc()
        sys.exit(EXIT_INTERNAL)


if __name__ == "__main__":
    main()

"""The one error funnel: what each kind of exception prints, and its exit code."""

from __future__ import annotations

import sys

import pytest
import typer
from typer.testing import CliRunner

from ahp_eval.cli import main
from ahp_eval.cli.errors import handle_errors
from ahp_eval.errors import AhpEvalError, InputError, InputErrors, OptionError

runner = CliRunner()


def failing_app(exc: BaseException) -> typer.Typer:
    """A one-command app whose command raises ``exc`` through the funnel."""
    app = typer.Typer()

    @app.command()
    @handle_errors
    def fail() -> None:
        raise exc

    return app


@pytest.mark.parametrize(
    ("exc", "stderr"),
    [
        (InputError("bad value", path="a.yaml", line=3), "a.yaml:3: bad value\n"),
        (InputError("12 more bad cells", path="s.csv"), "s.csv: 12 more bad cells\n"),
        (InputError("give exactly one source"), "ahp-eval: give exactly one source\n"),
        (OptionError("--ri", "unknown RI table 'x'"), "ahp-eval: --ri: unknown RI table 'x'\n"),
        (
            InputErrors([InputError("late", path="a.yaml", line=9), OptionError("--x", "bad")]),
            "ahp-eval: --x: bad\na.yaml:9: late\n",
        ),
        (AhpEvalError("no template 'x'"), "ahp-eval: no template 'x'\n"),
    ],
)
def test_input_errors_exit_2_with_their_message(exc: Exception, stderr: str) -> None:
    """Located errors print as located; unplaced ones and other AhpEvalErrors after `ahp-eval:`."""
    result = runner.invoke(failing_app(exc), [])
    assert result.exit_code == 2
    assert result.stderr == stderr
    assert result.stdout == ""


def test_unexpected_exception_exits_3_with_the_traceback() -> None:
    """A crash prints its traceback and a one-line note saying it is a bug, and exits 3."""
    result = runner.invoke(failing_app(ZeroDivisionError("division by zero")), [])
    assert result.exit_code == 3
    assert result.stderr.startswith("Traceback (most recent call last):\n")
    assert "ZeroDivisionError: division by zero\n" in result.stderr
    assert result.stderr.endswith(
        "ahp-eval: internal error (exit 3). This is a bug in ahp-eval, not a finding "
        "about your file; please report it with the traceback above.\n"
    )


def test_interrupt_exits_130_and_exit_passes_through() -> None:
    """Ctrl-C exits 130 quietly; a command's own typer.Exit keeps its code."""
    interrupted = runner.invoke(failing_app(KeyboardInterrupt()), [])
    assert (interrupted.exit_code, interrupted.stderr) == (130, "")
    exited = runner.invoke(failing_app(typer.Exit(1)), [])
    assert (exited.exit_code, exited.stderr) == (1, "")


def test_crash_outside_a_command_exits_3(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A crash in the app itself (not in a command) still prints a traceback and exits 3."""

    def broken() -> None:
        raise RuntimeError("broken app")

    monkeypatch.setattr(sys.modules["ahp_eval.cli.app"], "app", broken)
    with pytest.raises(SystemExit) as exit_info:
        main()
    assert exit_info.value.code == 3
    err = capsys.readouterr().err
    assert "RuntimeError: broken app" in err
    assert "internal error (exit 3)" in err

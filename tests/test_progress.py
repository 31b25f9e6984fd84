"""The progress bar of long reads: only on a terminal, only after a delay, never with --quiet."""

from __future__ import annotations

import io
from pathlib import Path

from ahp_eval.report.progress import bytes_per_row, progress_bar


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_no_bar_in_a_pipe() -> None:
    """Standard error that is not a terminal (a pipe, a CI log) gets no callable at all."""
    with progress_bar("reading", stream=io.StringIO()) as progress:
        assert progress is None


def test_no_bar_when_quiet() -> None:
    """--quiet turns the bar off even on a terminal."""
    with progress_bar("reading", enabled=False, stream=Terminal()) as progress:
        assert progress is None


def test_bar_on_a_terminal_after_the_delay(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On a terminal the callable shows a rich bar once the read has run past the delay."""
    shown: list[str] = []

    class Bar:
        def __init__(self, *columns: object, **kwargs: object) -> None:
            shown.append(f"made with {len(columns)} columns" if kwargs else "made")

        def start(self) -> None:
            shown.append("start")

        def add_task(self, label: str, **kwargs: object) -> int:
            shown.append(f"task {label} of {kwargs['total']}")
            return 7

        def update(self, task: int, **kwargs: object) -> None:
            shown.append(f"{task}:{kwargs['completed']}/{kwargs['total']} {kwargs['rate']}")

        def stop(self) -> None:
            shown.append("stop")

    monkeypatch.setattr("rich.progress.Progress", Bar)
    with progress_bar("reading", stream=Terminal(), delay=0.0, row_bytes=10.0) as progress:
        assert progress is not None
        progress(50, 100)
    assert shown[:3] == ["made with 5 columns", "start", "task reading of 100"]
    assert shown[3].startswith("7:50/100 ≈")
    assert shown[3].endswith("rows/s")
    assert shown[-1] == "stop"


def test_before_the_delay_nothing_is_drawn() -> None:
    """A read that ends within the delay never draws (no flicker on small files)."""
    stream = Terminal()
    with progress_bar("reading", stream=stream, delay=3600) as progress:
        assert progress is not None
        progress(10, 100)
        progress(100, 100)
    assert stream.getvalue() == ""


def test_bytes_per_row(tmp_path: Path) -> None:
    """The mean line length of the file's head estimates rows from bytes."""
    path = tmp_path / "r.csv"
    path.write_bytes(b"a,b\n1,2\n3,4\n")
    assert bytes_per_row(path) == 4.0

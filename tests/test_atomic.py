"""The atomic writer: what it never hurts, and what it leaves behind when stopped."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from platforms import POSIX_MODES, POSIX_SIGNALS, SYMLINKS

from ahp_eval.errors import InputError
from ahp_eval.io.atomic import TMP_SUFFIX, remove_stale_temporaries, write_atomic


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(TMP_SUFFIX))


def _pieces_then(action: object) -> Iterator[str]:
    yield "half of the new "
    if isinstance(action, int):
        os.kill(os.getpid(), action)
    else:
        raise RuntimeError("the renderer failed")
    yield "report"


def test_writes_and_replaces(tmp_path: Path) -> None:
    """A new file gets the text; with force an existing file is replaced; no temporary stays."""
    out = tmp_path / "r.txt"
    write_atomic(out, ["a", "b"])
    assert out.read_text(encoding="utf-8") == "ab"
    write_atomic(out, "new")
    assert out.read_text(encoding="utf-8") == "new"
    with pytest.raises(InputError, match="output file exists; use --force"):
        write_atomic(out, "x", force=False)
    assert _leftovers(tmp_path) == []


def test_bom_only_when_asked(tmp_path: Path) -> None:
    """bom=True starts the file with EF BB BF once, however many pieces."""
    out = tmp_path / "r.csv"
    write_atomic(out, ["名称,", "值\n"], bom=True)
    assert out.read_bytes() == b"\xef\xbb\xbf" + "名称,值\n".encode()


@pytest.mark.parametrize(
    ("action", "raised"),
    [
        (None, RuntimeError),
        pytest.param(signal.SIGINT, KeyboardInterrupt, marks=POSIX_SIGNALS),
        pytest.param(signal.SIGTERM, SystemExit, marks=POSIX_SIGNALS),
    ],
)
def test_stopped_mid_write_keeps_the_previous_file(
    tmp_path: Path, action: int | None, raised: type[BaseException]
) -> None:
    """An exception, SIGINT or SIGTERM mid-write: the old file stays, the temporary goes."""
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    before = signal.getsignal(signal.SIGTERM)
    with pytest.raises(raised) as caught:
        write_atomic(out, _pieces_then(action))
    if action == signal.SIGTERM:
        assert caught.value.args == (128 + signal.SIGTERM,)
    assert out.read_text(encoding="utf-8") == "previous"
    assert _leftovers(tmp_path) == []
    assert signal.getsignal(signal.SIGTERM) is before


@POSIX_SIGNALS
def test_sigterm_from_outside_leaves_the_previous_file(tmp_path: Path) -> None:
    """A process terminated while it writes exits 143 and leaves no temporary file."""
    out = tmp_path / "report.json"
    out.write_text("previous", encoding="utf-8")
    code = (
        "import sys, time\n"
        "from ahp_eval.io.atomic import write_atomic\n"
        "def pieces():\n"
        "    yield 'x'\n"
        "    print('writing', flush=True)\n"
        "    time.sleep(30)\n"
        "    yield 'y'\n"
        f"write_atomic({str(out)!r}, pieces())\n"
    )
    with subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True) as proc:
        assert proc.stdout is not None
        assert proc.stdout.readline() == "writing\n"
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=20) == 128 + signal.SIGTERM
    assert out.read_text(encoding="utf-8") == "previous"
    assert _leftovers(tmp_path) == []


@POSIX_SIGNALS
def test_a_killed_writers_temporary_is_removed_by_the_next_write(tmp_path: Path) -> None:
    """After SIGKILL the temporary stays; the next write there removes it (its process is gone)."""
    proc = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        check=True,
        capture_output=True,
        text=True,
    )
    dead = int(proc.stdout)
    stale = tmp_path / f".report.json.{dead}{TMP_SUFFIX}"
    stale.write_text("half", encoding="utf-8")
    alive = tmp_path / f".other.json.{os.getppid()}{TMP_SUFFIX}"  # a running process's
    alive.write_text("busy", encoding="utf-8")
    unrelated = tmp_path / ".notes.1.tmp"
    unrelated.write_text("mine", encoding="utf-8")
    write_atomic(tmp_path / "report.json", "{}")
    assert not stale.exists()
    assert alive.exists()
    assert unrelated.exists()
    assert remove_stale_temporaries(tmp_path) == []


@POSIX_MODES
def test_the_process_umask_is_never_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A new file gets 0o666 less the umask without the writer touching the umask."""
    umask = os.umask(0o027)
    try:

        def refuse(_mask: int) -> int:
            raise AssertionError("the writer changed the umask")

        monkeypatch.setattr(os, "umask", refuse)
        out = tmp_path / "new.txt"
        write_atomic(out, "x")
        assert out.stat().st_mode & 0o777 == 0o640
        out.chmod(0o600)
        write_atomic(out, "y")  # an existing file keeps its mode
        assert out.stat().st_mode & 0o777 == 0o600
    finally:
        monkeypatch.undo()
        os.umask(umask)


@SYMLINKS
def test_a_symbolic_link_is_written_through(tmp_path: Path) -> None:
    """--force through a link writes its target; the link stays a link."""
    target = tmp_path / "real.json"
    target.write_text("old", encoding="utf-8")
    link = tmp_path / "link.json"
    link.symlink_to(target)
    write_atomic(link, "new")
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == "new"
    assert _leftovers(tmp_path) == []


@SYMLINKS
def test_a_link_to_an_input_is_refused(tmp_path: Path) -> None:
    """Naming an input through a link is still naming the input."""
    data = tmp_path / "data.csv"
    data.write_text("a,b\n", encoding="utf-8")
    link = tmp_path / "out.csv"
    link.symlink_to(data)
    with pytest.raises(InputError, match="is an input of this command"):
        write_atomic(link, "report", inputs=[data])
    assert data.read_text(encoding="utf-8") == "a,b\n"


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs on this system")
def test_a_fifo_is_never_replaced(tmp_path: Path) -> None:
    """A FIFO (or a device) is refused, force or not."""
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    with pytest.raises(InputError, match="exists and is not a regular file"):
        write_atomic(fifo, "x")
    assert fifo.exists()
    assert not fifo.is_file()


@pytest.mark.parametrize(
    ("name", "reason"),
    [
        ("missing/out.json", "the folder {tmp}/missing does not exist"),
        ("afile/out.json", "the folder {tmp}/afile is not a folder"),
        ("adir", "it is a folder; name a file in it"),
    ],
)
def test_paths_that_cannot_be_written(tmp_path: Path, name: str, reason: str) -> None:
    """A missing folder, a file used as a folder, a folder used as the file: one clear error."""
    (tmp_path / "afile").write_text("x", encoding="utf-8")
    (tmp_path / "adir").mkdir()
    with pytest.raises(InputError) as caught:
        write_atomic(tmp_path / name, "x")
    assert str(caught.value) == f"cannot write {tmp_path / name}: " + reason.format(tmp=tmp_path)


@pytest.mark.skipif(not Path("/proc/self").is_dir(), reason="no /proc here")
def test_proc_cannot_be_written() -> None:
    """/proc/... is not writable: an InputError, not a crash."""
    with pytest.raises(InputError, match=r"^cannot write /proc/self/ahp-eval-out\.json: "):
        write_atomic("/proc/self/ahp-eval-out.json", "x")


def _big_evaluation(folder: Path, *, consistent: bool) -> Path:
    """An evaluation of 9 x 9 x 9 indicators whose reports run past a pipe's buffer."""
    upper = [
        1.0 if consistent else float(1 + (i + j) % 3) for i in range(9) for j in range(i + 1, 9)
    ]
    lines = ["goal: {id: G, name: 目标}", "criteria:"]
    parents = ["G"]
    for c in range(9):
        lines.append(f"  - id: B{c}\n    name: 准则{c}\n    criteria:")
        parents.append(f"B{c}")
        for d in range(9):
            leaves = ", ".join(f"{{id: C{c}{d}{k}, name: 指标{c}{d}{k}}}" for k in range(9))
            lines.append(f"      - {{id: B{c}{d}, name: 子准则{c}{d}, indicators: [{leaves}]}}")
            parents.append(f"B{c}{d}")
    lines.append("judgments:")
    lines.extend(f"  {node}: {{upper: {upper}}}" for node in parents)
    path = folder / ("big.yaml" if consistent else "big-inconsistent.yaml")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


CLOSING_READER = """
import sys
class ClosedAfterOneWrite:
    # standard output whose reader goes away after the first write, as under `| head -c1`
    def __init__(self, real):
        self.real, self.writes = real, 0
    def write(self, text):
        if self.writes == 0 and text:
            self.real.write(text[:1])
            self.real.flush()
            self.writes = 1
            text = text[1:]
        if self.writes and text and not self.to_null():
            raise BrokenPipeError(32, "Broken pipe")
        return len(text)
    def flush(self):
        if self.writes and not self.to_null():
            raise BrokenPipeError(32, "Broken pipe")
    def to_null(self):
        # once the descriptor is pointed at the null device, writes go nowhere quietly
        import os
        return os.path.samestat(os.fstat(self.real.fileno()), os.stat(os.devnull))
    def __getattr__(self, name):
        return getattr(self.real, name)
sys.stdout = ClosedAfterOneWrite(sys.stdout)
sys.argv = ["ahp-eval", *sys.argv[1:]]
from ahp_eval.cli import main
main()
"""


@pytest.fixture
def big_inputs(tmp_path: Path) -> dict[str, Path]:
    """A large consistent evaluation, and a folder of large inconsistent ones and an invalid one."""
    big = _big_evaluation(tmp_path, consistent=True)
    folder = tmp_path / "folder"
    folder.mkdir()
    for k in range(4):
        _big_evaluation(folder, consistent=False).rename(folder / f"e{k}.yaml")
    (folder / "bad.yaml").write_text("goal: {id: A}\ncriteria: 3\n", encoding="utf-8")
    return {"big": big, "folder": folder}


PIPED = [
    (["weigh", "-f", "json", "{big}"], 0),
    (["weigh", "-f", "markdown", "{big}"], 0),
    (["weigh", "{big}"], 0),
    (["check", "-f", "json", "{folder}"], 2),
    (["check", "{folder}"], 2),
]


@pytest.mark.parametrize(("args", "code"), PIPED)
def test_a_closed_pipe_keeps_the_exit_code(
    big_inputs: dict[str, Path], args: list[str], code: int
) -> None:
    """Standard output closed by its reader mid-report: the run ends quietly with the exit
    code of what it found (not 3 with a BrokenPipeError traceback)."""
    argv = [a.format(**big_inputs) for a in args]
    full = subprocess.run(
        [sys.executable, "-m", "ahp_eval", *argv], capture_output=True, check=False
    )
    assert full.returncode == code
    cut = subprocess.run(
        [sys.executable, "-c", CLOSING_READER, *argv], capture_output=True, check=False
    )
    err = cut.stderr.decode()
    assert cut.returncode == code, err
    assert "Traceback" not in err
    assert "internal error" not in err
    assert len(cut.stdout.decode()) == 1  # the first character, then nothing


@pytest.mark.parametrize(("args", "code"), [PIPED[0], PIPED[3]])
def test_a_real_pipe_closed_after_one_byte(
    big_inputs: dict[str, Path], args: list[str], code: int
) -> None:
    """The same through a real pipe that its reader closes after one byte (on systems where
    writing to a closed pipe fails, the common case)."""
    command = [sys.executable, "-m", "ahp_eval", *(a.format(**big_inputs) for a in args)]
    with subprocess.Popen(
        command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, bufsize=0
    ) as proc:
        assert proc.stdout is not None
        assert proc.stderr is not None
        assert len(proc.stdout.read(1)) == 1
        proc.stdout.close()
        err = proc.stderr.read().decode()
        assert proc.wait(timeout=60) == code, err
    assert "Traceback" not in err

"""Writing an output file atomically, without ever hurting what is already there.

A reader never sees a half-written file: the text (or the bytes) goes to a temporary file
``.NAME.<pid>.ahp-eval.tmp`` in the target's folder, which is flushed, synced and
renamed over the target. On an exception, Ctrl-C (SIGINT) or SIGTERM during the
write, the previous file stays and the temporary file is removed. After a SIGKILL a
temporary file may remain: the next write in that folder removes those whose process
is gone.

What is never replaced: one of the command's inputs (after resolving links and
relative paths), and anything that is not a regular file (a FIFO, a device, a
folder). A symbolic link is written through: its target gets the new text and the
link stays. A path that cannot be written is an :class:`InputError` saying
``cannot write PATH: reason``.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import signal
import stat
import threading
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from types import FrameType
from typing import BinaryIO

from ahp_eval.errors import InputError

__all__ = ["TMP_SUFFIX", "Filler", "remove_stale_temporaries", "write_atomic", "write_atomic_with"]

TMP_SUFFIX = ".ahp-eval.tmp"
_TMP_NAME = re.compile(r"^\..+\.(\d+)" + re.escape(TMP_SUFFIX) + "$")


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same inode, or the same resolved path)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _reason(exc: OSError) -> str:
    return exc.strerror.lower() if exc.strerror else str(exc)


def _cannot(path: str | Path, reason: str) -> InputError:
    return InputError(f"cannot write {path}: {reason}")


def _process_gone(pid: int) -> bool:
    """Whether no process ``pid`` runs (POSIX only; elsewhere nothing is called gone)."""
    if os.name != "posix" or pid <= 0:
        return False
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:  # it exists, owned by someone else
        return False
    return False


def remove_stale_temporaries(folder: Path) -> list[Path]:
    """Remove the temporary files of writes whose process is gone; the ones removed."""
    removed: list[Path] = []
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return removed
    for entry in entries:
        found = _TMP_NAME.match(entry.name)
        if found is None or int(found.group(1)) == os.getpid():
            continue
        if _process_gone(int(found.group(1))):
            with contextlib.suppress(OSError):
                Path(entry.path).unlink()
                removed.append(Path(entry.path))
    return removed


class _Terminated(SystemExit):
    """SIGTERM during a write: clean up, then end as a terminated process would."""


@contextlib.contextmanager
def _sigterm_raises() -> Iterator[None]:
    """While writing (in the main thread), SIGTERM raises instead of killing at once,
    so that the temporary file is removed; the previous handler is restored after."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def _raise(signum: int, _frame: FrameType | None) -> None:
        raise _Terminated(128 + signum)

    try:
        previous = signal.signal(signal.SIGTERM, _raise)
    except (ValueError, OSError):  # not allowed here (an embedded interpreter)
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _destination(path: str | Path, inputs: Iterable[str | Path | None]) -> Path:
    """The file to replace: ``path``, or the file its symbolic link points to."""
    target = Path(path)
    if any(p is not None and _same_file(target, Path(p)) for p in inputs):
        raise InputError(
            "is an input of this command and is never replaced, not even with --force; "
            "choose another output file",
            path=str(path),
        )
    if target.is_symlink():
        target = target.resolve()
    try:
        mode = target.stat().st_mode
    except (FileNotFoundError, NotADirectoryError):  # the folder is checked next
        return target
    except OSError as exc:
        raise _cannot(path, _reason(exc)) from None
    if stat.S_ISDIR(mode):
        raise _cannot(path, "it is a folder; name a file in it")
    if not stat.S_ISREG(mode):
        raise InputError("exists and is not a regular file; choose another output", path=str(path))
    return target


_FLAGS = os.O_RDWR | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0)
"""A new temporary file, read-write (a ZIP writer may read back), bytes as they are
(``O_BINARY``: no newline translation on Windows)."""

Filler = Callable[[BinaryIO], None]
"""Writes a file's bytes to the binary stream it is given (an Excel workbook, say)."""


def write_atomic(
    path: str | Path,
    text: str | bytes | Iterable[str],
    *,
    force: bool = True,
    inputs: Iterable[str | Path | None] = (),
    bom: bool = False,
) -> None:
    """Write ``text`` (UTF-8, with a byte-order mark when ``bom``; a string, or pieces
    of one; or bytes, written as they are) to ``path`` through a temporary file and a
    rename.

    With ``force=False`` an existing file is an error instead of being replaced. One
    of ``inputs`` (the files the command read), or anything that is not a regular
    file, is never replaced; a symbolic link is written through to its target.
    """
    if isinstance(text, bytes):
        data = text

        def fill(fh: BinaryIO) -> None:
            fh.write(data)

    else:
        pieces = [text] if isinstance(text, str) else text

        def fill(fh: BinaryIO) -> None:
            out = io.TextIOWrapper(fh, encoding="utf-8-sig" if bom else "utf-8", newline="")
            for piece in pieces:
                out.write(piece)
            out.flush()
            out.detach()

    write_atomic_with(path, fill, force=force, inputs=inputs)


def write_atomic_with(
    path: str | Path,
    fill: Filler,
    *,
    force: bool = True,
    inputs: Iterable[str | Path | None] = (),
) -> None:
    """:func:`write_atomic` for any bytes: ``fill`` writes them to the binary stream it
    is given (it may seek, as a ZIP writer does), with the same guarantees; when it
    raises, the previous file stays."""
    target = _destination(path, inputs)
    exists = target.exists()
    if not force and exists:
        raise InputError("output file exists; use --force to replace it", path=str(path), line=1)
    directory = target.parent if str(target.parent) else Path()
    if not directory.is_dir():
        what = "is not a folder" if directory.exists() else "does not exist"
        raise _cannot(path, f"the folder {directory} {what}")
    remove_stale_temporaries(directory)
    tmp = directory / f".{target.name}.{os.getpid()}{TMP_SUFFIX}"
    with _sigterm_raises():
        try:
            # A new file gets 0o666 less the umask (applied by the system, so the
            # process umask is never changed); an existing file keeps its mode.
            fd = os.open(tmp, _FLAGS | os.O_TRUNC, 0o666)
        except FileExistsError:
            tmp.unlink()
            fd = os.open(tmp, _FLAGS, 0o666)
        except OSError as exc:
            raise _cannot(path, _reason(exc)) from None
        try:
            if exists:
                tmp.chmod(target.stat().st_mode & 0o7777)
            with os.fdopen(fd, "w+b") as fh:
                fill(fh)
                fh.flush()
                os.fsync(fh.fileno())
            tmp.replace(target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise _cannot(path, _reason(exc)) from None
        except BaseException:
            tmp.unlink(missing_ok=True)
            raise

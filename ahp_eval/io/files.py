"""Loading evaluation files and writing output files atomically."""

from __future__ import annotations

import os
import tempfile
from collections.abc import Iterable
from pathlib import Path

from ahp_eval.errors import InputError
from ahp_eval.io.yaml_source import load_yaml
from ahp_eval.model.evaluation import Evaluation, parse_evaluation

__all__ = ["load_evaluation", "load_evaluation_if_any", "write_atomic"]


def load_evaluation(path: str | Path, judgments: str | Path | None = None) -> Evaluation:
    """Read, check and resolve an evaluation file (and a separate judgments file).

    Raises :class:`~ahp_eval.errors.InputErrors` (or :class:`InputError` for a file
    that cannot be read or parsed) naming the path and line of every problem.
    """
    found = _load(path, judgments, only_evaluations=False)
    assert found is not None
    return found


def load_evaluation_if_any(
    path: str | Path, judgments: str | Path | None = None
) -> Evaluation | None:
    """As :func:`load_evaluation`, for a YAML file found in a folder: None when the file
    is some other YAML (no top-level ``goal``)."""
    return _load(path, judgments, only_evaluations=True)


def _load(
    path: str | Path, judgments: str | Path | None, *, only_evaluations: bool
) -> Evaluation | None:
    data, lines = load_yaml(path)
    if only_evaluations and not (isinstance(data, dict) and "goal" in data):
        return None
    if judgments is None:
        return parse_evaluation(data, path=str(path), lines=lines)
    jdata, jlines = load_yaml(judgments)
    return parse_evaluation(
        data,
        path=str(path),
        lines=lines,
        judgments_data=jdata,
        judgments_path=str(judgments),
        judgments_lines=jlines,
    )


def _same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file (the same inode, or the same resolved path)."""
    try:
        return a.samefile(b)
    except OSError:
        return a.resolve() == b.resolve()


def _file_mode(target: Path) -> int:
    """Keep an existing file's mode; a new file gets 0o666 less the umask."""
    try:
        return target.stat().st_mode & 0o777
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


def write_atomic(
    path: str | Path,
    text: str | Iterable[str],
    *,
    force: bool = True,
    inputs: Iterable[str | Path | None] = (),
) -> None:
    """Write ``text`` (UTF-8; a string, or pieces of one) to ``path`` through a
    temporary file and a rename.

    A reader never sees a half-written file; with ``force=False`` an existing
    file is an error instead of being replaced. One of ``inputs`` (the files the
    command read), or anything that is not a regular file, is never replaced.
    """
    target = Path(path)
    if any(p is not None and _same_file(target, Path(p)) for p in inputs):
        raise InputError(
            "is an input of this command and is never replaced, not even with --force; "
            "choose another output file",
            path=str(path),
        )
    if target.exists() and not target.is_file():
        raise InputError("exists and is not a regular file; choose another output", path=str(path))
    if not force and target.exists():
        raise InputError("output file exists; use --force to replace it", path=str(path), line=1)
    directory = target.parent if str(target.parent) else Path()
    if not directory.is_dir():
        raise InputError("output folder does not exist", path=str(path), line=1)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=directory)
    try:
        Path(tmp).chmod(_file_mode(target))
        with os.fdopen(fd, "w", encoding="utf-8", newline="") as fh:
            for piece in [text] if isinstance(text, str) else text:
                fh.write(piece)
            fh.flush()
            os.fsync(fh.fileno())
        Path(tmp).replace(target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise

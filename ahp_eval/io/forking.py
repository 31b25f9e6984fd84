"""When work may be shared with forked worker processes.

The survey reader folds a large export in two processes, and ``check`` reads a large
folder in two; both fork only where :func:`fork_allowed` says it is safe, and only
where the machine has a second core (:func:`cores`).
"""

from __future__ import annotations

import os
import sys
import threading

__all__ = ["cores", "fork_allowed"]


def fork_allowed() -> bool:
    """Forking is safe: on Linux (macOS may crash in a forked child), with no other
    thread alive (a thread holding a lock at the fork deadlocks the child)."""
    import multiprocessing  # loaded only where forking is considered

    return (
        sys.platform == "linux"
        and threading.active_count() == 1
        and "fork" in multiprocessing.get_all_start_methods()
    )


def cores() -> int:
    """The processor cores this process may run on."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on every platform
        return os.cpu_count() or 1

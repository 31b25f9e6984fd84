"""Markers for tests of what only some systems have (the CI workflow runs on Windows too)."""

from __future__ import annotations

import multiprocessing
import os

import pytest

POSIX_SIGNALS = pytest.mark.skipif(
    os.name != "posix",
    reason="POSIX signals: on Windows os.kill ends a process at once, nothing can be caught",
)
POSIX_MODES = pytest.mark.skipif(
    os.name != "posix", reason="POSIX file modes and umask: Windows has neither"
)
SYMLINKS = pytest.mark.skipif(
    os.name != "posix",
    reason="symbolic links: Windows makes them only with a privilege or developer mode",
)
FORK = pytest.mark.skipif(
    "fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this system"
)

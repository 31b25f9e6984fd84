"""Line marks: where each value of an input document stood in its file."""

from __future__ import annotations

from collections.abc import Hashable, Sequence

__all__ = ["Key", "LineMap"]

Key = tuple[Hashable, ...]


class LineMap:
    """1-based lines of every value in a document, by key path.

    ``marks.line(("judgments", "B2", 1))`` is the line of row 2 of B2's matrix;
    a path that does not exist gives the line of its nearest existing ancestor.
    """

    def __init__(self, lines: dict[Key, int] | None = None) -> None:
        self._lines: dict[Key, int] = dict(lines or {})

    def set(self, key: Key, line: int) -> None:
        self._lines[key] = line

    def line(self, key: Sequence[Hashable]) -> int:
        """Line of the value at ``key``, or of its nearest existing ancestor."""
        path = tuple(key)
        found = self._lines.get(path)
        if found is not None:
            return found
        while path:
            found = self._lines.get(path)
            if found is not None:
                return found
            path = path[:-1]
        return self._lines.get((), 1)

"""A read-only dict: what results and records hold as mappings, so that nothing read from
them can change them.

:class:`FrozenDict` is a ``dict`` (``json.dumps``, ``dict(...)`` and comparisons work as
for any dict) whose every changing method raises :class:`TypeError`, as a
``types.MappingProxyType`` does; unlike one, it pickles, so results cross processes.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, NoReturn, SupportsIndex, TypeVar

__all__ = ["FrozenDict", "frozen"]

K = TypeVar("K")
V = TypeVar("V")


class FrozenDict(dict[K, V]):
    """A dict that cannot be changed once made; ``dict(frozen)`` is a changeable copy."""

    __slots__ = ()

    def _refuse(self) -> NoReturn:
        msg = f"{type(self).__name__} is read-only; change a copy: dict(...)"
        raise TypeError(msg)

    def __setitem__(self, key: K, value: V) -> NoReturn:
        self._refuse()

    def __delitem__(self, key: K) -> NoReturn:
        self._refuse()

    def __ior__(self, other: Any) -> NoReturn:  # type: ignore[misc]
        self._refuse()

    def clear(self) -> NoReturn:
        self._refuse()

    def pop(self, *_: Any) -> NoReturn:
        self._refuse()

    def popitem(self) -> NoReturn:
        self._refuse()

    def setdefault(self, *_: Any) -> NoReturn:
        self._refuse()

    def update(self, *_: Any, **__: Any) -> NoReturn:
        self._refuse()

    def copy(self) -> dict[K, V]:
        """A changeable copy (a plain dict)."""
        return dict(self)

    def __reduce__(self) -> tuple[type[FrozenDict[K, V]], tuple[dict[K, V]]]:
        return (type(self), (dict(self),))

    def __reduce_ex__(self, protocol: SupportsIndex) -> tuple[Any, ...]:
        return self.__reduce__()

    def __copy__(self) -> FrozenDict[K, V]:
        return self

    def __deepcopy__(self, memo: dict[int, Any]) -> FrozenDict[K, V]:
        import copy  # rarely needed

        return type(self)((copy.deepcopy(k, memo), copy.deepcopy(v, memo)) for k, v in self.items())

    def __repr__(self) -> str:
        return f"FrozenDict({dict.__repr__(self)})"


def frozen(items: Iterable[tuple[K, V]] | dict[K, V]) -> FrozenDict[K, V]:
    """The items as a :class:`FrozenDict` (one already frozen as it is)."""
    if isinstance(items, FrozenDict):
        return items
    return FrozenDict(items)

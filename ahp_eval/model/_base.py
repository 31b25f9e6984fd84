"""The base of every record of the input model."""

from __future__ import annotations

from typing import Any, Self

from pydantic import BaseModel, ConfigDict

__all__ = ["Record"]

_DEFAULTS: dict[type[BaseModel], dict[str, tuple[Any, Any]]] = {}
"""Each record class's fields in order: (default factory, default) (None where required)."""


class Record(BaseModel):
    """A frozen pydantic record: unknown fields are errors, nothing changes once built.

    Models are built on first use (``defer_build``), so a command pays only for the
    records it reads.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

    @classmethod
    def checked(cls, **values: Any) -> Self:
        """A record from values already checked (by this model's own validation, or by
        the code that derived them), without checking them again.

        As :meth:`model_construct`, for fields with plain defaults, at a fraction of its
        cost: the reader builds one node and one judgment per entry of every file.
        """
        defaults = _DEFAULTS.get(cls)
        if defaults is None:
            defaults = _DEFAULTS[cls] = {
                name: (info.default_factory, None)
                if info.default_factory is not None
                else (None, None if info.is_required() else info.default)
                for name, info in cls.model_fields.items()
            }
        record = cls.__new__(cls)
        fields = {
            name: values[name] if name in values else factory() if factory else default
            for name, (factory, default) in defaults.items()
        }
        object.__setattr__(record, "__dict__", fields)
        object.__setattr__(record, "__pydantic_fields_set__", set(values))
        object.__setattr__(record, "__pydantic_extra__", None)
        private = cls.__private_attributes__
        object.__setattr__(
            record,
            "__pydantic_private__",
            {
                k: v.default_factory() if v.default_factory is not None else v.default  # type: ignore[call-arg]  # no-argument factories
                for k, v in private.items()
            }
            if private
            else None,
        )
        return record

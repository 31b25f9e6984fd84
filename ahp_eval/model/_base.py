"""The base of every record of the input model."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict

__all__ = ["Record"]


class Record(BaseModel):
    """A frozen pydantic record: unknown fields are errors, nothing changes once built.

    Models are built on first use (``defer_build``), so a command pays only for the
    records it reads.
    """

    model_config = ConfigDict(extra="forbid", frozen=True, defer_build=True)

"""The one strict pydantic base of the package's file schemas."""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict


class Strict(BaseModel):
    """A frozen record that refuses fields it does not know (a misspelt key is an error)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

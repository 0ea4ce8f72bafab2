"""The parties a unit can be assigned to, read from ``parties.yaml``."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from pydantic import ConfigDict, Field, ValidationError

from territory._schema import Strict
from territory._yaml import read_yaml
from territory.errors import DataFileError

PARTY_ID = r"^[a-z][a-z0-9_]*$"


class Party(Strict):
    """A party of the 1920 sources (a state, government or army).

    ``from`` / ``until`` give the span in which the party existed as such; they are
    informative and not used to reject assignments.
    """

    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(pattern=PARTY_ID)
    name: str = Field(min_length=1)
    aliases: tuple[str, ...] = ()
    since: dt.date | None = Field(default=None, alias="from")
    until: dt.date | None = None
    description: str = ""


class _PartiesFile(Strict):
    parties: list[Party]


def read_parties(paths: list[Path]) -> dict[str, Party]:
    """Read one or more parties files into ``id -> Party``.

    Raises
    ------
    DataFileError
        A file is missing or malformed, or repeats an id (file, line, field).
    """
    parties: dict[str, Party] = {}
    for path in paths:
        document = read_yaml(path)
        try:
            parsed = _PartiesFile.model_validate(document.data)
        except ValidationError as exc:
            raise document.validation_errors(exc)[0] from exc
        for index, party in enumerate(parsed.parties):
            if party.id in parties:
                raise document.error(
                    ("parties", index, "id"), "a party id not defined before", party.id
                )
            parties[party.id] = party
    if not parties:
        raise DataFileError(
            ", ".join(map(str, paths)) or "parties", "parties", "at least one party"
        )
    return parties

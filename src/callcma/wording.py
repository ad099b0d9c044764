"""The words the pipeline writes besides the templates' text, read from templates/wording.yaml and typed once."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from .files import read_parsed
from .model import Certainty, Unit
from .settings import TEMPLATES_DIR

WORDING_FILE = TEMPLATES_DIR / "wording.yaml"


class Anchors(BaseModel):
    """Element ids of what the pages show: prefixes of facts, sources, communes and EPCIs, the list of communes, the open data's id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    source: str
    dataset: str
    commune: str
    epci: str
    communes_list: str


class Identifiers(BaseModel):
    """The names of the official identifiers that the JSON-LD gives the territory and its communes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    siren: str
    insee: str
    postal_code: str


class Wording(BaseModel):
    """Every unit and every certainty level has its words: a level or unit added to the model without them fails here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    generated_marker: str
    former_generated_markers: tuple[str, ...] = ()
    anchors: Anchors
    identifiers: Identifiers
    units: dict[Unit, str]
    certainty: dict[Certainty, str]

    @model_validator(mode="after")
    def _complete(self) -> Wording:
        for name, words, expected in (("units", self.units, set(Unit)), ("certainty", self.certainty, set(Certainty))):
            if set(words) != expected:
                raise ValueError(f"{name} must give the words of exactly {sorted(expected)} (got {sorted(words)})")
        return self


def read_wording(path: Path = WORDING_FILE) -> Wording:
    """The wording shipped with the package, as the file says now: `make serve` rebuilds with an edited wording."""
    return read_parsed(path, _parse_wording)


def _parse_wording(content: bytes) -> Wording:
    return Wording.model_validate(yaml.safe_load(content.decode("utf-8")))

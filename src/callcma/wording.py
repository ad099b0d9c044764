"""The words the pipeline writes besides the templates' text, read from templates/wording.yaml (and the open data
tables' templates/colonnes-<table>.yaml) and typed once."""

from __future__ import annotations

from pathlib import Path

import yaml
from pydantic import BaseModel, ConfigDict, model_validator

from .files import read_parsed
from .model import Certainty, DatePart, Unit
from .settings import TEMPLATES_DIR

WORDING_FILE = TEMPLATES_DIR / "wording.yaml"


class Anchors(BaseModel):
    """Element ids of what the pages show: prefixes of facts, sources and communes, the list of communes, the open data's id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: str
    source: str
    dataset: str
    commune: str
    communes_list: str


class Identifiers(BaseModel):
    """The names of the official identifiers that the JSON-LD gives the territory and its communes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    siren: str
    insee: str
    postal_code: str


class OpenData(BaseModel):
    """The words of the open data's datapackage.json; ``title`` holds ``{partners}``, replaced by the partners' abbreviations."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str
    title: str
    description: str
    licence: str


class Wording(BaseModel):
    """Every unit, date part and certainty level has its words: one added to the model without them fails here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    generated_marker: str
    former_generated_markers: tuple[str, ...] = ()
    anchors: Anchors
    identifiers: Identifiers
    open_data: OpenData
    time_framing: dict[str, tuple[str, ...]]
    units: dict[Unit, str]
    deduced_date_parts: dict[DatePart, str]
    certainty: dict[Certainty, str]

    @model_validator(mode="after")
    def _complete(self) -> Wording:
        for name, words, expected in (
            ("units", self.units, set(Unit)),
            ("deduced_date_parts", self.deduced_date_parts, set(DatePart)),
            ("certainty", self.certainty, set(Certainty)),
        ):
            if set(words) != expected:
                raise ValueError(f"{name} must give the words of exactly {sorted(expected)} (got {sorted(words)})")
        return self


class Column(BaseModel):
    """A column of an open data table: its title (the header of the CSV and of the sheet) and what it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    description: str


class TableWording(BaseModel):
    """An open data table's words (templates/colonnes-<table>.yaml): its title, what it holds, each column's words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: str
    description: str
    columns: dict[str, Column]

    @property
    def titles(self) -> dict[str, str]:
        """Each column's title, by its field's name."""
        return {name: column.title for name, column in self.columns.items()}


def read_wording(path: Path = WORDING_FILE) -> Wording:
    """The wording shipped with the package, as the file says now: `make serve` rebuilds with an edited wording."""
    return read_parsed(path, _parse_wording)


def _parse_wording(content: bytes) -> Wording:
    return Wording.model_validate(yaml.safe_load(content.decode("utf-8")))


def read_table_wording(table: str) -> TableWording:
    """The words of an open data table, templates/colonnes-<table>.yaml, as the file says now."""
    return read_parsed(TEMPLATES_DIR / f"colonnes-{table}.yaml", _parse_table_wording)


def _parse_table_wording(content: bytes) -> TableWording:
    return TableWording.model_validate(yaml.safe_load(content.decode("utf-8")))

"""Where the site shows each thing: the anchor of a fact, a source, a partner, a person or a term on its page."""

from __future__ import annotations

import typing

from .model import OWNER_SECTIONS, Cited, Commune, Dataset, DatasetSource, Organisation, Person, Source, Term, entry_model
from .records import EpciName, TerritoryCommune
from .wording import read_wording

Anchored = Cited | Organisation | Person | Source | Term | Commune | DatasetSource | TerritoryCommune | EpciName
# The sections whose entries (or their facts) a page shows at an anchor, which links and the JSON-LD point to: each
# is told about on a page of its own.
ANCHORED_SECTIONS = tuple(section for section in Dataset.model_fields if issubclass(entry_model(section), typing.get_args(Anchored)) or section in OWNER_SECTIONS)


def anchor(thing: Anchored) -> str:
    """The element id that the templates give a thing, and that links and JSON-LD point to."""
    if isinstance(thing, Cited):
        return f"{read_wording().anchors.fact}{thing.id}"
    if isinstance(thing, (Source, DatasetSource)):
        return source_anchor(thing.id)
    if isinstance(thing, Commune):
        return f"{read_wording().anchors.commune}{thing.insee}"
    if isinstance(thing, TerritoryCommune):
        return f"{read_wording().anchors.commune}{thing.code}"
    if isinstance(thing, EpciName):
        return f"{read_wording().anchors.epci}{thing.code}"
    return thing.id


def source_anchor(source_id: str) -> str:
    """The anchor of a source's description on the sources page, from its id alone (as citations name it)."""
    return f"{read_wording().anchors.source}{source_id}"

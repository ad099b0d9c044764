"""Citations to a dataset's record: the archived extract is read, typed, and every value shown is proved by its record.

A quote proves a fact by being found in an article; a record proves it by holding the same value. An article
is cited by quote, a dataset by record (a commune's INSEE code, an EPCI's SIREN), never the other way round.
"""

from __future__ import annotations

import difflib
import hashlib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, StringConstraints, ValidationError, model_validator

from .errors import DataError, Loc, Problem
from .files import read_inside
from .model import Citation, Commune, Dataset, DatasetSource, Fact, InseeCode, Model, PostalCode, RecordKey, Text
from .locator import Locator
from .proof import Claim, Reader, SaidKind, claims, fold, text_claims
from .settings import MAX_DATA_FILE_BYTES, SOURCE_EXTRACT_SUFFIX

# What an EPCI's record counts: its members are communes, and a unit that proves their number is named so.
MEMBERS_WORD = "communes"


class CommuneRecord(Model):
    """A commune as the dataset describes it (the package's own field names)."""

    code: InseeCode
    nom: Text
    codesPostaux: list[PostalCode] = Field(min_length=1)  # noqa: N815 — the package's name


class EpciRecord(Model):
    """The EPCI (SIREN, name) and the INSEE codes of its member communes."""

    code: RecordKey
    nom: Text
    membres: list[InseeCode] = Field(min_length=1)


class DepartementRecord(Model):
    """A département of the member communes: its code and name."""

    code: Annotated[str, StringConstraints(pattern=r"^(\d{2,3}|2[AB])$")]
    nom: Text


class EpciName(Model):
    """An EPCI that communes of the territory are members of: its SIREN and name."""

    code: RecordKey
    nom: Text


class TerritoryCommune(Model):
    """A current commune of the territory, with the SIREN of the EPCI it is a member of (None: of no EPCI)."""

    code: InseeCode
    nom: Text
    codesPostaux: list[PostalCode]  # noqa: N815 — the package's name
    epci: RecordKey | None


class AttachedCommune(Model):
    """A former commune, now delegated to or associated with a current commune (its chef-lieu)."""

    code: InseeCode
    nom: Text
    type: Literal["commune-deleguee", "commune-associee"]
    chefLieu: InseeCode  # noqa: N815 — the package's name


class Territory(Model):
    """Every commune of the départements of the EPCI's members, for the question « is my commune a member? »."""

    departements: list[DepartementRecord] = Field(min_length=1)
    epcis: list[EpciName]
    communes: list[TerritoryCommune] = Field(min_length=1)
    rattachees: list[AttachedCommune]

    @model_validator(mode="after")
    def _consistent(self) -> Territory:
        codes = [commune.code for commune in self.communes]
        if len(set(codes)) != len(codes):
            raise ValueError("a commune of the territory is listed twice")
        sirens = {epci.code for epci in self.epcis}
        unknown = sorted({commune.epci for commune in self.communes if commune.epci is not None} - sirens)
        if unknown:
            raise ValueError(f"communes name EPCIs the territory does not list: {', '.join(unknown)}")
        orphans = sorted(commune.code for commune in self.rattachees if commune.chefLieu not in codes)
        if orphans:
            raise ValueError(f"former communes whose chef-lieu is not a commune of the territory: {', '.join(orphans)}")
        return self


class Extract(Model):
    """What data/sources/<id>.json holds: the vintage the package's own table gives its version, and only the
    records the site uses. The latest vintage also holds the territory (every commune of the members'
    départements), which the site uses to answer for any commune; older vintages hold only the EPCI and its members.
    """

    millesime: int = Field(ge=1943, le=2100)
    epci: EpciRecord
    communes: list[CommuneRecord]
    territoire: Territory | None = None

    @model_validator(mode="after")
    def _members_agree(self) -> Extract:
        if [commune.code for commune in self.communes] != self.epci.membres:
            raise ValueError("the communes listed are not the EPCI's members, in order")
        if self.territoire is not None:
            members = [
                CommuneRecord(code=commune.code, nom=commune.nom, codesPostaux=commune.codesPostaux)
                for commune in self.territoire.communes
                if commune.epci == self.epci.code
            ]
            if sorted(members, key=lambda commune: commune.code) != self.communes:
                raise ValueError("the territory's communes of the EPCI differ from its member communes")
        return self

    def record(self, key: str) -> EpciRecord | CommuneRecord | None:
        """The EPCI (by SIREN) or the commune (by INSEE code) that ``key`` names, if the extract holds it."""
        if key == self.epci.code:
            return self.epci
        return next((commune for commune in self.communes if commune.code == key), None)

    def keys(self) -> list[str]:
        return [self.epci.code, *(commune.code for commune in self.communes)]


def record_values(record: EpciRecord | CommuneRecord) -> dict[str, str | int]:
    """What a record says, by name, as a message shows it."""
    if isinstance(record, EpciRecord):
        return {"name": record.nom, "SIREN": record.code, "member communes": len(record.membres)}
    return {"name": record.nom, "INSEE code": record.code, "postal codes": ", ".join(record.codesPostaux)}


def lookup_table(extract: Extract) -> dict[str, object]:
    """The territory as the communes lookup reads it (communes.js): compact rows, each EPCI given once.

    ``epcis``: [SIREN, name], the EPCI's own first; ``communes``: [INSEE code, name, postal codes, index of its EPCI in
    ``epcis`` or -1 for none]; ``rattachees``: [INSEE code, name, type, INSEE code of the current commune].
    """
    territory = extract.territoire
    assert territory is not None, "only the latest vintage's extract holds the territory"
    epcis = sorted(territory.epcis, key=lambda epci: epci.code != extract.epci.code)
    index = {epci.code: position for position, epci in enumerate(epcis)}
    return {
        "epcis": [[epci.code, epci.nom] for epci in epcis],
        "communes": [[commune.code, commune.nom, commune.codesPostaux, index[commune.epci] if commune.epci else -1] for commune in territory.communes],
        "rattachees": [[commune.code, commune.nom, commune.type, commune.chefLieu] for commune in territory.rattachees],
    }


def latest_dataset(datasets: list[DatasetSource]) -> DatasetSource:
    """The most recent vintage: the one whose extract holds the territory, and whose EPCI name the site shows."""
    if not datasets:
        raise LookupError("no dataset is described in data/sources.yaml (datasets:); the communes pages need one")
    return max(datasets, key=lambda source: source.vintage)


def record_proves(record: EpciRecord | CommuneRecord, claim: Claim, reader: Reader) -> bool:
    """A record proves only what it is about: an EPCI's, the number of its member communes (a figure of a unit named
    « communes »); a commune's, its name."""
    said = claim.said
    if isinstance(record, EpciRecord):
        counts_members = said.unit and said.counts in reader.units and MEMBERS_WORD in (fold(word) for word in reader.units[said.counts].words)
        return said.kind == SaidKind.FIGURE and bool(counts_members) and said.number == len(record.membres)
    return said.kind == SaidKind.NAME and fold(said.name or "") == fold(record.nom)


def extract_path(sources_dir: Path, source: DatasetSource) -> Path:
    return sources_dir / f"{source.id}{SOURCE_EXTRACT_SUFFIX}"


def read_extracts(dataset: Dataset, sources_dir: Path, locator: Locator | None = None) -> dict[str, Extract]:
    """The typed extract of each dataset; a missing or malformed file is a problem at the dataset's id."""
    locator = locator or Locator([])
    extracts: dict[str, Extract] = {}
    problems: list[Problem] = []
    for index, source in enumerate(dataset.datasets):
        path = extract_path(sources_dir, source)
        name = path.relative_to(sources_dir.parent.parent).as_posix()
        if not path.exists() and not path.is_symlink():
            problems.append(locator.problem(("datasets", index, "id"), f"archived extract {name} is missing; regenerate it with scripts/extract_communes.py"))
            continue
        try:
            # As an article's text: a regular file inside data/sources/, of a bounded size.
            content = read_inside(path, name, sources_dir, MAX_DATA_FILE_BYTES)
        except DataError as error:
            problems.extend(error.problems)
            continue
        # The extract is what the pinned package gives, never edited by hand: its digest is recorded beside the package's.
        digest = hashlib.sha256(content).hexdigest()
        if source.extract_sha256 is None:
            problems.append(locator.problem(("datasets", index, "id"), f"no SHA-256 recorded for the archived extract {name}; run `make communes`, which records it as extract_sha256"))
            continue
        if digest != source.extract_sha256:
            problems.append(locator.problem(("datasets", index, "extract_sha256"), f"the archived extract {name} has SHA-256 {digest}, not the recorded one: it was changed by hand; regenerate it with `make communes` (got {source.extract_sha256})"))
            continue
        try:
            extracts[source.id] = Extract.model_validate_json(content)
        except ValidationError as error:
            problems.append(locator.problem(("datasets", index, "id"), f"archived extract {name} is unreadable; regenerate it with scripts/extract_communes.py (got {error.errors()[0]['msg']})"))
            continue
        if (extracts[source.id].territoire is not None) != (source is latest_dataset(dataset.datasets)):
            problems.append(locator.problem(("datasets", index, "id"), f"archived extract {name}: only the latest vintage's extract holds the territory; regenerate the extracts with scripts/extract_communes.py"))
    if problems:
        raise DataError(problems)
    return extracts


def record_of(citation: Citation, extracts: Mapping[str, Extract]) -> EpciRecord | CommuneRecord | None:
    """The record a citation names, or None for a quote or a record the extract does not hold."""
    extract = extracts.get(citation.source)
    return extract.record(citation.record) if extract is not None and citation.record is not None else None


def prove_records(dataset: Dataset, extracts: Mapping[str, Extract], locator: Locator, reader: Reader) -> list[Problem]:
    """Every problem with a citation's kind or record, every value a record it cites does not hold, every dataset whose
    description differs from its extract, and every difference between the list of communes and the members.

    A fact needs one citation to prove it (verify.verify_values); a record it cites must hold its value too,
    so that a source cited as confirming never says otherwise.
    """
    problems = list(_check_kinds(dataset, locator))
    problems += _check_datasets(dataset, extracts, locator, reader)
    for loc, item in dataset.cited():
        if isinstance(item, Fact):
            problems += _prove_fact(item, loc, extracts, locator, reader)
    for index, commune in enumerate(dataset.communes):
        problems += _prove_commune(commune, ("communes", index), extracts, locator)
    problems += _check_members(dataset, extracts, locator)
    return problems


def _check_datasets(dataset: Dataset, extracts: Mapping[str, Extract], locator: Locator, reader: Reader) -> Iterator[Problem]:
    """A dataset's vintage and EPCI are its extract's; a figure in its title is its vintage."""
    for index, source in enumerate(dataset.datasets):
        extract = extracts.get(source.id)
        if extract is None:
            continue
        if source.vintage != extract.millesime:
            yield locator.problem(("datasets", index, "vintage"), f"the extract data/sources/{source.id}.json is of the vintage {extract.millesime}; expected {extract.millesime} (got {source.vintage})")
        if source.epci != extract.epci.code:
            yield locator.problem(("datasets", index, "epci"), f"the extract data/sources/{source.id}.json holds the EPCI {extract.epci.code}; expected {extract.epci.code} (got {source.epci!r})")
        for claim in text_claims("title", source.title, reader):
            if claim.said.number is not None and claim.said.number != extract.millesime:
                yield locator.problem(("datasets", index, "title"), f"the title gives {claim.said.number}, not the vintage of the extract; expected {extract.millesime}")


def _check_kinds(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    """An article is cited by quote, a dataset by record."""
    for loc, _, citation in dataset.citations():
        if citation.source in dataset.datasets_by_id and citation.quote is not None:
            yield locator.problem(loc + ("quote",), f"{citation.source!r} is a dataset: cite one of its records (record: an INSEE code or a SIREN), not a quote")
        elif citation.source in dataset.sources_by_id and citation.record is not None:
            yield locator.problem(loc + ("record",), f"{citation.source!r} is an article: cite it by quote, not by record")


def _records(citations: list[Citation], loc: Loc, extracts: Mapping[str, Extract], locator: Locator) -> Iterator[tuple[int, Citation, EpciRecord | CommuneRecord | Problem]]:
    """Each record citation, by its index, with its record, or the problem of a record the extract does not hold."""
    for index, citation in enumerate(citations):
        extract = extracts.get(citation.source)
        if extract is None or citation.record is None:
            continue  # an unknown source or a quote: reported elsewhere
        record = extract.record(citation.record)
        if record is None:
            close = difflib.get_close_matches(citation.record, extract.keys(), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            record = locator.problem(
                loc + ("citations", index, "record"),
                f"no record {citation.record!r} in data/sources/{citation.source}.json{hint}; expected the INSEE code of a member commune or the EPCI's SIREN",
            )
        yield index, citation, record


def _prove_fact(fact: Fact, loc: Loc, extracts: Mapping[str, Extract], locator: Locator, reader: Reader) -> Iterator[Problem]:
    """Each record a fact cites holds its value (proof.claims of the value): a record proves only what it is about.

    Vintages whose record differs the same way make one problem, at the first of them, naming them all.
    """
    value_claims = [claim for claim in claims(fact, reader, ()) if claim.field == "value"]
    differing: dict[tuple[str, str, str], list[tuple[int, str]]] = {}
    for index, citation, record in _records(fact.citations, loc, extracts, locator):
        if isinstance(record, Problem):
            yield record
            continue
        for claim in value_claims:
            if not record_proves(record, claim, reader):
                held = ", ".join(f"{name} {value!r}" for name, value in record_values(record).items())
                differing.setdefault((citation.record or "", claim.describe(), held), []).append((index, citation.source))
    for (key, what, held), citing in differing.items():
        sources = " and ".join(source for _, source in citing)
        yield locator.problem(
            loc + ("citations", citing[0][0], "record"),
            f"record {key} of {sources} does not hold {what}; it holds {held}, and proves only the number of an EPCI's member communes or a commune's name",
        )


def _prove_commune(commune: Commune, loc: Loc, extracts: Mapping[str, Extract], locator: Locator) -> Iterator[Problem]:
    """A listed commune shows its record's INSEE code, name and postal codes, in every cited vintage.

    Vintages that disagree with the data the same way make one problem, naming them all.
    """
    differing: dict[tuple[str, str, str], list[str]] = {}
    for _, citation, record in _records(commune.citations, loc, extracts, locator):
        if isinstance(record, Problem):
            yield record
        elif not isinstance(record, CommuneRecord):
            yield locator.problem(loc + ("insee",), f"record {citation.record} of {citation.source} is the EPCI, not a commune; expected the commune's INSEE code")
        else:
            for field, shown, held in (
                ("insee", commune.insee, record.code),
                ("name", commune.name, record.nom),
                ("postal_codes", commune.postal_codes, record.codesPostaux),
            ):
                if shown != held:
                    differing.setdefault((field, f"{citation.record}", repr(held)), []).append(citation.source)
    for (field, key, held), sources in differing.items():
        shown = getattr(commune, field)
        yield locator.problem(loc + (field,), f"differs from record {key} of {' and '.join(sources)}: expected {held} (got {shown!r})")


def _check_members(dataset: Dataset, extracts: Mapping[str, Extract], locator: Locator) -> Iterator[Problem]:
    """The list names every member commune of each dataset, each once: none left out, none twice."""
    first: dict[str, int] = {}
    for index, commune in enumerate(dataset.communes):
        if commune.insee in first:
            yield locator.problem(("communes", index, "insee"), f"this commune is already listed, at communes[{first[commune.insee]}]; expected each member commune once (got {commune.insee!r})")
        first.setdefault(commune.insee, index)
    for source_id, extract in extracts.items():
        listed = {citation.record for commune in dataset.communes for citation in commune.citations if citation.source == source_id}
        if not listed:
            yield locator.problem(("communes",), f"no commune cites {source_id}; expected its {len(extract.epci.membres)} member communes, each citing its record", key=True)
            continue
        for code in extract.epci.membres:
            if code not in listed:
                yield locator.problem(("communes",), f"member commune {code} of {source_id} is not listed; expected an entry citing record {code!r}", key=True)


def vintages(commune: Commune, dataset: Dataset) -> list[DatasetSource]:
    """The dataset vintages that list a commune, oldest first."""
    return sorted((dataset.datasets_by_id[c.source] for c in commune.citations if c.source in dataset.datasets_by_id), key=lambda source: source.vintage)




@dataclass(frozen=True)
class Presence:
    """A commune that some dataset vintages list as a member and others do not."""

    code: str
    name: str
    listed_in: list[DatasetSource]
    missing_from: list[DatasetSource]


def membership_differences(dataset: Dataset, extracts: Mapping[str, Extract]) -> list[Presence]:
    """Member communes not listed in every vintage: a disagreement the site shows rather than resolves."""
    names = {commune.code: commune.nom for extract in extracts.values() for commune in extract.communes}
    ordered = sorted(dataset.datasets, key=lambda source: source.vintage)
    differences = []
    for code in sorted(names):
        listed = [source for source in ordered if code in extracts[source.id].epci.membres]
        if len(listed) != len(ordered):
            differences.append(Presence(code, names[code], listed, [source for source in ordered if source not in listed]))
    return differences

"""The data model: every fact, its value, its certainty and its citations, typed once."""

from __future__ import annotations

import calendar
import typing
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Iterator

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints, field_validator, model_validator
from pydantic_core import PydanticCustomError
from pydantic import ValidationInfo

from .addresses import URL_EXPECTED, is_safe_url
from .errors import Loc
from .formula import SYNTAX, SYNTAX_HINT, Calculation, calculate
from .settings import MAX_QUOTE_CHARS, OPEN_DATA_SEPARATOR


class Certainty(StrEnum):
    """How sure a fact is; the levels are explained on the method page."""

    ATTESTED = "attesté"  # the source states it as fact, in its own voice
    JUDGEMENT = "appréciation"  # the source's own judgement or characterisation: shown « selon l'article »
    INFERRED = "déduit"
    CALCULATED = "calculé"
    STATEMENT = "déclaration"  # what a named person or organisation says: shown « selon » them


class DatePart(StrEnum):
    """A part of a date that a *déduit* item may name as deduced by its reasoning rather than read in its quotes."""

    YEAR = "année"
    MONTH = "mois"
    DAY = "jour"


# An id, and a commune's INSEE code (Corsica's start with 2A or 2B), also constrain the open data's Table Schemas.
ID_PATTERN = r"[a-z0-9]+(-[a-z0-9]+)*"
INSEE_PATTERN = r"(\d{5}|2[AB]\d{3})"
Id = Annotated[str, StringConstraints(pattern=f"^{ID_PATTERN}$", max_length=80)]
# A unit's id: words of letters (accents and capitals allowed, as « salariés » or the ISO 4217 « EUR ») joined by dashes.
UnitId = Annotated[str, StringConstraints(pattern=r"^[^\W\d_]+(-[^\W\d_]+)*$", max_length=40)]
# A word that names a unit in a source: letters, and the signs of units (€, /), spaces, apostrophes and hyphens.
UnitWord = Annotated[str, StringConstraints(pattern=r"^[\w€/'’ -]*[^\W\d_€][\w€/'’ -]*$|^€$", max_length=40)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Quote = Annotated[str, StringConstraints(min_length=3, max_length=MAX_QUOTE_CHARS)]
# A commune's INSEE code (Corsica's start with 2A or 2B) or an EPCI's SIREN.
RecordKey = Annotated[str, StringConstraints(pattern=r"^(\d{5}|2[AB]\d{3}|\d{9})$")]
InseeCode = Annotated[str, StringConstraints(pattern=f"^{INSEE_PATTERN}$")]
PostalCode = Annotated[str, StringConstraints(pattern=r"^\d{5}$")]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(max_length=2000)]

# The field each of these certainties requires, and allows only with it: the one statement of the rule, from
# which the validator, the JSON Schema, the fields' descriptions and the method page are derived.
REQUIRED_FIELDS: dict[Certainty, str] = {Certainty.INFERRED: "reasoning", Certainty.CALCULATED: "formula", Certainty.STATEMENT: "speaker"}

# pydantic checks the rule in a validator but cannot write it into the JSON Schema by itself;
# written here so that an editor reading the schema flags the same mistakes while typing.
_CITED_RULES: list[dict[str, Any]] = [
    {"if": {"properties": {"certainty": {"const": level.value}}, "required": ["certainty"]}, "then": {"required": [needed]}}
    for level, needed in REQUIRED_FIELDS.items()
]


def _required_when(field: str, detail: str = "") -> str:
    """A field's description in the JSON Schema: the certainty that requires it."""
    level = next(level for level, needed in REQUIRED_FIELDS.items() if needed == field)
    return f"Required when certainty is {level.value}{detail}."


class Model(BaseModel):
    """Base of every model: unknown fields are errors, values are never silently coerced from text."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Citation(Model):
    """Where a statement comes from: a short quote of an article, or a record of a dataset.

    A quote is found again in the article's archived text; a record (a commune's INSEE code, an EPCI's
    SIREN) is looked up in the dataset's archived extract, and the value shown must equal the record's.
    """

    model_config = ConfigDict(json_schema_extra={"oneOf": [{"properties": {field: {"type": "string"}}, "required": [field]} for field in ("quote", "record")]})

    source: Id
    quote: Quote | None = Field(default=None, description="Words copied from an article's archived text.")
    record: RecordKey | None = Field(default=None, description="A dataset's record: a commune's INSEE code or an EPCI's SIREN.")
    attribution: Quote | None = Field(
        default=None,
        description="With a quote, for a déclaration: the article's words that say who speaks (« poursuit Sylvain Robert »), in the quote's paragraph.",
    )

    @field_validator("quote", "attribution")
    @classmethod
    def _no_separator(cls, quote: str | None) -> str | None:
        if quote is not None and OPEN_DATA_SEPARATOR in quote:
            raise PydanticCustomError(
                "separator", "a quote may not hold « {separator} », which separates a fact's citations in the open data; quote the words around it", {"separator": OPEN_DATA_SEPARATOR}
            )
        return quote

    @model_validator(mode="after")
    def _quote_or_record(self) -> Citation:
        if (self.quote is None) == (self.record is None):
            raise PydanticCustomError("quote_or_record", "expected either a quote (of an article) or a record (of a dataset), not both or neither")
        if self.attribution is not None and self.quote is None:
            raise PydanticCustomError("attribution", "an attribution goes with a quote: a record speaks for no one")
        return self


class Unit(Model):
    """What a number counts: how the site writes it after a number, and the words that name it in a source.

    A number is proven only where a quote writes it with one of its unit's words (« 5 400 salariés », « trois années »).
    """

    id: UnitId
    symbol: Text | None = Field(default=None, description="Written after any number with a narrow no-break space, e.g. €.")
    singular: Text | None = Field(default=None, description="Without a symbol: written after a number below 2, e.g. an.")
    plural: Text | None = Field(default=None, description="Without a symbol: written after any other number, e.g. ans.")
    words: list[UnitWord] = Field(min_length=1, description="Every form in which a source names it after a number, e.g. années, année, ans, an.")
    per: list[UnitId] | None = Field(
        default=None, min_length=2, max_length=2, description="For a quotient, the unit divided and the unit it is divided by, e.g. [EUR, ans] for euros per year."
    )

    @model_validator(mode="after")
    def _written_one_way(self) -> Unit:
        if (self.symbol is None) == (self.singular is None or self.plural is None) or (self.symbol is not None and (self.singular or self.plural)):
            raise PydanticCustomError("unit_written", "expected either a symbol, or a singular and a plural")
        return self

    def written(self, number: int | float) -> str:
        """What follows a number of this unit, space included: « € » after a narrow no-break space, « an » or « ans »."""
        if self.symbol is not None:
            return "\u202f" + self.symbol
        return " " + (self.singular if abs(number) < 2 else self.plural)  # type: ignore[operator]  # both set: see _written_one_way


class Cited(Model):
    """Anything the site states: how sure it is and where it comes from."""

    model_config = ConfigDict(json_schema_extra={"allOf": _CITED_RULES})

    id: Id
    label: Text
    certainty: Annotated[Certainty, Field(strict=False)]  # YAML gives the level as text
    citations: list[Citation] = Field(min_length=1)
    reasoning: Text | None = Field(default=None, validate_default=True, description=_required_when("reasoning"))
    formula: str | None = Field(default=None, validate_default=True, description=_required_when("formula", f": {SYNTAX_HINT}"))
    speaker: Id | None = Field(default=None, validate_default=True, description=_required_when("speaker", ": the id of the person or organisation the source attributes it to"))
    deduced: list[Annotated[DatePart, Field(strict=False)]] | None = Field(
        default=None, min_length=1, description="Only when certainty is déduit: the date parts its reasoning deduces and states; every other part is proven by the quotes."
    )

    @field_validator("deduced")
    @classmethod
    def _deduced_only_when_inferred(cls, value: list[DatePart] | None, info: ValidationInfo) -> list[DatePart] | None:
        if value is not None and info.data.get("certainty") not in (None, Certainty.INFERRED):
            raise PydanticCustomError("unexpected", "only allowed when certainty is {level}", {"level": Certainty.INFERRED.value})
        return value

    @field_validator(*REQUIRED_FIELDS.values())
    @classmethod
    def _match_certainty(cls, value: Any, info: ValidationInfo) -> Any:
        certainty = info.data.get("certainty")
        needed = next(level for level, field in REQUIRED_FIELDS.items() if field == info.field_name)
        if certainty is None:
            return value
        if value is None and certainty == needed:
            raise PydanticCustomError("needed", "required when certainty is {level}", {"level": needed.value})
        if value is not None and certainty != needed:
            raise PydanticCustomError("unexpected", "only allowed when certainty is {level}", {"level": needed.value})
        if info.field_name == "formula" and value is not None and not SYNTAX.match(value):
            raise PydanticCustomError("formula", f"expected {SYNTAX_HINT}")
        return value


class Fact(Cited):
    """A fact with a value: a number with its unit, or a text."""

    model_config = ConfigDict(
        json_schema_extra={
            "allOf": [
                *_CITED_RULES,
                # A null unit (as convention.json writes a text fact's) does not make the value a number.
                {"if": {"properties": {"unit": {"type": "string"}}, "required": ["unit"]}, "then": {"properties": {"value": {"type": "number", "exclusiveMinimum": 0}}}},
            ]
        }
    )

    unit: UnitId | None = Field(default=None, description="The id of a unit of the units list, for a number.")
    value: StrictInt | StrictFloat | Text

    @field_validator("value", mode="before")
    @classmethod
    def _number_or_text(cls, value: Any) -> Any:
        # One clear message instead of one per member of the union.
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise PydanticCustomError("value_type", "expected a number (e.g. 140000) or a text")
        return value

    @field_validator("value")
    @classmethod
    def _number_with_unit(cls, value: Any, info: ValidationInfo) -> Any:
        if info.data.get("unit") is not None:
            if isinstance(value, str):
                raise PydanticCustomError("number_expected", "a value with a unit must be a number written without quotes or spaces, e.g. 140000")
            if value <= 0:
                raise PydanticCustomError("positive_expected", "a value with a unit must be greater than 0")
        return value

    @property
    def is_number(self) -> bool:
        return not isinstance(self.value, str)


class Quotation(Fact):
    """Words a named person said, quoted in the source."""

    @field_validator("certainty")
    @classmethod
    def _is_statement(cls, value: Certainty) -> Certainty:
        if value != Certainty.STATEMENT:
            raise PydanticCustomError("statement", "a quotation's certainty must be déclaration")
        return value


class Event(Cited):
    """A dated step of the timeline; a period has an end."""

    date: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    end: PartialDate | None = Field(default=None, description="YYYY, YYYY-MM or YYYY-MM-DD")

    @field_validator("date", "end")
    @classmethod
    def _real_date(cls, value: str | None, info: ValidationInfo) -> str | None:
        if value is not None:
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                date(parts[0], parts[1], parts[2])
            except ValueError:
                raise PydanticCustomError("date", "{value} is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD", {"value": value}) from None
            start = info.data.get("date")
            if info.field_name == "end" and start is not None and date_span(value)[1] < date_span(start)[0]:
                raise PydanticCustomError("period", "a period ends after it starts; expected an end not before {start}", {"start": start})
        return value


def date_span(partial: str) -> tuple[date, date]:
    """The first and the last day a checked partial date covers: 2017 → 1 January and 31 December 2017."""
    year, month, day = ([int(part) for part in partial.split("-")] + [0, 0])[:3]
    last_month = month or 12
    return date(year, month or 1, day or 1), date(year, last_month, day or calendar.monthrange(year, last_month)[1])


class PartKind(StrEnum):
    """The parts of an article; a quote lies within one, and a footnote names it unless it is the body."""

    TITLE = "titre"
    LEAD = "chapeau"
    CAPTION = "légende de la photo"
    CREDIT = "crédit photo"
    BODY = "corps"


class SourcePart(Model):
    """Lines of the archived text that form one part of the source, e.g. the photo caption."""

    kind: Annotated[PartKind, Field(strict=False)]
    lines: Annotated[str, StringConstraints(pattern=r"^\d+(-\d+)?$")] = Field(description="First and last line of the archived text, e.g. '5-6', or one line, e.g. '1'.")
    starts: Text = Field(description="The part's first words, as the archived text writes them: the build checks them.")

    @property
    def span(self) -> tuple[int, int]:
        """First and last line, counted from 1."""
        first, _, last = self.lines.partition("-")
        return int(first), int(last or first)


class Source(Model):
    """A document the facts are drawn from; its text is archived under data/sources/<id>.txt."""

    id: Id
    title: Text
    outlet: Text
    url: Url
    photo_credit: Text | None = None
    published: PartialDate | None = Field(default=None, description="Publication date, null when unknown.")
    parts: list[SourcePart] = Field(default_factory=list, description="The parts of the archived text, in order; without them the text is one part.")

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        if not is_safe_url(value):
            raise PydanticCustomError("url", URL_EXPECTED)
        return value


# A file inside a package: names of letters, digits, dots, dashes and underscores, none starting with a dot (no « .. »).
PackagePath = Annotated[str, StringConstraints(pattern=r"^[\w-][\w.-]*(/[\w-][\w.-]*)*$", max_length=200)]


Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]


class DatasetFile(Model):
    """A file of a dataset package, with the SHA-256 of its bytes as published."""

    path: PackagePath
    sha256: Sha256


class DatasetSource(Model):
    """An official dataset, as one pinned version of an npm package ships it.

    Only the records the site uses are archived, in data/sources/<id>.json, regenerated from the
    package by scripts/extract_communes.py.
    """

    id: Id
    title: Text
    publisher: Text
    package: Text
    version: Annotated[str, StringConstraints(pattern=r"^\d+\.\d+\.\d+$")]
    vintage: StrictInt = Field(ge=1943, le=2100, description="The year the data describes (millésime).")
    epci: Annotated[str, StringConstraints(pattern=r"^\d{9}$")] = Field(description="SIREN of the EPCI whose record and member communes are extracted.")
    files: list[DatasetFile] = Field(min_length=1, description="The package's files the extract was taken from.")
    extract_sha256: Sha256 | None = Field(
        default=None, description="The SHA-256 of the archived extract, data/sources/<id>.json: scripts/extract_communes.py (make communes) records it; the build checks it."
    )
    licence: Text
    licence_url: Url
    url: Url

    @field_validator("url", "licence_url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        return Source._safe_url(value)  # the same rule as an article's address


class Commune(Model):
    """A member commune of the EPCI, as the site lists it; every field is checked against each cited record."""

    name: Text
    insee: InseeCode
    postal_codes: list[PostalCode] = Field(min_length=1)
    citations: list[Citation] = Field(min_length=1, description="A record (the INSEE code) of each dataset vintage that lists the commune.")

    @property
    def id(self) -> str:
        """A commune is known by its INSEE code (in messages, and to what the page records it shows)."""
        return self.insee


class Organisation(Model):
    """One of the two partners."""

    id: Id
    name: Text
    abbreviation: Text
    called: Text | None = Field(default=None, description="How the site names it in a sentence, article included, e.g. « la CALL »; the abbreviation when absent.")
    other_names: list[Text] = Field(default_factory=list, description="Other names the sources give it, e.g. l'Agglomération: each stands in a quote of its facts.")
    facts: list[Fact] = Field(min_length=1)


class Person(Model):
    """Someone the source names, with the organisation they speak for."""

    id: Id
    name: Text
    role: Text
    organisation: Id
    facts: list[Fact] = Field(min_length=1)


class Axis(Model):
    """One of the plan's three axes."""

    id: Id
    number: StrictInt = Field(gt=0)
    title: Text
    facts: list[Fact] = Field(min_length=1)


class Term(Model):
    """A glossary entry; abbreviations also become tooltips across the site."""

    id: Id
    # Letters, digits, spaces, apostrophes and hyphens, at least two characters and one letter: the term is matched
    # as is in every page's text, where a one-letter term ("a") or a hyphen would mark every such word or sign.
    term: Annotated[str, StringConstraints(pattern=r"^[\w'’ -]*[^\W\d_][\w'’ -]*$", min_length=2, max_length=80)]
    expansion: Text | None = None
    definition: Text
    citations: list[Citation] = Field(min_length=1, description="Where the source uses the term.")


class Unknown(Model):
    """Something a reader may look for that no source says."""

    id: Id
    label: Text
    detail: Text
    about: list[Id] = Field(default_factory=list, description="Ids of the facts it concerns; their pages list it too.")
    citations: list[Citation] = Field(default_factory=list, description="What the source says nearby, if anything.")


class KeyFigure(Model):
    """A home page card: one numeric fact, linked to the page that tells more."""

    fact: Id


class Dataset(Model):
    """Everything the site shows. Each top-level key lives in one data/*.yaml file."""

    sources: list[Source] = Field(min_length=1)
    datasets: list[DatasetSource] = Field(default_factory=list)
    units: list[Unit] = Field(default_factory=list)
    communes: list[Commune] = Field(default_factory=list)
    organisations: list[Organisation] = Field(min_length=1)
    people: list[Person]
    convention: list[Fact]
    axes: list[Axis]
    budget: list[Fact]
    timeline: list[Event]
    territory: list[Fact]
    declarations: list[Quotation]
    glossary: list[Term]
    unknowns: list[Unknown]
    key_figures: list[KeyFigure]

    def cited(self) -> Iterator[tuple[Loc, Cited]]:
        """Every fact and event of the site, with where it stands in the data (to locate a problem)."""
        for section in CITED_SECTIONS:
            for index, item in enumerate(getattr(self, section)):
                yield (section, index), item
        for section in OWNER_SECTIONS:
            for index, owner in enumerate(getattr(self, section)):
                for fact_index, fact in enumerate(owner.facts):
                    yield (section, index, "facts", fact_index), fact

    def cited_by_section(self) -> Iterator[tuple[str, Cited]]:
        """Every fact and event of the site, with the section of the data it belongs to."""
        for section in CITED_SECTIONS:
            for item in getattr(self, section):
                yield section, item
        for section in OWNER_SECTIONS:
            for owner in getattr(self, section):
                for fact in owner.facts:
                    yield section, fact

    def citations(self) -> Iterator[tuple[Loc, str, Citation]]:
        """Every citation of the data set, with where it stands and the id of what it supports."""
        for loc, item in self.cited():
            for index, citation in enumerate(item.citations):
                yield loc + ("citations", index), item.id, citation
        for section in CITING_SECTIONS:
            for index, entry in enumerate(getattr(self, section)):
                for citation_index, citation in enumerate(entry.citations):
                    yield (section, index, "citations", citation_index), entry.id, citation

    @cached_property
    def facts_by_id(self) -> dict[str, Cited]:
        return {item.id: item for _, item in self.cited_by_section()}

    @cached_property
    def numbers_by_id(self) -> dict[str, Fact]:
        """The facts whose value is a number, by id: the operands a formula may name."""
        return {item.id: item for item in self.facts_by_id.values() if isinstance(item, Fact) and item.is_number}

    @cached_property
    def calculations(self) -> dict[str, Calculation]:
        """Every calculated fact's formula, evaluated once, by the fact's id."""
        return {item.id: calculate(item.formula, self.numbers_by_id) for item in self.facts_by_id.values() if isinstance(item, Fact) and item.formula}

    @cached_property
    def units_by_id(self) -> dict[str, Unit]:
        return {unit.id: unit for unit in self.units}

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def datasets_by_id(self) -> dict[str, DatasetSource]:
        return {source.id: source for source in self.datasets}

    @cached_property
    def organisations_by_id(self) -> dict[str, Organisation]:
        return {organisation.id: organisation for organisation in self.organisations}


def entry_model(section: str) -> type[BaseModel]:
    """The model of one entry of a section: ``budget: list[Fact]`` gives Fact."""
    return typing.get_args(Dataset.model_fields[section].annotation)[0]


# The sections by what their entries are, read from the Dataset's fields: a new section needs no other list.
CITED_SECTIONS = tuple(section for section in Dataset.model_fields if issubclass(entry_model(section), Cited))
OWNER_SECTIONS = tuple(section for section in Dataset.model_fields if "facts" in entry_model(section).model_fields)
CITING_SECTIONS = tuple(
    section for section in Dataset.model_fields if section not in CITED_SECTIONS and "citations" in entry_model(section).model_fields
)
ID_SECTIONS = tuple(section for section in Dataset.model_fields if section not in CITED_SECTIONS and "id" in entry_model(section).model_fields)

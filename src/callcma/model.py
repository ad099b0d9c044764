"""The data model: every fact, its value, its certainty and its citations, typed once."""

from __future__ import annotations

import operator
import re
from urllib.parse import urlsplit
from datetime import date
from enum import StrEnum
from functools import cached_property
from typing import Annotated, Any, Iterator

from pydantic import BaseModel, ConfigDict, Field, StrictFloat, StrictInt, StringConstraints, field_validator
from pydantic_core import PydanticCustomError
from pydantic import ValidationInfo

from .errors import Loc
from .settings import MAX_QUOTE_CHARS


class Certainty(StrEnum):
    """How sure a fact is; the four levels are explained on the method page."""

    ATTESTED = "attesté"
    INFERRED = "déduit"
    CALCULATED = "calculé"
    STATEMENT = "déclaration"


class Unit(StrEnum):
    """What a number counts; EUR is the ISO 4217 code of the amounts."""

    EUR = "EUR"
    YEARS = "ans"
    COMMUNES = "communes"
    EMPLOYEES = "salariés"
    BUSINESSES = "enseignes"
    CREATIONS = "créations"
    AXES = "axes"


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9]+(-[a-z0-9]+)*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
Quote = Annotated[str, StringConstraints(min_length=3, max_length=MAX_QUOTE_CHARS)]
PartialDate = Annotated[str, StringConstraints(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")]
Url = Annotated[str, StringConstraints(max_length=2000)]

FORMULA = re.compile(r"^(?P<left>[a-z0-9-]+|\d+(?:\.\d+)?) (?P<op>[-+*/]) (?P<right>[a-z0-9-]+|\d+(?:\.\d+)?)$")
OPERATORS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}
WEB_SCHEMES = ("https", "http")
ALLOWED_URL_SCHEMES = (*WEB_SCHEMES, "mailto")
URL_EXPECTED = "expected an absolute address such as https://example.org/page (http or https, with a host) or mailto:nom@example.org"
# Characters that RFC 3986 never allows unencoded in an address (besides spaces and controls): written raw,
# they are how an address breaks out of an attribute or a Markdown autolink.
_URL_FORBIDDEN = re.compile(r"[\s\x00-\x1f\x7f<>\"'`{}|\\^]")
_HOST = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)*[^\W\d_][\w-]*[^\W_]$|^\d{1,3}(?:\.\d{1,3}){3}$")
_MAIL_ADDRESS = re.compile(r"^[\w.+-]+@(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$")

# Rules that pydantic checks in validators but cannot write into the JSON Schema by itself;
# written here so that an editor reading the schema flags the same mistakes while typing.
_CITED_RULES: list[dict[str, Any]] = [
    {"if": {"properties": {"certainty": {"const": level}}, "required": ["certainty"]}, "then": {"required": [needed]}}
    for level, needed in (("déduit", "reasoning"), ("calculé", "formula"), ("déclaration", "speaker"))
]


class Model(BaseModel):
    """Base of every model: unknown fields are errors, values are never silently coerced from text."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Citation(Model):
    """A short quote copied from a source, which the build finds again in the archived text."""

    source: Id
    quote: Quote


class Cited(Model):
    """Anything the site states: how sure it is and where it comes from."""

    model_config = ConfigDict(json_schema_extra={"allOf": _CITED_RULES})

    id: Id
    label: Text
    certainty: Annotated[Certainty, Field(strict=False)]  # YAML gives the level as text
    citations: list[Citation] = Field(min_length=1)
    reasoning: Text | None = Field(default=None, validate_default=True, description="Required when certainty is déduit.")
    formula: str | None = Field(default=None, validate_default=True, description="Required when certainty is calculé: '<fact id or number> <+|-|*|/> <fact id or number>'.")
    speaker: Id | None = Field(default=None, validate_default=True, description="Required when certainty is déclaration: the person's id.")

    @field_validator("reasoning", "formula", "speaker")
    @classmethod
    def _match_certainty(cls, value: Any, info: ValidationInfo) -> Any:
        certainty = info.data.get("certainty")
        needed = {"reasoning": Certainty.INFERRED, "formula": Certainty.CALCULATED, "speaker": Certainty.STATEMENT}[info.field_name]
        if certainty is None:
            return value
        if value is None and certainty == needed:
            raise PydanticCustomError("needed", "required when certainty is {level}", {"level": needed.value})
        if value is not None and certainty != needed:
            raise PydanticCustomError("unexpected", "only allowed when certainty is {level}", {"level": needed.value})
        if info.field_name == "formula" and value is not None and not FORMULA.match(value):
            raise PydanticCustomError("formula", "expected '<fact id or number> <+|-|*|/> <fact id or number>', e.g. 'budget-montant / budget-duree'")
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

    unit: Annotated[Unit, Field(strict=False)] | None = None
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
    def _real_date(cls, value: str | None) -> str | None:
        if value is not None:
            parts = [int(part) for part in value.split("-")] + [1, 1]
            try:
                date(parts[0], parts[1], parts[2])
            except ValueError:
                raise PydanticCustomError("date", "{value} is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD", {"value": value}) from None
        return value


class Source(Model):
    """A document the facts are drawn from; its text is archived under data/sources/<id>.txt."""

    id: Id
    title: Text
    outlet: Text
    url: Url
    photo_credit: Text | None = None
    published: PartialDate | None = Field(default=None, description="Publication date, null when unknown.")

    @field_validator("url")
    @classmethod
    def _safe_url(cls, value: str) -> str:
        if not is_safe_url(value):
            raise PydanticCustomError("url", URL_EXPECTED)
        return value


class Organisation(Model):
    """One of the two partners."""

    id: Id
    name: Text
    abbreviation: Text
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
        """Every fact and event of the site, with where it stands in the data."""
        for section in ("convention", "budget", "timeline", "territory", "declarations"):
            for index, item in enumerate(getattr(self, section)):
                yield (section, index), item
        for section in ("organisations", "people", "axes"):
            for index, owner in enumerate(getattr(self, section)):
                for fact_index, fact in enumerate(owner.facts):
                    yield (section, index, "facts", fact_index), fact

    def citations(self) -> Iterator[tuple[Loc, str, Citation]]:
        """Every citation of the data set, with where it stands and the id of what it supports."""
        for loc, item in self.cited():
            for index, citation in enumerate(item.citations):
                yield loc + ("citations", index), item.id, citation
        for section in ("glossary", "unknowns"):
            for index, entry in enumerate(getattr(self, section)):
                for citation_index, citation in enumerate(entry.citations):
                    yield (section, index, "citations", citation_index), entry.id, citation

    @cached_property
    def facts_by_id(self) -> dict[str, Cited]:
        return {item.id: item for _, item in self.cited()}

    @cached_property
    def people_by_id(self) -> dict[str, Person]:
        return {person.id: person for person in self.people}

    @cached_property
    def sources_by_id(self) -> dict[str, Source]:
        return {source.id: source for source in self.sources}

    @cached_property
    def organisations_by_id(self) -> dict[str, Organisation]:
        return {organisation.id: organisation for organisation in self.organisations}


def is_safe_url(url: str) -> bool:
    """An absolute http(s) address with a host and nothing after it that could leave an attribute, or a mailto: address.

    Parsed with the standard library's URL parser, never by looking at a prefix alone.
    """
    if _URL_FORBIDDEN.search(url):
        return False
    try:
        parts = urlsplit(url)
        port_is_valid = parts.port is None or parts.port > 0  # reading .port checks it
    except ValueError:  # an unbalanced [ in the host, a port that is not a number
        return False
    if parts.scheme == "mailto":
        return not (parts.netloc or parts.query or parts.fragment) and _MAIL_ADDRESS.match(parts.path) is not None
    return (
        parts.scheme in WEB_SCHEMES
        and url[: len(parts.scheme) + 3].lower() == f"{parts.scheme}://"
        and parts.username is None
        and port_is_valid
        and parts.hostname is not None
        and _HOST.match(parts.hostname) is not None
    )


def formula_terms(formula: str) -> tuple[str, str, str]:
    """Split a checked formula into its left operand, operator and right operand."""
    match = FORMULA.match(formula)
    if match is None:
        raise ValueError(f"not a formula: {formula!r}")
    return match["left"], match["op"], match["right"]


def is_number_literal(term: str) -> bool:
    """A formula operand is a number when it is not a fact id."""
    return re.fullmatch(r"\d+(?:\.\d+)?", term) is not None

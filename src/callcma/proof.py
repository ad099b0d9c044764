"""Proof of values: every number, date part and name a fact shows must stand in one of its citations.

Two questions, kept apart so that a new kind of citation plugs in without touching the rest:

- ``claims(item, names)``: what in the item's displayed value needs proving (numbers with their
  unit, the year, month and day of a date, both ends of a period, names of people and organisations);
- ``citation_proves(citation, claim)``: does this one citation prove this claim? A quote proves a
  number written in digits with any grouping (« 5 400 », « 5400 ») or in French words (« trois
  années » proves 3); a date part the same way, a month by its French name; a name word for word.

Exceptions are written in the data, never implied: a *calculé* value is recomputed from its formula
(references.py), and a *déduit* item lists in ``deduced`` the date parts its reasoning deduces — its
reasoning must then state them.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum
from functools import cache

from .dates import format_partial_date, month_name
from .formatting import format_number_in_words
from .model import Certainty, Cited, Citation, DatePart, Event, Fact

# The language of the sources, in which their quotes are read: the words of numbers, the names of months.
_LANGUAGE = "fr"
# A number as French text writes it: digits grouped by three with a space of any kind, an optional decimal comma.
_NUMBER = re.compile(r"(?<![\d,.])\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:,\d+)?(?![\d])|(?<![\d,.])\d+(?:,\d+)?(?![\d])")
# The typographic variants forgiven between a quote and its source (s3_verify), and here between a value and its
# quotes: apostrophes, minus signs and hyphens, runs of spaces of any kind.
TYPOGRAPHIC_VARIANTS = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2212": "-", "\u2010": "-", "\u2011": "-"}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# A name also forgives en and em dashes: « Nord – Pas-de-Calais » is written both ways, and a name is not a quote.
_FOLD = str.maketrans(TYPOGRAPHIC_VARIANTS | {"\u2013": "-", "\u2014": "-"})


class ClaimKind(StrEnum):
    """What a claim is, as the error message names it."""

    NUMBER = "value"
    YEAR = "year"
    MONTH = "month"
    DAY = "day"
    NAME = "name"


# The date part each kind of claim stands for, so that ``deduced`` can name it.
_DATE_KINDS = {DatePart.YEAR: ClaimKind.YEAR, DatePart.MONTH: ClaimKind.MONTH, DatePart.DAY: ClaimKind.DAY}


@dataclass(frozen=True)
class Claim:
    """One part of a displayed value that a citation must prove."""

    field: str  # the field of the item it is read from: value, label, date or end
    kind: ClaimKind
    shown: str  # as the message writes it: 5500, 2016, novembre, Alain Griset
    number: Decimal | None = None  # for numbers and date parts
    date: str | None = None  # for date parts: the whole date as the site writes it, « 16 novembre 2016 »

    def describe(self) -> str:
        """E.g. ``the value 5500``, ``the year 2016``, ``the name Alain Griset``."""
        return f"the {self.kind.value} {self.shown}"


def claims(item: Cited, names: Iterable[str]) -> Iterator[Claim]:
    """Every part of the item's displayed value (and label) that needs proving, deduced parts included."""
    if isinstance(item, Fact):
        if item.is_number:
            if item.certainty != Certainty.CALCULATED:  # recomputed from its formula instead
                yield Claim("value", ClaimKind.NUMBER, _plain(item.value), Decimal(str(item.value)))
        else:
            yield from _text_claims("value", str(item.value), names)
    if isinstance(item, Event):
        yield from _date_claims("date", item.date)
        if item.end is not None:
            yield from _date_claims("end", item.end)
    yield from _text_claims("label", item.label, ())


def deduced_claim(item: Cited, claim: Claim) -> bool:
    """Whether the item's data says its reasoning, not its quotes, gives this claim."""
    return any(_DATE_KINDS[part] == claim.kind for part in item.deduced or ())


def citation_proves(citation: Citation, claim: Claim, record: Mapping[str, str | int] | None = None) -> bool:
    """Whether one citation proves the claim; the one place that knows the kinds of citation.

    A quote is searched; a record (a dataset's, by INSEE code or SIREN) proves what it holds: ``record``
    is its values by name (records.record_values), None when the dataset has no such record.
    """
    if citation.record is not None:
        return record is not None and record_proves(record, claim)
    return quote_proves(citation.quote or "", claim)


def record_proves(record: Mapping[str, str | int], claim: Claim) -> bool:
    """A record proves a number equal to one of its numbers, a name equal to one of its texts."""
    if claim.number is not None:
        return any(not isinstance(value, str) and Decimal(value) == claim.number for value in record.values())
    return any(isinstance(value, str) and fold(value) == fold(claim.shown) for value in record.values())


def quote_proves(quote: str, claim: Claim) -> bool:
    """A quote proves a number in digits (any grouping) or in French words, a month by its name, a name word for word."""
    text = fold(quote)
    if claim.number is not None:
        return claim.number in numbers_in(text) or _has_words(text, number_words(claim.number))
    return _has_words(text, fold(claim.shown))


def reasoning_states(reasoning: str | None, claim: Claim) -> bool:
    """A deduced date part is vouched for by its reasoning, which must conclude on the whole date (« 16 novembre 2016 »)."""
    return reasoning is not None and claim.date is not None and _has_words(fold(reasoning), fold(claim.date))


def numbers_in(text: str) -> set[Decimal]:
    """The numbers written in digits in a text, whatever their grouping."""
    found: set[Decimal] = set()
    for match in _NUMBER.finditer(text):
        found.add(_decimal(match[0]))
    return found


@cache
def number_words(number: Decimal | int) -> str:
    """A whole number in French words (num2words), e.g. 3 → « trois »; a decimal has no word form here."""
    return format_number_in_words(int(number), _LANGUAGE) if number == int(number) else "\0"


def _decimal(number: str) -> Decimal:
    """A number as _NUMBER finds it in French text: « 5 400 » → 5400, « 46 666,67 » → 46666.67."""
    return Decimal(SPACES.sub("", number).replace(",", "."))


def fold(text: str) -> str:
    """Compare as a reader would: case, apostrophes, dashes and spaces folded."""
    return SPACES.sub(" ", text.translate(_FOLD)).strip().casefold()


def excerpt(quote: str, claim: Claim) -> str:
    """The piece of a quote a message shows: around its nearest number, or its first words."""
    words = SPACES.sub(" ", quote).strip().split(" ")
    text = " ".join(words)
    if claim.number is not None:
        matches = list(_NUMBER.finditer(text))
        if matches:
            nearest = min(matches, key=lambda match: abs(_decimal(match[0]) - claim.number))
            start = nearest.start()
            after = text[nearest.end():].split(" ", 2)
            end = nearest.end() + (len(after[0]) + len(after[1]) + 1 if len(after) > 1 else len(after[0]))
            return _cut(text, start, end)
    return _cut(text, 0, len(" ".join(words[:8])))


def _cut(text: str, start: int, end: int) -> str:
    return f"{'… ' if start > 0 else ''}{text[start:end].strip()}{' …' if end < len(text) else ''}"


def text_claims(field: str, text: str, names: Iterable[str] = ()) -> Iterator[Claim]:
    """The numbers written in digits in a text, and the given names it holds."""
    return _text_claims(field, text, names)


def _text_claims(field: str, text: str, names: Iterable[str]) -> Iterator[Claim]:
    folded = fold(text)
    for match in _NUMBER.finditer(folded):
        number = _decimal(match[0])
        yield Claim(field, ClaimKind.NUMBER, _plain(number), number)
    for name in names:
        if _has_words(folded, fold(name)):
            yield Claim(field, ClaimKind.NAME, name)


def _date_claims(field: str, value: str) -> Iterator[Claim]:
    parts = [int(part) for part in value.split("-")]
    whole = format_partial_date(value, _LANGUAGE)
    yield Claim(field, ClaimKind.YEAR, str(parts[0]), Decimal(parts[0]), whole)
    if len(parts) > 1:
        yield Claim(field, ClaimKind.MONTH, month_name(parts[1], _LANGUAGE), date=whole)
    if len(parts) > 2:
        yield Claim(field, ClaimKind.DAY, str(parts[2]), Decimal(parts[2]), whole)


def _has_words(text: str, words: str) -> bool:
    """``words`` stands in ``text`` as whole words (not inside a longer word)."""
    return re.search(rf"(?<!\w){re.escape(words)}(?!\w)", text) is not None


def _plain(number: Decimal | int | float) -> str:
    """A number as the data writes it: 5500, 46.5."""
    return format(Decimal(str(number)).normalize(), "f")

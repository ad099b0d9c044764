"""Proof of values: every figure, date and name an item shows must be said by one of its citations, as a fact-checker reads them.

A text (a quote, a value, a label) is read into what it says (``Reader.read``), with one small grammar:

- a **figure**: a number in digits (any grouping) or in French words, with what it counts, the word right after it,
  « de » or « d' » allowed between: a unit's word from the units list (« 5 400 salariés », « trois années »,
  « 140 000 euros ») or any other word (« deux partenaires »). « un » and « une » are numbers only before a unit's
  word (elsewhere they are articles);
- a **date**: « 16 novembre », « 1er novembre 2016 », « novembre 2016 », « novembre »;
- a **year** with the word before it (« depuis 2015 ») and a **period** (« 2017-2020 », « de 2017 à 2020 »).

Each item makes claims (``claims``): its number with its unit, the parts of its date its data does not say are
deduced, as one expression, and the figures, dates, years and names written in its texts. A quote proves a claim
when it says the same thing (``says``): « depuis 2015 » never proves « 2 015 créations », nor « trois années » 3 €.
A record proves only what it is about (records.py). Exceptions are written in the data: a *calculé* value is
recomputed from its formula (references.py), a *déduit* date names in ``deduced`` the parts its reasoning gives.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache

from .dates import format_partial_date, month_name
from .errors import Problem
from .locator import Locator
from .model import Certainty, Citation, Cited, Dataset, DatePart, Event, Fact, Organisation, Unit

# The language of the sources, in which their quotes are read: the words of numbers, the names of months.
_LANGUAGE = "fr"
# The typographic variants forgiven between a quote and its source (verify.py), and here between a value and its
# quotes: apostrophes, minus signs and hyphens, runs of spaces of any kind.
TYPOGRAPHIC_VARIANTS = {"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2212": "-", "\u2010": "-", "\u2011": "-"}
SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
# A value also forgives en and em dashes: « Nord – Pas-de-Calais » is written both ways, and a value is not a quote.
_FOLD = str.maketrans(TYPOGRAPHIC_VARIANTS | {"\u2013": "-", "\u2014": "-"})

# The words of the grammar, folded. Numbers in words: their values, and the words that multiply what precedes them.
_SMALL = {
    "zéro": 0, "un": 1, "une": 1, "deux": 2, "trois": 3, "quatre": 4, "cinq": 5, "six": 6, "sept": 7, "huit": 8, "neuf": 9, "dix": 10,
    "onze": 11, "douze": 12, "treize": 13, "quatorze": 14, "quinze": 15, "seize": 16,
}  # fmt: skip
_TENS = {"vingt": 20, "vingts": 20, "trente": 30, "quarante": 40, "cinquante": 50, "soixante": 60}
_HUNDRED = {"cent", "cents"}
_MULTIPLIERS = {"mille": 1000, "million": 10**6, "millions": 10**6, "milliard": 10**9, "milliards": 10**9}
_ARTICLES = {"un", "une"}  # numbers only before a unit's word
_BETWEEN = ({"de"}, {"d", "'"})  # what may stand between a number and what it counts: « de », « d' »
_PERIOD_WORDS = {"de": {"à", "a"}, "entre": {"et"}, "du": {"au"}}  # « de 2017 à 2020 », « entre 2017 et 2020 »
# The words an abbreviation skips: articles, prepositions and « et » (« Chambre des métiers et de l'artisanat », CMA).
_FUNCTION_WORDS = {"de", "des", "du", "d", "la", "le", "les", "l", "et", "à", "au", "aux", "en", "pour", "sur", "par"}
# The words before a year that change what it dates: « depuis 2015 » is not « avant 2015 » (« en 2015 » is 2015).
_YEAR_WORDS = {"depuis", "avant", "après", "dès", "jusqu'en", "jusqu'à"}
_FIRST_DAY = "er"  # « 1er novembre »
# A token of a folded text: a number in digits (thousands grouped by spaces, an optional decimal comma), a word,
# or a sign that counts (€, the dash of a period).
_TOKEN = re.compile(r"(?<![\d,])\d{1,3}(?: \d{3})+(?:,\d+)?(?!\d)|\d+(?:,\d+)?|[^\W\d_]+|[€/'-]")
_YEARS = range(1000, 3000)


@lru_cache(maxsize=8192)
def fold(text: str) -> str:
    """Compare as a reader would: case, apostrophes, dashes and spaces folded (remembered: the same texts come back)."""
    return SPACES.sub(" ", text.translate(_FOLD)).strip().casefold()


class SaidKind(StrEnum):
    """What a piece of text says, as a message names it."""

    FIGURE = "value"
    DATE = "date"
    YEAR = "year"
    PERIOD = "period"
    NAME = "name"


@dataclass(frozen=True)
class Said:
    """One thing a text says: a figure with what it counts, a date, a year (with the word before it), a period, a name.

    ``counts`` is a unit's id (``unit`` true) or the word after the number; ``span`` is where it stands in the folded text.
    """

    kind: SaidKind
    number: Decimal | None = None  # a figure's number, a year, a period's first year
    counts: str | None = None
    unit: bool = False
    day: int | None = None
    month: int | None = None
    year: int | None = None  # a date's year, a period's last year
    before: str | None = None  # the word before a year: « depuis »
    name: str | None = None
    span: tuple[int, int] = field(default=(0, 0), compare=False)

    def shown(self) -> str:
        """As a message writes it: ``5400 salariés``, ``16 novembre 2016``, ``2015 after « depuis »``, ``2017-2020``, ``Alain Griset``."""
        if self.kind == SaidKind.FIGURE:
            return " ".join(part for part in (_plain(self.number), self.counts) if part)
        if self.kind == SaidKind.DATE:
            return " ".join(str(part) for part in (self.day, month_name(self.month, _LANGUAGE) if self.month else None, self.year) if part)
        if self.kind == SaidKind.YEAR:
            return _plain(self.number) + (f" after « {self.before} »" if self.before else "")
        if self.kind == SaidKind.PERIOD:
            return f"{_plain(self.number)}-{self.year}"
        return self.name or ""

    def proves(self, claim: Said) -> bool:
        """Whether what a quote says (self) proves the claim: the same figure with the same unit or word, the same date
        parts, the same year after the same word, the same period, the same name."""
        if claim.kind == SaidKind.FIGURE and claim.counts is None:  # a bare number in a text: any figure or year of it
            return self.number == claim.number and self.kind in (SaidKind.FIGURE, SaidKind.YEAR)
        if claim.kind == SaidKind.YEAR and claim.before is None:  # a year alone: any year, period or date of that year
            return claim.number in (self.number, Decimal(self.year or 0)) and self.kind in (SaidKind.YEAR, SaidKind.PERIOD, SaidKind.DATE)
        if self.kind != claim.kind:
            return False
        if claim.kind == SaidKind.DATE:
            return all(wanted is None or wanted == found for wanted, found in ((claim.day, self.day), (claim.month, self.month), (claim.year, self.year)))
        return self == claim  # positions aside: ``span`` takes no part in comparisons


@dataclass(frozen=True)
class Claim:
    """What an item shows that one of its citations must say, and the field it is shown in."""

    field: str  # value, unit, label, date, end
    said: Said

    def describe(self) -> str:
        """E.g. ``the value 5500 salariés``, ``the date 16 novembre``, ``the name Alain Griset``."""
        return f"the {self.said.kind.value} {self.said.shown()}"


_READ: dict[tuple[tuple[str, tuple[str, ...]], ...], dict[str, tuple[Said, ...]]] = {}


@lru_cache(maxsize=16)
def _phrases(words: tuple[tuple[str, tuple[str, ...]], ...]) -> dict[str, list[tuple[tuple[str, ...], str]]]:
    """Each unit's words as token sequences, by their first token, longest first: « euros par an » before « euros »."""
    phrases = sorted(((tuple(token.text for token in _tokens(fold(word))), unit) for unit, forms in words for word in forms), key=lambda phrase: -len(phrase[0]))
    by_first: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for phrase in phrases:
        by_first.setdefault(phrase[0][0], []).append(phrase)
    return by_first


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    return {fold(month_name(month, _LANGUAGE)): month for month in range(1, 13)}


@dataclass(frozen=True)
class _Token:
    text: str
    start: int
    end: int


class Reader:
    """Reads texts with the units list's words; one per dataset, remembering what each text says."""

    def __init__(self, units: Iterable[Unit]) -> None:
        self.units = {unit.id: unit for unit in units}
        words = tuple((unit.id, tuple(unit.words)) for unit in self.units.values())
        self._phrases = _phrases(words)
        self._months = _months()
        # What each text says, remembered for as long as the units' words are the same (a build, a test session).
        self._read = _READ.setdefault(words, {})

    def read(self, text: str) -> tuple[Said, ...]:
        """Everything a text says, in the order it says it (names aside: see ``name_claims``)."""
        folded = fold(text)
        if folded not in self._read:
            self._read[folded] = tuple(self._statements(folded, _tokens(folded)))
        return self._read[folded]

    def unit_at(self, tokens: list[_Token], index: int, text: str) -> tuple[str, int] | None:
        """The unit whose word starts at ``tokens[index]``, and the index after it; None if none does."""
        for phrase, unit in self._phrases.get(tokens[index].text, ()):
            candidate = tokens[index : index + len(phrase)]
            if tuple(token.text for token in candidate) == phrase and _joined(candidate, text):
                return unit, index + len(phrase)
        return None

    def units_named(self, text: str) -> list[tuple[str, str]]:
        """Every unit whose word a text writes, with that word: the units a label names."""
        folded = fold(text)
        tokens, found, index = _tokens(folded), [], 0
        while index < len(tokens):
            match = self.unit_at(tokens, index, folded)
            if match is None:
                index += 1
                continue
            found.append((match[0], folded[tokens[index].start : tokens[match[1] - 1].end]))
            index = match[1]
        return found

    def _statements(self, text: str, tokens: list[_Token]) -> Iterator[Said]:
        index = 0
        while index < len(tokens):
            number = _number_at(tokens, index, text)
            if number is None:
                month = self._months.get(tokens[index].text)
                if month is not None:  # « Courant novembre », « novembre 2016 »
                    year, after = _year_after(tokens, index + 1, text)
                    yield Said(SaidKind.DATE, month=month, year=year, span=(tokens[index].start, tokens[after - 1].end))
                    index = after
                    continue
                index += 1
                continue
            value, after, in_words, ordinal = number
            said, after = self._after_number(tokens, index, after, value, text, in_words=in_words, ordinal=ordinal)
            if said is not None:
                yield said
            index = after

    def _after_number(self, tokens: list[_Token], first: int, index: int, value: Decimal, text: str, *, in_words: bool, ordinal: bool) -> tuple[Said | None, int]:
        """What a number at tokens[first:index] says, read with the words after it; and where reading goes on."""
        start = tokens[first].start
        nxt = tokens[index] if index < len(tokens) and _joined(tokens[index - 1 : index + 1], text) else None
        month = self._months.get(nxt.text) if nxt is not None else None
        if month is not None and value == int(value) and 1 <= value <= 31:
            year, after = _year_after(tokens, index + 1, text)
            return Said(SaidKind.DATE, day=int(value), month=month, year=year, span=(start, tokens[after - 1].end)), after
        if ordinal:
            return Said(SaidKind.FIGURE, number=value, span=(start, tokens[index - 1].end)), index
        gap = index
        for words in _BETWEEN:
            candidate = tokens[index : index + len(words)]
            if {token.text for token in candidate} == words and len(candidate) == len(words) and _joined(tokens[index - 1 : index + len(words) + 1], text):
                gap = index + len(words)
        unit = self.unit_at(tokens, gap, text) if gap < len(tokens) and _joined(tokens[gap - 1 : gap + 1], text) else None
        if unit is not None:
            return Said(SaidKind.FIGURE, number=value, counts=unit[0], unit=True, span=(start, tokens[unit[1] - 1].end)), unit[1]
        if in_words and tokens[first].text in _ARTICLES and index == first + 1:
            return None, index  # « un ambitieux programme »: an article, not a number
        if not in_words and _is_year(tokens[first], value):
            return self._year(tokens, first, value, text)
        # Any other word is what the number counts (« deux partenaires »); it is read again, as it may start a number.
        noun = tokens[gap] if gap < len(tokens) and _joined(tokens[gap - 1 : gap + 1], text) and tokens[gap].text[0].isalpha() else None
        end = tokens[gap].end if noun is not None else tokens[index - 1].end
        return Said(SaidKind.FIGURE, number=value, counts=noun.text if noun is not None else None, span=(start, end)), index

    def _year(self, tokens: list[_Token], first: int, value: Decimal, text: str) -> tuple[Said, int]:
        """A year: alone, after a word (« depuis 2015 »), or the first of a period (« 2017-2020 », « de 2017 à 2020 »)."""
        # The words right before the year, up to three tokens (« jusqu ' en »), with nothing but spaces between.
        previous = next((tokens[first - count : first] for count in (3, 2, 1) if first >= count and _joined(tokens[first - count : first + 1], text)), [])
        word = text[previous[0].start : previous[-1].end] if previous else ""
        before = next((candidate for candidate in _YEAR_WORDS if word.endswith(candidate) and (len(word) == len(candidate) or word[-len(candidate) - 1] == " ")), None)
        joiners = {"-"} | _PERIOD_WORDS.get(tokens[first - 1].text if first > 0 else "", set())
        period = tokens[first : first + 3]
        if len(period) == 3 and period[1].text in joiners and period[2].text.isdigit() and _is_year(period[2], _digits(period[2].text)) and _joined(period, text):
            return Said(SaidKind.PERIOD, number=value, year=int(period[2].text), span=(period[0].start, period[2].end)), first + 3
        return Said(SaidKind.YEAR, number=value, before=before, span=(tokens[first].start - (len(before) + 1 if before else 0), tokens[first].end)), first + 1


def _tokens(text: str) -> list[_Token]:
    return [_Token(match[0], match.start(), match.end()) for match in _TOKEN.finditer(text)]


def _joined(tokens: list[_Token], text: str) -> bool:
    """Consecutive tokens with nothing but spaces, or nothing, between them (no punctuation)."""
    return all(not text[left.end : right.start].strip() for left, right in zip(tokens, tokens[1:]))


def _digits(text: str) -> Decimal:
    """A number as a French text writes it in digits: « 5 400 » → 5400, « 46 666,67 » → 46666.67."""
    return Decimal(text.replace(" ", "").replace(",", "."))


def _is_year(token: _Token, value: Decimal) -> bool:
    """Four digits, ungrouped, whole: « 2015 » may be a year, « 2 015 » is a count."""
    return token.text.isdigit() and len(token.text) == 4 and int(value) in _YEARS


def _year_after(tokens: list[_Token], index: int, text: str) -> tuple[int | None, int]:
    """The year right after a month (« novembre 2016 »), if any, and the index after the date."""
    if index < len(tokens) and _joined(tokens[index - 1 : index + 1], text) and _is_year(tokens[index], _digits(tokens[index].text) if tokens[index].text.isdigit() else Decimal(0)):
        return int(tokens[index].text), index + 1
    return None, index


def _number_at(tokens: list[_Token], index: int, text: str) -> tuple[Decimal, int, bool, bool] | None:
    """The number starting at tokens[index] (digits, « 1er », or a run of number words), the index after it,
    whether it is in words, and whether it is the ordinal « 1er »; None if no number starts there."""
    token = tokens[index]
    if token.text[0].isdigit():
        value, after = _digits(token.text), index + 1
        if after < len(tokens) and tokens[after].text == _FIRST_DAY and tokens[after].start == token.end and value == 1:
            return value, after + 1, False, True
        if after < len(tokens) and tokens[after].text in _MULTIPLIERS and _joined(tokens[index : after + 1], text):  # « 3 millions »
            return value * _MULTIPLIERS[tokens[after].text], after + 1, False, False
        return value, after, False, False
    words: list[_Token] = []
    for candidate in tokens[index:]:
        if words and not _joined([words[-1], candidate], text):
            break
        if candidate.text == "-" or candidate.text == "et" and words:
            words.append(candidate)
            continue
        if not _continues(_words_value([word.text for word in words]), candidate.text, bool(words)):
            break
        words.append(candidate)
    while words and words[-1].text in ("-", "et"):
        words.pop()
    if not words:
        return None
    return Decimal(_words_value([word.text for word in words])), index + len(words), True, False


def _continues(current: int, word: str, started: bool) -> bool:
    """Whether ``word`` goes on a number written so far (worth ``current``): « vingt » then « et un », not « trois quatre »."""
    if not started:
        return word in _SMALL or word in _TENS or word in _HUNDRED or word == "mille"
    if word in _SMALL:
        return current % 10 == 0 and not 10 < current % 100 < 20 and word != "zéro"
    if word in _TENS:
        return current % 100 == 0 or current % 100 == 4 and word.startswith("vingt")
    if word in _HUNDRED:
        return current % 1000 < 100
    return word in _MULTIPLIERS


def _words_value(words: list[str]) -> int:
    """The value of French number words: « cent quarante mille » → 140000, « quatre-vingt-onze » → 91."""
    total = current = 0
    for word in words:
        if word in ("-", "et"):
            continue
        if word in _SMALL:
            current += _SMALL[word]
        elif word in _TENS:
            current = current - 4 + 80 if current % 100 == 4 and word.startswith("vingt") else current + _TENS[word]
        elif word in _HUNDRED:
            current = (current or 1) * 100
        else:
            total += (current or 1) * _MULTIPLIERS[word]
            current = 0
    return total + current


# --- What an item claims ---------------------------------------------------------------------------------------


def claims(item: Cited, reader: Reader, names: Iterable[str]) -> Iterator[Claim]:
    """Every figure, date, year, period and name an item shows (value, unit, label, date, end), deduced parts left out."""
    if isinstance(item, Fact):
        if item.is_number:
            if item.certainty != Certainty.CALCULATED:  # recomputed from its formula instead
                yield Claim("value", Said(SaidKind.FIGURE, number=Decimal(str(item.value)), counts=item.unit, unit=item.unit is not None))
        else:
            yield from text_claims("value", str(item.value), reader, names)
            yield from name_claims("value", str(item.value), first=True)
    if isinstance(item, Event):
        yield from _date_claims(item)
    yield from text_claims("label", item.label, reader, names)
    yield from name_claims("label", item.label, first=False)


def text_claims(field: str, text: str, reader: Reader, names: Iterable[str] = ()) -> Iterator[Claim]:
    """The figures, dates, years and periods a text writes, and the given names it holds."""
    for said in reader.read(text):
        yield Claim(field, said)
    folded = fold(text)
    for name in names:
        if _has_words(folded, fold(name)):
            yield Claim(field, Said(SaidKind.NAME, name=name))


def name_claims(field: str, text: str, *, first: bool) -> Iterator[Claim]:
    """The words of a text that start with a capital, as names to prove (« Arras », « CALL »); a sentence's first word
    only if ``first`` (a value's capitals are all names; a label's first word is the site's)."""
    for word in _capitalised(text, first=first):
        yield Claim(field, Said(SaidKind.NAME, name=word))


@lru_cache(maxsize=4096)
def _capitalised(text: str, *, first: bool) -> tuple[str, ...]:
    """The words of two letters or more that start with a capital, in order, once each; a sentence's first word only if ``first``."""
    found: list[str] = []
    for match in re.finditer(r"[^\W\d_]{2,}", text):
        sentence_start = re.search(r"(^|[.!?])[^\w.!?]*$", text[: match.start()]) is not None
        if match[0][0].isupper() and (first or not sentence_start) and match[0] not in found:
            found.append(match[0])
    return tuple(found)


def _date_claims(event: Event) -> Iterator[Claim]:
    """An event's date as one expression of the parts its quotes must give; a period of two years as one period."""
    deduced = set(event.deduced or ())
    if event.end is not None and len(event.date) == len(event.end) == 4 and not deduced:
        yield Claim("date", Said(SaidKind.PERIOD, number=Decimal(event.date), year=int(event.end)))
        return
    for field, value in (("date", event.date), ("end", event.end)):
        if value is None:
            continue
        stated = _stated(value, deduced)
        if stated is not None and any(part is not None for part in stated):
            day, month, year = stated
            if day is None and month is None:
                yield Claim(field, Said(SaidKind.YEAR, number=Decimal(year or 0)))
            else:
                yield Claim(field, Said(SaidKind.DATE, day=day, month=month, year=year))


def _stated(value: str, deduced: set[DatePart]) -> tuple[int | None, int | None, int | None] | None:
    """The day, month and year of a date its quotes must give (the parts not deduced); None if they form no date."""
    parts = [int(part) for part in value.split("-")] + [None, None]  # type: ignore[list-item]
    year, month, day = (None if DatePart.YEAR in deduced else parts[0]), (None if DatePart.MONTH in deduced else parts[1]), (None if DatePart.DAY in deduced else parts[2])
    return (day, month, year) if date_expression(day, month, year) else None


def undated_parts(event: Event) -> bool:
    """Whether the parts a deduced date leaves to its quotes form no date a text can write (a day without its month)."""
    deduced = set(event.deduced or ())
    return any(value is not None and _stated(value, deduced) is None for value in (event.date, event.end))


def date_expression(day: int | None, month: int | None, year: int | None) -> bool:
    """Whether these parts form a date a text can write: a day goes with its month, a month alone or with a year, a year alone."""
    return day is None or month is not None


def given_parts(said: Said) -> set[DatePart]:
    """The parts of a date a quote gives as a date (a day with its month, a month, a year with a day or a month); a year
    alone dates anything (« depuis 2015 ») and gives no part to a date."""
    if said.kind != SaidKind.DATE:
        return set()
    return {part for part, value in ((DatePart.DAY, said.day), (DatePart.MONTH, said.month), (DatePart.YEAR, said.year)) if value is not None}


def whole_date(event: Event) -> str:
    """The date as the site writes it, « 16 novembre 2016 »: what a deduced date's reasoning must conclude on."""
    return format_partial_date(event.date, _LANGUAGE)


def reasoning_concludes(event: Event) -> bool:
    """A deduced date is vouched for by its reasoning, which must give the whole date (« 16 novembre 2016 »)."""
    return event.reasoning is not None and _has_words(fold(event.reasoning), fold(whole_date(event)))


# --- Whether a quote says it ----------------------------------------------------------------------------------------


def quote_says(quote: str, claim: Claim, reader: Reader) -> bool:
    """Whether a quote says what the claim claims (names: word for word, whatever the case and the typography)."""
    if claim.said.kind == SaidKind.NAME:
        return _has_words(fold(quote), fold(claim.said.name or ""))
    return any(said.proves(claim.said) for said in reader.read(quote))


def blamed_field(claim: Claim, quotes: Iterable[str], reader: Reader) -> str:
    """The field a problem names: the unit when the quotes write the number with another word and never the unit;
    a period's end when a quote gives a period that starts as this one; else the claim's own field."""
    said = [found for quote in quotes for found in reader.read(quote)]
    claimed = claim.said
    if claim.field == "value" and claimed.kind == SaidKind.FIGURE and claimed.unit:
        if any(found.number == claimed.number for found in said) and not any(found.counts == claimed.counts for found in said):
            return "unit"
    if claim.field == "date" and claimed.kind == SaidKind.PERIOD and any(found.kind == SaidKind.PERIOD and found.number == claimed.number for found in said):
        return "end"
    return claim.field


def excerpt(quote: str, claim: Claim, reader: Reader) -> str:
    """The piece of a quote a message shows: what it says of the claim's kind nearest to it, or its first eight words."""
    text = fold(quote)
    dated = {SaidKind.DATE, SaidKind.YEAR, SaidKind.PERIOD}
    said = [found for found in reader.read(quote) if found.kind == claim.said.kind or {found.kind, claim.said.kind} <= dated]
    if said and claim.said.kind != SaidKind.NAME:
        # What counts the same thing first (« 140 000 euros » for an amount), then the nearest number or date.
        wanted = _magnitude(claim.said)
        nearest = min(said, key=lambda found: (found.counts != claim.said.counts, abs(_magnitude(found) - wanted)))
        return _cut(quote, text, *nearest.span)
    words = SPACES.sub(" ", quote).strip().split(" ")
    return _cut(quote, text, 0, len(fold(" ".join(words[:8]))))


def _magnitude(said: Said) -> Decimal:
    """A number to compare what texts say by: a figure's or a year's number, a date's year, month and day."""
    if said.number is not None:
        return said.number
    return Decimal((said.year or 0) * 10000 + (said.month or 0) * 100 + (said.day or 0))


def _cut(quote: str, folded: str, start: int, end: int) -> str:
    """The quote's own characters between two positions of its folded form (folding keeps lengths but for spaces)."""
    shown = SPACES.sub(" ", quote).strip()
    return f"{'… ' if start > 0 else ''}{shown[start:end].strip()}{' …' if end < len(folded) else ''}"


def _has_words(text: str, words: str) -> bool:
    """``words`` stands in ``text`` as whole words (not inside a longer word)."""
    return _words_pattern(words).search(text) is not None


@lru_cache(maxsize=4096)
def _words_pattern(words: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){re.escape(words)}(?!\w)")


def has_words(text: str, words: str) -> bool:
    """Whether ``words`` stand in ``text`` as whole words, case and typography folded."""
    return _has_words(fold(text), fold(words))


def _plain(number: Decimal | int | float | None) -> str:
    """A number as the data writes it: 5500, 46.5."""
    return "" if number is None else format(Decimal(str(number)).normalize(), "f")


# --- Who and what the data names ------------------------------------------------------------------------------------


def speaker_names(dataset: Dataset, speaker: str) -> list[str]:
    """How an attribution may name a speaker: a person by full name, or by surname after their title (« le président
    Griset »); an organisation by its name, its abbreviation or a name the sources give it (« l'Agglomération »)."""
    person = dataset.people_by_id.get(speaker)
    if person is not None:
        return [person.name, f"{person.role.split()[0]} {person.name.split()[-1]}"]
    organisation = dataset.organisations_by_id.get(speaker)
    return _names(organisation) if organisation is not None else []


def _names(organisation: Organisation) -> list[str]:
    return [organisation.name, organisation.abbreviation, *organisation.other_names]


def prove_names(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    """The names a reader sees beside the facts are proven too: a person's name and role stand together in a quote of
    their facts, and the role names their organisation; an organisation's names stand in a quote of its facts, a
    glossary term in one of its quotes; the axes are numbered from 1 in the order of the list, and titled in the
    words of their quotes."""
    for index, person in enumerate(dataset.people):
        quotes = _quotes(person.facts)
        if not any(has_words(quote, person.name) for quote in quotes):
            yield locator.problem(("people", index, "name"), f"in none of the quotes of this person's facts; expected the name as the source writes it (got {person.name!r})")
        elif not any(re.search(rf"(?<!\w){re.escape(fold(person.name))},? {re.escape(fold(person.role))}(?!\w)", fold(quote)) for quote in quotes):
            yield locator.problem(
                ("people", index, "role"), f"not in a quote of this person's facts right after the name; expected the role as the source gives it, e.g. « {person.name}, … » (got {person.role!r})"
            )
        organisation = dataset.organisations_by_id.get(person.organisation)
        if organisation is not None and not any(has_words(person.role, name) for name in _names(organisation)):
            yield locator.problem(("people", index, "organisation"), f"the role « {person.role} » does not name {organisation.abbreviation}; expected the organisation the role names")
    for index, organisation in enumerate(dataset.organisations):
        quotes = _quotes(organisation.facts)
        named = [("name", organisation.name), ("abbreviation", organisation.abbreviation), ("called", organisation.called)]
        for loc, name in [((field,), value) for field, value in named] + [(("other_names", position), value) for position, value in enumerate(organisation.other_names)]:
            if name is not None and not any(has_words(quote, name) for quote in quotes):
                yield locator.problem(("organisations", index, *loc), f"in none of the quotes of this organisation's facts; expected a name the source gives it (got {name!r})")
        initials = "".join(word[0] for word in re.findall(r"[^\W\d_]+", organisation.name) if fold(word) not in _FUNCTION_WORDS).upper()
        if not initials.startswith(organisation.abbreviation.upper()):
            yield locator.problem(
                ("organisations", index, "abbreviation"), f"not the initials of the name « {organisation.name} »; expected its first letters, {initials[: len(organisation.abbreviation)]!r} (got {organisation.abbreviation!r})"
            )
        if organisation.called is not None and not any(has_words(organisation.called, name) for name in _names(organisation)):
            yield locator.problem(("organisations", index, "called"), f"names neither {organisation.abbreviation} nor another of its names (got {organisation.called!r})")
    for index, term in enumerate(dataset.glossary):
        # A term may stand in the plural: « porteurs de projet » uses « porteur de projet ».
        pattern = " ".join(rf"{re.escape(word)}[sx]?" for word in fold(term.term).split(" "))
        if not any(re.search(rf"(?<!\w){pattern}(?!\w)", fold(text)) for citation in term.citations for text in _term_texts(citation, dataset)):
            where = "its quotes nor of its datasets' titles or identifiers" if any(citation.record for citation in term.citations) else "its quotes"
            yield locator.problem(("glossary", index, "term"), f"in none of {where}; expected the term as the source uses it (got {term.term!r})")
    for index, axis in enumerate(dataset.axes):
        if axis.number != index + 1:
            yield locator.problem(("axes", index, "number"), f"the axes are numbered from 1, in the order of the list; expected {index + 1} (got {axis.number})")
        missing = [word for word in re.findall(r"[^\W\d_]+", axis.title) if not any(has_words(quote, word) for quote in _quotes(axis.facts))]
        if missing:
            yield locator.problem(("axes", index, "title"), f"« {' '.join(missing)} » in none of the quotes of this axis's facts; expected a title in the source's words (got {axis.title!r})")


# The identifier a dataset's record is cited by: an EPCI's SIREN, a commune's INSEE code.
RECORD_IDENTIFIERS = {"epci": "SIREN", "commune": "code INSEE"}


def _term_texts(citation: Citation, dataset: Dataset) -> list[str]:
    """Where a glossary term may stand: its quote; for a dataset's record, the dataset's title and the name of the
    identifier the record is cited by (« millésime », « SIREN »: the dataset uses them, the article not)."""
    if citation.quote is not None:
        return [citation.quote]
    source = dataset.datasets_by_id.get(citation.source)
    if source is None:
        return []
    return [source.title, RECORD_IDENTIFIERS["epci" if citation.record == source.epci else "commune"]]


def _quotes(facts: Iterable[Cited]) -> list[str]:
    return [citation.quote for fact in facts for citation in fact.citations if citation.quote is not None]

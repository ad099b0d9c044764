"""Verification: every quote is found, once, in one part of its source's archived text, and proves what it supports.

Where a quote stands decides what it may prove: its paragraph holds the attribution of a déclaration, and words the
article puts between guillemets are someone's, never the site's (proof.py proves the values themselves).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

from .errors import DataError, Loc, Problem
from .files import read_inside
from .locator import Locator
from .model import Certainty, Citation, Cited, Dataset, DatePart, Event, Fact, PartKind, Source
from .proof import SPACES, TYPOGRAPHIC_VARIANTS, Claim, Reader, blamed_field, claims, excerpt, given_parts, has_words, prove_names, quote_says, reasoning_concludes, speaker_names
from .proof import text_claims, undated_parts, whole_date
from .records import Extract, prove_records, read_extracts, record_of, record_proves
from .settings import MAX_DATA_FILE_BYTES, MIN_SUPPORT_WORDS, SOURCE_EXTRACT_SUFFIX, SOURCE_TEXT_SUFFIX

# The only differences forgiven between a quote and its source: typography, never words.
_TYPOGRAPHIC = str.maketrans(TYPOGRAPHIC_VARIANTS)
_GUILLEMET_SPACING = re.compile(r"(«) | (»)")
# Words between guillemets: one is the article's emphasis (« durable »), kept so on the site; more are someone's words.
_QUOTED = re.compile(r"«([^«»]*)»")


@lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Fold the typographic variants that the method page lists, so only the words are compared (remembered: the
    same quotes and lines come back at every check of a long `make serve`)."""
    text = SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()
    return _GUILLEMET_SPACING.sub(lambda match: match[1] or match[2], text)


@dataclass(frozen=True)
class Part:
    """One part of a source's archived text, normalised, with where each of its paragraphs (lines) starts and ends.

    kind is None when the source is not divided.
    """

    kind: PartKind | None
    text: str
    paragraphs: tuple[tuple[int, int], ...]

    @classmethod
    def of_lines(cls, kind: PartKind | None, lines: list[str]) -> Part:
        text, paragraphs = "", []
        for line in (normalise(line) for line in lines):
            if line:
                text += " " if text else ""
                paragraphs.append((len(text), len(text) + len(line)))
                text += line
        return cls(kind, text, tuple(paragraphs))

    @cached_property
    def quoted(self) -> tuple[tuple[int, int], ...]:
        """Where the words between guillemets stand (inside the « »)."""
        return tuple((match.start(1), match.end(1)) for match in _QUOTED.finditer(self.text))


@dataclass(frozen=True)
class Place:
    """Where a quote was found: its part, and its first and last character there."""

    part: Part
    start: int
    end: int

    @property
    def paragraph(self) -> tuple[int, int]:
        """The span of the paragraphs the quote stands in."""
        touched = [span for span in self.part.paragraphs if span[0] < self.end and self.start < span[1]]
        return touched[0][0], touched[-1][1]

    def quoted(self) -> list[str]:
        """The words between guillemets the quote takes, one passage each."""
        return [self.part.text[start:end] for start, end in self.part.quoted if start < self.end and self.start < end]


@dataclass(frozen=True)
class Verified:
    """What verifying read and found: each article's text by part, where each quote stands, each dataset's extract."""

    parts: dict[str, list[Part]]
    places: dict[Citation, Place]
    extracts: dict[str, Extract]


def read_sources(dataset: Dataset, sources_dir: Path, locator: Locator) -> dict[str, list[Part]]:
    """The normalised parts of each source's archived text; a missing or unreadable file, or a wrong part, is a problem."""
    texts: dict[str, list[Part]] = {}
    problems: list[Problem] = []
    for index, source in enumerate(dataset.sources):
        path = sources_dir / f"{source.id}{SOURCE_TEXT_SUFFIX}"
        if not path.exists() and not path.is_symlink():
            problems.append(locator.problem(("sources", index, "id"), f"archived text {_name(path, sources_dir)} is missing; save the source's text there"))
            continue
        try:
            # In NFC, as the data: a source saved with decomposed letters reads as the same text.
            lines = unicodedata.normalize("NFC", read_inside(path, _name(path, sources_dir), sources_dir, MAX_DATA_FILE_BYTES).decode("utf-8")).splitlines()
        except DataError as error:
            problems.extend(error.problems)
            continue
        except UnicodeDecodeError:
            problems.append(locator.problem(("sources", index, "id"), f"archived text {_name(path, sources_dir)} is not UTF-8"))
            continue
        if not source.parts:
            texts[source.id] = [Part.of_lines(None, lines)]
            continue
        part_problems = list(_check_parts(source, index, lines, _name(path, sources_dir), locator))
        problems += part_problems
        if not part_problems:
            texts[source.id] = [Part.of_lines(part.kind, lines[part.span[0] - 1 : part.span[1]]) for part in source.parts]
    # Nothing in the folder is silently ignored: a text that no source names is a mistake, not an archive.
    named = {f"{source.id}{SOURCE_TEXT_SUFFIX}" for source in dataset.sources} | {f"{source.id}{SOURCE_EXTRACT_SUFFIX}" for source in dataset.datasets}
    problems += [
        Problem(_name(path, sources_dir), 1, 1, "(file)", f"not read by the build: no source of the data has the id {path.stem!r}; describe the source in a data file, or remove this file")
        for path in sorted(sources_dir.iterdir() if sources_dir.is_dir() else ())
        if path.name not in named
    ]
    if problems:
        raise DataError(problems)
    return texts


def _check_parts(source: Source, index: int, lines: list[str], name: str, locator: Locator) -> Iterator[Problem]:
    """Parts follow each other without overlap, within the text, each starting with its words, and leave no line out."""
    covered: set[int] = set()
    previous, misplaced = 0, False
    for part_index, part in enumerate(source.parts):
        loc = ("sources", index, "parts", part_index)
        first, last = part.span
        if not previous < first <= last <= len(lines):
            yield locator.problem(loc + ("lines",), f"expected lines in order after line {previous}, within the {len(lines)} lines of {name} (got {part.lines!r})")
            misplaced = True
            continue
        if not normalise(lines[first - 1]).startswith(normalise(part.starts)):
            shown = " ".join(normalise(lines[first - 1]).split(" ")[:8])
            yield locator.problem(loc + ("starts",), f"line {first} of {name} does not start with these words; it starts «{shown}»")
        covered.update(range(first, last + 1))
        previous = last
    left_out = [number for number, line in enumerate(lines, 1) if line.strip() and number not in covered]
    if left_out and not misplaced:
        yield locator.problem(("sources", index, "parts"), f"line {left_out[0]} of {name} belongs to no part; every line with text must be in one part")


def verify_citations(dataset: Dataset, sources_dir: Path, locator: Locator) -> Verified:
    """Find every quote in one part of its source, once, on word boundaries, and prove what each item shows;
    raise one DataError listing every problem. Returns the sources as read (the extracts read once) and where each
    quote was found, for the footnotes to say so."""
    texts = read_sources(dataset, sources_dir, locator)
    places, unfound, problems = _find_quotes(dataset, texts, sources_dir, locator)
    reader = Reader(dataset.units)
    problems += _verify_sources(dataset, texts, locator)
    problems += verify_quotations(dataset, locator)
    problems += verify_speakers(dataset, places, locator)
    problems += verify_support(dataset, unfound, locator)
    problems += prove_names(dataset, locator)
    try:
        extracts = read_extracts(dataset, sources_dir, locator)
    except DataError as error:  # reported with the rest; what records prove cannot be told without them
        problems += error.problems
        extracts = {}
    else:
        problems += verify_values(dataset, locator, extracts, reader)
        problems += prove_records(dataset, extracts, locator, reader)
    if problems:
        raise DataError(problems)
    return Verified(texts, places, extracts)


def _find_quotes(dataset: Dataset, texts: Mapping[str, list[Part]], sources_dir: Path, locator: Locator) -> tuple[dict[Citation, Place], set[int], list[Problem]]:
    """Where each quote stands, and the citations (by ``id``) whose quote is not found; a quote not found, cut inside
    a word, across two parts or not unique is a problem."""
    places: dict[Citation, Place] = {}
    unfound: set[int] = set()
    problems: list[Problem] = []
    for loc, owner, citation in dataset.citations():
        if citation.source not in texts or citation.quote is None:  # an unknown source: the reference check; a record: records.py
            continue
        found = find_quote(texts[citation.source], normalise(citation.quote))
        if isinstance(found, str):
            name = _name(sources_dir / (citation.source + SOURCE_TEXT_SUFFIX), sources_dir)
            problems.append(locator.problem(loc + ("quote",), f"the quote supporting {owner!r} {found.format(source=name)}: «{' '.join(citation.quote.split())}»"))
            unfound.add(id(citation))
            continue
        places[citation] = found
    return places, unfound, problems


def find_quote(parts: list[Part], quote: str) -> Place | str:
    """The one place holding the quote as whole words, or why there is none (a message with a {source} field)."""
    inside_word = False
    for part in parts:
        starts = _occurrences(part.text, quote)
        found = [start for start in starts if _whole_words(part.text, start, start + len(quote))]
        inside_word = inside_word or bool(starts) and not found
        if len(found) > 1:
            where = f"its part « {part.kind.value} » of {{source}}" if part.kind else "{source}"
            return f"stands {len(found)} times in {where}; quote more words, so that it names one passage"
        if found:
            return Place(part, found[0], found[0] + len(quote))
    if inside_word:
        return "starts or ends inside a word in {source}; quote whole words"
    if quote in " ".join(part.text for part in parts):
        return f"runs across two parts of {{source}}; a quote must lie within one part ({', '.join(PartKind)})"
    return "is not in {source}"


def _occurrences(text: str, words: str, start: int = 0, end: int | None = None) -> list[int]:
    """Where ``words`` start in text[start:end], overlapping or not."""
    found, end = [], len(text) if end is None else end
    position = text.find(words, start, end)
    while position != -1:
        found.append(position)
        position = text.find(words, position + 1, end)
    return found


def _find_in(text: str, words: str, start: int, end: int) -> int | None:
    """Where ``words`` stand as whole words in text[start:end], if they do."""
    return next((position for position in _occurrences(text, words, start, end) if _whole_words(text, position, position + len(words))), None)


def _whole_words(text: str, start: int, end: int) -> bool:
    """Neither end of text[start:end] cuts a word: a letter or digit at an end has no letter or digit beside it."""
    cut_start = start > 0 and text[start].isalnum() and text[start - 1].isalnum()
    cut_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (cut_start or cut_end)


def _verify_sources(dataset: Dataset, texts: Mapping[str, list[Part]], locator: Locator) -> Iterator[Problem]:
    """A source's title and photo credit, shown on the Sources page, stand in its archived text."""
    for index, source in enumerate(dataset.sources):
        text = " ".join(part.text for part in texts.get(source.id, []))
        for field in ("title", "photo_credit"):
            value = getattr(source, field)
            if value is not None and text and not has_words(text, value):
                yield locator.problem(("sources", index, field), f"not in the archived text of the source; expected its words as the text gives them (got {value!r})")


def verify_quotations(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    """A quotation's words, shown on the site as said word for word, stand in one of its quotes, as whole words."""
    for index, quotation in enumerate(dataset.declarations):
        # Case is folded: a quotation may start with a capital that the sentence around it did not have.
        words = normalise(str(quotation.value)).casefold()
        quotes = [normalise(citation.quote).casefold() for citation in quotation.citations if citation.quote is not None]
        if not any(_find_in(quote, words, 0, len(quote)) is not None for quote in quotes):
            yield locator.problem(("declarations", index, "value"), "a quotation's words must stand, word for word, in one of its citations' quotes, from a word's start to a word's end")


def verify_values(dataset: Dataset, locator: Locator, extracts: Mapping[str, Extract], reader: Reader) -> list[Problem]:
    """Every figure, date, year and name an item shows is said by one of its citations (see proof.py), all reported
    at once: a quote not found in its source is still read for what it says.

    A citation to a dataset proves a claim its record holds (records.py); every such citation must, too.
    """
    names = [person.name for person in dataset.people]
    names += [name for organisation in dataset.organisations for name in (organisation.name, organisation.abbreviation)]
    problems: list[Problem] = []
    for loc, item in dataset.cited():
        problems += _verify_item(item, loc, names, extracts, reader, locator)
    # What the sources leave unsaid may still quote a figure (« sur 2017-2020 »): it stands in its own citations.
    for index, unknown in enumerate(dataset.unknowns):
        quotes = [citation.quote for citation in unknown.citations if citation.quote is not None]
        for field in ("label", "detail"):
            for claim in text_claims(field, getattr(unknown, field), reader):
                if not any(quote_says(quote, claim, reader) for quote in quotes):
                    shown = " ; ".join(f"« {excerpt(quote, claim, reader)} »" for quote in quotes) or "no citation"
                    problems.append(locator.problem(("unknowns", index, field), f"{claim.describe()} is not in any of its quotes ({shown})"))
    return problems


def _verify_item(item: Cited, loc: Loc, names: list[str], extracts: Mapping[str, Extract], reader: Reader, locator: Locator) -> Iterator[Problem]:
    quotes = [citation.quote for citation in item.citations if citation.quote is not None]
    for claim in claims(item, reader, names):
        if not any(_proves(citation, claim, extracts, reader) for citation in item.citations):
            shown = " ; ".join(f"« {excerpt(quote, claim, reader)} »" for quote in quotes) or "no quote"
            yield locator.problem(loc + (blamed_field(claim, quotes, reader),), f"{claim.describe()} is not in any of its quotes ({shown})")
    if item.deduced:
        yield from _verify_deduced(item, loc, reader, locator)
    if isinstance(item, Fact) and item.is_number and item.unit in reader.units:
        allowed = {item.unit, *(reader.units[item.unit].per or ())}
        for unit, word in reader.units_named(item.label):
            if unit not in allowed:
                yield locator.problem(loc + ("label",), f"the label names « {word} », a word of the unit {unit}; a number's label names no unit but its own ({item.unit})")


def _proves(citation: Citation, claim: Claim, extracts: Mapping[str, Extract], reader: Reader) -> bool:
    """A quote proves what it says; a record, what it is about (records.py)."""
    if citation.record is not None:
        record = record_of(citation, extracts)
        return record is not None and record_proves(record, claim, reader)
    return quote_says(citation.quote or "", claim, reader)


def _verify_deduced(item: Cited, loc: Loc, reader: Reader, locator: Locator) -> Iterator[Problem]:
    """A deduced date part is one no quote gives as a date, and the reasoning concludes on the whole date."""
    deduced = set(item.deduced or ())
    given = {part: said for citation in item.citations if citation.quote is not None for said in reader.read(citation.quote) for part in given_parts(said)}
    if deduced & set(given):
        named = " and ".join(part.value for part in DatePart if part in deduced and part in given)
        dates = ", ".join(sorted({f"« {given[part].shown()} »" for part in deduced if part in given}))
        yield locator.problem(loc + ("deduced",), f"a quote gives the {named} ({dates}); expected to deduce only what no quote dates")
    if isinstance(item, Event) and undated_parts(item):
        yield locator.problem(loc + ("deduced",), "the parts left to the quotes form no date (a day goes with its month); expected to deduce the day too, or not the month")
    if isinstance(item, Event) and not reasoning_concludes(item):
        yield locator.problem(loc + ("date",), f"the date is deduced but its reasoning does not conclude on it; expected the reasoning to give the date « {whole_date(item)} »")


def verify_speakers(dataset: Dataset, places: Mapping[Citation, Place], locator: Locator) -> Iterator[Problem]:
    """A déclaration's every quote carries its attribution, which names the speaker; the site's own voice (attesté,
    appréciation) never takes words the article puts between guillemets, but keeps a word it stresses so."""
    for loc, item in dataset.cited():
        for index, citation in enumerate(item.citations):
            place = places.get(citation)
            if citation.quote is None or place is None:
                continue
            where = loc + ("citations", index)
            if item.certainty == Certainty.STATEMENT:
                if citation.attribution is None:
                    yield locator.problem(where + ("attribution",), "a déclaration's quote needs its attribution: the article's words, in the quote's paragraph, that say who speaks (e.g. « poursuit Sylvain Robert »)")
                elif _find_in(place.part.text, normalise(citation.attribution), *place.paragraph) is None:
                    yield locator.problem(where + ("attribution",), f"not in the quote's paragraph of its source; expected the words, in that paragraph, that say who speaks: «{citation.attribution}»")
                elif speaker_names(dataset, item.speaker or "") and not any(has_words(citation.attribution, name) for name in speaker_names(dataset, item.speaker or "")):
                    expected = " or ".join(f"« {name} »" for name in speaker_names(dataset, item.speaker))
                    yield locator.problem(loc + ("speaker",), f"the attribution «{citation.attribution}» does not name this speaker; expected it to say {expected}")
                continue
            if citation.attribution is not None:
                yield locator.problem(where + ("attribution",), f"only a déclaration has an attribution (got certainty {item.certainty.value})")
            if item.certainty not in (Certainty.ATTESTED, Certainty.JUDGEMENT):
                continue
            for words in place.quoted():
                if len(words.split()) > 1:
                    yield locator.problem(loc + ("certainty",), f"the quote takes words the article puts between guillemets, «{words}»: someone's words, not the site's; expected déclaration, with the speaker the article names (got {item.certainty.value})")
                elif not isinstance(item, Fact) or not re.search(rf"«\s*{re.escape(words.strip())}\s*»", str(item.value)):
                    yield locator.problem(loc + ("value",), f"the article puts «{words}» between guillemets; expected the value to keep it so")


def verify_support(dataset: Dataset, unfound: set[int], locator: Locator) -> Iterator[Problem]:
    """An item rests on at least one quote long enough to name a passage, or on a record (quotes not found aside)."""
    for loc, item in dataset.cited():
        if any(id(citation) in unfound for citation in item.citations):
            continue
        quotes = [(index, citation.quote) for index, citation in enumerate(item.citations) if citation.quote is not None]
        records = [citation for citation in item.citations if citation.record is not None]
        if quotes and not records and all(len(quote.split()) < MIN_SUPPORT_WORDS for _, quote in quotes):
            index, quote = quotes[0]
            yield locator.problem(
                loc + ("citations", index, "quote"),
                f"too short to prove anything alone ({len(quote.split())} word{'s' if len(quote.split()) > 1 else ''}); expected at least {MIN_SUPPORT_WORDS} words of the passage, or a longer quote beside it",
            )


def _name(path: Path, sources_dir: Path) -> str:
    return path.relative_to(sources_dir.parent.parent).as_posix()

"""Verify stage: every quote must be found, word for word, in the archived text of its source."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from ..errors import DataError, Problem
from ..files import read_inside
from ..locator import Locator
from ..model import Citation, Dataset, PartKind, Source
from ..proof import SPACES, TYPOGRAPHIC_VARIANTS, citation_proves, claims, deduced_claim, excerpt, reasoning_states, text_claims
from ..records import Extract, prove_records, read_extracts, record_of
from ..settings import MAX_DATA_FILE_BYTES, SOURCE_EXTRACT_SUFFIX, SOURCE_TEXT_SUFFIX

# The only differences forgiven between a quote and its source: typography, never words.
_TYPOGRAPHIC = str.maketrans(TYPOGRAPHIC_VARIANTS)
_GUILLEMET_SPACING = re.compile(r"(«) | (»)")


def normalise(text: str) -> str:
    """Fold the typographic variants that the method page lists, so only the words are compared."""
    text = SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()
    return _GUILLEMET_SPACING.sub(lambda match: match[1] or match[2], text)


@dataclass(frozen=True)
class Part:
    """One part of a source's archived text, normalised; kind is None when the source is not divided."""

    kind: PartKind | None
    text: str


# Where each quote was found: the kind of part, or None for a source not divided into parts.
QuotePlaces = dict[Citation, PartKind | None]


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
            texts[source.id] = [Part(None, normalise("\n".join(lines)))]
            continue
        part_problems = list(_check_parts(source, index, lines, _name(path, sources_dir), locator))
        problems += part_problems
        if not part_problems:
            texts[source.id] = [Part(part.kind, normalise("\n".join(lines[part.span[0] - 1 : part.span[1]]))) for part in source.parts]
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


def verify_citations(dataset: Dataset, sources_dir: Path, locator: Locator) -> QuotePlaces:
    """Find every quote in one part of its source, on word boundaries; raise one DataError listing every problem.

    A quotation's words, shown on the site as said word for word, must also stand in one of its quotes.
    Returns where each quote was found, for the footnotes to say so.
    """
    texts = read_sources(dataset, sources_dir, locator)
    problems = [
        locator.problem(("declarations", index, "value"), "a quotation's words must stand, word for word, in one of its citations' quotes")
        for index, quotation in enumerate(dataset.declarations)
        # Case is folded: a quotation may start with a capital that the sentence around it did not have.
        if not any(normalise(str(quotation.value)).casefold() in normalise(citation.quote or "").casefold() for citation in quotation.citations)
    ]
    places: QuotePlaces = {}
    for loc, owner, citation in dataset.citations():
        if citation.source not in texts or citation.quote is None:  # an unknown source: the reference check; a record: below
            continue
        found = find_quote(texts[citation.source], normalise(citation.quote))
        if isinstance(found, str):
            name = _name(sources_dir / (citation.source + ".txt"), sources_dir)
            problems.append(locator.problem(loc + ("quote",), f"the quote supporting {owner!r} {found.format(source=name)}: «{' '.join(citation.quote.split())}»"))
        else:
            places[citation] = found.kind
    # The other kind of citation, to a dataset's record, goes through the same proof (claims, citation_proves).
    extracts = read_extracts(dataset, sources_dir, locator)
    problems += verify_values(dataset, locator, extracts)
    problems += prove_records(dataset, extracts, locator)
    if problems:
        raise DataError(problems)
    return places


def find_quote(parts: list[Part], quote: str) -> Part | str:
    """The part holding the quote as whole words, or why none does (a message with a {source} field)."""
    inside_word = False
    for part in parts:
        for match in re.finditer(re.escape(quote), part.text):
            if _whole_words(part.text, match.start(), match.end()):
                return part
            inside_word = True
    if inside_word:
        return "starts or ends inside a word in {source}; quote whole words"
    if quote in " ".join(part.text for part in parts):
        return f"runs across two parts of {{source}}; a quote must lie within one part ({', '.join(PartKind)})"
    return "is not in {source}"


def _whole_words(text: str, start: int, end: int) -> bool:
    """Neither end of text[start:end] cuts a word: a letter or digit at an end has no letter or digit beside it."""
    cut_start = start > 0 and text[start].isalnum() and text[start - 1].isalnum()
    cut_end = end < len(text) and text[end - 1].isalnum() and text[end].isalnum()
    return not (cut_start or cut_end)


def verify_values(dataset: Dataset, locator: Locator, extracts: Mapping[str, Extract]) -> list[Problem]:
    """Every number, date part and name an item shows must be proven by one of its citations (see proof.py).

    A citation to a dataset proves a claim its record holds (records.py); every such citation must, too.
    """
    names = [person.name for person in dataset.people]
    names += [name for organisation in dataset.organisations for name in (organisation.name, organisation.abbreviation)]
    problems: list[Problem] = []
    for loc, item in dataset.cited():
        for claim in claims(item, names):
            if deduced_claim(item, claim):
                if not reasoning_states(item.reasoning, claim):
                    problems.append(locator.problem(loc + (claim.field,), f"{claim.describe()} is deduced but its reasoning does not conclude on it; expected the reasoning to give the date « {claim.date} »"))
            elif not any(citation_proves(citation, claim, record_of(citation, extracts)) for citation in item.citations):
                shown = " ; ".join(f"« {excerpt(citation.quote, claim)} »" for citation in item.citations if citation.quote is not None)
                problems.append(locator.problem(loc + (claim.field,), f"{claim.describe()} is not in any of its quotes ({shown})"))
    # What the sources leave unsaid may still quote a figure (« sur 2017-2020 »): it stands in its own citations.
    for index, unknown in enumerate(dataset.unknowns):
        for field in ("label", "detail"):
            for claim in text_claims(field, getattr(unknown, field)):
                if not any(citation_proves(citation, claim) for citation in unknown.citations):
                    shown = " ; ".join(f"« {excerpt(citation.quote, claim)} »" for citation in unknown.citations) or "no citation"
                    problems.append(locator.problem(("unknowns", index, field), f"{claim.describe()} is not in any of its quotes ({shown})"))
    return problems


def _name(path: Path, sources_dir: Path) -> str:
    return path.relative_to(sources_dir.parent.parent).as_posix()

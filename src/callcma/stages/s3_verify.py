"""Verify stage: every quote must be found, word for word, in the archived text of its source."""

from __future__ import annotations

import re
from pathlib import Path

from ..errors import DataError, Problem
from ..model import Dataset
from ..locator import Locator
from ..proof import citation_proves, claims, deduced_claim, excerpt, reasoning_states

# The only differences forgiven between a quote and its source: typography, never words.
_TYPOGRAPHIC = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u2212": "-", "\u2010": "-", "\u2011": "-"})
_SPACES = re.compile(r"[\s\u00a0\u202f\u2009]+")
_GUILLEMET_SPACING = re.compile(r"(«) | (»)")


def normalise(text: str) -> str:
    """Fold the typographic variants that the method page lists, so only the words are compared."""
    text = _SPACES.sub(" ", text.translate(_TYPOGRAPHIC)).strip()
    return _GUILLEMET_SPACING.sub(lambda match: match[1] or match[2], text)


def read_sources(dataset: Dataset, sources_dir: Path, locator: Locator) -> dict[str, str]:
    """The normalised archived text of each source; a missing or unreadable file is a problem."""
    texts: dict[str, str] = {}
    problems: list[Problem] = []
    for index, source in enumerate(dataset.sources):
        path = sources_dir / f"{source.id}.txt"
        try:
            texts[source.id] = normalise(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            problems.append(locator.problem(("sources", index, "id"), f"archived text {_name(path, sources_dir)} is missing; save the source's text there"))
        except UnicodeDecodeError:
            problems.append(locator.problem(("sources", index, "id"), f"archived text {_name(path, sources_dir)} is not UTF-8"))
    if problems:
        raise DataError(problems)
    return texts


def verify_citations(dataset: Dataset, sources_dir: Path, locator: Locator) -> None:
    """Raise one DataError listing every quote that its source does not contain.

    A quotation's words, shown on the site as said word for word, must also stand in one of its quotes.
    """
    texts = read_sources(dataset, sources_dir, locator)
    problems = [
        locator.problem(("declarations", index, "value"), "a quotation's words must stand, word for word, in one of its citations' quotes")
        for index, quotation in enumerate(dataset.declarations)
        # Case is folded: a quotation may start with a capital that the sentence around it did not have.
        if not any(normalise(str(quotation.value)).casefold() in normalise(citation.quote).casefold() for citation in quotation.citations)
    ]
    problems += [
        locator.problem(
            loc + ("quote",),
            f"the quote supporting {owner!r} is not in {_name(sources_dir / (citation.source + '.txt'), sources_dir)}: «{' '.join(citation.quote.split())}»",
        )
        for loc, owner, citation in dataset.citations()
        if normalise(citation.quote) not in texts[citation.source]
    ]
    problems += verify_values(dataset, locator)
    if problems:
        raise DataError(problems)


def verify_values(dataset: Dataset, locator: Locator) -> list[Problem]:
    """Every number, date part and name an item shows must be proven by one of its citations (see proof.py)."""
    names = [person.name for person in dataset.people]
    names += [name for organisation in dataset.organisations for name in (organisation.name, organisation.abbreviation)]
    problems: list[Problem] = []
    for loc, item in dataset.cited():
        for claim in claims(item, names):
            if deduced_claim(item, claim):
                if not reasoning_states(item.reasoning, claim):
                    problems.append(locator.problem(loc + ("reasoning",), f"{claim.describe()} is deduced but the reasoning does not state it; expected the reasoning to give {claim.shown}"))
            elif not any(citation_proves(citation, claim) for citation in item.citations):
                shown = " ; ".join(f"« {excerpt(citation.quote, claim)} »" for citation in item.citations)
                problems.append(locator.problem(loc + (claim.field,), f"{claim.describe()} is not in any of its quotes ({shown})"))
    return problems


def _name(path: Path, sources_dir: Path) -> str:
    return path.relative_to(sources_dir.parent.parent).as_posix()

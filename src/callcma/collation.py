"""French alphabetical order, with the standard library's Unicode data: the order of the Unicode Collation Algorithm
and its default table (DUCET), which French (France) uses untailored in CLDR: É sorts with E, accents count from the
first letter on (« cote < coté < côte < côté »; the backwards accents are Canadian French only), « Saint- » sorts
as written, hyphen and apostrophe included.

The key compares what the UCA compares, level after level, for the characters French names are written with:

1. the letters, case and accents aside (œ, æ, ß as the two letters they stand for), after the digits, after the
   signs between words, these in DUCET's order (space < hyphen < … < apostrophe);
2. the accents, from the first letter on (none < acute < grave < … in DUCET's order), a ligature after the same
   letters written apart (« coeur < cœur »);
3. the case, lower before upper;

then the text itself, so that the order never depends on the input's. A character French does not use (another
script, another sign) sorts by code point after those of its kind: this is not the whole UCA, whose 30 000-entry
table would take longer to load than the site's sorting takes. tests/test_collation.py checks the key against the
whole UCA (pyuca) on every commune name of France.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from typing import Any, TypeVar

T = TypeVar("T")

# The signs that may stand between the words of a name, in DUCET's order (its primary weights).
SIGNS = " _-\u2010\u2011\u2013\u2014,;:!?.'\u2019\"«»()[]{}@*/\\&#%+<=>|~$"
# The accents, in DUCET's order (its secondary weights): acute, grave, breve, circumflex, caron, ring, diaeresis,
# double acute, tilde, dot above, cedilla, ogonek, macron.
ACCENTS = "\u0301\u0300\u0306\u0302\u030c\u030a\u0308\u030b\u0303\u0307\u0327\u0328\u0304"
# Ligatures, as DUCET weighs them: their letters, with a mark of their own between (after every accent).
LIGATURES = {"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE", "ß": "ss", "ẞ": "SS"}
_LIGATURE_MARK = len(ACCENTS) + 0x10000  # after every accent, known or not


def french_key(text: str) -> tuple[tuple[Any, ...], tuple[int, ...], tuple[int, ...], str]:
    """The sort key of a text in French alphabetical order (see the module's description)."""
    letters: list[tuple[int, Any]] = []
    accents: list[int] = []
    cases: list[int] = []
    for character in unicodedata.normalize("NFD", text):
        if unicodedata.combining(character):
            accents.append(ACCENTS.index(character) + 1 if character in ACCENTS else len(ACCENTS) + ord(character))
            cases.append(0)
            continue
        ligature = LIGATURES.get(character)
        for position, part in enumerate(ligature or character):
            if position:
                accents.append(_LIGATURE_MARK)
                cases.append(0)
            letters.append(_primary(part))
            accents.append(0)
            cases.append((2 if part.isupper() else 0) + (1 if ligature else 0))
    return tuple(letters), tuple(accents), tuple(cases), text


def _primary(character: str) -> tuple[int, Any]:
    """Where a character sorts, case and accents aside: signs first, then digits, then letters."""
    if character.isalpha():
        return (2, character.casefold())
    if character.isdigit():
        return (1, unicodedata.digit(character, ord(character)))
    return (0, SIGNS.index(character) if character in SIGNS else len(SIGNS) + ord(character))


def sort_french(items: Iterable[T], attribute: str | None = None) -> list[T]:
    """The items in French alphabetical order, of themselves or of one of their attributes."""
    return sorted(items, key=lambda item: french_key(str(getattr(item, attribute) if attribute else item)))

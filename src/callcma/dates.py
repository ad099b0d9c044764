"""Dates as a reader of the site's language writes them, through Babel (CLDR): 2015, novembre 2016, 16 novembre 2016."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date
from functools import cache

from babel.dates import format_date, get_month_names

from .model import DatePart

# How a partial date (YYYY, YYYY-MM or YYYY-MM-DD) is written, by its number of parts.
_DATE_PATTERNS = {1: "y", 2: "MMMM y", 3: "d MMMM y"}


# Languages that write the first day of a month as an ordinal, which CLDR's patterns cannot say: « 1er février 2017 ».
_ORDINAL_FIRST_DAY = {"fr"}


def format_partial_date(text: str, language: str) -> str:
    """A checked date of one, two or three parts, written out: 2015, novembre 2016, 16 novembre 2016, 1er mars 2017."""
    parts = [int(part) for part in text.split("-")]
    moment = date(*parts, *[1] * (3 - len(parts)))
    if len(parts) == 3 and parts[2] == 1 and language in _ORDINAL_FIRST_DAY:
        from num2words import num2words  # loads every language it knows: only for the first of a month

        return f"{num2words(1, lang=language, to='ordinal_num')} {format_date(moment, _DATE_PATTERNS[2], locale=language)}"
    return format_date(moment, _DATE_PATTERNS[len(parts)], locale=language)


def proven_datetime(text: str, deduced: Iterable[DatePart] | None) -> str | None:
    """A date as HTML's ``datetime`` writes it, saying only what the source gives: a day whose year is deduced is a
    yearless date (MM-DD); None when no valid form remains (a month or a year that is deduced)."""
    parts = set(deduced or ())
    if not parts:
        return text
    if parts == {DatePart.YEAR} and text.count("-") == 2:
        return text.split("-", 1)[1]
    return None


@cache
def month_name(month: int, language: str) -> str:
    """A month's name in running text: 11 → novembre."""
    return str(get_month_names("wide", locale=language)[month])

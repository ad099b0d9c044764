"""Dates as a reader of the site's language writes them, through Babel (CLDR): 2015, novembre 2016, 16 novembre 2016."""

from __future__ import annotations

from datetime import date
from functools import cache

from babel.dates import format_date, get_month_names

# How a partial date (YYYY, YYYY-MM or YYYY-MM-DD) is written, by its number of parts.
_DATE_PATTERNS = {1: "y", 2: "MMMM y", 3: "d MMMM y"}


def format_partial_date(text: str, language: str) -> str:
    """A checked date of one, two or three parts, written out: 2015, novembre 2016, 16 novembre 2016."""
    parts = [int(part) for part in text.split("-")]
    return format_date(date(*parts, *[1] * (3 - len(parts))), _DATE_PATTERNS[len(parts)], locale=language)


@cache
def month_name(month: int, language: str) -> str:
    """A month's name in running text: 11 → novembre."""
    return str(get_month_names("wide", locale=language)[month])

"""Numbers and values as a reader of the site's language writes them, through Babel (CLDR); dates are in dates.py."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal
from num2words import num2words

from .model import Fact, Unit


def format_number(value: int | float, language: str, places: int | None = None) -> str:
    """Thousands grouped, decimals after the language's separator: 140 000, 46 666,67 in French.

    Without ``places``, a whole number has no decimals and any other two.
    """
    if places is None:
        places = 2 if isinstance(value, float) and not value.is_integer() else 0
    return format_decimal(value, format="#,##0" + ("." + "0" * places if places else ""), locale=language)


def format_amount(number: int | float, unit: Unit | None, language: str) -> str:
    """A number followed by its unit as the units list writes it: 140 000 €, 36 communes, 1 an."""
    return format_number(number, language) + (unit.written(number) if unit else "")


def format_value(fact: Fact, units: Mapping[str, Unit], language: str) -> str:
    """A fact's value as a reader expects it: a number with its unit, or the text itself."""
    return fact.value if isinstance(fact.value, str) else format_amount(fact.value, units[fact.unit] if fact.unit else None, language)


def format_number_in_words(number: int, language: str) -> str:
    """A whole number in running text: 4 → « quatre »."""
    return str(num2words(number, lang=language))


def format_in_words(fact: Fact, units: Mapping[str, Unit], language: str) -> str:
    """A count in running text, in words with its unit: « sur trois ans », « trois axes ».

    A unit written with a symbol (amounts), bare numbers, decimals and texts stay as format_value writes them.
    """
    unit = units[fact.unit] if fact.unit else None
    if isinstance(fact.value, int) and unit is not None and unit.symbol is None:
        return format_number_in_words(fact.value, language) + unit.written(fact.value)
    return format_value(fact, units, language)

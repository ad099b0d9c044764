"""Numbers and values as a reader of the site's language writes them, through Babel (CLDR); dates are in dates.py."""

from __future__ import annotations

from collections.abc import Mapping

from babel.numbers import format_decimal
from num2words import num2words

from .dates import format_partial_date
from .history import Field, Value
from .model import Fact, Unit
from .wording import read_wording

def format_number(value: int | float, language: str, places: int | None = None) -> str:
    """Thousands grouped, decimals after the language's separator: 140 000, 46 666,67 in French.

    Without ``places``, a whole number has no decimals and any other two.
    """
    if places is None:
        places = 2 if isinstance(value, float) and not value.is_integer() else 0
    return format_decimal(value, format="#,##0" + ("." + "0" * places if places else ""), locale=language)


def format_amount(number: int | float, unit: Unit | None, language: str) -> str:
    """A number followed by the words of its unit: 140 000 €, 36 communes."""
    return format_number(number, language) + (read_wording().units[unit] if unit else "")


def format_value(fact: Fact, language: str) -> str:
    """A fact's value as a reader expects it: a number with its unit, or the text itself."""
    return fact.value if isinstance(fact.value, str) else format_amount(fact.value, fact.unit, language)


def format_number_in_words(number: int, language: str) -> str:
    """A whole number in running text: 4 → « quatre »."""
    return str(num2words(number, lang=language))


def format_in_words(fact: Fact, language: str) -> str:
    """A count in running text, in words with its unit: « sur trois ans », « trois axes ». Amounts and other values as format_value."""
    if isinstance(fact.value, int) and fact.unit not in (None, Unit.EUR):
        return format_number_in_words(fact.value, language) + read_wording().units[fact.unit]
    return format_value(fact, language)


def format_operand(operand: Fact | float, language: str) -> str:
    """An operand of a formula: the fact's value with its unit, or the number the formula writes."""
    return format_value(operand, language) if isinstance(operand, Fact) else format_number(operand, language)



def format_change_value(value: Value, field: Field, unit: str | None, names: Mapping[str, str], language: str) -> str:
    """A value of the history of corrections as the site writes it: 5 400 salariés, 16 novembre 2016, a speaker's name.

    Past versions may hold what today's model refuses (a unit since renamed, a date in another form): shown as written.
    """
    if value is None:
        return read_wording().history.empty
    if isinstance(value, list):
        return ", ".join(value)
    if field in (Field.DATE, Field.PUBLISHED) and isinstance(value, str):
        return " – ".join(_date_or_text(part, language) for part in value.split("/"))
    if field == Field.SPEAKER:
        return names.get(str(value), str(value))
    if field == Field.UNIT:
        return _unit_words(str(value)).strip()
    if isinstance(value, (int, float)) and field == Field.VALUE:
        return format_number(value, language) + (_unit_words(unit) if unit else "")
    return str(value)


def _unit_words(unit: str) -> str:
    return read_wording().units[Unit(unit)] if unit in set(Unit) else f" {unit}"


def _date_or_text(text: str, language: str) -> str:
    try:
        return format_partial_date(text, language)
    except (ValueError, TypeError):
        return text

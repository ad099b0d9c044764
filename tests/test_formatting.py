"""Numbers and units as the site's language writes them."""

from __future__ import annotations

import pytest

from callcma.formatting import format_amount, format_in_words, format_number, format_value
from callcma.model import Fact, Unit

NNBSP = "\u202f"
UNITS = {
    unit.id: unit
    for unit in (
        Unit(id="EUR", symbol="€", words=["euros"]),
        Unit(id="ans", singular="an", plural="ans", words=["années", "ans"]),
        Unit(id="salariés", singular="salarié", plural="salariés", words=["salariés"]),
        Unit(id="communes", singular="commune", plural="communes", words=["communes"]),
    )
}


@pytest.mark.parametrize(
    ("value", "places", "expected"),
    [
        (3, None, "3"),
        (5400, None, f"5{NNBSP}400"),
        (1234567, None, f"1{NNBSP}234{NNBSP}567"),
        (46666.67, None, f"46{NNBSP}666,67"),
        (46666.666, None, f"46{NNBSP}666,67"),
        (3.0, None, "3"),
        (0.5, None, "0,50"),
        (40.94, 1, "40,9"),
        (2.0, 1, "2,0"),
    ],
)
def test_numbers_group_thousands_and_show_two_decimals_unless_whole(value: float, places: int | None, expected: str) -> None:
    assert format_number(value, "fr", places) == expected


def _fact(**fields: object) -> Fact:
    return Fact.model_validate({"id": "f", "label": "L", "certainty": "attesté", "citations": [{"source": "s", "quote": "une citation"}], **fields})


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": 140000, "unit": "EUR"}, f"140{NNBSP}000{NNBSP}€"),
        ({"value": 3, "unit": "ans"}, "3 ans"),
        ({"value": 1, "unit": "ans"}, "1 an"),
        ({"value": 1.5, "unit": "ans"}, "1,50 an"),
        ({"value": 5400, "unit": "salariés"}, f"5{NNBSP}400 salariés"),
        ({"value": 12}, "12"),
        ({"value": "2017-2020"}, "2017-2020"),
    ],
)
def test_a_value_shows_its_unit_in_words(fields: dict[str, object], expected: str) -> None:
    assert format_value(_fact(**fields), UNITS, "fr") == expected


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"value": 3, "unit": "ans"}, "trois ans"),
        ({"value": 1, "unit": "ans"}, "un an"),
        ({"value": 36, "unit": "communes"}, "trente-six communes"),
        # Amounts, bare numbers, decimals and texts stay as format_value writes them.
        ({"value": 140000, "unit": "EUR"}, f"140{NNBSP}000{NNBSP}€"),
        ({"value": 12}, "12"),
        ({"value": 2.5, "unit": "ans"}, "2,50 ans"),
        ({"value": "2017-2020"}, "2017-2020"),
    ],
)
def test_a_count_in_running_text_is_written_in_words(fields: dict[str, object], expected: str) -> None:
    assert format_in_words(_fact(**fields), UNITS, "fr") == expected


def test_an_amount_is_a_number_with_the_symbol_of_its_unit_or_none() -> None:
    assert format_amount(46666.67, UNITS["EUR"], "fr") == f"46{NNBSP}666,67{NNBSP}€"
    assert format_amount(12.0, None, "fr") == "12"

"""Proof of values: what in a displayed value needs proving, and whether one quote proves it."""

from __future__ import annotations

from decimal import Decimal

import pytest

from callcma.model import Citation, Event, Fact
from callcma.proof import Claim, ClaimKind, citation_proves, claims, excerpt, numbers_in, quote_proves, reasoning_states

QUOTE = "L’artisanat représente 5 400 salariés et 2 400 enseignes sur le territoire de la CALL"
CITATIONS = [{"source": "article", "quote": QUOTE}]


def number(value: int) -> Claim:
    return Claim("value", ClaimKind.NUMBER, str(value), Decimal(value))


@pytest.mark.parametrize("quote", ["5 400 salariés", "5\u00a0400 salariés", "5\u202f400 salariés", "5400 salariés", "cinq mille quatre cents salariés"])
def test_a_number_is_proven_by_digits_in_any_grouping_or_by_words(quote: str) -> None:
    assert quote_proves(quote, number(5400))


@pytest.mark.parametrize("quote", ["5 500 salariés", "15 400 salariés", "5 4000 salariés", "540 salariés", "54 00 salariés", "25400"])
def test_a_number_is_not_proven_by_another_number(quote: str) -> None:
    assert not quote_proves(quote, number(5400))


def test_number_words_must_be_whole_words() -> None:
    assert quote_proves("sur les trois années à venir", number(3))
    assert not quote_proves("les troisièmes années", number(3))
    assert not quote_proves("sur les quatre années", number(3))


def test_numbers_in_reads_grouped_and_decimal_numbers() -> None:
    assert numbers_in("5 400 salariés, 2017-2020, 46,5 %") == {Decimal(5400), Decimal(2017), Decimal(2020), Decimal("46.5")}


def test_claims_of_a_number_fact() -> None:
    fact = Fact(id="f", label="Salariés", value=5400, unit="salariés", certainty="attesté", citations=CITATIONS)
    assert list(claims(fact, [])) == [number(5400)]


def test_a_calculated_value_is_not_claimed_from_its_quotes() -> None:
    fact = Fact(id="f", label="Moyenne", value=46667, unit="EUR", certainty="calculé", formula="a / b", citations=CITATIONS)
    assert list(claims(fact, [])) == []


def test_claims_of_a_text_fact_are_its_numbers_and_the_names_it_shows() -> None:
    fact = Fact(id="f", label="Statut depuis 2015", value="EPCI de 36 communes présidé par Sylvain Robert", certainty="attesté", citations=CITATIONS)
    assert list(claims(fact, ["Sylvain Robert", "Alain Griset"])) == [
        Claim("value", ClaimKind.NUMBER, "36", Decimal(36)),
        Claim("value", ClaimKind.NAME, "Sylvain Robert"),
        Claim("label", ClaimKind.NUMBER, "2015", Decimal(2015)),
    ]


def test_claims_of_an_event_are_year_month_and_day_of_both_ends() -> None:
    event = Event(id="e", label="Plan", date="2016-11-16", end="2020", certainty="attesté", citations=CITATIONS)
    assert list(claims(event, [])) == [
        Claim("date", ClaimKind.YEAR, "2016", Decimal(2016), "16 novembre 2016"),
        Claim("date", ClaimKind.MONTH, "novembre", date="16 novembre 2016"),
        Claim("date", ClaimKind.DAY, "16", Decimal(16), "16 novembre 2016"),
        Claim("end", ClaimKind.YEAR, "2020", Decimal(2020), "2020"),
    ]


def test_a_name_is_proven_word_for_word_whatever_the_dashes_and_apostrophes() -> None:
    name = Claim("value", ClaimKind.NAME, "Chambre des métiers et de l'artisanat du Nord – Pas-de-Calais")
    assert citation_proves(Citation(source="a", quote="la chambre des métiers et de l’artisanat du Nord − Pas-de-Calais ont"), name)
    assert not citation_proves(Citation(source="a", quote="la chambre des métiers du Nord-Pas-de-Calais"), name)
    assert not quote_proves("la CALLA", Claim("value", ClaimKind.NAME, "CALL"))


@pytest.mark.parametrize(
    ("claim", "shown"),
    [
        (number(5500), "… 5 400 salariés …"),
        (number(2500), "… 2 400 enseignes …"),
        (Claim("value", ClaimKind.NAME, "CMA"), "L’artisanat représente 5 400 salariés et 2 400 …"),  # its first eight words
    ],
)
def test_excerpt_shows_the_nearest_number_with_its_unit(claim: Claim, shown: str) -> None:
    assert excerpt(QUOTE, claim) == shown


def test_a_deduced_part_is_vouched_for_by_a_reasoning_that_concludes_on_the_whole_date() -> None:
    year = Claim("date", ClaimKind.YEAR, "2016", Decimal(2016), "16 novembre 2016")
    assert reasoning_states("Avant 2017 et après 2015. Date retenue : 16 novembre 2016.", year)
    assert not reasoning_states("Avant 2017 et après 2015, donc 2016.", year)
    assert not reasoning_states(None, year)

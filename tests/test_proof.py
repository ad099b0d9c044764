"""Proof of values: what a text says (figures with what they count, dates, years, periods), what an item claims,
and whether a quote proves it."""

from __future__ import annotations

from decimal import Decimal

import pytest
from num2words import num2words

from callcma.model import DatePart, Event, Fact, Unit
from callcma.proof import Claim, Reader, Said, SaidKind, claims, excerpt, given_parts, quote_says, reasoning_concludes, speaker_names, text_claims

QUOTE = "L’artisanat représente 5 400 salariés et 2 400 enseignes sur le territoire de la CALL"
CITATIONS = [{"source": "article", "quote": QUOTE}]
READER = Reader(
    [
        Unit(id="EUR", symbol="€", words=["euros", "euro", "€"]),
        Unit(id="EUR-par-an", symbol="€ par an", per=["EUR", "ans"], words=["euros par an", "€ par an", "euros annuels"]),
        Unit(id="ans", singular="an", plural="ans", words=["années", "année", "ans", "an"]),
        Unit(id="salariés", singular="salarié", plural="salariés", words=["salariés", "salarié"]),
        Unit(id="enseignes", singular="enseigne", plural="enseignes", words=["enseignes"]),
        Unit(id="créations", singular="création", plural="créations", words=["créations"]),
        Unit(id="axes", singular="axe", plural="axes", words=["axes", "axe"]),
    ]
)


def figure(number: int | str, counts: str | None = None, *, unit: bool = True) -> Said:
    return Said(SaidKind.FIGURE, number=Decimal(number), counts=counts, unit=unit and counts is not None)


def read(text: str) -> list[Said]:
    """What a text says, positions aside."""
    return [Said(**{**said.__dict__, "span": (0, 0)}) for said in READER.read(text)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (QUOTE, [figure(5400, "salariés"), figure(2400, "enseignes")]),
        ("5\u00a0400 salariés, 5\u202f400 salariés, 5400 salariés", [figure(5400, "salariés")] * 3),
        ("cinq mille quatre cents salariés", [figure(5400, "salariés")]),
        ("140 000 euros sur les trois années à venir", [figure(140000, "EUR"), figure(3, "ans")]),
        ("3 millions d'euros, 46 666,67 € par an, 12 000 euros annuels", [figure(3000000, "EUR"), figure("46666.67", "EUR-par-an"), figure(12000, "EUR-par-an")]),
        ("les deux partenaires", [figure(2, "partenaires", unit=False)]),
        ("vingt et un axes, quatre-vingt-onze créations, un an, une année", [figure(21, "axes"), figure(91, "créations"), figure(1, "ans"), figure(1, "ans")]),
        # « un » and « une » are articles unless a unit's word follows.
        ("décline un ambitieux programme ; un territoire marqué par l'industrie", []),
        # A number reads what directly follows it: « deux » does not count the euros further on.
        ("les deux partenaires consacreront 140 000 euros", [figure(2, "partenaires", unit=False), figure(140000, "EUR")]),
        ("2 015 créations ; 2015 créations", [figure(2015, "créations")] * 2),
        ("5 400, 36.", [figure(5400), figure(36)]),
    ],
)
def test_figures_are_read_with_what_they_count(text: str, expected: list[Said]) -> None:
    assert read(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Le 16 novembre dernier", [Said(SaidKind.DATE, day=16, month=11)]),
        ("le 1er novembre 2016", [Said(SaidKind.DATE, day=1, month=11, year=2016)]),
        ("Courant novembre, en novembre 2016", [Said(SaidKind.DATE, month=11), Said(SaidKind.DATE, month=11, year=2016)]),
        ("depuis 2015, en 2015, jusqu'en 2020", [Said(SaidKind.YEAR, number=Decimal(2015), before="depuis"), Said(SaidKind.YEAR, number=Decimal(2015)), Said(SaidKind.YEAR, number=Decimal(2020), before="jusqu'en")]),
        ("un plan 2017-2020, de 2017 à 2020, entre 2017 et 2020", [Said(SaidKind.PERIOD, number=Decimal(2017), year=2020)] * 3),
    ],
)
def test_dates_years_and_periods_are_read_as_expressions(text: str, expected: list[Said]) -> None:
    assert read(text) == expected


def test_every_number_in_words_reads_back_as_itself() -> None:
    # Every number to 120 (the irregular ones: seize, soixante et onze, quatre-vingts), then samples up to the millions.
    numbers = [*range(0, 121), *range(121, 2100, 13), 5400, 46667, 140000, 999999, 1000000, 2000000]
    assert [number for number in numbers if read(f"{num2words(number, lang='fr')} axes") != [figure(number, "axes")]] == []


def _number(value: int, unit: str) -> Claim:
    return Claim("value", figure(value, unit))


@pytest.mark.parametrize(
    ("quote", "claim", "proven"),
    [
        (QUOTE, _number(5400, "salariés"), True),
        (QUOTE, _number(5400, "enseignes"), False),  # the salariés figure of the same quote
        (QUOTE, _number(2400, "salariés"), False),
        ("sur les trois années à venir", _number(3, "ans"), True),
        ("sur les trois années à venir", _number(3, "EUR"), False),
        ("les deux partenaires", _number(2, "EUR"), False),
        ("sur son territoire depuis 2015", _number(2015, "créations"), False),
        ("les troisièmes années", _number(3, "ans"), False),
        ("5 4000 salariés, 540 salariés, 54 00 salariés", _number(5400, "salariés"), False),
        ("Le 16 novembre dernier", Claim("date", Said(SaidKind.DATE, day=16, month=11)), True),
        ("Le 16 novembre dernier", Claim("date", Said(SaidKind.DATE, day=2, month=11)), False),
        ("les deux partenaires, en novembre", Claim("date", Said(SaidKind.DATE, day=2, month=11)), False),
        ("Le 16 novembre 2016", Claim("date", Said(SaidKind.DATE, month=11, year=2016)), True),
        ("depuis 2015", Claim("date", Said(SaidKind.YEAR, number=Decimal(2015))), True),
        ("depuis 2015", Claim("label", Said(SaidKind.YEAR, number=Decimal(2015), before="avant")), False),
        ("la période 2017-2020", Claim("label", Said(SaidKind.YEAR, number=Decimal(2017), before="depuis")), False),
        ("la période 2017-2020", Claim("date", Said(SaidKind.PERIOD, number=Decimal(2017), year=2020)), True),
        ("la période 2017-2020", Claim("date", Said(SaidKind.PERIOD, number=Decimal(2020), year=2017)), False),
    ],
)
def test_a_quote_proves_only_what_it_says(quote: str, claim: Claim, proven: bool) -> None:
    assert quote_says(quote, claim, READER) is proven


def test_claims_of_a_number_fact_are_its_number_with_its_unit() -> None:
    fact = Fact(id="f", label="Salariés", value=5400, unit="salariés", certainty="attesté", citations=CITATIONS)
    assert list(claims(fact, READER, [])) == [_number(5400, "salariés")]


def test_a_calculated_value_is_not_claimed_from_its_quotes() -> None:
    fact = Fact(id="f", label="Moyenne", value=46667, unit="EUR-par-an", certainty="calculé", formula="a / b", citations=CITATIONS)
    assert list(claims(fact, READER, [])) == []


def test_claims_of_a_text_fact_are_its_figures_dates_names_and_capitals() -> None:
    fact = Fact(id="f", label="Statut depuis 2015 à Lens", value="EPCI de 36 communes présidé par Sylvain Robert", certainty="attesté", citations=CITATIONS)
    assert [(claim.field, claim.said.shown()) for claim in claims(fact, READER, ["Sylvain Robert", "Alain Griset"])] == [
        ("value", "36 communes"),
        ("value", "Sylvain Robert"),
        ("value", "EPCI"),
        ("value", "Sylvain"),
        ("value", "Robert"),
        ("label", "2015 after « depuis »"),
        ("label", "Lens"),  # a label's first word is the site's, not a name
    ]


def test_claims_of_an_event_are_its_date_as_one_expression_less_what_it_deduces() -> None:
    event = Event(id="e", label="Plan", date="2016-11-16", end="2020-12", certainty="attesté", citations=CITATIONS)
    assert list(claims(event, READER, [])) == [
        Claim("date", Said(SaidKind.DATE, day=16, month=11, year=2016)),
        Claim("end", Said(SaidKind.DATE, month=12, year=2020)),
    ]
    deduced = Event(id="e", label="Signature", date="2016-11-16", certainty="déduit", deduced=["année"], reasoning="R", citations=CITATIONS)
    assert list(claims(deduced, READER, [])) == [Claim("date", Said(SaidKind.DATE, day=16, month=11))]
    period = Event(id="e", label="Plan", date="2017", end="2020", certainty="attesté", citations=CITATIONS)
    assert list(claims(period, READER, [])) == [Claim("date", Said(SaidKind.PERIOD, number=Decimal(2017), year=2020))]


def test_a_year_alone_gives_no_part_to_a_date() -> None:
    assert [given_parts(said) for said in READER.read("Le 16 novembre, en novembre 2016, depuis 2015")] == [
        {DatePart.DAY, DatePart.MONTH},
        {DatePart.MONTH, DatePart.YEAR},
        set(),
    ]


def test_a_deduced_date_is_vouched_for_by_a_reasoning_that_concludes_on_the_whole_date() -> None:
    event = {"id": "e", "label": "L", "date": "2016-11-16", "certainty": "déduit", "deduced": ["année"], "citations": CITATIONS}
    assert reasoning_concludes(Event.model_validate(event | {"reasoning": "Avant 2017 et après 2015. Date retenue : 16 novembre 2016."}))
    assert not reasoning_concludes(Event.model_validate(event | {"reasoning": "Avant 2017 et après 2015, donc 2016."}))


def test_a_name_is_proven_word_for_word_whatever_the_dashes_and_apostrophes() -> None:
    name = Claim("value", Said(SaidKind.NAME, name="Chambre des métiers et de l'artisanat du Nord – Pas-de-Calais"))
    assert quote_says("la chambre des métiers et de l’artisanat du Nord − Pas-de-Calais ont", name, READER)
    assert not quote_says("la chambre des métiers du Nord-Pas-de-Calais", name, READER)
    assert not quote_says("la CALLA", Claim("value", Said(SaidKind.NAME, name="CALL")), READER)


def test_a_label_names_the_units_it_writes() -> None:
    assert READER.units_named("Montant consacré au plan chaque année") == [("ans", "année")]
    assert READER.units_named("Moyenne par an, en euros par an") == [("ans", "an"), ("EUR-par-an", "euros par an")]


@pytest.mark.parametrize(
    ("claim", "shown"),
    [
        (_number(5500, "salariés"), "… 5 400 salariés …"),
        (_number(2500, "enseignes"), "… 2 400 enseignes …"),
        (Claim("value", Said(SaidKind.NAME, name="CMA")), "L’artisanat représente 5 400 salariés et 2 400 …"),  # its first eight words
    ],
)
def test_excerpt_shows_what_the_quote_says_of_the_same_kind(claim: Claim, shown: str) -> None:
    assert excerpt(QUOTE, claim, READER) == shown


def test_a_text_claims_its_figures_and_the_names_it_holds() -> None:
    assert [claim.said.shown() for claim in text_claims("label", "Budget de 2016 pour deux partenaires, selon Alain Griset", READER, ["Alain Griset"])] == [
        "2016",
        "2 partenaires",
        "Alain Griset",
    ]


def test_a_speaker_is_named_in_full_or_by_title_and_surname(dataset) -> None:  # type: ignore[no-untyped-def]
    assert speaker_names(dataset, "alain-griset") == ["Alain Griset", "président Griset"]
    assert speaker_names(dataset, "call") == ["Communauté d'agglomération de Lens-Liévin", "CALL", "communaupole de Lens-Liévin", "Agglomération"]
    assert speaker_names(dataset, "personne") == []

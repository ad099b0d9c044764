"""Verify stage: a quote is published only if its source's archived text holds it, typography aside."""

from __future__ import annotations

from pathlib import Path

import pytest

from callcma import build
from callcma.stages.s3_verify import normalise
from helpers import edit, problems

SOURCE = "data/sources/article.txt"




@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "quote: Les deux partenaires consacreront 140 000 euros",
            "quote: Les deux partenaires consacreront 150 000 euros",
            [
                "data/faits.yaml:24:12: budget[0].value: the value 140000 is not in any of its quotes (« … 150 000 euros »)",
                "data/faits.yaml:29:16: budget[0].citations[0].quote: the quote supporting 'budget-montant' is not in"
                f" {SOURCE}: «Les deux partenaires consacreront 150 000 euros»",
            ],
        ),
        (
            "quote: Le 16 novembre 2016",
            "quote: |-\n          Le 16\n          novembre 2017",
            [
                "data/faits.yaml:50:11: timeline[0].date: the year 2016 is not in any of its quotes (« … 2017 »)",
                f"data/faits.yaml:54:16: timeline[0].citations[0].quote: the quote supporting 'date-signature' is not in {SOURCE}: «Le 16 novembre 2017»",
            ],
        ),
        (
            "quote: la chambre de métiers\n",
            "quote: la chambre des métiers\n",
            [f"data/glossaire.yaml:8:16: glossary[0].citations[0].quote: the quote supporting 'terme-cma' is not in {SOURCE}: «la chambre des métiers»"],
        ),
    ],
    ids=["changed-word", "multi-line-quote", "glossary-citation"],
)
def test_quote_not_in_its_source(minimal_data: Path, old: str, new: str, expected: list[str]) -> None:
    edit(minimal_data / ("glossaire.yaml" if "chambre" in old else "faits.yaml"), old, new)
    assert problems(minimal_data) == expected


@pytest.mark.parametrize(
    "quote",
    [
        "la communauté d'agglomération",  # straight apostrophe for the source's curly one
        "«L’artisanat est le premier employeur du territoire»",  # no spaces inside the guillemets
        "Les  deux\u00a0partenaires consacreront 140\u202f000 euros",  # runs of spaces, no-break spaces
    ],
)
def test_typography_is_forgiven(minimal_data: Path, quote: str) -> None:
    edit(minimal_data / "faits.yaml", "quote: la communauté d’agglomération", f'quote: "{quote}"')
    assert build.check_data(minimal_data)


def test_quotation_words_must_stand_in_its_quote(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "value: l'artisanat est le premier employeur du territoire", "value: l'artisanat est le plus grand employeur du territoire")
    assert problems(minimal_data) == [
        "data/faits.yaml:67:12: declarations[0].value: a quotation's words must stand, word for word, in one of its citations' quotes"
    ]


def test_missing_source_text(minimal_data: Path) -> None:
    (minimal_data / "sources" / "article.txt").unlink()
    assert problems(minimal_data) == [f"data/sources.yaml:3:9: sources[0].id: archived text {SOURCE} is missing; save the source's text there"]


def test_source_text_not_utf8(minimal_data: Path) -> None:
    (minimal_data / "sources" / "article.txt").write_bytes("Le 16 novembre 2016, la chambre de m\xe9tiers".encode("latin-1"))
    assert problems(minimal_data) == [f"data/sources.yaml:3:9: sources[0].id: archived text {SOURCE} is not UTF-8"]


@pytest.mark.parametrize(
    ("text", "normalised"),
    [
        ("l’artisanat", "l'artisanat"),
        ("« oui »", "«oui»"),
        ("Nord − Pas-de-Calais", "Nord - Pas-de-Calais"),
        ("  deux\n\tlignes\u00a0 ", "deux lignes"),
    ],
)
def test_normalise_folds_only_typography(text: str, normalised: str) -> None:
    assert normalise(text) == normalised


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 140000", "value: 150000", "data/faits.yaml:24:12: budget[0].value: the value 150000 is not in any of its quotes (« … 140 000 euros »)"),
        ("value: 140000", "value: 14000", "data/faits.yaml:24:12: budget[0].value: the value 14000 is not in any of its quotes (« … 140 000 euros »)"),
        ("value: 3\n", "value: 4\n", "data/faits.yaml:32:12: budget[1].value: the value 4 is not in any of its quotes (« sur les trois années à venir »)"),
        ("date: 2016-11-16", "date: 2016-11-17", "data/faits.yaml:50:11: timeline[0].date: the day 17 is not in any of its quotes (« … 16 novembre … »)"),
        ("date: 2016-11-16", "date: 2016-10-16", "data/faits.yaml:50:11: timeline[0].date: the month octobre is not in any of its quotes (« Le 16 novembre 2016 »)"),
        ("date: 2016-11-16", "date: 2015-11-16", "data/faits.yaml:50:11: timeline[0].date: the year 2015 is not in any of its quotes (« … 2016 »)"),
        ("label: Signature\n", "label: Signature en 2015\n", "data/faits.yaml:49:12: timeline[0].label: the value 2015 is not in any of its quotes (« … 2016 »)"),
        (
            "value: présidente de la chambre",
            "value: Jeanne Martin, présidente de la CMA",
            "data/partenaires.yaml:21:16: people[0].facts[0].value: the name CMA is not in any of its quotes (« Jeanne Martin, présidente de la chambre »)",
        ),
    ],
    ids=["other-number", "digit-dropped", "number-in-words", "day", "month", "year", "number-in-label", "name"],
)
def test_value_not_proven_by_its_quotes(minimal_data: Path, old: str, new: str, expected: str) -> None:
    # The yearly average is recomputed from the amount and the duration: numbers keep it out of the way.
    edit(minimal_data / "faits.yaml", "formula: budget-montant / budget-duree", "formula: 140000 / 3")
    edit(minimal_data / ("partenaires.yaml" if "présidente" in old else "faits.yaml"), old, new)
    assert problems(minimal_data) == [expected]


def test_a_deduced_part_is_proven_by_its_reasoning(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "quote: Le 16 novembre 2016", "quote: Le 16 novembre")
    assert problems(minimal_data) == ["data/faits.yaml:50:11: timeline[0].date: the year 2016 is not in any of its quotes (« … 16 novembre »)"]
    edit(minimal_data / "faits.yaml", "certainty: attesté\n    citations:\n      - source: article\n        quote: Le 16", (
        "certainty: déduit\n    deduced: [année]\n    reasoning: L'article dit « Le 16 novembre » ; l'année 2015 se déduit.\n"
        "    citations:\n      - source: article\n        quote: Le 16"
    ))
    assert problems(minimal_data) == [
        "data/faits.yaml:53:16: timeline[0].reasoning: the year 2016 is deduced but the reasoning does not state it; expected the reasoning to give 2016"
    ]
    edit(minimal_data / "faits.yaml", "l'année 2015 se déduit", "l'année 2016 se déduit")
    assert build.check_data(minimal_data)


def test_only_a_deduced_item_names_deduced_parts(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "    certainty: attesté\n    citations:\n      - source: article\n        quote: Le 16", (
        "    certainty: attesté\n    deduced: [année]\n    citations:\n      - source: article\n        quote: Le 16"
    ))
    assert problems(minimal_data) == ["data/faits.yaml:52:14: timeline[0].deduced: only allowed when certainty is déduit (got a list)"]

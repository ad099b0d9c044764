"""Verify stage: a quote is published only if its source's archived text holds it, typography aside."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from callcma import stages
from callcma.model import PartKind
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_check import check
from callcma.verify import normalise
from helpers import edit, problems

SOURCE = "data/sources/article.txt"




@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "quote: Les deux partenaires consacreront 140 000 euros",
            "quote: Les deux partenaires consacreront 150 000 euros",
            [
                "data/faits.yaml:24:12: budget[0].value: the value 140000 EUR is not in any of its quotes (« … 150 000 euros »)",
                "data/faits.yaml:29:16: budget[0].citations[0].quote: the quote supporting 'budget-montant' is not in"
                f" {SOURCE}: «Les deux partenaires consacreront 150 000 euros»",
            ],
        ),
        (
            "quote: Le 16 novembre 2016",
            "quote: |-\n          Le 16\n          novembre 2017",
            [
                "data/faits.yaml:50:11: timeline[0].date: the date 16 novembre 2016 is not in any of its quotes (« … 16 novembre 2017 »)",
                f"data/faits.yaml:54:16: timeline[0].citations[0].quote: the quote supporting 'date-signature' is not in {SOURCE}: «Le 16 novembre 2017»",
            ],
        ),
        (
            "quote: la chambre de métiers et de l’artisanat (CMA)\n",
            "quote: la chambre des métiers et de l’artisanat (CMA)\n",
            [f"data/glossaire.yaml:8:16: glossary[0].citations[0].quote: the quote supporting 'terme-cma' is not in {SOURCE}: «la chambre des métiers et de l’artisanat (CMA)»"],
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
        "la communauté d'agglomération et la chambre",  # straight apostrophe for the source's curly one
        "«L’artisanat est le premier employeur du territoire»",  # no spaces inside the guillemets
        "Les  deux\u00a0partenaires consacreront 140\u202f000 euros",  # runs of spaces, no-break spaces
    ],
)
def test_typography_is_forgiven(minimal_data: Path, quote: str) -> None:
    edit(minimal_data / "faits.yaml", "quote: la communauté d’agglomération et la chambre", f'quote: "{quote}"')
    stages.check_data(minimal_data)  # accepted: a problem would raise DataError


def test_quotation_words_must_stand_in_its_quote(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "value: l'artisanat est le premier employeur du territoire", "value: l'artisanat est le plus grand employeur du territoire")
    assert problems(minimal_data) == [
        "data/faits.yaml:67:12: declarations[0].value: a quotation's words must stand, word for word, in one of its citations' quotes, from a word's start to a word's end"
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


# The yearly average of the minimal data, recomputed from the amount and the duration: taken out where they change.
AVERAGE = """  - id: budget-moyenne
    label: Moyenne par an
    value: 46667
    unit: EUR-par-an
    certainty: calculé
    formula: budget-montant / budget-duree
    citations:
      - source: article
        quote: 140 000 euros sur les trois années à venir
"""


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 140000", "value: 150000", "data/faits.yaml:24:12: budget[0].value: the value 150000 EUR is not in any of its quotes (« … 140 000 euros »)"),
        ("value: 140000", "value: 14000", "data/faits.yaml:24:12: budget[0].value: the value 14000 EUR is not in any of its quotes (« … 140 000 euros »)"),
        ("unit: EUR\n", "unit: ans\n", "data/faits.yaml:25:11: budget[0].unit: the value 140000 ans is not in any of its quotes (« … 140 000 euros »)"),
        ("value: 3\n", "value: 4\n", "data/faits.yaml:32:12: budget[1].value: the value 4 ans is not in any of its quotes (« … trois années … »)"),
        ("date: 2016-11-16", "date: 2016-11-17", "data/faits.yaml:41:11: timeline[0].date: the date 17 novembre 2016 is not in any of its quotes (« … 16 novembre 2016 »)"),
        ("date: 2016-11-16", "date: 2016-10-16", "data/faits.yaml:41:11: timeline[0].date: the date 16 octobre 2016 is not in any of its quotes (« … 16 novembre 2016 »)"),
        ("date: 2016-11-16", "date: 2015-11-16", "data/faits.yaml:41:11: timeline[0].date: the date 16 novembre 2015 is not in any of its quotes (« … 16 novembre 2016 »)"),
        ("label: Signature\n", "label: Signature en 2015\n", "data/faits.yaml:40:12: timeline[0].label: the year 2015 is not in any of its quotes (« … 16 novembre 2016 »)"),
        ("label: Signature\n", "label: Signature depuis 2016\n", "data/faits.yaml:40:12: timeline[0].label: the year 2016 after « depuis » is not in any of its quotes (« … 16 novembre 2016 »)"),
        ("label: Montant\n", "label: Montant pour trois partenaires\n", "data/faits.yaml:23:12: budget[0].label: the value 3 partenaires is not in any of its quotes (« … deux partenaires … »)"),
        (
            "value: présidente de la chambre",
            "value: Jeanne Martin, présidente de la CMA",
            "data/partenaires.yaml:22:16: people[0].facts[0].value: the name CMA is not in any of its quotes (« Jeanne Martin, présidente de la chambre »)",
        ),
        (
            "value: présidente de la chambre",
            "value: présidente de la chambre de Lille",
            "data/partenaires.yaml:22:16: people[0].facts[0].value: the name Lille is not in any of its quotes (« Jeanne Martin, présidente de la chambre »)",
        ),
    ],
    ids=["other-number", "digit-dropped", "unit", "number-in-words", "day", "month", "year", "year-in-label", "year-after-a-word", "number-word-in-label", "name", "proper-noun"],
)
def test_value_not_proven_by_its_quotes(minimal_data: Path, old: str, new: str, expected: str) -> None:
    edit(minimal_data / "faits.yaml", AVERAGE, "")
    edit(minimal_data / ("partenaires.yaml" if "présidente" in old else "faits.yaml"), old, new)
    assert problems(minimal_data) == [expected]


def test_a_deduced_part_is_proven_by_its_reasoning(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "quote: Le 16 novembre 2016", "quote: Le 16 novembre\n      - source: article\n        quote: la communauté d’agglomération et la chambre de métiers")
    assert problems(minimal_data) == ["data/faits.yaml:50:11: timeline[0].date: the date 16 novembre 2016 is not in any of its quotes (« … 16 novembre » ; « la communauté d’agglomération et la chambre de métiers »)"]
    edit(minimal_data / "faits.yaml", "certainty: attesté\n    citations:\n      - source: article\n        quote: Le 16", (
        "certainty: déduit\n    deduced: [année]\n    reasoning: L'article dit « Le 16 novembre » ; l'année 2015 se déduit.\n"
        "    citations:\n      - source: article\n        quote: Le 16"
    ))
    assert problems(minimal_data) == [
        "data/faits.yaml:50:11: timeline[0].date: the date is deduced but its reasoning does not conclude on it; expected the reasoning to give the date « 16 novembre 2016 »"
    ]
    edit(minimal_data / "faits.yaml", "l'année 2015 se déduit", "l'année se déduit, d'où le 16 novembre 2016")
    stages.check_data(minimal_data)  # accepted: a problem would raise DataError


def test_a_deduced_part_is_one_no_quote_dates(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "date: 2016-11-16\n    certainty: attesté\n", (
        "date: 2016-11-16\n    certainty: déduit\n    deduced: [année]\n    reasoning: Date retenue, le 16 novembre 2016.\n"
    ))
    assert problems(minimal_data) == ["data/faits.yaml:52:14: timeline[0].deduced: a quote gives the année (« 16 novembre 2016 »); expected to deduce only what no quote dates"]


def test_a_deduced_date_leaves_a_date_to_its_quotes(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "date: 2016-11-16\n    certainty: attesté\n", (
        "date: 2016-11-16\n    certainty: déduit\n    deduced: [mois, année]\n    reasoning: Date retenue, le 16 novembre 2016.\n"
    ))
    assert "data/faits.yaml:52:14: timeline[0].deduced: the parts left to the quotes form no date (a day goes with its month); expected to deduce the day too, or not the month" in problems(minimal_data)


def test_a_deduced_date_still_proves_the_parts_it_does_not_deduce(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "date: 2016-11-16\n    certainty: attesté\n", (
        "date: 2016-11-17\n    certainty: déduit\n    deduced: [année]\n    reasoning: Date retenue, le 17 novembre 2016.\n"
    ))
    assert problems(minimal_data) == [
        "data/faits.yaml:50:11: timeline[0].date: the date 17 novembre is not in any of its quotes (« … 16 novembre 2016 »)",
        "data/faits.yaml:52:14: timeline[0].deduced: a quote gives the année (« 16 novembre 2016 »); expected to deduce only what no quote dates",
    ]


def test_only_a_deduced_item_names_deduced_parts(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "    certainty: attesté\n    citations:\n      - source: article\n        quote: Le 16", (
        "    certainty: attesté\n    deduced: [année]\n    citations:\n      - source: article\n        quote: Le 16"
    ))
    assert problems(minimal_data) == ["data/faits.yaml:52:14: timeline[0].deduced: only allowed when certainty is déduit (got a list)"]


PARTS = """    parts:
      - kind: titre
        lines: "1"
        starts: La CALL et la CMA
      - kind: chapeau
        lines: "3"
        starts: Le 16 novembre 2016
      - kind: corps
        lines: 4-5
        starts: Les deux partenaires
"""


@pytest.fixture
def divided_data(minimal_data: Path) -> Path:
    """The minimal data set, its source divided into a title, a lead and a body."""
    sources = minimal_data / "sources.yaml"
    sources.write_text(sources.read_text(encoding="utf-8") + PARTS, encoding="utf-8")
    return minimal_data


def test_the_verifier_says_in_which_part_it_found_each_quote(divided_data: Path) -> None:
    checked = check(load_documents(divided_data), divided_data / "sources")
    dataset, places = checked.dataset, checked.places
    by_quote = {citation.quote: place for citation, place in places.items()}
    assert by_quote["Le 16 novembre 2016"] == PartKind.LEAD
    assert by_quote["Les deux partenaires consacreront 140 000 euros"] == PartKind.BODY
    assert len(places) == len(list(dataset.citations()))


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        (
            "de partenariat. Les deux partenaires",
            f"runs across two parts of {SOURCE}; a quote must lie within one part (titre, chapeau, légende de la photo, crédit photo, corps): «de partenariat. Les deux partenaires»",
        ),
        ("ommunauté d'agglomération", f"starts or ends inside a word in {SOURCE}; quote whole words: «ommunauté d'agglomération»"),
        ("la communauté d'agglo", f"starts or ends inside a word in {SOURCE}; quote whole words: «la communauté d'agglo»"),
    ],
    ids=["across-parts", "cut-start", "cut-end"],
)
def test_a_quote_lies_within_one_part_on_word_boundaries(divided_data: Path, quote: str, expected: str) -> None:
    edit(divided_data / "faits.yaml", "quote: la communauté d’agglomération et la chambre", f'quote: "{quote}"')
    assert problems(divided_data) == [f"data/faits.yaml:63:16: territory[0].citations[0].quote: the quote supporting 'territoire-nom' {expected}"]


def test_word_boundaries_hold_without_parts(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "quote: la communauté d’agglomération et la chambre", 'quote: "la communauté d\'agglo"')
    assert problems(minimal_data) == [
        f"data/faits.yaml:63:16: territory[0].citations[0].quote: the quote supporting 'territoire-nom' starts or ends inside a word in {SOURCE}; quote whole words: «la communauté d'agglo»"
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ('lines: 4-5', 'lines: 4-9', "data/sources.yaml:16:16: sources[0].parts[2].lines: expected lines in order after line 3, within the 5 lines of data/sources/article.txt (got '4-9')"),
        ('lines: "3"', 'lines: "1"', "data/sources.yaml:13:16: sources[0].parts[1].lines: expected lines in order after line 1, within the 5 lines of data/sources/article.txt (got '1')"),
        (
            "starts: Les deux partenaires",
            "starts: Les trois partenaires",
            "data/sources.yaml:17:17: sources[0].parts[2].starts: line 4 of data/sources/article.txt does not start with these words; it starts «Les deux partenaires consacreront 140 000 euros sur»",
        ),
        ('lines: 4-5', 'lines: "4"', "data/sources.yaml:9:7: sources[0].parts: line 5 of data/sources/article.txt belongs to no part; every line with text must be in one part"),
    ],
    ids=["past-the-end", "overlap", "wrong-start", "line-left-out"],
)
def test_parts_are_checked_against_the_archived_text(divided_data: Path, old: str, new: str, expected: str) -> None:
    edit(divided_data / "sources.yaml", old, new)
    assert problems(divided_data) == [expected]


def test_a_quote_across_the_photo_credit_and_the_caption_is_refused(data_copy: Path) -> None:
    edit(data_copy / "partenaires.yaml", "quote: les présidents de la communauté d’agglomération de Lens-Liévin\n", "quote: ACT'Presse Alain Griset président de la chambre des métiers du Nord\n")
    assert problems(data_copy) == [
        # The quote proved the partner's name in the value: every problem is reported at once.
        "data/partenaires.yaml:92:16: people[0].facts[0].value: the name Communauté d'agglomération de Lens-Liévin is not in any of its quotes"
        " (« Sylvain Robert, président de la communaupole de Lens-Liévin » ; « Sylvain Robert, président de la CALL » ; « ACT'Presse Alain Griset président de la chambre des … »)",
        "data/partenaires.yaml:100:20: people[0].facts[0].citations[2].quote: the quote supporting 'robert-fonction' runs across two parts of"
        " data/sources/article-call-cma-partenariat.txt; a quote must lie within one part (titre, chapeau, légende de la photo, crédit photo, corps):"
        " «ACT'Presse Alain Griset président de la chambre des métiers du Nord»"
    ]


def test_a_figure_in_what_the_sources_leave_unsaid_stands_in_its_citations(minimal_data: Path) -> None:
    edit(minimal_data / "glossaire.yaml", "label: Répartition du budget", "label: Répartition du budget de 2017")
    assert problems(minimal_data) == ["data/glossaire.yaml:11:12: unknowns[0].label: the year 2017 is not in any of its quotes (no citation)"]
    edit(minimal_data / "glossaire.yaml", "about: [budget-montant]", "about: [budget-montant]\n    citations:\n      - source: article\n        quote: Le 16 novembre 2016")
    assert problems(minimal_data) == ["data/glossaire.yaml:11:12: unknowns[0].label: the year 2017 is not in any of its quotes (« … 16 novembre 2016 »)"]
    edit(minimal_data / "glossaire.yaml", "budget de 2017", "budget de 2016")
    stages.check_data(minimal_data)  # accepted: a problem would raise DataError


# --- issue 8: sources as the file system and editors give them ------------------------------------------------------


def test_a_quote_and_a_source_saved_in_nfd_match_their_nfc_forms(minimal_data: Path) -> None:
    edit(minimal_data / "glossaire.yaml", "quote: la chambre de métiers et de l’artisanat (CMA)\n", "quote: la chambre de me\u0301tiers et de l’artisanat (CMA)\n")
    source = minimal_data / "sources" / "article.txt"
    source.write_text(unicodedata.normalize("NFD", source.read_text(encoding="utf-8")), encoding="utf-8")
    stages.check_data(minimal_data)


def test_a_source_linked_from_outside_data_is_refused(minimal_data: Path, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    (minimal_data / "sources" / "article.txt").rename(secret)
    (minimal_data / "sources" / "article.txt").symlink_to(secret)
    assert problems(minimal_data) == [f"{SOURCE}:1:1: (file): symbolic link leads outside sources/ (to {secret}); copy the file into sources/ instead"]


def test_a_source_file_no_source_names_is_refused(minimal_data: Path) -> None:
    (minimal_data / "sources" / "brouillon.txt").write_text("notes\n", encoding="utf-8")
    assert problems(minimal_data) == [
        "data/sources/brouillon.txt:1:1: (file): not read by the build: no source of the data has the id 'brouillon'; describe the source in a data file, or remove this file"
    ]


# --- issue 16: who speaks, whose words, which passage, which names ------------------------------------------------


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "        attribution: a rappelé Jeanne Martin\n",
            "",
            "data/faits.yaml:71:9: declarations[0].citations[0].attribution: a déclaration's quote needs its attribution: the article's words, in the quote's"
            " paragraph, that say who speaks (e.g. « poursuit Sylvain Robert »)",
        ),
        (
            "attribution: a rappelé Jeanne Martin",
            "attribution: Les deux partenaires consacreront",
            "data/faits.yaml:73:22: declarations[0].citations[0].attribution: not in the quote's paragraph of its source; expected the words, in that"
            " paragraph, that say who speaks: «Les deux partenaires consacreront»",
        ),
        (
            "attribution: a rappelé Jeanne Martin",
            "attribution: a rappelé",
            "data/faits.yaml:69:14: declarations[0].speaker: the attribution «a rappelé» does not name this speaker; expected it to say « Jeanne Martin » or « présidente Martin »",
        ),
    ],
    ids=["missing", "another-paragraph", "names-no-one"],
)
def test_a_statement_is_attributed_in_its_paragraph_to_its_speaker(minimal_data: Path, old: str, new: str, expected: str) -> None:
    edit(minimal_data / "faits.yaml", old, new)
    assert problems(minimal_data) == [expected]


def test_words_between_guillemets_are_never_the_site_s_own(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "quote: L’artisanat est le premier employeur de la région", "quote: L’artisanat est le premier employeur du territoire")
    assert problems(minimal_data) == [
        "data/faits.yaml:17:20: axes[0].facts[0].certainty: the quote takes words the article puts between guillemets, «L'artisanat est le premier employeur"
        " du territoire»: someone's words, not the site's; expected déclaration, with the speaker the article names (got attesté)"
    ]


@pytest.mark.parametrize(
    ("quote", "expected"),
    [
        ("la chambre", f"the quote supporting 'territoire-nom' stands 2 times in {SOURCE}; quote more words, so that it names one passage: «la chambre»"),
        ("la communauté d’agglomération", "too short to prove anything alone (3 words); expected at least 4 words of the passage, or a longer quote beside it"),
    ],
    ids=["twice", "too-short"],
)
def test_a_quote_names_one_passage(minimal_data: Path, quote: str, expected: str) -> None:
    edit(minimal_data / "faits.yaml", "quote: la communauté d’agglomération et la chambre", f"quote: {quote}")
    assert problems(minimal_data) == [f"data/faits.yaml:63:16: territory[0].citations[0].quote: {expected}"]


@pytest.mark.parametrize(
    ("file", "old", "new", "expected"),
    [
        ("partenaires.yaml", "name: Jeanne Martin", "name: Jeanne Martine", "data/partenaires.yaml:16:11: people[0].name: in none of the quotes of this person's facts; expected the name as the source writes it (got 'Jeanne Martine')"),
        ("partenaires.yaml", "role: présidente", "role: vice-présidente", "data/partenaires.yaml:17:11: people[0].role: not in a quote of this person's facts right after the name; expected the role as the source gives it, e.g. « Jeanne Martin, … » (got 'vice-présidente de la chambre')"),
        ("partenaires.yaml", "abbreviation: CMA", "abbreviation: CAM", "data/partenaires.yaml:4:19: organisations[0].abbreviation: in none of the quotes of this organisation's facts; expected a name the source gives it (got 'CAM')"),
        ("glossaire.yaml", "term: CMA", "term: PME", "data/glossaire.yaml:3:11: glossary[0].term: in none of its quotes; expected the term as the source uses it (got 'PME')"),
        ("faits.yaml", "number: 1", "number: 2", "data/faits.yaml:11:13: axes[0].number: the axes are numbered from 1, in the order of the list; expected 1 (got 2)"),
        ("faits.yaml", "title: Premier employeur", "title: Premier recruteur", "data/faits.yaml:12:12: axes[0].title: « recruteur » in none of the quotes of this axis's facts; expected a title in the source's words (got 'Premier recruteur')"),
    ],
    ids=["person-name", "role", "abbreviation", "term", "axis-number", "axis-title"],
)
def test_the_names_beside_the_facts_are_proven(minimal_data: Path, file: str, old: str, new: str, expected: str) -> None:
    edit(minimal_data / file, old, new)
    assert expected in problems(minimal_data)


@pytest.mark.parametrize(
    ("old", "new"),
    [
        # A term the dataset's title and identifiers never use (« DGCL » is only in the site's description of it).
        ("    term: INSEE\n", "    term: DGCL\n"),
        # SIREN names an EPCI's record, not a commune's (whose identifier is its INSEE code).
        ('    term: SIREN\n    expansion: système d\'identification du répertoire des entreprises\n    definition: Le numéro à neuf chiffres qui identifie une entreprise ou un organisme public, une intercommunalité comprise, dans le répertoire national tenu par l\'INSEE.\n    citations:\n      - source: decoupage-administratif-2026\n        record: "246200364"',
         '    term: SIREN\n    expansion: système d\'identification du répertoire des entreprises\n    definition: Le numéro à neuf chiffres qui identifie une entreprise ou un organisme public, une intercommunalité comprise, dans le répertoire national tenu par l\'INSEE.\n    citations:\n      - source: decoupage-administratif-2026\n        record: "62498"'),
    ],
    ids=["unused", "wrong-record"],
)
def test_a_glossary_term_cited_by_a_record_is_one_its_dataset_uses(data_copy: Path, old: str, new: str) -> None:
    edit(data_copy / "glossaire.yaml", old, new)
    assert [line for line in problems(data_copy) if ".term: in none of its quotes nor of its datasets' titles or identifiers" in line]

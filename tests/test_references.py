"""References: ids are unique, and every source, person, organisation and fact that the data names exists."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import edit, validation_problems

# (name, file, text replaced, replacement, every expected message)
CATALOGUE = [
    ("duplicate-id", "faits.yaml", 'id: convention-objet', 'id: budget-montant', [
        "data/faits.yaml:22:9: budget[0].id: duplicate id; every id must be unique, this one is already used at data/faits.yaml:2:9 convention[0].id (got 'budget-montant')",
    ]),
    ("speaker", "faits.yaml", 'speaker: jeanne-martin', 'speaker: jeanne-martinn', [
        "data/faits.yaml:69:14: declarations[0].speaker: no person has the id 'jeanne-martinn' (did you mean 'jeanne-martin'?)",
    ]),
    ("quotation-by-an-organisation", "faits.yaml", 'speaker: jeanne-martin', 'speaker: cma', [
        "data/faits.yaml:69:14: declarations[0].speaker: no person has the id 'cma'",
    ]),
    ("statement-speaker", "partenaires.yaml", "        certainty: attesté\n        citations:\n          - source: article\n            quote: la chambre", (
        "        certainty: déclaration\n        speaker: cmaa\n        citations:\n          - source: article\n            quote: la chambre"
    ), [
        "data/partenaires.yaml:11:18: organisations[0].facts[0].speaker: no person or organisation has the id 'cmaa' (did you mean 'cma'?)",
    ]),
    ("organisation", "partenaires.yaml", 'organisation: cma', 'organisation: call', [
        "data/partenaires.yaml:18:19: people[0].organisation: no organisation has the id 'call'",
    ]),
    ("citation-source", "faits.yaml", '      - source: article\n        quote: Le 16', '      - source: articel\n        quote: Le 16', [
        "data/faits.yaml:53:17: timeline[0].citations[0].source: no source has the id 'articel' (did you mean 'article'?)",
    ]),
    ("unknown-about", "glossaire.yaml", 'about: [budget-montant]', 'about: [budget-montnat]', [
        "data/glossaire.yaml:13:13: unknowns[0].about[0]: no fact has the id 'budget-montnat' (did you mean 'budget-montant'?)",
    ]),
    ("key-figure-text", "accueil.yaml", 'fact: budget-duree', 'fact: convention-objet', [
        "data/accueil.yaml:3:11: key_figures[1].fact: expected the id of a fact with a number (got 'convention-objet', which has none)",
    ]),
    ("formula-operand", "faits.yaml", 'formula: budget-montant / budget-duree', 'formula: budget-montant / budget-dure', [
        "data/faits.yaml:43:14: budget[2].formula: no fact with a number has the id 'budget-dure' (did you mean 'budget-duree'?)",
    ]),
    ("formula-result", "faits.yaml", 'value: 46667', 'value: 46000', [
        'data/faits.yaml:40:12: budget[2].value: the formula gives 46666.67; expected that number rounded to the nearest, e.g. 46667 (got 46000)',
    ]),
    ("formula-number", "faits.yaml", 'formula: budget-montant / budget-duree', 'formula: budget-montant / 3', [
        "data/faits.yaml:43:14: budget[2].formula: 3 is a number written in the formula, which no source proves; expected the id of a fact that holds it",
    ]),
    ("formula-units", "faits.yaml", 'formula: budget-montant / budget-duree', 'formula: budget-montant * budget-duree', [
        "data/faits.yaml:43:14: budget[2].formula: EUR × ans gives no unit of the units list; expected operands whose units combine into the fact's (got 'budget-montant * budget-duree')",
    ]),
    ("formula-result-unit", "faits.yaml", 'unit: EUR-par-an', 'unit: EUR', [
        "data/faits.yaml:41:11: budget[2].unit: the formula gives a number of EUR-par-an; expected unit: EUR-par-an (got EUR)",
    ]),
    ("unit", "faits.yaml", 'unit: ans', 'unit: années', [
        "data/faits.yaml:33:11: budget[1].unit: no unit has the id 'années' (did you mean 'ans'?)",
    ]),
    ("unit-quotient", "unites.yaml", 'per: [EUR, ans]', 'per: [EUR, année]', [
        "data/unites.yaml:11:16: units[2].per[1]: no other unit has the id 'année'",
    ]),
    ("unit-word-twice", "unites.yaml", 'words: [euros par an, € par an]', 'words: [euros par an, euros]', [
        "data/unites.yaml:12:27: units[2].words[1]: this word already names the unit 'EUR'; a word names one unit only (got 'euros')",
    ]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [case[1:] for case in CATALOGUE], ids=[case[0] for case in CATALOGUE])
def test_bad_value_is_reported_on_one_line(minimal_data: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    edit(minimal_data / file, old, new)
    assert validation_problems(minimal_data) == expected


def test_reference_problems_are_reported_together(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "speaker: jeanne-martin", "speaker: personne")
    edit(minimal_data / "accueil.yaml", "fact: budget-duree", "fact: rien")
    edit(minimal_data / "partenaires.yaml", "organisation: cma", "organisation: call")
    assert validation_problems(minimal_data) == [
        "data/accueil.yaml:3:11: key_figures[1].fact: no fact has the id 'rien'",
        "data/faits.yaml:69:14: declarations[0].speaker: no person has the id 'personne'",
        "data/partenaires.yaml:18:19: people[0].organisation: no organisation has the id 'call'",
    ]

"""Messages: pydantic's errors said as someone editing the YAML would say them, one located line each."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import edit, validation_problems

EXPECTED_FIELDS = "expected one of: id, label, certainty, citations, reasoning, formula, speaker, deduced, unit, value"
URL_EXPECTED = "expected an absolute address such as https://example.org/page (http or https, with a host) or mailto:nom@example.org"

# (name, file, text replaced, replacement, every expected message)
CATALOGUE = [
    ("typo", "faits.yaml", '    label: Montant\n', '    lable: Montant\n', [
        "data/faits.yaml:23:5: budget[0].lable: unknown field 'lable' (did you mean 'label'?); " + EXPECTED_FIELDS,
    ]),
    ("unknown", "faits.yaml", '    label: Montant\n', '    label: Montant\n    colour: rouge\n', [
        "data/faits.yaml:24:5: budget[0].colour: unknown field 'colour'; " + EXPECTED_FIELDS,
    ]),
    ("missing", "faits.yaml", '    label: Montant\n', '', [
        'data/faits.yaml:22:5: budget[0].label: required field is missing',
    ]),
    ("number-as-text", "faits.yaml", 'value: 140000', 'value: "140000"', [
        "data/faits.yaml:24:12: budget[0].value: a value with a unit must be a number written without quotes or spaces, e.g. 140000 (got '140000')",
    ]),
    ("number-with-spaces", "faits.yaml", 'value: 140000', 'value: 140 000', [
        "data/faits.yaml:24:12: budget[0].value: a value with a unit must be a number written without quotes or spaces, e.g. 140000 (got '140 000')",
    ]),
    ("impossible-date", "faits.yaml", 'date: 2016-11-16', 'date: 2016-02-30', [
        'data/faits.yaml:50:11: timeline[0].date: 2016-02-30 is not a real date; expected YYYY, YYYY-MM or YYYY-MM-DD',
    ]),
    ("year-not-quoted", "faits.yaml", 'date: 2016-11-16', 'date: 2016', [
        'data/faits.yaml:50:11: timeline[0].date: expected a date YYYY, YYYY-MM or YYYY-MM-DD; write a year alone in quotes, e.g. "2015" (got 2016)',
    ]),
    ("date-format", "faits.yaml", 'date: 2016-11-16', 'date: 16/11/2016', [
        "data/faits.yaml:50:11: timeline[0].date: expected a date YYYY, YYYY-MM or YYYY-MM-DD (got '16/11/2016')",
    ]),
    ("negative", "faits.yaml", 'value: 140000', 'value: -140000', [
        'data/faits.yaml:24:12: budget[0].value: a value with a unit must be greater than 0 (got -140000)',
    ]),
    ("zero", "faits.yaml", 'value: 3\n', 'value: 0\n', [
        'data/faits.yaml:32:12: budget[1].value: a value with a unit must be greater than 0 (got 0)',
    ]),
    ("key-figure", "accueil.yaml", 'fact: budget-duree', 'fact: budget-durée', [
        "data/accueil.yaml:3:11: key_figures[1].fact: expected an id of lowercase letters, digits and single dashes, e.g. 'budget-montant' (got 'budget-durée')",
    ]),
    ("formula-syntax", "faits.yaml", 'formula: budget-montant / budget-duree', 'formula: budget-montant ÷ budget-duree', [
        "data/faits.yaml:43:14: budget[2].formula: expected '<fact id> <+|-|*|/> <fact id>', e.g. 'budget-montant / budget-duree' (got 'budget-montant ÷ budget-duree')",
    ]),
    ("certainty", "faits.yaml", 'certainty: calculé', 'certainty: calculée', [
        "data/faits.yaml:42:16: budget[2].certainty: expected 'attesté', 'appréciation', 'déduit', 'calculé' or 'déclaration' (got 'calculée')",
    ]),
    ("certainty-needs", "faits.yaml", "    reasoning: L'article nomme la communauté d'agglomération comme signataire.\n", '', [
        'data/faits.yaml:56:5: territory[0].reasoning: required when certainty is déduit',
    ]),
    ("javascript-url", "sources.yaml", 'url: https://example.org/article', 'url: javascript:alert(document.cookie)', [
        "data/sources.yaml:6:10: sources[0].url: " + URL_EXPECTED + " (got 'javascript:alert(document.cookie)')",
    ]),
    ("data-url", "sources.yaml", 'url: https://example.org/article', 'url: data:text/html;base64,PHNjcmlwdD4=', [
        "data/sources.yaml:6:10: sources[0].url: " + URL_EXPECTED + " (got 'data:text/html;base64,PHNjcmlwdD4=')",
    ]),
    ("url-without-slashes", "sources.yaml", 'url: https://example.org/article', 'url: https:x/contenteditable/autofocus/onfocus=alert(document.domain)', [
        "data/sources.yaml:6:10: sources[0].url: " + URL_EXPECTED + " (got 'https:x/contenteditable/autofocus/onfocus=alert(document...)",
    ]),
    ("url-quote", "sources.yaml", 'url: https://example.org/article', """url: 'https://example.org/" onmouseover="alert(1)'""", [
        "data/sources.yaml:6:10: sources[0].url: " + URL_EXPECTED + """ (got 'https://example.org/" onmouseover="alert(1)')""",
    ]),
    ("url-space", "sources.yaml", 'url: https://example.org/article', 'url: https://example.org/un article', [
        "data/sources.yaml:6:10: sources[0].url: " + URL_EXPECTED + " (got 'https://example.org/un article')",
    ]),
    ("bad-id", "faits.yaml", 'id: convention-objet', 'id: Convention_Objet', [
        "data/faits.yaml:2:9: convention[0].id: expected an id of lowercase letters, digits and single dashes, e.g. 'budget-montant' (got 'Convention_Objet')",
    ]),
    ("empty-citations", "glossaire.yaml", '    citations:\n      - source: article\n        quote: la chambre de métiers et de l’artisanat (CMA)\n', '    citations: []\n', [
        'data/glossaire.yaml:6:16: glossary[0].citations: expected at least one item (got an empty list)',
    ]),
    ("label-number", "faits.yaml", 'label: Montant\n', 'label: 12\n', [
        'data/faits.yaml:23:12: budget[0].label: expected a text (got 12)',
    ]),
    ("unit", "faits.yaml", 'unit: ans', 'unit: 3 ans', [
        "data/faits.yaml:33:11: budget[1].unit: expected a unit's id: words of letters joined by single dashes, e.g. 'EUR-par-an' (got '3 ans')",
    ]),
    ("bool-value", "faits.yaml", 'value: 3\n', 'value: true\n', [
        'data/faits.yaml:32:12: budget[1].value: expected a number (e.g. 140000) or a text (got true)',
    ]),
    ("empty-value", "faits.yaml", 'value: 3\n', 'value:\n', [
        'data/faits.yaml:32:11: budget[1].value: expected a number (e.g. 140000) or a text (got an empty value)',
    ]),
    ("quote-too-long", "faits.yaml", "quote: ont signé une convention de partenariat", "quote: " + "x" * 400, [
        "data/faits.yaml:8:16: convention[0].citations[0].quote: too long; expected at most 320 characters (got 400 characters)",
    ]),
    ("term-markup", "glossaire.yaml", "term: CMA", "term: <b>CMA</b>", [
        "data/glossaire.yaml:3:11: glossary[0].term: expected at least one letter, and only letters, digits, spaces, apostrophes and hyphens (got '<b>CMA</b>')",
    ]),
    ("one-letter-term", "glossaire.yaml", "term: CMA", "term: a", [
        "data/glossaire.yaml:3:11: glossary[0].term: too short; expected at least 2 characters (got 'a')",
    ]),
    ("term-without-letter", "glossaire.yaml", "term: CMA", "term: '--'", [
        "data/glossaire.yaml:3:11: glossary[0].term: expected at least one letter, and only letters, digits, spaces, apostrophes and hyphens (got '--')",
    ]),
    ("axis-number", "faits.yaml", 'number: 1', 'number: premier', [
        "data/faits.yaml:11:13: axes[0].number: expected a whole number, written without quotes (got 'premier')",
    ]),
]


@pytest.mark.parametrize(("file", "old", "new", "expected"), [case[1:] for case in CATALOGUE], ids=[case[0] for case in CATALOGUE])
def test_bad_value_is_reported_on_one_line(minimal_data: Path, file: str, old: str, new: str, expected: list[str]) -> None:
    edit(minimal_data / file, old, new)
    assert validation_problems(minimal_data) == expected


def test_all_problems_of_all_files_are_reported_at_once(minimal_data: Path) -> None:
    edit(minimal_data / "faits.yaml", "value: 140000", "value: -1")
    edit(minimal_data / "faits.yaml", "date: 2016-11-16", "date: 2016-02-30")
    edit(minimal_data / "sources.yaml", "url: https://example.org/article", "url: javascript:alert(1)")
    edit(minimal_data / "partenaires.yaml", "    role: présidente de la chambre\n", "")
    assert [problem.split(": ")[0] for problem in validation_problems(minimal_data)] == [
        "data/faits.yaml:24:12",
        "data/faits.yaml:50:11",
        "data/partenaires.yaml:15:5",
        "data/sources.yaml:6:10",
    ]

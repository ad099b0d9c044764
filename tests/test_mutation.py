"""Mutation test over the real data: every wrong edit of a field a reader sees must stop the build, on that field.

Two tables of edits, each applied in memory to the loaded files (one validate + verify per edit, no subprocess):
the examples issue 16 lists, one by one; and mutants generated from every visible field of the real data.
An edit is caught when the check refuses it with a problem on the file and field it changed.
"""

from __future__ import annotations

import copy
from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

import pytest

from callcma.build import check_documents
from callcma.errors import DataError, Loc, format_loc
from callcma.stages.s1_load import Document, load_documents
from helpers import PROJECT

BUDGET, CONVENTION, TERRITORY, TIMELINE = "data/budget.yaml", "data/convention.yaml", "data/territoire.yaml", "data/calendrier.yaml"
PARTNERS, DECLARATIONS, GLOSSARY, UNKNOWNS = "data/partenaires.yaml", "data/declarations.yaml", "data/glossaire.yaml", "data/inconnues.yaml"
SOURCES, AXES, COMMUNES = "data/sources.yaml", "data/axes.yaml", "data/communes.yaml"
DELETE = object()  # as an edit's new value: the key is removed


@dataclass(frozen=True)
class Edit:
    """One field set to a new value (or removed), in one file."""

    file: str
    loc: Loc
    new: Any


@dataclass(frozen=True)
class Mutant:
    """A wrong change of the data: its edits, and the fields (``file field``) of which one must be reported."""

    kind: str
    edits: tuple[Edit, ...]
    expected: frozenset[str]

    def __str__(self) -> str:
        return f"{self.kind}: " + "; ".join(f"{edit.file} {format_loc(edit.loc)} → {'(removed)' if edit.new is DELETE else repr(edit.new)}" for edit in self.edits)


def mutant(kind: str, file: str, changes: dict[Loc, Any], *expected: str) -> Mutant:
    """A mutant of one file; ``expected`` are the fields one of which must be reported (the first change's by default)."""
    edits = tuple(Edit(file, loc, new) for loc, new in changes.items())
    return Mutant(kind, edits, frozenset(f"{file} {field}" for field in (expected or [format_loc(next(iter(changes)))])))


def check(documents: list[Document], edits: Iterable[Edit]) -> list[str]:
    """The problems (``file:line:col: field: message``) the check reports for the data with these edits applied."""
    edits = list(edits)
    contents = {document.name: copy.deepcopy(document.content) if any(edit.file == document.name for edit in edits) else document.content for document in documents}
    for edit in edits:
        _set(contents[edit.file], edit.loc, edit.new)
    changed = [replace(document, content=contents[document.name]) for document in documents]
    try:
        check_documents(changed, PROJECT.sources_dir)
    except DataError as error:
        return [str(problem) for problem in error.problems]
    return []


def caught(documents: list[Document], candidate: Mutant) -> tuple[bool, list[str]]:
    """Whether the check refuses the mutant on one of its expected fields, and every problem it reported."""
    reported = check(documents, candidate.edits)
    return bool({_file_and_field(problem) for problem in reported} & candidate.expected), reported


def _file_and_field(problem: str) -> str:
    place, field, _ = problem.split(": ", 2)
    return f"{place.split(':')[0]} {field}"


def _set(content: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        content = content[part]
    if value is DELETE:
        del content[loc[-1]]
    elif isinstance(content, list) and loc[-1] == len(content):
        content.append(value)
    else:
        content[loc[-1]] = value


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return load_documents(PROJECT.data_dir)


# Issue 16's examples, each as the edit that reproduces it on the real data and the field that must be refused.
EXAMPLES = [
    # 1. A figure is proven with its unit and its place.
    mutant("swapped figure: enseignes 2400 → 5400, the salariés figure of the same quote", TERRITORY, {("territory", 2, "value"): 5400}),
    mutant("unit never proven: « 140 000 salariés »", BUDGET, {("budget", 0, "unit"): "salariés"}),
    mutant("unit never proven: « 5 400 enseignes »", TERRITORY, {("territory", 1, "unit"): "enseignes"}, "territory[1].unit", "territory[1].value"),
    mutant("« trois années » proves 3 €", BUDGET, {("budget", 1, "unit"): "EUR"}, "budget[1].unit", "budget[1].value"),
    mutant("« les deux partenaires » proves 2 €", BUDGET, {("budget", 0, "value"): 2}),
    mutant(
        "« les deux partenaires » proves the 2nd of November", TIMELINE,
        {("timeline", 1, "date"): "2016-11-02", ("timeline", 1, "reasoning"): "L'article ne donne pas l'année. Date retenue : 2 novembre 2016, année probable."},
    ),
    mutant(
        "« un ambitieux programme » proves « 1 axes »", CONVENTION,
        {("convention", 11, "value"): 1, ("convention", 11, "citations", 0, "quote"): "décline un ambitieux programme visant à favoriser et accroître l’entrepreneuriat"},
    ),
    mutant("« depuis 2015 » proves « 2 015 créations »", TERRITORY, {("territory", 3, "value"): 2015}),
    # 3. A calculation is arithmetic over proven facts only.
    mutant("calculé publishes any number: 140000 + 10000", BUDGET, {("budget", 3, "formula"): "140000 + 10000", ("budget", 3, "value"): 150000}),
    mutant("a wrong yearly average: budget-montant / 4", BUDGET, {("budget", 3, "formula"): "budget-montant / 4", ("budget", 3, "value"): 35000}),
    mutant("a wrong yearly average: budget-montant * budget-duree", BUDGET, {("budget", 3, "formula"): "budget-montant * budget-duree", ("budget", 3, "value"): 420000}),
    mutant("euros divided by axes: budget-montant / plan-nombre-axes", BUDGET, {("budget", 3, "formula"): "budget-montant / plan-nombre-axes"}),
    # 4. The speaker is proven by the source.
    mutant("Griset's figure « selon Sylvain Robert »", TERRITORY, {("territory", 1, "speaker"): "sylvain-robert"}),
    mutant("Griset's quotation « selon Sylvain Robert »", DECLARATIONS, {("declarations", 2, "speaker"): "sylvain-robert"}),
    mutant("words in guillemets switched to attesté", TERRITORY, {("territory", 8, "certainty"): "attesté", ("territory", 8, "speaker"): DELETE}),
    # 5. Names, roles, organisations, vintages, axes, terms, labels.
    mutant("« Jean Robert »", PARTNERS, {("people", 0, "name"): "Jean Robert"}),
    mutant("« Sylvain Roberts »", PARTNERS, {("people", 0, "name"): "Sylvain Roberts"}),
    mutant("« vice-président »", PARTNERS, {("people", 0, "role"): "vice-président de la CALL"}),
    mutant("« Communauté urbaine d'Arras (CALL) »", PARTNERS, {("organisations", 0, "name"): "Communauté urbaine d'Arras"}),
    mutant("« CAL » beside « Sigle : CALL »", PARTNERS, {("organisations", 0, "abbreviation"): "CAL"}),
    mutant("« Alain Grisel »", PARTNERS, {("people", 1, "name"): "Alain Grisel"}),
    mutant("a dataset's vintage: « millésime 2016 »", SOURCES, {("datasets", 0, "vintage"): 2016}),
    mutant("a dataset's title: « millésime 2016 »", SOURCES, {("datasets", 0, "title"): "Découpage administratif de la France, millésime 2016"}),
    mutant("two « Axe 3 »", AXES, {("axes", 1, "number"): 3}),
    mutant("PME citing « ces TPE »", GLOSSARY, {("glossary", 3, "term"): "PME"}),
    mutant("a label's own figure: « … depuis 2017 »", TIMELINE, {("timeline", 2, "label"): "Période du plan artisanat, depuis 2017"}),
    mutant("a label's own figure: « … chaque année »", BUDGET, {("budget", 0, "label"): "Montant consacré au plan chaque année"}),
    # 6. A quote identifies its place.
    mutant(
        "a quote « les » for an invented object", CONVENTION,
        {("convention", 0, "citations", 0, "quote"): "les", ("convention", 0, "value"): "la fermeture des chambres de métiers"},
    ),
    mutant("« 500 » alone proves « 500 € »", TERRITORY, {("territory", 3, "citations", 0, "quote"): "500", ("territory", 3, "unit"): "EUR"}),
    mutant(
        "« rtisanat représente … » published as a quotation", DECLARATIONS,
        {("declarations", 2, "value"): "rtisanat représente 5 400 salariés et 2 400 enseignes sur le territoire de la CALL. Il représente un poids non négligeable. Notre objectif est de continuer à densifier son maillage."},
    ),
    # 7. A record proves only what it is about.
    mutant(
        "the EPCI's record proves « 36 axes »", CONVENTION,
        {("convention", 11, "value"): 36, ("convention", 11, "citations", 1): {"source": "decoupage-administratif-2019", "record": "246200364"}},
        "convention[11].citations[1].record",
    ),
    mutant("communes: [] under « 36 communes »", COMMUNES, {("communes",): []}),
    mutant(
        "a commune listed twice", COMMUNES,
        {("communes", 36): {"name": "Ablain-Saint-Nazaire", "insee": "62001", "postal_codes": ["62153"], "citations": [{"source": "decoupage-administratif-2019", "record": "62001"}, {"source": "decoupage-administratif-2026", "record": "62001"}]}},
        "communes[36].insee",
    ),
    # 2. Dates.
    mutant(
        "a déduit date deduces the day and month its quote states", TIMELINE,
        {
            ("timeline", 1, "date"): "2016-12-25",
            ("timeline", 1, "deduced"): ["année", "mois", "jour"],
            ("timeline", 1, "reasoning"): "L'article ne donne pas l'année. Date retenue : 25 décembre 2016, année probable.",
        },
        "timeline[1].deduced",
    ),
    mutant("a period ends before it starts: « 2020 – 2017 »", TIMELINE, {("timeline", 2, "date"): "2020", ("timeline", 2, "end"): "2017"}, "timeline[2].end"),
    mutant(
        "a figure in words: « moins deux années civiles »", UNKNOWNS,
        {("unknowns", 8, "label"): "Le début et la fin exacts du plan, que l'article place à la fois sur « les trois années à venir » et sur 2017-2020, soit moins deux années civiles"},
    ),
]


@pytest.mark.parametrize("example", EXAMPLES, ids=[example.kind for example in EXAMPLES])
def test_each_example_of_the_issue_is_refused_on_its_field(documents: list[Document], example: Mutant) -> None:
    refused, reported = caught(documents, example)
    print("\n" + "\n".join(reported))
    assert refused, f"{example} was not refused on {sorted(example.expected)}; reported: {reported}"


def test_the_real_data_passes(documents: list[Document]) -> None:
    assert check(documents, ()) == []

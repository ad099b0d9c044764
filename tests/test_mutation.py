"""Mutation test over the real data: every wrong edit of a field a reader sees must stop the build, on that field.

Two tables of edits, each applied in memory to the loaded files (one validate + verify per edit, no subprocess):
the examples issue 16 lists, one by one; and mutants generated from every visible field of the real data.
An edit is caught when the check refuses it with a problem on the file and field it changed.
"""

from __future__ import annotations

import copy
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from decimal import Decimal
from typing import Any

import pytest

from callcma.errors import DataError, Loc, format_loc
from callcma.formula import OPERATORS, Formula
from callcma.model import Certainty, Fact, Quotation
from callcma.proof import Reader
from callcma.locator import Document
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_check import check as check_documents, parse
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
    contents = {document.name: document.content for document in documents}
    for edit in edits:
        contents[edit.file] = _set(contents[edit.file], edit.loc, edit.new)
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


def _set(content: Any, loc: Loc, value: Any) -> Any:
    """A copy of ``content`` with the value at ``loc`` set (or removed, or appended): only the containers on the way
    are copied, the loaded documents are never changed."""
    copied = copy.copy(content)
    if len(loc) > 1:
        copied[loc[0]] = _set(content[loc[0]], loc[1:], value)
    elif value is DELETE:
        del copied[loc[0]]
    elif isinstance(copied, list) and loc[0] == len(copied):
        copied.append(value)
    else:
        copied[loc[0]] = value
    return copied


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


# --- Mutants of every visible field of the real data --------------------------------------------------------------

_DIGITS = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*")
# Number words a text may hold, and the word each one is changed into.
_NUMBER_WORDS = {"deux": "trois", "trois": "quatre", "quatre": "cinq", "cinq": "six", "dix": "onze", "cent": "mille"}
# What a mutant appends to a label: a year no quote gives after « depuis », a place no quote names, a rate.
_LABEL_ADDITIONS = (" depuis 2019", " à Arras")


def variants(number: str) -> list[str]:
    """The number plus one, minus one, and with each one of its digits dropped (when any digit remains)."""
    digits = re.sub(r"\D", "", number)
    value = int(digits)
    dropped = {digits[:index] + digits[index + 1:] for index in range(len(digits))} if len(digits) > 1 else set()
    found = [str(value + 1), str(value - 1).zfill(len(digits)) if digits.startswith("0") else str(value - 1), *sorted(dropped)]
    return [variant for variant in dict.fromkeys(found) if variant != digits]


class Mutator:
    """Makes the mutants of the real data, kind by kind; each names the fields that must be reported."""

    def __init__(self, documents: list[Document]) -> None:
        self.dataset, _ = parse(documents)
        self.files = {key: document.name for document in documents for key in document.content}
        self.contents = {document.name: document.content for document in documents}

    def all(self) -> Iterator[Mutant]:
        for kind in (
            self.numbers, self.swapped_figures, self.units, self.number_words, self.speakers, self.attributions, self.names,
            self.roles, self.labels, self.formulas, self.records, self.members, self.terms, self.axes, self.quotes, self.guillemets,
        ):
            yield from kind()

    def mutant(self, kind: str, changes: dict[Loc, Any], *fields: Loc) -> Mutant:
        """A mutant of the file of its first change; one of ``fields`` (the first change's by default) must be reported."""
        file = self.files[str(next(iter(changes))[0])]
        return Mutant(kind, tuple(Edit(file, loc, new) for loc, new in changes.items()), frozenset(f"{file} {format_loc(loc)}" for loc in (fields or [next(iter(changes))])))

    def get(self, loc: Loc) -> Any:
        value = self.contents[self.files[str(loc[0])]]
        for part in loc:
            value = value[part]
        return value

    def texts(self) -> Iterator[tuple[Loc, str]]:
        """Every text a reader sees beside the facts' values: labels, text values, what the sources leave unsaid."""
        for loc, item in self.dataset.cited():
            yield loc + ("label",), item.label
            if isinstance(item, Fact) and not item.is_number:
                yield loc + ("value",), str(item.value)
        for index, unknown in enumerate(self.dataset.unknowns):
            yield ("unknowns", index, "label"), unknown.label
            yield ("unknowns", index, "detail"), unknown.detail

    def numbers(self) -> Iterator[Mutant]:
        """Every number shown (values, labels, dates, texts, vintages), one more, one less, one digit dropped."""
        places = [(loc + (field,), "date part" if field in ("date", "end") else "number") for loc, _ in self.dataset.cited() for field in ("value", "label", "date", "end")]
        places += [(loc, "number") for loc, _ in self.texts() if loc[0] == "unknowns"]
        places += [(("datasets", index, field), "vintage") for index in range(len(self.dataset.datasets)) for field in ("vintage", "title")]
        for loc, kind in places:
            old = self.get(loc[:-1]).get(loc[-1])
            if isinstance(old, bool) or not isinstance(old, (int, str)):
                continue
            text = str(old)
            for match in _DIGITS.finditer(text):
                for variant in variants(match[0]):
                    new = text[: match.start()] + variant + text[match.end():]
                    yield self.mutant(kind, {loc: int(new) if isinstance(old, int) else new})

    def swapped_figures(self) -> Iterator[Mutant]:
        """A number fact's value set to another figure of its own quotes (the salariés' for the enseignes)."""
        reader = Reader(self.dataset.units)
        for loc, item in self.dataset.cited():
            if isinstance(item, Fact) and item.is_number and item.formula is None:
                others = {said.number for citation in item.citations if citation.quote for said in reader.read(citation.quote) if said.number is not None}
                for number in sorted(others - {Decimal(str(item.value))}):
                    yield self.mutant("swapped figure", {loc + ("value",): int(number) if number == int(number) else float(number)})

    def units(self) -> Iterator[Mutant]:
        for loc, item in self.dataset.cited():
            if isinstance(item, Fact) and item.unit is not None:
                for unit in self.dataset.units:
                    if unit.id != item.unit:
                        yield self.mutant("unit", {loc + ("unit",): unit.id}, loc + ("unit",), loc + ("value",))

    def number_words(self) -> Iterator[Mutant]:
        for loc, text in self.texts():
            for match in re.finditer(rf"(?<!\w)({'|'.join(_NUMBER_WORDS)})(?!\w)", text):
                yield self.mutant("number word", {loc: text[: match.start()] + _NUMBER_WORDS[match[1]] + text[match.end():]})

    def speakers(self) -> Iterator[Mutant]:
        """A déclaration attributed to anyone else, or switched to the site's own voice."""
        for loc, item in self.dataset.cited():
            if item.speaker is None:
                continue
            others = [person.id for person in self.dataset.people] + ([] if isinstance(item, Quotation) else [organisation.id for organisation in self.dataset.organisations])
            for other in others:
                if other != item.speaker:
                    yield self.mutant("speaker", {loc + ("speaker",): other})
            if not isinstance(item, Quotation):
                attributions = [loc + ("citations", index, "attribution") for index, citation in enumerate(item.citations) if citation.attribution]
                for certainty in (Certainty.ATTESTED, Certainty.JUDGEMENT):
                    yield self.mutant("certainty", {loc + ("certainty",): certainty.value, loc + ("speaker",): DELETE}, loc + ("certainty",), *attributions)

    def attributions(self) -> Iterator[Mutant]:
        """A déclaration's attribution replaced by another of the data (another speaker's, or from another paragraph)."""
        every = sorted({citation.attribution for _, _, citation in self.dataset.citations() if citation.attribution})
        for loc, _, citation in self.dataset.citations():
            for other in every:
                if citation.attribution and other != citation.attribution:
                    yield self.mutant("attribution", {loc + ("attribution",): other}, loc + ("attribution",), loc[:-2] + ("speaker",))

    def names(self) -> Iterator[Mutant]:
        """People's and organisations' names, abbreviations and other names: another's, a letter dropped, reordered."""
        people = [person.name for person in self.dataset.people]
        for index, name in enumerate(people):
            first, _, last = name.partition(" ")
            for new in {f"{last} {first}", name[:-1], *(other for other in people if other != name)}:
                yield self.mutant("name", {("people", index, "name"): new})
        organisations = self.dataset.organisations
        for index, organisation in enumerate(organisations):
            for field in ("name", "abbreviation", "called"):
                value = getattr(organisation, field)
                for new in {value[:-1], *(getattr(other, field) for other in organisations if other is not organisation)}:
                    yield self.mutant("name" if field != "abbreviation" else "abbreviation", {("organisations", index, field): new})
            for position, other_name in enumerate(organisation.other_names):
                yield self.mutant("name", {("organisations", index, "other_names", position): other_name[:-1]})

    def roles(self) -> Iterator[Mutant]:
        for index, person in enumerate(self.dataset.people):
            for new in {f"vice-{person.role}", *(other.role for other in self.dataset.people if other is not person)}:
                yield self.mutant("role", {("people", index, "role"): new})
            for organisation in self.dataset.organisations:
                if organisation.id != person.organisation:
                    yield self.mutant("role", {("people", index, "organisation"): organisation.id})

    def labels(self) -> Iterator[Mutant]:
        """A label given a year, a place, and for a number a rate, that no quote gives."""
        for loc, item in self.dataset.cited():
            # A rate for a number that counts no years (« Durée couverte chaque année » says nothing new).
            counts_years = isinstance(item, Fact) and item.unit in ("ans", "EUR-par-an")
            additions = _LABEL_ADDITIONS + ((" chaque année",) if isinstance(item, Fact) and item.is_number and not counts_years else ())
            for addition in additions:
                yield self.mutant("label", {loc + ("label",): item.label + addition})

    def formulas(self) -> Iterator[Mutant]:
        """Each operand replaced by every other fact with a number, or by a number written in; each other operation."""
        for loc, item in self.dataset.cited():
            if isinstance(item, Fact) and item.formula:
                formula = Formula.parse(item.formula)
                fields = (loc + ("formula",), loc + ("unit",), loc + ("value",))
                for position in (0, 2):
                    for term in [*self.dataset.numbers_by_id, "3"]:
                        parts = [formula.left, formula.symbol, formula.right]
                        if term not in (parts[position], item.id):
                            parts[position] = term
                            yield self.mutant("formula operand", {loc + ("formula",): " ".join(parts)}, *fields)
                for symbol in OPERATORS:
                    if symbol != formula.symbol:
                        yield self.mutant("formula operand", {loc + ("formula",): f"{formula.left} {symbol} {formula.right}"}, *fields)

    def records(self) -> Iterator[Mutant]:
        """A record cited by a fact or a commune replaced by another record of the same extract."""
        for loc, item in self.dataset.cited():
            for index, citation in enumerate(item.citations):
                if citation.record is not None:
                    yield self.mutant("record", {loc + ("citations", index, "record"): self.dataset.communes[0].insee})
        for index, commune in enumerate(self.dataset.communes):
            other = self.dataset.communes[(index + 1) % len(self.dataset.communes)].insee
            fields = [("communes", index, field) for field in ("insee", "name", "postal_codes")] + [("communes", index, "citations", 0, "record"), ("communes",)]
            yield self.mutant("record", {("communes", index, "citations", 0, "record"): other}, *fields)

    def members(self) -> Iterator[Mutant]:
        """A member commune left out, or listed twice."""
        communes = self.get(("communes",))
        for index in range(len(communes)):
            yield self.mutant("list member", {("communes",): communes[:index] + communes[index + 1:]})
        yield self.mutant("list member", {("communes", len(communes)): communes[0]}, ("communes", len(communes), "insee"))

    def terms(self) -> Iterator[Mutant]:
        terms = [term.term for term in self.dataset.glossary]
        for index, term in enumerate(terms):
            yield self.mutant("term", {("glossary", index, "term"): terms[(index + 1) % len(terms)]})

    def axes(self) -> Iterator[Mutant]:
        count = len(self.dataset.axes)
        for index, axis in enumerate(self.dataset.axes):
            yield self.mutant("axis", {("axes", index, "number"): (index + 1) % count + 1})
            yield self.mutant("axis", {("axes", index, "title"): "Nouvelles " + axis.title})

    def quotes(self) -> Iterator[Mutant]:
        """An item's only quote cut to its first three words."""
        for loc, item in self.dataset.cited():
            if len(item.citations) == 1 and item.citations[0].quote:
                yield self.mutant("quote", {loc + ("citations", 0, "quote"): " ".join(item.citations[0].quote.split()[:3])})

    def guillemets(self) -> Iterator[Mutant]:
        """A word the article stresses between guillemets, taken out of them in the site's own voice."""
        for loc, item in self.dataset.cited():
            quoted = any("«" in (citation.quote or "") for citation in item.citations)  # the source's guillemets, not the site's
            if isinstance(item, Fact) and item.certainty in (Certainty.ATTESTED, Certainty.JUDGEMENT) and quoted and "«" in str(item.value):
                yield self.mutant("guillemets", {loc + ("value",): re.sub(r"«\s*([^»]*?)\s*»", r"\1", str(item.value))})


def test_every_visible_field_is_caught_when_changed(documents: list[Document]) -> None:
    found = list(Mutator(documents).all())
    survivors = [str(candidate) for candidate in found if not caught(documents, candidate)[0]]
    kinds = Counter(candidate.kind for candidate in found)
    missed = Counter(survivor.split(":")[0] for survivor in survivors)
    print(f"\nmutation test: {len(found)} mutants of the real data tried, {len(found) - len(survivors)} caught")
    for kind, tried in kinds.items():
        print(f"  {kind}: {tried} tried, {tried - missed[kind]} caught")
    assert set(kinds) >= {"number", "date part", "vintage", "swapped figure", "unit", "number word", "speaker", "certainty", "attribution", "name", "abbreviation",
                          "role", "label", "formula operand", "record", "list member", "term", "axis", "quote", "guillemets"}
    assert survivors == []


@pytest.mark.parametrize(("number", "expected"), [("5400", ["5401", "5399", "400", "500", "540"]), ("3", ["4", "2"]), ("16", ["17", "15", "1", "6"]), ("11", ["12", "10", "1"])])
def test_variants(number: str, expected: list[str]) -> None:
    assert variants(number) == expected

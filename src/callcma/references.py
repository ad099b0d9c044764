"""Reference checks of a typed Dataset: unique ids, and every source, person, organisation and fact named exists."""

from __future__ import annotations

import difflib
import math
from collections.abc import Iterable, Iterator
from typing import Any

from .errors import Loc, Problem
from .formula import decimals, result_unit
from .locator import Locator
from .model import ID_SECTIONS, Dataset, Fact, Quotation


def check_references(dataset: Dataset, locator: Locator) -> list[Problem]:
    """Ids are unique; every source, person, organisation and fact named in the data exists."""
    problems = list(_check_unique_ids(dataset, locator))
    # A citation names an article (quoted) or a dataset (by record); records.py checks which kind each one uses.
    people, sources = dataset.people_by_id, dataset.sources_by_id | dataset.datasets_by_id
    for loc, _, citation in dataset.citations():
        if citation.source not in sources:
            problems.append(locator.problem(loc + ("source",), _missing("source", citation.source, sources)))
    for index, person in enumerate(dataset.people):
        if person.organisation not in dataset.organisations_by_id:
            problems.append(locator.problem(("people", index, "organisation"), _missing("organisation", person.organisation, dataset.organisations_by_id)))
    speakers = people | dataset.organisations_by_id
    unit_problems = list(_check_units(dataset, locator))
    problems += unit_problems
    for loc, item in dataset.cited():
        if isinstance(item, Quotation) and item.speaker is not None and item.speaker not in people:
            # Words quoted word for word were said by someone.
            problems.append(locator.problem(loc + ("speaker",), _missing("person", item.speaker, people)))
        elif item.speaker is not None and item.speaker not in speakers:
            problems.append(locator.problem(loc + ("speaker",), _missing("person or organisation", item.speaker, speakers)))
        if item.formula is not None and isinstance(item, Fact):
            # Units are combined only once every unit named exists: one mistake, one problem.
            problems.extend(_check_formula(item, loc, dataset, locator, units_known=not unit_problems))
    for index, unknown in enumerate(dataset.unknowns):
        for about_index, fact_id in enumerate(unknown.about):
            if fact_id not in dataset.facts_by_id:
                problems.append(locator.problem(("unknowns", index, "about", about_index), _missing("fact", fact_id, dataset.facts_by_id)))
    for index, figure in enumerate(dataset.key_figures):
        fact = dataset.facts_by_id.get(figure.fact)
        if fact is None:
            problems.append(locator.problem(("key_figures", index, "fact"), _missing("fact", figure.fact, dataset.facts_by_id)))
        elif not (isinstance(fact, Fact) and fact.is_number):
            problems.append(locator.problem(("key_figures", index, "fact"), f"expected the id of a fact with a number (got {figure.fact!r}, which has none)"))
    return problems


def _check_units(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    """Every unit a fact or a quotient names is in the units list, and a word names one unit only."""
    for loc, item in dataset.cited():
        if isinstance(item, Fact) and item.unit is not None and item.unit not in dataset.units_by_id:
            yield locator.problem(loc + ("unit",), _missing("unit", item.unit, dataset.units_by_id))
    named: dict[str, str] = {}
    for index, unit in enumerate(dataset.units):
        for part, name in enumerate(unit.per or ()):
            if name not in dataset.units_by_id or name == unit.id:
                yield locator.problem(("units", index, "per", part), _missing("other unit", name, {other: None for other in dataset.units_by_id if other != unit.id}))
        for word_index, word in enumerate(unit.words):
            folded = " ".join(word.casefold().split())
            if named.setdefault(folded, unit.id) != unit.id:
                yield locator.problem(("units", index, "words", word_index), f"this word already names the unit {named[folded]!r}; a word names one unit only (got {word!r})")


def _check_unique_ids(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    seen: dict[str, Loc] = {}
    for loc, identifier in _ids(dataset):
        if identifier in seen:
            first = locator.problem(seen[identifier], "")
            where = f"{first.path}:{first.line}:{first.column} {first.field}"
            yield locator.problem(loc, f"duplicate id; every id must be unique, this one is already used at {where} (got {identifier!r})")
        else:
            seen[identifier] = loc


def _ids(dataset: Dataset) -> Iterable[tuple[Loc, str]]:
    for section in ID_SECTIONS:
        for index, entry in enumerate(getattr(dataset, section)):
            yield (section, index, "id"), entry.id
    for loc, item in dataset.cited():
        yield loc + ("id",), item.id


def _check_formula(fact: Fact, loc: Loc, dataset: Dataset, locator: Locator, *, units_known: bool) -> Iterator[Problem]:
    """A calculated fact's operands are facts with a number; its unit is the one they give; its value, the result rounded."""
    calculation = dataset.calculations[fact.id]
    for term in calculation.numbers:
        yield locator.problem(loc + ("formula",), f"{term} is a number written in the formula, which no source proves; expected the id of a fact that holds it")
    for term in calculation.missing:
        yield locator.problem(loc + ("formula",), _missing("fact with a number", term, dataset.numbers_by_id))
    if calculation.missing or calculation.numbers:
        return
    if calculation.divides_by_zero:
        yield locator.problem(loc + ("formula",), f"division by zero; expected a divisor other than 0 (got {fact.formula!r})")
        return
    result = calculation.result
    if result is None or not math.isfinite(result):
        yield locator.problem(loc + ("formula",), f"the formula gives no finite number; expected operands of a sensible size (got {fact.formula!r})")
        return
    try:
        unit = result_unit(calculation, dataset.units_by_id) if units_known else fact.unit
    except ValueError as error:
        yield locator.problem(loc + ("formula",), f"{error}; expected operands whose units combine into the fact's (got {fact.formula!r})")
        return
    if unit != fact.unit:
        yield locator.problem(loc + ("unit",), f"the formula gives {f'a number of {unit}' if unit else 'a number without unit'}; expected unit: {unit or 'none'} (got {fact.unit or 'none'})")
    places = decimals(fact.value) if fact.is_number else 0
    if not (fact.is_number and calculation.matches(fact.value)):
        yield locator.problem(loc + ("value",), f"the formula gives {result:.{places + 2}f}; expected that number rounded to the nearest, e.g. {round(result, places) if places else round(result)} (got {fact.value!r})")


def _missing(kind: str, name: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no {kind} has the id {name!r}{hint}"

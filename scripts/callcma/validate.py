"""Validate stage: merge the loaded files into one typed Dataset and check that every reference resolves."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, ValidationError

from .errors import DataError, Loc, Problem, format_loc
from .load import Document
from .model import OPERATORS, Dataset, Fact, formula_terms, is_number_literal


class Locator:
    """Finds, for a location in the merged data, the file, line and column it came from."""

    def __init__(self, documents: list[Document]) -> None:
        self.documents = documents
        self.owner: dict[str, Document] = {}
        for document in documents:
            for key in document.content:
                self.owner.setdefault(key, document)

    def problem(self, loc: Loc, message: str, *, key: bool = False) -> Problem:
        """A Problem at ``loc``, pointing into the file that defines its top-level key."""
        document = self.owner.get(str(loc[0])) if loc else None
        if document is None:
            return Problem("data", 1, 1, format_loc(loc), message)
        line, column = document.locate(loc, key=key)
        return Problem(document.name, line, column, format_loc(loc), message)


def validate_dataset(documents: list[Document]) -> tuple[Dataset, Locator]:
    """Build the Dataset from all files; raise one DataError with every problem found."""
    locator = Locator(documents)
    problems = list(_check_top_level(documents, locator))
    merged = {key: document.content[key] for key, document in locator.owner.items() if key in Dataset.model_fields}
    try:
        dataset = Dataset.model_validate(merged)
    except ValidationError as error:
        problems.extend(_describe(error, locator, merged))
        raise DataError(problems) from None
    problems.extend(check_references(dataset, locator))
    if problems:
        raise DataError(problems)
    return dataset, locator


def _check_top_level(documents: list[Document], locator: Locator) -> Iterator[Problem]:
    """Each top-level key must be a known section, defined in exactly one file."""
    for document in documents:
        for key in document.content:
            line, column = document.locate((key,), key=True)
            if key not in Dataset.model_fields:
                yield Problem(document.name, line, column, key, _unknown_field_message(key, Dataset))
            elif locator.owner[key] is not document:
                yield Problem(document.name, line, column, key, f"section already defined in {locator.owner[key].name}")


def _describe(error: ValidationError, locator: Locator, merged: dict[str, Any]) -> Iterator[Problem]:
    """Turn pydantic's errors into located problems that say what was found and what is expected."""
    for detail in error.errors(include_url=False):
        loc = _data_loc(tuple(detail["loc"]), merged)
        kind = detail["type"]
        if kind == "extra_forbidden":
            yield locator.problem(loc, _unknown_field_message(str(loc[-1]), _model_at(loc[:-1])), key=True)
        elif kind == "missing":
            yield locator.problem(loc, "required field is missing")
        else:
            message = detail["msg"].removeprefix("Value error, ")
            yield locator.problem(loc, f"{message} (got {_show(detail.get('input'))})")


def _data_loc(loc: Loc, merged: dict[str, Any]) -> Loc:
    """Keep the part of a pydantic location that names data: keys, indexes and a missing field's name."""
    kept: list[str | int] = []
    node: Any = merged
    for part in loc:
        if isinstance(node, dict) and isinstance(part, str):
            kept.append(part)
            if part not in node:
                break
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            kept.append(part)
            node = node[part]
        else:
            break
    return tuple(kept)


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``, found through the type hints."""
    annotation: Any = Dataset
    for part in loc:
        annotation = _unwrap(annotation)
        if isinstance(part, int):
            annotation = typing.get_args(annotation)[0] if typing.get_args(annotation) else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            annotation = annotation.model_fields[part].annotation
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """``X | None`` and ``Annotated[X, ...]`` stand for X when walking the model."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(annotation) if option is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


def _unknown_field_message(name: str, model: type[BaseModel] | None) -> str:
    allowed = list(model.model_fields) if model else []
    message = f"unknown field {name!r}"
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    if allowed:
        message += f"; expected one of: {', '.join(allowed)}"
    return message


def _show(value: Any) -> str:
    """A bad value as it would be read in the YAML, cut short."""
    text = repr(value) if not isinstance(value, (dict, list)) else f"a {'mapping' if isinstance(value, dict) else 'list'}"
    return text if len(text) <= 60 else text[:57] + "..."


def check_references(dataset: Dataset, locator: Locator) -> list[Problem]:
    """Ids are unique; every source, person, organisation and fact named in the data exists."""
    problems = list(_check_unique_ids(dataset, locator))
    people, sources = dataset.people_by_id, dataset.sources_by_id
    for loc, _, citation in dataset.citations():
        if citation.source not in sources:
            problems.append(locator.problem(loc + ("source",), _missing("source", citation.source, sources)))
    for index, person in enumerate(dataset.people):
        if person.organisation not in dataset.organisations_by_id:
            problems.append(locator.problem(("people", index, "organisation"), _missing("organisation", person.organisation, dataset.organisations_by_id)))
    for loc, item in dataset.cited():
        if item.speaker is not None and item.speaker not in people:
            problems.append(locator.problem(loc + ("speaker",), _missing("person", item.speaker, people)))
        if item.formula is not None and isinstance(item, Fact):
            problems.extend(_check_formula(item, loc, dataset, locator))
    for index, figure in enumerate(dataset.key_figures):
        fact = dataset.facts_by_id.get(figure.fact)
        if fact is None:
            problems.append(locator.problem(("key_figures", index, "fact"), _missing("fact", figure.fact, dataset.facts_by_id)))
        elif not (isinstance(fact, Fact) and fact.is_number):
            problems.append(locator.problem(("key_figures", index, "fact"), f"a key figure must be a fact with a number, {figure.fact!r} is not"))
    return problems


def _check_unique_ids(dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    seen: dict[str, str] = {}
    for loc, identifier in _ids(dataset):
        if identifier in seen:
            yield locator.problem(loc, f"duplicate id {identifier!r} (already used at {seen[identifier]})")
        else:
            seen[identifier] = format_loc(loc)


def _ids(dataset: Dataset) -> Iterable[tuple[Loc, str]]:
    for section in ("sources", "organisations", "people", "axes", "glossary", "unknowns"):
        for index, entry in enumerate(getattr(dataset, section)):
            yield (section, index, "id"), entry.id
    for loc, item in dataset.cited():
        yield loc + ("id",), item.id


def _check_formula(fact: Fact, loc: Loc, dataset: Dataset, locator: Locator) -> Iterator[Problem]:
    """A calculated fact's value must be what its formula gives, rounded as the value is written."""
    left, symbol, right = formula_terms(fact.formula or "")
    operands: list[float] = []
    for term in (left, right):
        operand = dataset.facts_by_id.get(term)
        if is_number_literal(term):
            operands.append(float(term))
        elif isinstance(operand, Fact) and operand.is_number:
            operands.append(float(operand.value))
        else:
            yield locator.problem(loc + ("formula",), f"{term!r} is not the id of a fact with a number")
            return
    if symbol == "/" and operands[1] == 0:
        yield locator.problem(loc + ("formula",), "division by zero")
        return
    result = OPERATORS[symbol](*operands)
    written = str(fact.value)
    decimals = len(written.split(".")[1]) if "." in written else 0
    if not fact.is_number or abs(result - float(fact.value)) > 0.5 * 10**-decimals:
        yield locator.problem(loc + ("value",), f"the formula gives {result:.{decimals + 2}f}, which does not round to {fact.value!r}")


def _missing(kind: str, name: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no {kind} has the id {name!r}{hint}"

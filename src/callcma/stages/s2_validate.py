"""Validate stage: merge the loaded files into one typed Dataset and check that every reference resolves."""

from __future__ import annotations

import difflib
import math
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, StringConstraints, ValidationError

from ..errors import DataError, Loc, Problem, format_loc
from .s1_load import Document, gc_paused
from ..model import OPERATORS, Dataset, Fact, Id, PartialDate, Term, formula_terms, is_number_literal


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
    with gc_paused():  # the Dataset holds a few objects per value: see gc_paused
        return _validate(documents)


def _validate(documents: list[Document]) -> tuple[Dataset, Locator]:
    locator = Locator(documents)
    problems = list(_check_top_level(documents, locator))
    merged = {key: document.content[key] for key, document in locator.owner.items() if key in Dataset.model_fields}
    try:
        dataset = Dataset.model_validate(merged)
    except ValidationError as error:
        unknown_sections = [(key,) for document in documents for key in document.content if key not in Dataset.model_fields]
        problems.extend(_describe(error, locator, merged, unknown_sections))
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
                yield Problem(document.name, line, column, key, _unknown_message("section", key, list(Dataset.model_fields)))
            elif locator.owner[key] is not document:
                yield Problem(document.name, line, column, key, f"section already defined in {locator.owner[key].name}; each section lives in one file")


def _describe(error: ValidationError, locator: Locator, merged: dict[str, Any], unknown_sections: list[Loc]) -> Iterator[Problem]:
    """Turn pydantic's errors into located problems that say what was found and what is expected."""
    details = [(_data_loc(tuple(detail["loc"]), merged), detail) for detail in error.errors(include_url=False)]
    unknown = unknown_sections + [loc for loc, detail in details if detail["type"] == "extra_forbidden"]
    explained = _misspelt(unknown, {loc for loc, detail in details if detail["type"] == "missing"})
    for loc, detail in details:
        if detail["type"] == "extra_forbidden":
            yield locator.problem(loc, _unknown_message("field", str(loc[-1]), list(_allowed_fields(loc[:-1]))), key=True)
        elif detail["type"] == "missing":
            if loc not in explained:
                yield locator.problem(loc, "required section is missing; add it to one data/*.yaml file" if len(loc) == 1 else "required field is missing")
        else:
            message, value = _expectation(loc, detail), detail.get("input")
            shown = f"{len(value)} characters" if detail["type"] == "string_too_long" and isinstance(value, str) else _show(value)
            # A value left out has nothing to show; one the message starts with is not repeated.
            repeated = isinstance(value, str) and bool(value) and message.startswith(value)
            yield locator.problem(loc, f"{message} (got {shown})" if _is_present(loc, merged) and not repeated else message)


def _misspelt(unknown: list[Loc], missing: set[Loc]) -> set[Loc]:
    """Missing fields that an unknown name next to them misspells: one mistake, reported once, as the unknown name."""
    explained: set[Loc] = set()
    for loc in unknown:
        close = difflib.get_close_matches(str(loc[-1]), list(_allowed_fields(loc[:-1])), n=1)
        if close and loc[:-1] + (close[0],) in missing:
            explained.add(loc[:-1] + (close[0],))
    return explained


def _expectation(loc: Loc, detail: Any) -> str:
    """What the field expects, in the words of someone editing the YAML rather than of pydantic."""
    kind, context = detail["type"], detail.get("ctx") or {}
    pattern = _field_pattern(loc)
    hint = _PATTERN_HINTS.get(pattern or "")
    if kind == "string_type":
        if pattern == _DATE_PATTERN:
            return 'expected a date YYYY, YYYY-MM or YYYY-MM-DD; write a year alone in quotes, e.g. "2015"'
        return f"expected {hint} written as text" if hint else "expected a text"
    if kind == "string_pattern_mismatch":
        return f"expected {hint}" if hint else f"expected a text matching {context.get('pattern')!r}"
    if kind == "string_too_short":
        return "expected a text that is not empty" if context.get("min_length") == 1 else f"too short; expected at least {context.get('min_length')} characters"
    if kind == "string_too_long":
        return f"too long; expected at most {context.get('max_length')} characters"
    if kind == "too_short":
        count = context.get("min_length")
        return "expected at least one item" if count == 1 else f"expected at least {count} items"
    if kind == "list_type":
        return "expected a list, one item per line starting with '- '"
    if kind in ("model_type", "dict_type", "model_attributes_type"):
        return "expected a mapping of fields, one 'name: value' per line"
    if kind == "enum":
        return f"expected {context.get('expected')}"
    if kind == "int_type":
        return "expected a whole number, written without quotes"
    if kind == "greater_than":
        return f"expected a number greater than {context.get('gt')}"
    message = str(detail["msg"]).removeprefix("Value error, ")
    return message[:1].lower() + message[1:]


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


def _is_present(loc: Loc, merged: dict[str, Any]) -> bool:
    """Whether the data holds a value at ``loc`` (a field left out has none to show)."""
    node: Any = merged
    for part in loc:
        if isinstance(node, dict) and part in node:
            node = node[part]
        elif isinstance(node, list) and isinstance(part, int) and part < len(node):
            node = node[part]
        else:
            return False
    return True


def _model_at(loc: Loc) -> type[BaseModel] | None:
    """The model class that describes the mapping at ``loc``, found through the type hints."""
    annotation = _strip(_annotation_at(loc))
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _annotation_at(loc: Loc) -> Any:
    """The type hint of the value at ``loc``, constraints included, with ``X | None`` read as X."""
    annotation: Any = Dataset
    for part in loc:
        annotation = _strip(_unwrap(annotation))
        if isinstance(part, int):
            annotation = typing.get_args(annotation)[0] if typing.get_args(annotation) else None
        elif isinstance(annotation, type) and issubclass(annotation, BaseModel) and part in annotation.model_fields:
            info = annotation.model_fields[part]
            annotation = typing.Annotated[(info.annotation, *info.metadata)] if info.metadata else info.annotation
        else:
            return None
    return _unwrap(annotation)


def _unwrap(annotation: Any) -> Any:
    """``X | None`` stands for X when walking the model."""
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        options = [option for option in typing.get_args(annotation) if option is not type(None)]
        return options[0] if len(options) == 1 else annotation
    return annotation


def _strip(annotation: Any) -> Any:
    """``Annotated[X, ...]`` stands for X when walking the model."""
    return typing.get_args(annotation)[0] if typing.get_origin(annotation) is typing.Annotated else annotation


def _pattern(annotation: Any) -> str | None:
    """The regular expression of a constrained text type, if it has one."""
    for constraint in getattr(annotation, "__metadata__", ()):
        if isinstance(constraint, StringConstraints) and constraint.pattern:
            return str(constraint.pattern)
    return None


def _field_pattern(loc: Loc) -> str | None:
    return _pattern(_annotation_at(loc))


_DATE_PATTERN = _pattern(PartialDate)
# What each pattern of the model asks for, said plainly.
_PATTERN_HINTS = {
    _pattern(Id): "an id of lowercase letters, digits and single dashes, e.g. 'budget-montant'",
    _DATE_PATTERN: "a date YYYY, YYYY-MM or YYYY-MM-DD",
    _pattern(typing.Annotated[(str, *Term.model_fields["term"].metadata)]): "at least one letter, and only letters, digits, spaces, apostrophes and hyphens",
}


def _allowed_fields(loc: Loc) -> Iterable[str]:
    model = _model_at(loc)
    return model.model_fields if model else ()


def _unknown_message(kind: str, name: str, allowed: list[str]) -> str:
    message = f"unknown {kind} {name!r}"
    close = difflib.get_close_matches(name, allowed, n=1)
    if close:
        message += f" (did you mean {close[0]!r}?)"
    if allowed:
        message += f"; expected one of: {', '.join(allowed)}"
    return message


def _show(value: Any) -> str:
    """A bad value as it would be read in the YAML, cut short."""
    if value is None:
        text = "an empty value"
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, (dict, list)):
        text = f"{'an empty' if not value else 'a'} {'mapping' if isinstance(value, dict) else 'list'}"
    else:
        text = repr(value)
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
            operands.append(_as_float(operand.value))
        else:
            numbers = {key: item for key, item in dataset.facts_by_id.items() if isinstance(item, Fact) and item.is_number}
            yield locator.problem(loc + ("formula",), _missing("fact with a number", term, numbers))
    if len(operands) < 2:
        return
    if symbol == "/" and operands[1] == 0:
        yield locator.problem(loc + ("formula",), f"division by zero; expected a divisor other than 0 (got {fact.formula!r})")
        return
    result = OPERATORS[symbol](*operands)
    if not math.isfinite(result):
        yield locator.problem(loc + ("formula",), f"the formula gives no finite number; expected operands of a sensible size (got {fact.formula!r})")
        return
    written = str(fact.value)
    decimals = len(written.split(".")[1]) if "." in written and "e" not in written.lower() else 0
    if not fact.is_number or abs(result - _as_float(fact.value)) > 0.5 * 10**-decimals:
        yield locator.problem(loc + ("value",), f"the formula gives {result:.{decimals + 2}f}; expected that number rounded, e.g. {round(result, decimals) if decimals else round(result)} (got {fact.value!r})")


def _as_float(value: int | float | str) -> float:
    """A number as a float; one too large for a float is infinite, never an exception."""
    try:
        return float(value)
    except OverflowError:
        return math.inf


def _missing(kind: str, name: str, known: dict[str, Any]) -> str:
    close = difflib.get_close_matches(name, list(known), n=1)
    hint = f" (did you mean {close[0]!r}?)" if close else ""
    return f"no {kind} has the id {name!r}{hint}"

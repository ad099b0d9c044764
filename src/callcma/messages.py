"""Pydantic's validation errors in the words of someone editing the YAML: one located problem each."""

from __future__ import annotations

import difflib
import types
import typing
from collections.abc import Iterable, Iterator
from typing import Any

from pydantic import BaseModel, StringConstraints, ValidationError

from .errors import Loc, Problem
from .locator import Locator
from .model import Dataset, Id, PackagePath, PartialDate, Term, UnitId, UnitWord


def describe_errors(error: ValidationError, locator: Locator, merged: dict[str, Any], unknown_sections: list[Loc]) -> Iterator[Problem]:
    """Turn pydantic's errors into located problems that say what was found and what is expected."""
    details = [(_data_loc(tuple(detail["loc"]), merged), detail) for detail in error.errors(include_url=False)]
    unknown = unknown_sections + [loc for loc, detail in details if detail["type"] == "extra_forbidden"]
    explained = _misspelt(unknown, {loc for loc, detail in details if detail["type"] == "missing"})
    for loc, detail in details:
        if detail["type"] == "extra_forbidden":
            yield locator.problem(loc, unknown_message("field", str(loc[-1]), list(_allowed_fields(loc[:-1]))), key=True)
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
    _pattern(UnitId): "a unit's id: words of letters joined by single dashes, e.g. 'EUR-par-an'",
    _pattern(UnitWord): "a word or a few: letters, € or /, spaces, apostrophes and hyphens, e.g. 'euros par an'",
    _DATE_PATTERN: "a date YYYY, YYYY-MM or YYYY-MM-DD",
    _pattern(PackagePath): "a file's path inside its package, such as data/communes.json (no « .. », no leading « / »)",
    _pattern(typing.Annotated[(str, *Term.model_fields["term"].metadata)]): "at least one letter, and only letters, digits, spaces, apostrophes and hyphens",
}


def _allowed_fields(loc: Loc) -> Iterable[str]:
    model = _model_at(loc)
    return model.model_fields if model else ()


def unknown_message(kind: str, name: str, allowed: list[str]) -> str:
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

"""The words the pipeline writes besides the templates' text, read from templates/wording.yaml (and the open data
tables' templates/colonnes-<table>.yaml) and typed once.

Checked like data (safe YAML, no invisible character, every problem one located line) and shown like data (escaped):
only the anchors, which become element ids, and the generated-page marker, which becomes an HTML comment, have a form.
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable, Iterator
from enum import StrEnum
from pathlib import Path
from typing import Annotated, TypeVar

import yaml
from pydantic import BaseModel, ConfigDict, StringConstraints, ValidationError, ValidationInfo, field_validator

from .errors import DataError, Problem, format_loc, show_invisible
from .files import read_parsed
from .history import Field, Kind
from .model import Certainty, DatePart, Id, Text
from .settings import TEMPLATES_DIR

WORDING_FILE = TEMPLATES_DIR / "wording.yaml"
_PATTERN_HINTS = {
    "anchors": "expected the start of an element id: lowercase letters, digits and hyphens, starting with a letter",
    "generated_marker": "expected the text of an HTML comment, on one line, without « -- », « < » or « > »",
}
# Controls (line breaks and tabs aside), and format characters: zero-width and text-direction marks, as in the data.
_INVISIBLE = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}


# An element id, or the start of one (« fait- » + a fact's id): lowercase letters, digits and hyphens.
AnchorText = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9-]*$", max_length=40)]
# The text of an HTML comment on one line: « -- », « < » and « > » could end it or open markup.
CommentText = Annotated[str, StringConstraints(pattern=r"^[^<>\n\r-]+(-[^<>\n\r-]+)*$", max_length=200)]


class Anchors(BaseModel):
    """Element ids of what the pages show: prefixes of facts, sources, communes and EPCIs, the list of communes, the open data's id."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    fact: AnchorText
    source: AnchorText
    dataset: AnchorText
    commune: AnchorText
    epci: AnchorText
    communes_list: AnchorText


class Identifiers(BaseModel):
    """The names of the official identifiers that the JSON-LD gives the territory and its communes."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    siren: Text
    insee: Text
    postal_code: Text


W = TypeVar("W")


def _exactly(words: dict[StrEnum, W], expected: set[StrEnum]) -> dict[StrEnum, W]:
    """The words of exactly the ``expected`` members: a member added to an enumeration without its words fails."""
    if set(words) != expected:
        raise ValueError(f"expected the words of exactly {', '.join(sorted(expected))} (got {', '.join(sorted(words))})")
    return words


class Counted(BaseModel):
    """A noun after a count: one, or many."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    one: Text
    many: Text


class HistoryWording(BaseModel):
    """How the history of corrections says what changed: each kind counted, added or removed, each field, an empty value."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    kinds: dict[Kind, Counted]
    added: dict[Kind, Text]
    removed: dict[Kind, Text]
    communes_added: Text
    communes_removed: Text
    fields: dict[Field, Text]
    empty: Text

    @field_validator("kinds", "added", "removed", "fields")
    @classmethod
    def _complete(cls, words: dict[StrEnum, object], info: ValidationInfo) -> dict[StrEnum, object]:
        # Every field a change may name has its words; added and removed are said by kind (added, removed).
        return _exactly(words, set(Field) - {Field.ADDED, Field.REMOVED} if info.field_name == "fields" else set(Kind))


class OpenData(BaseModel):
    """The words of the open data's datapackage.json; ``title`` holds ``{partners}``, replaced by the partners' abbreviations."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: AnchorText  # an identifier: lowercase letters, digits and hyphens
    title: Text
    description: Text
    licence: Text


class TimeFraming(BaseModel):
    """Words the site writes after the value of each of ``facts``, which may have changed since the article."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    words: Text
    facts: tuple[Id, ...]


# The enumerations whose every member needs its words.
_COMPLETE = {"certainty": Certainty, "deduced_date_parts": DatePart}


class Wording(BaseModel):
    """Every certainty level and date part has its words: one added to the model without them fails here."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    generated_marker: CommentText
    anchors: Anchors
    identifiers: Identifiers
    certainty: dict[Certainty, Text]
    open_data: OpenData
    time_framing: tuple[TimeFraming, ...]
    deduced_date_parts: dict[DatePart, Text]
    history: HistoryWording

    @field_validator(*_COMPLETE)
    @classmethod
    def _complete(cls, words: dict[StrEnum, str], info: ValidationInfo) -> dict[StrEnum, str]:
        return _exactly(words, set(_COMPLETE[str(info.field_name)]))



class Column(BaseModel):
    """A column of an open data table: its title (the header of the CSV and of the sheet) and what it holds."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    description: Text


class TableWording(BaseModel):
    """An open data table's words (templates/colonnes-<table>.yaml): its title, what it holds, each column's words."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Text
    description: Text
    columns: dict[str, Column]

    @property
    def titles(self) -> dict[str, str]:
        """Each column's title, by its field's name."""
        return {name: column.title for name, column in self.columns.items()}


def read_wording(path: Path | None = None) -> Wording:
    """The wording shipped with the package (or at ``path``), as the file says now: `make serve` rebuilds with an edited
    wording. A problem in the file is one located line, as in the data."""
    return read_parsed(path or WORDING_FILE, _parse_wording)


def read_table_wording(table: str) -> TableWording:
    """The words of an open data table, templates/colonnes-<table>.yaml, as the file says now, checked as the wording is."""
    name = f"colonnes-{table}.yaml"
    if name not in _table_parsers:
        _table_parsers[name] = functools.partial(_parse, TableWording, name)
    return read_parsed(TEMPLATES_DIR / name, _table_parsers[name])


def _parse(model: type[M], file_name: str, content: bytes) -> M:
    """A template's YAML file as ``model``: safe YAML, no invisible character, every problem one located line."""
    name = f"{TEMPLATES_DIR.name}/{file_name}"
    loader = yaml.SafeLoader(content.decode("utf-8"))
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError([Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "(yaml)", f"invalid YAML: {error.problem}")]) from None
    finally:
        loader.dispose()
    problems = [
        Problem(name, scalar.start_mark.line + 1, scalar.start_mark.column + 1, "(text)", f"invisible or text-direction characters are not allowed; remove them (got '{show_invisible(scalar.value)}')")
        for scalar in _scalars(node)
        if any(unicodedata.category(character) in _INVISIBLE and character not in "\t\n\r" for character in scalar.value)
    ]
    try:
        parsed = model.model_validate(data)
    except ValidationError as error:
        for detail in error.errors(include_url=False):
            loc = tuple(detail["loc"])
            expected = _PATTERN_HINTS.get(str(loc[0])) if detail["type"] == "string_pattern_mismatch" else None
            message = expected or detail["msg"].removeprefix("Value error, ")
            if detail["type"] == "missing":
                message = "required field is missing"
            elif isinstance(detail["input"], str):
                message += f" (got '{show_invisible(detail['input'])}')"
            problems.append(Problem(name, *_position(node, loc), format_loc(loc), message))
    if problems:
        raise DataError(problems)
    return parsed


M = TypeVar("M", bound=BaseModel)
# One parser per file, made once, so that read_parsed knows it again (it keeps what each parser made of each file).
_parse_wording = functools.partial(_parse, Wording, WORDING_FILE.name)
_table_parsers: dict[str, Callable[[bytes], TableWording]] = {}


def _scalars(node: yaml.Node | None) -> Iterator[yaml.ScalarNode]:
    if isinstance(node, yaml.ScalarNode):
        yield node
    elif isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            yield from _scalars(key)
            yield from _scalars(value)
    elif isinstance(node, yaml.SequenceNode):
        for item in node.value:
            yield from _scalars(item)


def _position(node: yaml.Node | None, loc: tuple[str | int, ...]) -> tuple[int, int]:
    """Line and column of the value at ``loc`` in the composed file, or of its nearest ancestor that exists."""
    for part in loc:
        children = dict((key.value, value) for key, value in node.value) if isinstance(node, yaml.MappingNode) else {}
        if part not in children:
            break
        node = children[part]
    return (node.start_mark.line + 1, node.start_mark.column + 1) if node is not None else (1, 1)

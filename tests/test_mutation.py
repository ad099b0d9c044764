"""Mutation test over the real data: change any number a fact shows, and the build must refuse it.

For every number in a displayed value (a fact's value or label, an event's date and end), copies of
the data with that number one more, one less, and with one digit dropped must each fail the check
with a problem naming the file and the field changed. Done in memory on the loaded files: one
validate + verify per mutant, no subprocess.
"""

from __future__ import annotations

import copy
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from typing import Any

import pytest

from callcma.errors import DataError, Loc, format_loc
from helpers import PROJECT
from callcma.stages.s1_load import Document, load_documents
from callcma.build import check_documents
from callcma.stages.s2_validate import validate_dataset

DISPLAYED_FIELDS = ("value", "label", "date", "end")
_DIGITS = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*")


@dataclass(frozen=True)
class Mutant:
    """One changed number: in which file, at which field, from what to what."""

    file: str
    loc: Loc
    old: Any
    new: Any

    def __str__(self) -> str:
        return f"{self.file} {format_loc(self.loc)}: {self.old!r} → {self.new!r}"


def variants(number: str) -> list[str]:
    """The number plus one, minus one, and with each one of its digits dropped (when any digit remains)."""
    digits = re.sub(r"\D", "", number)
    value = int(digits)
    dropped = {digits[:index] + digits[index + 1:] for index in range(len(digits))} if len(digits) > 1 else set()
    found = [str(value + 1), str(value - 1).zfill(len(digits)) if digits.startswith("0") else str(value - 1), *sorted(dropped)]
    return [variant for variant in dict.fromkeys(found) if variant != digits]


def mutants(documents: list[Document]) -> Iterator[Mutant]:
    """Every mutant of every number shown in a displayed field of the loaded data."""
    dataset, _ = validate_dataset(documents)
    owners = {key: document for document in documents for key in document.content}
    for item_loc, _item in dataset.cited():
        document = owners[str(item_loc[0])]
        for field in DISPLAYED_FIELDS:
            loc = item_loc + (field,)
            old = _get(document.content, loc)
            if isinstance(old, bool) or not isinstance(old, (int, str)):
                continue
            text = str(old)
            for match in _DIGITS.finditer(text):
                for variant in variants(match[0]):
                    new_text = text[: match.start()] + variant + text[match.end():]
                    yield Mutant(document.name, loc, old, int(new_text) if isinstance(old, int) else new_text)


def check(documents: list[Document], mutant: Mutant) -> list[str]:
    """The problems the check reports for the data with this mutant applied (none if it passes)."""
    changed = []
    for document in documents:
        if document.name == mutant.file:
            content = copy.deepcopy(document.content)
            _set(content, mutant.loc, mutant.new)
            document = replace(document, content=content)
        changed.append(document)
    try:
        check_documents(changed, PROJECT.sources_dir)
    except DataError as error:
        return [f"{problem.path} {problem.field}" for problem in error.problems]
    return []


def _get(content: Any, loc: Loc) -> Any:
    for part in loc:
        if isinstance(content, dict) and part in content or isinstance(content, list) and isinstance(part, int) and part < len(content):
            content = content[part]
        else:
            return None
    return content


def _set(content: Any, loc: Loc, value: Any) -> None:
    for part in loc[:-1]:
        content = content[part]
    content[loc[-1]] = value


@pytest.fixture(scope="module")
def documents() -> list[Document]:
    return load_documents(PROJECT.data_dir)


def test_every_number_shown_is_caught_when_changed(documents: list[Document]) -> None:
    found = list(mutants(documents))
    survivors = [str(mutant) for mutant in found if f"{mutant.file} {format_loc(mutant.loc)}" not in check(documents, mutant)]
    print(f"\nmutation test: {len(found)} mutants of the real data, {len(found) - len(survivors)} caught")
    assert len(found) > 50, "the real data shows more numbers than that"
    assert survivors == []


@pytest.mark.parametrize(("number", "expected"), [("5400", ["5401", "5399", "400", "500", "540"]), ("3", ["4", "2"]), ("16", ["17", "15", "1", "6"]), ("11", ["12", "10", "1"])])
def test_variants(number: str, expected: list[str]) -> None:
    assert variants(number) == expected


def test_an_unchanged_copy_passes(documents: list[Document]) -> None:
    mutant = Mutant("data/budget.yaml", ("budget", 0, "value"), 140000, 140000)
    assert check(documents, mutant) == []

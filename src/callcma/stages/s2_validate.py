"""Validate stage: merge the loaded files into one typed Dataset and check that every reference resolves."""

from __future__ import annotations

from collections.abc import Iterator

from pydantic import ValidationError

from ..errors import DataError, Problem
from ..locator import Locator
from ..messages import describe_errors, unknown_message
from ..model import Dataset
from ..references import check_references
from .s1_load import Document, gc_paused


def validate_dataset(documents: list[Document]) -> tuple[Dataset, Locator]:
    """Build the Dataset from all files; raise one DataError with every problem found."""
    dataset, locator = parse_dataset(documents)
    problems = check_references(dataset, locator)
    if problems:
        raise DataError(problems)
    return dataset, locator


def parse_dataset(documents: list[Document]) -> tuple[Dataset, Locator]:
    """Build the typed Dataset, references unchecked; raise one DataError with every problem of shape or type."""
    with gc_paused():  # the Dataset holds a few objects per value: see gc_paused
        return _parse(documents)


def _parse(documents: list[Document]) -> tuple[Dataset, Locator]:
    locator = Locator(documents)
    problems = list(_check_top_level(documents, locator))
    merged = {key: document.content[key] for key, document in locator.owner.items() if key in Dataset.model_fields}
    try:
        dataset = Dataset.model_validate(merged)
    except ValidationError as error:
        unknown_sections = [(key,) for document in documents for key in document.content if key not in Dataset.model_fields]
        problems.extend(describe_errors(error, locator, merged, unknown_sections))
        raise DataError(problems) from None
    if problems:
        raise DataError(problems)
    return dataset, locator


def _check_top_level(documents: list[Document], locator: Locator) -> Iterator[Problem]:
    """Each top-level key must be a known section, defined in exactly one file."""
    for document in documents:
        for key in document.content:
            line, column = document.locate((key,), key=True)
            if key not in Dataset.model_fields:
                yield Problem(document.name, line, column, key, unknown_message("section", key, list(Dataset.model_fields)))
            elif locator.owner[key] is not document:
                yield Problem(document.name, line, column, key, f"section already defined in {locator.owner[key].name}; each section lives in one file")

"""Check stage: the loaded files as one typed Dataset, every reference resolved, every quote found in its source and
every value proven (verify.py), the official extracts checked against their recorded SHA-256; every problem at once.

Its result, Checked, is the only input of export and render: the dataset and what the checks found that the pages show
(the part of its source where each quote stands, the extracts, read once), the data's history as the pipeline read it
from git, with the build's date and publication.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from pydantic import ValidationError

from ..errors import DataError, Problem
from ..history import History, Status
from ..locator import Document, Locator
from ..messages import describe_errors, unknown_message
from ..model import Citation, Dataset, PartKind
from ..records import Extract
from ..references import check_references
from ..settings import Publication
from ..verify import verify_citations


@dataclass(frozen=True)
class Checked:
    """The checked data and what checking it read, with the build's settings that the pages show."""

    dataset: Dataset
    places: Mapping[Citation, PartKind | None]  # the part where each quote was found (None: a source not divided)
    extracts: Mapping[str, Extract]  # each dataset's archived extract
    # The page that tells about each section: the one named like the data file that holds it (budget.yaml: budget.md).
    section_pages: Mapping[str, str]
    build_date: date | None = None
    publication: Publication = field(default_factory=Publication)
    # The data's corrections, commit by commit (history.py): read once, like the extracts; none unless read.
    history: History = History(Status.UNAVAILABLE)


def check(
    documents: list[Document], sources_dir: Path, build_date: date | None = None, publication: Publication | None = None, history: History | None = None
) -> Checked:
    """Check the loaded files against the model, each other and their sources; raise one DataError listing every
    problem (shape and type first: the other checks need a typed dataset). ``history`` is passed on to the result."""
    dataset, locator = parse(documents)
    problems = check_references(dataset, locator)
    try:
        verified = verify_citations(dataset, sources_dir, locator)
    except DataError as error:
        raise DataError(problems + error.problems) from None
    if problems:
        raise DataError(problems)
    return Checked(
        dataset=dataset,
        places={citation: place.part.kind for citation, place in verified.places.items()},
        extracts=verified.extracts,
        section_pages={section: f"{Path(document.name).stem}.md" for section, document in locator.owner.items()},
        build_date=build_date,
        publication=publication or Publication(),
        history=history or History(Status.UNAVAILABLE),
    )


def parse(documents: list[Document]) -> tuple[Dataset, Locator]:
    """The typed Dataset of the loaded files, references unchecked; raise one DataError with every problem of shape or
    type. The first step of the check, alone for what needs the data's form only (scripts/extract_communes.py)."""
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

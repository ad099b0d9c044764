"""Small helpers shared by the test modules: the project, breaking a copy of the data, reading what a build wrote."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from callcma import build
from callcma.errors import DataError
from callcma.settings import Settings, last_commit_epoch
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_validate import validate_dataset

# The repository under test, wherever pytest runs from, dated from its last commit as `make site` dates it.
PROJECT = replace(Settings.from_root(Path(__file__).resolve().parents[1]), build_epoch=last_commit_epoch(Path(__file__).resolve().parents[1]))
# The sizes of the open data files, as the build passes them to the pages (the open data page shows them).
DOWNLOADS = {"convention.json": 2048, "faits.csv": 1024, "faits.xlsx": 8192, "schema.json": 512, "schema-fichier.json": 512, "communes.csv": 256}


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(data: Path, check: Callable[[Path], Any] = build.check_data) -> list[str]:
    """The one-line problems that ``check`` (by default the whole data check) reports for ``data``."""
    with pytest.raises(DataError) as caught:
        check(data)
    return [str(problem) for problem in caught.value.problems]


def validation_problems(data: Path) -> list[str]:
    """What the load and validate stages report for ``data``, before any quote is looked up."""
    return problems(data, lambda folder: validate_dataset(load_documents(folder)))


# What callcma.typography sets: narrow and full no-break spaces, ’, and “ ” for guillemets inside guillemets.
_TYPOGRAPHY = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2019": "'", "\u201c": "«", "\u201d": "»"})


def fold_typography(text: str) -> str:
    """Text down to its words and signs, so that data compares equal to the same data typeset on a page."""
    text = " ".join(text.translate(_TYPOGRAPHY).split())
    return re.sub(r" ?([«»;:!?]) ?", r"\1", text)


def shown(docs: Path) -> dict[str, bytes]:
    """What a reader of docs/ (MkDocs) sees: every file outside the hidden generations, links followed."""
    found: dict[str, bytes] = {}
    for folder, folders, names in os.walk(docs, followlinks=True):
        folders[:] = [name for name in folders if not name.startswith(".")]
        found |= {Path(folder, name).relative_to(docs).as_posix(): Path(folder, name).read_bytes() for name in names}
    return found

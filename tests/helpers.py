"""Small helpers shared by the test modules: the project, breaking a copy of the data, reading what a build wrote."""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest

from callcma import stages
from callcma.errors import DataError
from callcma.pdf import Edition
from callcma.settings import EDITION_NAME, Settings, last_commit_epoch
from callcma.references import check_references
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_check import parse
from callcma.open_data import MEDIA_TYPES

# The repository under test, wherever pytest runs from, dated from its last commit as `make site` dates it.
PROJECT = replace(Settings.from_root(Path(__file__).resolve().parents[1]), build_epoch=last_commit_epoch(Path(__file__).resolve().parents[1]))
# The sizes of the open data files, as the build passes them to the pages (the open data page shows them).
DOWNLOADS = {name: 1024 for name in MEDIA_TYPES} | {EDITION_NAME: 131072}
# The PDF edition as the pages link it (its bytes are the PDF tests' business: tests/test_pdf.py).
EDITION = Edition(pdf=b"", pages=7)


def edit(path: Path, old: str, new: str) -> None:
    """Replace the one occurrence of ``old`` in a data file."""
    text = path.read_text(encoding="utf-8")
    assert text.count(old) == 1, f"{old!r} should occur once in {path.name}"
    path.write_text(text.replace(old, new), encoding="utf-8")


def problems(data: Path, check: Callable[[Path], Any] = stages.check_data) -> list[str]:
    """The one-line problems that ``check`` (by default the whole data check) reports for ``data``."""
    with pytest.raises(DataError) as caught:
        check(data)
    return [str(problem) for problem in caught.value.problems]


def validate(data: Path) -> None:
    """The check stage's first steps alone: the typed data and its references, before any quote is looked up."""
    dataset, locator = parse(load_documents(data))
    if found := check_references(dataset, locator):
        raise DataError(found)


def validation_problems(data: Path) -> list[str]:
    """What the typed data and its references give for ``data``, before any quote is looked up."""
    return problems(data, validate)


# What callcma.typography sets: narrow and full no-break spaces, ’, and “ ” for guillemets inside guillemets.
_TYPOGRAPHY = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2019": "'", "\u201c": "«", "\u201d": "»", "\u2011": "-"})


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


def zip_size_without_edition(archive: Path) -> int:
    """The offline zip's size less what the PDF edition takes in it (its compressed bytes, its two headers)."""
    with zipfile.ZipFile(archive) as opened:
        edition = sum(entry.compress_size + 2 * len(entry.filename.encode()) + 76 for entry in opened.infolist() if entry.filename.endswith(f"/{EDITION_NAME}"))
    return archive.stat().st_size - edition

"""Small helpers shared by the test modules that break a copy of the data."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from callcma import build
from callcma.errors import DataError


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


# What callcma.typography sets: narrow and full no-break spaces, ’, and “ ” for guillemets inside guillemets.
_TYPOGRAPHY = str.maketrans({"\u202f": " ", "\u00a0": " ", "\u2019": "'", "\u201c": "«", "\u201d": "»"})


def fold_typography(text: str) -> str:
    """Text down to its words and signs, so that data compares equal to the same data typeset on a page."""
    text = " ".join(text.translate(_TYPOGRAPHY).split())
    return re.sub(r" ?([«»;:!?]) ?", r"\1", text)

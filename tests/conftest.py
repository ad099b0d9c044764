"""Shared fixtures: paths to the real data and a throw-away copy of it."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from callcma.settings import DATA_DIR

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break at will."""
    target = tmp_path / "data"
    shutil.copytree(DATA_DIR, target)
    return target


MINIMAL_DATA = FIXTURES / "minimal" / "data"


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A copy of the small, complete data set of tests/fixtures/minimal, to break at will."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, target)
    return target

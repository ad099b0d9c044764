"""Shared fixtures: paths to the real data and a throw-away copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from callcma.settings import DATA_DIR, ROOT

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


# What `mkdocs build` reads: a copy of these is a repository the tests may break or build at will.
SITE_SOURCES = ("mkdocs.yml", "overrides", "docs", "scripts", "data")


@pytest.fixture(scope="session")
def copy_repo() -> Callable[[Path], Path]:
    """Copy the parts of the repository that the site is built from (not site/) into a folder; returns that folder."""

    def copy(target: Path) -> Path:
        ignore = shutil.ignore_patterns("node_modules", "__pycache__", "*.egg-info", ".cache")
        target.mkdir(parents=True)
        for name in SITE_SOURCES:
            source = ROOT / name
            if source.is_dir():
                shutil.copytree(source, target / name, ignore=ignore)
            else:
                shutil.copy2(source, target / name)
        return target

    return copy


@pytest.fixture
def repo_copy(tmp_path: Path, copy_repo: Callable[[Path], Path]) -> Path:
    """A copy of the parts of the repository that the site is built from, to break or build at will."""
    return copy_repo(tmp_path / "repo")


MkDocs = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def mkdocs() -> MkDocs:
    """Run `mkdocs <args>` in a repository copy, importing that copy's pipeline, never the real tree's."""

    def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = os.environ | {"NO_MKDOCS_2_WARNING": "1", "PYTHONPATH": str(root / "scripts")} | (env or {})
        return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=root, capture_output=True, text=True, env=environment, check=False)

    return run

"""Shared fixtures: paths to the real data and a throw-away copy of it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmark import copy_repository
from helpers import PROJECT

FIXTURES = Path(__file__).parent / "fixtures"


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A copy of data/ that a test may break at will."""
    target = tmp_path / "data"
    shutil.copytree(PROJECT.data_dir, target)
    return target


MINIMAL_DATA = FIXTURES / "minimal" / "data"


@pytest.fixture
def minimal_data(tmp_path: Path) -> Path:
    """A copy of the small, complete data set of tests/fixtures/minimal, to break at will."""
    target = tmp_path / "data"
    shutil.copytree(MINIMAL_DATA, target)
    return target


@pytest.fixture(scope="session")
def copy_repo() -> Callable[[Path], Path]:
    """Copy the parts of the repository that the site is built from (not site/) into a folder; returns that folder."""
    return copy_repository


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per session with `mkdocs build --strict` into a temporary folder."""
    target = tmp_path_factory.mktemp("built") / "site"
    environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"}
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(target)],
        cwd=PROJECT.root, capture_output=True, text=True, env=environment, check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "WARNING" not in result.stderr, result.stderr
    return target


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

"""Shared fixtures: paths to the real data and a throw-away copy of it."""

from __future__ import annotations

import fcntl
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from benchmark import copy_repository
from callcma import stages
from callcma.engines import DEFAULT_ENGINE
from callcma.model import Dataset
from callcma.settings import CACHE_FOLDER, CONTACT, PUBLISHER, REPOSITORY_URL, SITE_URL
from callcma.site_config import read_site_config
from callcma.stages.s2_check import Checked
from helpers import PROJECT

FIXTURES = Path(__file__).parent / "fixtures"

# Every build of the session, in copies of the repository without its history, is dated from the last commit as
# `make site` dates it (the theme's citations show the date); no other setting of the machine's environment applies.
os.environ["SOURCE_DATE_EPOCH"] = str(PROJECT.build_epoch)
for name in (SITE_URL, PUBLISHER, REPOSITORY_URL, CONTACT):
    os.environ.pop(name, None)


@pytest.fixture(scope="session")
def checked() -> Checked:
    """The real data, loaded and checked once for the session, dated as `make site` dates it."""
    return stages.check(PROJECT)


@pytest.fixture(scope="session")
def dataset(checked: Checked) -> Dataset:
    """The real data, checked once for the session."""
    return checked.dataset


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
def edition_cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """WeasyPrint's PDF of the real data's edition, made once in the session (WeasyPrint takes seconds): a folder whose
    files go into a project's .cache/, as in a working tree that built the site once. Changed data, or another build
    date or site address, makes its own. The parallel workers share it."""
    base = tmp_path_factory.getbasetemp()
    folder = (base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base) / "edition"
    with (folder.parent / "edition.lock").open("w") as lock:  # made by the first worker that needs it, as build_site
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not (folder.parent / "edition.made").exists():
            stages.make_edition(stages.check(PROJECT), read_site_config(PROJECT.mkdocs_config), folder)
            (folder.parent / "edition.made").touch()
    return folder


@pytest.fixture(scope="session")
def copy_repo(edition_cache: Path) -> Callable[[Path], Path]:
    """Copy the parts of the repository that the site is built from (not site/) into a folder, with the session's
    PDF edition in its cache; returns that folder."""

    def copy(target: Path) -> Path:
        root = copy_repository(target)
        shutil.copytree(edition_cache, root / CACHE_FOLDER, dirs_exist_ok=True)
        return root

    return copy


Run = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture(scope="session")
def mkdocs() -> Run:
    """Run `mkdocs <command> <args>` in a repository copy with mkdocs-serve.yml, whose hooks generate and package.

    The pipeline imported is the installed package's, reading the copy (the folder it runs in), never the real tree.
    """

    def run(root: Path, command: str, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})
        arguments = [sys.executable, "-m", "mkdocs", command, "--config-file", "mkdocs-serve.yml", *args]
        return subprocess.run(arguments, cwd=root, capture_output=True, text=True, env=environment, check=False)

    return run


@pytest.fixture(scope="session")
def callcma() -> Run:
    """Run `python -m callcma <args>` in a repository copy (the folder it runs in)."""

    def run(root: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        environment = os.environ | {"NO_MKDOCS_2_WARNING": "1"} | (env or {})
        return subprocess.run([sys.executable, "-m", "callcma", *args], cwd=root, capture_output=True, text=True, env=environment, check=False)

    return run


SiteBuilder = Callable[[str], Path]


@pytest.fixture(scope="session")
def build_site(tmp_path_factory: pytest.TempPathFactory, callcma: Run) -> SiteBuilder:
    """Build the real site with an engine (`callcma site --engine …`), once per engine for the whole test run.

    Each build runs in its own copy of the repository, as Zensical writes only inside the project; returns its site/,
    which no test may change. The parallel workers (pytest-xdist) share each build: the first to need it builds it
    in the run's common temporary folder, holding a lock there, and the others wait for it, then read it.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base

    def build(engine: str) -> Path:
        folder = shared / f"built-{engine}"
        with (shared / f"built-{engine}.lock").open("w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            if not (folder / "built").exists():
                shutil.rmtree(folder, ignore_errors=True)  # what a failed build left
                repository = copy_repository(folder / "repo")
                result = callcma(repository, "site", "--engine", engine)
                assert result.returncode == 0, result.stdout + result.stderr
                assert "WARNING" not in result.stderr, result.stderr
                (folder / "built").touch()
        return folder / "repo" / "site"

    return build


@pytest.fixture(scope="session")
def built_site(build_site: SiteBuilder) -> Path:
    """The real site, built once per session with the default engine, into a temporary folder."""
    return build_site(DEFAULT_ENGINE)


@pytest.fixture
def repo_copy(tmp_path: Path, copy_repo: Callable[[Path], Path]) -> Path:
    """A copy of the parts of the repository that the site is built from, to break or build at will."""
    return copy_repo(tmp_path / "repo")

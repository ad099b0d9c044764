"""Browser fixtures: the site built once, served on 127.0.0.1 and opened from file://, and a watched Chromium."""

from __future__ import annotations

import functools
import zipfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import AXE_SCRIPT, CHROMIUM_ARGS, DESKTOP, SEARCH_UI, ContextFactory, QuietHandler, SearchUI, Watch, serve
from playwright.sync_api import Browser, BrowserContext, Page, sync_playwright

from callcma.engines import ENGINES
from callcma.settings import CHROMIUM, OFFLINE_ZIP_FOLDER, OFFLINE_ZIP_NAME


@pytest.fixture(scope="session", params=list(ENGINES))
def engine(request: pytest.FixtureRequest) -> str:
    """Every browser test runs on the site of each engine."""
    return str(request.param)


@pytest.fixture(scope="session")
def site_dir(engine: str, build_site: Callable[[str], Path]) -> Path:
    """The site built by the engine, once for the whole session (tests/conftest.py)."""
    return build_site(engine)


@pytest.fixture(scope="session")
def search_ui(engine: str) -> SearchUI:
    """How to search the site of this engine."""
    return SEARCH_UI[engine]


@pytest.fixture(scope="session")
def http_root(site_dir: Path) -> Iterator[str]:
    """The built site served over HTTP on a free port of 127.0.0.1, for the whole session."""
    with serve(functools.partial(QuietHandler, directory=str(site_dir))) as root:
        yield root


@pytest.fixture(scope="session")
def file_root(site_dir: Path) -> str:
    """The built site as a folder opened from the file system."""
    return site_dir.as_uri() + "/"


@pytest.fixture(scope="session")
def unzipped_root(site_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> str:
    """The offline zip, unzipped as a reader would, opened from file://."""
    target = tmp_path_factory.mktemp("unzipped")
    with zipfile.ZipFile(site_dir / OFFLINE_ZIP_NAME) as archive:
        archive.extractall(target)
    return (target / OFFLINE_ZIP_FOLDER).as_uri() + "/"


@pytest.fixture(params=["http", "file"])
def root(request: pytest.FixtureRequest, engine: str) -> str:
    """Each test that takes `root` runs twice per engine: over HTTP and from file://."""
    return str(request.getfixturevalue(f"{request.param}_root"))


@pytest.fixture(params=["http", "file", "unzipped"])
def any_root(request: pytest.FixtureRequest, engine: str) -> str:
    """Each test that takes `any_root` runs three times per engine: over HTTP, from file:// and from the unzipped offline copy."""
    return str(request.getfixturevalue(f"{request.param}_root"))


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture
def watch() -> Watch:
    return Watch()


@pytest.fixture
def new_context(browser: Browser, watch: Watch) -> Iterator[ContextFactory]:
    """Open watched browser contexts (French, desktop size unless told); all are closed after the test."""
    opened: list[BrowserContext] = []

    def make(**options: Any) -> BrowserContext:
        context = browser.new_context(**({"viewport": DESKTOP, "locale": "fr-FR"} | options))
        watch.attach(context)
        opened.append(context)
        return context

    yield make
    for context in opened:
        context.close()


@pytest.fixture
def page(new_context: ContextFactory) -> Page:
    """A page of a watched, light, desktop-sized context."""
    return new_context().new_page()


@pytest.fixture(scope="session")
def axe_source() -> str:
    """axe-core, as installed by `npm ci` in tests/browser (the Makefile's test target)."""
    assert AXE_SCRIPT.is_file(), f"{AXE_SCRIPT} is missing: run `make test`, or `npm ci --prefix tests/browser`"
    return AXE_SCRIPT.read_text(encoding="utf-8")

"""The pipeline: the stages in the order a build runs them, one module each, and the one place that calls them.

    s1_load → s2_check → s3_export → s4_render → s5_write         data/ → docs/    (callcma generate; check stops before write)
    the engine's build → fold the search → s6_package → s7_publish  docs/ → site/    (callcma site)

The render stage also gives the PDF edition's Markdown, which pdf.py lays out between export and the pages (the pages
state its number of pages and its size).

A stage takes what the ones before it returned and imports no other stage; the check stage's result (Checked) is the
only input of export and render. The stages are imported when a step runs them, not with this module: a build whose
pages are up to date, and the command line's other steps, never pay for pydantic, Jinja or the spreadsheet writer.
"""

from __future__ import annotations

import fcntl
import gc
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from ..errors import DataError, Problem
from ..inputs import digest_inputs
from ..settings import BUILD_LOCK_NAME, BUILD_LOCK_WAIT_SECONDS, CACHE_FOLDER, DATA_EXPORT_DIR, Settings
from .s5_write import is_up_to_date, read_generation, remove_generated, write_files

# What the command line, `make serve`'s hooks, `make clean` and the scripts call.
__all__ = [
    "build_lock", "build_site", "check", "check_data", "finish_site", "gc_paused", "generate_site_sources", "has_pages",
    "make_edition", "package_site", "prepare", "remove_generated", "typed_data",
]

if TYPE_CHECKING:
    from ..locator import Locator
    from ..model import Dataset
    from ..pdf import Edition
    from ..site_config import SiteConfig
    from .s2_check import Checked


def check(settings: Settings) -> Checked:
    """Load the data and check it, with the build's settings and the data's history; raise DataError listing every
    problem."""
    from ..history import read_history
    from .s1_load import load_documents, parse_document
    from .s2_check import check as check_documents

    # Past versions of the data are read by the same loader as today's, then compared without the model (history.py).
    history = read_history(settings.data_dir, lambda raw, name: parse_document(raw, name).content)
    with gc_paused():  # load and check build many objects that all stay alive
        return check_documents(load_documents(settings.data_dir), settings.sources_dir, settings.build_date, settings.publication, history)


def typed_data(data_dir: Path) -> tuple[Dataset, Locator]:
    """The data loaded and typed, nothing else checked: for what needs its form only (scripts/extract_communes.py,
    which writes the extracts the check verifies)."""
    from .s1_load import load_documents
    from .s2_check import parse

    return parse(load_documents(data_dir))


def check_data(data_dir: Path) -> Dataset:
    """Load and check a data folder alone (no build date, nothing published); raise DataError listing every problem."""
    return check(replace(Settings.from_root(data_dir.parent), data_dir=data_dir)).dataset


def prepare(settings: Settings, cache_dir: Path | None = None, *, keep: bool = True) -> tuple[Checked, dict[str, bytes]]:
    """Everything a generation does but write: the data checked, then the open data, the PDF edition and every page
    made from them.

    What only the templates and the nav name (a fact's id, a page) is checked here too: `callcma check` runs this and
    writes nothing. Returns the check's result and the files, by path under docs/. With a cache folder, what the last
    build made the same is reused from it, and what this one makes is kept there (the spreadsheet, the PDF edition, the
    compiled templates); with ``keep`` false, as `callcma check` runs it, the folder is read and never written.
    """
    from ..pdf import Edition
    from ..site_config import read_site_config
    from .s3_export import export_data
    from .s4_render import render_pages

    checked = check(settings)
    site = read_site_config(settings.mkdocs_config)
    # The edition comes before the pages, which state its number of pages and its size; what stops either is reported
    # with what stops the other, all at once.
    problems: list[Problem] = []
    try:
        edition = make_edition(checked, site, cache_dir, keep=keep)
    except DataError as error:
        problems, edition = error.problems, Edition(pdf=b"", pages=0)  # for the pages' own problems only
    exports = {f"{DATA_EXPORT_DIR}/{name}": content for name, content in (export_data(checked, cache_dir, keep=keep) | {edition.name: edition.pdf}).items()}
    downloads = {name.split("/")[-1]: len(content) for name, content in exports.items()}
    try:
        pages = render_pages(checked, site, downloads, edition, cache_dir=cache_dir if keep else None)  # Jinja writes as it compiles
    except DataError as error:
        raise DataError(problems + error.problems) from None
    if problems:
        raise DataError(problems)
    return checked, {name: text.encode("utf-8") for name, text in pages.items()} | exports


def make_edition(checked: Checked, site: SiteConfig, cache_dir: Path | None = None, *, keep: bool = True) -> Edition:
    """The PDF edition of the checked data: templates/edition.md.j2 rendered, then laid out by pdf.py (kept in the cache
    folder, if given, for the next build that makes the same)."""
    from ..pdf import make_edition as lay_out
    from .s4_render import render_edition

    return lay_out(render_edition(checked, site, cache_dir=cache_dir if keep else None), site, checked.build_date, cache_dir, keep=keep)


def generate_site_sources(settings: Settings) -> list[str]:
    """Write the pages and open data under docs/; nothing is written unless all the data is sound. Returns the files
    that changed.

    Nothing runs either when docs/ already holds the pages of the same inputs (callcma.inputs), intact.
    """
    inputs = digest_inputs(settings)
    if inputs is not None and is_up_to_date(settings.docs_dir, inputs):
        return []
    _, files = prepare(settings, settings.root / CACHE_FOLDER)
    return write_files(settings.docs_dir, files, inputs)


def has_pages(settings: Settings) -> bool:
    """Whether docs/ holds generated pages (a preview keeps showing the last good ones while the data is wrong)."""
    return bool(read_generation(settings.docs_dir))


def build_site(settings: Settings, engine: str) -> int:
    """Build the site from docs/ with the engine beside site/, then finish it and put it in place of site/ in one step;
    return the engine's status, site/ untouched unless it is 0."""
    from ..engines import run_engine
    from .s7_publish import new_site

    with new_site(settings.site_dir) as built:
        status = run_engine(engine, settings, built.folder)
        if status != 0:
            return status
        finish_site(built.folder, settings)
        built.publish()
    return 0


def finish_site(site_dir: Path, settings: Settings) -> Path:
    """After the engine's build: fold accents and plurals in the French search, compact the pages, make the site right
    for any host (its 404 page, no sitemap without an address), then zip the site; returns the zip."""
    from ..compact import compact_site
    from ..finish import finish_for_hosts
    from ..search_fold import add_search_fold

    add_search_fold(site_dir, settings.root)
    compact_site(site_dir, settings.docs_dir)
    finish_for_hosts(site_dir, settings.root, settings.publication.site_url)  # its scripts as the project writes them
    return package_site(site_dir, settings.build_epoch, settings.root / CACHE_FOLDER, settings.publication.site_url)


def package_site(site_dir: Path, epoch: int | None, cache_dir: Path | None = None, site_url: str | None = None) -> Path:
    """Zip a built site for offline reading (`callcma package`); returns the zip. With a cache folder, a zip of the
    same files is copied from it rather than compressed again."""
    from .s6_package import package_site as package

    return package(site_dir, epoch, cache_dir, site_url)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause Python's cycle collector while the stages build many objects that all stay alive.

    Each of its passes walks every live object, so on a large data set the passes cost more than the
    loading itself, and ever more as the data grows (a thousand times the data took twenty-five times
    longer than a hundred times; at a hundred times, the data step takes 3.1 s of CPU with the collector
    running and 2.1 s with it paused). The values built here hold no reference cycles; reference counting
    frees them as usual, and the collector resumes afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


@contextmanager
def build_lock(root: Path, wait: float = BUILD_LOCK_WAIT_SECONDS) -> Iterator[None]:
    """Hold the project's build lock: a second build in the same checkout waits for the first, saying so.

    An advisory lock of the operating system (flock) on .cache/build.lock, which it releases when its holder dies,
    even by kill -9: a crash never blocks later builds.
    """
    path = root / BUILD_LOCK_NAME
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle = path.open("a")
    except OSError as error:
        raise DataError([Problem(path.as_posix(), 1, 1, "(lock)", f"cannot take the build lock: {error.strerror or error}")]) from None
    with handle:  # closing the file releases the lock
        if not _try_lock(handle):
            print(f"Another build is running in {root}; waiting for it to finish…", file=sys.stderr, flush=True)
            deadline = time.monotonic() + wait
            while not _try_lock(handle):
                if time.monotonic() > deadline:
                    raise DataError([Problem(path.as_posix(), 1, 1, "(lock)", f"another build has held the lock for {wait:g} seconds; wait for it to end, or stop it")])
                time.sleep(0.05)
        yield


def _try_lock(handle: TextIO) -> bool:
    """Take the lock on the open file if no other holds it; say whether it was taken."""
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        return False
    return True

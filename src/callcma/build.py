"""The pipeline, stage after stage: load → validate → verify → export → render → write.

The stages are imported when a step runs them, not with this module: a build whose pages are up to date, and the
command line's other steps, never pay for pydantic, Jinja or the spreadsheet writer.
"""

from __future__ import annotations

import fcntl
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from .errors import DataError, Problem
from .inputs import digest_inputs
from .settings import BUILD_LOCK_NAME, BUILD_LOCK_WAIT_SECONDS, DATA_EXPORT_DIR, SOURCES_FOLDER, Settings
from .stages.s6_write import is_up_to_date, write_files

if TYPE_CHECKING:
    from .model import Dataset
    from .stages.s1_load import Document
    from .stages.s3_verify import QuotePlaces


def check_data(data_dir: Path) -> Dataset:
    """Load, validate and verify the data; raise DataError listing every problem."""
    from .stages.s1_load import load_documents

    return check_documents(load_documents(data_dir), data_dir / SOURCES_FOLDER)[0]


def check_documents(documents: list[Document], sources_dir: Path) -> tuple[Dataset, QuotePlaces]:
    """Validate and verify loaded files; references and proofs are reported together, all at once.

    Returns the dataset and, for each citation, the part of its source where its quote was found.
    """
    from .references import check_references
    from .stages.s2_validate import parse_dataset
    from .stages.s3_verify import verify_citations

    dataset, locator = parse_dataset(documents)
    problems = check_references(dataset, locator)
    places: QuotePlaces = {}
    try:
        places = verify_citations(dataset, sources_dir, locator)
    except DataError as error:
        problems += error.problems
    if problems:
        raise DataError(problems)
    return dataset, places


def generate_site_sources(settings: Settings) -> list[str]:
    """Write the pages and open data under docs/; nothing is written unless all the data is sound.

    Nothing runs either when docs/ already holds the pages of the same inputs (callcma.inputs), intact.
    """
    inputs = digest_inputs(settings)
    if inputs is not None and is_up_to_date(settings.docs_dir, inputs):
        return []
    _, files = prepare(settings)
    return write_files(settings.docs_dir, files, inputs)


def prepare(settings: Settings) -> tuple[Dataset, dict[str, bytes]]:
    """Everything a generation does but write: the data checked, then the open data and every page made from it.

    What only the templates name (a fact's id, a page) is checked here too: `callcma check` runs this and writes nothing.
    Returns the dataset and the files, by path under docs/.
    """
    from .site_config import read_site_config
    from .stages.s1_load import load_documents
    from .stages.s4_export import export_data
    from .stages.s5_render import render_pages

    dataset, places = check_documents(load_documents(settings.data_dir), settings.sources_dir)
    exports = {f"{DATA_EXPORT_DIR}/{name}": content for name, content in export_data(dataset).items()}
    site = read_site_config(settings.mkdocs_config)
    context = {
        "downloads": {name.split("/")[-1]: len(content) for name, content in exports.items()},
        "build_date": settings.build_date,
        "publication": settings.publication,
        "quote_places": places,
    }
    pages = render_pages(dataset, site, context, sources_dir=settings.sources_dir)
    return dataset, {name: text.encode("utf-8") for name, text in pages.items()} | exports


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

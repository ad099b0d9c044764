"""Settings: where a project's files are, and the names and limits defined once."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Settings:
    """Where one project's files are; made from its root folder and passed to whatever reads or writes them.

    The package may be installed anywhere: nothing here is read from the current folder or the package's location.
    """

    root: Path
    data_dir: Path
    docs_dir: Path
    site_dir: Path
    mkdocs_config: Path

    @property
    def sources_dir(self) -> Path:
        """The archived sources, data/sources/."""
        return self.data_dir / SOURCES_FOLDER

    @classmethod
    def from_root(cls, root: Path) -> Settings:
        """The standard layout: data/, docs/, site/ and mkdocs.yml in the root folder."""
        root = root.resolve()
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", site_dir=root / "site", mkdocs_config=root / "mkdocs.yml")


# The package's own code, and its page templates and wording, installed with it.
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# data/ holds <section>.yaml files and this folder of archived sources: an article's text, <source id>.txt,
# and a dataset's extract, <dataset id>.json; nothing else.
DATA_FILE_SUFFIX = ".yaml"
SOURCES_FOLDER = "sources"
SOURCE_TEXT_SUFFIX = ".txt"
SOURCE_EXTRACT_SUFFIX = ".json"

# What the build keeps for the next one, under the root: files it would make again the same (files.cached).
CACHE_FOLDER = ".cache"
# One build at a time in a project: the build holds this lock (under the root) while it writes docs/ and site/.
BUILD_LOCK_NAME = f"{CACHE_FOLDER}/build.lock"
# How long a second build waits for the first before giving up; a build takes seconds.
BUILD_LOCK_WAIT_SECONDS = 300

# Exports land in docs/ so that MkDocs copies them into the site as they are.
DATA_EXPORT_DIR = "donnees"
# In the open data's tables, the values that share a cell (a fact's citations, a commune's postal codes) are
# joined by this character between spaces; no id, record or quote may hold it, so that a cell splits back exactly.
OPEN_DATA_SEPARATOR = "|"

# A hand-written data file, or an archived article, is a few kilobytes; anything much larger is a mistake.
MAX_DATA_FILE_BYTES = 1024 * 1024

# The site quotes its source briefly (right of short quotation), never at length.
MAX_QUOTE_CHARS = 320

# The whole built site in one file, for reading offline; unzipped, it opens from file://.
OFFLINE_ZIP_NAME = "convention-call-cma-hors-ligne.zip"
OFFLINE_ZIP_FOLDER = "convention-call-cma"

# Debian's Chromium, for the browser tests and the Lighthouse audit (Playwright's own download does not
# work on these machines). Without the background-networking flags it calls Google's hosts at start.
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_FLAGS = (
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)

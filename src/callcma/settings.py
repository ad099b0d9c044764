"""Settings: where a project's files are, what the environment sets for a build, and the names and limits defined once.

The environment is read here and nowhere else, once, by the command line (or `make serve`'s hooks), and every
variable is validated like data: a bad value is one line naming the variable, showing the value and saying what
is expected, before anything is written. Unset means unset: nothing is invented in its place.
"""

from __future__ import annotations

import subprocess
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timezone
from pathlib import Path, PurePosixPath
from typing import TypeVar

from .addresses import MAIL_SCHEME, is_mail_address, is_web_address, site_address
from .errors import DataError, Problem, show_invisible

# The variables a build reads: the site's address, the build date (reproducible builds' convention), and who publishes
# the site, where its errors are reported and how to reach its publisher (the « À propos » page).
SITE_URL = "CALLCMA_SITE_URL"
BUILD_DATE = "SOURCE_DATE_EPOCH"
PUBLISHER = "CALLCMA_PUBLISHER"
REPOSITORY_URL = "CALLCMA_REPOSITORY_URL"
CONTACT = "CALLCMA_CONTACT"

# The build date's range: a zip cannot store a date before 1980, and a date after 2100 is a mistake.
EARLIEST_BUILD_EPOCH = 315532800  # 1980-01-01T00:00:00Z
LATEST_BUILD_EPOCH = 4133980799  # 2100-12-31T23:59:59Z
MAX_PUBLISHER_CHARS = 200
# Shown at most this long in a message: a setting may be any length.
_SHOWN_CHARS = 80


@dataclass(frozen=True)
class Publication:
    """What the environment says about the published site; None where it is not set (the site then says so).

    Templates see it as ``publication``; every value goes through the same escaping as data.
    """

    site_url: str | None = None  # CALLCMA_SITE_URL, ending in « / »
    publisher: str | None = None  # CALLCMA_PUBLISHER: a name, one line
    repository_url: str | None = None  # CALLCMA_REPOSITORY_URL: where errors are reported
    contact: str | None = None  # CALLCMA_CONTACT: an email address or an http(s) address

    @property
    def contact_url(self) -> str | None:
        """The contact as a link target: ``mailto:`` before an email address."""
        if self.contact is None or self.contact.startswith(MAIL_SCHEME + ":") or is_web_address(self.contact):
            return self.contact
        return f"{MAIL_SCHEME}:{self.contact}"


@dataclass(frozen=True)
class Settings:
    """One project's files and one build's settings; made once and passed to whatever reads or writes them.

    The package may be installed anywhere: nothing here is read from the current folder or the package's location.
    """

    root: Path
    data_dir: Path
    docs_dir: Path
    site_dir: Path
    mkdocs_config: Path
    build_epoch: int | None = None  # SOURCE_DATE_EPOCH, else the last commit's date; None: undated
    publication: Publication = field(default_factory=Publication)

    @property
    def sources_dir(self) -> Path:
        """The archived sources, data/sources/."""
        return self.data_dir / SOURCES_FOLDER

    @property
    def build_date(self) -> date | None:
        """The edition's date, in UTC: never the clock, so that two builds of a commit are identical."""
        return None if self.build_epoch is None else datetime.fromtimestamp(self.build_epoch, timezone.utc).date()

    @classmethod
    def from_root(cls, root: Path) -> Settings:
        """The standard layout: data/, docs/, site/ and mkdocs.yml in the root folder; no build setting."""
        root = root.resolve()
        return cls(root=root, data_dir=root / "data", docs_dir=root / "docs", site_dir=root / "site", mkdocs_config=root / "mkdocs.yml")

    @classmethod
    def from_environment(cls, root: Path, environment: Mapping[str, str]) -> Settings:
        """The project at ``root`` with the settings of ``environment``; raise DataError naming every bad variable.

        Without SOURCE_DATE_EPOCH, the build is dated from the project's last commit, as `make site` documents.
        """
        project = cls.from_root(root)
        problems: list[Problem] = []
        epoch = _read(environment, BUILD_DATE, _epoch, BUILD_DATE_EXPECTED, problems) if BUILD_DATE in environment else last_commit_epoch(project.root)
        publication = Publication(
            site_url=_read(environment, SITE_URL, site_address, SITE_URL_EXPECTED, problems),
            publisher=_read(environment, PUBLISHER, _name, PUBLISHER_EXPECTED, problems),
            repository_url=_read(environment, REPOSITORY_URL, _web_address, REPOSITORY_URL_EXPECTED, problems),
            contact=_read(environment, CONTACT, _contact, CONTACT_EXPECTED, problems),
        )
        if problems:
            raise DataError(problems)
        return replace(project, build_epoch=epoch, publication=publication)


T = TypeVar("T")


def _read(environment: Mapping[str, str], name: str, parse: Callable[[str], T | None], expected: str, problems: list[Problem]) -> T | None:
    """The variable's value as ``parse`` makes it, None when unset; a value ``parse`` refuses is a problem."""
    if name not in environment:
        return None
    value = environment[name]
    parsed = parse(value)
    if parsed is None:
        shown = show_invisible(value[:_SHOWN_CHARS]) + ("…" if len(value) > _SHOWN_CHARS else "")
        problems.append(Problem.setting(name, f"{expected} (got '{shown}')"))
    return parsed


SITE_URL_EXPECTED = (
    "expected the site's absolute http(s) address with a host and a plain path, such as https://exemple.org/convention/, "
    "without user name, query, fragment, space, quote or non-ASCII character; unset it to publish without an address"
)
BUILD_DATE_EXPECTED = (
    f"expected the build date as a whole number of seconds since 1970, from {EARLIEST_BUILD_EPOCH} (1980-01-01) to "
    f"{LATEST_BUILD_EPOCH} (2100-12-31), as `git log -1 --format=%ct` prints it; unset it to date the build from the last commit"
)
PUBLISHER_EXPECTED = f"expected the publisher's name on one line, at most {MAX_PUBLISHER_CHARS} characters, without control or text-direction characters"
REPOSITORY_URL_EXPECTED = "expected the public repository's absolute http(s) address, such as https://forge.exemple.org/convention"
CONTACT_EXPECTED = "expected an email address such as contact@exemple.org, or an absolute http(s) address such as https://exemple.org/contact"


def _epoch(value: str) -> int | None:
    # Digits only: int() would also read " 5", "+5" and "1_000".
    if not (value.isascii() and value.isdigit()) or not EARLIEST_BUILD_EPOCH <= int(value) <= LATEST_BUILD_EPOCH:
        return None
    return int(value)


def _name(value: str) -> str | None:
    name = unicodedata.normalize("NFC", value.strip())
    # Controls (line breaks included), format characters (zero-width, bidirectional overrides), line separators.
    if not name or len(name) > MAX_PUBLISHER_CHARS or any(unicodedata.category(character) in ("Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp") for character in name):
        return None
    return name


def _web_address(value: str) -> str | None:
    return value if is_web_address(value) else None


def _contact(value: str) -> str | None:
    if is_mail_address(value) or is_web_address(value) or (value.startswith(MAIL_SCHEME + ":") and is_mail_address(value[len(MAIL_SCHEME) + 1 :])):
        return value
    return None


def last_commit_epoch(root: Path) -> int | None:
    """The date of the project's last commit (what `make site` dates a build from), or None outside a git checkout."""
    try:
        result = subprocess.run(["git", "-C", str(root), "log", "-1", "--format=%ct"], capture_output=True, text=True, check=False)
    except OSError:  # no git on the machine
        return None
    return _epoch(result.stdout.strip()) if result.returncode == 0 else None


# The package's own code, and its page templates and wording, installed with it.
PACKAGE_DIR = Path(__file__).resolve().parent
TEMPLATES_DIR = PACKAGE_DIR / "templates"

# data/ holds <section>.yaml files and this folder of archived sources: an article's text, <source id>.txt,
# and a dataset's extract, <dataset id>.json; nothing else.
DATA_FILE_SUFFIX = ".yaml"
SOURCES_FOLDER = "sources"
SOURCE_TEXT_SUFFIX = ".txt"
SOURCE_EXTRACT_SUFFIX = ".json"

# What the build gives an engine: its own configuration (INHERIT), the output folder and the site's address. Written
# beside mkdocs.yml for the engine's run (the paths it names mean the same there), removed afterwards.
ENGINE_CONFIG = ".callcma-engine.yml"

# What the build keeps for the next one, under the root: files it would make again the same (files.cached).
CACHE_FOLDER = ".cache"
# One build at a time in a project: the build holds this lock (under the root) while it writes docs/ and site/.
BUILD_LOCK_NAME = f"{CACHE_FOLDER}/build.lock"
# How long a second build waits for the first before giving up; a build takes seconds.
BUILD_LOCK_WAIT_SECONDS = 300

# Exports land in docs/ so that MkDocs copies them into the site as they are.
DATA_EXPORT_DIR = "donnees"
# The open data's licence (its files and their media types: open_data.py).
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# In the open data's tables, the values that share a cell (a fact's citations, a commune's postal codes) are
# joined by this character between spaces; no id, record or quote may hold it, so that a cell splits back exactly.
OPEN_DATA_SEPARATOR = "|"

# A hand-written data file, or an archived article, is a few kilobytes; anything much larger is a mistake.
MAX_DATA_FILE_BYTES = 1024 * 1024

# The site quotes its source briefly (right of short quotation), never at length.
MAX_QUOTE_CHARS = 320
# A quote of fewer words names no passage (« les », « 500 »): it cannot be a fact's only support.
MIN_SUPPORT_WORDS = 4

# Material's search: the folder of its lunr files in a built site (the package stage keeps those its index needs; the
# French one gets the project's folding of accents and plurals, search_fold.py).
LUNR_DIR = PurePosixPath("assets/javascripts/lunr")

# The PDF edition (pdf.py), among the open data: the essentials and the sources, on A4 paper.
EDITION_NAME = "convention-call-cma-essentiel.pdf"

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

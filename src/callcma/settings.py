"""Paths and limits, defined once."""

from __future__ import annotations

from pathlib import Path

# The project is the folder the command runs in, as for MkDocs: the package itself may be installed anywhere.
ROOT = Path.cwd().resolve()
DATA_DIR = ROOT / "data"
# data/ holds <section>.yaml files and this folder of archived source texts, <source id>.txt; nothing else.
DATA_FILE_SUFFIX = ".yaml"
SOURCES_FOLDER = "sources"
SOURCE_TEXT_SUFFIX = ".txt"
SOURCES_DIR = DATA_DIR / SOURCES_FOLDER
DOCS_DIR = ROOT / "docs"
SITE_DIR = ROOT / "site"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"
# Compiled page templates, kept between builds (ignored by git).
JINJA_CACHE_DIR = ROOT / ".cache" / "jinja"
# One build at a time in a checkout: the build holds this lock while it writes docs/ and site/.
BUILD_LOCK_NAME = ".cache/build.lock"
# How long a second build waits for the first before giving up; a build takes seconds.
BUILD_LOCK_WAIT_SECONDS = 300

# Exports land in docs/ so that MkDocs copies them into the site as they are.
DATA_EXPORT_DIR = "donnees"

# A hand-written data file, or an archived article, is a few kilobytes; anything much larger is a mistake.
MAX_DATA_FILE_BYTES = 1024 * 1024

# The site quotes its source briefly (right of short quotation), never at length.
MAX_QUOTE_CHARS = 320

# First line of every generated page: the write stage only ever replaces or removes such files.
GENERATED_MARKER = "<!-- Page générée par scripts/generate_pages.py à partir de data/ : ne pas modifier à la main. -->"

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

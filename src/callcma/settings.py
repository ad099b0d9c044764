"""Paths and limits, defined once."""

from __future__ import annotations

from pathlib import Path

# The project is the folder the command runs in, as for MkDocs: the package itself may be installed anywhere.
ROOT = Path.cwd().resolve()
DATA_DIR = ROOT / "data"
SOURCES_DIR = DATA_DIR / "sources"
DOCS_DIR = ROOT / "docs"
SITE_DIR = ROOT / "site"
MKDOCS_CONFIG = ROOT / "mkdocs.yml"
TEMPLATES_DIR = Path(__file__).resolve().parent / "templates"

# Exports land in docs/ so that MkDocs copies them into the site as they are.
DATA_EXPORT_DIR = "donnees"

# A hand-written data file is a few kilobytes; anything much larger is a mistake.
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

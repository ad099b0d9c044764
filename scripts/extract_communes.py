"""Regenerate data/sources/<id>.json, the extracts of the official datasets, from the pinned npm packages.

Usage (from the project root): npm ci --prefix scripts/communes && .venv/bin/python scripts/extract_communes.py
(or `make communes`). Each dataset of data/sources.yaml is read from its installed package version, after
checking the SHA-256 of the files it is taken from; bad data or a wrong package exits with status 2.
"""

from __future__ import annotations

import sys

from callcma.errors import DataError
from callcma.extract import write_extracts
from callcma.settings import DATA_DIR, SOURCES_DIR
from callcma.stages.s1_load import load_documents
from callcma.stages.s2_validate import validate_dataset

EXIT_BAD_DATA = 2


def main() -> int:
    """Write every dataset's extract; print one line per problem and return 2 when there are any."""
    try:
        dataset, locator = validate_dataset(load_documents(DATA_DIR))
        for path in write_extracts(dataset.datasets, SOURCES_DIR, locator):
            print(f"wrote {path.relative_to(DATA_DIR.parent).as_posix()}")
    except DataError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_DATA
    except OSError as error:  # an unreadable package file, a read-only data/sources: one line, no traceback
        print(f"{error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

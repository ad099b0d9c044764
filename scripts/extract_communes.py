"""Regenerate data/sources/<id>.json, the extracts of the official datasets, from the pinned npm packages.

Usage (from the project root): npm ci --prefix scripts/communes && .venv/bin/python scripts/extract_communes.py
(or `make communes`). Each dataset of data/sources.yaml is read from its installed package version, after
checking the SHA-256 of the files it is taken from, and the SHA-256 of its extract is recorded beside them
(extract_sha256), which the build checks; bad data or a wrong package exits with status 2.
"""

from __future__ import annotations

import sys
from pathlib import Path

from callcma.errors import DataError
from callcma.extract import packages_dir, record_digests, write_extracts
from callcma.settings import Settings
from callcma.stages import typed_data

EXIT_BAD_DATA = 2


def main() -> int:
    """Write every dataset's extract; print one line per problem and return 2 when there are any."""
    try:
        project = Settings.from_root(Path.cwd())  # the project is the folder the command runs in
        dataset, locator = typed_data(project.data_dir)
        paths = write_extracts(dataset.datasets, project.sources_dir, locator, packages_dir(project.root))
        for path in [*paths, record_digests(dataset.datasets, paths, locator)]:
            if path is not None:
                print(f"wrote {path.relative_to(project.root).as_posix()}")
    except DataError as error:
        print(error, file=sys.stderr)
        return EXIT_BAD_DATA
    except OSError as error:  # an unreadable package file, a read-only data/sources: one line, no traceback
        print(f"{error.filename}: {error.strerror}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())

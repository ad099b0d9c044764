"""Command line: build the pages, or only check the data; bad data exits with status 2."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from . import build
from .errors import DataError
from .settings import Settings

EXIT_BAD_DATA = 2


def main(argv: list[str] | None = None) -> int:
    """Run the build; print one line per data problem and return 2 when there are any."""
    parser = argparse.ArgumentParser(prog="generate_pages.py", description="Render docs/ from the sourced facts in data/.")
    # The project is the folder the command runs in, as for MkDocs.
    project = Settings.from_root(Path.cwd())
    parser.add_argument("--data", type=Path, default=project.data_dir, help="data folder (default: %(default)s)")
    parser.add_argument("--docs", type=Path, default=project.docs_dir, help="output folder for the pages (default: %(default)s)")
    parser.add_argument("--check", action="store_true", help="only check the data and its quotes; write nothing")
    arguments = parser.parse_args(argv)
    try:
        if arguments.check:
            dataset = build.check_data(arguments.data)
            print(f"data OK: {sum(1 for _ in dataset.cited())} facts, {sum(1 for _ in dataset.citations())} citations checked")
        else:
            changed = build.generate_site_sources(dataclasses.replace(project, data_dir=arguments.data, docs_dir=arguments.docs))
            print(f"{len(changed)} file(s) changed under {arguments.docs}" + "".join(f"\n  {name}" for name in changed))
    except DataError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the data; nothing was written.", file=sys.stderr)
        return EXIT_BAD_DATA
    return 0

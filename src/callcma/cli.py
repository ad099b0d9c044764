"""Command line: check the data, generate docs/, package site/, or all three around an engine's build.

    python -m callcma check                      load, validate and verify data/; write nothing
    python -m callcma generate                   write the pages and open data under docs/
    python -m callcma package                    zip site/ for offline reading
    python -m callcma site [--engine zensical]   generate, build site/ with the engine, package

Bad data prints one line per problem and exits with status 2, before anything is written.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from . import build
from .engines import DEFAULT_ENGINE, ENGINE_COMMANDS
from .errors import DataError
from .search_fold import add_search_fold
from .settings import DATA_DIR, DOCS_DIR, SITE_DIR
from .stages.s7_package import package_site

EXIT_BAD_DATA = 2


def main(argv: list[str] | None = None) -> int:
    """Run one command; print one line per data problem and return 2 when there are any."""
    arguments = parse_arguments(argv)
    build.pin_build_date()
    try:
        return int(arguments.run(arguments))
    except DataError as error:
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s) in the data; nothing was written.", file=sys.stderr)
        return EXIT_BAD_DATA


def parse_arguments(argv: list[str] | None) -> argparse.Namespace:
    """The command and its options; each command names the function that runs it."""
    parser = argparse.ArgumentParser(prog="callcma", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="command")
    check_command = commands.add_parser("check", help="check the data and its quotes; write nothing")
    check_command.set_defaults(run=check)
    generate_command = commands.add_parser("generate", help="write the pages and open data under docs/")
    generate_command.set_defaults(run=generate)
    package_command = commands.add_parser("package", help="zip the built site for offline reading")
    package_command.set_defaults(run=package)
    site_command = commands.add_parser("site", help="generate, build site/ with an engine, package")
    site_command.add_argument("--engine", choices=ENGINE_COMMANDS, default=DEFAULT_ENGINE, help="default: %(default)s")
    site_command.set_defaults(run=site)
    for command in (check_command, generate_command, site_command):
        command.add_argument("--data", type=Path, default=DATA_DIR, help="data folder (default: %(default)s)")
    generate_command.add_argument("--docs", type=Path, default=DOCS_DIR, help="output folder for the pages (default: %(default)s)")
    package_command.add_argument("--site", type=Path, default=SITE_DIR, help="the built site (default: %(default)s)")
    return parser.parse_args(argv)


def check(arguments: argparse.Namespace) -> int:
    """Load, validate and verify the data; say how much was checked."""
    dataset = build.check_data(arguments.data)
    print(f"data OK: {sum(1 for _ in dataset.cited())} facts, {sum(1 for _ in dataset.citations())} citations checked")
    return 0


def generate(arguments: argparse.Namespace) -> int:
    """Write the pages and open data; list the files that changed."""
    changed = build.generate_site_sources(arguments.data, arguments.docs)
    print(f"{len(changed)} file(s) changed under {arguments.docs}" + "".join(f"\n  {name}" for name in changed))
    return 0


def package(arguments: argparse.Namespace) -> int:
    """Zip the built site."""
    print(f"offline copy: {package_site(arguments.site)}")
    return 0


def site(arguments: argparse.Namespace) -> int:
    """Generate docs/, build site/ with the engine, fold accents in its search, package it; stop at the first failure."""
    generate(argparse.Namespace(data=arguments.data, docs=DOCS_DIR))  # the folders the engines' configurations name
    engine = subprocess.run(ENGINE_COMMANDS[arguments.engine], check=False)
    if engine.returncode != 0:
        return engine.returncode
    add_search_fold(SITE_DIR)
    return package(argparse.Namespace(site=SITE_DIR))

"""Command line: check the data, generate docs/, package site/, or all three around an engine's build.

    callcma check                      load, validate and verify data/, make every page; write nothing
    callcma generate                   write the pages and open data under docs/
    callcma package                    zip site/ for offline reading
    callcma site [--engine zensical]   generate, build site/ with the engine, package

The project is the folder the command runs in, as for MkDocs. Bad data or a bad setting (an environment variable,
see settings.py) prints one line per problem and exits with status 2, before anything is written.
"""

from __future__ import annotations

import argparse
import dataclasses
import os
import sys
from pathlib import Path

from . import stages
from .engines import DEFAULT_ENGINE, ENGINES
from .errors import DataError, os_error_problem
from .settings import CACHE_FOLDER, OFFLINE_ZIP_NAME, Settings

EXIT_BAD_DATA = 2


def main(argv: list[str] | None = None) -> int:
    """Run one command; print one line per problem with the data or the settings and return 2 when there are any."""
    arguments = parse_arguments(argv, Settings.from_root(Path.cwd()))
    try:
        # The one reading of the environment: every command runs with the same validated settings, or not at all.
        project = Settings.from_environment(Path.cwd(), os.environ)
        if arguments.run is check:
            return check(arguments, project)
        # One build at a time in a project: every command that writes docs/ or site/ holds the lock.
        with stages.build_lock(project.root):
            return int(arguments.run(arguments, project))
    except (DataError, OSError) as caught:
        # The stages name their own files' faults; an OS error here is any other one: one line too, never a traceback.
        error = caught if isinstance(caught, DataError) else os_error_problem(caught)
        print(error, file=sys.stderr)
        print(f"{len(error.problems)} problem(s); the command stopped there.", file=sys.stderr)
        return EXIT_BAD_DATA


def parse_arguments(argv: list[str] | None, project: Settings) -> argparse.Namespace:
    """The command and its options; each command names the function that runs it."""
    parser = argparse.ArgumentParser(prog="callcma", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(required=True, metavar="command")
    check_command = commands.add_parser("check", help="check the data, its quotes and every page made from it; write nothing")
    check_command.set_defaults(run=check)
    generate_command = commands.add_parser("generate", help="write the pages and open data under docs/")
    generate_command.set_defaults(run=generate)
    package_command = commands.add_parser("package", help="zip the built site for offline reading")
    package_command.set_defaults(run=package)
    site_command = commands.add_parser("site", help="generate, build site/ with an engine, package")
    site_command.add_argument("--engine", choices=ENGINES, default=DEFAULT_ENGINE, help="default: %(default)s")
    site_command.set_defaults(run=site)
    for command in (check_command, generate_command, site_command):
        command.add_argument("--data", type=Path, default=project.data_dir, help="data folder (default: %(default)s)")
    # The engines read docs/ and write site/ where their configuration says: only these two steps may go elsewhere.
    generate_command.add_argument("--docs", type=Path, default=project.docs_dir, help="output folder for the pages (default: %(default)s)")
    package_command.add_argument("--site", type=Path, default=project.site_dir, help="the built site (default: %(default)s)")
    return parser.parse_args(argv)


def check(arguments: argparse.Namespace, project: Settings) -> int:
    """Load, validate and verify the data, then make every page and file from it without writing; say how much was checked.
    What the last build kept in .cache/ and would make the same (the PDF edition: seconds of WeasyPrint) is read there."""
    checked, files = stages.prepare(dataclasses.replace(project, data_dir=arguments.data), project.root / CACHE_FOLDER, keep=False)
    dataset, pages = checked.dataset, sum(1 for name in files if name.endswith(".md"))
    print(f"data OK: {sum(1 for _ in dataset.cited())} facts, {sum(1 for _ in dataset.citations())} citations checked, {pages} pages made")
    return 0


def generate(arguments: argparse.Namespace, project: Settings) -> int:
    """Write the pages and open data; list the files that changed."""
    settings = dataclasses.replace(project, data_dir=arguments.data, docs_dir=getattr(arguments, "docs", project.docs_dir))
    changed = stages.generate_site_sources(settings)
    print(f"{len(changed)} file(s) changed under {settings.docs_dir}" + "".join(f"\n  {name}" for name in changed))
    return 0


def package(arguments: argparse.Namespace, project: Settings) -> int:
    """Zip the built site."""
    print(f"offline copy: {stages.package_site(getattr(arguments, 'site', project.site_dir), project.build_epoch, project.root / CACHE_FOLDER, project.publication.site_url)}")
    return 0


def site(arguments: argparse.Namespace, project: Settings) -> int:
    """Generate docs/, build the site with the engine beside site/, fold accents in its search, compact it, package it,
    then put it in place of site/ in one step; stop at the first failure, site/ untouched."""
    generate(arguments, project)
    status = stages.build_site(project, arguments.engine)
    if status == 0:
        print(f"site built in {project.site_dir}, with its offline copy {OFFLINE_ZIP_NAME}")
    return status

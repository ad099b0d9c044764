"""MkDocs hooks: generate docs/ from data/ before MkDocs reads it, pack the offline zip after it writes site/."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from callcma import build
from callcma.errors import DataError, os_error_problem
from callcma.stages.s6_write import read_generation
from callcma.stages.s7_package import package_site
from callcma.settings import DATA_DIR, OFFLINE_ZIP_NAME, TEMPLATES_DIR


# The build lock, held from the start of each build (each rebuild of `serve`) until its zip is written.
_held = ExitStack()
_serving = False


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether MkDocs serves: a preview keeps showing the last good pages when the data goes wrong."""
    global _serving
    _serving = command == "serve"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take the build lock (a second build waits), and date the build from the last commit so two builds are identical."""
    try:
        _held.enter_context(build.build_lock())
    except DataError as error:
        raise Abort(str(error)) from None
    build.pin_build_date()
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops `mkdocs build` before it touches site/, and `serve` keeps the last good pages."""
    try:
        build.generate_site_sources()
    except (DataError, OSError) as caught:
        error = caught if isinstance(caught, DataError) else os_error_problem(caught)
        if _serving and read_generation(Path(config.docs_dir)):
            # Raising would leave the preview server waiting for a good build, every request hanging until then; and
            # MkDocs counts a logged error as a failed build in strict mode: the problems are printed, not logged.
            print(f"data/ has problems; still showing the last good pages until they are fixed:\n{error}", file=sys.stderr, flush=True)
            return
        _held.close()
        raise Abort(f"data/ has problems; nothing was built:\n{error}") from None


class _WrittenAfterTheBuild(File):
    """A file that on_post_build writes itself: MkDocs never writes an empty placeholder in its place."""

    def copy_file(self, dirty: bool = False) -> None:
        """Nothing to copy: see on_post_build."""


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Announce the offline zip, which on_post_build writes, so that links to it validate."""
    files.append(_WrittenAfterTheBuild.generated(config, OFFLINE_ZIP_NAME, content=b""))
    return files


@event_priority(-200)  # after the offline plugin (-100) has written the search index script
def on_post_build(config: MkDocsConfig) -> None:
    """Pack the built site into the offline download, then let the next build run."""
    try:
        package_site(Path(config.site_dir))
    except OSError as error:
        raise Abort(str(os_error_problem(error))) from None
    finally:
        _held.close()


def on_build_error(error: Exception) -> None:
    """A failed build lets the next one run."""
    _held.close()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a data file or a page template changes."""
    server.watch(str(DATA_DIR))
    server.watch(str(TEMPLATES_DIR))
    return server

"""MkDocs hooks for `make serve` (mkdocs-serve.yml): the steps of `callcma site` around each rebuild.

`make site` runs those steps itself around `mkdocs build`; these hooks let `mkdocs serve` regenerate the pages when
data/ or a template changes. The pipeline is imported inside each hook, when the step needs it, never when MkDocs
loads this file.
"""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority


# The build lock, held from the start of each rebuild until its zip is written: `make site` waits meanwhile.
_held = ExitStack()
_serving = False


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether MkDocs serves: a preview keeps showing the last good pages when the data goes wrong."""
    global _serving
    _serving = command == "serve"


def _root(config: MkDocsConfig) -> Path:
    """The project whose configuration MkDocs reads, wherever the command runs."""
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Take the build lock, and date the build from the last commit, as `callcma site` does."""
    from callcma.build import build_lock, pin_build_date
    from callcma.errors import DataError

    try:
        _held.enter_context(build_lock(_root(config)))
    except DataError as error:
        raise Abort(str(error)) from None
    pin_build_date(_root(config))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops the build before it touches the site."""
    from callcma.build import generate_site_sources
    from callcma.errors import DataError
    from callcma.settings import Settings

    from callcma.stages.s6_write import read_generation

    project = Settings.from_root(_root(config))
    try:
        generate_site_sources(project)
    except DataError as error:
        if _serving and read_generation(project.docs_dir):
            # Raising would leave the preview server waiting for a good build, every request hanging until then; and
            # MkDocs counts a logged error as a failed build in strict mode: the problems are printed, not logged.
            print(f"data/ has problems; still showing the last good pages until they are fixed:\n{error}", file=sys.stderr, flush=True)
            return
        raise Abort(f"data/ has problems; nothing was built:\n{error}") from None


@event_priority(-200)  # after the offline plugin (-100) has written the search index script
def on_post_build(config: MkDocsConfig) -> None:
    """Fold accents in the French search, compact the pages, then pack the built site into the offline download."""
    from callcma.compact import compact_site
    from callcma.search_fold import add_search_fold
    from callcma.settings import CACHE_FOLDER
    from callcma.stages.s7_package import package_site

    try:
        add_search_fold(Path(config.site_dir), _root(config))
        compact_site(Path(config.site_dir), Path(config.docs_dir))
        package_site(Path(config.site_dir), _root(config) / CACHE_FOLDER)
    finally:
        _held.close()


def on_build_error(error: Exception) -> None:
    """A failed rebuild lets the next build run."""
    _held.close()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a data file or a page template changes."""
    from callcma.settings import TEMPLATES_DIR, Settings

    server.watch(str(Settings.from_root(_root(config)).data_dir))
    server.watch(str(TEMPLATES_DIR))
    return server

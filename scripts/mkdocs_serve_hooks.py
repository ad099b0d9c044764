"""MkDocs hooks for `make serve` (mkdocs-serve.yml): the steps of `callcma site` around each rebuild.

`make site` runs those steps itself around `mkdocs build`; these hooks let `mkdocs serve` regenerate the pages when
data/ or a template changes. The pipeline is imported inside each hook, when the step needs it, never when MkDocs
loads this file.
"""

from __future__ import annotations

import os
import sys
from contextlib import ExitStack
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority

if TYPE_CHECKING:
    from callcma.settings import Settings

# The build lock, held from the start of each rebuild until its zip is written: `make site` waits meanwhile.
_held = ExitStack()
_serving = False
# The build's settings, read from the environment once, when MkDocs reads its configuration.
_settings: Settings | None = None


def on_startup(command: Literal["build", "gh-deploy", "serve"], dirty: bool) -> None:
    """Remember whether MkDocs serves: a preview keeps showing the last good pages when the data goes wrong."""
    global _serving
    _serving = command == "serve"


def _root(config: MkDocsConfig) -> Path:
    """The project whose configuration MkDocs reads, wherever the command runs."""
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Read and check the build's settings as `callcma site` does (the site's address, dated from the last commit),
    then take the build lock."""
    from callcma.errors import DataError
    from callcma.settings import Settings

    global _settings
    try:
        _settings = Settings.from_environment(_root(config), os.environ)
        from callcma.stages import build_lock

        _held.enter_context(build_lock(_settings.root))
    except DataError as error:
        raise Abort(str(error)) from None
    config.site_url = _settings.publication.site_url
    return config


def _project() -> Settings:
    assert _settings is not None, "on_config reads the settings before any build"
    return _settings


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops the build before it touches the site."""
    from callcma.errors import DataError
    from callcma.stages import generate_site_sources, has_pages

    project = _project()
    try:
        generate_site_sources(project)
    except DataError as error:
        if _serving and has_pages(project):
            # Raising would leave the preview server waiting for a good build, every request hanging until then; and
            # MkDocs counts a logged error as a failed build in strict mode: the problems are printed, not logged.
            print(f"data/ has problems; still showing the last good pages until they are fixed:\n{error}", file=sys.stderr, flush=True)
            return
        raise Abort(f"data/ has problems; nothing was built:\n{error}") from None


@event_priority(-200)  # after the offline plugin (-100) has written the search index script
def on_post_build(config: MkDocsConfig) -> None:
    """Fold accents in the French search, finish the site (its 404 page), compact the pages, then pack the built site into the offline download."""
    from callcma.stages import finish_site

    try:
        finish_site(Path(config.site_dir), _project())
    finally:
        _held.close()


def on_build_error(error: Exception) -> None:
    """A failed rebuild lets the next build run."""
    _held.close()


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a data file or a page template changes."""
    from callcma.settings import TEMPLATES_DIR

    server.watch(str(_project().data_dir))
    server.watch(str(TEMPLATES_DIR))
    return server

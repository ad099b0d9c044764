"""MkDocs hooks for `make serve` (mkdocs-serve.yml): the steps of `callcma site` around each rebuild.

`make site` runs those steps itself around `mkdocs build`; these hooks let `mkdocs serve` regenerate the pages when
data/ or a template changes. The pipeline is imported inside each hook, when the step needs it, never when MkDocs
loads this file.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority


def _root(config: MkDocsConfig) -> Path:
    """The project whose configuration MkDocs reads, wherever the command runs."""
    return Path(config.config_file_path).parent


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Date the build from the last commit, as `callcma site` does."""
    from callcma.build import pin_build_date

    pin_build_date(_root(config))
    return config


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops the build before it touches the site."""
    from callcma.build import generate_site_sources
    from callcma.errors import DataError
    from callcma.settings import Settings

    try:
        generate_site_sources(Settings.from_root(_root(config)))
    except DataError as error:
        raise Abort(f"data/ has problems; nothing was built:\n{error}") from None


@event_priority(-200)  # after the offline plugin (-100) has written the search index script
def on_post_build(config: MkDocsConfig) -> None:
    """Fold accents in the French search, then pack the built site into the offline download."""
    from callcma.search_fold import add_search_fold
    from callcma.stages.s7_package import package_site

    add_search_fold(Path(config.site_dir), _root(config))
    package_site(Path(config.site_dir))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a data file or a page template changes."""
    from callcma.settings import TEMPLATES_DIR, Settings

    server.watch(str(Settings.from_root(_root(config)).data_dir))
    server.watch(str(TEMPLATES_DIR))
    return server

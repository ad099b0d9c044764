"""MkDocs hooks: generate docs/ from data/ before MkDocs reads it, pack the offline zip after it writes site/."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from callcma import build
from callcma.errors import DataError
from callcma.formatting import format_partial_date
from callcma.stages.s7_package import package_site
from callcma.settings import DATA_DIR, OFFLINE_ZIP_NAME, TEMPLATES_DIR

# The theme's French language file for its search, which its search worker loads, and what we add to it.
FRENCH_SEARCH = "assets/javascripts/lunr/min/lunr.fr.min.js"
FRENCH_SEARCH_FOLD = Path(__file__).parent / "search_fold_fr.js"


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    """Date the build from the last commit, so two builds of a commit are identical."""
    build.pin_build_date()
    return config


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give the theme's templates the site's way of writing a date: « 26 novembre 2026 »."""
    env.filters["long_date"] = lambda moment: format_partial_date(moment.date().isoformat(), config.theme["language"])
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops MkDocs before it touches site/."""
    try:
        build.generate_site_sources()
    except DataError as error:
        raise Abort(f"data/ has problems; nothing was built:\n{error}") from None


def on_files(files: Files, config: MkDocsConfig) -> Files:
    """Announce the offline zip, which on_post_build writes, so that links to it validate; fold accents in search."""
    files.append(File.generated(config, OFFLINE_ZIP_NAME, content=b""))
    add_search_fold(files, config)
    return files


def add_search_fold(files: Files, config: MkDocsConfig) -> None:
    """Append scripts/search_fold_fr.js to the theme's French search file, so that search forgives accents and plurals."""
    french = files.get_file_from_path(FRENCH_SEARCH)
    if french is None:
        raise Abort(f"the theme no longer ships {FRENCH_SEARCH}: update FRENCH_SEARCH in scripts/mkdocs_hooks.py")
    content = french.content_bytes + b"\n" + FRENCH_SEARCH_FOLD.read_bytes()
    files.remove(french)
    files.append(File.generated(config, FRENCH_SEARCH, content=content))


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """Links of the 404 page relative to the site's root, as on every other page (MkDocs makes them absolute)."""
    if template_name != "404.html":
        return context
    return get_context(context["nav"], context["pages"], config, base_url=".")


@event_priority(-200)  # after the offline plugin (-100) has written the search index script
def on_post_build(config: MkDocsConfig) -> None:
    """Pack the built site into the offline download."""
    package_site(Path(config.site_dir))


def on_serve(server: Any, config: MkDocsConfig, builder: Any) -> Any:
    """Rebuild when a data file or a page template changes."""
    server.watch(str(DATA_DIR))
    server.watch(str(TEMPLATES_DIR))
    return server

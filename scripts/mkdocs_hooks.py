"""MkDocs hooks: generate docs/ from data/ before MkDocs reads it, pack the offline zip after it writes site/."""

from __future__ import annotations

import sys
from contextlib import ExitStack
from pathlib import Path
from typing import Any, Literal

import jinja2
from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import Abort
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files

from callcma import build
from callcma.errors import DataError, os_error_problem
from callcma.formatting import format_partial_date
from callcma.stages.s6_write import read_generation
from callcma.stages.s7_package import package_site
from callcma.settings import OFFLINE_ZIP_NAME, TEMPLATES_DIR, Settings


def _project(config: MkDocsConfig) -> Settings:
    """The project whose mkdocs.yml MkDocs reads, wherever the command runs."""
    return Settings.from_root(Path(config.config_file_path).parent)

# The theme's French language file for its search, which its search worker loads, and what we add to it.
FRENCH_SEARCH = "assets/javascripts/lunr/min/lunr.fr.min.js"
FRENCH_SEARCH_FOLD = Path(__file__).parent / "search_fold_fr.js"


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
        _held.enter_context(build.build_lock(_project(config).root))
    except DataError as error:
        raise Abort(str(error)) from None
    build.pin_build_date(_project(config).root)
    return config


def on_env(env: jinja2.Environment, config: MkDocsConfig, files: Files) -> jinja2.Environment:
    """Give the theme's templates the site's way of writing a date: « 26 novembre 2026 »."""
    env.filters["long_date"] = lambda moment: format_partial_date(moment.date().isoformat(), config.theme["language"])
    return env


def on_pre_build(config: MkDocsConfig) -> None:
    """Generate the pages; bad data stops `mkdocs build` before it touches site/, and `serve` keeps the last good pages."""
    try:
        build.generate_site_sources(_project(config))
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
    """Announce the offline zip, which on_post_build writes, so that links to it validate; fold accents in search."""
    files.append(_WrittenAfterTheBuild.generated(config, OFFLINE_ZIP_NAME, content=b""))
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
    server.watch(str(_project(config).data_dir))
    server.watch(str(TEMPLATES_DIR))
    return server

"""The MkDocs hook that the theme's templates need at every MkDocs build (mkdocs.yml): the 404 page's links.

The pipeline's steps (generate, fold the search, package) are not here: `callcma site` runs them around the build,
and mkdocs_serve_hooks.py runs them for `make serve`. Zensical runs no hooks (see README, Two engines).
"""

from __future__ import annotations

from typing import Any

from mkdocs.commands.build import get_context
from mkdocs.config.defaults import MkDocsConfig


def on_template_context(context: dict[str, Any], template_name: str, config: MkDocsConfig) -> dict[str, Any]:
    """Links of the 404 page relative to the site's root, as on every other page (MkDocs makes them absolute)."""
    if template_name != "404.html":
        return context
    return get_context(context["nav"], context["pages"], config, base_url=".")

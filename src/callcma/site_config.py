"""The one reader of mkdocs.yml: the site's name, language and pages, as MkDocs and Zensical read them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:…) that only MkDocs resolves; here they read as null."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class NavPage:
    """One page of the navigation: its title and its Markdown file under docs/."""

    title: str
    file: str

    @property
    def html(self) -> str:
        """The built page (use_directory_urls is false: links end in .html)."""
        return html_name(self.file)


@dataclass(frozen=True)
class SiteConfig:
    """What the pipeline needs of mkdocs.yml: the site's name and language, and its pages in navigation order."""

    name: str
    language: str
    pages: tuple[NavPage, ...]
    # Python-Markdown's extensions and their options, as MkDocs converts the pages.
    markdown_extensions: dict[str, dict[str, Any]] = field(default_factory=dict, compare=False)


def read_site_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml; the navigation is the one list of the site's pages (each has a template ``<file>.j2``)."""
    config = yaml.load(path.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    pages = tuple(NavPage(title=str(title), file=str(file)) for entry in config["nav"] for title, file in entry.items())
    extensions = {
        entry if isinstance(entry, str) else next(iter(entry)): {} if isinstance(entry, str) else dict(next(iter(entry.values())) or {})
        for entry in config.get("markdown_extensions", [])
    }
    return SiteConfig(name=str(config["site_name"]), language=str(config["theme"]["language"]), pages=pages, markdown_extensions=extensions)


def html_name(page: str) -> str:
    """The built page of a Markdown file: ``budget.md`` → ``budget.html``."""
    return page.removesuffix(".md") + ".html"

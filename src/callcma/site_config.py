"""The one reader of mkdocs.yml: the site's name, language and pages, as MkDocs and Zensical read them.

The site's name and the pages' titles reach every page's <title>, header and menu through the themes' templates,
which print them as they are: they are refused, with their line in mkdocs.yml, when they hold markup's characters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from .errors import DataError, Problem


class _ConfigLoader(yaml.SafeLoader):
    """mkdocs.yml may hold tags (!ENV, !!python/name:…) that only MkDocs resolves; here they read as null."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)

# What the themes would read as markup in a title (they print titles unescaped), and invisible characters.
_TITLE_REFUSED = re.compile(r"[<>\"&]")
TITLE_EXPECTED = "expected a title on one line without < > \" or & (the themes print it into the page's markup as it is)"
# A page is a Markdown file directly in docs/, named as its template and its links name it.
_PAGE_FILE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*\.md$")


@dataclass(frozen=True)
class NavPage:
    """One page of the navigation: its title and its Markdown file under docs/; where mkdocs.yml names it, for problems."""

    title: str
    file: str
    line: int = field(default=1, compare=False)
    column: int = field(default=1, compare=False)
    index: int = field(default=0, compare=False)

    @property
    def field(self) -> str:
        return f"nav[{self.index}]"

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
    path: str = field(default="mkdocs.yml", compare=False)  # as problems name it


def read_site_config(path: Path) -> SiteConfig:
    """Read mkdocs.yml; the navigation is the one list of the site's pages (each has a template ``<file>.j2``).

    A title or a page that the pipeline cannot use safely is a problem at its line; all are reported at once.
    """
    name = path.name
    loader = _ConfigLoader(path.read_text(encoding="utf-8"))
    try:
        root = loader.get_single_node()  # the nodes, for the lines of problems, then their values
        config = loader.construct_document(root) if root is not None else {}
    except yaml.MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        raise DataError([Problem(name, mark.line + 1 if mark else 1, mark.column + 1 if mark else 1, "(yaml)", f"invalid YAML: {error.problem or error.context}")]) from None
    finally:
        loader.dispose()
    problems: list[Problem] = []
    site_name = _value(root, "site_name")
    if site_name is not None:
        problems += _check_title(name, site_name, "site_name")
    pages = []
    nav = _value(root, "nav")
    for index, entry in enumerate(nav.value if isinstance(nav, yaml.SequenceNode) else []):
        if not (isinstance(entry, yaml.MappingNode) and len(entry.value) == 1 and all(isinstance(node, yaml.ScalarNode) for node in entry.value[0])):
            problems.append(_problem(name, entry, f"nav[{index}]", "expected one « Title: page.md » entry (the pipeline's pages are not nested)"))
            continue
        title, file = entry.value[0]
        problems += _check_title(name, title, f"nav[{index}]")
        if not _PAGE_FILE.match(file.value):
            problems.append(_problem(name, file, f"nav[{index}]", f"expected a page file such as budget.md, lowercase, in docs/ itself (got {file.value!r})"))
        pages.append(NavPage(title=title.value, file=file.value, line=file.start_mark.line + 1, column=file.start_mark.column + 1, index=index))
    if problems:
        raise DataError(problems)
    return SiteConfig(name=str(config["site_name"]), language=str(config["theme"]["language"]), pages=tuple(pages), path=name)


def _value(root: yaml.Node | None, key: str) -> yaml.Node | None:
    """The node of a top-level key of the configuration."""
    if not isinstance(root, yaml.MappingNode):
        return None
    return next((value for name, value in root.value if isinstance(name, yaml.ScalarNode) and name.value == key), None)


def _check_title(name: str, node: yaml.Node, field: str) -> list[Problem]:
    text = node.value if isinstance(node, yaml.ScalarNode) else ""
    invisible = any(unicodedata.category(character)[0] == "C" or character in "\u2028\u2029" for character in text)
    if not text.strip() or invisible or _TITLE_REFUSED.search(text):
        return [_problem(name, node, field, f"{TITLE_EXPECTED} (got {text!r})")]
    return []


def _problem(name: str, node: yaml.Node, field: str, message: str) -> Problem:
    return Problem(name, node.start_mark.line + 1, node.start_mark.column + 1, field, message)


def html_name(page: str) -> str:
    """The built page of a Markdown file: ``budget.md`` → ``budget.html``."""
    return page.removesuffix(".md") + ".html"

"""The one HTML reader of the tests: what a built page holds, as a reader and a search engine see it."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

# Elements that never have an end tag.
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
_HIDDEN = {"script", "style"}


@dataclass
class HtmlPage:
    """A page's elements (tag and attribute names, in order, abbreviations aside), visible text, ids, language,
    abbreviations' titles, attribute values, JSON-LD scripts, and the visible text inside each element with an id;
    for the security audit, every attribute with its element and name, every script with its attributes and text, and
    what the <head> holds."""

    elements: list[tuple[str, tuple[str, ...]]] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    ids: set[str] = field(default_factory=set)
    lang: str = ""
    abbreviations: set[str] = field(default_factory=set)
    attributes: list[str] = field(default_factory=list)
    jsonld: list[str] = field(default_factory=list)
    text_by_id: dict[str, str] = field(default_factory=dict)
    tagged_attributes: list[tuple[str, str, str]] = field(default_factory=list)
    scripts: list[tuple[dict[str, str], str]] = field(default_factory=list)
    # The <head>: each element with each of its attribute values and texts (scripts and styles aside), the <meta>
    # names with their content, and the title as a reader's tab shows it.
    head: list[tuple[str, str]] = field(default_factory=list)
    head_attributes: list[tuple[str, str]] = field(default_factory=list)
    title: str = ""

    @property
    def visible_text(self) -> str:
        return "".join(self.text)

    @property
    def links(self) -> list[str]:
        """The addresses of the page's links (``<a href>``), as written."""
        return [value for tag, name, value in self.tagged_attributes if tag == "a" and name == "href"]


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = HtmlPage()
        self._open: list[tuple[str, str | None]] = []  # the open elements, with their ids
        self._in: str | None = None  # "ld" inside a JSON-LD script, the tag inside another script or a style
        self._head = False
        self._title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = dict(attrs)
        page = self.page
        if tag != "abbr":  # abbreviations follow the words of the text
            page.elements.append((tag, tuple(sorted(name for name, _ in attrs))))
        else:
            page.abbreviations.add(attributes.get("title") or "")
        page.attributes.extend(value for value in attributes.values() if value)
        page.tagged_attributes.extend((tag, name, value or "") for name, value in attrs)
        if tag == "script":
            page.scripts.append(({name: value or "" for name, value in attrs}, ""))
        identifier = attributes.get("id")
        if identifier:
            page.ids.add(identifier)
            page.text_by_id.setdefault(identifier, "")
        if tag == "html":
            page.lang = attributes.get("lang") or ""
        self._head = (self._head or tag == "head") and tag != "body"
        if self._head:
            page.head.extend((tag, value or "") for _, value in attrs)
            page.head.append((tag, ""))
            if tag == "meta" and "name" in attributes:
                page.head_attributes.append((attributes["name"] or "", attributes.get("content") or ""))
        self._title = self._title or tag == "title"
        if tag in _HIDDEN:
            self._in = "ld" if attributes.get("type") == "application/ld+json" else tag
            if self._in == "ld":
                page.jsonld.append("")
        if tag not in _VOID:
            self._open.append((tag, identifier))

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._in = None
        self._head = self._head and tag != "head"
        self._title = self._title and tag != "title"
        # Close up to the matching element: HTML allows some end tags to be left out.
        for index in range(len(self._open) - 1, -1, -1):
            if self._open[index][0] == tag:
                del self._open[index:]
                break

    def handle_data(self, data: str) -> None:
        if self._title:
            self.page.title += data
        if self._head and self._in is None:
            self.page.head.append(("#text", data))
        if self._in in ("ld", "script"):
            attributes, text = self.page.scripts[-1]
            self.page.scripts[-1] = (attributes, text + data)
        if self._in == "ld":
            self.page.jsonld[-1] += data
        elif self._in is None:
            self.page.text.append(data)
            for _, identifier in self._open:
                if identifier:
                    self.page.text_by_id[identifier] += data


def parse_html(html: str) -> HtmlPage:
    """Read an HTML text."""
    parser = _Parser()
    parser.feed(html)
    parser.close()
    return parser.page


def read_html(path: Path) -> HtmlPage:
    """Read an HTML file."""
    return parse_html(path.read_text(encoding="utf-8"))


@cache
def ids_of(path: Path) -> frozenset[str]:
    """The ids of a built page, read once per session."""
    return frozenset(read_html(path).ids)


def broken_link(href: str, root: str, site: Path) -> str | None:
    """What is wrong with a link resolved to an absolute address, if it leads within the site at ``root`` (its address
    over HTTP or as files) whose files are in ``site``: no such file, or no element with the link's id in that page."""
    target, _, fragment = href.partition("#")
    if not target.startswith(root):
        return None  # another host: no request is made until clicked, and the browser tests block and report any
    path = site / unquote(target.removeprefix(root))
    if path.is_dir():
        path /= "index.html"
    if not path.is_file():
        return f"{href}: no such file"
    if fragment and path.suffix == ".html" and unquote(fragment) not in ids_of(path):
        return f"{href}: no element has this id"
    return None

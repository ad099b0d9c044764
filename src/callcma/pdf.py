"""The PDF edition: the site's facts and sources in one A4 document, made by the pipeline, whichever engine builds the site.

The render stage fills templates/edition.md.j2 with the data, as it fills the pages; here that Markdown becomes
HTML through Python-Markdown with the site's own extensions (mkdocs.yml's ``markdown_extensions``, so the same
French typography, callcma.typography), then a tagged PDF/UA-1 document through WeasyPrint:

- on paper, the footnotes stand at the foot of the page that calls them (each call gets its note), the links between
  the site's pages lead to the same place in the document when it is there, and are plain text when it is not;
- the fonts are the package's own (fonts/: Liberation Sans, SIL Open Font License), embedded as subsets, never
  the machine's: a glyph they lack would fall back to a system font, which the tests refuse;
- WeasyPrint reads no file but the package's stylesheet and fonts, and no address at all;
- the same HTML gives the same bytes: no clock, the identifier is a digest of the content, the creation date is the build's.

WeasyPrint is imported only when a PDF is made: an up-to-date build never pays for it.
"""

from __future__ import annotations

import copy
import functools
import html
import logging
import re
import xml.etree.ElementTree as etree
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from urllib.parse import unquote, urlsplit
from urllib.request import url2pathname

import markdown
from markdown.extensions import Extension
from markdown.extensions.footnotes import NBSP_PLACEHOLDER
from markdown.treeprocessors import Treeprocessor

from .errors import DataError, Problem
from .files import cached
from .inputs import content_digest, tools_digest
from .settings import EDITION_NAME, PACKAGE_DIR, TEMPLATES_DIR
from .site_config import SiteConfig
from .typography import NON_BREAKING_HYPHEN

EDITION_CSS = TEMPLATES_DIR / "edition.css"
FONTS_DIR = PACKAGE_DIR / "fonts"
FONT_FILES = tuple(sorted(FONTS_DIR.glob("*.ttf")))
# The options of the site's Markdown extensions that differ on paper: no « ¶ » link after each heading.
PAPER_OPTIONS = {"toc": {"permalink": False}}
# PDF/UA-1: tagged, with the document's language and title (WeasyPrint's variant).
PDF_VARIANT = "pdf/ua-1"
# Links that leave the document keep their address; any other link is to a page of the site.
EXTERNAL_SCHEMES = ("http", "https", "mailto")
NOTE_CLASS = "note"
# The site's non-breaking hyphen (typography.py: 2017‑2020), which the edition's fonts lack: on paper, a plain hyphen in a
# word that the line keeps whole (edition.css).
KEPT_WHOLE_CLASS = "insecable"
_KEPT_WHOLE = re.compile(rf"([^\s{NON_BREAKING_HYPHEN}]+(?:{NON_BREAKING_HYPHEN}[^\s{NON_BREAKING_HYPHEN}]+)+)")
# What the PDF's bytes depend on besides its HTML and the tools (inputs.tools_digest; Pango is the system's).
LAYOUT_FILES = (EDITION_CSS, *FONT_FILES)
# Its number of pages, kept in the cache beside it (the PDF's own page tree is compressed).
EDITION_PAGES_NAME = "edition-pages"


@dataclass(frozen=True)
class Edition:
    """The PDF edition: its bytes, and its number of pages (which the download links state)."""

    pdf: bytes
    pages: int
    name: str = EDITION_NAME


def make_edition(markdown_text: str, site: SiteConfig, build_date: date | None, cache_dir: Path | None = None, *, keep: bool = True) -> Edition:
    """The PDF of the edition's Markdown (rendered by the render stage from templates/edition.md.j2).

    WeasyPrint takes seconds: with a cache folder, the PDF of the same HTML, stylesheet and fonts, by the same code and
    libraries, is the last one made (files.cached), with its number of pages beside it; a build whose edition reads
    the same (a new commit that changed no fact, on the same day) does not lay it out again; with ``keep`` false, the
    cache is read and not written. The cache is only a shortcut: the same inputs make the same bytes without it.
    """
    document = edition_html(markdown_text, site, build_date)
    tools = tools_digest() if cache_dir else None
    key = tools and content_digest(tools, ("html", document.encode()), *((f"package/{path.name}", path.read_bytes()) for path in LAYOUT_FILES))
    laid_out = functools.cache(lambda: render_pdf(document))
    pdf = cached(cache_dir, EDITION_NAME, key, lambda: laid_out().pdf, keep=keep)
    pages = cached(cache_dir, EDITION_PAGES_NAME, key, lambda: str(laid_out().pages).encode(), keep=keep)
    return Edition(pdf=pdf, pages=int(pages))


def edition_html(markdown_text: str, site: SiteConfig, build_date: date | None) -> str:
    """The edition as one HTML document: Markdown converted as the site's pages are, then laid out for paper."""
    paper = PaperExtension()
    options = {name: options | PAPER_OPTIONS.get(name, {}) for name, options in site.markdown_extensions.items()}
    converter = markdown.Markdown(extensions=[*options, paper], extension_configs=options, output_format="html")
    body = converter.convert(markdown_text)
    head = ["<meta charset=\"utf-8\">", f"<title>{html.escape(paper.title)}</title>"]
    if build_date is not None:
        # WeasyPrint writes it as the PDF's creation date: the build's date, never the clock.
        head.append(f"<meta name=\"dcterms.created\" content=\"{build_date.isoformat()}\">")
    return f"<!DOCTYPE html>\n<html lang=\"{html.escape(site.language)}\">\n<head>\n{''.join(head)}\n</head>\n<body>\n{body}\n</body>\n</html>\n"


class PaperTreeprocessor(Treeprocessor):
    """After every other step (typography included): the notes at the foot of their page, the links inside the document."""

    def __init__(self, md: markdown.Markdown, extension: PaperExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        _keep_hyphenated_words_whole(root)
        self._notes_in_place(root)
        identifiers = {element.get("id") for element in root.iter() if element.get("id")}
        for link in list(root.iter("a")):
            target = self._target(link.get("href", ""), identifiers)
            if target is None:
                _unwrap(link)
            else:
                link.set("href", target)
        heading = next(root.iter("h1"), None)
        self.extension.title = "".join(heading.itertext()).strip() if heading is not None else ""

    def _target(self, href: str, identifiers: set[str | None]) -> str | None:
        """Where a link leads in the document: itself if it leaves it, ``#id`` if the place is in it, else nowhere."""
        parts = urlsplit(href)
        if parts.scheme in EXTERNAL_SCHEMES:
            return href
        fragment = unquote(parts.fragment)
        return f"#{fragment}" if fragment and fragment in identifiers else None

    def _notes_in_place(self, root: etree.Element) -> None:
        """Each note call (``<sup id="fnref…"><a href="#fn:3">``) becomes the note itself, floated to the page's foot."""
        notes: dict[str, etree.Element] = {}
        for container in [element for element in root.iter("div") if "footnote" in element.get("class", "").split()]:
            notes |= {f"#{item.get('id')}": item for item in container.iter("li")}
            _remove(root, container)
        parents = {child: parent for parent in root.iter() for child in parent}
        for call in [element for element in root.iter("sup") if element.get("id", "").startswith("fnref")]:
            link = call.find("a")
            item = notes.get(link.get("href", "")) if link is not None else None
            if item is None:
                continue
            note = etree.Element("span", {"class": NOTE_CLASS})
            for paragraph in item:
                content = copy.deepcopy(paragraph)
                for backlink in [child for child in content if "footnote-backref" in child.get("class", "").split()]:
                    _remove(content, backlink)
                # On paper a note's words are enough; WeasyPrint would also tag a link at the page's foot outside
                # the document's structure, which PDF/UA forbids.
                for link in content.iter("a"):
                    _unwrap(link)
                _append_text(note, content.text)
                note.extend(list(content))
            for element in note.iter():  # the no-break space Python-Markdown puts before the backlink
                element.text, element.tail = _without_placeholder(element.text), _without_placeholder(element.tail)
            if len(note):
                note[-1].tail = (note[-1].tail or "").rstrip() or None
            else:
                note.text = (note.text or "").rstrip() or None
            note.tail = call.tail
            parent = parents[call]
            index = list(parent).index(call)
            before = parent[index - 1] if index else None
            if before is not None and NOTE_CLASS in before.get("class", "").split() and not before.tail:
                note.set("class", f"{NOTE_CLASS} {NOTE_CLASS}-suite")  # a call right after another: « 8,9 », not « 89 »
            parent.insert(index, note)
            parent.remove(call)


def _keep_hyphenated_words_whole(root: etree.Element) -> None:
    """Each word holding a non-breaking hyphen becomes a span kept whole on its line, with a plain hyphen."""
    for parent in list(root.iter()):
        if parent.text and NON_BREAKING_HYPHEN in parent.text:
            parent.text, spans = _kept_whole(parent.text)
            for offset, span in enumerate(spans):
                parent.insert(offset, span)
        for child in list(parent):
            if child.tail and NON_BREAKING_HYPHEN in child.tail:
                child.tail, spans = _kept_whole(child.tail)
                index = list(parent).index(child)
                for offset, span in enumerate(spans, 1):
                    parent.insert(index + offset, span)


def _kept_whole(text: str) -> tuple[str, list[etree.Element]]:
    """A text cut around its hyphenated words: the text before the first, then each word's span, the text after it as
    the span's tail."""
    parts = _KEPT_WHOLE.split(text)
    spans = []
    for word, after in zip(parts[1::2], parts[2::2]):
        span = etree.Element("span", {"class": KEPT_WHOLE_CLASS})
        span.text, span.tail = word.replace(NON_BREAKING_HYPHEN, "-"), after
        spans.append(span)
    return parts[0], spans


def _without_placeholder(text: str | None) -> str | None:
    return text.replace(NBSP_PLACEHOLDER, "") if text else text


def _append_text(element: etree.Element, text: str | None) -> None:
    """Add ``text`` at the end of ``element``'s content."""
    if not text:
        return
    if len(element):
        element[-1].tail = (element[-1].tail or "") + text
    else:
        element.text = (element.text or "") + text


def _remove(root: etree.Element, element: etree.Element) -> None:
    """Remove ``element`` from under ``root``, keeping the text that followed it."""
    for parent in root.iter():
        children = list(parent)
        if element in children:
            index = children.index(element)
            if index:
                children[index - 1].tail = (children[index - 1].tail or "") + (element.tail or "")
            else:
                parent.text = (parent.text or "") + (element.tail or "")
            parent.remove(element)
            return


def _unwrap(link: etree.Element) -> None:
    """A link whose place is not in the document: its words stay, as a span keeping its classes (a certainty badge)."""
    link.tag = "span"
    for attribute in [name for name in link.attrib if name != "class"]:
        del link.attrib[attribute]


class PaperExtension(Extension):
    """The edition's last Markdown step (see PaperTreeprocessor); remembers the title, the first heading's text."""

    def __init__(self) -> None:
        super().__init__()
        self.title = ""

    def extendMarkdown(self, md: markdown.Markdown) -> None:  # noqa: N802 (Python-Markdown's name)
        md.treeprocessors.register(PaperTreeprocessor(md, self), "paper", 1)


# --- WeasyPrint ---------------------------------------------------------------------------------------------------


def render_pdf(document: str) -> Edition:
    """The PDF of an HTML document, laid out by templates/edition.css; WeasyPrint's warnings are errors."""
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    from weasyprint.urls import FatalURLFetchingError

    fonts = FontConfiguration()
    fetcher = _package_files()
    try:
        with _warnings_as_errors():
            stylesheet = CSS(filename=str(EDITION_CSS), font_config=fonts, url_fetcher=fetcher)
            laid_out = HTML(string=document, base_url=str(TEMPLATES_DIR) + "/", url_fetcher=fetcher).render(stylesheets=[stylesheet], font_config=fonts, pdf_variant=PDF_VARIANT)
            pdf = laid_out.write_pdf(pdf_variant=PDF_VARIANT, pdf_identifier=True)
    except FatalURLFetchingError as error:
        raise DataError([Problem(EDITION_NAME, 1, 1, "(pdf)", str(error.__cause__ or error))]) from None
    return Edition(pdf=pdf, pages=len(laid_out.pages))


def _package_files():  # type: ignore[no-untyped-def]
    """WeasyPrint's fetcher, limited to the package's stylesheet and fonts: no other file, no address."""
    from weasyprint.urls import FatalURLFetchingError, URLFetcher, URLFetcherResponse

    allowed = {path.resolve() for path in LAYOUT_FILES}

    class PackageFiles(URLFetcher):
        def fetch(self, url: str, headers: object = None) -> URLFetcherResponse:
            parts = urlsplit(url)
            path = Path(url2pathname(parts.path)).resolve() if parts.scheme == "file" else None
            if path not in allowed:
                raise FatalURLFetchingError(f"the PDF edition may read only its stylesheet and fonts (asked for {url})")
            return URLFetcherResponse(url, path.read_bytes())  # type: ignore[union-attr]

    return PackageFiles(fail_on_errors=True)


@contextmanager
def _warnings_as_errors() -> Iterator[None]:
    """Whatever WeasyPrint warns about (a CSS rule it ignores, an anchor defined twice…) stops the build, listed."""
    records: list[logging.LogRecord] = []
    handler = logging.Handler(logging.WARNING)
    handler.emit = records.append  # type: ignore[method-assign]
    logger = logging.getLogger("weasyprint")
    logger.addHandler(handler)
    propagate, logger.propagate = logger.propagate, False
    try:
        yield
    finally:
        logger.removeHandler(handler)
        logger.propagate = propagate
    if records:
        raise DataError([Problem(EDITION_NAME, 1, 1, "(pdf)", record.getMessage()) for record in records])

"""Render stage: fill the page templates with the Dataset, giving Markdown text for each page."""

from __future__ import annotations

import functools
import html
import json
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .s4_export import LICENCE_URL, column_titles
from ..anchors import anchor
from ..jsonld import PageView, Shown, front_matter_value, page_jsonld, serialise_jsonld
from ..dates import format_partial_date
from ..formatting import format_amount, format_in_words, format_number, format_number_in_words, format_operand, format_value
from ..model import Certainty, PartKind, Cited, Citation, Dataset
from ..sections import SECTION_PAGES
from ..settings import DATA_EXPORT_DIR, OFFLINE_ZIP_NAME, OPEN_DATA_SEPARATOR, TEMPLATES_DIR
from ..site_config import NavPage, SiteConfig, html_name
from ..collation import sort_french
from ..records import Extract, latest_dataset, lookup_table, membership_differences, read_extracts, vintages
from ..wording import read_wording

# The territory for the communes lookup, a script the communes page loads when a reader uses the lookup; rendered
# from its template (<name>.j2) beside the pages.
LOOKUP_SCRIPT = f"{DATA_EXPORT_DIR}/communes-recherche.js"

# Characters that Markdown, its extensions or HTML would read as syntax. Written as numeric
# character references they show as themselves and can never open a tag, a link or a table cell.
_MARKUP_CHARACTERS = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~^=:&\"]")


def escape_markdown(value: Any) -> Markup:
    """Data is shown as text: every character with a meaning in Markdown or HTML is neutralised."""
    if isinstance(value, Markup):
        return value
    text = str(value).replace("\r\n", "\n").replace("\r", "\n")
    text = _MARKUP_CHARACTERS.sub(lambda match: f"&#{ord(match[0])};", text)
    # A line break in data must not start a new Markdown block (heading, list, table row).
    return Markup(re.sub(r"\s*\n\s*", " ", text))


def plain_text(value: Any) -> Markup:
    """Data for a place Markdown does not parse (an abbreviation's tooltip): one line, as is."""
    # Python-Markdown writes an entity such as &amp; into the attribute untouched, so the reader would see "&":
    # escaping every & keeps what the data says.
    return Markup(" ".join(str(value).split()).replace("&", "&amp;"))


def attribute_text(value: Any) -> Markup:
    """Data inside an HTML attribute or a link target: HTML-escaped, not turned into Markdown entities."""
    return escape(" ".join(str(value).split()))


_ASCII_SPACES = re.compile(r"[ \t\r\n]+")


def front_matter_text(value: Any) -> Markup:
    """A text as a YAML scalar that MkDocs reads back exactly, whatever it holds: a JSON string on one line."""
    # Only ASCII spaces and line breaks are folded: str.split() would also fold the narrow no-break space
    # that French typography puts before « ? » (« Ma commune est-elle concernée ? » as a page title).
    return Markup(json.dumps(_ASCII_SPACES.sub(" ", str(value)).strip(" "), ensure_ascii=False))


@dataclass
class Footnotes:
    """The citations of one page, numbered in order of first use; one quote gets one note."""

    notes: dict[Citation, int] = field(default_factory=dict)

    def cite(self, item: Cited | Citation) -> Markup:
        """Footnote references for an item's citations, e.g. ``[^1][^2]``."""
        citations = item.citations if isinstance(item, Cited) else [item]
        labels = [self.notes.setdefault(citation, len(self.notes) + 1) for citation in citations]
        return Markup("".join(f"[^{label}]" for label in labels))


@functools.cache
def make_environment(templates_dir: Path, language: str) -> jinja2.Environment:
    """A Jinja environment in which every value printed from the data is escaped for Markdown.

    One per process: `mkdocs serve` rebuilds reuse its compiled templates (Jinja reloads a template whose file changed);
    what the YAML files of the templates say is read at each render (render_pages), never kept here.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        autoescape=True,
        finalize=escape_markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    # Numbers and dates as the site's language writes them.
    environment.filters["number"] = functools.partial(format_number, language=language)
    environment.filters["value"] = functools.partial(format_value, language=language)
    environment.filters["in_words"] = functools.partial(format_in_words, language=language)
    environment.filters["amount"] = functools.partial(format_amount, language=language)
    environment.filters["operand"] = functools.partial(format_operand, language=language)
    environment.filters["date"] = functools.partial(format_partial_date, language=language)
    environment.filters["plain"] = plain_text
    environment.filters["attr"] = attribute_text
    environment.filters["sort_french"] = sort_french
    environment.globals["vintages"] = vintages
    environment.filters["front_matter"] = front_matter_text
    environment.filters["json"] = lambda value: Markup(serialise_jsonld(value))  # compact, and safe in a script
    environment.filters["unescape"] = html.unescape  # undoes escape_markdown, for a text that leaves Markdown (front matter)
    environment.filters["words"] = functools.partial(format_number_in_words, language=language)
    environment.globals["Certainty"] = Certainty
    environment.globals["PartKind"] = PartKind
    environment.globals["licence_url"] = LICENCE_URL
    environment.globals["anchor"] = anchor
    environment.globals["latest_dataset"] = latest_dataset
    environment.globals["html_name"] = html_name
    environment.globals["record_citation"] = lambda source, record: Citation(source=source.id, record=record)
    return environment


def render_pages(dataset: Dataset, site: SiteConfig, context: dict[str, Any] | None = None, templates_dir: Path = TEMPLATES_DIR, *, sources_dir: Path) -> dict[str, str]:
    """Markdown of every page of the navigation, by file name under docs/ (each page's template is ``<file>.j2``),
    then the communes lookup's script (LOOKUP_SCRIPT).

    The datasets' records that pages show are read from their archived extracts under ``sources_dir``; the latest
    one's territory also fills the lookup's script.
    """
    environment = make_environment(templates_dir, site.language)
    extracts = read_extracts(dataset, sources_dir)
    wording = read_wording()
    shared = {
        "data": dataset,
        "facts": dataset.facts_by_id,
        "people": dataset.people_by_id,
        "sources": dataset.sources_by_id,
        "datasets": dataset.datasets_by_id,
        "fact_page": fact_page(dataset),
        "wording": wording,
        "generated_marker": Markup(wording.generated_marker),
        "fact_columns": column_titles(),
        "offline_zip": OFFLINE_ZIP_NAME,
        "separator": OPEN_DATA_SEPARATOR,  # between the values that share a cell of the open data
        "extracts": extracts,
        "membership_differences": membership_differences(dataset, extracts),
        "lookup_script": LOOKUP_SCRIPT,
        "build_date": None,  # undated unless the build knows its date (build.build_date)
        **(context or {}),
    }
    pages: dict[str, str] = {}
    for page in site.pages:
        footnotes, shown = Footnotes(), Shown()
        template = environment.get_template(f"{page.file}.j2")
        pages[page.file] = template.render(
            **shared,
            cite=footnotes.cite,
            footnotes=footnotes,
            show=shown.show,
            download=shown.download,
            page=page,
            jsonld=_jsonld_writer(dataset, site, page, footnotes, shown, extracts),
        )
    lookup = lookup_table(extracts[latest_dataset(dataset.datasets).id])
    pages[LOOKUP_SCRIPT] = environment.get_template(f"{Path(LOOKUP_SCRIPT).name}.j2").render(lookup=lookup)
    return pages


def _jsonld_writer(dataset: Dataset, site: SiteConfig, page: NavPage, footnotes: Footnotes, shown: Shown, extracts: Mapping[str, Extract]) -> Callable[[str], Markup]:
    """For the layout, once the content is rendered: the page's JSON-LD, from what it showed, as a front matter value."""

    def write(description: str) -> Markup:
        view = PageView(file=page.file, title=page.title, description=str(description), shown=shown, citations=footnotes.notes)
        return Markup(front_matter_value(page_jsonld(dataset, site, view, SECTION_PAGES, extracts)))

    return write


def fact_page(dataset: Dataset) -> Callable[[str], str]:
    """Map a fact id to the page that shows it in full."""
    pages = {item.id: SECTION_PAGES[section] for section, item in dataset.cited_by_section()}
    return pages.__getitem__

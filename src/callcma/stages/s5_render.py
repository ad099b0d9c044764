"""Render stage: fill the page templates with the Dataset, giving Markdown text for each page."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup, escape

from .s4_export import LICENCE_URL, column_titles
from ..jsonld import Site, front_matter_value, page_jsonld, read_page, read_site
from ..model import OPERATORS, Certainty, Cited, Citation, Dataset, Fact, Unit, formula_terms, is_number_literal
from ..sections import SECTION_PAGES
from ..settings import GENERATED_MARKER, JINJA_CACHE_DIR, TEMPLATES_DIR

# Characters that Markdown, its extensions or HTML would read as syntax. Written as numeric
# character references they show as themselves and can never open a tag, a link or a table cell.
_MARKUP_CHARACTERS = re.compile(r"[\\`*_{}\[\]()<>#+\-.!|~^=:&\"]")
_NARROW_NBSP = "\u202f"


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


def format_number(value: int | float) -> str:
    """French typography: thin no-break space between thousands, comma for decimals."""
    if isinstance(value, float) and not value.is_integer():
        whole, decimals = f"{value:.2f}".split(".")
        return f"{int(whole):,}".replace(",", _NARROW_NBSP) + "," + decimals
    return f"{int(value):,}".replace(",", _NARROW_NBSP)


def format_value(fact: Fact) -> str:
    """A fact's value as a reader expects it: 140 000 €, 36 communes, or the text itself."""
    if isinstance(fact.value, str):
        return fact.value
    number = format_number(fact.value)
    return f"{number}{_NARROW_NBSP}€" if fact.unit == Unit.EUR else f"{number} {fact.unit.value}" if fact.unit else number


@dataclass(frozen=True)
class Calculation:
    """A calculated fact's formula with its operands shown as values, for the page to spell out."""

    left: str
    symbol: str
    right: str
    exact: str


def explain_formula(fact: Fact, facts: dict[str, Cited]) -> Calculation:
    """The operands and exact result of a calculated fact (already checked by the validate stage)."""
    terms = formula_terms(fact.formula or "")
    numbers: list[float] = []
    shown: list[str] = []
    for term in (terms[0], terms[2]):
        operand = facts.get(term)
        if isinstance(operand, Fact) and not is_number_literal(term):
            numbers.append(float(operand.value))
            shown.append(format_value(operand))
        else:
            numbers.append(float(term))
            shown.append(format_number(float(term)))
    exact = OPERATORS[terms[1]](*numbers)
    unit_fact = fact.model_copy(update={"value": round(exact, 2)})
    return Calculation(left=shown[0], symbol=terms[1], right=shown[1], exact=format_value(unit_fact))


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
def make_environment(templates_dir: Path = TEMPLATES_DIR) -> jinja2.Environment:
    """A Jinja environment in which every value printed from the data is escaped for Markdown.

    One per process (`mkdocs serve` rebuilds reuse its compiled templates; Jinja reloads a template
    whose file changed), and compiled templates are cached on disk so a fresh build skips compiling.
    """
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(templates_dir),
        bytecode_cache=jinja2.FileSystemBytecodeCache(str(_bytecode_cache_dir())),
        autoescape=True,
        finalize=escape_markdown,
        undefined=jinja2.StrictUndefined,
        keep_trailing_newline=True,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters["number"] = format_number
    environment.filters["value"] = format_value
    environment.filters["plain"] = plain_text
    environment.filters["attr"] = attribute_text
    environment.globals["Certainty"] = Certainty
    environment.globals["explain_formula"] = explain_formula
    environment.globals["licence_url"] = LICENCE_URL
    environment.globals["fact_columns"] = column_titles()
    return environment


def _bytecode_cache_dir() -> Path:
    JINJA_CACHE_DIR.mkdir(parents=True, exist_ok=True)
    return JINJA_CACHE_DIR


def page_names(templates_dir: Path = TEMPLATES_DIR) -> list[str]:
    """The pages of the site: one template each, named ``<page>.md.j2``; partials start with ``_``."""
    return sorted(path.name.removesuffix(".j2") for path in templates_dir.glob("*.md.j2") if not path.name.startswith("_"))


def render_pages(dataset: Dataset, context: dict[str, Any] | None = None, templates_dir: Path = TEMPLATES_DIR) -> dict[str, str]:
    """Markdown of every page, by file name under docs/."""
    environment = make_environment(templates_dir)
    site = read_site()
    pages: dict[str, str] = {}
    for name in page_names(templates_dir):
        footnotes = Footnotes()
        template = environment.get_template(f"{name}.j2")
        text = template.render(
            data=dataset,
            facts=dataset.facts_by_id,
            people=dataset.people_by_id,
            sources=dataset.sources_by_id,
            fact_page=fact_page(dataset),
            cite=footnotes.cite,
            footnotes=footnotes,
            generated_marker=Markup(GENERATED_MARKER),
            page=name,
            jsonld=_jsonld_writer(dataset, site, name, footnotes),
            **(context or {}),
        )
        pages[name] = text
    return pages


def _jsonld_writer(dataset: Dataset, site: Site, name: str, footnotes: Footnotes) -> Callable[[str, str], Markup]:
    """For the base template: the page's JSON-LD, from its front matter and content, as a front matter value."""

    def write(meta: str, content: str) -> Markup:
        view = read_page(name, meta, content, footnotes.notes)
        return Markup(front_matter_value(page_jsonld(dataset, site, view, SECTION_PAGES)))

    return write


def fact_page(dataset: Dataset) -> Callable[[str], str]:
    """Map a fact id to the page that shows it in full."""
    pages = {item.id: SECTION_PAGES[str(loc[0])] for loc, item in dataset.cited()}
    return pages.__getitem__

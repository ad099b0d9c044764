"""JSON-LD stage: each page's schema.org description, built from the Dataset and naming only what the page shows."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from .stages.s4_export import LICENCE_URL, MEDIA_TYPES
from .model import Cited, Citation, Dataset, Event, Fact, Quotation, Source, Unit
from .settings import DATA_EXPORT_DIR, ROOT

MKDOCS_CONFIG = ROOT / "mkdocs.yml"
SCHEMA_ORG = "https://schema.org"

# Where a page's Markdown names an element: id="…" attributes and attr_list anchors such as ``{ #call }``.
_ANCHORS = re.compile(r'\bid="([^"]+)"|\{\s*#([A-Za-z0-9_-]+)')
_DOWNLOAD_LINKS = re.compile(rf"\]\({re.escape(DATA_EXPORT_DIR)}/([^)#\s]+)\)")
# Characters that YAML folds or refuses, or that HTML reads as a line break, are written as JSON escapes.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# Only these can be unsafe (printable ASCII never is): looking them up alone keeps the check cheap.
_BEYOND_ASCII = re.compile(r"[^\x20-\x7e]")


# libyaml's loader when PyYAML was built with it: these are read on every build.
_SafeLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class _ConfigLoader(_SafeLoader):  # type: ignore[misc,valid-type]
    """mkdocs.yml may hold tags (!ENV, !!python/name:…) that only MkDocs resolves; here they read as null."""


_ConfigLoader.add_multi_constructor("", lambda loader, suffix, node: None)


@dataclass(frozen=True)
class Site:
    """What every page says of the site: its name and its language, from mkdocs.yml."""

    name: str
    language: str


@dataclass(frozen=True)
class PageView:
    """What one rendered page shows: its title and description, the anchors on it, the sources and files it cites."""

    name: str
    title: str
    description: str
    anchors: frozenset[str]
    sources: tuple[str, ...]
    downloads: tuple[str, ...]


def read_site(config: Path = MKDOCS_CONFIG) -> Site:
    """The site's name and language as MkDocs shows them."""
    settings = yaml.load(config.read_text(encoding="utf-8"), Loader=_ConfigLoader)
    return Site(name=str(settings["site_name"]), language=str(settings.get("theme", {}).get("language", "fr")))


def read_page(name: str, meta: str, content: str, citations: Iterable[Citation]) -> PageView:
    """What a page shows, read from its rendered front matter and Markdown and from the citations of its footnotes."""
    front = yaml.load(str(meta), Loader=_SafeLoader) or {}
    anchors = frozenset(first or second for first, second in _ANCHORS.findall(str(content)))
    return PageView(
        name=name,
        title=str(front.get("title", "")),
        description=str(front.get("description", "")),
        anchors=anchors,
        sources=tuple(dict.fromkeys(citation.source for citation in citations)),
        downloads=tuple(dict.fromkeys(_DOWNLOAD_LINKS.findall(str(content)))),
    )


def page_jsonld(dataset: Dataset, site: Site, page: PageView, section_pages: Mapping[str, str]) -> dict[str, Any]:
    """The page's JSON-LD: the site, the page, and every fact, partner, person, term, source and file it shows."""
    url = _html(page.name)
    site_id = f"{_html('index.md')}#site"
    home = {section: _html(name) for section, name in section_pages.items()}
    nodes: list[dict[str, Any]] = []

    for organisation in dataset.organisations:
        if organisation.id in page.anchors:
            nodes.append({"@type": "Organization", "@id": f"{home['organisations']}#{organisation.id}", "name": organisation.name, "alternateName": organisation.abbreviation})
    shown_facts = [item for _, item in dataset.cited() if f"fait-{item.id}" in page.anchors]
    # A statement shows its speaker's name and role wherever it is shown.
    speakers = {item.speaker for item in shown_facts if item.speaker}
    for person in dataset.people:
        if person.id in page.anchors or person.id in speakers:
            node: dict[str, Any] = {"@type": "Person", "@id": f"{home['people']}#{person.id}", "name": person.name, "jobTitle": person.role}
            if person.organisation in page.anchors:
                node["worksFor"] = {"@id": f"{home['organisations']}#{person.organisation}"}
            nodes.append(node)
    nodes.extend(_fact_node(item, url, home, site) for item in shown_facts)
    for term in dataset.glossary:
        if term.id in page.anchors:
            term_node: dict[str, Any] = {"@type": "DefinedTerm", "@id": f"{home['glossary']}#{term.id}", "name": term.term, "description": term.definition}
            if term.expansion:
                term_node["alternateName"] = term.expansion
            nodes.append(term_node)
    if page.downloads:
        nodes.append(_dataset_node(page, url, site))

    cited = [source for source in dataset.sources if source.id in page.sources or f"source-{source.id}" in page.anchors]
    sources = [_source_node(source, home["sources"], described=f"source-{source.id}" in page.anchors) for source in cited]

    webpage: dict[str, Any] = {"@type": "WebPage", "@id": url, "url": url, "name": page.title, "description": page.description}
    webpage |= {"inLanguage": site.language, "isPartOf": {"@id": site_id}}
    about = [{"@id": node["@id"]} for node in nodes if node["@type"] != "Quotation"]
    parts = [{"@id": node["@id"]} for node in nodes if node["@type"] == "Quotation"]
    citations = [{"@id": node["@id"]} for node in sources]
    # Empty lists and texts say nothing: they are left out.
    webpage = {key: value for key, value in (webpage | {"about": about, "hasPart": parts, "citation": citations}).items() if value}
    website = {"@type": "WebSite", "@id": site_id, "url": _html("index.md"), "name": site.name, "inLanguage": site.language}
    return {"@context": SCHEMA_ORG, "@graph": [website, webpage, *nodes, *sources]}


def _fact_node(item: Cited, url: str, home: Mapping[str, str], site: Site) -> dict[str, Any]:
    """A fact in schema.org terms: a dated step is an Event, a quotation a Quotation, an amount a MonetaryAmount."""
    details: dict[str, Any]
    if isinstance(item, Event):
        details = {"@type": "Event", "startDate": item.date} | ({"endDate": item.end} if item.end else {})
    elif isinstance(item, Quotation):
        sources = dict.fromkeys(citation.source for citation in item.citations)
        details = {
            "@type": "Quotation",
            "text": item.value,
            "inLanguage": site.language,
            "author": {"@id": f"{home['people']}#{item.speaker}"},
            "isBasedOn": [{"@id": f"{home['sources']}#source-{source}"} for source in sources],
        }
    elif isinstance(item, Fact) and item.unit == Unit.EUR:
        details = {"@type": "MonetaryAmount", "currency": Unit.EUR.value, "value": item.value}
    elif isinstance(item, Fact) and item.unit is not None:
        details = {"@type": "QuantitativeValue", "value": item.value, "unitText": item.unit.value}
    else:
        details = {"@type": "PropertyValue", "value": getattr(item, "value", None)}
    return {"@type": details.pop("@type"), "@id": f"{url}#fait-{item.id}", "identifier": item.id, "name": item.label} | details


def _source_node(source: Source, sources_page: str, *, described: bool) -> dict[str, Any]:
    """A source as a news article; its address and date only where the page gives them."""
    node: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{sources_page}#source-{source.id}",
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.outlet},
    }
    if described:
        node["url"] = source.url
        if source.published:
            node["datePublished"] = source.published
    return node


def _dataset_node(page: PageView, url: str, site: Site) -> dict[str, Any]:
    """The open data the page links to, with its licence."""
    distribution: list[dict[str, str]] = []
    for name in page.downloads:
        download = {"@type": "DataDownload", "name": name, "contentUrl": f"{DATA_EXPORT_DIR}/{name}"}
        if name in MEDIA_TYPES:
            download["encodingFormat"] = MEDIA_TYPES[name]
        distribution.append(download)
    return {
        "@type": "Dataset",
        "@id": f"{url}#jeu-de-donnees",
        "name": site.name,
        "description": page.description,
        "inLanguage": site.language,
        "license": LICENCE_URL,
        "distribution": distribution,
    }


def serialise_jsonld(data: dict[str, Any]) -> str:
    """JSON on one line that no data can break out of: ``</`` and ``<!--`` cannot end or confuse the script element."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = _BEYOND_ASCII.sub(lambda match: _escape_character(match[0]) if unicodedata.category(match[0]) in _UNSAFE_CATEGORIES else match[0], text)
    return text.replace("</", "<\\/").replace("<!--", "\\u003c!--")


def front_matter_value(data: dict[str, Any]) -> str:
    """The JSON-LD as a YAML single-quoted scalar, read back by MkDocs as the exact JSON text."""
    return "'" + serialise_jsonld(data).replace("'", "''") + "'"


def _html(page: str) -> str:
    """The built page of a Markdown file (use_directory_urls is false: links end in .html)."""
    return page.removesuffix(".md") + ".html"


def _escape_character(character: str) -> str:
    """A character as JSON escapes, two for a character beyond the first 65 536."""
    encoded = character.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(encoded[index:index + 2], 'big'):04x}" for index in range(0, len(encoded), 2))

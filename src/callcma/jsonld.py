"""JSON-LD stage: each page's schema.org description, built from the Dataset and naming only what the page shows."""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from babel.numbers import list_currencies

from .anchors import Anchored, anchor, source_anchor
from .model import Certainty, Cited, Citation, Commune, Dataset, DatasetSource, Event, Fact, Organisation, Person, Quotation, Source, Term, Unit
from .records import Extract
from .site_config import SiteConfig, html_name
from .open_data import MEDIA_TYPES
from .settings import DATA_EXPORT_DIR, LICENCE_URL

from .wording import Identifiers, read_wording

SCHEMA_ORG = "https://schema.org"
# A unit whose id is an ISO 4217 code (EUR) is an amount of money.
_CURRENCIES = list_currencies()

# Characters that YAML folds or refuses, or that HTML reads as a line break, are written as JSON escapes.
_UNSAFE_CATEGORIES = {"Cc", "Cf", "Cs", "Co", "Cn", "Zl", "Zp"}
# In JSON, a string may write any character as \uXXXX: these three then never read as markup.
_MARKUP_ESCAPES = str.maketrans({character: f"\\u{ord(character):04x}" for character in "<>&"})
# Only these can be unsafe (printable ASCII never is): looking them up alone keeps the check cheap.
_BEYOND_ASCII = re.compile(r"[^\x20-\x7e]")


@dataclass
class Shown:
    """What one page shows, recorded by its templates as they show it: its JSON-LD names that and nothing else."""

    facts: set[str] = field(default_factory=set)
    organisations: set[str] = field(default_factory=set)
    people: set[str] = field(default_factory=set)
    terms: set[str] = field(default_factory=set)
    sources: set[str] = field(default_factory=set)
    communes: set[str] = field(default_factory=set)
    downloads: list[str] = field(default_factory=list)

    def show(self, thing: Anchored) -> str:
        """Record that the page shows ``thing`` where it stands; returns the anchor to give its element."""
        kinds: list[tuple[type, set[str]]] = [
            (Cited, self.facts), (Organisation, self.organisations), (Person, self.people), (Term, self.terms),
            (Source, self.sources), (DatasetSource, self.sources), (Commune, self.communes),
        ]
        next(ids for kind, ids in kinds if isinstance(thing, kind)).add(thing.id)
        return anchor(thing)

    def download(self, name: str) -> str:
        """Record that the page links to an open data file; returns the link's target."""
        if name not in self.downloads:
            self.downloads.append(name)
        return f"{DATA_EXPORT_DIR}/{name}"


@dataclass(frozen=True)
class PageView:
    """What one rendered page shows: its file, title and description, what its templates showed, the citations of its notes."""

    file: str
    title: str
    description: str
    shown: Shown
    citations: Iterable[Citation] = ()


def page_jsonld(dataset: Dataset, site: SiteConfig, page: PageView, section_pages: Mapping[str, str], extracts: Mapping[str, Extract] | None = None) -> dict[str, Any]:
    """The page's JSON-LD: the site, the page, and every fact, partner, person, term, source, commune and file it shows."""
    url = html_name(page.file)
    site_id = f"{html_name('index.md')}#site"
    home = {section: html_name(name) for section, name in section_pages.items()}
    shown = page.shown
    nodes: list[dict[str, Any]] = []

    for organisation in dataset.organisations:
        if organisation.id in shown.organisations:
            nodes.append({"@type": "Organization", "@id": f"{home['organisations']}#{anchor(organisation)}", "name": organisation.name, "alternateName": organisation.abbreviation})
    shown_facts = [item for item in dataset.facts_by_id.values() if item.id in shown.facts]
    # A statement shows its speaker's name and role wherever it is shown.
    speakers = {item.speaker for item in shown_facts if item.speaker}
    for person in dataset.people:
        if person.id in shown.people or person.id in speakers:
            node: dict[str, Any] = {"@type": "Person", "@id": f"{home['people']}#{anchor(person)}", "name": person.name, "jobTitle": person.role}
            if person.organisation in shown.organisations:
                node["worksFor"] = {"@id": f"{home['organisations']}#{person.organisation}"}
            nodes.append(node)
    nodes.extend(_fact_node(item, url, home, site, dataset.units_by_id) for item in shown_facts)
    for term in dataset.glossary:
        if term.id in shown.terms:
            term_node: dict[str, Any] = {"@type": "DefinedTerm", "@id": f"{home['glossary']}#{anchor(term)}", "name": term.term, "description": term.definition}
            if term.expansion:
                term_node["alternateName"] = term.expansion
            nodes.append(term_node)
    if shown.downloads:
        nodes.append(_dataset_node(page, url, site))
    if shown.communes:
        nodes.extend(_territory_nodes(dataset, url, home["sources"], shown.communes, extracts or {}))

    cited = {citation.source for citation in page.citations} | {citation.source for commune in dataset.communes if commune.id in shown.communes for citation in commune.citations}
    sources = [
        _source_node(source, home["sources"], described=source.id in shown.sources)
        for source in dataset.sources
        if source.id in cited or source.id in shown.sources
    ]
    sources += [
        _dataset_source_node(source, home["sources"], described=source.id in shown.sources)
        for source in dataset.datasets
        if source.id in cited or source.id in shown.sources
    ]

    webpage: dict[str, Any] = {"@type": "WebPage", "@id": url, "url": url, "name": page.title, "description": page.description}
    webpage |= {"inLanguage": site.language, "isPartOf": {"@id": site_id}}
    # A commune is part of the territory the page is about (containsPlace), not a subject of its own.
    about = [{"@id": node["@id"]} for node in nodes if node["@type"] != "Quotation" and "containedInPlace" not in node]
    parts = [{"@id": node["@id"]} for node in nodes if node["@type"] == "Quotation"]
    citations = [{"@id": node["@id"]} for node in sources]
    # Empty lists and texts say nothing: they are left out.
    webpage = {key: value for key, value in (webpage | {"about": about, "hasPart": parts, "citation": citations}).items() if value}
    website = {"@type": "WebSite", "@id": site_id, "url": html_name("index.md"), "name": site.name, "inLanguage": site.language}
    return {"@context": SCHEMA_ORG, "@graph": [website, webpage, *nodes, *sources]}


def _fact_node(item: Cited, url: str, home: Mapping[str, str], site: SiteConfig, units: Mapping[str, Unit]) -> dict[str, Any]:
    """A fact in schema.org terms: a dated step is an Event, a quotation a Quotation, the source's own judgement a Claim
    that appears in it, an amount a MonetaryAmount, another number a QuantitativeValue in the unit the page writes."""
    details: dict[str, Any]
    if isinstance(item, Event):
        # A date with a deduced part (the signature's year) is not the source's: schema.org gets no date for it.
        details = {"@type": "Event"} | ({} if item.deduced else {"startDate": item.date} | ({"endDate": item.end} if item.end else {}))
    elif isinstance(item, Quotation):
        sources = dict.fromkeys(citation.source for citation in item.citations)
        details = {
            "@type": "Quotation",
            "text": item.value,
            "inLanguage": site.language,
            "author": {"@id": f"{home['people']}#{item.speaker}"},
            "isBasedOn": [{"@id": f"{home['sources']}#{source_anchor(source)}"} for source in sources],
        }
    elif isinstance(item, Fact) and item.certainty == Certainty.JUDGEMENT:
        sources = dict.fromkeys(citation.source for citation in item.citations)
        details = {
            "@type": "Claim",
            "text": item.value,
            "inLanguage": site.language,
            "appearance": [{"@id": f"{home['sources']}#{source_anchor(source)}"} for source in sources],
        }
    elif isinstance(item, Fact) and item.unit in _CURRENCIES:
        details = {"@type": "MonetaryAmount", "currency": item.unit, "value": item.value}
    elif isinstance(item, Fact) and item.unit is not None:
        details = {"@type": "QuantitativeValue", "value": item.value, "unitText": units[item.unit].written(item.value).strip()}
    else:
        details = {"@type": "PropertyValue", "value": getattr(item, "value", None)}
    return {"@type": details.pop("@type"), "@id": f"{url}#{anchor(item)}", "identifier": item.id, "name": item.label} | details


def _source_node(source: Source, sources_page: str, *, described: bool) -> dict[str, Any]:
    """A source as a news article; its address and date only where the page gives them."""
    node: dict[str, Any] = {
        "@type": "NewsArticle",
        "@id": f"{sources_page}#{anchor(source)}",
        "headline": source.title,
        "publisher": {"@type": "Organization", "name": source.outlet},
    }
    if described:
        node["url"] = source.url
        if source.published:
            node["datePublished"] = source.published
    return node


def _dataset_source_node(source: DatasetSource, sources_page: str, *, described: bool) -> dict[str, Any]:
    """An official dataset the page cites: its title; its version, vintage, producers and licence where the page gives them."""
    node: dict[str, Any] = {"@type": "Dataset", "@id": f"{sources_page}#{anchor(source)}", "name": source.title}
    if described:
        node |= {
            "version": source.version,
            "temporalCoverage": str(source.vintage),
            "creditText": source.publisher,
            "license": source.licence_url,
            "url": source.url,
        }
    return node


def _territory_nodes(dataset: Dataset, url: str, sources_page: str, shown: set[str], extracts: Mapping[str, Extract]) -> list[dict[str, Any]]:
    """The EPCI as an AdministrativeArea containing the communes the page lists, identifiers as PropertyValues."""
    latest = max(dataset.datasets, key=lambda source: source.vintage)
    epci = extracts[latest.id].epci
    wording = read_wording()
    territory_id = f"{url}#{wording.anchors.communes_list}"
    communes = [commune for commune in dataset.communes if commune.id in shown]
    territory = {
        "@type": "AdministrativeArea",
        "@id": territory_id,
        "name": epci.nom,
        "identifier": _identifiers((wording.identifiers.siren, [epci.code])),
        "containsPlace": [{"@id": f"{url}#{anchor(commune)}"} for commune in communes],
        # The datasets that describe the territory: schema.org's subjectOf (any Thing), not isBasedOn (creative works only).
        "subjectOf": [{"@id": f"{sources_page}#{anchor(source)}"} for source in dataset.datasets],
    }
    return [territory] + [_commune_node(commune, url, territory_id, wording.identifiers) for commune in communes]


def _commune_node(commune: Commune, url: str, territory_id: str, names: Identifiers) -> dict[str, Any]:
    return {
        "@type": "AdministrativeArea",
        "@id": f"{url}#{anchor(commune)}",
        "name": commune.name,
        "identifier": _identifiers((names.insee, [commune.insee]), (names.postal_code, commune.postal_codes)),
        "containedInPlace": {"@id": territory_id},
    }


def _identifiers(*kinds: tuple[str, list[str]]) -> list[dict[str, str]]:
    return [{"@type": "PropertyValue", "propertyID": kind, "value": value} for kind, values in kinds for value in values]


def _dataset_node(page: PageView, url: str, site: SiteConfig) -> dict[str, Any]:
    """The open data the page links to, with its licence."""
    distribution: list[dict[str, str]] = []
    for name in page.shown.downloads:
        download = {"@type": "DataDownload", "name": name, "contentUrl": f"{DATA_EXPORT_DIR}/{name}"}
        if name in MEDIA_TYPES:
            download["encodingFormat"] = MEDIA_TYPES[name]
        distribution.append(download)
    return {
        "@type": "Dataset",
        "@id": f"{url}#{read_wording().anchors.dataset}",
        "name": site.name,
        "description": page.description,
        "inLanguage": site.language,
        "license": LICENCE_URL,
        "distribution": distribution,
    }


def serialise_jsonld(data: dict[str, Any]) -> str:
    """JSON on one line that no data can break out of: without < > or &, it can neither end nor confuse the script
    element the theme prints it into (</script>, <!--), nor be read as a character reference."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    text = _BEYOND_ASCII.sub(lambda match: _escape_character(match[0]) if unicodedata.category(match[0]) in _UNSAFE_CATEGORIES else match[0], text)
    return text.translate(_MARKUP_ESCAPES)


def _escape_character(character: str) -> str:
    """A character as JSON escapes, two for a character beyond the first 65 536."""
    encoded = character.encode("utf-16-be", "surrogatepass")
    return "".join(f"\\u{int.from_bytes(encoded[index:index + 2], 'big'):04x}" for index in range(0, len(encoded), 2))

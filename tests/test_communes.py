"""The communes: listed in French order with their sources, in the open data, and described in JSON-LD."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
import openpyxl
import pytest
from mkdocs.utils.meta import get_data

from callcma.collation import sort_french
from callcma.jsonld import PageView, Shown, page_jsonld
from callcma.model import Dataset
from callcma.records import read_extracts
from callcma.site_config import read_site_config
from callcma.open_data import CSV_JOIN, TABLES
from callcma.stages.s2_check import Checked
from callcma.stages.s3_export import export_data
from callcma.stages.s4_render import render_pages
from callcma.stages.s4_render import LOOKUP_SCRIPT
from helpers import DOWNLOADS, EDITION, PROJECT

SOURCES = PROJECT.sources_dir


@pytest.fixture(scope="module")
def page(checked: Checked) -> str:
    return render_pages(checked, read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)["communes.md"]


def test_the_list_is_in_french_order_with_code_postal_codes_and_vintages(page: str, dataset: Dataset) -> None:
    rows = re.findall(r'<div class="commune" data-insee="\w+" markdown>\n### (.+?) \{ #commune-(\w+) \}\n(.*?)\n</div>', page, flags=re.DOTALL)
    assert [insee for _, insee, _ in rows] == [commune.insee for commune in sort_french(dataset.communes, "name")]
    assert len(rows) == len(dataset.communes) == 36
    # Accented names sort with their base letter: Éleu-dit-Leauwette before Estevelles, not after Z.
    names = [commune.name for commune in sort_french(dataset.communes, "name")]
    assert names.index("Carency") < names.index("Éleu-dit-Leauwette") < names.index("Estevelles")
    assert names.index("Méricourt") < names.index("Meurchin")
    for _, insee, body in rows:
        commune = next(commune for commune in dataset.communes if commune.insee == insee)
        assert f"Code INSEE\n:   {insee}\n" in body
        assert ", ".join(commune.postal_codes) in body
        assert "[millésime 2019](sources.md#source-decoupage-administratif-2019), [millésime 2026](sources.md#source-decoupage-administratif-2026)" in body


def test_the_count_carries_the_article_and_both_vintages_and_says_confirmed(page: str) -> None:
    fact = page.split('id="fait-territoire-communes"')[1].split("</div>")[0]
    assert "36 communes[^1]\n" in fact
    assert "*Confirmé par :* [Découpage administratif de la France, millésime 2019](sources.md#source-decoupage-administratif-2019) et " in fact
    # One note: the article's quote, then each vintage's record of the EPCI.
    note = page.split("\n[^1]: ")[1].split("\n")[0]
    assert "« sur le territoire des 36 communes de l’EPCI » — " in note
    assert "Fiche officielle de l'EPCI, SIREN 246200364 — [Découpage administratif de la France, millésime 2019]" in note
    assert "Fiche officielle de l'EPCI, SIREN 246200364 — [Découpage administratif de la France, millésime 2026]" in note


def test_the_sources_agreement_is_shown_vintage_by_vintage(page: str) -> None:
    table = page.split("{ #concordance }")[1]
    assert "| [Découpage administratif de la France, millésime 2019](sources.md#source-decoupage-administratif-2019) | 36 communes |" in table
    assert "| [Découpage administratif de la France, millésime 2026](sources.md#source-decoupage-administratif-2026) | 36 communes |" in table
    assert "Les millésimes détenus donnent la même liste de communes membres." in table


def with_extracts(dataset: Dataset, sources: Path, texts: dict[str, str]) -> Dataset:
    """Extracts as ``texts`` (by dataset id) under ``sources``, and the dataset recording their SHA-256 (make communes)."""
    sources.mkdir()
    for source_id, text in texts.items():
        (sources / f"{source_id}.json").write_text(text, encoding="utf-8")
    digests = {source_id: hashlib.sha256((sources / f"{source_id}.json").read_bytes()).hexdigest() for source_id in texts}
    return dataset.model_copy(update={"datasets": [source.model_copy(update={"extract_sha256": digests[source.id]}) for source in dataset.datasets]})


def test_a_commune_missing_from_one_vintage_is_shown_not_dropped(checked: Checked, dataset: Dataset, tmp_path: Path) -> None:
    texts = {}
    for source in dataset.datasets:
        extract = json.loads((SOURCES / f"{source.id}.json").read_text(encoding="utf-8"))
        if source.vintage == 2026:  # Ablain-Saint-Nazaire left the EPCI for another one of the territory
            extract["epci"]["membres"].remove("62001")
            extract["communes"] = [commune for commune in extract["communes"] if commune["code"] != "62001"]
            next(commune for commune in extract["territoire"]["communes"] if commune["code"] == "62001")["epci"] = "200033579"
        texts[source.id] = json.dumps(extract)
    sources = tmp_path / "sources"
    dataset = with_extracts(dataset, sources, texts)
    page = render_pages(replace(checked, dataset=dataset, extracts=read_extracts(dataset, sources)), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)["communes.md"]
    assert "- **Ablain&#45;Saint&#45;Nazaire** (62001) : membre en 2019, absente en 2026." in page
    assert "| [Découpage administratif de la France, millésime 2026](sources.md#source-decoupage-administratif-2026) | 35 communes |" in page


def test_the_unknown_names_are_resolved_and_the_2016_perimeter_stays_unknown(dataset: Dataset) -> None:
    labels = [unknown.label for unknown in dataset.unknowns]
    assert not any("noms des" in label for label in labels)
    assert "La composition de l'EPCI à la signature de la convention" in labels


def test_the_communes_are_in_every_export(checked: Checked, dataset: Dataset) -> None:
    exports = export_data(checked)
    data = json.loads(exports["convention.json"])
    assert [commune["insee"] for commune in data["communes"]] == [commune.insee for commune in dataset.communes]
    assert [source["vintage"] for source in data["datasets"]] == [2019, 2026]
    rows = list(csv.DictReader(io.StringIO(exports["communes.csv"].decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == list(TABLES[1].wording().titles.values())
    lens = next(row for row in rows if row["Code INSEE"] == "62498")
    assert lens == {"Code INSEE": "62498", "Commune": "Lens", "Codes postaux": "62300", "Millésimes": CSV_JOIN.join(["2019", "2026"]),
                    "Jeux de données": CSV_JOIN.join(["decoupage-administratif-2019", "decoupage-administratif-2026"])}


def test_the_spreadsheet_lists_the_communes_in_a_second_sheet_titled_in_french(checked: Checked, dataset: Dataset) -> None:
    workbook = openpyxl.load_workbook(io.BytesIO(export_data(checked)["faits.xlsx"]))
    assert workbook.sheetnames == ["faits", "communes"]
    rows = list(workbook["communes"].iter_rows(values_only=True))
    assert rows[0] == ("Code INSEE", "Commune", "Codes postaux", "Millésimes", "Jeux de données")
    # The same rows as communes.csv, one commune each; INSEE codes stay text (62498, not a number).
    assert [row[0] for row in rows[1:]] == [commune.insee for commune in dataset.communes]
    assert next(row for row in rows if row[0] == "62498") == (
        "62498", "Lens", "62300", CSV_JOIN.join(["2019", "2026"]), CSV_JOIN.join(["decoupage-administratif-2019", "decoupage-administratif-2026"])
    )


def test_the_schema_covers_record_citations_and_refuses_both_or_neither(checked: Checked) -> None:
    exports = export_data(checked)
    # A data file holding only the communes, as its editor checks it (schema-fichier.json, referring to schema.json).
    registry = Registry().with_resources((name, Resource.from_contents(json.loads(exports[name]))) for name in ("schema.json", "schema-fichier.json"))
    validator = jsonschema.Draft202012Validator(json.loads(exports["schema-fichier.json"]), registry=registry)
    commune = {"name": "Lens", "insee": "62498", "postal_codes": ["62300"], "citations": [{"source": "d", "record": "62498"}]}
    assert not list(validator.iter_errors({"communes": [commune]}))
    for citation in ({"source": "d"}, {"source": "d", "record": "62498", "quote": "Lens"}):
        assert list(validator.iter_errors({"communes": [commune | {"citations": [citation]}]}))


def _graph(data: dict[str, Any], kind: str) -> list[dict[str, Any]]:
    return [node for node in data["@graph"] if node["@type"] == kind]


def test_the_jsonld_describes_the_territory_and_its_communes(checked: Checked, dataset: Dataset) -> None:
    view = PageView(file="communes.md", title="T", description="D", shown=Shown(communes={"62498", "62107"}, sources={"decoupage-administratif-2019", "decoupage-administratif-2026"}))
    data = page_jsonld(dataset, read_site_config(PROJECT.mkdocs_config), view, checked.section_pages, checked.extracts)
    areas = {node["@id"]: node for node in _graph(data, "AdministrativeArea")}
    territory = areas["communes.html#liste"]
    assert territory["name"] == "CA de Lens - Liévin"
    assert territory["identifier"] == [{"@type": "PropertyValue", "propertyID": "SIREN", "value": "246200364"}]
    assert territory["containsPlace"] == [{"@id": "communes.html#commune-62107"}, {"@id": "communes.html#commune-62498"}]
    assert areas["communes.html#commune-62498"] == {
        "@type": "AdministrativeArea",
        "@id": "communes.html#commune-62498",
        "name": "Lens",
        "identifier": [{"@type": "PropertyValue", "propertyID": "code INSEE", "value": "62498"}, {"@type": "PropertyValue", "propertyID": "code postal", "value": "62300"}],
        "containedInPlace": {"@id": "communes.html#liste"},
    }
    datasets = {node["@id"]: node for node in _graph(data, "Dataset")}
    assert datasets["sources.html#source-decoupage-administratif-2019"]["version"] == "0.7.0"
    assert datasets["sources.html#source-decoupage-administratif-2026"]["temporalCoverage"] == "2026"


def test_the_rendered_page_carries_its_jsonld(page: str) -> None:
    _, meta = get_data(page)
    graph = json.loads(meta["jsonld"])["@graph"]
    assert len(next(node for node in graph if node["@id"] == "communes.html#liste")["containsPlace"]) == 36


@pytest.fixture(scope="module")
def rendered(checked: Checked) -> dict[str, str]:
    return render_pages(checked, read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)


def _lookup(script: str) -> dict[str, Any]:
    """The territory the lookup's script hands to communes.js (self.callcmaCommunes = {…};)."""
    return json.loads(script.split("self.callcmaCommunes = ", 1)[1].removesuffix(";\n"))


def test_the_lookup_knows_every_commune_of_the_departement_and_its_epci(rendered: dict[str, str], dataset: Dataset) -> None:
    lookup = _lookup(rendered[LOOKUP_SCRIPT])
    epcis = lookup["epcis"]
    assert epcis[0] == ["246200364", "CA de Lens - Liévin"]  # the members' EPCI comes first (communes.js)
    communes = {code: (name, postal, epcis[index][1] if index >= 0 else None) for code, name, postal, index in lookup["communes"]}
    assert len(communes) == 887
    assert sorted(code for code, (_, _, epci) in communes.items() if epci == "CA de Lens - Liévin") == sorted(commune.insee for commune in dataset.communes)
    # The shared postal code of the issue: one member, three communes of another EPCI.
    assert sorted((name, epci) for name, postal, epci in communes.values() if "62320" in postal) == [
        ("Acheville", "CA de Lens - Liévin"), ("Bois-Bernard", "CA d'Hénin-Carvin"), ("Drocourt", "CA d'Hénin-Carvin"), ("Rouvroy", "CA d'Hénin-Carvin")
    ]
    assert communes["62041"] == ("Arras", ["62000"], "CU d'Arras")
    assert ["62549", "Marconne", "commune-deleguee", "62447"] in lookup["rattachees"]


def test_the_lookup_s_sentences_are_in_the_page_and_never_say_not_a_member_for_no_match(rendered: dict[str, str]) -> None:
    page = rendered["communes.md"]
    lookup = re.search(r'<div class="filtre-communes" role="search"[^>]*>', page, flags=re.DOTALL)
    assert lookup is not None
    attributes = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', lookup[0]))
    assert attributes["liste"] == LOOKUP_SCRIPT and attributes["autres"] == "autres-communes.html"
    assert attributes["autre"] == "{nom} n’est pas membre de la CALL\u202f; elle fait partie de l’intercommunalité «\u202f{epci}\u202f»."
    assert attributes["aucune"] == "Aucune commune du Pas-de-Calais ne correspond à «\u202f{saisie}\u202f»."
    assert "membre" not in attributes["aucune"] + attributes["suggestions"] + attributes["conseil"]
    # The script is the page's own, not every page's.
    assert "\nscripts:\n- assets/javascripts/communes.js\n---\n" in page
    assert all("communes.js" not in text.split("\n---\n")[0] for name, text in rendered.items() if name not in ("communes.md", LOOKUP_SCRIPT))
    # Without JavaScript, the page says where the other communes are.
    assert "Votre commune n'est pas dans la liste ci-dessous ? Elle n'est pas membre de la CALL. La page [Les autres communes du département](autres-communes.md)" in page


def test_the_other_communes_page_lists_every_non_member_under_its_epci(rendered: dict[str, str], dataset: Dataset) -> None:
    page = rendered["autres-communes.md"]
    sections = dict(re.findall(r"^## (.+?) \{ #epci-(\d{9}) \}$", page, flags=re.MULTILINE)[::-1])
    assert len(sections) == 19 and "246200364" not in sections.values()  # every EPCI of the département but the members'
    items = re.findall(r"^<li>(.+?)</li>$", page, flags=re.MULTILINE)
    assert len(items) == 887 - 36
    members = {commune.name for commune in dataset.communes}
    assert not {item.split(" (")[0] for item in items} & members
    arras = page.split("{ #epci-200033579 }")[1].split("\n## ")[0]
    assert "46 communes du Pas&#45;de&#45;Calais, SIREN 200033579[^" in arras
    assert "<li>Arras (62000)</li>" in arras and "<li>Thélus (62580)</li>" in arras
    # Former communes under the commune they belong to; each section cites its EPCI's record.
    assert "<li>Hesdin-la-Forêt (62140) — communes déléguées : Hesdin, Huby-Saint-Leu, Marconne, Sainte-Austreberthe</li>" in page
    assert "Fiche officielle de l'EPCI, SIREN 200033579 — [Découpage administratif de la France, millésime 2026]" in page


def test_hostile_names_in_the_territory_stay_text(checked: Checked, dataset: Dataset, tmp_path: Path) -> None:
    hostile = '</script><img src=x onerror="alert(1)"> & *gras*'
    texts = {
        source.id: (SOURCES / f"{source.id}.json").read_text(encoding="utf-8").replace('"nom": "Arras"', f'"nom": {json.dumps(hostile)}').replace('"nom": "CU d\'Arras"', f'"nom": {json.dumps(hostile)}')
        for source in dataset.datasets
    }
    sources = tmp_path / "sources"
    dataset = with_extracts(dataset, sources, texts)
    rendered = render_pages(replace(checked, dataset=dataset, extracts=read_extracts(dataset, sources)), read_site_config(PROJECT.mkdocs_config), DOWNLOADS, EDITION)
    page = rendered["autres-communes.md"]
    assert "<li>&lt;/script&gt;&lt;img src=x onerror=&#34;alert(1)&#34;&gt; &amp; *gras* (62000)</li>" in page
    assert "<img" not in page and "</script>" not in page
    script = rendered[LOOKUP_SCRIPT]
    assert "</script>" not in script and _lookup(script)["communes"][40][1] == hostile

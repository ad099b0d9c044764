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
from helpers import DOWNLOADS, PROJECT

SOURCES = PROJECT.sources_dir


@pytest.fixture(scope="module")
def page(checked: Checked) -> str:
    return render_pages(checked, read_site_config(PROJECT.mkdocs_config), DOWNLOADS)["communes.md"]


def test_the_list_is_in_french_order_with_code_postal_codes_and_vintages(page: str, dataset: Dataset) -> None:
    rows = re.findall(r'<div class="commune" data-filtre="[^"]*" markdown>\n### (.+?) \{ #commune-(\w+) \}\n(.*?)\n</div>', page, flags=re.DOTALL)
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


def test_a_commune_missing_from_one_vintage_is_shown_not_dropped(checked: Checked, dataset: Dataset, tmp_path: Path) -> None:
    sources = tmp_path / "sources"
    sources.mkdir()
    described = []
    for source in dataset.datasets:
        extract = json.loads((SOURCES / f"{source.id}.json").read_text(encoding="utf-8"))
        if source.vintage == 2026:
            extract["epci"]["membres"].remove("62001")
        (sources / f"{source.id}.json").write_text(json.dumps(extract), encoding="utf-8")
        # As make communes would record it: the extract's digest is checked wherever it is read.
        described.append(source.model_copy(update={"extract_sha256": hashlib.sha256((sources / f"{source.id}.json").read_bytes()).hexdigest()}))
    dataset = dataset.model_copy(update={"datasets": described})
    page = render_pages(replace(checked, dataset=dataset, extracts=read_extracts(dataset, sources)), read_site_config(PROJECT.mkdocs_config), DOWNLOADS)["communes.md"]
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
    schema = json.loads(export_data(checked)["schema.json"])
    validator = jsonschema.Draft202012Validator(schema)
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

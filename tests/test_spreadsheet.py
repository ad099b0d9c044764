"""faits.xlsx: read back with openpyxl and by LibreOffice itself, with accents, one column per field, text kept as text."""

from __future__ import annotations

import csv
import io
import subprocess
import zipfile
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from callcma import stages
from callcma.spreadsheet import Sheet, spreadsheet_bytes
from callcma.open_data import TABLES
from callcma.stages.s3_export import export_data
from helpers import PROJECT, edit

HEADER = list(TABLES[0].wording().titles.values())
# Text that a spreadsheet would otherwise take for a formula, a date, a number or a control.
TRICKY = ("=1+1", "+33 1 23", "-2", "@SUM(A1)", "2016-11", "2017/2020", "16/11/2016", "0123", "1e5", "Liévin « dès » l’œuvre")
# LibreOffice's CSV filter: comma, double quote, UTF-8 (76), from line 1, cells written as shown on screen.
LIBREOFFICE_CSV = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false"


@pytest.fixture(scope="module")
def workbook_bytes() -> bytes:
    return export_data(stages.check(PROJECT))["faits.xlsx"]


def read_back(content: bytes) -> list[tuple[object, ...]]:
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    return list(sheet.iter_rows(values_only=True))


def libreoffice_csv(content: bytes, folder: Path) -> list[list[str]]:
    """The spreadsheet as LibreOffice Calc shows it, saved as CSV by LibreOffice headless."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "faits.xlsx"
    source.write_bytes(content)
    result = subprocess.run(
        ["soffice", f"-env:UserInstallation={(folder / 'profil').as_uri()}", "--headless", "--convert-to", LIBREOFFICE_CSV, "--outdir", str(folder / "csv"), str(source)],
        capture_output=True, text=True, timeout=180, check=False,
    )
    assert result.returncode == 0, result.stderr
    return list(csv.reader(io.StringIO((folder / "csv" / "faits.csv").read_text(encoding="utf-8"), newline="")))


def test_the_spreadsheet_holds_the_csv_rows_under_french_headers(workbook_bytes: bytes) -> None:
    exports = export_data(stages.check(PROJECT))
    rows = read_back(workbook_bytes)
    csv_rows = list(csv.reader(io.StringIO(exports["faits.csv"].decode("utf-8-sig"), newline="")))
    assert list(rows[0]) == HEADER == ["Identifiant", "Libellé", "Valeur", "Unité", "Précision de la date", "Partie déduite de la date", "Certitude", "Auteur de la déclaration", "Raisonnement", "Formule", "Source", "Citation", "Enregistrement cité (jeu de données)", "Rubrique"]
    assert [[("" if cell is None else str(cell)) for cell in row] for row in rows[1:]] == csv_rows[1:]


def test_numbers_are_numbers_and_dates_and_periods_stay_text(workbook_bytes: bytes) -> None:
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes)).active
    values = {row[0].value: row[2] for row in sheet.iter_rows(min_row=2)}
    assert (values["budget-montant"].value, values["budget-montant"].data_type) == (140000, "n")
    for fact_id, text in (("date-signature", "2016-11-16"), ("date-debut-creations", "2015"), ("date-plan", "2017/2020")):
        assert (values[fact_id].value, values[fact_id].data_type) == (text, "s")


def test_the_spreadsheet_is_byte_identical_from_one_build_to_the_next(workbook_bytes: bytes) -> None:
    assert export_data(stages.check(PROJECT))["faits.xlsx"] == workbook_bytes
    archive = zipfile.ZipFile(io.BytesIO(workbook_bytes))
    assert {entry.date_time for entry in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
    assert b"1980-01-01T00:00:00Z" in archive.read("docProps/core.xml")


def test_text_that_looks_like_a_formula_is_written_as_text_never_as_a_formula() -> None:
    content = spreadsheet_bytes(Sheet("essai", ["Valeur"], [(text,) for text in TRICKY]))
    assert [row[0] for row in read_back(content)[1:]] == list(TRICKY)
    sheet = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml")
    assert b"<f>" not in sheet and b"<f " not in sheet


def test_libreoffice_shows_every_cell_as_the_csv_has_it(tmp_path: Path, workbook_bytes: bytes) -> None:
    shown = libreoffice_csv(workbook_bytes, tmp_path)
    csv_rows = list(csv.reader(io.StringIO(export_data(stages.check(PROJECT))["faits.csv"].decode("utf-8-sig"), newline="")))
    assert shown[0] == HEADER
    assert shown[1:] == csv_rows[1:]
    by_id = {row[0]: row for row in shown[1:]}
    assert [by_id[fact_id][2] for fact_id in ("date-signature", "date-debut-creations", "date-plan", "budget-montant")] == ["2016-11-16", "2015", "2017/2020", "140000"]
    assert by_id["robert-fonction"][2] == "président de la communauté d'agglomération de Lens-Liévin (CALL)"


def test_libreoffice_shows_formula_like_data_as_typed(tmp_path: Path, data_copy: Path) -> None:
    edit(data_copy / "budget.yaml", "label: Montant consacré au plan", 'label: "=PI() « texte »"')
    content = export_data(stages.check(replace(PROJECT, data_dir=data_copy)))["faits.xlsx"]
    shown = libreoffice_csv(content, tmp_path)
    assert {row[0]: row[1] for row in shown[1:]}["budget-montant"] == "=PI() « texte »"
    cells = libreoffice_csv(spreadsheet_bytes(Sheet("essai", ["Valeur"], [(text,) for text in TRICKY])), tmp_path / "tricky")
    assert [row[0] for row in cells[1:]] == list(TRICKY)

"""Export stage: the validated Dataset as open data (JSON, CSV, spreadsheet, JSON Schema), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

import yaml

from ..files import read_parsed
from ..model import Cited, Dataset, Event, Fact
from ..records import vintages
from ..sections import section_name
from ..settings import OPEN_DATA_SEPARATOR, TEMPLATES_DIR
from ..spreadsheet import Sheet, spreadsheet_bytes

SCHEMA_NAME = "schema.json"
# The schema of one file of data/ (its editors read it): any of the sections, each as schema.json defines it.
FILE_SCHEMA_NAME = "schema-fichier.json"
# The downloads' media types and their licence, for the schema.org Dataset of the page that links them.
MEDIA_TYPES = {
    "convention.json": "application/json",
    "faits.csv": "text/csv",
    "faits.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SCHEMA_NAME: "application/schema+json",
    FILE_SCHEMA_NAME: "application/schema+json",
    "communes.csv": "text/csv",
}
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# The spreadsheet's sheets: the facts table, then the member communes.
FACTS_SHEET = "faits"
COMMUNES_SHEET = "communes"
# Several citations of one fact share a CSV cell (settings.OPEN_DATA_SEPARATOR: the model refuses it in a quote).
CSV_JOIN = f" {OPEN_DATA_SEPARATOR} "
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, shifts it);
# such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"


COLUMN_TITLES_FILE = TEMPLATES_DIR / "colonnes-faits.yaml"
COMMUNE_COLUMN_TITLES_FILE = TEMPLATES_DIR / "colonnes-communes.yaml"


@dataclass(frozen=True)
class FactRow:
    """One fact as a line of the facts table (faits.csv, faits.xlsx): every column is a field, in order."""

    id: str
    label: str
    value: int | float | str
    unit: str
    certainty: str
    speaker: str  # the name of the person or organisation a statement is attributed to
    reasoning: str  # for a fact déduit
    formula: str  # for a fact calculé
    source: str
    quote: str  # of an article
    record: str  # of a dataset (a commune's INSEE code, the EPCI's SIREN); a citation has a quote or a record
    section: str  # in French: the name of the page that shows the fact


CSV_COLUMNS = tuple(column.name for column in fields(FactRow))


@dataclass(frozen=True)
class CommuneRow:
    """One member commune as a line of the communes table (communes.csv, the spreadsheet's second sheet)."""

    insee: str
    name: str
    postal_codes: str  # several share the cell, joined by CSV_JOIN
    vintages: str  # the vintages of the datasets whose records list the commune as a member
    source: str  # those datasets' ids


COMMUNE_COLUMNS = tuple(column.name for column in fields(CommuneRow))


def export_data(dataset: Dataset) -> dict[str, bytes]:
    """The downloadable files, by name."""
    rows = fact_rows(dataset)
    communes = commune_rows(dataset)
    return {
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        "faits.csv": export_csv(rows).encode("utf-8"),
        "faits.xlsx": spreadsheet_bytes(
            Sheet(FACTS_SHEET, [column_titles()[name] for name in CSV_COLUMNS], [astuple(row) for row in rows]),
            Sheet(COMMUNES_SHEET, [commune_column_titles()[name] for name in COMMUNE_COLUMNS], [astuple(row) for row in communes]),
        ),
        SCHEMA_NAME: _schema_bytes(),
        FILE_SCHEMA_NAME: _json_bytes(file_schema()),
        "communes.csv": export_csv(communes, COMMUNE_COLUMNS).encode("utf-8"),
    }


def column_titles() -> dict[str, str]:
    """Each column's title for readers (the spreadsheet's header, the open data page), from colonnes-faits.yaml."""
    return _titles(COLUMN_TITLES_FILE, CSV_COLUMNS)


def commune_column_titles() -> dict[str, str]:
    """The communes table's column titles for readers (the spreadsheet's second sheet), from colonnes-communes.yaml."""
    return _titles(COMMUNE_COLUMN_TITLES_FILE, COMMUNE_COLUMNS)


def _titles(path: Path, columns: tuple[str, ...]) -> dict[str, str]:
    titles: dict[str, str] = read_parsed(path, _parse_yaml)  # as the file says now, for `make serve`
    # A column added to a row without its title, or a title left for a removed column, is a programming error.
    assert tuple(titles) == columns, f"{path.name} must title exactly {columns}"
    return titles


def _parse_yaml(content: bytes) -> Any:
    return yaml.safe_load(content.decode("utf-8"))


def data_schema() -> dict[str, Any]:
    """JSON Schema of the data as a whole (convention.json): every section the model requires, each fully checked."""
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_NAME,
        **Dataset.model_json_schema(),
    }


def file_schema() -> dict[str, Any]:
    """JSON Schema of one file of data/: any of the sections (the build checks that together they hold all), each
    checked by schema.json's own definition, which it refers to rather than repeats."""
    sections = data_schema()["properties"]
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": FILE_SCHEMA_NAME,
        "title": "Un fichier de data/",
        "type": "object",
        "properties": {name: {"$ref": f"{SCHEMA_NAME}#/properties/{name}"} for name in sections},
        "additionalProperties": False,
    }


@functools.cache
def _schema_bytes() -> bytes:
    # The schema depends on the code only; pydantic takes longer to write it than the rest of a build.
    return _json_bytes(data_schema())


def export_value(item: Cited) -> int | float | str:
    """A fact's value in data form: numbers as numbers, dates and periods in ISO 8601."""
    if isinstance(item, Event):
        return f"{item.date}/{item.end}" if item.end else item.date
    assert isinstance(item, Fact)
    return item.value


def fact_rows(dataset: Dataset) -> list[FactRow]:
    """One row per fact and event, in the order of the data, with its certainty, its citations and its section."""
    rows = []
    for section, item in dataset.cited_by_section():
        # A statement is attributed to a person or to an organisation: either way, by its name.
        speakers = dataset.people_by_id | dataset.organisations_by_id
        speaker = speakers[item.speaker].name if item.speaker else ""
        rows.append(
            FactRow(
                id=item.id,
                label=item.label,
                value=export_value(item),
                unit=item.unit or "" if isinstance(item, Fact) else "",
                certainty=item.certainty.value,
                speaker=speaker,
                reasoning=item.reasoning or "",
                formula=item.formula or "",
                source=CSV_JOIN.join(citation.source for citation in item.citations),
                # A citation has a quote (of an article) or a record (of a dataset): the other cell stays empty.
                quote=CSV_JOIN.join(citation.quote or "" for citation in item.citations),
                record=CSV_JOIN.join(citation.record or "" for citation in item.citations),
                section=section_name(section),
            )
        )
    return rows


def export_csv(rows: Sequence[FactRow | CommuneRow], columns: tuple[str, ...] = CSV_COLUMNS) -> str:
    """A table (the facts by default) as CSV for programs: the columns' identifiers as header, one row a line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    writer.writerows([neutralise_cell(cell) for cell in astuple(row)] for row in rows)
    return buffer.getvalue()


def neutralise_cell(value: int | float | str) -> int | float | str:
    """A text cell that a spreadsheet would evaluate as a formula, prefixed so that it shows as typed."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def commune_rows(dataset: Dataset) -> list[CommuneRow]:
    """One member commune a row, with the dataset vintages whose records list it."""
    rows = []
    for commune in dataset.communes:
        cited = vintages(commune, dataset)
        rows.append(
            CommuneRow(
                insee=commune.insee,
                name=commune.name,
                postal_codes=CSV_JOIN.join(commune.postal_codes),
                vintages=CSV_JOIN.join(str(source.vintage) for source in cited),
                source=CSV_JOIN.join(source.id for source in cited),
            )
        )
    return rows


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

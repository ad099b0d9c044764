"""Export stage: the validated Dataset as open data (JSON, CSV, spreadsheet, JSON Schema, Table Schemas and a Data\nPackage), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
import re
from collections.abc import Callable, Sequence
from dataclasses import astuple, dataclass, field, fields
from typing import Any

from ..model import ID_PATTERN, INSEE_PATTERN, Certainty, Cited, DatePart, Dataset, Event, Fact
from ..records import vintages
from ..sections import SECTION_PAGES, section_name
from ..settings import OPEN_DATA_SEPARATOR
from ..spreadsheet import Sheet, spreadsheet_bytes
from ..wording import TableWording, read_table_wording, read_wording

SCHEMA_NAME = "schema.json"
DATA_PACKAGE_NAME = "datapackage.json"
SPREADSHEET_NAME = "faits.xlsx"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# Several citations of one fact share a CSV cell (settings.OPEN_DATA_SEPARATOR: the model refuses it in a quote).
CSV_JOIN = f" {OPEN_DATA_SEPARATOR} "
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, shifts it);
# such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"
# The CSVs are what Etalab asks of open data (comma, UTF-8, a header line), with a byte order mark so that a
# spreadsheet that assumes another encoding for CSV (French Excel assumes Windows-1252) still reads the accents.
CSV_BOM = "\ufeff"
CSV_DIALECT = {"delimiter": ",", "quoteChar": '"', "doubleQuote": True, "lineTerminator": "\r\n", "header": True}
# How precise a date of one, two or three parts is (YYYY, YYYY-MM, YYYY-MM-DD): the part it ends with.
DATE_PRECISION = {1: DatePart.YEAR, 2: DatePart.MONTH, 3: DatePart.DAY}
# Between the precisions of a period's two ends, as between its two dates in the value (ISO 8601's interval).
PERIOD_JOIN = "/"
_PARTS = "|".join(part.value for part in DatePart)


def column(kind: str = "string", **constraints: Any) -> Any:
    """A field of a table's row: its Table Schema type and constraints (https://specs.frictionlessdata.io/table-schema/)."""
    return field(metadata={"type": kind, "constraints": constraints})


@dataclass(frozen=True)
class FactRow:
    """One fact as a line of the facts table (faits.csv, faits.xlsx): every column is a field, in order."""

    id: str = column(required=True, unique=True, pattern=ID_PATTERN)
    label: str = column(required=True)
    # A number, a text, or a date or period in ISO 8601: any of them, the same column for every fact.
    value: int | float | str = column("any", required=True)
    unit: str = column()
    date_precision: str = column(pattern=f"({_PARTS})({PERIOD_JOIN}({_PARTS}))?")  # for a date: année, mois or jour
    date_deduced: str = column(pattern=f"({_PARTS})({re.escape(CSV_JOIN)}({_PARTS}))*")  # the parts a déduit date deduces
    certainty: str = column(required=True, enum=[level.value for level in Certainty])
    speaker: str = column()  # the name of the person or organisation a statement is attributed to
    reasoning: str = column()  # for a fact déduit
    formula: str = column()  # for a fact calculé
    source: str = column(required=True)
    quote: str = column()  # of an article
    record: str = column()  # of a dataset (a commune's INSEE code, the EPCI's SIREN); a citation has a quote or a record
    section: str = column(required=True, enum=sorted({section_name(section) for section in SECTION_PAGES}))  # the page that shows the fact


@dataclass(frozen=True)
class CommuneRow:
    """One member commune as a line of the communes table (communes.csv, the spreadsheet's second sheet)."""

    insee: str = column(required=True, unique=True, pattern=INSEE_PATTERN)
    name: str = column(required=True)
    postal_codes: str = column(required=True, pattern=rf"\d{{5}}({re.escape(CSV_JOIN)}\d{{5}})*")  # several share the cell, joined by CSV_JOIN
    vintages: str = column(required=True, pattern=rf"\d{{4}}({re.escape(CSV_JOIN)}\d{{4}})*")  # the vintages of the datasets that list it
    source: str = column(required=True)  # those datasets' ids


@dataclass(frozen=True)
class Table:
    """One table of the open data: a CSV, its Table Schema, a sheet of the spreadsheet and a resource of the data package.

    Its columns are the fields of ``row``, in order, titled and described by templates/colonnes-<name>.yaml; its rows
    come from ``rows``; ``key`` is the column that identifies a row. Another table is one more entry in TABLES.
    """

    name: str
    row: type
    rows: Callable[[Dataset], Sequence[Any]]
    key: str

    @property
    def csv_name(self) -> str:
        return f"{self.name}.csv"

    @property
    def schema_name(self) -> str:
        return f"{self.name}.schema.json"

    @property
    def columns(self) -> tuple[str, ...]:
        return tuple(item.name for item in fields(self.row))

    def wording(self) -> TableWording:
        """Its title, description and column words, as the file says now (for `make serve`)."""
        words = read_table_wording(self.name)
        # A column added to a row without its words, or words left for a removed column, is a programming error.
        assert tuple(words.columns) == self.columns, f"colonnes-{self.name}.yaml must describe exactly {self.columns}"
        return words


def export_value(item: Cited) -> int | float | str:
    """A fact's value in data form: numbers as numbers, dates and periods in ISO 8601."""
    if isinstance(item, Event):
        return f"{item.date}{PERIOD_JOIN}{item.end}" if item.end else item.date
    assert isinstance(item, Fact)
    return item.value


def date_precision(item: Cited) -> str:
    """How precise a date is (année, mois or jour), each end of a period's joined as its value's are; empty for a fact."""
    if not isinstance(item, Event):
        return ""
    return PERIOD_JOIN.join(DATE_PRECISION[len(date.split("-"))].value for date in (item.date, item.end) if date)


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
                date_precision=date_precision(item),
                date_deduced=CSV_JOIN.join(part.value for part in item.deduced or []),
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


TABLES = (
    Table("faits", FactRow, fact_rows, key="id"),
    Table("communes", CommuneRow, commune_rows, key="insee"),
)
# The downloads, in the order of the open data page: first what readers open, then what programs read. The media types
# are also given to the schema.org Dataset of the page that links them.
MEDIA_TYPES = {
    SPREADSHEET_NAME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    **{table.csv_name: "text/csv" for table in TABLES},
    "convention.json": "application/json",
    SCHEMA_NAME: "application/schema+json",
    DATA_PACKAGE_NAME: "application/json",
    **{table.schema_name: "application/json" for table in TABLES},
}


def export_data(dataset: Dataset) -> dict[str, bytes]:
    """The downloadable files, by name, in the order of MEDIA_TYPES."""
    rows = {table.name: table.rows(dataset) for table in TABLES}
    files = {
        SPREADSHEET_NAME: spreadsheet_bytes(
            *(Sheet(table.name, list(table.wording().titles.values()), [astuple(row) for row in rows[table.name]]) for table in TABLES)
        ),
        **{table.csv_name: export_csv(rows[table.name], table).encode("utf-8") for table in TABLES},
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        SCHEMA_NAME: _schema_bytes(),
        DATA_PACKAGE_NAME: _json_bytes(data_package(dataset)),
        **{table.schema_name: _json_bytes(table_schema(table)) for table in TABLES},
    }
    assert list(files) == list(MEDIA_TYPES)
    return files


def table_schema(table: Table) -> dict[str, Any]:
    """The Table Schema of a table's CSV (and of its sheet): each column's French title as the field's name, what it
    holds, its type and constraints."""
    words = table.wording()
    columns = []
    for item in fields(table.row):
        constraints = item.metadata["constraints"]
        columns.append(
            {
                "name": words.columns[item.name].title,
                "description": words.columns[item.name].description,
                "type": item.metadata["type"],
                **({"constraints": constraints} if constraints else {}),
            }
        )
    return {"fields": columns, "primaryKey": [words.columns[table.key].title], "missingValues": [""]}


def data_package(dataset: Dataset) -> dict[str, Any]:
    """datapackage.json: the tables as resources of a Data Package (https://specs.frictionlessdata.io/data-package/),
    each with its CSV dialect and Table Schema, under the open data's licence, naming the sources."""
    wording = read_wording().open_data
    partners = " – ".join(organisation.abbreviation for organisation in dataset.organisations)
    return {
        "name": wording.name,
        "title": wording.title.replace("{partners}", partners),
        "description": wording.description,
        "licenses": [{"name": "etalab-2.0", "path": LICENCE_URL, "title": wording.licence}],
        "sources": [{"title": source.title, "path": source.url} for source in [*dataset.sources, *dataset.datasets]],
        "resources": [
            {
                "name": table.name,
                "type": "table",
                "path": table.csv_name,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "title": table.wording().title,
                "description": table.wording().description,
                "dialect": CSV_DIALECT,
                "schema": table.schema_name,
            }
            for table in TABLES
        ],
    }


def data_schema() -> dict[str, Any]:
    """JSON Schema of a data file: any subset of the Dataset's sections, each fully checked."""
    schema = Dataset.model_json_schema()
    # Each YAML file holds some of the sections; the build checks that together they hold all.
    schema.pop("required", None)
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_NAME,
        **schema,
    }


@functools.cache
def _schema_bytes() -> bytes:
    # The schema depends on the code only; pydantic takes longer to write it than the rest of a build.
    return _json_bytes(data_schema())


def export_csv(rows: Sequence[Any], table: Table = TABLES[0]) -> str:
    """A table (the facts by default) as CSV: a byte order mark, the columns' titles, one row a line (CSV_DIALECT)."""
    buffer = io.StringIO()
    buffer.write(CSV_BOM)
    writer = csv.writer(buffer, delimiter=CSV_DIALECT["delimiter"], quotechar=CSV_DIALECT["quoteChar"], lineterminator=CSV_DIALECT["lineTerminator"])
    writer.writerow(table.wording().titles.values())
    writer.writerows([neutralise_cell(cell) for cell in astuple(row)] for row in rows)
    return buffer.getvalue()


def neutralise_cell(value: int | float | str) -> int | float | str:
    """A text cell that a spreadsheet would evaluate as a formula, prefixed so that it shows as typed."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

"""The open data's tables and files: each table's rows (one dataclass a row, its fields the columns, with their Table
Schema types and constraints), the files published and their media types. The export stage writes them; the render
stage lists them on the open data page; neither defines them twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, fields
from typing import Any

from .model import ID_PATTERN, INSEE_PATTERN, Certainty, Cited, DatePart, Dataset, Event, Fact
from .records import vintages
from .settings import OPEN_DATA_SEPARATOR
from .wording import TableWording, read_table_wording

SCHEMA_NAME = "schema.json"
# The schema of one file of data/ (its editors read it): any of the sections, each as schema.json defines it.
FILE_SCHEMA_NAME = "schema-fichier.json"
DATA_PACKAGE_NAME = "datapackage.json"
SPREADSHEET_NAME = "faits.xlsx"
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
    section: str = column(required=True, pattern=ID_PATTERN)  # the page that shows the fact (its Table Schema lists them)


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
    rows: Callable[[Dataset, Mapping[str, str]], Sequence[Any]]  # the data and the page of each section
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


def fact_rows(dataset: Dataset, section_pages: Mapping[str, str]) -> list[FactRow]:
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
                section=section_pages[section].removesuffix(".md"),
            )
        )
    return rows


def commune_rows(dataset: Dataset, section_pages: Mapping[str, str] | None = None) -> list[CommuneRow]:
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
    FILE_SCHEMA_NAME: "application/schema+json",
    DATA_PACKAGE_NAME: "application/json",
    **{table.schema_name: "application/json" for table in TABLES},
}

"""The open data's tables and files: each table's rows (one dataclass a row, its fields the columns, with their Table
Schema types and constraints), the files published and their media types. The export stage writes them; the render
stage lists them on the open data page; neither defines them twice."""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, fields
from typing import TYPE_CHECKING, Any

from .history import Field, Kind, Value
from .model import ID_PATTERN, INSEE_PATTERN, Certainty, Cited, DatePart, Event, Fact
from .records import vintages
from .settings import OPEN_DATA_SEPARATOR
from .wording import TableWording, read_table_wording

if TYPE_CHECKING:
    from .stages.s2_check import Checked

SCHEMA_NAME = "schema.json"
# The schema of one file of data/ (its editors read it): any of the sections, each as schema.json defines it.
FILE_SCHEMA_NAME = "schema-fichier.json"
DATA_PACKAGE_NAME = "datapackage.json"
SPREADSHEET_NAME = "faits.xlsx"
# The whole history of corrections (history.py), as the page shows it; its changes are also a table (historique.csv).
HISTORY_JSON_NAME = "historique.json"
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
class HistoryRow:
    """One change of the history of corrections (historique.csv, the sheet « historique »), newest first."""

    date: str = column("date", required=True)  # the commit's, YYYY-MM-DD
    commit: str = column(required=True, pattern="[0-9a-f]{40}")  # its full id
    message: str = column()  # the first line of its message
    kind: str = column(required=True, enum=[kind.value for kind in Kind])
    id: str = column(required=True)  # the fact's or source's id, the commune's INSEE code (as the version said)
    name: str = column()  # its label, name or title
    field: str = column(required=True, enum=[field.value for field in Field])  # added, removed, or the field that changed
    before: int | float | str = column("any")  # numbers as numbers, dates in ISO 8601; empty when there was none
    after: int | float | str = column("any")
    unit_before: str = column()  # a value's unit, on each side
    unit_after: str = column()


@dataclass(frozen=True)
class Table:
    """One table of the open data: a CSV, its Table Schema, a resource of the data package and, if ``sheet``, a sheet of
    the spreadsheet.

    Its columns are the fields of ``row``, in order, titled and described by templates/colonnes-<name>.yaml; its rows
    come from ``rows``, given the check stage's result; ``key`` names the columns that identify a row. Another table is
    one more entry in TABLES.
    """

    name: str
    row: type
    rows: Callable[[Checked], Sequence[Any]]
    key: tuple[str, ...]
    sheet: bool = True

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


def fact_rows(checked: Checked) -> list[FactRow]:
    """One row per fact and event, in the order of the data, with its certainty, its citations and its section (the
    name of the page that shows it)."""
    dataset, section_pages = checked.dataset, checked.section_pages
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


def commune_rows(checked: Checked) -> list[CommuneRow]:
    """One member commune a row, with the dataset vintages whose records list it."""
    dataset = checked.dataset
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


def history_rows(checked: Checked) -> list[HistoryRow]:
    """One change a row, newest first: what it is about, the field that changed, its values before and after."""
    return [
        HistoryRow(
            date=revision.date,
            commit=revision.commit,
            message=revision.message,
            kind=change.kind.value,
            id=change.key,
            name=change.name,
            field=change.field.value,
            before=_history_cell(change.before),
            after=_history_cell(change.after),
            unit_before=change.units[0] or "",
            unit_after=change.units[1] or "",
        )
        for revision, change in checked.history.changes()
    ]


def _history_cell(value: Value) -> int | float | str:
    if value is None:
        return ""
    return CSV_JOIN.join(value) if isinstance(value, list) else value


# A change is one field of one item in one commit (an item added or removed: one change), or one of its citations' quotes
# or records added or removed (each a change of its own, with the same field). No sheet: the spreadsheet is the facts';
# the history's CSV opens in a spreadsheet as well, and a sheet of it would double the spreadsheet in the offline zip.
HISTORY_TABLE = Table("historique", HistoryRow, history_rows, key=("commit", "kind", "id", "field", "before", "after"), sheet=False)
TABLES = (
    Table("faits", FactRow, fact_rows, key=("id",)),
    Table("communes", CommuneRow, commune_rows, key=("insee",)),
    HISTORY_TABLE,
)
# The spreadsheet's sheets, in that order.
SHEETS = tuple(table for table in TABLES if table.sheet)
# The downloads, in the order of the open data page: first what readers open, then what programs read. The media types
# are also given to the schema.org Dataset of the page that links them.
MEDIA_TYPES = {
    SPREADSHEET_NAME: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    **{table.csv_name: "text/csv" for table in TABLES},
    "convention.json": "application/json",
    HISTORY_JSON_NAME: "application/json",
    SCHEMA_NAME: "application/schema+json",
    FILE_SCHEMA_NAME: "application/schema+json",
    DATA_PACKAGE_NAME: "application/json",
    **{table.schema_name: "application/json" for table in TABLES},
}

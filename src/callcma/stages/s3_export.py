"""Export stage: the checked Dataset as open data (JSON, CSV, spreadsheet, JSON Schema), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import cached
from ..inputs import content_digest, tools_digest
from ..model import Cited, Dataset, Event, Fact
from ..records import vintages
from ..settings import OPEN_DATA_SEPARATOR
from ..spreadsheet import Sheet, spreadsheet_bytes
from ..wording import COMMUNE_COLUMNS_FILE, FACT_COLUMNS_FILE, read_column_titles

if TYPE_CHECKING:
    from .s2_check import Checked

SCHEMA_NAME = "schema.json"
# The spreadsheet's sheets: the facts table, then the member communes.
FACTS_SHEET = "faits"
COMMUNES_SHEET = "communes"
# Several citations of one fact share a CSV cell (settings.OPEN_DATA_SEPARATOR: the model refuses it in a quote).
CSV_JOIN = f" {OPEN_DATA_SEPARATOR} "
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, shifts it);
# such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"


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


def export_data(checked: Checked, cache_dir: Path | None = None) -> dict[str, bytes]:
    """The downloadable files, by name. With a cache folder, the spreadsheet of the same tables, by the same code and
    libraries, is the last one made: neither made again nor its library loaded (files.cached)."""
    dataset = checked.dataset
    rows = fact_rows(dataset, checked.section_pages)
    communes = commune_rows(dataset)
    sheets = (
        Sheet(FACTS_SHEET, [column_titles()[name] for name in CSV_COLUMNS], [astuple(row) for row in rows]),
        Sheet(COMMUNES_SHEET, [commune_column_titles()[name] for name in COMMUNE_COLUMNS], [astuple(row) for row in communes]),
    )
    tools = tools_digest() if cache_dir else None
    key = tools and content_digest(tools, ("sheets", json.dumps(sheets, ensure_ascii=False).encode()))
    return {
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        "faits.csv": export_csv(rows).encode("utf-8"),
        "faits.xlsx": cached(cache_dir, "faits.xlsx", key, lambda: spreadsheet_bytes(*sheets)),
        SCHEMA_NAME: _schema_bytes(),
        "communes.csv": export_csv(communes, COMMUNE_COLUMNS).encode("utf-8"),
    }


def column_titles() -> dict[str, str]:
    """Each column's title for readers (the spreadsheet's header, the open data page), from colonnes-faits.yaml."""
    return _titles(FACT_COLUMNS_FILE, CSV_COLUMNS)


def commune_column_titles() -> dict[str, str]:
    """The communes table's column titles for readers (the spreadsheet's second sheet), from colonnes-communes.yaml."""
    return _titles(COMMUNE_COLUMNS_FILE, COMMUNE_COLUMNS)


def _titles(path: Path, columns: tuple[str, ...]) -> dict[str, str]:
    titles = read_column_titles(path)
    # A column added to a row without its title, or a title left for a removed column, is a programming error.
    assert tuple(titles) == columns, f"{path.name} must title exactly {columns}"
    return titles


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


def export_value(item: Cited) -> int | float | str:
    """A fact's value in data form: numbers as numbers, dates and periods in ISO 8601."""
    if isinstance(item, Event):
        return f"{item.date}/{item.end}" if item.end else item.date
    assert isinstance(item, Fact)
    return item.value


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

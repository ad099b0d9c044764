"""Export stage: the validated Dataset as open data (JSON, CSV, JSON Schema), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
from dataclasses import astuple, dataclass, fields
from typing import Any

import yaml

from ..model import Cited, Dataset, Event, Fact
from ..sections import section_name
from ..settings import TEMPLATES_DIR
from ..spreadsheet import spreadsheet_bytes

SCHEMA_NAME = "schema.json"
# The downloads' media types and their licence, for the schema.org Dataset of the page that links them.
MEDIA_TYPES = {
    "convention.json": "application/json",
    "faits.csv": "text/csv",
    "faits.xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    SCHEMA_NAME: "application/schema+json",
}
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
# Several citations of one fact share a CSV cell; this separator cannot occur in an id.
CSV_JOIN = " | "
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, shifts it);
# such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"


COLUMN_TITLES_FILE = TEMPLATES_DIR / "colonnes-faits.yaml"


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
    quote: str
    section: str  # in French: the name of the page that shows the fact


CSV_COLUMNS = tuple(column.name for column in fields(FactRow))


def export_data(dataset: Dataset) -> dict[str, bytes]:
    """The downloadable files, by name."""
    rows = fact_rows(dataset)
    return {
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        "faits.csv": export_csv(rows).encode("utf-8"),
        "faits.xlsx": spreadsheet_bytes([column_titles()[name] for name in CSV_COLUMNS], [astuple(row) for row in rows]),
        SCHEMA_NAME: _schema_bytes(),
    }


@functools.cache
def column_titles() -> dict[str, str]:
    """Each column's title for readers (the spreadsheet's header, the open data page), from colonnes-faits.yaml."""
    titles = yaml.safe_load(COLUMN_TITLES_FILE.read_text(encoding="utf-8"))
    # A column added to FactRow without its title, or a title left for a removed column, is a programming error.
    assert tuple(titles) == CSV_COLUMNS, f"{COLUMN_TITLES_FILE.name} must title exactly {CSV_COLUMNS}"
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
                unit=item.unit.value if isinstance(item, Fact) and item.unit else "",
                certainty=item.certainty.value,
                speaker=speaker,
                reasoning=item.reasoning or "",
                formula=item.formula or "",
                source=CSV_JOIN.join(citation.source for citation in item.citations),
                quote=CSV_JOIN.join(citation.quote for citation in item.citations),
                section=section_name(section),
            )
        )
    return rows


def export_csv(rows: list[FactRow]) -> str:
    """The facts table as CSV for programs: the columns' identifiers as header, one fact a line."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    writer.writerows([neutralise_cell(cell) for cell in astuple(row)] for row in rows)
    return buffer.getvalue()


def neutralise_cell(value: int | float | str) -> int | float | str:
    """A text cell that a spreadsheet would evaluate as a formula, prefixed so that it shows as typed."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

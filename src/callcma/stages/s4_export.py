"""Export stage: the validated Dataset as open data (JSON, CSV, JSON Schema), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
from typing import Any

from ..model import Cited, Dataset, Event, Fact

SCHEMA_NAME = "schema.json"
# The downloads' media types and their licence, for the schema.org Dataset of the page that links them.
MEDIA_TYPES = {"convention.json": "application/json", "faits.csv": "text/csv", SCHEMA_NAME: "application/schema+json"}
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
CSV_COLUMNS = ("id", "label", "value", "unit", "certainty", "source", "quote", "section")
# Several citations of one fact share a CSV cell; this separator cannot occur in an id.
CSV_JOIN = " | "
# A spreadsheet reads a cell starting with one of these as a formula (or, for tab and carriage return, shifts it);
# such a text cell gets a leading apostrophe, which spreadsheets show as text. Numbers are left as they are.
CSV_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CSV_TEXT_PREFIX = "'"


def export_data(dataset: Dataset) -> dict[str, bytes]:
    """The downloadable files, by name."""
    return {
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        "faits.csv": export_csv(dataset).encode("utf-8"),
        SCHEMA_NAME: _schema_bytes(),
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


def export_value(item: Cited) -> int | float | str:
    """A fact's value in data form: numbers as numbers, dates and periods in ISO 8601."""
    if isinstance(item, Event):
        return f"{item.date}/{item.end}" if item.end else item.date
    assert isinstance(item, Fact)
    return item.value


def export_csv(dataset: Dataset) -> str:
    """One fact a line, with its certainty and its citations."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for section, item in dataset.cited_by_section():
        unit = item.unit.value if isinstance(item, Fact) and item.unit else ""
        writer.writerow(
            neutralise_cell(cell)
            for cell in (
                item.id,
                item.label,
                export_value(item),
                unit,
                item.certainty.value,
                CSV_JOIN.join(citation.source for citation in item.citations),
                CSV_JOIN.join(citation.quote for citation in item.citations),
                section,
            )
        )
    return buffer.getvalue()


def neutralise_cell(value: int | float | str) -> int | float | str:
    """A text cell that a spreadsheet would evaluate as a formula, prefixed so that it shows as typed."""
    if isinstance(value, str) and value.startswith(CSV_FORMULA_STARTS):
        return CSV_TEXT_PREFIX + value
    return value


def _json_bytes(data: Any) -> bytes:
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")

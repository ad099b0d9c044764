"""Export stage: the checked Dataset as open data (JSON, CSV, spreadsheet, JSON Schema, Table Schemas and a Data
Package: the tables and files of open_data.py), never a second source of truth."""

from __future__ import annotations

import csv
import functools
import io
import json
from collections.abc import Mapping, Sequence
from dataclasses import astuple, fields
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..files import cached
from ..history import History
from ..inputs import content_digest, tools_digest
from ..model import Dataset
from ..open_data import (
    CSV_BOM, CSV_DIALECT, CSV_FORMULA_STARTS, CSV_TEXT_PREFIX, DATA_PACKAGE_NAME, FILE_SCHEMA_NAME, HISTORY_JSON_NAME, MEDIA_TYPES, SCHEMA_NAME,
    SHEETS, SPREADSHEET_NAME, TABLES, Table,
)
from ..settings import LICENCE_URL
from ..spreadsheet import Sheet, spreadsheet_bytes
from ..wording import read_wording

if TYPE_CHECKING:
    from .s2_check import Checked


def export_data(checked: Checked, cache_dir: Path | None = None, *, keep: bool = True) -> dict[str, bytes]:
    """The downloadable files, by name, in the order of MEDIA_TYPES. With a cache folder, the spreadsheet of the same
    tables, by the same code and libraries, is the last one made: neither made again nor its library loaded
    (files.cached; kept there for the next build unless ``keep`` is false)."""
    dataset = checked.dataset
    rows = {table.name: table.rows(checked) for table in TABLES}
    sheets = [Sheet(table.name, list(table.wording().titles.values()), [astuple(row) for row in rows[table.name]]) for table in SHEETS]
    tools = tools_digest() if cache_dir else None
    key = tools and content_digest(tools, ("sheets", json.dumps(sheets, ensure_ascii=False).encode()))
    # The pages the facts' rows may name, for the facts table's schema.
    sections = sorted({page.removesuffix(".md") for page in checked.section_pages.values()})
    files = {
        SPREADSHEET_NAME: cached(cache_dir, SPREADSHEET_NAME, key, lambda: spreadsheet_bytes(*sheets), keep=keep),
        **{table.csv_name: export_csv(rows[table.name], table).encode("utf-8") for table in TABLES},
        "convention.json": _json_bytes(dataset.model_dump(mode="json")),
        HISTORY_JSON_NAME: _json_bytes(history_document(checked.history)),
        SCHEMA_NAME: _schema_bytes(),
        FILE_SCHEMA_NAME: _json_bytes(file_schema()),
        DATA_PACKAGE_NAME: _json_bytes(data_package(dataset)),
        **{table.schema_name: _json_bytes(table_schema(table, {"section": sections})) for table in TABLES},
    }
    assert list(files) == list(MEDIA_TYPES)
    return files


def table_schema(table: Table, choices: Mapping[str, list[str]] | None = None) -> dict[str, Any]:
    """The Table Schema of a table's CSV (and of its sheet): each column's French title as the field's name, what it
    holds, its type and constraints; ``choices`` gives the values a column may take that only the build knows (the
    pages of the sections)."""
    words = table.wording()
    columns = []
    for item in fields(table.row):
        constraints = item.metadata["constraints"] | ({"enum": choices[item.name]} if choices and item.name in choices else {})
        columns.append(
            {
                "name": words.columns[item.name].title,
                "description": words.columns[item.name].description,
                "type": item.metadata["type"],
                **({"constraints": constraints} if constraints else {}),
            }
        )
    return {"fields": columns, "primaryKey": [words.columns[name].title for name in table.key], "missingValues": [""]}


def history_document(history: History) -> dict[str, Any]:
    """historique.json: the whole history of corrections, revision by revision, with whether it could be read (status)
    and the versions of data files it could not read (unread)."""
    return {
        "status": history.status.value,
        "revisions": [
            {
                "commit": revision.commit,
                "date": revision.date,
                "message": revision.message,
                "changes": [
                    {"kind": change.kind.value, "id": change.key, "name": change.name, "field": change.field.value, "before": change.before, "after": change.after, "units": list(change.units)}
                    for change in revision.changes
                ],
            }
            for revision in history.revisions
        ],
        "unread": [{"commit": unread.commit, "path": unread.path, "reason": unread.reason} for unread in history.unread],
    }


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

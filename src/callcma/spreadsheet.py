"""The facts table as a spreadsheet (.xlsx, written with openpyxl) that opens right with a double-click.

Text stays text: every text cell is written as a string, never as a formula, so ``2016-11`` is not read as a date
and ``=1+1`` shows as typed. The file is byte-identical from one build to the next: its document properties carry no
author and, like its zip entries, a fixed date, never the clock.
"""

from __future__ import annotations

import datetime
import io
import zipfile
from collections.abc import Sequence
from typing import Any, NamedTuple

# The earliest date a zip entry can hold, for the entries and the document alike: the content alone decides the bytes.
FIXED_DATE = datetime.datetime(1980, 1, 1)
COLUMN_WIDTH = 28
# Long texts (quotes, reasoning) wrap inside wider columns.
WIDE_COLUMN_WIDTH = 60
WIDE_AFTER_CHARS = 80


class Sheet(NamedTuple):
    """One table of the file: its tab's title, its column titles, its rows."""

    title: str
    header: Sequence[str]
    rows: Sequence[Sequence[int | float | str]]


def spreadsheet_bytes(*sheets: Sheet) -> bytes:
    """An .xlsx file, one sheet per table: a bold, frozen header row, then one row per line; numbers as numbers,
    everything else as text."""
    # Imported here, not with the module: a build whose tables have not changed reuses the last file (s3_export).
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.writer.excel import ExcelWriter

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in sheets:
        sheet = workbook.create_sheet(table.title)
        sheet.append(list(table.header))
        for row in table.rows:
            sheet.append([_cell_value(value) for value in row])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        _mark_text_cells(sheet.iter_rows())
        _size_columns(sheet, table.rows)
        sheet.freeze_panes = "A2"
    workbook.properties.creator = None
    workbook.properties.created = FIXED_DATE
    workbook.properties.modified = FIXED_DATE
    buffer = io.BytesIO()
    with _DatedZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        ExcelWriter(workbook, archive).save()
    return buffer.getvalue()


def _cell_value(value: int | float | str) -> int | float | str | None:
    return None if value == "" else value


def _mark_text_cells(rows: Any) -> None:
    """Every text cell is a string: openpyxl would otherwise write a text starting with = as a formula."""
    from openpyxl.cell.cell import TYPE_STRING

    for row in rows:
        for cell in row:
            if isinstance(cell.value, str):
                cell.data_type = TYPE_STRING


def _size_columns(sheet: Any, rows: Sequence[Sequence[int | float | str]]) -> None:
    from openpyxl.styles import Alignment

    for index, letter in enumerate(column.column_letter for column in sheet[1]):
        longest = max((len(str(row[index])) for row in rows), default=0)
        wide = longest > WIDE_AFTER_CHARS
        sheet.column_dimensions[letter].width = WIDE_COLUMN_WIDTH if wide else COLUMN_WIDTH
        if wide:
            for cell in sheet[letter][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")


class _DatedZipFile(zipfile.ZipFile):
    """A zip whose entries carry a fixed date, not the time of writing (openpyxl names its entries by path only)."""

    def write(self, filename: Any, arcname: str | None = None, compress_type: int | None = None, compresslevel: int | None = None) -> None:
        # openpyxl writes each worksheet to a temporary file first: the file's date must not reach the zip.
        with open(filename, "rb") as file:
            self.writestr(arcname or str(filename), file.read(), compress_type, compresslevel)

    def writestr(self, zinfo_or_arcname: str | zipfile.ZipInfo, data: Any, compress_type: int | None = None, compresslevel: int | None = None) -> None:
        if isinstance(zinfo_or_arcname, str):
            entry = zipfile.ZipInfo(zinfo_or_arcname, date_time=FIXED_DATE.timetuple()[:6])
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            zinfo_or_arcname = entry
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

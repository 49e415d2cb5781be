"""CSV and XLSX sheets: a heading row, then data rows.

Writing makes the file's bytes (the caller saves them whole). Files are read by
`services/import_files.py`; a sheet as read keeps each row's number as a spreadsheet shows it
(the heading is row 1), so a refusal can point at it.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cutover_desktop.reports.cells import neutralise

# Characters XML (so XLSX) cannot hold; they are dropped on export.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


@dataclass(frozen=True)
class SheetData:
    """A sheet as read: normalised column names and (row number, cells) pairs."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accents and symbols correctly. Text a
    spreadsheet would run as a formula gets a quote in front (see task_file.neutralise)."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else neutralise(v) if isinstance(v, str) else v
                         for v in row])
    return out.getvalue().encode("utf-8-sig")


def xlsx_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]],
               sheet_title: str = "Tasks") -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = sheet_title[:31]
    sheet.append(list(columns))
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([_xml_safe(v) for v in row])
    for index, name in enumerate(columns, start=1):
        width = 48 if name in ("title", "notes", "why") else max(10, len(name) + 2)
        sheet.column_dimensions[get_column_letter(index)].width = width
        if width == 48:
            for cell in sheet[get_column_letter(index)][1:]:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "B2"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _xml_safe(value: object) -> object:
    """XML keeps a line break as a line feed, so carriage returns become line feeds before the
    text is neutralised; characters XML cannot hold are dropped."""
    if isinstance(value, str):
        text = _XML_ILLEGAL.sub("", value.replace("\r\n", "\n").replace("\r", "\n"))
        return neutralise(text)
    return value

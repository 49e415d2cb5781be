"""Reading and writing CSV and XLSX sheets: a heading row, then data rows.

Writing makes the file's bytes (the caller saves them whole). Reading gives each row with its
row number as a spreadsheet shows it (the heading is row 1), so a refusal can point at it.
"""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.reports.task_file import normalise_header

MAX_ROWS = 20_000
MAX_COLUMNS = 200
MAX_FILE_BYTES = 50 * 1024 * 1024
# Characters XML (so XLSX) cannot hold; they are dropped on export.
_XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


class FormulaCell:
    """Marks a cell that held a formula: it is refused on import, never evaluated."""

    def __init__(self, formula: str) -> None:
        self.formula = formula

    def __str__(self) -> str:
        return self.formula


@dataclass(frozen=True)
class SheetData:
    """A sheet as read: normalised column names and (row number, cells) pairs."""

    source: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[object, ...]], ...]

    def column(self, name: str) -> int | None:
        try:
            return self.headers.index(name)
        except ValueError:
            return None


def csv_bytes(columns: Sequence[str], rows: Sequence[Sequence[object]]) -> bytes:
    """UTF-8 with a byte-order mark, so Excel reads accents and symbols correctly."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
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
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", value)
    return value


def read_sheet(path: Path) -> SheetData:
    """Read a CSV or XLSX file's first sheet.

    Raises:
        CutoverError: the file cannot be read, is not a spreadsheet, is empty, too big, or
            names a column twice.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CutoverError(f"{path.name} could not be read ({exc.strerror}).") from None
    if size > MAX_FILE_BYTES:
        raise CutoverError(f"{path.name} is larger than 50 MB; split it into smaller files.")
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        headers, rows = _read_xlsx(path)
    elif suffix in (".csv", ".txt"):
        headers, rows = _read_csv(path)
    else:
        raise CutoverError(f"{path.name} is not a CSV or XLSX file.")
    names = tuple(normalise_header(h) for h in headers)
    while names and not names[-1]:
        names = names[:-1]
    if not any(names):
        raise CutoverError(f"{path.name} has no heading row.")
    seen: set[str] = set()
    for name in names:
        if name and name in seen:
            raise CutoverError(f"{path.name} has the column “{name}” twice.")
        seen.add(name)
    return SheetData(path.name, names, tuple(rows))


def _read_csv(path: Path) -> tuple[list[object], list[tuple[int, tuple[object, ...]]]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CutoverError(f"{path.name} could not be read ({exc.strerror}).") from None
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = raw.decode("cp1252", errors="replace")  # Excel's "CSV" on Windows
    first_line = text.split("\n", 1)[0]
    delimiter = max((",", ";", "\t"), key=first_line.count)
    try:
        records = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    except csv.Error as exc:
        raise CutoverError(f"{path.name} is not a readable CSV file ({exc}).") from None
    if not records:
        raise CutoverError(f"{path.name} is empty.")
    if len(records) - 1 > MAX_ROWS:
        raise CutoverError(f"{path.name} has more than {MAX_ROWS:,} rows.")
    rows: list[tuple[int, tuple[object, ...]]] = [
        (number, tuple(record)) for number, record in enumerate(records[1:], start=2)]
    return list(records[0]), rows


def _read_xlsx(path: Path) -> tuple[list[object], list[tuple[int, tuple[object, ...]]]]:
    try:
        book = load_workbook(path, read_only=True, data_only=False)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError, TypeError) as exc:
        raise CutoverError(f"{path.name} could not be read as an XLSX workbook "
                           f"({type(exc).__name__}).") from None
    try:
        sheet = book.worksheets[0]
        headers: list[object] | None = None
        rows: list[tuple[int, tuple[object, ...]]] = []
        for number, cells in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS), start=1):
            values = tuple(FormulaCell(str(c.value)) if c.data_type == "f" else c.value
                           for c in cells)
            if headers is None:
                headers = list(values)
                continue
            if len(rows) >= MAX_ROWS:
                raise CutoverError(f"{path.name} has more than {MAX_ROWS:,} rows.")
            rows.append((number, values))
    except CutoverError:
        raise
    except Exception as exc:  # openpyxl raises many kinds for a damaged part of the file
        raise CutoverError(f"{path.name} could not be read as an XLSX workbook "
                           f"({type(exc).__name__}).") from None
    finally:
        book.close()
    if headers is None:
        raise CutoverError(f"{path.name} is empty.")
    return headers, rows

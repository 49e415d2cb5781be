"""Importing CSV and XLSX files: the header row says what the rows are; all rows go in or none.

Each kind of file (staff, absences, and later tasks) registers an `Importer` naming the
columns it needs. `import_file` reads the file, picks the importer whose columns the header
row has, and that importer turns every row into one set of changes: one undo step.
"""

from __future__ import annotations

import csv
import importlib
import io
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.reports.task_file import restore
from cutover_desktop.services.planner import PlanService

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# Modules that register importers; each feature with a file format adds its own.
IMPORTER_MODULES: tuple[str, ...] = ("cutover_desktop.services.staff_import",
                                      "cutover_desktop.services.exchange")


def header_key(text: object) -> str:
    """A header as matched: case, spaces, hyphens and underscores do not matter."""
    return re.sub(r"[\s_-]+", "_", str(text or "").strip().casefold()).strip("_")


@dataclass(frozen=True)
class Row:
    """One data row: its row number as the spreadsheet shows it, and its cells by header key."""

    number: int
    cells: dict[str, Any]

    def text(self, column: str) -> str:
        value = self.cells.get(column)
        if value is None:
            return ""
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        # Take off the quote an export puts before text a spreadsheet would run as a formula.
        return " ".join(restore(str(value)).split())


@dataclass(frozen=True)
class Table:
    """A file's rows; `headers` maps each header key to the header as written in the file."""

    name: str
    headers: dict[str, str]
    rows: tuple[Row, ...]


class RowError(ValidationError):
    """A row that cannot be imported; the message names the row and the column."""

    def __init__(self, row: Row | int, column: str, problem: str, headers: dict[str, str]
                 ) -> None:
        number = row.number if isinstance(row, Row) else row
        shown = headers.get(column, column)
        super().__init__(f"Row {number}, column “{shown}”: {problem}", column)
        self.row = number
        self.column = shown


@dataclass(frozen=True)
class ImportResult:
    kind: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    # What the import changed (one undo step), for a window to announce.
    changes: Changes = field(default_factory=lambda: Changes(""))
    # Plain sentences about what could not be brought over (an MS Project file's costs…).
    notes: tuple[str, ...] = ()

    def summary(self, file_name: str) -> str:
        """'Imported staff from staff.csv: 28 added, 2 updated.'"""
        parts = [f"{self.added} added"]
        if self.updated:
            parts.append(f"{self.updated} updated")
        if self.unchanged:
            parts.append(f"{self.unchanged} already there")
        return f"Imported {self.kind} from {file_name}: {', '.join(parts)}."


@dataclass(frozen=True)
class Importer:
    """A kind of file: the columns that identify it and the function that imports it."""

    kind: str
    required: tuple[str, ...]
    run: Callable[[PlanService, Table], ImportResult]
    optional: tuple[str, ...] = ()


_IMPORTERS: list[Importer] = []


def register_importer(importer: Importer) -> Importer:
    if all(existing.kind != importer.kind for existing in _IMPORTERS):
        _IMPORTERS.append(importer)
    return importer


def importers() -> list[Importer]:
    for name in IMPORTER_MODULES:
        importlib.import_module(name)
    return list(_IMPORTERS)


def choose_importer(headers: Iterable[str]) -> Importer:
    """The importer whose required columns the header row has (the most specific one)."""
    present = set(headers)
    known = importers()
    fitting = [imp for imp in known if set(imp.required) <= present]
    if fitting:
        return max(fitting, key=lambda imp: len(imp.required))
    described = "; ".join(f"{imp.kind}: {', '.join(imp.required)}" for imp in known)
    raise ValidationError("The first row of the file does not name the columns of a file this "
                          f"program can import. It needs, for {described}.")


def read_table(path: Path) -> Table:
    """The rows of a CSV or XLSX file, headers from its first row.

    Raises:
        ValidationError: the file cannot be read, is empty, or is not CSV or XLSX.
    """
    name = path.name
    if not path.is_file():
        raise ValidationError(f"There is no file called {name} at {path.parent}.")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise ValidationError(f"{name} could not be read: {exc.strerror or exc}.") from None
    if size > MAX_BYTES:
        raise ValidationError(f"{name} is too large to import (more than 20 MB).")
    suffix = path.suffix.casefold()
    if suffix == ".csv":
        raw = _csv_rows(path)
    elif suffix in (".xlsx", ".xlsm"):
        raw = _xlsx_rows(path)
    else:
        raise ValidationError(f"{name} is not a CSV or XLSX file; save it as one of those "
                              "and import it again.")
    return _table(name, raw)


def _csv_rows(path: Path) -> list[list[Any]]:
    data = path.read_bytes()
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValidationError(f"{path.name} is not a text file this program can read.")
    if "\x00" in text:
        raise ValidationError(f"{path.name} is not a CSV file (it holds binary data).")
    try:
        # newline="" keeps line breaks inside quoted cells (a task's notes) as they were.
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ValidationError(f"{path.name} is not a valid CSV file ({exc}).") from None


def _xlsx_rows(path: Path) -> list[list[Any]]:
    # defusedxml is installed beside openpyxl, which then parses the file safely.
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(f"{path.name} is not an Excel workbook (.xlsx) that can be "
                              "read; it may be damaged, or saved in another format.") from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for values in sheet.iter_rows(values_only=True):
            rows.append(list(values))
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _table(name: str, raw: list[list[Any]]) -> Table:
    # Skip blank lines above the header.
    while raw and all(_blank(v) for v in raw[0]):
        raw.pop(0)
    if not raw:
        raise ValidationError(f"{name} is empty: it needs a header row and at least one row.")
    header_row = raw[0]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, value in enumerate(header_row):
        key = header_key(value)
        if not key:
            continue
        if key in headers:
            raise ValidationError(f"{name} has the column “{str(value).strip()}” twice.")
        headers[key] = str(value).strip()
        positions[key] = position
    rows = []
    for offset, values in enumerate(raw[1:], start=2):
        if all(_blank(v) for v in values):
            continue
        cells = {key: values[pos] if pos < len(values) else None
                 for key, pos in positions.items()}
        rows.append(Row(offset, cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"{name} has more than {MAX_ROWS:,} rows; split it up.")
    if not rows:
        raise ValidationError(f"{name} has a header row but no rows to import.")
    return Table(name, headers, tuple(rows))


def _blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def import_file(plan: PlanService, path: Path) -> ImportResult:
    """Import a CSV, XLSX or MS Project XML file into the plan as one undo step, or refuse
    it all."""
    if path.suffix.casefold() == ".xml":
        from cutover_desktop.services.project_exchange import import_project_file

        return import_project_file(plan, path)
    table = read_table(path)
    return choose_importer(table.headers).run(plan, table)


# Cell values, shared by importers


def cell_date(row: Row, column: str, headers: dict[str, str], *, required: bool) -> date | None:
    value = row.cells.get(column)
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = row.text(column)
    if not text:
        if required:
            raise RowError(row, column, "a date is needed here (YYYY-MM-DD).", headers)
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise RowError(row, column, f"“{text}” is not a date in the form YYYY-MM-DD.",
                       headers) from None


_TIME = re.compile(r"^(\d{1,2})[:.](\d{2})(?::\d{2})?$")


def cell_time(row: Row, column: str, headers: dict[str, str]) -> time | None:
    value = row.cells.get(column)
    if isinstance(value, datetime):
        return value.time().replace(second=0, microsecond=0)
    if isinstance(value, time):
        return value.replace(second=0, microsecond=0)
    text = row.text(column)
    if not text:
        return None
    match = _TIME.match(text)
    if match:
        hour, minute = int(match.group(1)), int(match.group(2))
        if hour < 24 and minute < 60:
            return time(hour, minute)
    raise RowError(row, column, f"“{text}” is not a time of day such as 08:30.", headers)

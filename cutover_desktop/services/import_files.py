"""The one way files come into a plan: every importer behind `import_file`.

`import_file(plan, path)` backs the plan up first, picks the importer, and returns one
ImportResult; `preview_import` says what a file would be imported as, changing nothing. The
window (File ▸ Import and the Staff tab) and the command line all call these two.

Registering an importer (the one place to add a kind of file):
- a table (CSV or XLSX) whose header row says what it holds: `register_importer(Importer(kind,
  required_columns, run, optional_columns))` in a module listed in IMPORTER_MODULES; `run`
  turns every row into one set of changes (one undo step) or raises RowError.
- a file of its own format (MS Project XML, say): `register_file_importer(FileImporter(kind,
  suffixes, run))`, where `run(plan, path)` reads the file itself.
Cells are read with `reports/cells.py`, wrapped here so a refusal names the row and column.
"""

from __future__ import annotations

import csv
import importlib
import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, time
from pathlib import Path
from typing import Any

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.paths import why_not_read
from cutover_desktop.reports.cells import (
    CellError,
    is_blank,
    normalise_header,
    read_date,
    read_time,
    restore,
)
from cutover_desktop.services.planner import PlanService

MAX_ROWS = 20_000
MAX_BYTES = 20 * 1024 * 1024
# Modules that register importers; each feature with a file format adds its own.
IMPORTER_MODULES: tuple[str, ...] = ("cutover_desktop.services.staff_import",
                                      "cutover_desktop.services.exchange",
                                      "cutover_desktop.services.project_exchange")


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


@dataclass(frozen=True)
class FileImporter:
    """A kind of file with its own format (not a table): known by its file name's ending."""

    kind: str
    suffixes: tuple[str, ...]
    run: Callable[[PlanService, Path], ImportResult]


_IMPORTERS: list[Importer] = []
_FILE_IMPORTERS: list[FileImporter] = []
TABLE_SUFFIXES = (".csv", ".xlsx", ".xlsm")


def register_importer(importer: Importer) -> Importer:
    if all(existing.kind != importer.kind for existing in _IMPORTERS):
        _IMPORTERS.append(importer)
    return importer


def register_file_importer(importer: FileImporter) -> FileImporter:
    if all(existing.kind != importer.kind for existing in _FILE_IMPORTERS):
        _FILE_IMPORTERS.append(importer)
    return importer


def _load_importers() -> None:
    for name in IMPORTER_MODULES:
        importlib.import_module(name)


def importers() -> list[Importer]:
    _load_importers()
    return list(_IMPORTERS)


def file_importer(path: Path) -> FileImporter | None:
    """The importer that reads files ending like this one itself, if any."""
    _load_importers()
    suffix = path.suffix.casefold()
    return next((imp for imp in _FILE_IMPORTERS if suffix in imp.suffixes), None)


def importable_suffixes() -> tuple[str, ...]:
    """Every file ending some importer takes, for an open-file dialog's filter."""
    _load_importers()
    return TABLE_SUFFIXES + tuple(s for imp in _FILE_IMPORTERS for s in imp.suffixes)


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
    data = read_chosen_file(path)
    suffix = path.suffix.casefold()
    if suffix not in (".csv", ".xlsx", ".xlsm"):
        raise ValidationError(f"{name} is not a CSV or XLSX file; save it as one of those "
                              "and import it again.")
    raw = _csv_rows(name, data) if suffix == ".csv" else _xlsx_rows(name, data)
    return _table(name, raw)


def read_chosen_file(path: Path, too_large: str = "is too large to import (more than 20 MB)"
                     ) -> bytes:
    """The bytes of a file the person chose to import, or one sentence saying why not.

    Raises:
        ValidationError: a folder, missing, larger than 20 MB (`too_large` says so after the
            file's name), or unreadable.
    """
    name = path.name
    if path.is_dir():
        raise ValidationError(f"{name} is a folder, not a file.")
    if not path.is_file():
        raise ValidationError(f"There is no file called {name} in {path.parent.resolve()}.")
    try:
        if path.stat().st_size > MAX_BYTES:
            raise ValidationError(f"{name} {too_large}.")
        return path.read_bytes()
    except OSError as exc:
        raise ValidationError(f"{name} could not be read: {why_not_read(exc)}.") from None


def _csv_rows(name: str, data: bytes) -> list[list[Any]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise ValidationError(f"{name} is not a text file this program can read.")
    if "\x00" in text:
        raise ValidationError(f"{name} is not a CSV file (it holds binary data).")
    try:
        # newline="" keeps line breaks inside quoted cells (a task's notes) as they were.
        return [list(row) for row in csv.reader(io.StringIO(text, newline=""))]
    except csv.Error as exc:
        raise ValidationError(f"{name} is not a valid CSV file ({exc}).") from None


def _xlsx_rows(name: str, data: bytes) -> list[list[Any]]:
    # defusedxml is installed beside openpyxl, which then parses the file safely.
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception:  # openpyxl raises many kinds for a damaged file
        raise ValidationError(f"{name} is not an Excel workbook (.xlsx) that can be "
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
    while raw and all(is_blank(v) for v in raw[0]):
        raw.pop(0)
    if not raw:
        raise ValidationError(f"{name} is empty: it needs a header row and at least one row.")
    header_row = raw[0]
    headers: dict[str, str] = {}
    positions: dict[str, int] = {}
    for position, value in enumerate(header_row):
        key = normalise_header(value)
        if not key:
            continue
        if key in headers:
            raise ValidationError(f"{name} has the column “{str(value).strip()}” twice.")
        headers[key] = str(value).strip()
        positions[key] = position
    rows = []
    for offset, values in enumerate(raw[1:], start=2):
        if all(is_blank(v) for v in values):
            continue
        cells = {key: values[pos] if pos < len(values) else None
                 for key, pos in positions.items()}
        rows.append(Row(offset, cells))
    if len(rows) > MAX_ROWS:
        raise ValidationError(f"{name} has more than {MAX_ROWS:,} rows; split it up.")
    if not rows:
        raise ValidationError(f"{name} has a header row but no rows to import.")
    return Table(name, headers, tuple(rows))


@dataclass(frozen=True)
class ImportPreview:
    """What a file would be imported as, read without changing the plan.

    Attributes:
        columns: the columns the importer reads; ignored: columns it leaves alone.
    """

    kind: str
    file_name: str
    rows: int
    columns: tuple[str, ...] = ()
    ignored: tuple[str, ...] = ()

    def summary(self) -> str:
        """'staff.csv holds 28 rows of staff.' plus the columns it would leave alone."""
        noun = "row" if self.rows == 1 else "rows"
        text = f"{self.file_name} holds {self.rows} {noun} of {self.kind}."
        if self.ignored:
            text += f" These columns are not imported: {', '.join(self.ignored)}."
        return text


def preview_import(path: Path) -> ImportPreview:
    """Read a file and say what it would be imported as; nothing changes.

    Raises:
        ValidationError: the file cannot be read or no importer takes it.
    """
    own = file_importer(path)
    if own is not None:
        return ImportPreview(own.kind, path.name, 0)
    table = read_table(path)
    importer = choose_importer(table.headers)
    known = set(importer.required) | set(importer.optional)
    return ImportPreview(importer.kind, table.name, len(table.rows),
                         tuple(table.headers[k] for k in table.headers if k in known),
                         tuple(table.headers[k] for k in table.headers if k not in known))


REFUSED = "Nothing was imported"


def import_file(plan: PlanService, path: Path) -> ImportResult:
    """Import a file into the plan as one undo step, or refuse it whole.

    The plan is backed up first (a plan open read-only is refused by the import's own edit).

    Raises:
        CutoverError: the file cannot be read, no importer takes it, or a row is wrong; the
            message says which row and column, and the plan is as it was.
    """
    own = file_importer(path)
    if own is not None:
        _backup_first(plan)
        return own.run(plan, path)
    table = read_table(path)
    importer = choose_importer(table.headers)
    _backup_first(plan)
    return importer.run(plan, table)


def _backup_first(plan: PlanService) -> None:
    if not plan.read_only:
        plan.backup_now("before-import")


def refusal_text(file_name: str, error: CutoverError) -> str:
    """How every importer's refusal reads, wherever it is shown: one sentence. A message that
    starts with the file's name already says what became of the file."""
    if error.message.startswith((REFUSED, f"{file_name} ")):
        return error.message
    return f"{REFUSED} from {file_name}. {error.message}"


# Cell values, shared by importers


def _cell(row: Row, column: str, headers: dict[str, str], reader: Callable[[object], Any]
          ) -> Any:
    try:
        return reader(row.cells.get(column))
    except CellError as exc:
        raise RowError(row, column, f"{exc}.", headers) from None


def cell_date(row: Row, column: str, headers: dict[str, str], *, required: bool) -> date | None:
    if is_blank(row.cells.get(column)):
        if required:
            raise RowError(row, column, "a date is needed here (YYYY-MM-DD).", headers)
        return None
    value: date = _cell(row, column, headers, read_date)
    return value


def cell_time(row: Row, column: str, headers: dict[str, str]) -> time | None:
    value: time | None = _cell(row, column, headers, read_time)
    return value

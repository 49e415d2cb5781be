"""The CSU portfolio: many plans read side by side, never changed, behind one small interface.

`PortfolioSource` is all the portfolio asks of where plans live. `FolderSource` reads a
folder of plan files; a server database could take its place without any screen changing
(docs/portfolio-beyond-one-machine.md).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Protocol

from cutover_desktop.domain.errors import CutoverError, PlanFileError, ValidationError
from cutover_desktop.domain.portfolio import PlanSummary, ReadState, summarise_plan, unreadable
from cutover_desktop.domain.portfolio_overview import Portfolio, build_portfolio
from cutover_desktop.paths import why_not_read
from cutover_desktop.reports.document import PageFrame, Report
from cutover_desktop.reports.portfolio import FILE_COLUMNS, file_records, portfolio_report
from cutover_desktop.reports.spreadsheet import csv_bytes, xlsx_bytes
from cutover_desktop.services.exchange import write_file
from cutover_desktop.services.planner import load_state
from cutover_desktop.storage.backups import is_backup_copy
from cutover_desktop.storage.database import PLAN_SUFFIX, is_busy
from cutover_desktop.storage.repository import PlanRepository
from cutover_desktop.storage.snapshot import (
    NewerPlanError,
    PlanBusyError,
    lock_holder,
    open_snapshot,
)

# Called after each plan is read with (plans read, plans in all); returns False to stop.
Progress = Callable[[int, int], bool]


class PortfolioSource(Protocol):
    """Where the portfolio's plans live. Reading never changes a plan and never raises:
    a plan that cannot be read is a summary saying why."""

    def describe(self) -> str:
        """Where the plans are, in words ("the folder C:\\Plans")."""
        ...

    def plan_ids(self) -> list[str]:
        """Every plan, by an id the source understands (a path for a folder)."""
        ...

    def read(self, plan_id: str, today: date) -> PlanSummary:
        """One plan's portfolio row."""
        ...


@dataclass
class FolderSource:
    """Plan files in a folder and every folder under it, read-only and without their locks.

    Rows are kept between reads: a plan whose file, journal and lock are as they were is
    not read again (so "Read again" on a big folder reads only what changed).
    """

    folder: Path
    _kept: dict[str, tuple[tuple[object, ...], PlanSummary]] = field(
        default_factory=dict, repr=False, compare=False)

    def describe(self) -> str:
        return f"the folder {self.folder}"

    def plan_ids(self) -> list[str]:
        if not self.folder.is_dir():
            raise PlanFileError(f"There is no folder called {self.folder}.")
        try:
            found = [p for p in self.folder.rglob(f"*{PLAN_SUFFIX}")
                     if p.is_file() and not is_backup_copy(p)]
        except OSError as exc:  # gone while it was listed (a network drive dropping out)
            raise PlanFileError(
                f"The folder {self.folder} could not be read to the end "
                f"({(exc.strerror or str(exc)).lower()}); check that it is still there, and "
                "read it again.") from None
        return [str(p) for p in sorted(found, key=lambda p: str(p).casefold())]

    def read(self, plan_id: str, today: date) -> PlanSummary:
        stamp = _stamp(Path(plan_id), today)
        kept = self._kept.get(plan_id)
        if kept is not None and stamp is not None and kept[0] == stamp:
            return kept[1]
        summary = self._read(plan_id, today)
        if stamp is not None:
            self._kept[plan_id] = (stamp, summary)
        return summary

    def _read(self, plan_id: str, today: date) -> PlanSummary:
        path = Path(plan_id)
        holder = lock_holder(path)
        try:
            db = open_snapshot(path)
        except NewerPlanError as exc:
            return unreadable(plan_id, ReadState.NEWER,
                              f"{exc.message} Install the newer version to see it.", holder)
        except PlanBusyError as exc:
            return unreadable(plan_id, ReadState.UNREADABLE, exc.message, holder)
        except CutoverError as exc:
            return unreadable(plan_id, ReadState.DAMAGED, exc.message, holder)
        except (OSError, sqlite3.Error) as exc:
            if isinstance(exc, OSError):
                why = why_not_read(exc)
            elif is_busy(exc):
                why = ("it is in use by another program at this moment; read the folder again "
                       "shortly")
            else:
                why = "it could not be opened as a database"
            return unreadable(plan_id, ReadState.UNREADABLE,
                              f"{path.name} could not be read: {why}.", holder)
        repo = PlanRepository(db, read_only=True)
        try:
            if not repo.has_plan():
                return unreadable(plan_id, ReadState.DAMAGED, f"{path.name} holds no plan.",
                                  holder)
            state = load_state(repo)
            return summarise_plan(plan_id, state, state.findings(today), today, holder)
        except (sqlite3.Error, CutoverError, ValueError, TypeError, LookupError,
                AssertionError, UnicodeDecodeError):
            # Damage the database check cannot see: a record that no longer reads as a value.
            return unreadable(plan_id, ReadState.DAMAGED,
                              f"{path.name} is damaged: some of its records cannot be read.",
                              holder)
        finally:
            repo.close()


def _stamp(path: Path, today: date) -> tuple[object, ...] | None:
    """What must be the same for a kept row to stand: the file, its side files, the day."""
    try:
        info = path.stat()
        sides = tuple(side.stat().st_mtime_ns if side.exists() else 0 for side in (
            path.with_name(path.name + suffix) for suffix in ("-journal", "-wal", ".lock")))
    except OSError:
        return None
    return (info.st_size, info.st_mtime_ns, sides, today)


def read_portfolio(source: PortfolioSource, today: date,
                   progress: Progress | None = None) -> Portfolio:
    """Read every plan of a source into a portfolio; `progress` is told after each plan."""
    ids = source.plan_ids()
    rows: list[PlanSummary] = []
    complete = True
    for number, plan_id in enumerate(ids, start=1):
        rows.append(source.read(plan_id, today))
        if progress is not None and not progress(number, len(ids)):
            complete = False
            break
    return build_portfolio(source.describe(), today, rows, complete)


EXPORT_FORMATS = ("csv", "xlsx")


def export_portfolio(portfolio: Portfolio, path: Path, fmt: str | None = None) -> int:
    """Write the portfolio's table to a CSV or XLSX file (whole or not at all); returns the
    number of practices written."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    records = file_records(portfolio)
    if fmt == "csv":
        data = csv_bytes(FILE_COLUMNS, records)
    elif fmt == "xlsx":
        data = xlsx_bytes(FILE_COLUMNS, records, "Portfolio")
    else:
        raise ValidationError("Choose CSV or XLSX for the portfolio's table.")
    write_file(path, data)
    return len(records)


def portfolio_printout(portfolio: Portfolio, printed_at: datetime | None = None) -> Report:
    """The portfolio as a printout: the table, the Problems across plans and the timeline."""
    frame = PageFrame("CSU portfolio", portfolio.where, printed_at or datetime.now())
    return portfolio_report(portfolio, frame)

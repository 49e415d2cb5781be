"""Table models for the cut-over registers: one row per batch, link, device, issue, ..."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import Qt

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import (
    Due,
    HeldRegistration,
    IssueStatus,
    LinkDates,
    LinkState,
    Progress,
    ReentryBatch,
    ThirdPartyLink,
    follow_up_day,
    held_due,
    link_dates,
    link_state,
    reminders_due,
)
from cutover_desktop.ui.models.base import Index, ReadOnlyTableModel

# The row's object (a batch, a link, ...), for views that act on it.
ROW_ROLE = Qt.ItemDataRole.UserRole + 1
# A value that sorts the column the way a person expects (dates by date, counts by number).
SORT_ROLE = Qt.ItemDataRole.UserRole + 2
NO_DATE = "–"


def _day(day: date | None) -> str:
    return uk_date(day) if day is not None else NO_DATE


def _day_key(day: date | None) -> str:
    return day.isoformat() if day is not None else "9999"


@dataclass(frozen=True)
class Col:
    """One column: its heading, its text for a row, and how it sorts."""

    title: str
    text: Callable[[Any], str]
    sort: Callable[[Any], Any] | None = None
    align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft
    tip: Callable[[Any], str] | None = None


_RIGHT = Qt.AlignmentFlag.AlignRight


class RegisterModel(ReadOnlyTableModel):
    """Rows of one register, shown through column definitions; `set_rows` loads them.

    Each row is the item the view acts on (ROW_ROLE); subclasses define the columns and how
    they read an item.
    """

    columns: tuple[Col, ...] = ()

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[Any] = []
        self._sort: tuple[int, Qt.SortOrder] | None = None

    def set_rows(self, rows: Sequence[Any]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        if self._sort is not None:
            self._rows = self._sorted(self._rows, *self._sort)
        self.endResetModel()

    def rows(self) -> list[Any]:
        return list(self._rows)

    def item(self, row: int) -> Any:
        return self._rows[row]

    def row_of(self, predicate: Callable[[Any], bool]) -> int:
        """The row of the first item matching, or -1."""
        return next((n for n, item in enumerate(self._rows) if predicate(item)), -1)

    def _sorted(self, rows: list[Any], column: int, order: Qt.SortOrder) -> list[Any]:
        col = self.columns[column]
        key = col.sort or (lambda item: col.text(item).casefold())
        return sorted(rows, key=key, reverse=order == Qt.SortOrder.DescendingOrder)

    # Qt model interface

    @property
    def headers(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(col.title for col in self.columns)

    def row_count(self) -> int:
        return len(self._rows)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if not 0 <= column < len(self.columns):
            return
        self.layoutAboutToBeChanged.emit()
        before = list(self._rows)
        self._sort = (column, order)
        self._rows = self._sorted(self._rows, column, order)
        where = {id(item): number for number, item in enumerate(self._rows)}
        persistent = self.persistentIndexList()
        self.changePersistentIndexList(persistent, [
            self.index(where[id(before[index.row()])], index.column()) for index in persistent])
        self.layoutChanged.emit()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if (not index.isValid() or not 0 <= index.row() < len(self._rows)
                or not 0 <= index.column() < len(self.columns)):
            return None
        item = self._rows[index.row()]
        col = self.columns[index.column()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return col.text(item)
        if role == ROW_ROLE:
            return item
        if role == SORT_ROLE:
            return col.sort(item) if col.sort else col.text(item).casefold()
        if role == Qt.ItemDataRole.TextAlignmentRole:
            return int(col.align | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole:
            tip = col.tip(item) if col.tip else col.text(item)
            return tip or None
        return None


# Paper re-entry


@dataclass(frozen=True)
class BatchRow:
    batch: ReentryBatch
    progress: Progress
    numbers: int = 0

    @property
    def id(self) -> int:
        return self.batch.id


def _checked_text(row: BatchRow) -> str:
    p = row.progress
    if p.re_entered == 0:
        return NO_DATE
    if p.checked >= p.re_entered:
        return "✔ All"
    return f"○ {p.checked} of {p.re_entered}"


class BatchesModel(RegisterModel):
    columns = (
        Col("Category", lambda r: r.batch.category),
        Col("Reference", lambda r: r.batch.reference),
        Col("Collected", lambda r: uk_date(r.batch.collected_on),
            lambda r: r.batch.collected_on.isoformat()),
        Col("By", lambda r: r.batch.collected_by),
        Col("Items", lambda r: str(r.batch.count), lambda r: r.batch.count, _RIGHT),
        Col("Re-entered", lambda r: f"{r.progress.re_entered} ({r.progress.percent}%)",
            lambda r: r.progress.fraction, _RIGHT),
        Col("Left", lambda r: "✔ 0" if r.progress.complete else str(r.progress.outstanding),
            lambda r: r.progress.outstanding, _RIGHT),
        Col("Checked", _checked_text, lambda r: (r.progress.checked, r.progress.re_entered)),
    )


class ReentryRecordsModel(RegisterModel):
    columns = (
        Col("Re-entered on", lambda p: uk_date(p.done_on), lambda p: (p.done_on, p.id)),
        Col("Items", lambda p: str(p.count), lambda p: p.count, _RIGHT),
        Col("By", lambda p: p.done_by),
        Col("Checked by", lambda p: f"✔ {p.checked_by}" if p.checked_by else "○ Not yet"),
    )


class NhsNumbersModel(RegisterModel):
    """Recorded NHS numbers, shown 3-3-4 (only in the plan that opted in to them)."""

    columns = (
        Col("NHS number", lambda n: n.number.shown, lambda n: n.number.digits),
        Col("Re-entered", lambda n: "✔ Yes" if n.re_entered else "○ Not yet",
            lambda n: n.re_entered),
    )


# Held registrations


@dataclass(frozen=True)
class HeldRow:
    held: HeldRegistration
    follow_up: date
    due: Due

    @property
    def id(self) -> int:
        return self.held.id


def held_rows(rows: Sequence[HeldRegistration], bgl: date, today: date) -> list[HeldRow]:
    return [HeldRow(h, follow_up_day(h, bgl), held_due(h, bgl, today)) for h in rows]


class HeldModel(RegisterModel):
    columns = (
        Col("Reference", lambda r: r.held.reference or "—"),
        Col("Came", lambda r: uk_date(r.held.came_on), lambda r: r.held.came_on.isoformat()),
        Col("Patients", lambda r: str(r.held.count), lambda r: r.held.count, _RIGHT),
        Col("Follow up", lambda r: uk_date(r.follow_up)
            + (" (go-live)" if r.held.follow_up_on is None else ""),
            lambda r: r.follow_up.isoformat()),
        Col("Completed", lambda r: f"{r.held.completed} of {r.held.count}",
            lambda r: r.held.completed, _RIGHT),
        Col("Completed on", lambda r: _day(r.held.completed_on),
            lambda r: _day_key(r.held.completed_on)),
        Col("Status", lambda r: f"{r.due.symbol} {r.due.label}",
            lambda r: list(Due).index(r.due)),
    )


# Third-party links


@dataclass(frozen=True)
class LinkRow:
    link: ThirdPartyLink
    dates: LinkDates
    state: LinkState
    due: tuple[str, ...]  # labels of the reminders due now

    @property
    def id(self) -> int:
        return self.link.id


def link_rows(rows: Sequence[ThirdPartyLink], key_dates: Mapping[KeyDate, date],
              today: date) -> list[LinkRow]:
    found = []
    for link in rows:
        dates = link_dates(link, key_dates)
        due = tuple(r.label for r in reminders_due(link, dates, today))
        found.append(LinkRow(link, dates, link_state(link, dates, today), due))
    return found


def _notice(row: LinkRow) -> str:
    link = row.link
    if link.notice_days is None:
        return "▲ Not known"
    text = plural(link.notice_days, "day")
    if row.dates.notice_by is not None and not link.notice_given_on:
        text += f", by {uk_date(row.dates.notice_by)}"
    return text


def _reminders(row: LinkRow) -> str:
    sent = len(row.link.reminders_sent)
    if row.due:
        return f"▲ {len(row.due)} due now"
    return f"{sent} of 4 sent"


def _reminders_tip(row: LinkRow) -> str:
    lines = []
    for reminder, day in row.dates.reminders.items():
        mark = "✔ sent" if reminder in row.link.reminders_sent else (
            "▲ due" if reminder.label in row.due else "○ not yet")
        lines.append(f"{reminder.label.capitalize()} ({uk_date(day)}): {mark}")
    return "\n".join(lines)


class LinksModel(RegisterModel):
    columns = (
        Col("Link", lambda r: r.link.name, lambda r: (r.link.position, r.link.id)),
        Col("Notice", _notice, lambda r: -1 if r.link.notice_days is None
            else r.link.notice_days),
        Col("Notice given", lambda r: _day(r.link.notice_given_on),
            lambda r: _day_key(r.link.notice_given_on)),
        Col("Off", lambda r: uk_date(r.dates.switch_off)
            + ("" if r.link.switch_off_on else " (plan)"),
            lambda r: r.dates.switch_off.isoformat()),
        Col("Reminders", _reminders, lambda r: (-len(r.due), len(r.link.reminders_sent)),
            tip=_reminders_tip),
        Col("Back on (planned)", lambda r: uk_date(r.dates.switch_on)
            + ("" if r.link.switch_on_on else " (BGL)"),
            lambda r: r.dates.switch_on.isoformat()),
        Col("Confirmed back on", lambda r: (f"{uk_date(r.link.back_on_on)}, "
                                            f"{r.link.confirmed_by}")
            if r.link.back_on_on else "○ Not yet",
            lambda r: _day_key(r.link.back_on_on)),
        Col("State", lambda r: r.state.label, lambda r: list(LinkState).index(r.state)),
    )


# MESH partners


class PartnersModel(RegisterModel):
    columns = (
        Col("Partner service", lambda p: p.name),
        Col("Told on", lambda p: _day(p.told_on), lambda p: _day_key(p.told_on)),
        Col("By", lambda p: p.told_by),
        Col("How", lambda p: p.how),
        Col("Status", lambda p: "✔ Told" if p.told else "○ Not yet", lambda p: p.told),
    )


# Equipment


class EquipmentModel(RegisterModel):
    columns = (
        Col("Device", lambda e: e.name),
        Col("Kind", lambda e: e.kind.label),
        Col("Site", lambda e: e.site),
        Col("Survey", lambda e: (f"Incompatible → {e.replacement}" if e.replacement
                                 else "▲ Incompatible") if e.incompatible else "Compatible",
            tip=lambda e: e.notes),
        Col("Configured", lambda e: _day(e.configured_on), lambda e: _day_key(e.configured_on)),
        Col("Tested", lambda e: (f"{uk_date(e.tested_on)}, {e.tested_by}" if e.tested_on
                                 else NO_DATE), lambda e: _day_key(e.tested_on)),
        Col("Status", lambda e: e.status),
    )


# Post-go-live issues


class IssuesModel(RegisterModel):
    columns = (
        Col("Issue", lambda i: i.title, tip=lambda i: i.notes or i.title),
        Col("Kind", lambda i: i.category.label),
        Col("Opened", lambda i: uk_date(i.opened_on), lambda i: (i.opened_on, i.id)),
        Col("Owner", lambda i: i.owner or "—"),
        Col("Status", lambda i: i.status.label, lambda i: list(IssueStatus).index(i.status)),
        Col("Closed", lambda i: _day(i.closed_on), lambda i: _day_key(i.closed_on)),
    )


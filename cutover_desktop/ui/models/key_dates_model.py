"""The Key dates tab's tables: the derived key dates, and the practice's own calendar days."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt

from cutover_desktop.domain.calendar import WorkingCalendar, bank_holiday_name
from cutover_desktop.domain.formatting import days_from_bgl, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import CalendarDay, CalendarDayKind
from cutover_desktop.ui.models.base import ReadOnlyTableModel

Index = QModelIndex | QPersistentModelIndex
COL_NAME, COL_DATE, COL_FROM_BGL, COL_NOTE = range(4)
HEADERS = ("Key date", "Date", "From BGL", "Note")
CAL_DAY, CAL_KIND, CAL_NOTE = range(3)
CALENDAR_HEADERS = ("Day", "What", "Note")
DAY_ROLE = Qt.ItemDataRole.UserRole + 1


def day_note(day: date, calendar: WorkingCalendar) -> str:
    """Why a day needs a second look: a bank holiday, a weekend or a closure; else ''."""
    holiday = bank_holiday_name(day)
    if holiday:
        return f"Bank holiday: {holiday}"
    reason = calendar.why_not_working(day)
    if reason:
        return f"Not a working day: {reason}"
    return ""


class KeyDatesModel(ReadOnlyTableModel):
    """The derived key dates, one row each: name, date, days from BGL and a note."""

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._rows)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[tuple[KeyDate, date, str]] = []
        self._bgl: date | None = None

    def set_dates(self, key_dates: dict[KeyDate, date] | Any, calendar: WorkingCalendar) -> None:
        self.beginResetModel()
        self._bgl = key_dates[KeyDate.BGL]
        self._rows = sorted(((key, day, day_note(day, calendar))
                             for key, day in key_dates.items()),
                            key=lambda row: (row[1], list(KeyDate).index(row[0])))
        self.endResetModel()

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        key, day, note = self._rows[index.row()]
        if role == DAY_ROLE:
            return day
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == COL_NAME:
                return key.label
            if column == COL_DATE:
                return uk_date(day)
            if column == COL_FROM_BGL:
                assert self._bgl is not None
                return days_from_bgl((day - self._bgl).days)
            return f"▲ {note}" if note else ""
        return None


class CalendarDaysModel(ReadOnlyTableModel):
    """The plan's own calendar days, oldest first: closures and extra working days."""

    headers = CALENDAR_HEADERS

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[CalendarDay] = []

    def row_count(self) -> int:
        return len(self._rows)

    def set_days(self, days: Any) -> None:
        rows = sorted(days, key=lambda d: d.day)
        if rows == self._rows:
            return
        self.beginResetModel()
        self._rows = rows
        self.endResetModel()

    def day_at(self, row: int) -> CalendarDay | None:
        return self._rows[row] if 0 <= row < len(self._rows) else None

    def row_of(self, day: date) -> int | None:
        for row, entry in enumerate(self._rows):
            if entry.day == day:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        entry = self._rows[index.row()]
        if role == DAY_ROLE:
            return entry.day
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole,
                    Qt.ItemDataRole.ToolTipRole):
            column = index.column()
            if column == CAL_DAY:
                return uk_date(entry.day)
            if column == CAL_KIND:
                # A symbol beside the words, never colour alone.
                return ("✕ Practice closed" if entry.kind is CalendarDayKind.CLOSURE
                        else "+ Extra working day")
            return entry.note
        return None

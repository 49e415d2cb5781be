"""The Today tab's figures: the day's tasks as a table, each phase's red, amber or green,
and the next key date as seen from the day shown."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, Qt
from PySide6.QtGui import QFont, QGuiApplication

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, next_key_date
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.reports.day_schedule import DayEntry
from cutover_desktop.ui.countdown import countdown_text
from cutover_desktop.ui.models.base import ReadOnlyTableModel
from cutover_desktop.ui.models.task_cells import status_text
from cutover_desktop.ui.style import tone

Index = QModelIndex | QPersistentModelIndex

TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 1
COL_STATUS, COL_TIME, COL_TASK, COL_OWNER, COL_ASSIGNED, COL_SITE, COL_PHASE = range(7)
HEADERS = ("Status", "Time", "Task", "Owner", "Assigned", "Site", "Phase")


def next_key_date_text(key_dates: Mapping[KeyDate, date], day: date, today: date) -> str:
    """The next key date as seen from the day shown: from today, a countdown; from another
    day, the first key date after it and how long after."""
    if day == today:
        return f"Next key date: {countdown_text(key_dates, today)}"
    upcoming = next_key_date(key_dates, day + timedelta(days=1))
    if upcoming is None:
        return "Next key date after this day: none; every key date is on or before it."
    key, when = upcoming
    gap = plural((when - day).days, "day")
    return f"Next key date after this day: {key.label}, {gap} later — {uk_date(when)}"


# What happens on a day


@dataclass(frozen=True)
class PhaseRag:
    """Red, amber or green for one phase on one day, with the words that say why."""

    phase: str
    rating: str
    detail: str

    @property
    def text(self) -> str:
        return f"{self.rating} — {self.detail}"


def phase_rag(items: Sequence[DayEntry], phases: Sequence[str], today: date) -> list[PhaseRag]:
    """A rating for each phase with tasks on the day, in plan order.

    Red: something is blocked or overdue. Amber: something is still to do. Green: all done.
    """
    by_phase: dict[str, list[DayEntry]] = {}
    for item in items:
        by_phase.setdefault(item.task.phase, []).append(item)
    order = [p for p in phases if p in by_phase] + [p for p in by_phase if p not in phases]
    ratings = []
    for phase in order:
        tasks = [item.task for item in by_phase[phase]]
        late = sum(1 for item in by_phase[phase]
                   if item.task.status is TaskStatus.BLOCKED
                   or (not item.task.status.is_closed and item.placed.end < today))
        open_count = sum(1 for task in tasks if not task.status.is_closed)
        if late:
            ratings.append(PhaseRag(phase, "Red", f"{late} overdue/blocked"))
        elif open_count:
            ratings.append(PhaseRag(phase, "Amber", f"{open_count} to do"))
        else:
            ratings.append(PhaseRag(phase, "Green", "all done"))
    return ratings


# The table of the day's tasks


class DayTasksModel(ReadOnlyTableModel):
    """The day's tasks, one row each: status, time, title, owner, site and phase."""

    headers = HEADERS

    def row_count(self) -> int:
        return len(self._items)

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._items: list[DayEntry] = []
        self._assigned: dict[TaskId, str] = {}

    def set_items(self, items: Sequence[DayEntry],
                  assigned: dict[TaskId, str] | None = None) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._assigned = dict(assigned or {})
        self.endResetModel()

    def item(self, row: int) -> DayEntry:
        return self._items[row]

    def task_ids(self) -> list[TaskId]:
        return [item.task.id for item in self._items]

    def row_of(self, task_id: int) -> int | None:
        for row, item in enumerate(self._items):
            if item.task.id == task_id:
                return row
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        task = item.task
        column = index.column()
        if role == TASK_ID_ROLE:
            return int(task.id)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._display(item, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_STATUS and task.status is TaskStatus.SKIPPED:
                return f"Skipped: {task.skip_reason}"
            if column == COL_TASK:
                return "\n\n".join(part for part in (task.title, task.notes) if part)
            return self._display(item, column) or None
        if role == Qt.ItemDataRole.FontRole and column == COL_TASK and task.milestone:
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ForegroundRole:
            if task.status.is_closed and column != COL_STATUS:
                return QGuiApplication.palette().placeholderText().color()
            if column == COL_STATUS and task.status is TaskStatus.BLOCKED:
                return tone("problem")
        return None

    def _display(self, item: DayEntry, column: int) -> str:
        task = item.task
        if column == COL_STATUS:
            return status_text(task.status)
        if column == COL_TIME:
            span = item.span_text()
            return f"{item.time_text()} · {span}" if span else item.time_text()
        if column == COL_TASK:
            return task.title
        if column == COL_OWNER:
            return task.owner_role
        if column == COL_ASSIGNED:
            return self._assigned.get(task.id, "")
        if column == COL_SITE:
            return task.site
        return task.phase

"""TaskTableModel: the plan's tasks as table rows, and TaskFilterProxy to filter them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QPointF,
    QRectF,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import hhmm, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    OffsetUnit,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plain_words import plain_why
from cutover_desktop.domain.scheduling import TaskDates
from cutover_desktop.ui.assigned_names import assigned_names
from cutover_desktop.ui.session import PlanSession

(COL_NUMBER, COL_TITLE, COL_PHASE, COL_START, COL_END, COL_DAYS, COL_TIME, COL_OWNER,
 COL_SITE, COL_STATUS, COL_PRIORITY, COL_ANCHOR, COL_NOTES) = range(13)
# Added last so the other columns keep their numbers; the list shows it beside Owner role.
COL_ASSIGNED = 13
COLUMN_COUNT = 14
HEADERS = ("#", "Title", "Phase", "Start", "End", "Days", "Time", "Owner role", "Site",
           "Status", "Priority", "Anchor", "Notes", "Assigned")
HEADER_TIPS = (
    "Task number",
    "What has to be done",
    "Stage of the migration",
    "First day of the task",
    "Last day of the task",
    "How many days it lasts",
    "Time of day, when set",
    "Who does it",
    "Where it happens",
    "Not started, in progress, done, blocked or skipped",
    "Low, normal or high",
    "What the date is timed from: a key date, another task, or a fixed date",
    "Notes on the task",
    "The people assigned to the task",
)
# Columns a person can change in place (the rest come from the schedule or the task dialog).
EDITABLE_COLUMNS = frozenset({COL_TITLE, COL_DAYS, COL_OWNER, COL_SITE, COL_STATUS,
                              COL_PRIORITY, COL_NOTES})
# Columns whose text depends on the schedule, so on other tasks as well as the row's own.
SCHEDULED_COLUMNS = (COL_START, COL_END, COL_ANCHOR)

# A value for sorting: dates as date, numbers as int, text folded to lower case.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The task's id (int).
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
# The domain Task itself.
TASK_ROLE = Qt.ItemDataRole.UserRole + 3

STATUS_SYMBOLS = {
    TaskStatus.NOT_STARTED: "○",
    TaskStatus.IN_PROGRESS: "◐",
    TaskStatus.DONE: "✔",
    TaskStatus.BLOCKED: "■",
    TaskStatus.SKIPPED: "⊘",
}
# Colours that read on a light and on a dark background; the shape and word say it too.
STATUS_COLOURS = {
    TaskStatus.NOT_STARTED: "#7a7a7a",
    TaskStatus.IN_PROGRESS: "#1f6fd1",
    TaskStatus.DONE: "#1e8a3c",
    TaskStatus.BLOCKED: "#c62828",
    TaskStatus.SKIPPED: "#8d6e00",
}
MINUS = "−"
_ANCHOR_TITLE_CHARS = 28
_NOTES_CHARS = 200
# Above this many separate row ranges, one dataChanged over them all is cheaper for views.
_MAX_RANGES = 32
_ROOT = QModelIndex()
# Built once: combining flags in Python costs more than the rest of flags().
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)
_EDIT_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsEditable


def status_text(status: TaskStatus) -> str:
    """'✔ Done': the status in a word with its symbol, so it is never colour alone."""
    return f"{STATUS_SYMBOLS[status]} {status.label}"


def _signed(offset: int) -> str:
    return f"+{offset}" if offset >= 0 else f"{MINUS}{abs(offset)}"


def _shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def anchor_text(task: Task, tasks: Mapping[TaskId, Task]) -> str:
    """'BGL−4', 'FDP+0 WD', 'after “X” +2', 'Pinned Fri 12 Mar 2027'."""
    if task.pinned_date is not None:
        return f"Pinned {uk_date(task.pinned_date)}"
    wd = " WD" if task.offset_unit is OffsetUnit.WORKING_DAYS else ""
    key = task.anchor.key_date
    if key is not None:
        short = key.short
        if task.offset == 0 and not wd:
            return short
        gap = "" if short.isupper() else " "
        return f"{short}{gap}{_signed(task.offset)}{wd}"
    other = tasks.get(task.anchor.task_id) if task.anchor.task_id is not None else None
    name = _shorten(other.title, _ANCHOR_TITLE_CHARS) if other else "a deleted task"
    if task.offset == 0 and not wd:
        return f"after “{name}”"
    return f"after “{name}” {_signed(task.offset)}{wd}"


def time_text(task: Task) -> str:
    if task.start_time and task.end_time:
        return f"{hhmm(task.start_time)}–{hhmm(task.end_time)}"
    if task.start_time:
        return f"from {hhmm(task.start_time)}"
    if task.end_time:
        return f"by {hhmm(task.end_time)}"
    return ""


_icon_cache: dict[str, QIcon] = {}


def status_icon(status: TaskStatus) -> QIcon:
    """A small drawn icon whose shape differs per status (made once a QApplication exists)."""
    key = f"status:{status.value}"
    if key not in _icon_cache:
        _icon_cache[key] = _draw_status_icon(status)
    return _icon_cache[key]


def milestone_icon() -> QIcon:
    if "milestone" not in _icon_cache:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#5b3b8c"), 2))
        painter.setBrush(QColor("#8e6cc4"))
        painter.drawPolygon(QPolygonF([QPointF(16, 3), QPointF(29, 16), QPointF(16, 29),
                                       QPointF(3, 16)]))
        painter.end()
        _icon_cache["milestone"] = QIcon(pixmap)
    return _icon_cache["milestone"]


def _draw_status_icon(status: TaskStatus) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = QColor(STATUS_COLOURS[status])
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 3)
    painter.setPen(pen)
    ring = QRectF(4, 4, 24, 24)
    if status is TaskStatus.NOT_STARTED:
        painter.drawEllipse(ring)
    elif status is TaskStatus.IN_PROGRESS:
        painter.drawEllipse(ring)
        half = QPainterPath()
        half.moveTo(16, 4)
        half.arcTo(ring, 90, -180)
        half.closeSubpath()
        painter.fillPath(half, colour)
    elif status is TaskStatus.DONE:
        painter.setBrush(colour)
        painter.drawEllipse(ring)
        painter.setPen(QPen(QColor("white"), 3.5))
        painter.drawPolyline(QPolygonF([QPointF(9, 16.5), QPointF(14, 21.5), QPointF(23, 11)]))
    elif status is TaskStatus.BLOCKED:
        painter.setBrush(colour)
        painter.drawRect(QRectF(5, 5, 22, 22))
        painter.setPen(QPen(QColor("white"), 4))
        painter.drawLine(QPointF(10, 16), QPointF(22, 16))
    else:
        painter.drawEllipse(ring)
        painter.drawLine(QPointF(8, 24), QPointF(24, 8))
    painter.end()
    return QIcon(pixmap)


def _ranges(rows: Iterable[int]) -> list[tuple[int, int]]:
    """Sorted row numbers as (first, last) runs."""
    runs: list[tuple[int, int]] = []
    for row in sorted(rows):
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            runs.append((row, row))
    return runs


class TaskTableModel(QAbstractTableModel):
    """One row per task of the open plan, with its scheduled dates.

    Rows are kept in plan order (by start date, then position) until `sort()` is called;
    the model sorts itself in Python, because comparing Python values inside a
    QSortFilterProxyModel is slow at 5,000 rows. TaskFilterProxy passes sorting on to it.

    Edits go through the session; a refused edit changes nothing, emits `edit_refused`
    and is also announced on `session.refused` for the main window.

    Signals:
        edit_refused(str): an edit made in a cell was refused, with the reason.
    """

    edit_refused = Signal(str)

    def __init__(self, session: PlanSession, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._tasks: Mapping[TaskId, Task] = {}
        self._dates: Mapping[TaskId, TaskDates] = {}
        self._issues: dict[TaskId, str] = {}
        self._assigned: dict[TaskId, str] = {}
        self._ids: list[TaskId] = []
        self._row_of: dict[TaskId, int] = {}
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder
        self._read_only = False
        self._load()
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)

    # Reading the plan

    def _read_state(self) -> None:
        service = self._session.service
        schedule = service.schedule()
        self._tasks = service.state.tasks
        self._dates = schedule.dates
        self._issues = {}
        for issue in schedule.issues:
            self._issues.setdefault(issue.task_id, issue.message)
        self._read_only = service.read_only
        self._assigned = assigned_names(service)

    def _plan_order(self) -> list[TaskId]:
        return [task.id for task in self._session.service.state.ordered_tasks()]

    def _load(self) -> None:
        self._read_state()
        self._ids = self._sorted(self._plan_order())
        self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}

    def _on_session_plan_opened(self) -> None:
        self.beginResetModel()
        self._load()
        self.endResetModel()

    def _on_session_changed(self, changes: Changes) -> None:
        self.refresh(changes)

    def refresh(self, changes: Changes | None = None) -> None:
        """Follow an edit: rows added or removed, changed rows repainted, order kept."""
        old_tasks, old_dates, old_issues = self._tasks, self._dates, self._issues
        old_assigned = self._assigned
        new_ids = set(self._session.service.state.tasks)
        removed = set(self._row_of) - new_ids
        # Rows go while the old plan is still readable, so views see a consistent model.
        for first, last in reversed(_ranges(self._row_of[t] for t in removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first:last + 1]
            self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}
            self.endRemoveRows()
        self._read_state()
        added = new_ids - set(self._row_of)
        if added:
            fresh = [task_id for task_id in self._plan_order() if task_id in added]
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(fresh)
            self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}
            self.endInsertRows()
        renamed = changes.task_ids if changes is not None else frozenset(new_ids)
        changed = {
            task_id for task_id in self._ids
            if task_id not in added and (
                old_tasks.get(task_id) is not self._tasks[task_id]
                or old_dates.get(task_id) != self._dates[task_id]
                or old_issues.get(task_id) != self._issues.get(task_id)
                or old_assigned.get(task_id) != self._assigned.get(task_id)
                or self._tasks[task_id].anchor.task_id in renamed)
        }
        self._resort()
        self._announce_rows({self._row_of[task_id] for task_id in changed})

    def _announce_rows(self, rows: set[int]) -> None:
        if not rows:
            return
        last_column = COLUMN_COUNT - 1
        runs = _ranges(rows)
        if len(runs) > _MAX_RANGES:
            runs = [(runs[0][0], runs[-1][1])]
        for first, last in runs:
            self.dataChanged.emit(self.index(first, 0), self.index(last, last_column))

    # Sorting

    def _sort_key(self, column: int) -> Callable[[TaskId], Any]:
        tasks, dates = self._tasks, self._dates
        text_of: dict[int, Callable[[Task], str]] = {
            COL_TITLE: lambda t: t.title,
            COL_PHASE: lambda t: t.phase,
            COL_OWNER: lambda t: t.owner_role,
            COL_SITE: lambda t: t.site,
            COL_NOTES: lambda t: t.notes,
            COL_ANCHOR: lambda t: anchor_text(t, tasks),
            COL_ASSIGNED: lambda t: self._assigned.get(t.id, ""),
        }
        if column in text_of:
            get = text_of[column]
            return lambda task_id: get(tasks[task_id]).casefold()
        if column == COL_NUMBER:
            return lambda task_id: int(task_id)
        if column == COL_START:
            return lambda task_id: dates[task_id].start
        if column == COL_END:
            return lambda task_id: dates[task_id].end
        if column == COL_DAYS:
            return lambda task_id: tasks[task_id].duration_days
        if column == COL_TIME:
            return lambda task_id: (tasks[task_id].start_time is None,
                                    tasks[task_id].start_time or 0)
        if column == COL_STATUS:
            statuses = list(TaskStatus)
            return lambda task_id: statuses.index(tasks[task_id].status)
        if column == COL_PRIORITY:
            priorities = list(Priority)
            return lambda task_id: priorities.index(tasks[task_id].priority)
        raise ValueError(column)

    def _sorted(self, plan_order: list[TaskId]) -> list[TaskId]:
        if not 0 <= self._sort_column < COLUMN_COUNT:
            return plan_order
        if self._sort_column == COL_START and self._sort_order == Qt.SortOrder.AscendingOrder:
            return plan_order  # the plan's reading order is by start date already
        # Python's sort is stable, also in reverse, so ties keep plan order.
        return sorted(plan_order, key=self._sort_key(self._sort_column),
                      reverse=self._sort_order == Qt.SortOrder.DescendingOrder)

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        if (column, order) == (self._sort_column, self._sort_order):
            return  # already in that order: edits re-sort as they come (QTableView asks twice)
        self._sort_column = column
        self._sort_order = order
        self._resort(plan_order=True)

    def sort_column(self) -> int:
        return self._sort_column

    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def _resort(self, plan_order: bool = False) -> None:
        if not plan_order and self._sort_column < 0:
            return
        # Start from plan order so ties read the way the plan does.
        base = self._plan_order() if plan_order or self._sort_column >= 0 else self._ids
        new_ids = self._sorted(base)
        if new_ids == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        new_row_of = {task_id: row for row, task_id in enumerate(new_ids)}
        old_persistent = self.persistentIndexList()
        new_persistent = []
        for index in old_persistent:
            task_id = self._ids[index.row()]
            new_persistent.append(self.index(new_row_of[task_id], index.column()))
        self._ids = new_ids
        self._row_of = new_row_of
        self.changePersistentIndexList(old_persistent, new_persistent)
        self.layoutChanged.emit()

    # Access for Python callers (the proxy, the list widget)

    def task_at(self, row: int) -> Task:
        return self._tasks[self._ids[row]]

    def dates_at(self, row: int) -> TaskDates:
        return self._dates[self._ids[row]]

    def task_id_at(self, row: int) -> TaskId:
        return self._ids[row]

    def row_of(self, task_id: int) -> int:
        """The row of a task, or -1 when it is not in the plan."""
        return self._row_of.get(TaskId(task_id), -1)

    def task_ids(self) -> list[TaskId]:
        return list(self._ids)

    def owner_roles(self) -> list[str]:
        """The owner roles used in the plan, for choosing one."""
        roles = {task.owner_role for task in self._tasks.values() if task.owner_role}
        return sorted(roles, key=str.casefold)

    def sites(self) -> list[str]:
        return list(self._session.service.details.sites)

    # The item model

    def rowCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: QModelIndex | QPersistentModelIndex = _ROOT) -> int:
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation != Qt.Orientation.Horizontal or not 0 <= section < COLUMN_COUNT:
            return None
        if role == Qt.ItemDataRole.DisplayRole:
            return HEADERS[section]
        if role == Qt.ItemDataRole.ToolTipRole:
            return HEADER_TIPS[section]
        return None

    def flags(self, index: QModelIndex | QPersistentModelIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        if index.column() in EDITABLE_COLUMNS and not self._read_only:
            return _EDIT_FLAGS
        return _ROW_FLAGS

    def data(self, index: QModelIndex | QPersistentModelIndex,
             role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._ids):
            return None
        task_id = self._ids[index.row()]
        task = self._tasks[task_id]
        column = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(task, column)
        if role == Qt.ItemDataRole.EditRole:
            return self._edit_value(task, column)
        if role == SORT_ROLE:
            return self._sort_value(task, column)
        if role == TASK_ID_ROLE:
            return int(task_id)
        if role == TASK_ROLE:
            return task
        if role == Qt.ItemDataRole.ToolTipRole:
            return self._tooltip(task, column)
        if role == Qt.ItemDataRole.DecorationRole:
            if column == COL_STATUS:
                return status_icon(task.status)
            if column == COL_TITLE and task.milestone:
                return milestone_icon()
            return None
        if role == Qt.ItemDataRole.TextAlignmentRole and column in (COL_NUMBER, COL_DAYS):
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.FontRole and (
                (column == COL_PRIORITY and task.priority is Priority.HIGH)
                or (column == COL_TITLE and task.milestone)):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return self._display(task, column)
        return None

    def _display(self, task: Task, column: int) -> str:
        if column == COL_NUMBER:
            return str(task.id)
        if column == COL_TITLE:
            return task.title
        if column == COL_PHASE:
            return task.phase
        if column == COL_START:
            return uk_date(self._dates[task.id].start)
        if column == COL_END:
            return uk_date(self._dates[task.id].end)
        if column == COL_DAYS:
            return str(task.duration_days)
        if column == COL_TIME:
            return time_text(task)
        if column == COL_OWNER:
            return task.owner_role
        if column == COL_SITE:
            return task.site
        if column == COL_STATUS:
            # The word, with a drawn icon whose shape differs per status (DecorationRole).
            return task.status.label
        if column == COL_PRIORITY:
            return task.priority.label
        if column == COL_ANCHOR:
            text = anchor_text(task, self._tasks)
            return f"⚠ {text}" if task.id in self._issues else text
        if column == COL_NOTES:
            return _shorten(task.notes, _NOTES_CHARS)
        if column == COL_ASSIGNED:
            return self._assigned.get(task.id, "")
        return ""

    def _edit_value(self, task: Task, column: int) -> Any:
        if column == COL_DAYS:
            return task.duration_days
        if column == COL_STATUS:
            return task.status.value
        if column == COL_PRIORITY:
            return task.priority.value
        if column == COL_OWNER:
            return task.owner_role
        if column == COL_SITE:
            return task.site
        if column == COL_NOTES:
            return task.notes
        return self._display(task, column)

    def _sort_value(self, task: Task, column: int) -> Any:
        if column == COL_START:
            return self._dates[task.id].start
        if column == COL_END:
            return self._dates[task.id].end
        return self._sort_key(column)(task.id)

    def _tooltip(self, task: Task, column: int) -> str:
        placed = self._dates[task.id]
        lines = [task.title]
        if column == COL_STATUS:
            lines.append(f"Status: {task.status.label}")
            if task.status is TaskStatus.SKIPPED and task.skip_reason:
                lines.append(f"Skipped because: {task.skip_reason}")
        elif column == COL_NOTES and task.notes:
            lines.append(task.notes)
        else:
            when = (uk_date(placed.start) if placed.start == placed.end
                    else f"{uk_date(placed.start)} to {uk_date(placed.end)}")
            lines.append(when)
            if placed.pushed_by is not None and placed.pushed_by in self._tasks:
                lines.append(f"Waits for “{self._tasks[placed.pushed_by].title}”, "
                             f"which finishes {uk_date(self._dates[placed.pushed_by].end)}.")
            if task.id in self._issues:
                lines.append(f"⚠ {self._issues[task.id]}")
            if task.why:
                lines.append(f"Why it matters: {plain_why(task.why)}")
        if column in EDITABLE_COLUMNS and not self._read_only:
            lines.append("(F2 to change in place; Enter opens the task)")
        return "\n".join(lines)

    # Editing in place

    def setData(self, index: QModelIndex | QPersistentModelIndex, value: Any,
                role: int = Qt.ItemDataRole.EditRole) -> bool:
        if (role != Qt.ItemDataRole.EditRole or not index.isValid()
                or not self.flags(index) & Qt.ItemFlag.ItemIsEditable):
            return False
        task = self.task_at(index.row())
        service = self._session.service
        try:
            column = index.column()
            if column == COL_STATUS:
                status = TaskStatus(value)
                if status is task.status:
                    return True
                reason = task.skip_reason if status is TaskStatus.SKIPPED else ""
                self._session.try_edit(service.set_status, [task.id], status, reason)
                return True
            new = task.with_changes(**self._changed_field(column, value))
            if new != task:
                self._session.try_edit(service.update_task, new)
        except CutoverError as exc:
            self._refuse(exc.message)
            return False
        except (TypeError, ValueError):
            self._refuse("That value cannot be used here.")
            return False
        return True

    def _changed_field(self, column: int, value: Any) -> dict[str, object]:
        if column == COL_TITLE:
            return {"title": str(value).strip()}
        if column == COL_DAYS:
            days = int(value)
            if not 1 <= days <= MAX_DURATION_DAYS:
                raise CutoverError(f"Duration must be 1 to {MAX_DURATION_DAYS} days.")
            return {"duration_days": days}
        if column == COL_OWNER:
            return {"owner_role": str(value).strip()}
        if column == COL_SITE:
            site = str(value).strip()
            if site and site not in self._session.service.details.sites:
                raise CutoverError(f"“{site}” is not one of the practice's sites.")
            return {"site": site}
        if column == COL_PRIORITY:
            return {"priority": Priority(value)}
        if column == COL_NOTES:
            return {"notes": str(value)}
        raise ValueError(column)

    def _refuse(self, message: str) -> None:
        self.edit_refused.emit(message)
        self._session.refused.emit(message)


class TaskFilterProxy(QSortFilterProxyModel):
    """Filters the task rows by phase, status, owner role, dates and free text.

    Sorting is passed on to the TaskTableModel (fast, and by the same values as its
    SORT_ROLE), so this proxy keeps the source's order.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._phase = ""
        self._status: TaskStatus | None = None
        self._owner = ""
        self._from: date | None = None
        self._to: date | None = None
        self._words: list[str] = []
        self.setSortRole(SORT_ROLE)
        # With no filter set, an edit need not re-filter the rows it changed.
        self.setDynamicSortFilter(False)

    def source(self) -> TaskTableModel:
        model = self.sourceModel()
        assert isinstance(model, TaskTableModel)
        return model

    # Filters

    def _change(self, apply: Callable[[], None]) -> None:
        self.beginFilterChange()
        apply()
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        filtered = self.is_filtered()
        if filtered != self.dynamicSortFilter():
            self.setDynamicSortFilter(filtered)

    def set_phase(self, phase: str | None) -> None:
        """Only tasks of this phase; None or '' for every phase."""
        self._change(lambda: setattr(self, "_phase", phase or ""))

    def set_status(self, status: TaskStatus | None) -> None:
        self._change(lambda: setattr(self, "_status", status))

    def set_owner(self, text: str) -> None:
        """Only tasks whose owner role contains this text (any case)."""
        self._change(lambda: setattr(self, "_owner", text.strip().casefold()))

    def set_date_range(self, start: date | None, end: date | None) -> None:
        """Only tasks that overlap [start, end]; None leaves that side open."""
        def apply() -> None:
            self._from, self._to = start, end
        self._change(apply)

    def set_text(self, text: str) -> None:
        """Only tasks whose title, notes, owner role or phase hold every word of the text."""
        self._change(lambda: setattr(self, "_words", text.casefold().split()))

    def clear_filters(self) -> None:
        def apply() -> None:
            self._phase, self._status, self._owner = "", None, ""
            self._from = self._to = None
            self._words = []
        self._change(apply)

    def is_filtered(self) -> bool:
        return bool(self._phase or self._status or self._owner or self._from or self._to
                    or self._words)

    def filterAcceptsRow(self, source_row: int,
                         source_parent: QModelIndex | QPersistentModelIndex) -> bool:
        if not self.is_filtered():
            return True
        model = self.source()
        task = model.task_at(source_row)
        if self._phase and task.phase != self._phase:
            return False
        if self._status is not None and task.status is not self._status:
            return False
        if self._owner and self._owner not in task.owner_role.casefold():
            return False
        if self._from is not None or self._to is not None:
            placed = model.dates_at(source_row)
            if self._from is not None and placed.end < self._from:
                return False
            if self._to is not None and placed.start > self._to:
                return False
        if self._words:
            haystack = " ".join((task.title, task.notes, task.owner_role, task.phase)).casefold()
            return all(word in haystack for word in self._words)
        return True

    # Sorting by the source

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self.source().sort(column, order)

    # Rows

    def task_id_at(self, row: int) -> int:
        return int(self.source().task_id_at(self.mapToSource(self.index(row, 0)).row()))

    def visible_task_ids(self) -> list[int]:
        model = self.source()
        if not self.is_filtered():
            # Sorting is the source's, so with no filter the rows are the source's rows.
            return [int(task_id) for task_id in model.task_ids()]
        return [int(model.task_id_at(self.mapToSource(self.index(row, 0)).row()))
                for row in range(self.rowCount())]

    def row_of(self, task_id: int) -> int:
        """The visible row of a task, or -1 when it is filtered out or gone."""
        source_row = self.source().row_of(task_id)
        if source_row < 0:
            return -1
        return self.mapFromSource(self.source().index(source_row, 0)).row()


def task_ids_of(rows: Sequence[QModelIndex]) -> list[int]:
    """Task ids of index rows (any column), once each, in the order given."""
    seen: dict[int, None] = {}
    for index in rows:
        value = index.data(TASK_ID_ROLE)
        if value is not None:
            seen.setdefault(int(value), None)
    return list(seen)

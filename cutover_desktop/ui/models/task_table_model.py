"""TaskTableModel: the plan's tasks as table rows (TaskFilterProxy, in task_filter_proxy, filters
them; how each cell reads is in task_cells; both are importable from here as before)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plain_words import plain_why
from cutover_desktop.domain.scheduling import TaskDates
from cutover_desktop.ui.assigned_names import assigned_names
from cutover_desktop.ui.models.task_cells import SORT_ROLE as SORT_ROLE
from cutover_desktop.ui.models.task_cells import STATUS_COLOURS as STATUS_COLOURS
from cutover_desktop.ui.models.task_cells import STATUS_SYMBOLS as STATUS_SYMBOLS
from cutover_desktop.ui.models.task_cells import TASK_ID_ROLE as TASK_ID_ROLE
from cutover_desktop.ui.models.task_cells import TASK_ROLE as TASK_ROLE
from cutover_desktop.ui.models.task_cells import anchor_text as anchor_text
from cutover_desktop.ui.models.task_cells import milestone_icon as milestone_icon
from cutover_desktop.ui.models.task_cells import shorten
from cutover_desktop.ui.models.task_cells import status_icon as status_icon
from cutover_desktop.ui.models.task_cells import status_text as status_text
from cutover_desktop.ui.models.task_cells import time_text as time_text
from cutover_desktop.ui.models.task_filter_proxy import TaskFilterProxy as TaskFilterProxy
from cutover_desktop.ui.models.task_filter_proxy import task_ids_of as task_ids_of
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

_NOTES_CHARS = 200
# Above this many separate row ranges, one dataChanged over them all is cheaper for views.
_MAX_RANGES = 32
_ROOT = QModelIndex()
_MISSING = object()
# Built once: combining flags in Python costs more than the rest of flags().
_ROW_FLAGS = (Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
              | Qt.ItemFlag.ItemNeverHasChildren)
_EDIT_FLAGS = _ROW_FLAGS | Qt.ItemFlag.ItemIsEditable
# Roles as plain ints (comparing with the enum members is slow at a dozen roles a cell).
_DISPLAY, _EDIT, _TOOLTIP, _DECORATION, _ALIGNMENT, _FONT, _ACCESSIBLE_TEXT = (
    int(role) for role in (
        Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.EditRole, Qt.ItemDataRole.ToolTipRole,
        Qt.ItemDataRole.DecorationRole, Qt.ItemDataRole.TextAlignmentRole,
        Qt.ItemDataRole.FontRole, Qt.ItemDataRole.AccessibleTextRole))
_ANSWERED_ROLES = frozenset({_DISPLAY, _EDIT, _TOOLTIP, _DECORATION, _ALIGNMENT, _FONT,
                             _ACCESSIBLE_TEXT, int(SORT_ROLE), int(TASK_ID_ROLE),
                             int(TASK_ROLE)})
_RIGHT_ALIGNED = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)


def _ranges(rows: Iterable[int], most: int | None = None) -> list[tuple[int, int]]:
    """Distinct row numbers as sorted (first, last) runs; past `most` runs, one run over them
    all."""
    ordered = sorted(rows)
    if ordered and ordered[-1] - ordered[0] + 1 == len(ordered):
        return [(ordered[0], ordered[-1])]  # one run: every row between (a go-live move)
    runs: list[tuple[int, int]] = []
    for row in ordered:
        if runs and row == runs[-1][1] + 1:
            runs[-1] = (runs[-1][0], row)
        else:
            if most is not None and len(runs) == most:
                return [(ordered[0], ordered[-1])]
            runs.append((row, row))
    return runs


def _changed_keys(old: Mapping[TaskId, object], new: Mapping[TaskId, object]) -> list[TaskId]:
    """Keys whose value differs between two mappings, or that only one has."""
    if old is new:
        return []
    found = [key for key, value in new.items() if old.get(key, _MISSING) != value]
    if len(old) > len(new) - len(found):
        found += old.keys() - new.keys()
    return found


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
        # The staff and assignment tables the names were read from (kept while unchanged).
        self._assigned_from: tuple[object, object] | None = None
        self._ids: list[TaskId] = []
        self._row_of: dict[TaskId, int] = {}
        # By role: whether a row passes a filter proxy's filter (see TaskFilterProxy).
        self._row_filters: dict[int, Callable[[int], bool]] = {}
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
        staff, assignments = service.state.table("staff"), service.state.table("assignment")
        held = self._assigned_from
        if held is None or held[0] is not staff or held[1] is not assignments:
            self._assigned = assigned_names(service)
            self._assigned_from = (staff, assignments)

    def _plan_order(self) -> list[TaskId]:
        return self._session.service.state.ordered_task_ids()

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
        new_ids = self._session.service.state.tasks.keys()
        removed = self._row_of.keys() - new_ids
        # Rows go while the old plan is still readable, so views see a consistent model.
        for first, last in reversed(_ranges(self._row_of[t] for t in removed)):
            self.beginRemoveRows(QModelIndex(), first, last)
            del self._ids[first:last + 1]
            self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}
            self.endRemoveRows()
        self._read_state()
        added = new_ids - self._row_of.keys()
        if added:
            fresh = [task_id for task_id in self._plan_order() if task_id in added]
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(fresh)
            self._row_of = {task_id: row for row, task_id in enumerate(self._ids)}
            self.endInsertRows()
        # Rows whose only change is their dates repaint the date columns alone.
        moved = set(_changed_keys(old_dates, self._dates))
        changed = set(_changed_keys(old_issues, self._issues))
        changed.update(_changed_keys(old_assigned, self._assigned))
        if old_tasks is not self._tasks:
            changed.update(task_id for task_id, task in self._tasks.items()
                           if old_tasks.get(task_id) is not task)
        renamed = changes.task_ids if changes is not None else frozenset(new_ids)
        if renamed:
            changed.update(task_id for task_id, task in self._tasks.items()
                           if task.anchor.task_id in renamed)
        shown = self._row_of.keys() - added
        changed &= shown
        moved &= shown
        moved -= changed
        self._resort()
        row_of = self._row_of
        self._announce_rows({row_of[task_id] for task_id in changed})
        self._announce_rows({row_of[task_id] for task_id in moved}, COL_START, COL_END)

    def _announce_rows(self, rows: set[int], first_column: int = 0,
                       last_column: int = COLUMN_COUNT - 1) -> None:
        if not rows:
            return
        for first, last in _ranges(rows, _MAX_RANGES):
            self.dataChanged.emit(self.index(first, first_column),
                                  self.index(last, last_column))

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

    def set_row_filter(self, role: int, accepts: Callable[[int], bool]) -> None:
        """Answer `role` for a row with "1" when `accepts(row)`, else "0" (a proxy filters
        by it in Qt, and sets no pattern while nothing is filtered, so it is not asked)."""
        self._row_filters[role] = accepts

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
        # Views ask each painted cell for a dozen roles; most get None straight away.
        if role not in _ANSWERED_ROLES:
            if role in self._row_filters and index.isValid():
                return "1" if self._row_filters[role](index.row()) else "0"
            return None
        row = index.row()
        if not index.isValid() or not 0 <= row < len(self._ids):
            return None
        task_id = self._ids[row]
        task = self._tasks[task_id]
        column = index.column()
        if role == _DISPLAY:
            return self._display(task, column)
        if role == _EDIT:
            return self._edit_value(task, column)
        if role == SORT_ROLE:
            return self._sort_value(task, column)
        if role == TASK_ID_ROLE:
            return int(task_id)
        if role == TASK_ROLE:
            return task
        if role == _TOOLTIP:
            return self._tooltip(task, column)
        if role == _DECORATION:
            if column == COL_STATUS:
                return status_icon(task.status)
            if column == COL_TITLE and task.milestone:
                return milestone_icon()
            return None
        if role == _ALIGNMENT and column in (COL_NUMBER, COL_DAYS):
            return _RIGHT_ALIGNED
        if role == _FONT and (
                (column == COL_PRIORITY and task.priority is Priority.HIGH)
                or (column == COL_TITLE and task.milestone)):
            font = QFont()
            font.setBold(True)
            return font
        if role == _ACCESSIBLE_TEXT:
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
            return shorten(task.notes, _NOTES_CHARS)
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

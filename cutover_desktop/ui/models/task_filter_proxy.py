"""TaskFilterProxy: the task table's rows filtered by phase, status, owner, dates and words."""

from __future__ import annotations

import functools
import itertools
import weakref
from collections.abc import Callable, Sequence
from datetime import date
from typing import TYPE_CHECKING, cast

from PySide6.QtCore import (
    QAbstractItemModel,
    QModelIndex,
    QObject,
    QSortFilterProxyModel,
    Qt,
)

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.ui.models.task_cells import SORT_ROLE, TASK_ID_ROLE

if TYPE_CHECKING:
    from PySide6.QtCore import QRegularExpression

    from cutover_desktop.ui.models.task_table_model import TaskTableModel


# Each proxy asks the model whether a row passes its filter by a role of its own.
_FILTER_ROLES = itertools.count(int(Qt.ItemDataRole.UserRole) + 100)
# The model answers "1" for a row that passes; with no filter set the pattern is empty and
# Qt passes every row without asking (a Python filterAcceptsRow would be called for every
# row each time the rows are re-ordered: 10 ms a go-live move at 10,000 tasks).
@functools.cache
def _pattern(filtered: bool) -> QRegularExpression:
    # Made at the first filter: PySide6 builds QRegularExpression's class when first used.
    from PySide6.QtCore import QRegularExpression

    return QRegularExpression("^1$") if filtered else QRegularExpression()


class TaskFilterProxy(QSortFilterProxyModel):
    """Filters the task rows by phase, status, owner role, dates and free text.

    Sorting is passed on to the TaskTableModel (fast, and by the same values as its
    SORT_ROLE), so this proxy keeps the source's order. Filtering is Qt's own, by a role
    the TaskTableModel answers with `accepts_row` while a filter is set.
    """

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._phase = ""
        self._status: TaskStatus | None = None
        self._owner = ""
        self._from: date | None = None
        self._to: date | None = None
        self._words: list[str] = []
        self._filtered = False
        self._filter_role = next(_FILTER_ROLES)
        self.setFilterRole(self._filter_role)
        self.setFilterKeyColumn(0)
        self.setSortRole(SORT_ROLE)
        # With no filter set, an edit need not re-filter the rows it changed.
        self.setDynamicSortFilter(False)

    def source(self) -> TaskTableModel:
        return cast("TaskTableModel", self.sourceModel())

    def setSourceModel(self, model: QAbstractItemModel) -> None:  # noqa: N802 - Qt's name
        super().setSourceModel(model)
        set_row_filter = getattr(model, "set_row_filter", None)
        if set_row_filter is not None:
            # Weakly: the model must not keep a proxy alive (nor call one Qt has deleted).
            method = weakref.WeakMethod(self.accepts_row)
            set_row_filter(self._filter_role,
                           lambda row: (accepts := method()) is None or accepts(row))

    # Filters

    def _change(self, apply: Callable[[], None]) -> None:
        self.beginFilterChange()
        apply()
        self._filtered = self.is_filtered()
        self.setFilterRegularExpression(_pattern(self._filtered))
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)
        filtered = self._filtered
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

    def accepts_row(self, source_row: int) -> bool:
        """True when the model's row passes every filter set."""
        if not self._filtered:
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
            return list(map(int, model.task_ids()))  # int() in C: no Python step a row
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

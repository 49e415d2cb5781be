"""The task table's view: how it selects, sorts and edits, its first columns, and row
height and column widths that follow the font size."""

from __future__ import annotations

from PySide6.QtCore import QSize, QSortFilterProxyModel, Qt, Signal
from PySide6.QtGui import QPaintEvent
from PySide6.QtWidgets import QAbstractItemView, QHeaderView, QTableView

from cutover_desktop.ui.models.task_table_model import (
    COL_ANCHOR,
    COL_ASSIGNED,
    COL_DAYS,
    COL_END,
    COL_NUMBER,
    COL_OWNER,
    COL_PHASE,
    COL_PRIORITY,
    COL_SITE,
    COL_START,
    COL_STATUS,
    COL_TIME,
    COL_TITLE,
    TaskTableModel,
)

# Starting column widths: the widest text each column usually holds (the user can resize).
_SAMPLES = {COL_NUMBER: "99999", COL_START: "Wed 30 Sep 2026", COL_END: "Wed 30 Sep 2026",
            COL_DAYS: "366", COL_TIME: "09:00–10:30", COL_STATUS: "Not started",
            COL_PRIORITY: "Normal"}
# Columns of free text, in average characters.
_CHARS = {COL_TITLE: 34, COL_PHASE: 17, COL_OWNER: 20, COL_ASSIGNED: 20, COL_SITE: 14,
          COL_ANCHOR: 18}


class TaskTableView(QTableView):
    """The task table, which says when it is first painted.

    Told by the table itself rather than by watching its viewport: a viewport Qt made,
    handed to Python, makes PySide6 create the class of every kind of widget (9 ms).

    Signals:
        first_painted(): the table has been painted for the first time.
    """

    first_painted = Signal()

    def __init__(self) -> None:
        super().__init__()
        self._painted = False

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if not self._painted:
            self._painted = True
            self.first_painted.emit()


def make_task_table(proxy: QSortFilterProxyModel) -> TaskTableView:
    """A row-selecting, sortable table over the filtered tasks, dates and status first."""
    table = TaskTableView()
    table.setAccessibleName("Tasks")
    table.setModel(proxy)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
    table.setEditTriggers(QAbstractItemView.EditTrigger.EditKeyPressed
                          | QAbstractItemView.EditTrigger.SelectedClicked)
    table.setAlternatingRowColors(True)
    table.setWordWrap(False)
    table.setTabKeyNavigation(False)
    table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
    table.verticalHeader().hide()
    table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
    header = table.horizontalHeader()
    header.setSectionsMovable(True)
    header.setStretchLastSection(True)
    # Beside the timeline only the first columns show: put the dates and status there.
    for place, column in enumerate((COL_NUMBER, COL_TITLE, COL_START, COL_END, COL_STATUS,
                                   COL_OWNER, COL_ASSIGNED)):
        header.moveSection(header.visualIndex(column), place)
    header.setHighlightSections(False)
    header.setSortIndicator(COL_START, Qt.SortOrder.AscendingOrder)
    table.setSortingEnabled(True)
    return table


def fit_table_to_font(table: QTableView, model: TaskTableModel) -> None:
    """Row height, icon size and starting column widths for the table's current font."""
    metrics = table.fontMetrics()
    height = metrics.height() + 8
    table.verticalHeader().setDefaultSectionSize(height)
    table.verticalHeader().setMinimumSectionSize(height)
    icon = max(16, metrics.height() - 2)
    table.setIconSize(QSize(icon, icon))
    char = metrics.averageCharWidth()
    header = table.horizontalHeader()
    header_metrics = header.fontMetrics()
    # Room for the cell margins and, in the header, the sort arrow.
    padding, arrow = 16, 24
    for column in (*_SAMPLES, *_CHARS):
        text = (metrics.horizontalAdvance(_SAMPLES[column]) if column in _SAMPLES
                else _CHARS[column] * char)
        if column in (COL_STATUS, COL_TITLE):
            text += icon + 6
        title = header_metrics.horizontalAdvance(
            str(model.headerData(column, Qt.Orientation.Horizontal))) + arrow
        header.resizeSection(column, max(text + padding, title + padding))

"""The task table's in-place editors: the cell delegate and the optional date box of the
filter bar."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import (
    QAbstractItemModel,
    QDate,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QComboBox,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

from cutover_desktop.domain.model import MAX_DURATION_DAYS, Priority, TaskStatus
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.models.task_table_model import (
    COL_DAYS,
    COL_OWNER,
    COL_PRIORITY,
    COL_SITE,
    COL_STATUS,
    TASK_ID_ROLE,
    TaskTableModel,
    status_icon,
)
from cutover_desktop.ui.qt_dates import from_qdate, to_qdate

ANY_DATE = QDate(2000, 1, 1)


class OptionalDateEdit(DateEntry):
    """A date box that can also say 'any date' (its lowest value, shown as an empty box)."""

    def __init__(self, name: str, parent: QWidget | None = None) -> None:
        super().__init__(ANY_DATE, parent, words=False)
        self.setMinimumDate(ANY_DATE)
        self.setMaximumDate(QDate(2099, 12, 31))
        self.setSpecialValueText("any date")
        self.setDate(ANY_DATE)
        self.setAccessibleName(name)
        self.set_start_from(date.today())

    def value(self) -> date | None:
        return None if self.date() == ANY_DATE else from_qdate(self.date())

    def set_value(self, day: date | None) -> None:
        self.setDate(ANY_DATE if day is None else to_qdate(day))


class TaskItemDelegate(QStyledItemDelegate):
    """Editors for the cells that can be changed in place.

    Signals:
        skip_requested(int): the status of a task was set to Skipped; a reason is needed.
    """

    skip_requested = Signal(int)

    def __init__(self, model: TaskTableModel, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._model = model

    def createEditor(self, parent: QWidget, option: QStyleOptionViewItem,
                     index: QModelIndex | QPersistentModelIndex) -> QWidget:
        column = index.column()
        if column == COL_STATUS:
            combo = QComboBox(parent)
            for status in TaskStatus:
                combo.addItem(status_icon(status), status.label, status.value)
            combo.setAccessibleName("Status")
            return combo
        if column == COL_PRIORITY:
            combo = QComboBox(parent)
            for priority in Priority:
                combo.addItem(priority.label, priority.value)
            combo.setAccessibleName("Priority")
            return combo
        if column == COL_SITE:
            combo = QComboBox(parent)
            combo.addItem("(no particular site)", "")
            for site in self._model.sites():
                combo.addItem(site, site)
            combo.setAccessibleName("Site")
            return combo
        if column == COL_OWNER:
            combo = QComboBox(parent)
            combo.setEditable(True)
            combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
            combo.addItems(self._model.owner_roles())
            combo.setAccessibleName("Owner role")
            return combo
        if column == COL_DAYS:
            from PySide6.QtWidgets import QSpinBox  # its Qt class is built at the first edit

            spin = QSpinBox(parent)
            spin.setRange(1, MAX_DURATION_DAYS)
            spin.setAccessibleName("Duration in days")
            return spin
        editor = super().createEditor(parent, option, index)
        editor.setAccessibleName(str(self._model.headerData(column, Qt.Orientation.Horizontal)))
        return editor

    def setEditorData(self, editor: QWidget, index: QModelIndex | QPersistentModelIndex) -> None:
        value = index.data(Qt.ItemDataRole.EditRole)
        if isinstance(editor, QComboBox):
            if editor.isEditable():
                editor.setEditText(str(value))
            else:
                editor.setCurrentIndex(max(0, editor.findData(value)))
            return
        super().setEditorData(editor, index)

    def setModelData(self, editor: QWidget, model: QAbstractItemModel,
                     index: QModelIndex | QPersistentModelIndex) -> None:
        if isinstance(editor, QComboBox):
            value = editor.currentText() if editor.isEditable() else editor.currentData()
            if (index.column() == COL_STATUS and value == TaskStatus.SKIPPED.value
                    and index.data(Qt.ItemDataRole.EditRole) != value):
                self.skip_requested.emit(int(index.data(TASK_ID_ROLE)))
                return
            model.setData(index, value, Qt.ItemDataRole.EditRole)
            return
        super().setModelData(editor, model, index)

"""The task dialog's 'Waits for' box: the tasks one waits for, picked by typing."""

from __future__ import annotations

from collections.abc import Iterable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QGroupBox,
    QHBoxLayout,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import Task
from cutover_desktop.services.planner import PlanService
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.task_picker import SearchableCombo, line_edit_of, task_label

FIELD = "dependencies"


class PredecessorsEditor(QGroupBox):
    """A list of the tasks waited for, with a searchable picker to add one and a button to
    remove the selected ones. Nothing is saved here: the dialog saves the list on OK.

    Signals:
        changed(): a task was added to or removed from the list.
    """

    changed = Signal()

    def __init__(self, service: PlanService, task_id: TaskId | None, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__("Waits for (starts when these finish)", parent)
        self._service = service
        self._task_id = task_id
        self._errors = errors
        self.list = QListWidget()
        self.list.setAccessibleName("Tasks it waits for")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.list.setMinimumHeight(self.fontMetrics().height() * 4)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.picker = SearchableCombo()
        self.picker.setAccessibleName("Task to wait for")
        self.add_button = QPushButton("&Add")
        self.add_button.setAccessibleName("Add the task to wait for")
        self.remove_button = QPushButton("Re&move")
        self.remove_button.setAccessibleName("Stop waiting for the selected tasks")
        layout = QVBoxLayout(self)
        layout.addWidget(self.list)
        picker_row = QHBoxLayout()
        picker_row.addWidget(self.picker, 1)
        picker_row.addWidget(self.add_button)
        picker_row.addWidget(self.remove_button)
        layout.addLayout(picker_row)
        layout.addWidget(errors.add(FIELD, self.picker, FIELD))
        self.add_button.clicked.connect(self.add_selected)
        line_edit_of(self.picker).returnPressed.connect(self.add_selected)
        self.remove_button.clicked.connect(self.remove_selected)
        self.list.itemSelectionChanged.connect(self._update_enabled)
        self._update_enabled()

    def fill(self, choices: Iterable[Task], waited_for: Iterable[int]) -> None:
        """Offer `choices` in the picker and list the tasks already waited for."""
        for other in choices:
            self.picker.addItem(task_label(other), int(other.id))
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText("")
        for task_id in waited_for:
            self._add_item(task_id)

    def _add_item(self, task_id: int) -> None:
        if task_id in self.ids() or task_id not in self._service.state.tasks:
            return
        task = self._service.task(TaskId(task_id))
        item = QListWidgetItem(task_label(task))
        item.setToolTip(task.title)
        item.setData(Qt.ItemDataRole.UserRole, int(task_id))
        self.list.addItem(item)

    def add(self, task_id: int) -> None:
        """Wait for another task too."""
        self._errors.clear_field(FIELD)
        if task_id == self._task_id:
            self._errors.show(FIELD, "A task cannot wait for itself.")
            return
        self._add_item(task_id)
        self.changed.emit()

    def add_selected(self) -> None:
        chosen = self.picker.current_data()
        if chosen is None:
            self._errors.show(FIELD, "Choose a task from the list to wait for.")
            return
        self.add(int(chosen))
        self.picker.setCurrentIndex(-1)
        self.picker.setEditText("")

    def remove_selected(self) -> None:
        for item in self.list.selectedItems():
            self.list.takeItem(self.list.row(item))
        self._errors.clear_field(FIELD)
        self._update_enabled()
        self.changed.emit()

    def ids(self) -> list[int]:
        """Ids of the tasks waited for, in the order listed."""
        return [int(self.list.item(row).data(Qt.ItemDataRole.UserRole))
                for row in range(self.list.count())]

    def _update_enabled(self) -> None:
        self.remove_button.setEnabled(bool(self.list.selectedItems()))

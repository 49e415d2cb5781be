"""TaskListWidget: the plan's tasks as a filterable, sortable table with bulk actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QByteArray,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QMetaMethod,
    QModelIndex,
    QPoint,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.ui.models.task_table_model import (
    TaskFilterProxy,
    TaskTableModel,
    status_icon,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.style import set_tone
from cutover_desktop.ui.task_editors import OptionalDateEdit, TaskItemDelegate
from cutover_desktop.ui.task_table_view import TaskTableView, fit_table_to_font, make_task_table

if TYPE_CHECKING:
    # Loaded when first opened, not at every start.
    from PySide6.QtWidgets import QMessageBox

    from cutover_desktop.ui.dialogs.skip_reason_dialog import SkipReasonDialog
    from cutover_desktop.ui.dialogs.task_dialog import TaskDialog


class TaskListWidget(QWidget):
    """The task table with a filter bar and actions on the selected tasks.

    Double-click or Enter on a row emits `task_activated`; when nothing is connected to
    it, the widget opens the task dialog itself.

    Signals:
        task_activated(int): a task was opened (double-click or Enter).
        row_order_changed(list): the ids of the visible tasks, top to bottom, after the
            filter, the sort or the plan changed the order (not repeated when unchanged).
    """

    task_activated = Signal(int)
    row_order_changed = Signal(list)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._syncing = False
        self._last_order: list[int] = []
        self.delete_box: QMessageBox | None = None
        self.skip_dialog: SkipReasonDialog | None = None
        self.task_dialog: TaskDialog | None = None
        self._pending: list[int] = []

        self.model = TaskTableModel(session, self)
        self.proxy = TaskFilterProxy(self)
        self.proxy.setSourceModel(self.model)
        self._build()
        self._build_actions()
        self._fill_filters()
        self._connect()
        self._apply_metrics()
        self._last_order = self.visible_task_ids()
        self._update_counts()

    # Building

    def _build(self) -> None:
        self._filter_labels: list[QLabel] = []
        self.search_edit = QLineEdit()
        self.search_edit.setPlaceholderText("Search titles, notes, owners, phases")
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setAccessibleName("Search tasks")
        self.phase_filter = QComboBox()
        self.phase_filter.setAccessibleName("Show phase")
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show status")
        self.owner_filter = QLineEdit()
        self.owner_filter.setPlaceholderText("Any owner")
        self.owner_filter.setClearButtonEnabled(True)
        self.owner_filter.setAccessibleName("Owner role contains")
        self.from_date = OptionalDateEdit("Tasks on or after")
        self.to_date = OptionalDateEdit("Tasks on or before")
        self.clear_button = QPushButton("C&lear filters")
        self.clear_button.setAccessibleName("Clear filters")

        # Wide enough to read what is typed, at any system font size.
        char = self.fontMetrics().averageCharWidth()
        self.search_edit.setMinimumWidth(16 * char)
        self.owner_filter.setMinimumWidth(12 * char)
        filters_top = QHBoxLayout()
        filters_top.addWidget(self._label("Sea&rch", self.search_edit))
        filters_top.addWidget(self.search_edit, 3)
        filters_top.addWidget(self._label("P&hase", self.phase_filter))
        filters_top.addWidget(self.phase_filter, 2)
        filters_top.addWidget(self._label("Stat&us", self.status_filter))
        filters_top.addWidget(self.status_filter, 1)
        filters_bottom = QHBoxLayout()
        filters_bottom.addWidget(self._label("O&wner", self.owner_filter))
        filters_bottom.addWidget(self.owner_filter, 2)
        filters_bottom.addWidget(self._label("Fro&m", self.from_date))
        filters_bottom.addWidget(self.from_date)
        filters_bottom.addWidget(self._label("T&o", self.to_date))
        filters_bottom.addWidget(self.to_date)
        filters_bottom.addWidget(self.clear_button)

        self.add_button = QPushButton("&Add task…")
        self.add_button.setAccessibleName("Add a task")
        self.status_button = QPushButton("Set &status")
        self.status_button.setAccessibleName("Set the status of the selected tasks")
        self.delete_button = QPushButton("&Delete…")
        self.delete_button.setAccessibleName("Delete the selected tasks")
        self.count_label = QLabel()
        self.count_label.setAccessibleName("Tasks shown")
        self.message_label = QLabel()
        self.message_label.setAccessibleName("Message")
        self.message_label.setWordWrap(True)
        self.message_label.hide()

        actions = QHBoxLayout()
        actions.addWidget(self.add_button)
        actions.addWidget(self.status_button)
        actions.addWidget(self.delete_button)
        actions.addStretch(1)
        actions.addWidget(self.count_label)

        self.table = make_task_table(self.proxy)
        self.delegate = TaskItemDelegate(self.model, self.table)
        self.table.setItemDelegate(self.delegate)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        layout.addLayout(filters_top)
        layout.addLayout(filters_bottom)
        layout.addLayout(actions)
        layout.addWidget(self.message_label)
        layout.addWidget(self.table, 1)

    def _label(self, text: str, buddy: QWidget) -> QLabel:
        label = QLabel(text)
        label.setBuddy(buddy)
        self._filter_labels.append(label)
        return label

    def _build_actions(self) -> None:
        scope = Qt.ShortcutContext.WidgetWithChildrenShortcut
        self.open_action = QAction("&Open…", self)
        self.open_action.triggered.connect(self._on_open_action_triggered)
        self.add_action = QAction("&Add task…", self)
        self.add_action.setShortcut(QKeySequence(Qt.Key.Key_Insert))
        self.add_action.setShortcutContext(scope)
        self.add_action.triggered.connect(self.add_task)
        self.delete_action = QAction("&Delete…", self)
        self.delete_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        self.delete_action.setShortcutContext(scope)
        self.delete_action.triggered.connect(self.delete_selected)
        self.status_actions: dict[TaskStatus, QAction] = {}
        self.status_menu = QMenu("Set &status", self)
        for status in TaskStatus:
            text = f"{status.label}…" if status is TaskStatus.SKIPPED else status.label
            action = QAction(status_icon(status), text, self)
            action.triggered.connect(lambda _checked=False, s=status: self.set_status(s))
            self.status_menu.addAction(action)
            self.status_actions[status] = action
        self.status_button.setMenu(self.status_menu)
        self.addAction(self.add_action)
        self.addAction(self.delete_action)
        self.add_button.clicked.connect(self.add_task)
        self.delete_button.clicked.connect(self.delete_selected)

    def _fill_filters(self) -> None:
        service = self._session.service
        current_phase = self.phase_filter.currentData()
        self.phase_filter.blockSignals(True)
        self.phase_filter.clear()
        self.phase_filter.addItem("All phases", "")
        for phase in service.details.phases:
            self.phase_filter.addItem(phase, phase)
        self.phase_filter.setCurrentIndex(max(0, self.phase_filter.findData(current_phase)))
        self.phase_filter.blockSignals(False)
        if self.status_filter.count() == 0:
            self.status_filter.addItem("Any status", "")
            for status in TaskStatus:
                self.status_filter.addItem(status_icon(status), status.label, status.value)
        start, end = service.schedule().span()
        today = min(max(service.today(), start), end)
        self.from_date.set_start_from(today)
        self.to_date.set_start_from(today)

    def _connect(self) -> None:
        self.search_edit.textChanged.connect(self.proxy.set_text)
        self.owner_filter.textChanged.connect(self.proxy.set_owner)
        self.phase_filter.currentIndexChanged.connect(self._on_phase_filter_changed)
        self.status_filter.currentIndexChanged.connect(self._on_status_filter_changed)
        self.from_date.dateChanged.connect(self._on_dates_changed)
        self.to_date.dateChanged.connect(self._on_dates_changed)
        self.clear_button.clicked.connect(self.clear_filters)
        self.table.activated.connect(self._on_table_activated)
        self.table.customContextMenuRequested.connect(self._on_table_context_menu)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row_changed)
        self.table.selectionModel().selectionChanged.connect(self._on_selection_changed)
        self.delegate.skip_requested.connect(self._on_delegate_skip_requested)
        self.model.edit_refused.connect(self.show_message)
        for signal in (self.proxy.rowsInserted, self.proxy.rowsRemoved,
                       self.proxy.layoutChanged, self.proxy.modelReset):
            signal.connect(self._on_rows_changed)
        self._order_timer = QTimer(self)
        self._order_timer.setSingleShot(True)
        self._order_timer.setInterval(0)
        self._order_timer.timeout.connect(self._emit_row_order)
        self._session.changed.connect(self._on_session_changed)
        self._session.plan_opened.connect(self._on_session_plan_opened)
        self._session.task_selected.connect(self._on_session_task_selected)
        self._on_selection_changed()

    def _apply_metrics(self) -> None:
        """Row height and column widths that follow the font size."""
        fit_table_to_font(self.table, self.model)
        for label in self._filter_labels:
            # Kerned pairs such as "To" can draw past their measured width at some sizes.
            plain = label.text().replace("&", "")
            label.setMinimumWidth(label.fontMetrics().horizontalAdvance(plain)
                                  + label.fontMetrics().averageCharWidth())

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._apply_metrics()
        super().changeEvent(event)

    # Public

    def table_view(self) -> TaskTableView:
        return self.table

    def row_height(self) -> int:
        return self.table.verticalHeader().defaultSectionSize()

    def visible_task_ids(self) -> list[int]:
        """The ids of the tasks on show, top to bottom."""
        return self.proxy.visible_task_ids()

    def selected_task_ids(self) -> list[int]:
        """The ids of the selected tasks, top to bottom."""
        rows = sorted(index.row() for index in self.table.selectionModel().selectedRows())
        return [self.proxy.task_id_at(row) for row in rows]

    def current_task_id(self) -> int | None:
        index = self.table.currentIndex()
        return self.proxy.task_id_at(index.row()) if index.isValid() else None

    def select_task(self, task_id: int) -> bool:
        """Select and show a task; False when it is filtered out or gone."""
        row = self.proxy.row_of(task_id)
        if row < 0:
            return False
        index = self.proxy.index(row, max(0, self.table.currentIndex().column()))
        flags = (QItemSelectionModel.SelectionFlag.ClearAndSelect
                 | QItemSelectionModel.SelectionFlag.Rows)
        self._syncing = True
        try:
            self.table.selectionModel().setCurrentIndex(index, flags)
        finally:
            self._syncing = False
        self.table.scrollTo(index)
        return True

    def select_tasks(self, task_ids: list[int]) -> None:
        """Select several tasks (those on show), the first one current."""
        selection = QItemSelection()
        rows = [self.proxy.row_of(task_id) for task_id in task_ids]
        rows = [row for row in rows if row >= 0]
        for row in rows:
            selection.select(self.proxy.index(row, 0),
                             self.proxy.index(row, self.proxy.columnCount() - 1))
        model = self.table.selectionModel()
        self._syncing = True
        try:
            if rows:
                model.setCurrentIndex(self.proxy.index(rows[0], 0),
                                      QItemSelectionModel.SelectionFlag.NoUpdate)
            model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        finally:
            self._syncing = False

    def state(self) -> QByteArray:
        """Column widths, order and sort, for the main window to keep in its settings."""
        return self.table.horizontalHeader().saveState()

    def restore_state(self, state: QByteArray | bytes | None) -> bool:
        if not state:
            return False
        header = self.table.horizontalHeader()
        if not header.restoreState(QByteArray(state)):
            return False
        self.proxy.sort(header.sortIndicatorSection(), header.sortIndicatorOrder())
        return True

    def clear_filters(self) -> None:
        for widget in (self.search_edit, self.owner_filter, self.phase_filter,
                       self.status_filter, self.from_date, self.to_date):
            widget.blockSignals(True)
        self.search_edit.clear()
        self.owner_filter.clear()
        self.phase_filter.setCurrentIndex(0)
        self.status_filter.setCurrentIndex(0)
        self.from_date.set_value(None)
        self.to_date.set_value(None)
        for widget in (self.search_edit, self.owner_filter, self.phase_filter,
                       self.status_filter, self.from_date, self.to_date):
            widget.blockSignals(False)
        self.proxy.clear_filters()
        self._update_counts()

    def show_message(self, message: str) -> None:
        """Show why something was refused (the main window shows it too)."""
        self.message_label.setText(f"⚠ {message}")
        set_tone(self.message_label, "problem")
        self.message_label.show()

    def _show_note(self, message: str) -> None:
        self.message_label.setText(message)
        set_tone(self.message_label, "")
        self.message_label.show()

    def _clear_message(self) -> None:
        self.message_label.clear()
        self.message_label.hide()

    # Actions

    def _edit(self, action: Callable[..., Changes], *args: Any) -> Changes | None:
        """Run an edit; on refusal say why here and on the session (for the main window)."""
        try:
            return self._session.try_edit(action, *args)
        except CutoverError as exc:
            self.show_message(exc.message)
            self._session.refused.emit(exc.message)
            return None

    def set_status(self, status: TaskStatus) -> None:
        """Give every selected task this status, as one undo step (Skipped asks why)."""
        ids = self.selected_task_ids()
        if not ids:
            self.show_message("Select one or more tasks first.")
            return
        if status is TaskStatus.SKIPPED:
            self.ask_skip_reason(ids)
            return
        self._edit(self._session.service.set_status, [TaskId(t) for t in ids], status)

    def ask_skip_reason(self, task_ids: list[int]) -> None:
        """Ask why the tasks are skipped, then skip them all in one step."""
        from cutover_desktop.ui.dialogs.skip_reason_dialog import SkipReasonDialog

        self._pending = list(task_ids)
        dialog = SkipReasonDialog(len(task_ids), parent=self)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.accepted.connect(self._on_skip_dialog_accepted)
        dialog.finished.connect(self._on_skip_dialog_finished)
        self.skip_dialog = dialog
        dialog.open()

    def _on_skip_dialog_accepted(self) -> None:
        dialog = self.skip_dialog
        if dialog is None:
            return
        self._edit(self._session.service.set_status, [TaskId(t) for t in self._pending],
                   TaskStatus.SKIPPED, dialog.reason())

    def _on_skip_dialog_finished(self, _result: int) -> None:
        if self.skip_dialog is not None:
            self.skip_dialog.deleteLater()
        self.skip_dialog = None

    def delete_selected(self) -> None:
        """Ask, then delete the selected tasks (one undo step)."""
        from PySide6.QtWidgets import QMessageBox

        ids = self.selected_task_ids()
        if not ids:
            self.show_message("Select one or more tasks to delete.")
            return
        service = self._session.service
        self._pending = ids
        if len(ids) == 1:
            text = f"Delete the task “{service.task(TaskId(ids[0])).title}”?"
        else:
            text = f"Delete {plural(len(ids), 'task')}?"
        box = QMessageBox(QMessageBox.Icon.Question, "Delete tasks", text,
                          QMessageBox.StandardButton.Cancel, self)
        box.setInformativeText("Tasks timed from them keep their dates. "
                               "Undo brings them back.")
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        delete.setAccessibleName("Delete")
        box.setDefaultButton(QMessageBox.StandardButton.Cancel)
        box.setAccessibleName("Delete tasks")
        box.setWindowModality(Qt.WindowModality.WindowModal)
        box.finished.connect(lambda _result: self._on_delete_box_finished(box, delete))
        self.delete_box = box
        box.open()

    def _on_delete_box_finished(self, box: QMessageBox, delete: object) -> None:
        self.delete_box = None
        box.deleteLater()
        if box.clickedButton() is delete:
            self._edit(self._session.service.delete_tasks, [TaskId(t) for t in self._pending])

    def add_task(self) -> None:
        """Open the task dialog for a new task (in the phase shown, if one is chosen)."""
        self._open_dialog(None)

    def open_task(self, task_id: int) -> None:
        """Open a task: announce it, or open the dialog when no one else will."""
        if self.isSignalConnected(QMetaMethod.fromSignal(self.task_activated)):
            self.task_activated.emit(task_id)
        else:
            self._open_dialog(task_id)

    def _open_dialog(self, task_id: int | None) -> None:
        from cutover_desktop.ui.dialogs.task_dialog import TaskDialog

        phase = self.phase_filter.currentData() or None
        dialog = TaskDialog(self._session, task_id, self, phase=phase)
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.saved.connect(self._on_task_dialog_saved)
        dialog.finished.connect(lambda _result: self._on_task_dialog_finished(dialog))
        self.task_dialog = dialog
        dialog.open()

    def _on_task_dialog_saved(self, task_id: int) -> None:
        if not self.select_task(task_id):
            self._show_note("The task is saved but hidden by the filters: "
                            "clear them to see it.")
        else:
            self._session.select_task(task_id, self)

    def _on_task_dialog_finished(self, dialog: TaskDialog) -> None:
        if self.task_dialog is dialog:
            self.task_dialog = None
        dialog.deleteLater()

    def _on_open_action_triggered(self) -> None:
        task_id = self.current_task_id()
        if task_id is not None:
            self.open_task(task_id)

    # Reacting

    def _on_table_activated(self, index: QModelIndex) -> None:
        if index.isValid():
            self.open_task(self.proxy.task_id_at(index.row()))

    def _on_table_context_menu(self, position: QPoint) -> None:
        menu = QMenu(self)
        has_rows = bool(self.selected_task_ids())
        self.open_action.setEnabled(self.current_task_id() is not None)
        menu.addAction(self.open_action)
        status_menu = menu.addMenu(self.status_menu.title())
        for action in self.status_actions.values():
            status_menu.addAction(action)
        status_menu.setEnabled(has_rows)
        menu.addSeparator()
        menu.addAction(self.add_action)
        menu.addAction(self.delete_action)
        menu.popup(self.table.viewport().mapToGlobal(position))
        self.context_menu = menu

    def _on_current_row_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if self._syncing or not current.isValid():
            return
        self._session.select_task(self.proxy.task_id_at(current.row()), self)

    def _on_selection_changed(self, *_args: object) -> None:
        has_rows = self.table.selectionModel().hasSelection()
        editable = not self._session.service.read_only
        self.status_button.setEnabled(has_rows and editable)
        self.delete_button.setEnabled(has_rows and editable)
        self.delete_action.setEnabled(has_rows and editable)
        self.add_button.setEnabled(editable)
        self.add_action.setEnabled(editable)
        for action in self.status_actions.values():
            action.setEnabled(has_rows and editable)

    def _on_session_task_selected(self, task_id: int, source: object) -> None:
        if source is not self:
            self.select_task(task_id)

    def _on_delegate_skip_requested(self, task_id: int) -> None:
        self.ask_skip_reason([task_id])

    def _on_phase_filter_changed(self) -> None:
        self.proxy.set_phase(self.phase_filter.currentData() or None)

    def _on_status_filter_changed(self) -> None:
        value = self.status_filter.currentData()
        self.proxy.set_status(TaskStatus(value) if value else None)

    def _on_dates_changed(self) -> None:
        self.proxy.set_date_range(self.from_date.value(), self.to_date.value())

    def _on_session_changed(self, _changes: Changes) -> None:
        self._clear_message()
        self._on_selection_changed()

    def _on_session_plan_opened(self) -> None:
        self._fill_filters()
        self._clear_message()
        self._on_selection_changed()

    def _on_rows_changed(self, *_args: object) -> None:
        self._update_counts()
        self._order_timer.start()

    def _emit_row_order(self) -> None:
        order = self.visible_task_ids()
        if order != self._last_order:
            self._last_order = order
            self.row_order_changed.emit(order)

    def _update_counts(self) -> None:
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        if shown == total:
            self.count_label.setText(plural(total, "task"))
        else:
            self.count_label.setText(f"Showing {shown} of {plural(total, 'task')}")

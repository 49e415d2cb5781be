"""The today view: one day of the cut-over, its tasks in time order, ticked off as they happen."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date, timedelta
from typing import Any

from PySide6.QtCore import (
    QDate,
    QEvent,
    QItemSelection,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
from PySide6.QtGui import QFont, QFontMetrics, QKeyEvent, QShowEvent
from PySide6.QtWidgets import (
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import days_from_bgl, plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.reports.day_schedule import DayEntry, tasks_on_day
from cutover_desktop.ui.assigned_names import assigned_names
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.dialogs.skip_reason_dialog import SkipReasonDialog
from cutover_desktop.ui.models.day_tasks_model import (
    COL_ASSIGNED,
    COL_OWNER,
    COL_PHASE,
    COL_SITE,
    COL_STATUS,
    COL_TASK,
    COL_TIME,
    HEADERS,
    TASK_ID_ROLE,
    DayTasksModel,
    PhaseRag,
    next_key_date_text,
    phase_rag,
)
from cutover_desktop.ui.models.task_cells import STATUS_SYMBOLS, status_text
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.style import set_tone
from cutover_desktop.ui.tables import set_up_read_only_table

# Kept importable from here, where they used to live.
__all__ = ["COL_ASSIGNED", "COL_OWNER", "COL_PHASE", "COL_SITE", "COL_STATUS", "COL_TASK",
           "COL_TIME", "HEADERS", "STATUS_SYMBOLS", "TASK_ID_ROLE", "DayTasksModel", "PhaseRag",
           "SkipReasonDialog", "TodayView", "next_key_date_text", "phase_rag", "status_text",
           "tasks_on_day"]
# Columns beside the title: (widest in ems, largest share of the table's width).
_SIDE_COLUMNS = {COL_OWNER: (12, 0.14), COL_ASSIGNED: (12, 0.14), COL_SITE: (8, 0.1),
                 COL_PHASE: (12, 0.12)}
# The palette tone of each rating's dot (ui/style.py).
_RAG_TONES = {"Red": "rag_red", "Amber": "rag_amber", "Green": "rag_green"}


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _pydate(value: QDate) -> date:
    return date(value.year(), value.month(), value.day())


class _DayTable(QTableView):
    """The task table, with single-key shortcuts for the status changes made all day long."""

    def __init__(self, parent: QWidget, keys: dict[Qt.Key, Callable[[], None]]) -> None:
        super().__init__(parent)
        self._keys = keys

    def keyPressEvent(self, event: QKeyEvent) -> None:
        action = self._keys.get(Qt.Key(event.key()))
        plain = event.modifiers() in (Qt.KeyboardModifier.NoModifier,
                                      Qt.KeyboardModifier.KeypadModifier)
        if action is not None and plain and self.selectionModel().hasSelection():
            action()
            event.accept()
            return
        super().keyPressEvent(event)


class TodayView(QWidget):
    """Runs one day of the migration: its tasks, their status, and how each phase stands.

    Signals:
        task_activated(int): the user double-clicked (or pressed Enter on) a task.
    """

    task_activated = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._day = session.service.today()
        self._rag_widgets: list[QWidget] = []
        self.skip_dialog: SkipReasonDialog | None = None
        self.setAccessibleName("Today")

        layout = QVBoxLayout(self)
        layout.addLayout(self._build_day_bar())

        self.day_label = QLabel(self)
        self.day_label.setObjectName("today-day")
        self.day_label.setAccessibleName("Day shown")
        headline = QFont(self.day_label.font())
        headline.setPointSizeF(headline.pointSizeF() * 1.5)
        headline.setBold(True)
        self.day_label.setFont(headline)
        self.key_date_label = QLabel(self)
        self.key_date_label.setObjectName("today-keydate")
        self.key_date_label.setAccessibleName("Key date on this day")
        key_font = QFont(self.key_date_label.font())
        key_font.setPointSizeF(key_font.pointSizeF() * 1.2)
        key_font.setBold(True)
        self.key_date_label.setFont(key_font)
        self.note_label = QLabel(self)
        self.note_label.setAccessibleName("About this day")
        self.note_label.setWordWrap(True)
        self.countdown_label = QLabel(self)
        self.countdown_label.setObjectName("today-countdown")
        self.countdown_label.setAccessibleName("Countdown to the next key date")
        self.countdown_label.setWordWrap(True)
        heading = QVBoxLayout()
        for label in (self.day_label, self.key_date_label, self.note_label,
                      self.countdown_label):
            heading.addWidget(label)
        heading.addStretch(1)

        self.rag_box = QGroupBox("Phases on this day", self)
        self.rag_box.setAccessibleName("Red, amber or green for each phase on this day")
        # Never narrower than its title (bold, as the style sheet draws it), even when the
        # day has nothing planned.
        bold = QFont(self.rag_box.font())
        bold.setBold(True)
        self.rag_box.setMinimumWidth(
            QFontMetrics(bold).horizontalAdvance(self.rag_box.title()) + 32)
        self._rag_grid = QGridLayout(self.rag_box)
        self._rag_grid.setHorizontalSpacing(8)
        top = QHBoxLayout()
        top.addLayout(heading, 1)
        top.addWidget(self.rag_box, 0, Qt.AlignmentFlag.AlignTop)
        layout.addLayout(top)

        self.tasks_model = DayTasksModel(self)
        keys = {Qt.Key.Key_Space: self.toggle_done, Qt.Key.Key_S: self.start_selected,
                Qt.Key.Key_K: self.skip_selected}
        table = set_up_read_only_table(_DayTable(self, keys), self.tasks_model,
                                       "Tasks on this day", object_name="today-tasks",
                                       extended=True)
        header = table.horizontalHeader()
        for column in (COL_STATUS, COL_TIME):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(COL_TASK, QHeaderView.ResizeMode.Stretch)
        for column in _SIDE_COLUMNS:
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.Interactive)
        self.tasks_view = table
        table.viewport().installEventFilter(self)
        self._fit_side_columns()
        layout.addWidget(table, 1)
        layout.addLayout(self._build_action_bar())

        table.activated.connect(self._on_tasks_view_activated)
        table.selectionModel().selectionChanged.connect(self._on_tasks_selection_changed)
        self._stale = False
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        session.task_selected.connect(self._on_session_task_selected)
        self.refresh()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.tasks_view.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_side_columns()
        return super().eventFilter(watched, event)

    def _fit_side_columns(self) -> None:
        """Owner, site and phase get room in proportion, so the task's title keeps its share."""
        em = self.tasks_view.fontMetrics().horizontalAdvance("M")
        width = self.tasks_view.viewport().width()
        header = self.tasks_view.horizontalHeader()
        for column, (ems, share) in _SIDE_COLUMNS.items():
            header.resizeSection(column, max(4 * em, min(ems * em, int(width * share))))

    # Building

    def _build_day_bar(self) -> QHBoxLayout:
        self.date_edit = DateEntry(parent=self)
        # 'today' typed in the box is the plan's today (fixed in tests and demonstrations).
        self.date_edit.set_today_source(lambda: self._session.service.today())
        self.date_edit.setObjectName("today-date")
        self.date_edit.setAccessibleName("Day to show")
        self.date_edit.setDisplayFormat("dd/MM/yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        self.date_edit.setDate(_qdate(self._day))
        day_label = QLabel("Da&y:", self)
        day_label.setBuddy(self.date_edit)
        self.previous_button = QPushButton("◀ Previous day", self)
        self.previous_button.setAccessibleName("Previous day")
        self.today_button = QPushButton("Today", self)
        self.today_button.setAccessibleName("Go to today")
        self.next_button = QPushButton("Next day ▶", self)
        self.next_button.setAccessibleName("Next day")
        self.previous_button.clicked.connect(lambda: self.set_day(self._day - timedelta(days=1)))
        self.next_button.clicked.connect(lambda: self.set_day(self._day + timedelta(days=1)))
        self.today_button.clicked.connect(
            lambda: self.set_day(self._session.service.today()))
        bar = QHBoxLayout()
        for widget in (day_label, self.date_edit, self.previous_button, self.today_button,
                       self.next_button):
            bar.addWidget(widget)
        bar.addSpacing(16)
        bar.addWidget(QLabel("Go to:", self))
        self.key_buttons: dict[KeyDate, QPushButton] = {}
        for key in (KeyDate.FDP, KeyDate.TGL, KeyDate.BGL):
            button = QPushButton(key.short, self)
            button.setAccessibleName(f"Go to {key.label}")
            button.clicked.connect(lambda _=False, key=key: self.show_key_date(key))
            bar.addWidget(button)
            self.key_buttons[key] = button
        bar.addStretch(1)
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        return bar

    def _build_action_bar(self) -> QHBoxLayout:
        def button(text: str, name: str, tip: str, slot: Callable[[], None]) -> QPushButton:
            widget = QPushButton(text, self)
            widget.setAccessibleName(name)
            widget.setToolTip(tip)
            widget.clicked.connect(slot)
            return widget

        self.start_button = button("▶ Start", "Start the selected tasks",
                                   "Mark the selected tasks in progress (S)", self.start_selected)
        self.complete_button = button("✔ Complete", "Complete the selected tasks",
                                      "Mark the selected tasks done (Space toggles done)",
                                      self.complete_selected)
        self.block_button = button("⊘ Block", "Block the selected tasks",
                                   "Mark the selected tasks blocked", self.block_selected)
        self.skip_button = button("↷ Skip…", "Skip the selected tasks with a reason",
                                  "Skip the selected tasks, saying why (K)", self.skip_selected)
        self.reopen_button = button("○ Reopen", "Reopen the selected tasks",
                                    "Mark the selected tasks not started", self.reopen_selected)
        self.summary_label = QLabel(self)
        self.summary_label.setObjectName("today-summary")
        self.summary_label.setAccessibleName("Tasks on this day, summary")
        self.summary_label.setWordWrap(True)  # so it never holds the window wide
        bar = QHBoxLayout()
        for widget in self._action_buttons():
            bar.addWidget(widget)
        bar.addSpacing(12)
        bar.addWidget(self.summary_label, 1)
        return bar

    def _action_buttons(self) -> list[QPushButton]:
        return [self.start_button, self.complete_button, self.block_button, self.skip_button,
                self.reopen_button]

    # The day shown

    def day(self) -> date:
        return self._day

    def set_day(self, day: date) -> None:
        """Show another day."""
        if day == self._day:
            return
        self._day = day
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(day))
        self.date_edit.blockSignals(False)
        self.refresh(keep_selection=False)

    def show_key_date(self, key: KeyDate) -> None:
        self.set_day(self._session.service.schedule().key_dates[key])

    def refresh(self, keep_selection: bool = True) -> None:
        """Read the plan again and show the day."""
        self._stale = False
        service = self._session.service
        schedule = service.schedule()
        today = service.today()
        day = self._day
        kept = self.selected_task_ids() if keep_selection else []
        items = tasks_on_day(service.state, day)
        self.tasks_model.set_items(items, assigned_names(service))
        self._select(kept)
        # Most practices have one site: show the column only when the day's tasks use it.
        self.tasks_view.setColumnHidden(COL_SITE, not any(item.task.site for item in items))

        self.day_label.setText(("Today, " if day == today else "") + uk_date(day))
        keys = [key for key, when in schedule.key_dates.items() if when == day]
        self.key_date_label.setText(" and ".join(key.label for key in keys))
        self.key_date_label.setVisible(bool(keys))
        notes = [days_from_bgl((day - service.details.go_live).days)]
        why_not = service.state.calendar.why_not_working(day)
        if why_not:
            notes.append(f"not a working day: {why_not}")
        self.note_label.setText(" · ".join(notes))
        self.countdown_label.setText(next_key_date_text(schedule.key_dates, day, today))
        for key, button in self.key_buttons.items():
            button.setToolTip(f"Show {key.label}, {uk_date(schedule.key_dates[key])}")
        self._show_rag(phase_rag(items, service.details.phases, today))
        self._show_summary(items)
        self._update_buttons()

    def _show_rag(self, ratings: list[PhaseRag]) -> None:
        for widget in self._rag_widgets:
            self._rag_grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()
        self._rag_widgets = []
        for row, rating in enumerate(ratings):
            name = QLabel(rating.phase, self.rag_box)
            dot = QLabel("●", self.rag_box)
            dot.setAccessibleName(rating.rating)
            set_tone(dot, _RAG_TONES[rating.rating])
            text = QLabel(rating.text, self.rag_box)
            text.setObjectName(f"rag:{rating.phase}")
            text.setAccessibleName(f"{rating.phase}: {rating.text}")
            self._rag_grid.addWidget(name, row, 0)
            self._rag_grid.addWidget(dot, row, 1)
            self._rag_grid.addWidget(text, row, 2)
            self._rag_widgets += [name, dot, text]
        if not ratings:
            empty = QLabel("Nothing planned", self.rag_box)
            self._rag_grid.addWidget(empty, 0, 0)
            self._rag_widgets.append(empty)

    def rag_texts(self) -> dict[str, str]:
        """The rating shown for each phase, as the words on screen."""
        return {label.objectName().removeprefix("rag:"): label.text()
                for label in self._rag_widgets
                if isinstance(label, QLabel) and label.objectName().startswith("rag:")}

    def _show_summary(self, items: list[DayEntry]) -> None:
        if not items:
            self.summary_label.setText("No tasks are planned for this day.")
            return
        counts: dict[TaskStatus, int] = {}
        for item in items:
            counts[item.task.status] = counts.get(item.task.status, 0) + 1
        parts = [f"{n} {status.label.lower()}" for status, n in counts.items()]
        self.summary_label.setText(f"{plural(len(items), 'task')}: " + ", ".join(
            sorted(parts, key=lambda part: part.split(" ", 1)[1])))

    # Selection

    def selected_task_ids(self) -> list[TaskId]:
        rows = sorted(index.row() for index in self.tasks_view.selectionModel().selectedRows())
        return [self.tasks_model.item(row).task.id for row in rows]

    def select_tasks(self, task_ids: Iterable[int]) -> None:
        """Select these tasks (those on the day shown); the first becomes current."""
        self._select(list(task_ids))

    def _select(self, task_ids: list[Any]) -> None:
        selection = QItemSelection()
        first = None
        for task_id in task_ids:
            row = self.tasks_model.row_of(task_id)
            if row is None:
                continue
            left = self.tasks_model.index(row, 0)
            right = self.tasks_model.index(row, self.tasks_model.columnCount() - 1)
            selection.select(left, right)
            first = left if first is None else first
        model = self.tasks_view.selectionModel()
        if first is None:
            model.clearSelection()
            return
        model.select(selection, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        model.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self.tasks_view.scrollTo(first)

    def _update_buttons(self) -> None:
        enabled = (self.tasks_view.selectionModel().hasSelection()
                   and not self._session.service.read_only)
        for button in self._action_buttons():
            button.setEnabled(enabled)

    # Actions: each is one edit, one undo step

    def _set_status(self, status: TaskStatus, reason: str = "") -> None:
        ids = self.selected_task_ids()
        if ids:
            self._session.edit(self._session.service.set_status, ids, status, reason)

    def start_selected(self) -> None:
        self._set_status(TaskStatus.IN_PROGRESS)

    def complete_selected(self) -> None:
        self._set_status(TaskStatus.DONE)

    def block_selected(self) -> None:
        self._set_status(TaskStatus.BLOCKED)

    def reopen_selected(self) -> None:
        self._set_status(TaskStatus.NOT_STARTED)

    def toggle_done(self) -> None:
        """Done, or back to not started when every selected task is already done."""
        ids = self.selected_task_ids()
        if not ids:
            return
        service = self._session.service
        all_done = all(service.task(task_id).status is TaskStatus.DONE for task_id in ids)
        self._set_status(TaskStatus.NOT_STARTED if all_done else TaskStatus.DONE)

    def skip_selected(self) -> None:
        """Ask why, then skip the selected tasks; an empty reason is refused."""
        ids = self.selected_task_ids()
        if not ids:
            return
        service = self._session.service

        def submit(reason: str) -> None:
            self._session.try_edit(service.set_status, ids, TaskStatus.SKIPPED, reason)

        dialog = SkipReasonDialog(len(ids), submit, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.finished.connect(self._on_skip_dialog_finished)
        self.skip_dialog = dialog
        dialog.open()

    # Slots

    def _on_skip_dialog_finished(self, _result: int) -> None:
        self.skip_dialog = None
        self.tasks_view.setFocus()

    def _on_date_edit_changed(self, value: QDate) -> None:
        self.set_day(_pydate(value))

    def _on_tasks_view_activated(self, index: QModelIndex) -> None:
        task_id = index.data(TASK_ID_ROLE)
        if task_id is not None:
            self.task_activated.emit(task_id)
            self._session.select_task(task_id, self)

    def _on_tasks_selection_changed(self, *_: object) -> None:
        self._update_buttons()

    def _on_session_changed(self, _changes: Changes) -> None:
        if not self.isVisible() and self.window() is not self:
            self._stale = True  # a tab not showing: brought up to date when next shown
            return
        self.refresh()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()

    def _on_session_plan_opened(self) -> None:
        self._day = self._session.service.today()
        self.date_edit.blockSignals(True)
        self.date_edit.setDate(_qdate(self._day))
        self.date_edit.blockSignals(False)
        self.refresh(keep_selection=False)

    def _on_session_task_selected(self, task_id: int, source: object) -> None:
        if source is not self and self.tasks_model.row_of(task_id) is not None:
            self._select([task_id])

"""The Key dates tab's practice calendar: closure days and extra working days, added in a
dialog and removed with one click, each one undo step, saying which key dates moved."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.model import CalendarDay, CalendarDayKind
from cutover_desktop.domain.scheduling import Schedule
from cutover_desktop.ui.dialogs.calendar_day_dialog import CalendarDayDialog
from cutover_desktop.ui.models.key_dates_model import (
    CAL_DAY,
    CAL_KIND,
    CAL_NOTE,
    DAY_ROLE,
    CalendarDaysModel,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.tables import set_up_read_only_table

MOST_ROWS_SHOWN = 8


def what_moved(before: Schedule, after: Schedule) -> str:
    """Which key dates moved and how many tasks moved with them, in one or two sentences."""
    moved = [f"{key.label} moved from {uk_date(old)} to {uk_date(after.key_dates[key])}"
             for key, old in before.key_dates.items() if after.key_dates.get(key) != old]
    tasks = sum(1 for task_id, placed in after.dates.items()
                if task_id in before.dates and before.dates[task_id].start != placed.start)
    words = "; ".join(moved) + "." if moved else "No key date moved."
    if tasks:
        with_them = {0: "", 1: " with it"}.get(len(moved), " with them")
        words += f" {plural(tasks, 'task')} moved{with_them}."
    return words


def message_label(parent: QWidget, name: str) -> QLabel:
    """A hidden line for what an action did (shown by `say`)."""
    label = QLabel(parent)
    label.setObjectName(name)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    label.hide()
    return label


def say(label: QLabel, text: str, problem: bool = False) -> None:
    label.setText(f"▲ {text}" if problem else text)
    label.setVisible(bool(text))


class PracticeCalendarBox(QGroupBox):
    """The practice's own calendar days, with Add closure, Add working day and Remove."""

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("Practice calendar", parent)
        self._session = session
        self.own_edit = False  # true while this box changes the plan itself
        intro = QLabel("Weekends and England and Wales bank holidays are not working days. "
                       "Add the days your practice differs: closures (such as protected "
                       "learning time) and one-off working days (such as a go-live "
                       "Saturday). Key dates and tasks counted in working days move at once.",
                       self)
        intro.setWordWrap(True)
        self.calendar_model = CalendarDaysModel(self)
        table = set_up_read_only_table(QTableView(self), self.calendar_model,
                                       "Practice calendar days", object_name="calendar-days",
                                       wrap=True)
        header = table.horizontalHeader()
        for column in (CAL_DAY, CAL_KIND):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(CAL_NOTE, QHeaderView.ResizeMode.Stretch)
        self.calendar_view = table
        self.calendar_empty = QLabel("No closure days or extra working days yet.", self)
        self.calendar_empty.setObjectName("calendar-empty")
        self.calendar_empty.setAccessibleName("Practice calendar days")
        self.add_closure_button = QPushButton("Add &closure day…", self)
        self.add_closure_button.setAccessibleName("Add a practice closure day")
        self.add_working_button = QPushButton("Add extra &working day…", self)
        self.add_working_button.setAccessibleName("Add an extra working day")
        self.remove_day_button = QPushButton("Remo&ve", self)
        self.remove_day_button.setAccessibleName("Remove the selected calendar day")
        self.remove_day_button.setToolTip("Make the selected day follow the national calendar "
                                          "again (one undo step)")
        remove_action = QAction("Remove the selected calendar day", table)
        remove_action.setShortcut(QKeySequence(QKeySequence.StandardKey.Delete))
        remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        table.addAction(remove_action)
        self.calendar_message = message_label(self, "calendar-message")
        self.calendar_message.setAccessibleName("About the practice calendar")
        buttons = QHBoxLayout()
        buttons.addWidget(self.add_closure_button)
        buttons.addWidget(self.add_working_button)
        buttons.addWidget(self.remove_day_button)
        buttons.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(table)
        layout.addWidget(self.calendar_empty)
        layout.addLayout(buttons)
        layout.addWidget(self.calendar_message)
        self.calendar_dialog: CalendarDayDialog | None = None
        self._before_calendar_edit: Schedule | None = None
        self.add_closure_button.clicked.connect(self._on_add_closure_button_clicked)
        self.add_working_button.clicked.connect(self._on_add_working_button_clicked)
        self.remove_day_button.clicked.connect(self._on_remove_day_button_clicked)
        remove_action.triggered.connect(self._on_remove_day_button_clicked)
        table.selectionModel().selectionChanged.connect(self.update_buttons)
        table.activated.connect(self._on_calendar_view_activated)

    def refresh(self) -> None:
        service = self._session.service
        self.calendar_model.set_days(service.state.calendar_days.values())
        has_days = self.calendar_model.rowCount() > 0
        self.calendar_view.setVisible(has_days)
        self.calendar_empty.setVisible(not has_days)
        self._fit_calendar_height()
        editable = not service.read_only
        self.add_closure_button.setEnabled(editable)
        self.add_working_button.setEnabled(editable)
        self.update_buttons()

    def _fit_calendar_height(self) -> None:
        """As tall as its rows, up to eight; more scroll."""
        view = self.calendar_view
        view.resizeRowsToContents()
        rows = view.verticalHeader()
        shown = min(MOST_ROWS_SHOWN, max(1, self.calendar_model.rowCount()))
        height = sum(rows.sectionSize(r) for r in range(min(shown, rows.count())))
        height += view.horizontalHeader().sizeHint().height() + 2 * view.frameWidth()
        if self.calendar_model.rowCount() > MOST_ROWS_SHOWN:
            height += 2  # a sliver of the next row says there is more
        view.setFixedHeight(height)

    def add_calendar_day(self, kind: CalendarDayKind) -> CalendarDayDialog:
        """Open the dialog that marks a day as a closure or an extra working day."""
        dialog = CalendarDayDialog(self._session, kind, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        self.calendar_dialog = dialog
        self._before_calendar_edit = self._session.service.schedule()
        dialog.saved.connect(self._on_calendar_dialog_saved)
        dialog.finished.connect(self._on_calendar_dialog_finished)
        dialog.open()
        return dialog

    def selected_calendar_day(self) -> CalendarDay | None:
        index = self.calendar_view.currentIndex()
        if not index.isValid() or not self.calendar_view.selectionModel().isRowSelected(
                index.row(), QModelIndex()):
            return None
        return self.calendar_model.day_at(index.row())

    def remove_calendar_day(self) -> None:
        """Make the selected day follow the national calendar again (one undo step)."""
        entry = self.selected_calendar_day()
        if entry is None or self._session.service.read_only:
            return
        service = self._session.service
        before = service.schedule()
        row = self.calendar_view.currentIndex().row()
        self.own_edit = True
        try:
            changes = self._session.edit(service.set_calendar_day, entry.day, None)
        finally:
            self.own_edit = False
        if changes:
            what = ("practice closure" if entry.kind is CalendarDayKind.CLOSURE
                    else "extra working day")
            say(self.calendar_message, f"{uk_date(entry.day)} is no longer a {what}. "
                                       f"{what_moved(before, service.schedule())}")
            count = self.calendar_model.rowCount()
            if count:
                self.calendar_view.selectRow(min(row, count - 1))
                self.calendar_view.setFocus()
            else:
                self.add_closure_button.setFocus()

    def update_buttons(self, *_: object) -> None:
        self.remove_day_button.setEnabled(self.selected_calendar_day() is not None
                                          and not self._session.service.read_only)

    def _on_add_closure_button_clicked(self) -> None:
        self.add_calendar_day(CalendarDayKind.CLOSURE)

    def _on_add_working_button_clicked(self) -> None:
        self.add_calendar_day(CalendarDayKind.EXTRA_WORKING)

    def _on_remove_day_button_clicked(self) -> None:
        self.remove_calendar_day()

    def _on_calendar_dialog_saved(self, day: object) -> None:
        service = self._session.service
        before = self._before_calendar_edit
        assert isinstance(day, date)
        entry = service.state.calendar_days.get(day)
        what = entry.kind.label.lower() if entry is not None else "changed"
        moved = what_moved(before, service.schedule()) if before is not None else ""
        say(self.calendar_message, f"{uk_date(day)} is now marked: {what}. {moved}")
        row = self.calendar_model.row_of(day)
        if row is not None:
            self.calendar_view.selectRow(row)

    def _on_calendar_dialog_finished(self, _result: int) -> None:
        self.calendar_dialog = None
        self._before_calendar_edit = None

    def _on_calendar_view_activated(self, index: QModelIndex) -> None:
        day = index.data(DAY_ROLE)
        if day is not None:
            self._session.date_requested.emit(day)

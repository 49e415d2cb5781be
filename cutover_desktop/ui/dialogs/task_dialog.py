"""TaskDialog: add or edit one task with every field."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtCore import QDate, QSize, QStringListModel, Qt, QTime, Signal
from PySide6.QtWidgets import (
    QBoxLayout,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QCompleter,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QScrollArea,
    QSpinBox,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    MAX_OFFSET_DAYS,
    Anchor,
    OffsetUnit,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plain_words import plain_source, plain_why
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.assignees_editor import AssigneesEditor
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.dialogs.predecessors_editor import PredecessorsEditor
from cutover_desktop.ui.dialogs.task_placement import dates_preview, new_task_default
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.models.task_table_model import status_icon
from cutover_desktop.ui.qt_dates import (
    UK_DATE_FORMAT,
    from_qdate,
    from_qtime,
    to_qdate,
    to_qtime,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.task_picker import SearchableCombo, line_edit_of, task_label
from cutover_desktop.ui.window_fit import fit_to_screen, screen_room

_KEY = "key:"
_TASK = "task:"
# Width a dialog needs beyond its fields: its margins and a vertical scroll bar.
_SCROLL_ROOM = 40


class TaskDialog(QDialog):
    """Add a task (task_id None) or edit one, with every field.

    The computed start and end show live as fields change. On OK the task and what it
    waits for are saved as one undo step through `session.try_edit`; a refusal is shown
    beside the field at fault (or at the bottom) and the dialog stays open, nothing changed.

    Signals:
        saved(int): the task was saved; its id.
    """

    saved = Signal(int)

    def __init__(self, session: PlanSession, task_id: int | None = None,
                 parent: QWidget | None = None, *, phase: str | None = None) -> None:
        super().__init__(parent)
        self._session = session
        service = session.service
        self._task_id = TaskId(task_id) if task_id is not None else None
        self._original = service.task(self._task_id) if self._task_id is not None else None
        self.saved_task_id: int | None = None
        self.setWindowTitle("Edit task" if self._original else "Add a task")
        self.setAccessibleName(self.windowTitle())
        self.setSizeGripEnabled(True)
        self._errors = FieldErrors()
        self._timed_start: date | None = None
        self._build()
        self._fill(self._original, phase)
        self._connect()
        self._update_enabled()
        self._update_preview()
        if service.read_only:
            self.button_box.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
            self._errors.show(None, "This plan is open read-only: changes cannot be saved.")

    # Building

    def _build(self) -> None:
        self.title_edit = QLineEdit()
        self.title_edit.setAccessibleName("Title")
        self.title_edit.setPlaceholderText("What has to be done")

        self.phase_combo = QComboBox()
        self.phase_combo.setAccessibleName("Phase")
        self.owner_combo = QComboBox()
        self.owner_combo.setEditable(True)
        self.owner_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.owner_combo.setAccessibleName("Owner role")
        line_edit_of(self.owner_combo).setPlaceholderText("Who does it, e.g. Practice Manager")
        self.owner_combo.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.owner_combo.setMinimumContentsLength(20)
        self.site_combo = QComboBox()
        self.site_combo.setAccessibleName("Site")
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for status in TaskStatus:
            self.status_combo.addItem(status_icon(status), status.label, status.value)
        self.skip_reason_edit = QLineEdit()
        self.skip_reason_edit.setAccessibleName("Reason for skipping")
        self.skip_reason_edit.setPlaceholderText("Why it is not needed")
        self.priority_combo = QComboBox()
        self.priority_combo.setAccessibleName("Priority")
        for priority in Priority:
            self.priority_combo.addItem(priority.label, priority.value)
        self.milestone_check = QCheckBox("&Milestone (shown as a diamond)")
        self.milestone_check.setAccessibleName("Milestone")

        details = QGroupBox("Details")
        form = QFormLayout(details)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_row(form, "P&hase", self.phase_combo, "phase")
        self._add_row(form, "&Owner role", self.owner_combo, "owner_role")
        self._add_row(form, "Si&te", self.site_combo, "site")
        self._add_row(form, "&Priority", self.priority_combo, "priority")
        self._add_row(form, "&Status", self.status_combo, "status")
        self._add_row(form, "Skip &reason", self.skip_reason_edit, "skip_reason")
        form.addRow("", self.milestone_check)

        # When: timed from an anchor, or pinned to a date.
        self.timed_radio = QRadioButton("Timed &from")
        self.timed_radio.setAccessibleName("Timed from a key date or another task")
        self.pinned_radio = QRadioButton("Pinned to a fi&xed date")
        self.pinned_radio.setAccessibleName("Pinned to a fixed date")
        self._placement = QButtonGroup(self)
        self._placement.addButton(self.timed_radio)
        self._placement.addButton(self.pinned_radio)
        self.anchor_combo = SearchableCombo()
        self.anchor_combo.setAccessibleName("Anchor: the key date or task it is timed from")
        self.offset_spin = QSpinBox()
        self.offset_spin.setRange(-MAX_OFFSET_DAYS, MAX_OFFSET_DAYS)
        self.offset_spin.setAccessibleName("Offset in days; negative means before")
        self.offset_spin.setToolTip("Days after the anchor; a negative number means before it.")
        self.unit_combo = QComboBox()
        self.unit_combo.setAccessibleName("Offset unit")
        for unit in OffsetUnit:
            self.unit_combo.addItem(unit.label, unit.value)
        self.pinned_date_edit = DateEntry()
        self.pinned_date_edit.set_today_source(lambda: self._session.service.today())
        self.pinned_date_edit.setDisplayFormat(UK_DATE_FORMAT)
        self.pinned_date_edit.setCalendarPopup(True)
        self.pinned_date_edit.setDateRange(QDate(2000, 1, 1), QDate(2099, 12, 31))
        self.pinned_date_edit.setAccessibleName("Fixed date")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(1, MAX_DURATION_DAYS)
        self.duration_spin.setSuffix(" day")
        self.duration_spin.setAccessibleName("Duration in days")
        self.start_time_check = QCheckBox("St&arts at")
        self.start_time_check.setAccessibleName("Has a start time")
        self.start_time_edit = QTimeEdit(QTime(9, 0))
        self.start_time_edit.setDisplayFormat("HH:mm")
        self.start_time_edit.setAccessibleName("Start time")
        self.end_time_check = QCheckBox("E&nds at")
        self.end_time_check.setAccessibleName("Has an end time")
        self.end_time_edit = QTimeEdit(QTime(17, 0))
        self.end_time_edit.setDisplayFormat("HH:mm")
        self.end_time_edit.setAccessibleName("End time")
        self.dates_label = QLabel()
        self.dates_label.setWordWrap(True)
        self.dates_label.setAccessibleName("Computed dates")
        self.dates_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.dates_label.setAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignTop)
        # Room for the dates and two notes, so the box need not grow while typing.
        self.dates_label.setMinimumHeight(self.fontMetrics().lineSpacing() * 3 + 4)

        when = QGroupBox("When")
        grid = QGridLayout(when)
        grid.setColumnStretch(3, 1)
        # The anchor gets a row of its own: its entries are long ("Business Go Live (BGL, …)").
        grid.addWidget(self.timed_radio, 0, 0, 1, 4)
        anchor_row = QHBoxLayout()
        anchor_row.setContentsMargins(self.fontMetrics().averageCharWidth() * 3, 0, 0, 0)
        anchor_row.addWidget(self._with_error(self.anchor_combo, "anchor"))
        grid.addLayout(anchor_row, 1, 0, 1, 4)
        offset_label = QLabel("O&ffset")
        offset_label.setBuddy(self.offset_spin)
        grid.addWidget(offset_label, 2, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self._with_error(self.offset_spin, "offset"), 2, 1)
        grid.addWidget(self.unit_combo, 2, 2)
        grid.addWidget(self.pinned_radio, 3, 0)
        grid.addWidget(self._with_error(self.pinned_date_edit, "pinned_date"), 3, 1, 1, 2)
        duration_label = QLabel("&Duration")
        duration_label.setBuddy(self.duration_spin)
        grid.addWidget(duration_label, 4, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self._with_error(self.duration_spin, "duration_days"), 4, 1)
        grid.addWidget(self.start_time_check, 5, 0)
        grid.addWidget(self.start_time_edit, 5, 1)
        grid.addWidget(self.end_time_check, 6, 0)
        grid.addWidget(self._with_error(self.end_time_edit, "end_time"), 6, 1)
        grid.addWidget(self.dates_label, 7, 0, 1, 4)

        self.waits = PredecessorsEditor(self._session.service, self._task_id, self._errors)
        self.predecessor_list = self.waits.list
        self.predecessor_picker = self.waits.picker
        self.add_predecessor_button = self.waits.add_button
        self.remove_predecessor_button = self.waits.remove_button

        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setMinimumHeight(self.fontMetrics().height() * 3)
        notes_box = QGroupBox("No&tes")
        notes_layout = QVBoxLayout(notes_box)
        notes_layout.addWidget(self.notes_edit)

        self.why_label = QLabel()
        self.source_label = QLabel()
        for label, name in ((self.why_label, "Why it matters"), (self.source_label, "Source")):
            label.setWordWrap(True)
            label.setAccessibleName(name)
            label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                          | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.about_box = QGroupBox("From the template")
        about = QFormLayout(self.about_box)
        about.addRow("Why it matters:", self.why_label)
        about.addRow("Source:", self.source_label)

        self.error_label = self._errors.general
        self.button_box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                           | QDialogButtonBox.StandardButton.Cancel)
        ok = self.button_box.button(QDialogButtonBox.StandardButton.Ok)
        ok.setText("Add task" if self._original is None else "Save")
        ok.setAccessibleName(ok.text())
        self.button_box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
            "Cancel")
        self.button_box.accepted.connect(self.accept)
        self.button_box.rejected.connect(self.reject)

        title_label = QLabel("T&itle")
        title_label.setBuddy(self.title_edit)
        # Level with the box even when a message shows under it.
        title_label.setMinimumHeight(self.title_edit.sizeHint().height())
        title_row = QHBoxLayout()
        title_row.addWidget(title_label, 0, Qt.AlignmentFlag.AlignTop)
        title_row.addWidget(self._with_error(self.title_edit, "title"), 1)

        left = QVBoxLayout()
        left.addWidget(details)
        left.addWidget(notes_box, 1)
        # People are assigned at once, each as its own undo step (a new task: with it).
        self.assignees = AssigneesEditor(self._session, self._task_id)
        people = QGroupBox("People assigned (each change is saved at once)" if self._task_id
                           is not None else "People assigned (saved with the task)")
        people_layout = QVBoxLayout(people)
        people_layout.addWidget(self.assignees)
        right = QVBoxLayout()
        right.addWidget(when)
        right.addWidget(self.waits, 1)
        right.addWidget(people, 2)
        rows = self.assignees.table.verticalHeader().defaultSectionSize()
        self.assignees.table.setMinimumHeight(5 * rows)
        body = QWidget()
        columns = QBoxLayout(QBoxLayout.Direction.LeftToRight, body)
        columns.setContentsMargins(0, 0, 0, 0)
        columns.addLayout(left, 1)
        columns.addLayout(right, 1)
        room = screen_room(self)
        if room is not None and body.minimumSizeHint().width() + _SCROLL_ROOM > room.width():
            # Too narrow for two columns (an 800-pixel screen): one above the other, so the
            # fields scroll down, never sideways.
            columns.setDirection(QBoxLayout.Direction.TopToBottom)
        # On a short screen (a laptop at 150%) the fields scroll; the buttons stay in sight.
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(body)
        scroll.setMinimumHeight(self.fontMetrics().lineSpacing() * 12)
        layout = QVBoxLayout(self)
        layout.addLayout(title_row)
        layout.addWidget(scroll, 1)
        layout.addWidget(self.about_box)
        layout.addWidget(self.error_label)
        layout.addWidget(self.button_box)
        fit_to_screen(self, body.sizeHint() + QSize(40, 160))

    def _with_error(self, widget: QWidget, field: str) -> QWidget:
        """The widget with a message line under it for when that field is refused."""
        return self._errors.with_message(field, widget, field.replace("_", " "))

    def _add_row(self, form: QFormLayout, text: str, widget: QWidget, field: str) -> None:
        label = QLabel(text)
        label.setBuddy(widget)
        form.addRow(label, self._with_error(widget, field))

    # Filling

    def _fill(self, task: Task | None, phase: str | None) -> None:
        service = self._session.service
        details = service.details
        schedule = service.schedule()
        for name in details.phases:
            self.phase_combo.addItem(name)
        roles = sorted({t.owner_role for t in service.state.tasks.values() if t.owner_role},
                       key=str.casefold)
        self.owner_combo.addItems(roles)
        completer = QCompleter(QStringListModel(roles, self), self.owner_combo)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.owner_combo.setCompleter(completer)
        self.site_combo.addItem("(no particular site)", "")
        for site in details.sites:
            self.site_combo.addItem(site, site)
        for key in KeyDate:
            self.anchor_combo.addItem(
                f"{key.label} ({key.short}, {uk_date(schedule.key_dates[key])})",
                _KEY + key.value)
        others = [t for t in service.state.ordered_tasks() if t.id != self._task_id]
        for other in others:
            self.anchor_combo.addItem(task_label(other), _TASK + str(other.id))
        self.waits.fill(others, service.state.predecessors_of(task.id) if task else [])

        if task is None:
            key, near_phase = new_task_default(service)
            self.phase_combo.setCurrentText(phase or near_phase)
            self.anchor_combo.set_current_data(_KEY + key.value)
            self.timed_radio.setChecked(True)
            self.pinned_date_edit.setDate(to_qdate(schedule.key_dates[key]))
            self.owner_combo.setEditText("")
            self.priority_combo.setCurrentIndex(
                self.priority_combo.findData(Priority.NORMAL.value))
            self.about_box.hide()
            return

        self.title_edit.setText(task.title)
        if self.phase_combo.findText(task.phase) < 0:
            self.phase_combo.addItem(task.phase)
        self.phase_combo.setCurrentText(task.phase)
        if task.anchor.key_date is not None:
            self.anchor_combo.set_current_data(_KEY + task.anchor.key_date.value)
        else:
            self.anchor_combo.set_current_data(_TASK + str(task.anchor.task_id))
        self.offset_spin.setValue(task.offset)
        self.unit_combo.setCurrentIndex(self.unit_combo.findData(task.offset_unit.value))
        placed = schedule.dates[task.id]
        self.pinned_date_edit.setDate(to_qdate(task.pinned_date or placed.start))
        (self.pinned_radio if task.is_pinned else self.timed_radio).setChecked(True)
        self.duration_spin.setValue(task.duration_days)
        self.start_time_check.setChecked(task.start_time is not None)
        if task.start_time:
            self.start_time_edit.setTime(to_qtime(task.start_time))
        self.end_time_check.setChecked(task.end_time is not None)
        if task.end_time:
            self.end_time_edit.setTime(to_qtime(task.end_time))
        self.owner_combo.setEditText(task.owner_role)
        line_edit_of(self.owner_combo).setCursorPosition(0)
        if task.site and self.site_combo.findData(task.site) < 0:
            self.site_combo.addItem(task.site, task.site)
        self.site_combo.setCurrentIndex(self.site_combo.findData(task.site))
        self.status_combo.setCurrentIndex(self.status_combo.findData(task.status.value))
        self.skip_reason_edit.setText(task.skip_reason)
        self.priority_combo.setCurrentIndex(self.priority_combo.findData(task.priority.value))
        self.milestone_check.setChecked(task.milestone)
        self.notes_edit.setPlainText(task.notes)
        self.why_label.setText(plain_why(task.why) or "—")
        self.source_label.setText(plain_source(task.source) or "—")
        self.about_box.setVisible(bool(task.why or task.source))

    def _connect(self) -> None:
        for signal in (self.anchor_combo.currentIndexChanged, self.offset_spin.valueChanged,
                       self.unit_combo.currentIndexChanged, self.pinned_date_edit.dateChanged,
                       self.duration_spin.valueChanged, self.timed_radio.toggled):
            signal.connect(self._on_placement_changed)
        self.anchor_combo.editTextChanged.connect(self._on_placement_changed)
        self.pinned_radio.toggled.connect(self._on_pinned_radio_toggled)
        self.status_combo.currentIndexChanged.connect(self._update_enabled)
        self.start_time_check.toggled.connect(self._update_enabled)
        self.end_time_check.toggled.connect(self._update_enabled)
        self.waits.changed.connect(self._update_preview)

    def _update_enabled(self) -> None:
        self.duration_spin.setSuffix(" day" if self.duration_spin.value() == 1 else " days")
        pinned = self.pinned_radio.isChecked()
        self.offset_spin.setEnabled(not pinned)
        self.unit_combo.setEnabled(not pinned)
        self.pinned_date_edit.setEnabled(pinned)
        self.skip_reason_edit.setEnabled(self._status() is TaskStatus.SKIPPED)
        self.start_time_edit.setEnabled(self.start_time_check.isChecked())
        self.end_time_edit.setEnabled(self.end_time_check.isChecked())

    def _on_pinned_radio_toggled(self, pinned: bool) -> None:
        # Switching between the two keeps the task on the day it is on now.
        if pinned and self._timed_start is not None:
            self.pinned_date_edit.setDate(to_qdate(self._timed_start))
        elif not pinned:
            try:
                reference = self._reference_day(self._anchor())
            except CutoverError:
                return
            day = from_qdate(self.pinned_date_edit.date())
            self.unit_combo.setCurrentIndex(
                self.unit_combo.findData(OffsetUnit.CALENDAR_DAYS.value))
            self.offset_spin.setValue((day - reference).days)

    def _on_placement_changed(self, *_args: object) -> None:
        self._update_enabled()
        self._update_preview()

    # What it waits for

    def add_predecessor(self, task_id: int) -> None:
        """Make the task wait for another (saved with the rest on OK)."""
        self.waits.add(task_id)

    def add_selected_predecessor(self) -> None:
        self.waits.add_selected()

    def predecessors(self) -> list[int]:
        """Ids of the tasks this one waits for, in the order listed."""
        return self.waits.ids()

    # The value

    def _status(self) -> TaskStatus:
        return TaskStatus(self.status_combo.currentData())

    def _anchor(self) -> Anchor:
        chosen = self.anchor_combo.current_data()
        if not isinstance(chosen, str):
            raise ValidationError("Choose a key date or a task from the list to time it from.",
                                  "anchor")
        if chosen.startswith(_KEY):
            return Anchor.key(KeyDate(chosen[len(_KEY):]))
        return Anchor.task(TaskId(int(chosen[len(_TASK):])))

    def _reference_day(self, anchor: Anchor) -> date:
        schedule = self._session.service.schedule()
        if anchor.key_date is not None:
            return schedule.key_dates[anchor.key_date]
        placed = schedule.dates.get(anchor.task_id) if anchor.task_id is not None else None
        return placed.end if placed else schedule.key_dates[KeyDate.BGL]

    def value(self) -> Task:
        """The task as the fields describe it (not yet saved).

        Raises:
            ValidationError: no anchor is chosen.
        """
        service = self._session.service
        anchor = self._anchor()
        pinned = from_qdate(self.pinned_date_edit.date()) if self.pinned_radio.isChecked() else None
        offset = self.offset_spin.value()
        unit = OffsetUnit(self.unit_combo.currentData())
        if pinned is not None:
            # Keep the anchor as the reference, as pinning from the timeline does.
            offset = (pinned - self._reference_day(anchor)).days
            unit = OffsetUnit.CALENDAR_DAYS
        status = self._status()
        fields: dict[str, Any] = {
            "title": self.title_edit.text().strip(),
            "phase": self.phase_combo.currentText(),
            "anchor": anchor,
            "offset": offset,
            "offset_unit": unit,
            "pinned_date": pinned,
            "duration_days": self.duration_spin.value(),
            "start_time": (from_qtime(self.start_time_edit.time())
                           if self.start_time_check.isChecked() else None),
            "end_time": (from_qtime(self.end_time_edit.time())
                         if self.end_time_check.isChecked() else None),
            "owner_role": " ".join(self.owner_combo.currentText().split()),
            "site": self.site_combo.currentData() or "",
            "status": status,
            "skip_reason": (self.skip_reason_edit.text().strip()
                            if status is TaskStatus.SKIPPED else ""),
            "priority": Priority(self.priority_combo.currentData()),
            "milestone": self.milestone_check.isChecked(),
            "notes": self.notes_edit.toPlainText().strip(),
        }
        if self._task_id is not None:
            # Fields the dialog does not show (why, source, tags, position) stay as they are.
            current = service.state.tasks.get(self._task_id) or self._original
            assert current is not None
            return replace(current, **fields)
        return replace(service.new_task(fields["title"], fields["phase"]), **fields)

    # Live dates

    def _update_preview(self) -> None:
        try:
            task = self.value()
        except CutoverError as exc:
            self.dates_label.setText(f"⚠ {exc.message}")
            self.dates_label.setToolTip("")
            return
        preview = dates_preview(self._session.service.state, task, self.predecessors())
        if preview.start is not None and not self.pinned_radio.isChecked():
            self._timed_start = preview.start
        self.dates_label.setText(preview.text)
        self.dates_label.setToolTip(preview.tooltip)

    # Saving

    def accept(self) -> None:
        service = self._session.service
        saved: list[Task] = []

        def save() -> None:
            if self._task_id is not None:
                service.task(self._task_id)  # refuses if it was deleted meanwhile
            task = self.value()
            saved.append(task)
            people = self.assignees.pending() if self._original is None else []
            if people:
                staff = StaffService(service)
                self._session.try_edit(staff.add_task_with_people, task, self.predecessors(),
                                       people)
            else:
                action = service.add_task if self._original is None else service.edit_task
                self._session.try_edit(action, task, self.predecessors())

        if not self._errors.attempt(save):
            return
        self.saved_task_id = int(saved[0].id)
        self.saved.emit(int(saved[0].id))
        super().accept()

    def error_text(self) -> str:
        """Every refusal message on show, for tests and screen readers."""
        return self._errors.text()


__all__ = ["TaskDialog"]



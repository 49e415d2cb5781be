"""PersonDialog adds or edits someone in the staff register; PatternDialog sets working hours."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import PersonId
from cutover_desktop.domain.staff import Person
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import (
    DEFAULT_END,
    DEFAULT_START,
    WEEKDAY_NAMES,
    Shift,
    WorkingPattern,
    pattern_summary,
)
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, from_qtime, to_qdate, to_qtime
from cutover_desktop.ui.session import PlanSession


def date_edit(name: str, day: date | None = None) -> DateEntry:
    edit = DateEntry()
    edit.setDisplayFormat(UK_DATE_FORMAT)
    edit.setCalendarPopup(True)
    edit.setMinimumDate(QDate(2000, 1, 1))
    edit.setMaximumDate(QDate(2099, 12, 31))
    edit.setAccessibleName(name)
    edit.setDate(to_qdate(day or date.today()))
    return edit


def time_edit(name: str, value: time) -> QTimeEdit:
    edit = QTimeEdit()
    edit.setDisplayFormat("HH:mm")
    edit.setAccessibleName(name)
    edit.setTime(to_qtime(value))
    return edit


def buddy_label(text: str, buddy: QWidget) -> QLabel:
    """A label for a field, its mnemonic moving the focus there.

    It is given the width its letters really take: some fonts draw the last letter past the
    width they report ("To" came out as "Tc").
    """
    label = QLabel(text)
    label.setBuddy(buddy)
    shown = text.replace("&", "")
    label.setMinimumWidth(label.fontMetrics().boundingRect(shown).width()
                          + label.fontMetrics().averageCharWidth() // 2 + 2)
    return label


def ok_cancel(dialog: QDialog) -> QDialogButtonBox:
    """OK and Cancel buttons wired to the dialog, each with an accessible name."""
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("OK: save")
    box.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName(
        "Cancel: change nothing")
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    return box


class PatternEditor(QWidget):
    """Which weekdays a person works, each with its hours: a tick box and two times a day."""

    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Working days and hours")
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(QLabel("Day"), 0, 0)
        grid.addWidget(QLabel("Starts"), 0, 1)
        grid.addWidget(QLabel("Finishes"), 0, 2)
        self.day_checks: list[QCheckBox] = []
        self.start_edits: list[QTimeEdit] = []
        self.end_edits: list[QTimeEdit] = []
        for day, name in enumerate(WEEKDAY_NAMES):
            check = QCheckBox(name)
            check.setAccessibleName(f"Works on {name}")
            start = time_edit(f"{name} starts", DEFAULT_START)
            end = time_edit(f"{name} finishes", DEFAULT_END)
            check.toggled.connect(start.setEnabled)
            check.toggled.connect(end.setEnabled)
            for signal in (check.toggled, start.timeChanged, end.timeChanged):
                signal.connect(self._on_part_changed)
            grid.addWidget(check, day + 1, 0)
            grid.addWidget(start, day + 1, 1)
            grid.addWidget(end, day + 1, 2)
            self.day_checks.append(check)
            self.start_edits.append(start)
            self.end_edits.append(end)
        self.copy_button = QPushButton("Same hours &every day")
        self.copy_button.setAccessibleName("Give every ticked day the first ticked day's hours")
        self.copy_button.clicked.connect(self._on_copy_button_clicked)
        grid.addWidget(self.copy_button, 8, 0, 1, 3)
        self.summary = QLabel()
        self.summary.setAccessibleName("Pattern in words")
        grid.addWidget(self.summary, 9, 0, 1, 3)
        self.set_value(tuple(Shift(d, DEFAULT_START, DEFAULT_END) for d in range(5)))

    def value(self) -> tuple[Shift, ...]:
        return tuple(Shift(day, from_qtime(self.start_edits[day].time()),
                           from_qtime(self.end_edits[day].time()))
                     for day, check in enumerate(self.day_checks) if check.isChecked())

    def set_value(self, shifts: tuple[Shift, ...]) -> None:
        by_day = {shift.weekday: shift for shift in shifts}
        for day, check in enumerate(self.day_checks):
            shift = by_day.get(day)
            check.setChecked(shift is not None)
            self.start_edits[day].setEnabled(shift is not None)
            self.end_edits[day].setEnabled(shift is not None)
            if shift is not None:
                self.start_edits[day].setTime(to_qtime(shift.start))
                self.end_edits[day].setTime(to_qtime(shift.end))
        self._on_part_changed()

    def _on_copy_button_clicked(self) -> None:
        ticked = [d for d, check in enumerate(self.day_checks) if check.isChecked()]
        if not ticked:
            return
        start, end = self.start_edits[ticked[0]].time(), self.end_edits[ticked[0]].time()
        for day in ticked[1:]:
            self.start_edits[day].setTime(start)
            self.end_edits[day].setTime(end)

    def _on_part_changed(self, *_: object) -> None:
        shifts = self.value()
        bad = [s for s in shifts if s.end <= s.start]
        self.summary.setText(f"⚠ On {WEEKDAY_NAMES[bad[0].weekday]} the finishing time is not "
                             "after the start." if bad else pattern_summary(shifts))
        self.changed.emit()


class PersonDialog(QDialog):
    """Add someone (person_id None, with their working pattern) or change their details.

    Signals:
        saved(int): the person was saved; their id.
    """

    saved = Signal(int)

    def __init__(self, session: PlanSession, person_id: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        staff = StaffService(session.service)
        self._original = staff.person(PersonId(person_id)) if person_id is not None else None
        self.setWindowTitle(f"Edit {self._original.name}" if self._original
                            else "Add a person")
        self.setAccessibleName(self.windowTitle())
        self.setSizeGripEnabled(True)
        self._build(staff)
        self._fill(self._original)

    def _build(self, staff: StaffService) -> None:
        self.name_edit = QLineEdit()
        self.name_edit.setAccessibleName("Name")
        self.role_combo = QComboBox()
        self.role_combo.setEditable(True)
        self.role_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.role_combo.addItems(staff.roles())
        self.role_combo.setAccessibleName("Role (choose one or type your own)")
        self.organisation_combo = QComboBox()
        self.organisation_combo.setAccessibleName("Organisation")
        for organisation in Organisation:
            self.organisation_combo.addItem(organisation.label, organisation.value)
        self.site_combo = QComboBox()
        self.site_combo.setEditable(True)
        self.site_combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.site_combo.addItems(["", *staff.plan.details.sites])
        self.site_combo.setAccessibleName("Site")
        self.contact_edit = QLineEdit()
        self.contact_edit.setAccessibleName("Contact")
        self.contact_edit.setPlaceholderText("Phone or e-mail")
        today = staff.plan.today()
        self.smartcard_check = QCheckBox("Smart&card activated for the new system on")
        self.smartcard_check.setAccessibleName("Smartcard activated for the new system")
        self.smartcard_date = date_edit("Date the smartcard was activated", today)
        self.trained_check = QCheckBox("T&rained on the new system on")
        self.trained_check.setAccessibleName("Trained on the new system")
        self.trained_date = date_edit("Date trained", today)
        self.smartcard_check.toggled.connect(self.smartcard_date.setEnabled)
        self.trained_check.toggled.connect(self.trained_date.setEnabled)
        self.notes_edit = QPlainTextEdit()
        self.notes_edit.setAccessibleName("Notes")
        self.notes_edit.setTabChangesFocus(True)
        self.notes_edit.setFixedHeight(self.fontMetrics().lineSpacing() * 4)

        self._errors = FieldErrors()
        errors = self._errors
        form = QFormLayout()
        form.addRow(self._label("&Name", self.name_edit),
                    errors.with_message("name", self.name_edit, "Name"))
        form.addRow(self._label("&Role", self.role_combo),
                    errors.with_message("role", self.role_combo, "Role"))
        form.addRow(self._label("&Organisation", self.organisation_combo),
                    self.organisation_combo)
        form.addRow(self._label("&Site", self.site_combo),
                    errors.with_message("site", self.site_combo, "Site"))
        form.addRow(self._label("Con&tact", self.contact_edit),
                    errors.with_message("contact", self.contact_edit, "Contact"))
        form.addRow(errors.with_message(
            "smartcard_on", self.smartcard_date, "Smartcard date",
            shown=self._pair(self.smartcard_check, self.smartcard_date)))
        form.addRow(errors.with_message(
            "trained_on", self.trained_date, "Date trained",
            shown=self._pair(self.trained_check, self.trained_date)))
        form.addRow(self._label("N&otes", self.notes_edit),
                    errors.with_message("notes", self.notes_edit, "Notes"))

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.pattern_editor: PatternEditor | None = None
        if self._original is None:
            box = QGroupBox("&Working pattern (can change from a later date in their details)")
            inner = QVBoxLayout(box)
            self.pattern_editor = PatternEditor()
            inner.addWidget(errors.with_message("shifts", self.pattern_editor,
                                                "Working pattern"))
            layout.addWidget(box)
        self.error = errors.general
        layout.addWidget(self.error)
        self.button_box = ok_cancel(self)
        layout.addWidget(self.button_box)
        self.fields: dict[str, QWidget] = {
            "name": self.name_edit, "role": self.role_combo, "contact": self.contact_edit,
            "site": self.site_combo, "notes": self.notes_edit,
            "smartcard_on": self.smartcard_date, "trained_on": self.trained_date,
        }
        if self.pattern_editor is not None:
            self.fields["shifts"] = self.pattern_editor

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        return buddy_label(text, buddy)

    @staticmethod
    def _pair(check: QCheckBox, edit: DateEntry) -> QWidget:
        holder = QWidget()
        row = QHBoxLayout(holder)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(check)
        row.addWidget(edit)
        row.addStretch(1)
        return holder

    def _fill(self, person: Person | None) -> None:
        if person is None:
            self.smartcard_date.setEnabled(False)
            self.trained_date.setEnabled(False)
            self.role_combo.setCurrentIndex(-1)
            self.role_combo.setEditText("")
            return
        self.name_edit.setText(person.name)
        self.role_combo.setEditText(person.role)
        self.organisation_combo.setCurrentIndex(
            self.organisation_combo.findData(person.organisation.value))
        self.site_combo.setEditText(person.site)
        self.contact_edit.setText(person.contact)
        self.notes_edit.setPlainText(person.notes)
        self.smartcard_check.setChecked(person.smartcard_on is not None)
        self.smartcard_date.setEnabled(person.smartcard_on is not None)
        if person.smartcard_on:
            self.smartcard_date.setDate(to_qdate(person.smartcard_on))
        self.trained_check.setChecked(person.trained_on is not None)
        self.trained_date.setEnabled(person.trained_on is not None)
        if person.trained_on:
            self.trained_date.setDate(to_qdate(person.trained_on))

    def value(self, person_id: PersonId) -> Person:
        """The person as the form says."""
        return Person(
            id=person_id,
            name=self.name_edit.text(),
            role=self.role_combo.currentText(),
            organisation=Organisation(self.organisation_combo.currentData()),
            contact=self.contact_edit.text(),
            site=self.site_combo.currentText(),
            smartcard_on=from_qdate(self.smartcard_date.date())
            if self.smartcard_check.isChecked() else None,
            trained_on=from_qdate(self.trained_date.date())
            if self.trained_check.isChecked() else None,
            notes=self.notes_edit.toPlainText(),
        )

    def accept(self) -> None:
        staff = StaffService(self._session.service)
        saved: list[Person] = []

        def save() -> None:
            if self._original is None:
                saved.append(self.value(staff.next_person_id()))
                assert self.pattern_editor is not None
                pattern = WorkingPattern(saved[0].id, None, self.pattern_editor.value())
                self._session.try_edit(staff.add_person, saved[0], pattern)
            else:
                saved.append(self.value(self._original.id))
                self._session.try_edit(staff.update_person, replace(saved[0]))

        if not self._errors.attempt(save):
            return
        self.saved.emit(int(saved[0].id))
        super().accept()


class PatternDialog(QDialog):
    """Set a person's working pattern from the start or from a date on (a change of hours).

    Signals:
        saved(): the pattern was saved.
    """

    saved = Signal()

    def __init__(self, session: PlanSession, person_id: int, pattern: WorkingPattern | None = None,
                 parent: QWidget | None = None, *, from_day: date | None = None) -> None:
        super().__init__(parent)
        self._session = session
        staff = StaffService(session.service)
        self._person = staff.person(PersonId(person_id))
        self._original = pattern
        verb = "Change" if pattern else "New"
        self.setWindowTitle(f"{verb} working pattern for {self._person.name}")
        self.setAccessibleName(self.windowTitle())
        self.from_start = QRadioButton("From the &start")
        self.from_start.setAccessibleName("Pattern applies from the start")
        self.from_date = QRadioButton("From a &date on:")
        self.from_date.setAccessibleName("Pattern applies from a date on")
        start = (pattern.valid_from if pattern and pattern.valid_from
                 else from_day or staff.plan.today())
        self.date_edit = date_edit("First day of the pattern", start)
        self.from_date.toggled.connect(self.date_edit.setEnabled)
        if pattern is not None and pattern.valid_from is None:
            self.from_start.setChecked(True)
            self.date_edit.setEnabled(False)
        else:
            self.from_date.setChecked(True)
        self.editor = PatternEditor()
        if pattern is not None:
            self.editor.set_value(pattern.shifts)
        else:
            current = staff.patterns_of(self._person.id)
            if current:
                self.editor.set_value(current[-1].shifts)
        when = QWidget()
        when_row = QHBoxLayout(when)
        when_row.setContentsMargins(0, 0, 0, 0)
        when_row.addWidget(self.from_start)
        when_row.addWidget(self.from_date)
        when_row.addWidget(self.date_edit)
        when_row.addStretch(1)
        self._errors = FieldErrors()
        layout = QVBoxLayout(self)
        layout.addWidget(self._errors.with_message("valid_from", self.date_edit,
                                                   "First day of the pattern", shown=when))
        layout.addWidget(self._errors.with_message("shifts", self.editor, "Working pattern"))
        self.error = self._errors.general
        layout.addWidget(self.error)
        self.button_box = ok_cancel(self)
        layout.addWidget(self.button_box)
        self.fields = {"shifts": self.editor, "valid_from": self.date_edit}

    def value(self) -> WorkingPattern:
        start = None if self.from_start.isChecked() else from_qdate(self.date_edit.date())
        return WorkingPattern(self._person.id, start, self.editor.value())

    def accept(self) -> None:
        staff = StaffService(self._session.service)
        pattern = self.value()

        def save() -> None:
            if self._original is not None:
                self._session.try_edit(staff.move_pattern, self._original, pattern)
                return
            existing = staff.patterns_of(self._person.id)
            if any(p.valid_from == pattern.valid_from for p in existing):
                raise ValidationError(
                    f"{self._person.name} already has a pattern from that day; change "
                    "that one instead.", "valid_from")
            self._session.try_edit(staff.set_pattern, pattern)

        if not self._errors.attempt(save):
            return
        self.saved.emit()
        super().accept()


"""AbsenceDialog books or changes an absence: who, what kind, which days, and part days."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import AbsenceId, PersonId
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.dialogs.person_dialog import (
    buddy_label,
    date_edit,
    ok_cancel,
    time_edit,
)
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.qt_dates import from_qdate, from_qtime, to_qdate, to_qtime
from cutover_desktop.ui.session import PlanSession


class AbsenceDialog(QDialog):
    """Book an absence (absence_id None) or change one; part days have a start and end time.

    Signals:
        saved(int): the absence was saved; its id.
    """

    saved = Signal(int)

    def __init__(self, session: PlanSession, person_id: int | None = None,
                 absence_id: int | None = None, parent: QWidget | None = None, *,
                 first: date | None = None, last: date | None = None) -> None:
        super().__init__(parent)
        self._session = session
        staff = StaffService(session.service)
        self._original = staff.absence(AbsenceId(absence_id)) if absence_id is not None else None
        if self._original is not None:
            person_id = self._original.person_id
        self.setWindowTitle("Change an absence" if self._original else "Book an absence")
        self.setAccessibleName(self.windowTitle())

        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Person")
        for person in staff.people():
            self.person_combo.addItem(f"{person.name} ({person.role})", int(person.id))
        if person_id is not None:
            self.person_combo.setCurrentIndex(self.person_combo.findData(int(person_id)))
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of absence")
        for kind in AbsenceKind:
            self.kind_combo.addItem(kind.label, kind.value)
        start = first or staff.plan.today()
        self.first_edit = date_edit("First day away", start)
        self.last_edit = date_edit("Last day away", last or start)
        self.part_check = QCheckBox("&Part of each day only, from")
        self.part_check.setAccessibleName("Part of each day only")
        self.start_edit = time_edit("Away from", time(13, 0))
        self.end_edit = time_edit("Away until", time(17, 0))
        self.part_check.toggled.connect(self.start_edit.setEnabled)
        self.part_check.toggled.connect(self.end_edit.setEnabled)
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        self.days_label = QLabel()
        self.days_label.setAccessibleName("How many days")
        self.first_edit.dateChanged.connect(self._on_first_edit_date_changed)
        self.last_edit.dateChanged.connect(self._update_days)

        self._errors = errors = FieldErrors()
        form = QFormLayout()
        form.addRow(self._label("&Who", self.person_combo), self.person_combo)
        form.addRow(self._label("&Kind", self.kind_combo),
                    errors.with_message("kind", self.kind_combo, "Kind of absence"))
        form.addRow(self._label("&From", self.first_edit),
                    errors.with_message("first", self.first_edit, "First day away"))
        form.addRow(self._label("&To", self.last_edit),
                    errors.with_message("last", self.last_edit, "Last day away",
                                        self.days_label))
        hours = QWidget()
        row = QHBoxLayout(hours)
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.part_check)
        row.addWidget(self.start_edit)
        row.addWidget(QLabel("to"))
        row.addWidget(self.end_edit)
        row.addStretch(1)
        hours_column = QWidget()
        column = QVBoxLayout(hours_column)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addWidget(hours)
        column.addWidget(errors.add("start_time", self.start_edit, "Away from"))
        column.addWidget(errors.add("end_time", self.end_edit, "Away until"))
        form.addRow(hours_column)
        form.addRow(self._label("N&ote", self.note_edit),
                    errors.with_message("note", self.note_edit, "Note"))
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        self.error = errors.general
        layout.addWidget(self.error)
        self.button_box = ok_cancel(self)
        layout.addWidget(self.button_box)
        self.fields = {"first": self.first_edit, "last": self.last_edit,
                       "start_time": self.start_edit, "end_time": self.end_edit,
                       "note": self.note_edit, "kind": self.kind_combo}
        self._fill(self._original)
        self._update_days()
        for signal in (self.person_combo.currentIndexChanged, self.kind_combo.currentIndexChanged,
                       self.first_edit.dateChanged, self.last_edit.dateChanged,
                       self.part_check.toggled, self.start_edit.timeChanged,
                       self.end_edit.timeChanged, self.note_edit.textChanged):
            signal.connect(self._recheck)

    @staticmethod
    def _label(text: str, buddy: QWidget) -> QLabel:
        return buddy_label(text, buddy)

    def _fill(self, absence: Absence | None) -> None:
        self.start_edit.setEnabled(False)
        self.end_edit.setEnabled(False)
        if absence is None:
            return
        self.person_combo.setEnabled(False)
        self.kind_combo.setCurrentIndex(self.kind_combo.findData(absence.kind.value))
        self.first_edit.setDate(to_qdate(absence.first))
        self.last_edit.setDate(to_qdate(absence.last))
        self.note_edit.setText(absence.note)
        if absence.start_time is not None and absence.end_time is not None:
            self.part_check.setChecked(True)
            self.start_edit.setTime(to_qtime(absence.start_time))
            self.end_edit.setTime(to_qtime(absence.end_time))

    def _on_first_edit_date_changed(self, *_: object) -> None:
        # Moving the first day past the last moves the last day along with it.
        if self.last_edit.date() < self.first_edit.date():
            self.last_edit.setDate(self.first_edit.date())
        self._update_days()

    def _update_days(self, *_: object) -> None:
        days = self.first_edit.date().daysTo(self.last_edit.date()) + 1
        self.days_label.setText(plural(days, "day") if days > 0 else
                                "⚠ The last day is before the first.")

    def _recheck(self, *_: object) -> None:
        """Once a problem shows, check again as the person edits, so it goes when fixed."""
        if self.error.isHidden():
            return
        staff = StaffService(self._session.service)
        absence_id = self._original.id if self._original else staff.next_absence_id()
        absence = self.value(absence_id)
        if self._original is not None:
            absence = replace(absence, person_id=self._original.person_id)
        try:
            staff.check_absence(absence)
        except CutoverError as exc:
            self.error.setText(f"⚠ {exc.message}")
            return
        self.error.clear()
        self.error.hide()

    def value(self, absence_id: AbsenceId) -> Absence:
        part = self.part_check.isChecked()
        person = self.person_combo.currentData()
        return Absence(
            id=absence_id,
            person_id=PersonId(person if person is not None else 0),
            kind=AbsenceKind(self.kind_combo.currentData()),
            first=from_qdate(self.first_edit.date()),
            last=from_qdate(self.last_edit.date()),
            start_time=from_qtime(self.start_edit.time()) if part else None,
            end_time=from_qtime(self.end_edit.time()) if part else None,
            note=self.note_edit.text(),
        )

    def accept(self) -> None:
        staff = StaffService(self._session.service)
        saved: list[Absence] = []

        def save() -> None:
            if self._original is None:
                saved.append(self.value(staff.next_absence_id()))
                self._session.try_edit(staff.add_absence, saved[0])
            else:
                saved.append(replace(self.value(self._original.id),
                                     person_id=self._original.person_id))
                self._session.try_edit(staff.update_absence, saved[0])

        if not self._errors.attempt(save):
            return
        self.saved.emit(int(saved[0].id))
        super().accept()

"""Choose what to print for a day: the day schedule, one person's day or fortnight, or the week."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.ui.date_entry import DateEntry

EVERYONE = "Everyone"


class DayPrintout(StrEnum):
    DAY = "day"
    PERSON_FORTNIGHT = "fortnight"
    WEEK = "week"


@dataclass(frozen=True)
class DayChoice:
    """What the person chose: which printout, for which day, for whom (None: everyone)."""

    kind: DayPrintout
    day: date
    person: str | None


def _qdate(day: date) -> QDate:
    return QDate(day.year, day.month, day.day)


class PrintDayDialog(QDialog):
    """A date, a person (when the plan has staff) and which printout. Read `choice()` after
    it is accepted."""

    def __init__(self, day: date, people: tuple[str, ...], parent: QWidget | None = None,
                 person: str | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print a day schedule")
        self.setAccessibleName("Print a day schedule")
        form = QFormLayout()
        self.date_edit = DateEntry(_qdate(day))
        self.date_edit.setDisplayFormat("ddd d MMM yyyy")
        self.date_edit.setCalendarPopup(True)
        self.date_edit.setAccessibleName("Day to print")
        form.addRow("&Day:", self.date_edit)
        self.person_combo = QComboBox()
        self.person_combo.setAccessibleName("Whose schedule")
        self.person_combo.addItem(EVERYONE)
        self.person_combo.addItems(list(people))
        if person and person in people:
            self.person_combo.setCurrentText(person)
        self.person_combo.setEnabled(bool(people))
        form.addRow("&For:", self.person_combo)
        if not people:
            note = QLabel("Add staff to the plan to print one person's schedule.")
            note.setWordWrap(True)
            form.addRow("", note)

        self.day_radio = QRadioButton("The day schedule")
        self.day_radio.setAccessibleName("Print the day schedule")
        self.fortnight_radio = QRadioButton("The person's whole cut-over fortnight")
        self.fortnight_radio.setAccessibleName("Print the person's cut-over fortnight")
        self.week_radio = QRadioButton("The week at a glance")
        self.week_radio.setAccessibleName("Print the week at a glance")
        self.kinds = QButtonGroup(self)
        for button in (self.day_radio, self.fortnight_radio, self.week_radio):
            self.kinds.addButton(button)
        self.day_radio.setChecked(True)
        what = QVBoxLayout()
        for button in (self.day_radio, self.fortnight_radio, self.week_radio):
            what.addWidget(button)
        form.addRow("Print:", what)

        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        preview = buttons.addButton("&Preview…", QDialogButtonBox.ButtonRole.AcceptRole)
        preview.setAccessibleName("Preview the printout")
        preview.setDefault(True)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)
        self.person_combo.currentIndexChanged.connect(self._on_person_combo_changed)
        self._on_person_combo_changed()
        self.setWindowModality(Qt.WindowModality.WindowModal)

    def _on_person_combo_changed(self, _index: int = 0) -> None:
        one_person = self.person_combo.currentIndex() > 0
        self.fortnight_radio.setEnabled(one_person)
        if not one_person and self.fortnight_radio.isChecked():
            self.day_radio.setChecked(True)

    def choice(self) -> DayChoice:
        picked = self.date_edit.date()
        day = date(picked.year(), picked.month(), picked.day())
        person = self.person_combo.currentText() if self.person_combo.currentIndex() > 0 \
            else None
        if self.week_radio.isChecked():
            kind = DayPrintout.WEEK
        elif self.fortnight_radio.isChecked() and person:
            kind = DayPrintout.PERSON_FORTNIGHT
        else:
            kind = DayPrintout.DAY
        return DayChoice(kind, day, person)

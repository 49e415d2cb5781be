"""CalendarDayDialog marks one day as a practice closure or as an extra working day."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QLabel,
    QLayout,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.model import CalendarDayKind
from cutover_desktop.ui.dialogs.person_dialog import (
    buddy_label,
    date_edit,
    ok_cancel,
)
from cutover_desktop.ui.forms import FieldErrors, fit_height
from cutover_desktop.ui.qt_dates import from_qdate
from cutover_desktop.ui.session import PlanSession

MAX_NOTE = 200
# The national calendar: weekends and England and Wales bank holidays, no practice marks.
_NATIONAL = WorkingCalendar()
_WORDS = {
    CalendarDayKind.CLOSURE: "a practice closure day",
    CalendarDayKind.EXTRA_WORKING: "an extra working day",
}


def first_day_for(kind: CalendarDayKind, after: date) -> date:
    """A sensible first suggestion: the next weekday for a closure, the next Saturday else."""
    day = after + timedelta(days=1)
    for _ in range(400):
        if _NATIONAL.is_working_day(day) == (kind is CalendarDayKind.CLOSURE):
            return day
        day += timedelta(days=1)
    return after


def refusal(day: date, kind: CalendarDayKind, marks: dict[date, CalendarDayKind]) -> str:
    """Why marking the day would change nothing (''), when it would: said in words."""
    if marks.get(day) is kind:
        return f"{uk_date(day)} is already marked as {_WORDS[kind]}."
    why_not = _NATIONAL.why_not_working(day)
    if kind is CalendarDayKind.CLOSURE and why_not and day not in marks:
        return (f"{uk_date(day)} is already not a working day ({why_not}), so marking the "
                "practice closed would change nothing.")
    if kind is CalendarDayKind.EXTRA_WORKING and not why_not and day not in marks:
        return (f"{uk_date(day)} is already a working day, so marking it as an extra "
                "working day would change nothing.")
    return ""


class CalendarDayDialog(QDialog):
    """Add one closure day or one extra working day to the plan's calendar (one undo step).

    Signals:
        saved(object): the day was marked; the datetime.date.
    """

    saved = Signal(object)

    def __init__(self, session: PlanSession, kind: CalendarDayKind,
                 parent: QWidget | None = None, *, day: date | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self.kind = kind
        service = session.service
        closure = kind is CalendarDayKind.CLOSURE
        self.setWindowTitle("Add a practice closure day" if closure
                            else "Add an extra working day")
        self.setAccessibleName(self.windowTitle())

        intro = QLabel(
            "A day the practice is closed although it would normally work, such as "
            "protected learning time. Tasks counted in working days, and Technical Go Live, "
            "move off it." if closure else
            "A day that counts as working although it would not, such as a go-live Saturday. "
            "Tasks counted in working days, and Technical Go Live, may move onto it.")
        intro.setWordWrap(True)
        intro.setAccessibleName("About this kind of day")
        self.date_edit = date_edit("Day", day or first_day_for(kind, service.today()))
        self.about_day = QLabel()
        self.about_day.setWordWrap(True)
        self.about_day.setAccessibleName("About the chosen day")
        self.note_edit = QLineEdit()
        self.note_edit.setAccessibleName("Note")
        self.note_edit.setMaxLength(MAX_NOTE)
        self.note_edit.setPlaceholderText("Protected learning time" if closure
                                          else "Go-live weekend")
        self._errors = FieldErrors()
        form = QFormLayout()
        form.addRow(buddy_label("&Day:", self.date_edit),
                    self._errors.with_message("day", self.date_edit, "Day", self.about_day))
        form.addRow(buddy_label("&Note:", self.note_edit),
                    self._errors.with_message("note", self.note_edit, "Note"))
        self.error = self._errors.general
        self.button_box = ok_cancel(self)
        layout = QVBoxLayout(self)
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(self.button_box)
        self.fields = {"day": self.date_edit, "note": self.note_edit}
        self.date_edit.dateChanged.connect(self._on_date_edit_changed)
        self._on_date_edit_changed()
        self.resize(max(self.sizeHint().width(), self.fontMetrics().averageCharWidth() * 60),
                    self.sizeHint().height())
        fit_height(self)

    def day(self) -> date:
        return from_qdate(self.date_edit.date())

    def _marks(self) -> dict[date, CalendarDayKind]:
        return {d: c.kind for d, c in self._session.service.state.calendar_days.items()}

    def _on_date_edit_changed(self, *_: object) -> None:
        """Say what the chosen day is now, and which key date falls on it."""
        service = self._session.service
        day = self.day()
        why_not = service.state.calendar.why_not_working(day)
        words = f"It is {why_not}." if why_not else "It is a working day now."
        keys = [k.label for k, d in service.schedule().key_dates.items() if d == day]
        if keys:
            words += " " + " and ".join(keys) + " falls on it."
        self.about_day.setText(words)
        if self.error.isVisible():
            self.error.hide()
            fit_height(self)

    def accept(self) -> None:
        day = self.day()
        problem = refusal(day, self.kind, self._marks())

        def save() -> None:
            if problem:
                raise ValidationError(problem, "day")
            service = self._session.service
            self._session.try_edit(service.set_calendar_day, day, self.kind,
                                   self.note_edit.text())

        if not self._errors.attempt(save):
            fit_height(self)
            return
        self.saved.emit(day)
        super().accept()


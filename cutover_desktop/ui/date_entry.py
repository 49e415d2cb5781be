"""The one date box used wherever a date is typed.

It accepts what people type (see `date_parsing.read_date`), shows the date it understood in
words beside the box as they type, and refuses what it cannot read with a plain sentence
instead of guessing. The typed date takes effect when the box is left or Enter is pressed, so
half-typed text ('13/0') never moves a plan. Its methods mirror QDateEdit's so it drops in
where one was used.
"""

from __future__ import annotations

import datetime
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QDate, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMenu,
    QSizePolicy,
    QToolButton,
    QWidget,
    QWidgetAction,
)

from cutover_desktop.domain.formatting import long_date, uk_numeric
from cutover_desktop.ui.qt_dates import UK_DATE_FORMAT, from_qdate, to_qdate
from cutover_desktop.ui.style import set_tone
from cutover_desktop.ui.window_icons import SMALL, ui_icon

if TYPE_CHECKING:
    from PySide6.QtWidgets import QCalendarWidget

_WIDEST_WORDS = "Wednesday 30 September 2099"


class DateEntry(QWidget):
    """A typed date with its meaning in words beside it.

    Signals:
        dateChanged(QDate): a new date was typed, picked or set.
    """

    dateChanged = Signal(QDate)

    def __init__(self, day: QDate | date | None = None, parent: QWidget | None = None,
                 *, words: bool = True) -> None:
        super().__init__(parent)
        self._minimum = QDate(2000, 1, 1)
        self._maximum = QDate(2099, 12, 31)
        self._special = ""
        self._today_source = date.today
        self._start_from: QDate | None = None
        self._problem = ""
        self._date = QDate.currentDate()
        self._pending: QDate | None = None

        self.line_edit = QLineEdit(self)
        self.line_edit.setPlaceholderText("dd/mm/yyyy")
        metrics = self.line_edit.fontMetrics()
        self.line_edit.setFixedWidth(metrics.horizontalAdvance("30 Sept 2027") + 16)
        self.picker_button = QToolButton(self)
        self.picker_button.setIcon(ui_icon("pick-date", SMALL))
        self.picker_button.setToolTip("Pick the date from a calendar")
        self.picker_button.setAccessibleName("Pick the date from a calendar")
        self.picker_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.picker_button.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self._calendar: QCalendarWidget | None = None
        self._picker_menu = QMenu(self.picker_button)
        self._picker_menu.aboutToShow.connect(self._on_picker_opening)
        self.picker_button.setMenu(self._picker_menu)
        self.words_label = QLabel(self)
        self.words_label.setObjectName("date-words")
        self.words_label.setWordWrap(True)
        # A fixed width, so the row does not jump as the words change; problems wrap.
        self.words_label.setFixedWidth(self.words_label.fontMetrics().horizontalAdvance(
            _WIDEST_WORDS) + 4)
        # Without room for the words (a filter row) they go in the tooltip; problems still show.
        self._words_beside = words
        self.words_label.setVisible(words)

        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(4)
        layout.addWidget(self.line_edit)
        layout.addWidget(self.picker_button)
        layout.addWidget(self.words_label)
        layout.addStretch(1)
        self.setFocusProxy(self.line_edit)
        self.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Fixed)

        self.line_edit.textEdited.connect(self._on_text_edited)
        self.line_edit.editingFinished.connect(self._on_editing_finished)
        self._show(to_qdate(day) if isinstance(day, date) else (day or QDate.currentDate()))

    # QDateEdit's API, as the screens use it

    def date(self) -> QDate:
        return QDate(self._date)

    def setDate(self, day: QDate | datetime.date) -> None:  # noqa: N802 - Qt's name
        value = to_qdate(day) if isinstance(day, date) else QDate(day)
        value = max(self._minimum, min(self._maximum, value))
        changed = value != self._date
        self._show(value)
        if changed:
            self.dateChanged.emit(QDate(value))

    def setDateRange(self, minimum: QDate, maximum: QDate) -> None:  # noqa: N802
        self._minimum, self._maximum = QDate(minimum), QDate(maximum)
        self.setDate(self._date)

    def setMinimumDate(self, minimum: QDate) -> None:  # noqa: N802
        self.setDateRange(minimum, max(minimum, self._maximum))

    def setMaximumDate(self, maximum: QDate) -> None:  # noqa: N802
        self.setDateRange(min(self._minimum, maximum), maximum)

    def minimumDate(self) -> QDate:  # noqa: N802
        return QDate(self._minimum)

    def maximumDate(self) -> QDate:  # noqa: N802
        return QDate(self._maximum)

    def setSpecialValueText(self, text: str) -> None:  # noqa: N802
        """Name the lowest date (e.g. 'any date'); an empty box then means it."""
        self._special = text
        self.line_edit.setPlaceholderText(text or "dd/mm/yyyy")
        self._show(self._date)

    def displayFormat(self) -> str:  # noqa: N802
        return UK_DATE_FORMAT

    def setDisplayFormat(self, _format: str) -> None:  # noqa: N802
        """Dates are always shown as dd/mm/yyyy with the words beside them."""

    def setCalendarPopup(self, _enable: bool) -> None:  # noqa: N802
        """The calendar button is always there."""

    def setAccessibleName(self, name: str) -> None:  # noqa: N802
        super().setAccessibleName(name)
        self.line_edit.setAccessibleName(name)

    def text(self) -> str:
        """What the box shows: the special value's name for an empty box, as QDateEdit."""
        if self._is_special(self._date) and not self.line_edit.text().strip():
            return self._special
        return self.line_edit.text()

    def stepBy(self, steps: int) -> None:  # noqa: N802
        if self._special and self._date == self._minimum and self._start_from is not None:
            self.setDate(self._start_from)
            return
        self.setDate(self._date.addDays(steps))

    # Additions

    def set_today_source(self, today: object) -> None:
        """Where 'today' and 'tomorrow' come from (the plan's clock in tests)."""
        self._today_source = today  # type: ignore[assignment]

    def set_start_from(self, day: datetime.date) -> None:
        """The date the first arrow press goes to from the special value."""
        self._start_from = to_qdate(day)

    def problem(self) -> str:
        """Why the typed text was refused, or '' when the box holds a date."""
        return self._problem

    def value(self) -> datetime.date | None:
        return from_qdate(self._date)

    # Behaviour

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        steps = {Qt.Key.Key_Up: 1, Qt.Key.Key_Down: -1, Qt.Key.Key_PageUp: 7,
                 Qt.Key.Key_PageDown: -7}.get(Qt.Key(event.key()))
        if steps is None:
            super().keyPressEvent(event)
            return
        self.stepBy(steps)

    def _is_special(self, value: QDate) -> bool:
        return bool(self._special) and value == self._minimum

    def _show(self, value: QDate) -> None:
        self._pending = None
        self._date = QDate(value)
        self._problem = ""
        self.line_edit.setText("" if self._is_special(value) else uk_numeric(from_qdate(value)))
        self._show_words()

    def _show_words(self) -> None:
        if self._problem:
            self.words_label.setText(self._problem)
            set_tone(self.words_label, "problem")
            self.words_label.setVisible(True)
            self.line_edit.setToolTip(self._problem)
            return
        words = (self._special if self._is_special(self._date)
                 else long_date(from_qdate(self._date)))
        set_tone(self.words_label, "")
        self.words_label.setText(words)
        self.words_label.setVisible(self._words_beside)
        self.line_edit.setToolTip(words)

    def _on_text_edited(self, text: str) -> None:
        self._pending = None
        if self._special and not text.strip():
            self._preview(self._minimum)
            return
        # Loaded when the first date is typed: a window starts with nothing to read.
        from cutover_desktop.ui.date_parsing import read_date

        reading = read_date(text, self._today_source())
        if reading.day is None:
            self._problem = reading.problem
            self._show_words()
            return
        value = to_qdate(reading.day)
        if value < self._minimum or value > self._maximum:
            low, high = from_qdate(self._minimum), from_qdate(self._maximum)
            first = low if not self._special else from_qdate(self._minimum.addDays(1))
            self._problem = (f"{long_date(reading.day)} is outside the dates allowed here "
                             f"({uk_numeric(first)} to {uk_numeric(high)}).")
            self._show_words()
            return
        self._preview(value)

    def _preview(self, value: QDate) -> None:
        """Say what the typed text means; it takes effect when editing finishes."""
        self._problem = ""
        self._pending = value
        set_tone(self.words_label, "")
        self.words_label.setText(self._special if self._is_special(value)
                                 else long_date(from_qdate(value)))
        self.words_label.setVisible(self._words_beside)

    def _on_editing_finished(self) -> None:
        if self._problem:
            return
        if self._pending is not None:
            pending, self._pending = self._pending, None
            self.setDate(pending)
            return
        self._show(self._date)

    @property
    def calendar(self) -> QCalendarWidget:
        """The calendar the picker shows, made when first wanted: most date boxes are never
        picked from, and a window's first calendar costs 2.6 MB."""
        if self._calendar is None:
            from PySide6.QtWidgets import QCalendarWidget

            calendar = QCalendarWidget()
            calendar.setGridVisible(True)
            calendar.setFirstDayOfWeek(Qt.DayOfWeek.Monday)
            calendar.clicked.connect(self._on_calendar_clicked)
            action = QWidgetAction(self._picker_menu)
            action.setDefaultWidget(calendar)
            self._picker_menu.addAction(action)
            self._calendar = calendar
        return self._calendar

    def _on_picker_opening(self) -> None:
        self.calendar.setDateRange(self._minimum, self._maximum)
        self.calendar.setSelectedDate(self._date)

    def _on_calendar_clicked(self, value: QDate) -> None:
        self._picker_menu.hide()
        self.setDate(value)
        self.line_edit.setFocus()

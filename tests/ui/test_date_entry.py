"""The date box: what people type is read day first, shown in words, or refused plainly."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDateEdit

from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.date_parsing import read_date
from tests.conftest import TODAY


@pytest.fixture
def entry(qtbot) -> DateEntry:
    box = DateEntry(QDate(2027, 3, 16))
    box.set_today_source(lambda: TODAY)
    qtbot.addWidget(box)
    box.show()
    return box


def _type(qtbot, entry: DateEntry, text: str, enter: bool = True) -> None:
    entry.line_edit.selectAll()
    entry.line_edit.del_()
    qtbot.keyClicks(entry.line_edit, text)
    if enter:
        qtbot.keyClick(entry.line_edit, Qt.Key.Key_Return)


@pytest.mark.parametrize(("typed", "meant"), [
    ("13/06/2027", date(2027, 6, 13)),
    ("13/6/27", date(2027, 6, 13)),
    ("13062027", date(2027, 6, 13)),
    ("13 June 2027", date(2027, 6, 13)),
    ("13 Jun", date(2027, 6, 13)),  # no year: the 13 June nearest today (28 Nov 2026)
    ("5/6/2027", date(2027, 6, 5)),  # day first, never 6 May
    ("2027-06-05", date(2027, 6, 5)),
    ("today", TODAY),
    ("Tomorrow", date(2026, 11, 29)),
])
def test_what_people_type_is_read_day_first(qtbot, entry: DateEntry, typed: str,
                                             meant: date) -> None:
    with qtbot.waitSignal(entry.dateChanged):
        _type(qtbot, entry, typed)
    assert entry.date().toPython() == meant
    assert entry.problem() == ""
    assert entry.words_label.text() == f"{meant:%A} {meant.day} {meant:%B %Y}"


def test_the_date_is_shown_in_words_beside_the_box(entry: DateEntry) -> None:
    assert entry.text() == "16/03/2027"
    assert entry.words_label.text() == "Tuesday 16 March 2027"
    assert entry.words_label.isVisible()


@pytest.mark.parametrize(("typed", "sentence"), [
    ("banana", "“banana” is not a date I can read"),
    ("31", "Type the month too"),
    ("June 2027", "Type the day too"),
    # A day its month does not have is said so.
    ("31/02/2027", "February 2027 has 28 days, so 31/02/2027 is not a date."),
    ("29/02/2027", "February 2027 has 28 days, so 29/02/2027 is not a date."),
    ("31-4-27", "April 2027 has 30 days, so 31/04/2027 is not a date."),
    ("31.06.2027", "June 2027 has 30 days, so 31/06/2027 is not a date."),
    ("31022027", "February 2027 has 28 days, so 31/02/2027 is not a date."),
    ("2027-02-29", "February 2027 has 28 days, so 29/02/2027 is not a date."),
    ("30 February 2028", "February 2028 has 29 days, so 30/02/2028 is not a date."),
    ("31st Sept 2027", "September 2027 has 30 days, so 31/09/2027 is not a date."),
    ("31/02", "February has at most 29 days, so 31/02 is not a date."),
    ("31 Nov", "November has 30 days, so 31/11 is not a date."),
    ("13/13/2027", "There is no month 13: months go from 1 to 12."),
])
def test_what_cannot_be_read_is_refused_in_a_sentence(qtbot, entry: DateEntry, typed: str,
                                                      sentence: str) -> None:
    with qtbot.assertNotEmitted(entry.dateChanged):
        _type(qtbot, entry, typed)
    assert entry.date() == QDate(2027, 3, 16)
    assert sentence in entry.problem()
    assert sentence in entry.words_label.text()
    assert entry.problem().endswith(".")


def test_typing_31_then_the_month_is_not_silently_changed(qtbot, entry: DateEntry) -> None:
    _type(qtbot, entry, "31", enter=False)
    assert entry.date() == QDate(2027, 3, 16) and entry.problem()
    with qtbot.assertNotEmitted(entry.dateChanged):
        qtbot.keyClicks(entry.line_edit, "/05/202")  # half typed: nothing moves yet
    qtbot.keyClicks(entry.line_edit, "7")
    assert entry.words_label.text() == "Monday 31 May 2027"
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_Return)
    assert entry.date() == QDate(2027, 5, 31)
    assert entry.words_label.text() == "Monday 31 May 2027"
    assert entry.problem() == ""


def test_a_fixed_mistake_clears_its_sentence(qtbot, entry: DateEntry) -> None:
    _type(qtbot, entry, "13/13/2027")
    assert entry.problem()
    _type(qtbot, entry, "13/12/2027")
    assert entry.problem() == "" and entry.words_label.text() == "Monday 13 December 2027"


def test_dates_outside_the_range_are_refused(qtbot, entry: DateEntry) -> None:
    entry.setDateRange(QDate(2027, 1, 1), QDate(2027, 12, 31))
    _type(qtbot, entry, "01/01/2028")
    assert entry.date() == QDate(2027, 3, 16)
    assert "outside the dates allowed here (01/01/2027 to 31/12/2027)" in entry.problem()


def test_arrow_keys_step_a_day(qtbot, entry: DateEntry) -> None:
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_Up)
    assert entry.date() == QDate(2027, 3, 17)
    qtbot.keyClick(entry.line_edit, Qt.Key.Key_PageDown)
    assert entry.date() == QDate(2027, 3, 10)


def test_leaving_the_box_writes_the_date_out_in_full(qtbot, entry: DateEntry) -> None:
    _type(qtbot, entry, "13 jun 27")
    assert entry.text() == "13/06/2027"


def test_the_calendar_button_picks_a_date(qtbot, entry: DateEntry) -> None:
    entry.calendar.clicked.emit(QDate(2027, 4, 1))
    assert entry.date() == QDate(2027, 4, 1) and entry.text() == "01/04/2027"


def test_the_picker_opens_on_the_box_date_and_a_picked_day_closes_it(qtbot, entry) -> None:
    entry.setDateRange(QDate(2027, 1, 1), QDate(2027, 12, 31))
    menu = entry.picker_button.menu()
    menu.popup(entry.mapToGlobal(entry.picker_button.geometry().bottomLeft()))
    qtbot.waitUntil(entry.calendar.isVisible)
    assert entry.calendar.selectedDate() == QDate(2027, 3, 16)
    assert (entry.calendar.minimumDate(), entry.calendar.maximumDate()) == (
        QDate(2027, 1, 1), QDate(2027, 12, 31))
    entry.calendar.clicked.emit(QDate(2027, 5, 4))
    assert not menu.isVisible() and entry.text() == "04/05/2027"


def test_an_empty_box_can_mean_any_date(qtbot) -> None:
    box = DateEntry(QDate(2000, 1, 1))
    qtbot.addWidget(box)
    box.setSpecialValueText("any date")
    assert box.text() == "any date" and box.line_edit.text() == ""
    box.setDate(QDate(2027, 3, 16))
    _type(qtbot, box, "")
    assert box.date() == QDate(2000, 1, 1) and box.problem() == ""


def test_read_date_refuses_a_29_february_without_a_year_far_from_a_leap_year() -> None:
    assert read_date("29 Feb", date(2026, 6, 1)).day is None
    assert read_date("29 Feb", date(2027, 12, 1)).day == date(2028, 2, 29)


def test_no_screen_uses_qt_s_own_date_box(qtbot, session) -> None:
    from cutover_desktop.ui.dialogs.print_day_dialog import PrintDayDialog
    from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
    from cutover_desktop.ui.workspace import PlanWorkspace

    workspace = PlanWorkspace(session)
    qtbot.addWidget(workspace)
    wizard = NewPlanWizard(today=TODAY)
    qtbot.addWidget(wizard)
    dialog = PrintDayDialog(TODAY, ())
    qtbot.addWidget(dialog)
    for screen in (workspace, wizard, dialog):
        assert screen.findChildren(DateEntry)
        assert not screen.findChildren(QDateEdit)

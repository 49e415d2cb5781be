"""The coverage grid, driven as a user would: from adding a person to seeing their conflict."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import QDialogButtonBox

from cutover_desktop.domain.availability import DayState
from cutover_desktop.services.staff import StaffService
from cutover_desktop.services.staff_demo import demonstration_staff
from cutover_desktop.ui.assignees_editor import AssigneesEditor
from cutover_desktop.ui.coverage_view import CoverageView
from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
from cutover_desktop.ui.models.coverage_model import (
    CELL_ROLE,
    STATE_SYMBOLS,
    CoverageModel,
    cell_text,
)
from cutover_desktop.ui.staff_view import StaffView

FDP, TGL, BGL = date(2027, 3, 12), date(2027, 3, 15), date(2027, 3, 16)


@pytest.fixture
def grid(qtbot, session):
    widget = CoverageView(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def cell_of(view: CoverageView, name: str, day: date):  # type: ignore[no-untyped-def]
    model = view.model
    row = next(r for r in range(model.rowCount()) if model.person_at(r).name == name)
    column = model.column_of(day)
    assert column is not None
    return model.index(row, column)


def test_add_a_person_set_a_pattern_book_leave_on_tgl_assign_a_tgl_task_and_undo(
        qtbot, session, grid) -> None:
    service = session.service
    staff_view = StaffView(session)
    qtbot.addWidget(staff_view)
    staff_view.show()
    # Add a person.
    dialog = staff_view.add_person()
    qtbot.keyClicks(dialog.name_edit, "Rita Desk")
    dialog.role_combo.setEditText("Receptionist")
    ok(dialog)
    # Set a pattern: from the start, Monday to Wednesday, 08:00 to 12:30.
    staff_view.pattern_table.selectRow(0)
    pattern = staff_view.edit_pattern()
    pattern.editor.day_checks[3].click()
    pattern.editor.day_checks[4].click()
    pattern.editor.start_edits[0].setTime(QTime(8, 0))
    pattern.editor.end_edits[0].setTime(QTime(12, 30))
    pattern.editor.copy_button.click()
    ok(pattern)
    assert staff_view.pattern_model.index(0, 1).data() == "Mon–Wed 08:00–12:30"
    # The grid shows her at work on TGL, 4.5 hours.
    index = cell_of(grid, "Rita Desk", TGL)
    assert index.data() == "✓ In\n4.5h"
    # Book leave on TGL from the grid: select her TGL cell and press Enter.
    grid.grid.setFocus()
    grid.grid.setCurrentIndex(index)
    qtbot.keyClick(grid.grid, Qt.Key.Key_Return)
    booking = grid.open_dialog
    assert isinstance(booking, AbsenceDialog) and booking.isVisible()
    assert booking.first_edit.date() == QDate(2027, 3, 15)
    assert booking.last_edit.date() == QDate(2027, 3, 15)
    ok(booking)
    # Leave on a go-live day is already a warning (a number on the grid), before any task.
    assert cell_of(grid, "Rita Desk", TGL).data() == "⚠1 Leave\n"
    # Assign her a TGL task, as the task dialog would with its assignees editor.
    task = next(t.id for t in service.state.tasks.values() if "tgl" in t.tags)
    editor = AssigneesEditor(session, task)
    qtbot.addWidget(editor)
    editor.show()
    editor.person_combo.setCurrentIndex(editor.person_combo.findText("Rita Desk",
                                                                     Qt.MatchFlag.MatchStartsWith))
    editor.assign_button.click()
    assert editor.model.index(0, 3).data() == "⚠ Is on annual leave"
    # The conflict is on the grid, as a symbol and a number, not colour alone ...
    index = cell_of(grid, "Rita Desk", TGL)
    text = index.data()
    # The switch-on runs 08:00-09:00: one hour of tasks against no hours at work.
    assert text == "⚠2 Leave\n1/0h"
    assert "is assigned" in index.data(Qt.ItemDataRole.AccessibleTextRole)
    # ... and in the findings the dashboard lists, with her name, the date and the task.
    found = [f for f in service.findings() if f.code == "STAFF_ABSENT"]
    assert [(f.subject, f.day, f.task_id) for f in found] == [("Rita Desk", TGL, task)]
    # Undo takes the assignment away, and the conflict with it.
    session.edit(service.undo)
    assert cell_of(grid, "Rita Desk", TGL).data() == "⚠1 Leave\n"
    assert [f for f in service.findings() if f.code == "STAFF_ABSENT"] == []
    assert editor.model.rowCount() == 0


def test_the_default_window_and_the_key_dates_in_the_header(grid, session) -> None:
    demonstration_staff(session.service, 30)
    session.plan_opened.emit()
    assert grid.days_shown() == (FDP - timedelta(days=14), BGL + timedelta(days=14))
    model = grid.model
    tgl = model.column_of(TGL)
    header = model.headerData(tgl, Qt.Orientation.Horizontal)
    assert header.startswith("Mon\n15 Mar\n★TGL")
    assert header.endswith(f"{model.at_work(tgl)} in")
    tip = model.headerData(tgl, Qt.Orientation.Horizontal, Qt.ItemDataRole.ToolTipRole)
    assert tip.startswith("Mon 15 Mar 2027, TGL:") and "of 30 at work" in tip
    assert model.headerData(model.column_of(date(2027, 3, 18)),
                            Qt.Orientation.Horizontal).split("\n")[2].startswith("★BGL+2")
    assert "30 people" in grid.summary.text()


def test_moving_go_live_moves_the_default_window_but_not_a_chosen_one(grid, session) -> None:
    session.edit(session.service.set_go_live, date(2027, 3, 23))
    assert grid.days_shown()[1] == date(2027, 3, 23) + timedelta(days=14)
    grid.first_edit.setDate(QDate(2027, 3, 1))
    session.edit(session.service.set_go_live, date(2027, 3, 30))
    assert grid.days_shown()[0] == date(2027, 3, 1)
    grid.default_button.click()
    assert grid.days_shown()[1] == date(2027, 3, 30) + timedelta(days=14)


def test_arrow_keys_move_and_the_detail_says_the_day(qtbot, grid, session) -> None:
    demonstration_staff(session.service, 30)
    session.plan_opened.emit()
    grid.grid.setFocus()
    grid.show_day(TGL)
    start = grid.grid.currentIndex()
    qtbot.keyClick(grid.grid, Qt.Key.Key_Right)
    now = grid.grid.currentIndex()
    assert now.column() == start.column() + 1
    person = grid.model.person_at(now.row()).name
    assert grid.detail.text().startswith(f"{person}, Tue 16 Mar 2027:")
    assert "Tue 16 Mar 2027, BGL:" in grid.detail.text()
    qtbot.keyClick(grid.grid, Qt.Key.Key_Down)
    assert grid.grid.currentIndex().row() == now.row() + 1


def test_showing_one_role_and_every_state_has_words(grid, session) -> None:
    demonstration_staff(session.service, 30)
    session.plan_opened.emit()
    everyone = grid.model.rowCount()
    grid.role_combo.setCurrentIndex(grid.role_combo.findData("Clinician"))
    shown = [grid.model.person_at(r).role for r in range(grid.model.rowCount())]
    assert 0 < len(shown) < everyone
    assert set(shown) <= {"GP", "Lead GP", "Nurse", "HCA"}
    states = {}
    model = grid.model
    for row in range(model.rowCount()):
        for column in range(model.columnCount()):
            cell = model.index(row, column).data(CELL_ROLE)
            states.setdefault(cell.state, cell)
    assert DayState.WORKING in states and DayState.NOT_WORKING in states
    for state, cell in states.items():
        first_line = cell_text(cell).split("\n")[0]
        assert any(ch.isalpha() for ch in first_line), state  # a word, not only a colour
        assert STATE_SYMBOLS[state] in first_line or cell.conflicts


def test_bank_holidays_and_the_date_requested_elsewhere(grid, session) -> None:
    demonstration_staff(session.service, 5)
    grid.show_days(date(2027, 3, 20), date(2027, 4, 10))
    index = cell_of(grid, grid.model.person_at(0).name, date(2027, 3, 26))
    assert index.data().startswith("BH")
    assert "bank holiday (Good Friday)" in index.data(Qt.ItemDataRole.ToolTipRole)
    session.date_requested.emit(date(2027, 4, 1))
    assert grid.model.day_at(grid.grid.currentIndex().column()) == date(2027, 4, 1)


def test_show_cell_moves_the_window_and_person_requested(qtbot, grid, session) -> None:
    demonstration_staff(session.service, 5)
    person = StaffService(session.service).people()[2]
    assert grid.show_cell(int(person.id), date(2027, 6, 1))
    assert grid.model.day_at(grid.grid.currentIndex().column()) == date(2027, 6, 1)
    with qtbot.waitSignal(grid.person_requested) as caught:
        grid.person_button.click()
    assert caught.args == [int(person.id)]


def test_an_empty_register_explains_itself(grid) -> None:
    assert grid.model.rowCount() == 0
    assert "No one is in the staff register yet" in grid.detail.text()
    assert not grid.absence_button.isEnabled()


def test_the_coverage_model_passes_the_model_tester(qtmodeltester, session) -> None:
    demonstration_staff(session.service, 12)
    staff = StaffService(session.service)
    model = CoverageModel()
    model.set_coverage(staff.coverage(*staff.default_window()))
    qtmodeltester.check(model)
    model.set_role("Receptionist")
    qtmodeltester.check(model)



def test_a_finding_jumps_to_the_persons_day(grid, session) -> None:
    demonstration_staff(session.service, 30)
    session.plan_opened.emit()
    finding = next(f for f in session.service.findings() if f.code == "STAFF_ABSENT")
    assert grid.show_finding_subject(finding.subject, finding.day)
    index = grid.grid.currentIndex()
    assert grid.model.person_at(index.row()).name == finding.subject
    assert grid.model.day_at(index.column()) == finding.day
    assert index.data().startswith("⚠")
    gap = next(f for f in session.service.findings() if f.code == "ROLE_GAP")
    assert not grid.show_finding_subject(gap.subject, gap.day)
    assert grid.model.day_at(grid.grid.currentIndex().column()) == gap.day


def test_coverage_opens_with_both_go_live_days_in_view(qtbot, session) -> None:
    from cutover_desktop.domain.keydates import KeyDate
    from cutover_desktop.services.staff import StaffService
    from cutover_desktop.ui.coverage_view import CoverageView
    from tests.printing.plans import staff_plan

    staff_plan(session.service)
    assert StaffService(session.service).people()
    view = CoverageView(session)
    qtbot.addWidget(view)
    view.resize(900, 600)
    view.show()
    qtbot.waitExposed(view)
    keys = session.service.schedule().key_dates
    grid = view.grid
    qtbot.waitUntil(lambda: all(
        grid.viewport().rect().contains(grid.visualRect(view.model.index(0, column)))
        for column in (view.model.column_of(keys[KeyDate.TGL]),
                       view.model.column_of(keys[KeyDate.BGL]))))


def test_bank_holidays_are_named_in_the_day_headings(qtbot, session) -> None:
    from datetime import date

    from PySide6.QtCore import Qt

    from cutover_desktop.ui.coverage_view import CoverageView
    from tests.printing.plans import staff_plan

    staff_plan(session.service)
    view = CoverageView(session)
    qtbot.addWidget(view)
    view.show_days(date(2026, 12, 24), date(2026, 12, 29))
    christmas = view.model.column_of(date(2026, 12, 25))
    plain = view.model.column_of(date(2026, 12, 24))
    heading = view.model.headerData(christmas, Qt.Orientation.Horizontal)
    assert "Bank holiday" in heading
    assert "Bank" not in view.model.headerData(plain, Qt.Orientation.Horizontal)

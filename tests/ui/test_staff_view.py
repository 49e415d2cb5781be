"""The staff register, its dialogs and the assignees editor, driven as a user would."""

from __future__ import annotations

from datetime import date, time
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, Qt, QTime
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractSpinBox,
    QComboBox,
    QDialogButtonBox,
    QLineEdit,
    QTableView,
    QWidget,
)

from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.staff import CoverDay, CoverNeed
from cutover_desktop.domain.working_hours import WorkingPattern
from cutover_desktop.services.staff import StaffService
from cutover_desktop.services.staff_demo import demonstration_staff
from cutover_desktop.ui.assignees_editor import AssigneesEditor
from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
from cutover_desktop.ui.dialogs.person_dialog import PersonDialog
from cutover_desktop.ui.models.staff_model import (
    STAFF_NAME,
    STAFF_TRAINED,
    AbsenceModel,
    AssignedTasksModel,
    PatternModel,
    StaffTableModel,
)
from cutover_desktop.ui.staff_view import StaffView

TGL = date(2027, 3, 15)
STAFF_CSV = """name,role,organisation,working_days,start_time,end_time
Anna Patel,Practice manager,practice,,08:30,17:00
Bob Jones,GP,practice,Tue Thu,08:30,13:00
"""


@pytest.fixture
def view(qtbot, session):
    widget = StaffView(session)
    qtbot.addWidget(widget)
    widget.resize(1300, 800)
    widget.show()
    return widget


def ok(dialog) -> None:  # type: ignore[no-untyped-def]
    dialog.button_box.button(QDialogButtonBox.StandardButton.Ok).click()


def names(view: StaffView) -> list[str]:
    proxy = view.proxy
    return [proxy.index(row, STAFF_NAME).data() for row in range(proxy.rowCount())]


def tgl_task(service) -> int:  # type: ignore[no-untyped-def]
    # A practice task on Technical Go Live inside working hours (09:00-13:00); the supplier's
    # switch-on itself is at 08:00, before most staff start.
    return next(t.id for t in service.state.tasks.values()
                if t.template_key == "set-up-users-smartcards")


def test_an_empty_register_says_what_to_do(view) -> None:
    assert "No one in the staff register yet" in view.heading.text()
    assert not view.edit_button.isEnabled() and not view.remove_button.isEnabled()


def test_adding_a_person_with_a_part_time_pattern(qtbot, view, session) -> None:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.open_dialog
    assert isinstance(dialog, PersonDialog) and dialog.isVisible()
    qtbot.keyClicks(dialog.name_edit, "Anna Patel")
    dialog.role_combo.setEditText("practice manager")
    editor = dialog.pattern_editor
    assert editor is not None
    for day in (0, 2, 4):  # Monday, Wednesday and Friday off
        editor.day_checks[day].click()
    editor.start_edits[1].setTime(QTime(8, 30))
    editor.end_edits[1].setTime(QTime(13, 0))
    editor.copy_button.click()
    assert editor.summary.text() == "Tue, Thu 08:30–13:00"
    ok(dialog)
    assert not dialog.isVisible()
    assert names(view) == ["Anna Patel"]
    assert view.heading.text() == "Anna Patel: Practice manager, Practice"
    assert view.pattern_model.index(0, 1).data() == "Tue, Thu 08:30–13:00"
    assert session.service.undo_status().undo_label == "Add Anna Patel to the staff"


def test_a_refused_person_keeps_the_dialog_open_and_changes_nothing(qtbot, view, session) -> None:
    dialog = view.add_person()
    dialog.role_combo.setEditText("GP")
    ok(dialog)
    # The refusal shows under the Name field, not on the form's bottom line.
    name_error = dialog._errors["name"]
    assert dialog.isVisible() and name_error.isVisible() and not dialog.error.isVisible()
    assert "name" in name_error.text()
    def top(widget):
        return widget.mapTo(dialog, widget.rect().topLeft()).y()
    assert top(dialog.name_edit) < top(name_error) < top(dialog.role_combo)
    assert StaffService(session.service).people() == []
    # Typing a name takes the message away.
    dialog.name_edit.setText("Anna Patel")
    assert not name_error.isVisible()
    dialog.reject()


def test_editing_a_person_records_training_and_smartcard(qtbot, view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    view.select_person(StaffService(session.service).person_named("Bob Jones").id)
    dialog = view.edit_person()
    assert dialog.name_edit.text() == "Bob Jones"
    dialog.trained_check.click()
    dialog.trained_date.setDate(QDate(2027, 3, 1))
    ok(dialog)
    row = names(view).index("Bob Jones")
    assert view.proxy.index(row, STAFF_TRAINED).data() == "✔ Mon 1 Mar 2027"
    anna = names(view).index("Anna Patel")
    assert view.proxy.index(anna, STAFF_TRAINED).data() == "✘ Not yet"


def _write(view: StaffView, text: str, name: str = "staff.csv") -> Path:
    import tempfile

    folder = Path(tempfile.mkdtemp())
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_importing_a_file_and_a_refused_file(view, session) -> None:
    result = view.import_path(_write(view, STAFF_CSV))
    assert result is not None and result.added == 2
    assert view.message.text() == "Imported staff from staff.csv: 2 added."
    assert names(view) == ["Anna Patel", "Bob Jones"]
    bad = _write(view, "name,from,to,kind\nAnna Patel,2027-03-15,2027-03-01,leave\n",
                 "leave.csv")
    assert view.import_path(bad) is None
    assert "Nothing was imported" in view.message.text()
    assert "Row 2, column “to”" in view.message.text()
    assert StaffService(session.service).absences() == []


def test_a_pattern_that_changes_from_a_date(qtbot, view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    view.select_person(StaffService(session.service).person_named("Anna Patel").id)
    dialog = view.add_pattern()
    assert dialog.from_date.isChecked()
    dialog.date_edit.setDate(QDate(2027, 3, 8))
    dialog.editor.day_checks[4].click()  # no longer Fridays
    ok(dialog)
    assert view.pattern_model.rowCount() == 2
    assert view.pattern_model.index(1, 0).data() == "Mon 8 Mar 2027"
    assert view.pattern_model.index(1, 1).data() == "Mon–Thu 08:30–17:00"
    view.pattern_table.selectRow(1)
    assert view.pattern_remove_button.isEnabled()
    view.pattern_remove_button.click()
    assert view.pattern_model.rowCount() == 1
    view.pattern_table.selectRow(0)
    assert not view.pattern_remove_button.isEnabled()  # the last pattern stays


def test_booking_changing_and_cancelling_an_absence(qtbot, view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    view.select_person(StaffService(session.service).person_named("Anna Patel").id)
    dialog = view.book_absence()
    assert isinstance(dialog, AbsenceDialog)
    dialog.kind_combo.setCurrentIndex(dialog.kind_combo.findData(AbsenceKind.TRAINING.value))
    dialog.first_edit.setDate(QDate(2027, 3, 15))
    dialog.last_edit.setDate(QDate(2027, 3, 16))
    assert dialog.days_label.text() == "2 days"
    dialog.part_check.click()
    dialog.start_edit.setTime(QTime(9, 0))
    dialog.end_edit.setTime(QTime(12, 0))
    ok(dialog)
    model = view.absence_model
    assert [model.index(0, c).data() for c in range(4)] == [
        "Training", "Mon 15 Mar 2027", "Tue 16 Mar 2027", "09:00–12:00"]
    view.absence_table.selectRow(0)
    change = view.edit_absence()
    assert change.part_check.isChecked() and change.first_edit.date() == QDate(2027, 3, 15)
    change.first_edit.setDate(QDate(2027, 3, 20))  # after the last day: it moves too
    assert change.last_edit.date() == QDate(2027, 3, 20)
    ok(change)
    assert model.index(0, 1).data() == "Sat 20 Mar 2027"
    view.absence_table.selectRow(0)
    view.absence_remove_button.click()
    assert model.rowCount() == 0
    session.edit(session.service.undo)
    assert view.absence_model.rowCount() == 1


def test_an_overlapping_absence_is_refused_in_the_dialog(view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    view.import_path(_write(view, "name,from,to,kind\nAnna Patel,2027-03-15,2027-03-19,leave\n",
                            "leave.csv"))
    view.select_person(StaffService(session.service).person_named("Anna Patel").id)
    dialog = view.book_absence()
    dialog.first_edit.setDate(QDate(2027, 3, 17))
    ok(dialog)
    assert dialog.isVisible() and "already away" in dialog._errors["first"].text()
    assert dialog.error.text() == ""  # under the From field, not the bottom line
    assert len(StaffService(session.service).absences()) == 1
    dialog.reject()


def test_removing_a_person_and_undo(view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    view.select_person(StaffService(session.service).person_named("Bob Jones").id)
    view.remove_button.click()
    assert names(view) == ["Anna Patel"]
    assert "Undo brings them back" in view.message.text()
    session.edit(session.service.undo)
    assert names(view) == ["Anna Patel", "Bob Jones"]


def test_finding_people_by_name_or_role(qtbot, view, session) -> None:
    demonstration_staff(session.service, 30)
    session.plan_opened.emit()
    qtbot.keyClicks(view.find_edit, "receptionist")
    shown = names(view)
    assert shown and len(shown) < 30
    people = {p.name: p for p in StaffService(session.service).people()}
    assert all(people[name].role == "Receptionist" for name in shown)


def test_the_assigned_tasks_of_a_person_and_jumping_to_one(qtbot, view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    staff = StaffService(session.service)
    anna = staff.person_named("Anna Patel")
    session.edit(staff.assign, tgl_task(session.service), anna.id, 90)
    view.select_person(anna.id)
    assert view.assigned_model.rowCount() == 1
    assert view.assigned_model.index(0, 2).data() == "1.5 h"
    view.assigned_table.selectRow(0)
    with qtbot.waitSignal(view.task_requested) as caught:
        view.open_task_button.click()
    assert caught.args == [tgl_task(session.service)]


def test_roles_needed_on_key_days(view, session) -> None:
    dialog = view.edit_cover_needs()
    assert dialog.spins[("Trainer", CoverDay.BGL)].value() == 1
    dialog.spins[("Receptionist", CoverDay.TGL)].setValue(2)
    dialog.spins[("Trainer", CoverDay.BGL)].setValue(0)
    dialog.role_combo.setEditText("Registrations clerk")
    dialog.add_button.click()
    dialog.spins[("Registrations clerk", CoverDay.BGL)].setValue(1)
    ok(dialog)
    needs = StaffService(session.service).cover_needs()
    assert CoverNeed(CoverDay.TGL, "Receptionist", 2) in needs
    assert CoverNeed(CoverDay.BGL, "Registrations clerk") in needs
    assert all(n.role != "Trainer" for n in needs)


def test_every_control_has_an_accessible_name(view, session) -> None:
    view.import_path(_write(view, STAFF_CSV))
    for dialog in (view.add_person(), view.add_pattern(), view.book_absence(),
                   view.edit_cover_needs()):
        _all_named(dialog)
        dialog.reject()
    _all_named(view)


def _all_named(widget: QWidget) -> None:
    for child in widget.findChildren(QWidget):
        if isinstance(child, (QAbstractButton, QLineEdit, QComboBox, QAbstractSpinBox,
                              QTableView)) and child.isVisibleTo(widget):
            if isinstance(child, QLineEdit) and isinstance(child.parent(),
                                                           (QComboBox, QAbstractSpinBox)):
                continue  # the editor inside a named box
            if child.metaObject().className() == "QToolButton":
                continue  # the clear button inside a line edit, or a tab scroller
            assert child.accessibleName(), f"{child.metaObject().className()} " \
                                           f"{getattr(child, 'text', lambda: '')()}"


# Models


def test_every_staff_model_passes_the_model_tester(qtmodeltester, session) -> None:
    service = session.service
    demonstration_staff(service, 12)
    staff = StaffService(service)
    from cutover_desktop.domain.availability import StaffBook

    book = StaffBook.of(service.state.tables, service.state.calendar)
    people = staff.people()
    model = StaffTableModel()
    model.set_staff(people, book, service.today(), TGL, {people[0].id: 2})
    qtmodeltester.check(model)
    assert model.index(0, 8).data() == "⚠ 2"
    patterns = PatternModel()
    patterns.set_patterns(staff.patterns_of(people[0].id) + [
        WorkingPattern(people[0].id, date(2027, 3, 8), ())])
    qtmodeltester.check(patterns)
    assert patterns.index(1, 1).data() == "No working days"
    absences = AbsenceModel()
    absences.set_absences(staff.absences())
    qtmodeltester.check(absences)
    assigned = AssignedTasksModel()
    assigned.set_assignments(staff.assignments(), service.state.tasks,
                             service.schedule().dates)
    qtmodeltester.check(assigned)


# The assignees editor (for the task dialog)


@pytest.fixture
def editor(qtbot, session):
    service = session.service
    service.apply(_two_people())
    widget = AssigneesEditor(session, tgl_task(service))
    qtbot.addWidget(widget)
    widget.show()
    return widget


def _two_people():  # type: ignore[no-untyped-def]
    from cutover_desktop.domain.changes import Changes, EntityChange
    from cutover_desktop.domain.ids import PersonId
    from cutover_desktop.domain.staff import Person
    from cutover_desktop.domain.working_hours import weekday_shifts

    items = []
    for number, (name, days) in enumerate((("Anna Patel", (0, 1, 2, 3, 4)),
                                           ("Bob Jones", (1, 3))), start=1):
        ready = {"trained_on": date(2027, 3, 1), "smartcard_on": date(2027, 3, 1)}
        items += [EntityChange(None, Person(PersonId(number), name, "GP", **ready)),
                  EntityChange(None, WorkingPattern(PersonId(number), None,
                                                    weekday_shifts(days, time(9), time(17))))]
    return Changes("Add two", tuple(items))


def test_assigning_people_to_a_task(qtbot, editor, session) -> None:
    staff = StaffService(session.service)
    task = tgl_task(session.service)
    editor.person_combo.setCurrentIndex(editor.person_combo.findData(1))
    editor.hours_spin.setValue(1.5)
    qtbot.mouseClick(editor.assign_button, Qt.MouseButton.LeftButton)
    editor.person_combo.setCurrentIndex(editor.person_combo.findData(2))
    editor.hours_spin.setValue(0)  # the task's times
    editor.assign_button.click()
    assert {a.person_id: a.minutes for a in staff.assignments_for_task(task)} == {1: 90, 2: None}
    rows = {editor.model.index(r, 0).data(): editor.model.index(r, 3).data()
            for r in range(editor.model.rowCount())}
    assert rows["Anna Patel"] == "✓ Free"
    # Bob works Tuesdays and Thursdays; TGL is a Monday.
    assert rows["Bob Jones"] == "⚠ Does not work on Mondays"
    bob_row = [editor.model.index(r, 0).data() for r in range(2)].index("Bob Jones")
    editor.table.selectRow(bob_row)
    editor.remove_button.click()
    assert [a.person_id for a in staff.assignments_for_task(task)] == [1]
    session.edit(session.service.undo)
    assert editor.model.rowCount() == 2


def test_an_unsaved_task_takes_people_once_there_are_staff(qtbot, session) -> None:
    # Issue 19: people can be chosen before the task is saved; with no staff there is no one.
    widget = AssigneesEditor(session, None)
    qtbot.addWidget(widget)
    assert not widget.assign_button.isEnabled()
    assert "Add people in the Staff tab" in widget.message.text()
    widget.set_task_id(tgl_task(session.service))
    assert "Add people in the Staff tab" in widget.message.text()


def test_register_columns_fit_their_words_and_none_stretches(qtbot, view, session) -> None:
    from cutover_desktop.ui.models.staff_model import STAFF_CONFLICTS, STAFF_NAME
    from tests.printing.plans import staff_plan

    staff_plan(session.service)
    view.refresh()
    header = view.staff_table.horizontalHeader()
    assert not header.stretchLastSection()
    assert header.visualIndex(STAFF_CONFLICTS) == header.visualIndex(STAFF_NAME) + 1
    metrics = view.staff_table.fontMetrics()
    for row in range(view.proxy.rowCount()):
        for column in range(view.proxy.columnCount()):
            text = str(view.proxy.index(row, column).data() or "")
            assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text


def test_a_pattern_refusal_shows_under_the_pattern_and_clears_when_fixed(qtbot, view,
                                                                         session) -> None:
    dialog = view.add_person()
    dialog.name_edit.setText("Anna Patel")
    dialog.role_combo.setEditText("GP")
    editor = dialog.pattern_editor
    editor.end_edits[0].setTime(QTime(8, 0))  # Monday finishes before it starts
    ok(dialog)
    message = dialog._errors["shifts"]
    assert dialog.isVisible() and message.isVisible()
    assert "On Monday the finishing time must be after the starting time." in message.text()
    assert dialog.error.text() == ""
    editor.end_edits[0].setTime(QTime(17, 0))
    assert not message.isVisible()
    assert StaffService(session.service).people() == []

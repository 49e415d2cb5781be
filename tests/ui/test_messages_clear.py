"""A message about a mistake goes once the mistake is fixed (wizard and absence dialog)."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtCore import QDate

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.ids import AbsenceId
from cutover_desktop.domain.staff import Person
from cutover_desktop.services.staff import StaffService
from cutover_desktop.ui.dialogs.absence_dialog import AbsenceDialog
from cutover_desktop.ui.qt_dates import to_qdate
from tests.ui.wizard_steps import shown_wizard, to_go_live_page


def test_the_wizard_ods_message_goes_when_the_code_is_fixed(qtbot) -> None:
    wizard = shown_wizard(qtbot)
    page = wizard.practice_page
    page.name_edit.setText("Riverside Surgery")
    page.ods_edit.setText("81001A")
    wizard.next()
    assert "one letter and five digits" in page.message.text()
    page.ods_edit.setText("A8100")  # still wrong: the message stays
    assert "one letter and five digits" in page.message.text()
    page.ods_edit.setText("A81001")
    assert page.message.text() == ""


def test_the_wizard_name_message_goes_when_a_name_is_typed(qtbot) -> None:
    wizard = shown_wizard(qtbot)
    page = wizard.practice_page
    page.ods_edit.setText("A81001")
    wizard.next()
    assert "practice's name" in page.message.text()
    qtbot.keyClicks(page.name_edit, "Riverside")
    assert page.message.text() == ""


def test_the_wizard_systems_message_goes_when_they_differ(qtbot) -> None:
    wizard = shown_wizard(qtbot)
    wizard.practice_page.name_edit.setText("Riverside Surgery")
    wizard.practice_page.ods_edit.setText("A81001")
    wizard.next()
    page = wizard.systems_page
    page.old_combo.setCurrentText("Vision")
    page.new_combo.setCurrentText("vision")
    wizard.next()
    assert "the same" in page.message.text()
    page.new_combo.setCurrentText("TPP SystmOne")
    assert page.message.text() == ""


def test_the_wizard_go_live_message_goes_when_the_date_is_fixed(qtbot) -> None:
    wizard = shown_wizard(qtbot)
    to_go_live_page(wizard)
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(date(2027, 3, 20)))  # a Saturday
    wizard.next()
    assert "Use this date anyway" in page.message.text()
    page.date_edit.setDate(to_qdate(date(2027, 3, 16)))
    assert page.message.text() == ""


def test_the_absence_message_goes_when_the_clash_is_fixed(qtbot, session) -> None:
    staff = StaffService(session.service)
    session.edit(staff.add_person, Person(id=staff.next_person_id(), name="Sam Jones",
                                          role="Receptionist"))
    person = staff.people()[0]
    first = date(2027, 3, 8)
    leave = Absence(AbsenceId(1), person.id, AbsenceKind.ANNUAL_LEAVE, first,
                    first + timedelta(days=4))
    session.edit(staff.add_absence, leave)
    dialog = AbsenceDialog(session, int(person.id), first=first + timedelta(days=2))
    qtbot.addWidget(dialog)
    dialog.show()
    dialog.accept()
    message = dialog._errors["first"]  # under the From field it is about
    assert message.isVisible() and "already away" in message.text()
    dialog.first_edit.setDate(QDate(2027, 3, 22))
    assert message.isHidden() and message.text() == ""
    assert len(staff.absences()) == 1  # nothing saved until OK

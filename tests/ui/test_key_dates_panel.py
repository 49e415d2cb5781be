"""The key dates panel: moving go-live, changing the rules, re-confirming, through the widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QDialogButtonBox, QLabel

from cutover_desktop.domain.keydates import KeyDate, TglRule
from cutover_desktop.ui.key_dates_panel import (
    CAL_DAY,
    CAL_KIND,
    CAL_NOTE,
    COL_DATE,
    COL_FROM_BGL,
    COL_NAME,
    COL_NOTE,
    CalendarDaysModel,
    KeyDatesModel,
    KeyDatesPanel,
)
from tests.conftest import GO_LIVE


@pytest.fixture
def panel(qtbot, session):
    widget = KeyDatesPanel(session)
    qtbot.addWidget(widget)
    widget.resize(1000, 900)
    widget.show()
    return widget


def _table(panel: KeyDatesPanel) -> dict[str, tuple[str, str, str]]:
    model = panel.key_dates_model
    return {model.index(r, COL_NAME).data(): (model.index(r, COL_DATE).data(),
                                             model.index(r, COL_FROM_BGL).data(),
                                             model.index(r, COL_NOTE).data())
            for r in range(model.rowCount())}


def _enter_go_live(qtbot, panel: KeyDatesPanel, day: date) -> None:
    panel.go_live_edit.setDate(QDate(day.year, day.month, day.day))
    qtbot.mouseClick(panel.go_live_apply, Qt.MouseButton.LeftButton)


def test_shows_practice_and_key_dates(panel):
    assert panel.findChild(QLabel, "practice-name").text() == "Riverside Surgery"
    assert panel.findChild(QLabel, "practice-ods").text() == "A81001"
    assert panel.findChild(QLabel, "practice-suppliers").text() == (
        "from EMIS Web to TPP SystmOne")
    assert panel.findChild(QLabel, "practice-sites").text() == "Main surgery, Branch"
    assert panel.go_live_edit.date().toPython() == GO_LIVE
    assert panel.go_live_edit.displayFormat() == "dd/MM/yyyy"
    rows = _table(panel)
    assert rows["Business Go Live"] == ("Tue 16 Mar 2027", "On BGL", "")
    assert rows["Technical Go Live"] == ("Mon 15 Mar 2027", "1 day before BGL", "")
    assert rows["Old system read-only access ends"][1] == "45 days after BGL"


def test_moving_go_live_moves_the_schedule_and_undo_restores(qtbot, panel, session, service):
    # FDP counts calendar days from go-live, so it moves by exactly the same four weeks.
    task = next(t for t in service.state.tasks.values() if t.template_key == "fdp")
    before = service.schedule().dates[task.id].start
    _enter_go_live(qtbot, panel, date(2027, 4, 13))

    assert service.details.go_live == date(2027, 4, 13)
    assert service.schedule().key_dates[KeyDate.TGL] == date(2027, 4, 12)
    assert service.schedule().dates[task.id].start == before + timedelta(days=28)
    assert _table(panel)["Business Go Live"][0] == "Tue 13 Apr 2027"
    assert panel.go_live_message.isVisible()
    assert "moved from Tue 16 Mar 2027 to Tue 13 Apr 2027" in panel.go_live_message.text()
    assert service.undo_status().undo_label == "Move go-live to Tue 13 Apr 2027"

    session.edit(service.undo)  # one undo step puts everything back
    assert service.details.go_live == GO_LIVE
    assert service.schedule().dates[task.id].start == before
    assert panel.go_live_edit.date().toPython() == GO_LIVE
    assert _table(panel)["Business Go Live"][0] == "Tue 16 Mar 2027"
    assert not panel.go_live_message.isVisible()


@pytest.mark.parametrize(("day", "words"), [
    (date(2027, 3, 20), "it is a weekend"),
    (date(2027, 5, 3), "bank holiday"),
    (date(2026, 11, 24), "in the past"),
])
def test_a_doubtful_go_live_is_explained_before_anything_moves(qtbot, panel, service, day,
                                                               words):
    _enter_go_live(qtbot, panel, day)
    message = panel.go_live_message.text()
    assert panel.go_live_message.isVisible()
    assert words in message
    assert "Move go-live to this date anyway?" in message
    assert panel.go_live_confirm.isVisible()
    assert service.details.go_live == GO_LIVE  # nothing changed yet

    qtbot.mouseClick(panel.go_live_confirm, Qt.MouseButton.LeftButton)
    assert service.details.go_live == day
    assert not panel.go_live_confirm.isVisible()


def test_a_bank_holiday_go_live_names_the_holiday(qtbot, panel):
    _enter_go_live(qtbot, panel, date(2027, 5, 3))
    assert "May Day" in panel.go_live_message.text()


def test_keeping_the_current_date_changes_nothing(qtbot, panel, service):
    before = service.undo_status()
    _enter_go_live(qtbot, panel, date(2027, 3, 20))
    qtbot.mouseClick(panel.go_live_cancel, Qt.MouseButton.LeftButton)
    assert service.details.go_live == GO_LIVE
    assert service.undo_status() == before
    assert panel.go_live_edit.date().toPython() == GO_LIVE
    assert not panel.go_live_message.isVisible()
    assert not panel.go_live_confirm.isVisible()


def test_changing_the_date_again_withdraws_the_question(qtbot, panel, service):
    _enter_go_live(qtbot, panel, date(2027, 3, 20))
    panel.go_live_edit.setDate(QDate(2027, 3, 23))
    assert not panel.go_live_confirm.isVisible()
    assert panel.go_live_apply.isEnabled()
    qtbot.mouseClick(panel.go_live_apply, Qt.MouseButton.LeftButton)
    assert service.details.go_live == date(2027, 3, 23)


def test_rules_apply_and_the_key_dates_follow(qtbot, panel, service):
    panel.rule_spins["fdp_days_before_bgl"].setValue(3)
    panel.tgl_rule_combo.setCurrentIndex(panel.tgl_rule_combo.findData(
        TglRule.CALENDAR_DAY_BEFORE))
    qtbot.mouseClick(panel.rules_apply, Qt.MouseButton.LeftButton)
    rules = service.details.rules
    assert rules.fdp_days_before_bgl == 3
    assert rules.tgl_rule is TglRule.CALENDAR_DAY_BEFORE
    assert _table(panel)["Final Data Production (cut-over starts)"][:2] == (
        "Sat 13 Mar 2027", "3 days before BGL")
    assert "Rules applied" in panel.rules_message.text()
    service.undo()
    assert service.details.rules.fdp_days_before_bgl == 4


def test_bad_rules_are_refused_beside_the_fields_and_change_nothing(qtbot, panel, service):
    before_rules = service.details.rules
    before_dates = dict(service.schedule().key_dates)
    before_undo = service.undo_status()
    panel.rule_spins["fdp_days_before_bgl"].setValue(1)
    qtbot.mouseClick(panel.rules_apply, Qt.MouseButton.LeftButton)
    assert panel.rules_message.isVisible()
    assert panel.rules_message.text() == (
        "▲ Final Data Production must be 2 to 28 days before Business Go Live.")
    assert service.details.rules == before_rules
    assert dict(service.schedule().key_dates) == before_dates
    assert service.undo_status() == before_undo
    # The field keeps what was typed, so it can be corrected.
    assert panel.rule_spins["fdp_days_before_bgl"].value() == 1
    qtbot.mouseClick(panel.rules_reset, Qt.MouseButton.LeftButton)
    assert panel.rule_spins["fdp_days_before_bgl"].value() == 4
    assert not panel.rules_message.isVisible()


def test_rule_words_agree_with_the_number(panel):
    spin = panel.rule_spins["link_off_days_before_fdp"]
    words = panel.findChild(QLabel, "rule-words-link_off_days_before_fdp")
    spin.setValue(1)
    assert words.text() == "day before Final Data Production"
    spin.setValue(2)
    assert words.text() == "days before Final Data Production"


def test_recording_the_re_confirmation(qtbot, panel, session, service):
    label = panel.findChild(QLabel, "last-confirmed")
    assert label.text().startswith("Not yet re-confirmed with TPP SystmOne")
    panel.confirm_edit.setDate(QDate(2026, 11, 20))
    qtbot.mouseClick(panel.confirm_button, Qt.MouseButton.LeftButton)
    assert service.details.go_live_confirmed_on == date(2026, 11, 20)
    assert label.text() == (
        "Last re-confirmed with TPP SystmOne on Fri 20 Nov 2026 (8 days ago).")
    session.edit(service.undo)
    assert service.details.go_live_confirmed_on is None
    assert label.text().startswith("Not yet re-confirmed")


def test_a_key_date_row_asks_to_show_its_date(qtbot, panel, session):
    view = panel.key_dates_view
    model = panel.key_dates_model
    row = next(r for r in range(model.rowCount())
               if model.index(r, COL_NAME).data() == "Technical Go Live")
    view.setFocus()
    view.setCurrentIndex(model.index(row, COL_NAME))
    with qtbot.waitSignal(session.date_requested) as requested:
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert requested.args == [date(2027, 3, 15)]


def test_key_dates_model_notes_holidays_and_passes_the_model_tester(qtmodeltester, service):
    model = KeyDatesModel()
    keys = dict(service.schedule().key_dates)
    keys[KeyDate.TGL] = date(2027, 3, 29)  # Easter Monday
    keys[KeyDate.FDP] = date(2027, 3, 27)  # a Saturday
    model.set_dates(keys, service.state.calendar)
    qtmodeltester.check(model)
    notes = {model.index(r, COL_NAME).data(): model.index(r, COL_NOTE).data()
             for r in range(model.rowCount())}
    assert notes["Technical Go Live"] == "▲ Bank holiday: Easter Monday"
    assert notes["Final Data Production (cut-over starts)"].startswith(
        "▲ Not a working day")
    assert notes["Business Go Live"] == ""


# The practice calendar: closures and extra working days

MONDAY_BEFORE = date(2027, 3, 15)  # the working day before the Tuesday go-live: TGL


def _calendar_rows(panel: KeyDatesPanel) -> list[tuple[str, str, str]]:
    model = panel.calendar_model
    return [tuple(model.index(r, c).data() for c in (CAL_DAY, CAL_KIND, CAL_NOTE))
            for r in range(model.rowCount())]


def _add_day(qtbot, panel: KeyDatesPanel, button, day: date, note: str = ""):
    qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    dialog = panel.calendar_dialog
    assert dialog is not None and dialog.isVisible()
    dialog.date_edit.setDate(QDate(day.year, day.month, day.day))
    dialog.note_edit.setText(note)
    qtbot.mouseClick(dialog.button_box.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)
    return dialog


def test_a_closure_on_the_monday_moves_tgl_to_the_friday_and_undo_restores(
        qtbot, panel, session, service):
    assert panel.calendar_empty.isVisible() and not panel.calendar_view.isVisible()
    before_undo = service.undo_status()
    dialog = _add_day(qtbot, panel, panel.add_closure_button, MONDAY_BEFORE,
                      "Protected learning time")
    assert not dialog.isVisible()

    assert service.schedule().key_dates[KeyDate.TGL] == date(2027, 3, 12)
    assert _table(panel)["Technical Go Live"][:2] == ("Fri 12 Mar 2027", "4 days before BGL")
    assert _calendar_rows(panel) == [("Mon 15 Mar 2027", "✕ Practice closed",
                                      "Protected learning time")]
    assert panel.calendar_view.isVisible() and not panel.calendar_empty.isVisible()
    message = panel.calendar_message.text()
    assert "Technical Go Live moved from Mon 15 Mar 2027 to Fri 12 Mar 2027" in message
    assert service.undo_status().undo_label == "Mark Mon 15 Mar 2027 as practice closed"

    session.edit(service.undo)  # one step puts it all back
    assert service.schedule().key_dates[KeyDate.TGL] == MONDAY_BEFORE
    assert _table(panel)["Technical Go Live"][0] == "Mon 15 Mar 2027"
    assert _calendar_rows(panel) == []
    assert service.undo_status().undo_label == before_undo.undo_label
    assert not panel.calendar_message.isVisible()


def test_an_extra_working_saturday_moves_working_day_offsets(qtbot, panel, session, service):
    from cutover_desktop.domain.model import OffsetUnit

    task = service.new_task("Brief the weekend team", service.details.phases[0], offset=-3,
                            offset_unit=OffsetUnit.WORKING_DAYS)
    session.edit(service.add_task, task)
    assert service.schedule().dates[task.id].start == date(2027, 3, 11)  # Thu
    before = dict(service.schedule().dates)
    _add_day(qtbot, panel, panel.add_working_button, date(2027, 3, 13), "Go-live weekend")
    assert _calendar_rows(panel) == [("Sat 13 Mar 2027", "+ Extra working day",
                                      "Go-live weekend")]
    # Three working days before BGL now count the Saturday: Mon 15, Sat 13, Fri 12.
    assert service.schedule().dates[task.id].start == date(2027, 3, 12)
    # The template's own working-day offsets before go-live count it too.
    after = service.schedule().dates
    moved = sum(1 for task_id, placed in after.items() if placed != before[task_id])
    assert moved > 1 and f"{moved} tasks moved" in panel.calendar_message.text()


@pytest.mark.parametrize(("button", "day", "words"), [
    ("add_closure_button", date(2027, 3, 13), "already not a working day (a weekend)"),
    ("add_closure_button", date(2027, 3, 29), "a bank holiday, Easter Monday"),
    ("add_working_button", date(2027, 3, 10), "already a working day"),
])
def test_a_day_that_would_change_nothing_is_refused_and_explained(
        qtbot, panel, service, button, day, words):
    before = service.undo_status()
    dialog = _add_day(qtbot, panel, getattr(panel, button), day)
    assert dialog.isVisible()  # stays open, so the day can be corrected
    message = dialog._errors["day"]  # under the Day field it is about
    assert message.isVisible() and not dialog.error.isVisible()
    assert words in message.text()
    assert "would change nothing" in message.text()
    assert service.state.calendar_days == {}
    assert service.undo_status() == before
    dialog.reject()


def test_the_same_closure_twice_is_refused(qtbot, panel, service):
    _add_day(qtbot, panel, panel.add_closure_button, MONDAY_BEFORE)
    dialog = _add_day(qtbot, panel, panel.add_closure_button, MONDAY_BEFORE)
    assert dialog.isVisible()
    assert dialog._errors["day"].text() == (
        "⚠ Mon 15 Mar 2027 is already marked as a practice closure day.")
    dialog.reject()


def test_the_dialog_says_what_the_chosen_day_is(qtbot, panel):
    qtbot.mouseClick(panel.add_closure_button, Qt.MouseButton.LeftButton)
    dialog = panel.calendar_dialog
    dialog.date_edit.setDate(QDate(2027, 3, 15))
    assert dialog.about_day.text() == ("It is a working day now. Technical Go Live falls "
                                       "on it.")
    dialog.date_edit.setDate(QDate(2027, 3, 20))
    assert dialog.about_day.text() == "It is a weekend."
    dialog.reject()
    assert service_days(panel) == {}


def service_days(panel: KeyDatesPanel) -> dict:
    return dict(panel._session.service.state.calendar_days)


def test_removing_a_day_puts_the_key_dates_back(qtbot, panel, session, service):
    assert not panel.remove_day_button.isEnabled()  # nothing to remove
    _add_day(qtbot, panel, panel.add_closure_button, MONDAY_BEFORE)
    assert panel.remove_day_button.isEnabled()  # the new day is selected
    panel.calendar_view.clearSelection()
    assert not panel.remove_day_button.isEnabled()
    panel.calendar_view.selectRow(0)
    assert panel.remove_day_button.isEnabled()
    qtbot.mouseClick(panel.remove_day_button, Qt.MouseButton.LeftButton)
    assert service.state.calendar_days == {}
    assert service.schedule().key_dates[KeyDate.TGL] == MONDAY_BEFORE
    assert "no longer a practice closure" in panel.calendar_message.text()
    assert "Technical Go Live moved from Fri 12 Mar 2027 to Mon 15 Mar 2027" in (
        panel.calendar_message.text())
    assert service.undo_status().undo_label == "Clear Mon 15 Mar 2027 in the calendar"
    session.edit(service.undo)
    assert service.schedule().key_dates[KeyDate.TGL] == date(2027, 3, 12)


def test_the_delete_key_removes_the_selected_day(qtbot, panel, service):
    _add_day(qtbot, panel, panel.add_closure_button, MONDAY_BEFORE)
    panel.calendar_view.setFocus()
    panel.calendar_view.selectRow(0)
    qtbot.keyClick(panel.calendar_view, Qt.Key.Key_Delete)
    assert service.state.calendar_days == {}


def test_calendar_model_passes_the_model_tester(qtmodeltester, service):
    from cutover_desktop.domain.model import CalendarDay, CalendarDayKind

    model = CalendarDaysModel()
    model.set_days([CalendarDay(date(2027, 3, 15), CalendarDayKind.CLOSURE, "PLT"),
                    CalendarDay(date(2027, 3, 13), CalendarDayKind.EXTRA_WORKING)])
    qtmodeltester.check(model)
    assert model.index(0, CAL_DAY).data() == "Sat 13 Mar 2027"
    assert model.index(1, CAL_KIND).data() == "✕ Practice closed"


# Practice details

def _open_practice(qtbot, panel: KeyDatesPanel):
    qtbot.mouseClick(panel.edit_practice_button, Qt.MouseButton.LeftButton)
    dialog = panel.practice_dialog
    assert dialog is not None and dialog.isVisible()
    return dialog


def _ok(qtbot, dialog) -> None:
    qtbot.mouseClick(dialog.button_box.button(QDialogButtonBox.StandardButton.Ok),
                     Qt.MouseButton.LeftButton)


def test_editing_practice_details_is_one_undo_step(qtbot, panel, session, service):
    dialog = _open_practice(qtbot, panel)
    assert dialog.name_edit.text() == "Riverside Surgery"
    assert dialog.ods_edit.text() == "A81001"
    assert dialog.sites_edit.toPlainText() == "Main surgery\nBranch"
    dialog.name_edit.setText("Riverside Medical Centre")
    dialog.ods_edit.setText("b82002")
    dialog.old_combo.setCurrentText("Vision")
    dialog.sites_edit.setPlainText("Main surgery\n  \nBranch\nHillside")
    _ok(qtbot, dialog)
    assert not dialog.isVisible()

    details = service.details
    assert (details.practice_name, details.ods_code, details.old_supplier) == (
        "Riverside Medical Centre", "B82002", "Vision")
    assert details.sites == ("Main surgery", "Branch", "Hillside")
    assert panel.findChild(QLabel, "practice-name").text() == "Riverside Medical Centre"
    assert panel.findChild(QLabel, "practice-ods").text() == "B82002"
    assert panel.findChild(QLabel, "practice-suppliers").text() == (
        "from Vision to TPP SystmOne")
    assert panel.findChild(QLabel, "practice-sites").text() == "Main surgery, Branch, Hillside"
    assert service.undo_status().undo_label == "Change practice details"

    session.edit(service.undo)
    assert service.details.practice_name == "Riverside Surgery"
    assert service.details.sites == ("Main surgery", "Branch")
    assert panel.findChild(QLabel, "practice-ods").text() == "A81001"


@pytest.mark.parametrize(("field", "value", "words"), [
    ("ods_edit", "A8100", "not a practice ODS code: use one letter and five digits"),
    ("ods_edit", "181001", "not a practice ODS code"),
    ("name_edit", "   ", "Give the practice's name."),
])
def test_bad_practice_details_are_refused_beside_the_field(qtbot, panel, service, field,
                                                           value, words):
    before = (service.details, service.undo_status())
    dialog = _open_practice(qtbot, panel)
    getattr(dialog, field).setText(value)
    _ok(qtbot, dialog)
    assert dialog.isVisible()
    key = "ods_code" if field == "ods_edit" else "practice_name"
    label = dialog.field_errors[key]
    assert label.isVisible() and words in label.text()
    other = [k for k, lab in dialog.field_errors.items() if k != key and lab.isVisible()]
    assert other == []
    assert dialog.focusWidget() is getattr(dialog, field)
    assert (service.details, service.undo_status()) == before
    dialog.reject()


def test_the_same_old_and_new_system_is_refused(qtbot, panel, service):
    dialog = _open_practice(qtbot, panel)
    dialog.old_combo.setCurrentText("TPP SystmOne")
    _ok(qtbot, dialog)
    assert dialog.field_errors["new_supplier"].isVisible()
    assert service.details.old_supplier == "EMIS Web"
    # Correcting the field takes the message away.
    dialog.new_combo.setCurrentText("EMIS Web")
    assert not dialog.field_errors["new_supplier"].isVisible()
    dialog.reject()


def test_the_ods_code_is_checked_when_the_cursor_leaves_it(qtbot, panel):
    dialog = _open_practice(qtbot, panel)
    dialog.activateWindow()
    qtbot.waitUntil(dialog.isActiveWindow)
    dialog.ods_edit.setFocus()
    dialog.ods_edit.selectAll()
    qtbot.keyClicks(dialog.ods_edit, "X1")
    assert not dialog.field_errors["ods_code"].isVisible()
    qtbot.keyClick(dialog.ods_edit, Qt.Key.Key_Tab)
    assert dialog.field_errors["ods_code"].isVisible()
    dialog.reject()


def test_new_controls_have_accessible_names(qtbot, panel):
    for widget in (panel.edit_practice_button, panel.add_closure_button,
                   panel.add_working_button, panel.remove_day_button, panel.calendar_view):
        assert widget.accessibleName()
    dialog = _open_practice(qtbot, panel)
    for widget in (dialog.name_edit, dialog.ods_edit, dialog.old_combo, dialog.new_combo,
                   dialog.sites_edit):
        assert widget.accessibleName()
    dialog.reject()


def test_every_problem_in_the_practice_form_is_shown_at_once(qtbot, panel, service):
    dialog = _open_practice(qtbot, panel)
    dialog.name_edit.setText("")
    dialog.ods_edit.setText("12345")
    dialog.new_combo.setCurrentText("EMIS Web")
    _ok(qtbot, dialog)
    shown = {k for k, label in dialog.field_errors.items() if label.isVisible()}
    assert shown == {"practice_name", "ods_code", "new_supplier"}
    assert dialog.focusWidget() is dialog.name_edit  # the first one
    assert service.details.practice_name == "Riverside Surgery"
    dialog.reject()


def test_a_read_only_plan_offers_no_calendar_or_practice_edits(qtbot, plan_file):
    from cutover_desktop.services.plan_files import open_plan
    from cutover_desktop.ui.session import PlanSession
    from tests.conftest import TODAY

    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        widget = KeyDatesPanel(PlanSession(service))
        qtbot.addWidget(widget)
        for button in (widget.edit_practice_button, widget.add_closure_button,
                       widget.add_working_button, widget.remove_day_button):
            assert not button.isEnabled()
    finally:
        service.close()

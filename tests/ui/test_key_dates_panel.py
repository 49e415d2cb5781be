"""The key dates panel: moving go-live, changing the rules, re-confirming, through the widgets."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import QLabel

from cutover_desktop.domain.keydates import KeyDate, TglRule
from cutover_desktop.ui.key_dates_panel import (
    COL_DATE,
    COL_FROM_BGL,
    COL_NAME,
    COL_NOTE,
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
    assert rows["Business Go Live"] == ("Tue 16 Mar 2027", "BGL", "")
    assert rows["Technical Go Live"] == ("Mon 15 Mar 2027", "BGL−1", "")
    assert rows["Old system read-only access ends"][1] == "BGL+45"


def test_moving_go_live_moves_the_schedule_and_undo_restores(qtbot, panel, session, service):
    task = next(t for t in service.state.tasks.values()
                if t.anchor.key_date is KeyDate.BGL and not t.is_pinned)
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
        "Sat 13 Mar 2027", "BGL−3")
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

"""The audit view, through its widgets: entries newest first, filters, the chain's verdict."""

from __future__ import annotations

import hashlib
import sqlite3
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate, QPoint, Qt

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import CalendarDayKind, TaskStatus
from cutover_desktop.domain.signoff import SignOffInput, WithdrawalInput
from cutover_desktop.services.audit import AuditQuery
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.audit_view import AuditView
from cutover_desktop.ui.models.audit_model import (
    COL_ACTION,
    COL_ID,
    COL_KIND,
    COL_RECORD,
    COL_TYPED,
    PAGE,
    AuditTableModel,
    FieldChangesModel,
)
from cutover_desktop.ui.session import PlanSession
from tests.conftest import TODAY

ENTRY = SignOffInput("Dr Asha Patel", "Lead GP", "I accept.", "20 records")


@pytest.fixture
def signed(session: PlanSession) -> PlanSession:
    gates = SignoffService(session.service)
    session.edit(session.service.set_status, [TaskId(1)], TaskStatus.DONE)
    session.edit(gates.sign, "clinical_risk", ENTRY, confirm_not_done=True)
    session.edit(gates.withdraw, 1, WithdrawalInput("Sam Jones", "Practice Manager", "Early"))
    return session


@pytest.fixture
def view(qtbot, signed: PlanSession) -> AuditView:
    widget = AuditView(signed)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _column(view: AuditView, column: int) -> list[str]:
    return [view.model.index(r, column).data() for r in range(view.model.rowCount())]


def test_the_model_passes_the_model_tester_and_fetches_page_by_page(
        qtmodeltester, service) -> None:
    for number in range(PAGE):  # enough edits for more than one page
        service.move_task(TaskId(10), 1 if number % 2 else -1)
    model = AuditTableModel()
    model.set_source(service.audit_trail, AuditQuery())
    assert model.total > PAGE and model.rowCount() == PAGE
    assert model.canFetchMore()
    model.fetchMore()
    assert model.rowCount() == model.total and not model.canFetchMore()
    ids = [int(model.index(r, COL_ID).data()) for r in range(model.rowCount())]
    assert ids == sorted(ids, reverse=True) == list(range(model.total, 0, -1))
    qtmodeltester.check(model)


def test_it_shows_the_newest_first_and_that_the_chain_verifies(
        qtbot, view: AuditView, signed: PlanSession) -> None:
    check = view.verify_chain()
    assert check.ok
    assert view.chain_label.text().startswith("✔ The audit chain verifies:")
    head_id, head_hash = signed.service.audit_head()
    assert view.head_label.text() == f"Chain head (entry {head_id}): {head_hash}"
    assert _column(view, COL_ACTION)[0] == "Withdraw the sign-off of “Clinical risk assessment”"
    assert _column(view, COL_TYPED)[:2] == ["Sam Jones", "Dr Asha Patel"]
    # The selected entry is shown in full, its fields in words.
    assert view.entry_label.text().startswith(f"Entry {head_id}, ")
    assert "Withdrawal 1 of sign-off 1 was added" in view.entry_label.text()
    assert ("Reason", "Early") in view.shown_fields()
    assert ("Sign-off withdrawn", "sign-off 1") in view.shown_fields()


def test_filters_by_kind_person_and_date(qtbot, view: AuditView) -> None:
    view.kind_combo.setCurrentIndex(view.kind_combo.findText("Sign-off"))
    assert set(_column(view, COL_KIND)) == {"Sign-off"} and view.model.rowCount() == 1
    view.clear_filters()
    view.person_combo.setCurrentIndex(view.person_combo.findText("Sam Jones"))
    assert _column(view, COL_TYPED) == ["Sam Jones"]
    view.clear_filters()
    everyone = view.model.rowCount()
    # Entries are written now; a day range that ends yesterday holds none of them.
    yesterday = datetime.now(UTC).astimezone().date() - timedelta(days=1)
    view.to_edit.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    assert view.model.rowCount() == 0
    assert view.count_label.text() == "Showing 0 of 0 entries."
    view.to_edit.setDate(view.to_edit.minimumDate())
    view.from_edit.setDate(QDate(yesterday.year, yesterday.month, yesterday.day))
    assert view.model.rowCount() == everyone
    assert view.to_edit.text() == "Any"


def test_a_new_edit_appears_at_the_top(qtbot, view: AuditView, signed: PlanSession) -> None:
    signed.edit(signed.service.set_calendar_day, date(2027, 2, 3), None)
    signed.edit(signed.service.move_task, TaskId(12), 2)
    assert _column(view, COL_ACTION)[0].startswith("Move “")
    qtbot.waitUntil(lambda: view.chain_check is not None and view.chain_check.entries
                    == signed.service.audit_head()[0])


def test_an_outside_change_is_reported_with_the_entry(qtbot, plan_file: Path) -> None:
    service = open_plan(plan_file, today=lambda: TODAY)
    session = PlanSession(service)
    view = AuditView(session)
    qtbot.addWidget(view)
    try:
        assert view.verify_chain().ok
        conn = sqlite3.connect(plan_file)
        conn.execute("UPDATE audit SET os_user = 'someone' WHERE id = 5")
        conn.commit()
        conn.close()
        check = view.verify_chain()
        assert not check.ok
        assert view.chain_label.text().startswith("✘ The audit chain does not verify:")
        assert "audit entry 5" in view.chain_label.text()
    finally:
        service.close()


def test_every_control_has_an_accessible_name(view: AuditView) -> None:
    for widget in (view.from_edit, view.to_edit, view.person_combo, view.kind_combo,
                   view.clear_button, view.verify_button, view.table, view.detail,
                   view.chain_label, view.head_label, view.entry_label, view.fields_view,
                   view.exact_check, view.exact_text):
        assert widget.accessibleName(), widget


# Reading an entry in words


def _select_newest(view: AuditView) -> None:
    view.table.setFocus()
    view.table.selectRow(0)


def test_the_record_column_says_what_each_record_is(qtbot, view: AuditView,
                                                    signed: PlanSession) -> None:
    service = signed.service
    # (The template already has TGL wait for the EPS notice through the links switch-off.)
    signed.edit(service.add_dependency, 12, 52)
    signed.edit(service.set_calendar_day, date(2027, 3, 15), CalendarDayKind.CLOSURE, "PLT")
    signed.edit(service.set_go_live, date(2027, 4, 13))
    title = service.task(TaskId(1)).title
    records = _column(view, COL_RECORD)
    assert records[:3] == ["Plan details", "Calendar day Mon 15 Mar 2027",
                           "Dependency: task 52 waits for task 12"]
    assert "Sign-off 1 of “Clinical risk assessment”" in records
    assert "Withdrawal 1 of sign-off 1" in records
    assert f"Task 1 “{title}”" in records
    assert not any("->" in r for r in records)  # no raw ids left


def test_an_edit_shows_only_the_fields_that_changed_in_words(qtbot, view: AuditView,
                                                             signed: PlanSession) -> None:
    service = signed.service
    signed.edit(service.set_go_live, date(2027, 4, 13))
    _select_newest(view)
    assert view.fields_model.headers == ("Field", "Before", "After")
    assert view.shown_fields() == [("Business Go Live", "Tue 16 Mar 2027", "Tue 13 Apr 2027")]
    assert "Plan details was changed, by computer login" in view.entry_label.text()

    signed.edit(service.set_key_date_rules, replace(service.details.rules,
                                                    fdp_days_before_bgl=5))
    _select_newest(view)
    assert view.shown_fields() == [
        ("Key-date rules: Final Data Production (days before BGL)", "4", "5")]

    signed.edit(service.set_status, [TaskId(12)], TaskStatus.DONE)
    _select_newest(view)
    assert view.shown_fields() == [("Status", "Not started", "Done")]


def test_an_added_record_lists_its_fields_in_words(qtbot, view: AuditView,
                                                   signed: PlanSession) -> None:
    signed.edit(signed.service.set_calendar_day, date(2027, 3, 15), CalendarDayKind.CLOSURE,
                "Protected learning time")
    _select_newest(view)
    assert view.fields_model.headers == ("Field", "Added with")
    assert view.shown_fields() == [("Day", "Mon 15 Mar 2027"), ("Kind", "Practice closed"),
                                   ("Note", "Protected learning time")]


def test_a_sign_off_reads_in_words_with_no_raw_json(qtbot, view: AuditView) -> None:
    row = next(r for r in range(view.model.rowCount())
               if view.model.entry(r).entity == "signoff")
    view.table.selectRow(row)
    fields = dict(view.shown_fields())
    assert fields["Gate"] == "Clinical risk assessment"
    assert fields["Signed by (name typed)"] == "Dr Asha Patel"
    assert fields["Supplier told by"] == "Not told (yet)"
    assert fields["Tasks not done when signed"] == "task 8"
    assert fields["Plan state covered"].startswith("the key dates and 1 task of the gate")
    assert not any(value.startswith(("{", "[")) for value in fields.values())
    assert list(fields)[:3] == ["Number", "Gate key", "Gate"]  # a person's order, not A-Z


def test_the_exact_record_is_what_the_hash_covers(qtbot, view: AuditView,
                                                  signed: PlanSession) -> None:
    _select_newest(view)
    assert view.detail_stack.currentWidget() is view.fields_view
    assert not view.exact_text.isVisible()
    view.exact_check.setFocus()
    qtbot.keyClick(view.exact_check, Qt.Key.Key_Space)  # reachable from the keyboard
    assert view.exact_text.isVisible() and not view.fields_view.isVisible()
    lines = view.exact_text.toPlainText().split("\n")
    head_id, head_hash = signed.service.audit_head()
    exact = lines[2]
    assert hashlib.sha256(exact.encode("utf-8")).hexdigest() == head_hash
    assert f"Hash:    {head_hash}" in lines
    # Another entry shows its own exact text; unticking goes back to the words.
    view.table.selectRow(1)
    assert view.exact_text.toPlainText().split("\n")[2] != exact
    box = view.exact_check
    qtbot.mouseClick(box, Qt.MouseButton.LeftButton, pos=QPoint(6, box.height() // 2))
    assert view.fields_view.isVisible()


def test_the_fields_model_passes_the_model_tester(qtmodeltester, signed: PlanSession) -> None:
    trail = signed.service.audit_trail
    model = FieldChangesModel()
    for entry_id in (1, signed.service.audit_head()[0]):
        model.set_entry(trail.entry(entry_id))
        qtmodeltester.check(model)
    model.set_entry(None)
    assert model.rowCount() == 0
    qtmodeltester.check(model)

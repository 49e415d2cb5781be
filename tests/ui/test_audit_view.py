"""The audit view, through its widgets: entries newest first, filters, the chain's verdict."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtCore import QDate

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.signoff import SignOffInput, WithdrawalInput
from cutover_desktop.services.audit import AuditQuery
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.audit_view import AuditView
from cutover_desktop.ui.models.audit_model import (
    COL_ACTION,
    COL_ID,
    COL_KIND,
    COL_TYPED,
    PAGE,
    AuditTableModel,
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
    # The selected entry is shown in full.
    assert "Entry" in view.detail.toPlainText()
    assert "reason: Early" in view.detail.toPlainText()


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
                   view.chain_label, view.head_label):
        assert widget.accessibleName(), widget

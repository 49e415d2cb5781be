"""The sign-off screen and its dialogs, driven through the widgets: sign, withdraw, add a gate."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QDialog

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.signoff import (
    SIGNOFF_KIND,
    WITHDRAWAL_KIND,
    GateState,
    SignOffInput,
    SupplierContact,
)
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.signoff import SIGN_NOTE, SignoffService
from cutover_desktop.ui.dialogs.signoff_dialog import (
    AddGateDialog,
    SignoffDialog,
    WithdrawDialog,
)
from cutover_desktop.ui.models.gate_model import (
    COL_GATE,
    COL_SIGNED_BY,
    COL_STATE,
    GATE_KEY_ROLE,
    GateTableModel,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.signoff_view import SignoffView
from tests.conftest import TODAY


@pytest.fixture
def view(qtbot, session: PlanSession) -> SignoffView:
    widget = SignoffView(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 700)
    widget.show()
    return widget


def _state_text(view: SignoffView, key: str) -> str:
    row = view.model.row_of(key)
    return view.model.index(row, COL_STATE).data()


def _open_sign_dialog(qtbot, view: SignoffView, key: str) -> SignoffDialog:
    view.select_gate(key)
    qtbot.mouseClick(view.sign_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(SignoffDialog)
    assert dialog is not None and dialog.isVisible()
    return dialog


def _fill(qtbot, dialog: SignoffDialog, name: str = "Dr Asha Patel") -> None:
    qtbot.keyClicks(dialog.name_edit, name)
    qtbot.keyClicks(dialog.role_combo.lineEdit(), "Lead GP")
    qtbot.keyClicks(dialog.checked_edit, "20 sample records rechecked; QOF report compared")
    qtbot.keyClicks(dialog.reference_edit, "INC-0042")


def _choose(qtbot, radio) -> None:
    """Click a radio button on its indicator (a click past the end of its text does nothing)."""
    qtbot.mouseClick(radio, Qt.MouseButton.LeftButton, pos=QPoint(6, radio.height() // 2))
    assert radio.isChecked()


def test_the_gate_model_passes_the_model_tester(qtmodeltester, service) -> None:
    model = GateTableModel()
    model.set_rows(SignoffService(service).gates())
    qtmodeltester.check(model)
    assert model.rowCount() == 6
    assert model.index(0, COL_GATE).data(GATE_KEY_ROLE) == "technical_requirements"
    # A state is words and a symbol, never colour alone.
    assert model.index(0, COL_STATE).data() == "○ Not due"


def test_signing_through_the_dialog(qtbot, view: SignoffView, session: PlanSession) -> None:
    dialog = _open_sign_dialog(qtbot, view, "go_live_data")
    assert "does not check who you are" in dialog.help_label.text()
    assert dialog.login_label.text() == SignoffService.os_user() != ""
    assert dialog.open_box.isVisible()  # its task is not done
    _fill(qtbot, dialog)
    _choose(qtbot, dialog.sign_anyway_radio)
    with qtbot.waitSignal(session.changed):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert _state_text(view, "go_live_data") == "✔ Signed"
    row = view.model.row_of("go_live_data")
    assert view.model.index(row, COL_SIGNED_BY).data() == "Dr Asha Patel (Lead GP)"
    signoff = SignoffService(session.service).status("go_live_data").current
    assert signoff.checked == "20 sample records rechecked; QOF report compared"
    assert signoff.supplier_told_by is SupplierContact.EMAIL
    assert (signoff.supplier_reference, signoff.supplier_told_on) == ("INC-0042", TODAY)
    assert len(signoff.tasks_not_done) == 1
    # The record shows at once; signing is not undoable and says why.
    assert "Sign-off 1: Current" in view.detail.toPlainText()
    assert session.service.undo_status().undo_note == SIGN_NOTE
    assert not view.sign_button.isEnabled() and view.withdraw_button.isEnabled()


def test_signing_can_mark_the_tasks_done(qtbot, view: SignoffView, session: PlanSession) -> None:
    dialog = _open_sign_dialog(qtbot, view, "clinical_risk")
    _fill(qtbot, dialog)
    _choose(qtbot, dialog.mark_done_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    status = SignoffService(session.service).status("clinical_risk")
    assert status.state is GateState.SIGNED and status.current.tasks_not_done == ()
    assert all(session.service.task(t).status is TaskStatus.DONE for t in status.gate.task_ids)


def test_a_refusal_shows_beside_the_field_and_changes_nothing(
        qtbot, view: SignoffView, session: PlanSession) -> None:
    dialog = _open_sign_dialog(qtbot, view, "final")
    before = (session.service.state, session.service.audit_head())
    # Open tasks with no choice made.
    _fill(qtbot, dialog, name="")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog.open_error.isVisible()
    assert "Choose whether" in dialog.open_error.text()
    # No name.
    _choose(qtbot, dialog.sign_anyway_radio)
    assert not dialog.open_error.isVisible()  # choosing cleared it
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    name_error = dialog._errors["signed_by"]
    assert dialog.isVisible() and name_error.isVisible()
    assert name_error.text() == "⚠ Give your name."
    assert dialog.focusWidget() is dialog.name_edit
    assert (session.service.state, session.service.audit_head()) == before
    assert _state_text(view, "final") == "○ Not due"
    qtbot.keyClicks(dialog.name_edit, "Sam Jones")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert _state_text(view, "final") == "✔ Signed"


def test_not_telling_the_supplier_greys_out_the_reference_and_date(
        qtbot, view: SignoffView, session: PlanSession) -> None:
    dialog = _open_sign_dialog(qtbot, view, "process_review")
    dialog.supplier_combo.setCurrentIndex(
        dialog.supplier_combo.findData(SupplierContact.NOT_TOLD.value))
    assert not dialog.reference_edit.isEnabled() and not dialog.told_on_edit.isEnabled()
    _fill(qtbot, dialog)
    _choose(qtbot, dialog.sign_anyway_radio)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    current = SignoffService(session.service).status("process_review").current
    assert current.supplier_told_by is SupplierContact.NOT_TOLD
    assert (current.supplier_reference, current.supplier_told_on) == ("", None)


def test_withdrawing_through_the_dialog_keeps_both_records(
        qtbot, view: SignoffView, session: PlanSession) -> None:
    gates = SignoffService(session.service)
    session.edit(gates.sign, "data_checking",
                 SignOffInput("Dr Asha Patel", "Lead GP", "I accept.", "20 records"),
                 confirm_not_done=True)
    view.select_gate("data_checking")
    assert view.withdraw_button.isEnabled()
    qtbot.mouseClick(view.withdraw_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(WithdrawDialog)
    assert dialog is not None and dialog.isVisible()
    assert "not deleted or changed" in dialog.help_label.text()
    qtbot.keyClicks(dialog.name_edit, "Dr Asha Patel")
    qtbot.keyClicks(dialog.role_combo.lineEdit(), "Lead GP")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog._errors["reason"].isVisible()
    qtbot.keyClicks(dialog.reason_edit, "Checked the wrong extract")
    with qtbot.waitSignal(dialog.withdrawn):
        qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _state_text(view, "data_checking") == "✘ Withdrawn"
    record = view.detail.toPlainText()
    assert "Sign-off 1: Withdrawn" in record and "Checked the wrong extract" in record
    assert "I accept." in record  # the sign-off itself is still shown as it was
    assert len(session.service.state.table(SIGNOFF_KIND)) == 1
    assert len(session.service.state.table(WITHDRAWAL_KIND)) == 1
    assert not view.withdraw_button.isEnabled() and view.sign_button.isEnabled()


def test_undo_after_signing_leaves_the_signature(qtbot, view: SignoffView,
                                                 session: PlanSession) -> None:
    session.edit(session.service.set_status,
                 [SignoffService(session.service).status("final").gate.task_ids[0]],
                 TaskStatus.DONE)
    dialog = _open_sign_dialog(qtbot, view, "final")
    _fill(qtbot, dialog)
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert _state_text(view, "final") == "✔ Signed"
    assert session.edit(session.service.undo) is not None  # nothing to undo, no refusal
    assert _state_text(view, "final") == "✔ Signed"
    assert session.service.undo_status().undo_label is None


def test_adding_a_gate_through_the_dialog_and_undoing_it(qtbot, view: SignoffView,
                                                         session: PlanSession) -> None:
    qtbot.mouseClick(view.add_button, Qt.MouseButton.LeftButton)
    dialog = view.findChild(AddGateDialog)
    assert dialog is not None
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    assert dialog.isVisible() and dialog._errors["title"].text() == "⚠ Give the gate a name."
    qtbot.keyClicks(dialog.title_edit, "Prescribing review")
    dialog.date_edit.setDate(dialog.date_edit.date().fromString("01/03/2027", "dd/MM/yyyy"))
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    row = view.model.row_of("prescribing-review")
    assert row >= 0
    assert view.model.index(row, 1).data() == "Mon 1 Mar 2027"
    session.edit(session.service.undo)
    assert view.model.row_of("prescribing-review") == -1


def test_show_in_plan_asks_for_the_gates_task(qtbot, view: SignoffView) -> None:
    view.select_gate("go_live_data")
    with qtbot.waitSignal(view.task_requested) as caught:
        qtbot.mouseClick(view.show_task_button, Qt.MouseButton.LeftButton)
    assert caught.args == [int(view.model.status(view.model.row_of("go_live_data"))
                               .gate.task_ids[0])]


def test_a_changed_gate_says_what_changed(qtbot, view: SignoffView,
                                          session: PlanSession) -> None:
    gates = SignoffService(session.service)
    session.edit(gates.sign, "go_live_data",
                 SignOffInput("Dr Asha Patel", "Lead GP", "I accept.", "20 records"),
                 mark_done=True)
    asked: list[list[str]] = []
    session.confirm_gate_change = lambda changed: asked.append(
        [status.gate.key for status in changed]) or True
    session.edit(session.service.set_go_live, date(2027, 3, 23))
    assert ["go_live_data"] in asked
    assert _state_text(view, "go_live_data") == "≠ Changed since signed"
    view.select_gate("go_live_data")
    assert "Business Go Live moved from Tue 16 Mar 2027 to Tue 23 Mar 2027" in \
        view.detail.toPlainText()
    assert view.sign_button.isEnabled()  # it can be signed again


def test_every_control_has_an_accessible_name(qtbot, view: SignoffView) -> None:
    dialog = _open_sign_dialog(qtbot, view, "final")
    for widget in (view.table, view.sign_button, view.withdraw_button, view.add_button,
                   view.show_task_button, view.detail, dialog.name_edit, dialog.role_combo,
                   dialog.statement_edit, dialog.checked_edit, dialog.caveats_edit,
                   dialog.supplier_combo, dialog.reference_edit, dialog.told_on_edit,
                   dialog.mark_done_radio, dialog.sign_anyway_radio, dialog.ok_button):
        assert widget.accessibleName(), widget


def test_a_read_only_plan_offers_nothing_to_sign(qtbot, plan_file: Path) -> None:
    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    session = PlanSession(service)
    view = SignoffView(session)
    qtbot.addWidget(view)
    try:
        assert not view.sign_button.isEnabled() and not view.add_button.isEnabled()
        dialog = SignoffDialog(session, "final", view)
        qtbot.addWidget(dialog)
        assert not dialog.ok_button.isEnabled()
        assert "read-only" in dialog.error_label.text()
    finally:
        service.close()


def test_the_workspace_has_the_sign_off_and_audit_tabs(qtbot, session: PlanSession) -> None:
    from cutover_desktop.ui.workspace import PLAN_TAB, PlanWorkspace

    workspace = PlanWorkspace(session)
    qtbot.addWidget(workspace)
    workspace.show()
    titles = [workspace.tabs.tabText(i) for i in range(workspace.tabs.count())]
    assert "S&ign-offs" in titles and "&Audit" in titles
    workspace.tabs.setCurrentWidget(workspace.signoff_view)
    workspace.signoff_view.select_gate("final")
    qtbot.mouseClick(workspace.signoff_view.show_task_button, Qt.MouseButton.LeftButton)
    assert workspace.tabs.currentIndex() == PLAN_TAB


def test_the_chain_head_follows_every_edit(qtbot, session) -> None:
    from cutover_desktop.ui.signoff_view import SignoffView

    view = SignoffView(session)
    qtbot.addWidget(view)
    before = view.head_label.text()
    task_id = next(iter(session.service.state.tasks))
    session.edit(session.service.move_task, task_id, 1)
    head_id, head_hash = session.service.audit_head()
    assert view.head_label.text() != before
    assert f"entry {head_id}" in view.head_label.text() and head_hash in view.head_label.text()

"""Before an edit changes what a signed gate covers, the window says so and lets one stop."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from cutover_desktop.domain.signoff import GateState, Severity, SignOffInput, status_of
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.gate_confirm import ask_before_gate_change, gate_change_text
from cutover_desktop.ui.session import PlanSession
from tests.conftest import GO_LIVE, TODAY

LATER = date(2027, 3, 23)


@pytest.fixture
def signed(session: PlanSession) -> PlanSession:
    gates = SignoffService(session.service)
    session.edit(gates.sign, "go_live_data",
                 SignOffInput("Dr Asha Patel", "Lead GP", "I accept.", "20 records"),
                 mark_done=True)
    assert status_of(session.service.state, "go_live_data", TODAY).state is GateState.SIGNED
    return session


def test_declining_leaves_the_plan_and_the_gate_as_they_were(signed: PlanSession) -> None:
    asked = []
    signed.confirm_gate_change = lambda changed: asked.append(changed) or False
    refused: list[str] = []
    signed.refused.connect(refused.append)
    undo_before = signed.service.undo_status()
    assert signed.edit(signed.service.set_go_live, LATER) is None
    assert signed.service.details.go_live == GO_LIVE
    assert status_of(signed.service.state, "go_live_data", TODAY).state is GateState.SIGNED
    assert signed.service.undo_status() == undo_before
    assert refused == []  # the person chose; nothing to complain about
    assert [status.gate.key for status in asked[0]] == ["go_live_data"]


def test_going_on_makes_the_edit_and_the_gate_shows_changed(signed: PlanSession) -> None:
    signed.confirm_gate_change = lambda changed: True
    assert signed.edit(signed.service.set_go_live, LATER)
    assert signed.service.details.go_live == LATER
    assert status_of(signed.service.state, "go_live_data", TODAY).state is GateState.CHANGED


def test_edits_that_touch_no_signed_gate_are_not_questioned(signed: PlanSession) -> None:
    signed.confirm_gate_change = lambda changed: pytest.fail("asked about an untouched gate")
    task = signed.service.task(1)
    assert signed.edit(signed.service.update_task, task.with_changes(notes="Rang them"))


def test_undo_is_not_questioned(signed: PlanSession) -> None:
    signed.confirm_gate_change = lambda changed: True
    signed.edit(signed.service.set_go_live, LATER)
    signed.confirm_gate_change = lambda changed: pytest.fail("asked on undo")
    signed.edit(signed.service.undo)
    assert signed.service.details.go_live == GO_LIVE


def test_the_question_names_the_gate_and_what_will_show(signed: PlanSession) -> None:
    seen: list[tuple[str, str]] = []

    def answer(changed):
        seen.append(gate_change_text(changed))
        return True

    signed.confirm_gate_change = answer
    signed.edit(signed.service.set_go_live, LATER)
    question, detail = seen[0]
    assert question == "This edit changes what the signed gate “Go-live data sign-off” covers."
    assert "signed by Dr Asha Patel" in detail
    assert "Business Go Live moved from Tue 16 Mar 2027 to Tue 23 Mar 2027" in detail
    assert "will show as “changed since signed”" in detail


@pytest.mark.parametrize(("button", "expected"), [("Make the change", True),
                                                  ("Don't change it", False)])
def test_the_real_message_box(qtbot, signed: PlanSession, button: str, expected: bool) -> None:
    def press() -> None:
        box = QApplication.activeModalWidget()
        assert isinstance(box, QMessageBox)
        box.grab().save(f"/tmp/gate_confirm_{expected}.png")
        assert box.windowTitle() == "Change a signed gate?"
        [choice] = [b for b in box.buttons() if b.text() == button]
        choice.click()

    signed.confirm_gate_change = ask_before_gate_change
    QTimer.singleShot(50, press)
    signed.edit(signed.service.set_go_live, LATER)
    assert (signed.service.details.go_live == LATER) is expected


def test_changed_since_signed_is_a_warning(signed: PlanSession) -> None:
    signed.confirm_gate_change = lambda changed: True
    signed.edit(signed.service.set_go_live, LATER)
    found = [f for f in signed.service.findings() if f.code == "GATE_CHANGED_SINCE_SIGNED"]
    assert found and all(f.severity is Severity.WARNING for f in found)

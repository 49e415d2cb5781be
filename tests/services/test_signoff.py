"""SignoffService: signing and withdrawing cannot be undone, adding a gate can, refusals change
nothing, and the audit chain holds through thousands of edits and undo steps."""

from __future__ import annotations

import contextlib
import io
import random
from dataclasses import replace
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest

from cutover_desktop import cli
from cutover_desktop.domain.errors import CutoverError, ReadOnlyPlanError, ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import CalendarDayKind, TaskStatus
from cutover_desktop.domain.signoff import (
    SIGNOFF_KIND,
    WITHDRAWAL_KIND,
    GateState,
    SignOff,
    SignOffInput,
    SupplierContact,
    WithdrawalInput,
)
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import (
    SIGN_NOTE,
    WITHDRAW_NOTE,
    SignoffService,
    signoff_problems,
)
from tests.conftest import GO_LIVE, TODAY

NOW = datetime(2026, 11, 28, 11, 0, tzinfo=UTC)
ENTRY = SignOffInput("Dr Asha Patel", "Lead GP", "I accept the go-live data.",
                     "20 sample records and random records rechecked; QOF report compared",
                     "Two degraded codes", SupplierContact.EMAIL, "INC-7", date(2026, 11, 27))
WITHDRAW = WithdrawalInput("Dr Asha Patel", "Lead GP", "Signed before the recheck was done")


@pytest.fixture
def gates(service: PlanService) -> SignoffService:
    return SignoffService(service, now=lambda: NOW)


def _snapshot(service: PlanService) -> tuple[object, ...]:
    return (service.state, service.audit_head(), service.undo_status())


def _gate_task(gates: SignoffService, key: str) -> TaskId:
    return gates.status(key).gate.task_ids[0]


# Signing

def test_signing_records_everything_typed_and_what_it_covers(
        gates: SignoffService, service: PlanService) -> None:
    head = service.audit_head()
    changes = gates.sign("go_live_data", ENTRY, confirm_not_done=True)
    assert changes.label == "Sign off “Go-live data sign-off”"
    assert changes.kinds == {SIGNOFF_KIND}
    status = gates.status("go_live_data")
    assert status.state is GateState.SIGNED
    signoff = status.current
    assert isinstance(signoff, SignOff)
    assert (signoff.signed_by, signoff.role, signoff.statement, signoff.checked,
            signoff.caveats) == (ENTRY.signed_by, ENTRY.role, ENTRY.statement, ENTRY.checked,
                                 ENTRY.caveats)
    assert (signoff.supplier_told_by, signoff.supplier_reference, signoff.supplier_told_on) \
        == (SupplierContact.EMAIL, "INC-7", date(2026, 11, 27))
    assert signoff.os_user == gates.os_user() and signoff.os_user
    assert signoff.signed_at == NOW
    assert (signoff.audit_head_id, signoff.audit_head_hash) == head
    assert signoff.tasks_not_done == (_gate_task(gates, "go_live_data"),)
    assert signoff.hash_matches()
    assert service.verify_audit_chain().ok and signoff_problems(service) == []


def test_a_gate_with_open_tasks_needs_confirmation_and_records_them(
        gates: SignoffService, service: PlanService) -> None:
    before = _snapshot(service)
    with pytest.raises(ValidationError) as caught:
        gates.sign("data_checking", ENTRY)
    assert caught.value.field == "confirm_not_done"
    assert "not done" in caught.value.message
    assert _snapshot(service) == before
    gates.sign("data_checking", ENTRY, confirm_not_done=True)
    assert gates.status("data_checking").current.tasks_not_done


def test_signing_can_mark_the_gates_tasks_done_in_the_same_step(
        gates: SignoffService, service: PlanService) -> None:
    task_id = _gate_task(gates, "clinical_risk")
    changes = gates.sign("clinical_risk", ENTRY, mark_done=True)
    assert changes.task_ids == {task_id}
    assert service.task(task_id).status is TaskStatus.DONE
    status = gates.status("clinical_risk")
    assert status.state is GateState.SIGNED and status.current.tasks_not_done == ()
    # The signature covers the task as done: marking it done later is no change.
    assert '"status":"done"' in status.current.covered


def test_a_gate_whose_tasks_are_done_signs_without_asking(
        gates: SignoffService, service: PlanService) -> None:
    service.set_status([_gate_task(gates, "final")], TaskStatus.DONE)
    gates.sign("final", ENTRY)
    assert gates.status("final").state is GateState.SIGNED


@pytest.mark.parametrize(("change", "field"), [
    ({"signed_by": " "}, "signed_by"),
    ({"role": ""}, "role"),
    ({"statement": ""}, "statement"),
    ({"checked": ""}, "checked"),
    ({"supplier_told_on": None}, "supplier_told_on"),
    ({"supplier_told_on": TODAY + timedelta(days=1)}, "supplier_told_on"),
])
def test_a_refused_signature_changes_nothing(gates: SignoffService, service: PlanService,
                                             change: dict[str, object], field: str) -> None:
    service.move_task(TaskId(10), 1)
    before = _snapshot(service)
    with pytest.raises(ValidationError) as caught:
        gates.sign("go_live_data", replace(ENTRY, **change), confirm_not_done=True)
    assert caught.value.field == field
    assert _snapshot(service) == before
    assert service.undo_status().undo_label is not None  # the earlier edit is still undoable


def test_signing_a_signed_gate_is_refused_until_it_changes_or_is_withdrawn(
        gates: SignoffService, service: PlanService) -> None:
    gates.sign("final", ENTRY, confirm_not_done=True)
    before = _snapshot(service)
    with pytest.raises(ValidationError, match="already signed.*withdraw"):
        gates.sign("final", ENTRY, confirm_not_done=True)
    assert _snapshot(service) == before
    service.set_go_live(GO_LIVE + timedelta(days=7))
    assert gates.status("final").state is GateState.CHANGED
    gates.sign("final", ENTRY, confirm_not_done=True)
    status = gates.status("final")
    assert status.state is GateState.SIGNED and status.current.id == 2
    assert [r.status_text for r in status.records] == ["Replaced by a later sign-off", "Current"]


def test_an_unknown_gate_or_one_with_no_tasks_left_cannot_be_signed(
        gates: SignoffService, service: PlanService) -> None:
    with pytest.raises(ValidationError):
        gates.sign("no_such_gate", ENTRY)
    gates.sign("final", ENTRY, confirm_not_done=True)
    service.delete_tasks([_gate_task(gates, "final")])
    assert gates.status("final").state is GateState.CHANGED
    before = _snapshot(service)
    with pytest.raises(ValidationError, match="no tasks"):
        gates.sign("final", ENTRY, confirm_not_done=True)
    assert _snapshot(service) == before


def test_a_read_only_plan_cannot_be_signed(plan_file: Path) -> None:
    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        with pytest.raises(ReadOnlyPlanError):
            SignoffService(service).sign("final", ENTRY, confirm_not_done=True)
        assert service.state.table(SIGNOFF_KIND) == {}
    finally:
        service.close()


# Withdrawing

def test_withdrawing_adds_a_record_and_keeps_the_sign_off(
        gates: SignoffService, service: PlanService) -> None:
    gates.sign("go_live_data", ENTRY, confirm_not_done=True)
    signed = gates.status("go_live_data").current
    changes = gates.withdraw(signed.id, WITHDRAW)
    assert changes.kinds == {WITHDRAWAL_KIND}
    status = gates.status("go_live_data")
    assert status.state is GateState.WITHDRAWN and status.current is None
    (record,) = status.records
    assert record.signoff == signed
    assert record.withdrawal.reason == WITHDRAW.reason
    assert record.withdrawal.withdrawn_at == NOW
    gates.sign("final", ENTRY, confirm_not_done=True)
    before = _snapshot(service)
    with pytest.raises(ValidationError, match="already withdrawn"):
        gates.withdraw(signed.id, WITHDRAW)
    with pytest.raises(ValidationError):
        gates.withdraw(99, WITHDRAW)
    with pytest.raises(ValidationError) as caught:
        gates.withdraw(2, replace(WITHDRAW, reason=" "))
    assert caught.value.field == "reason"
    assert _snapshot(service) == before


# Undo stops at a signature

def test_undo_stops_at_a_signature_and_says_why(gates: SignoffService,
                                                service: PlanService) -> None:
    service.move_task(TaskId(10), 3)
    moved = service.state.tasks[TaskId(10)]
    gates.sign("go_live_data", ENTRY, confirm_not_done=True)
    status = service.undo_status()
    assert status.undo_label is None and status.undo_note == SIGN_NOTE
    signed = _snapshot(service)
    assert not service.undo()  # nothing happens: no signed row is touched, no earlier edit
    assert _snapshot(service) == signed
    assert service.state.tasks[TaskId(10)] == moved
    # New edits after it undo and redo as usual, back to the signature and no further.
    service.set_status([TaskId(12)], TaskStatus.DONE)
    service.set_calendar_day(date(2027, 2, 3), CalendarDayKind.CLOSURE, "PLT")
    assert service.undo() and service.undo()
    assert service.undo_status().undo_note == SIGN_NOTE
    assert not service.undo()
    assert service.redo() and service.state.tasks[TaskId(12)].status is TaskStatus.DONE
    assert gates.status("go_live_data").current is not None
    gates.withdraw(1, WITHDRAW)
    assert service.undo_status() == type(service.undo_status())(None, None, WITHDRAW_NOTE)
    assert service.verify_audit_chain().ok


# Adding a gate

def test_adding_a_gate_is_one_undoable_step_that_puts_it_on_its_date(
        gates: SignoffService, service: PlanService) -> None:
    day = date(2027, 3, 1)
    changes = gates.add_gate("Prescribing review", day)
    assert changes.label == "Add sign-off gate “Prescribing review” on Mon 1 Mar 2027"
    status = gates.status("prescribing-review")
    assert status.gate.day == day and status.gate.title == "Sign-off: Prescribing review"
    task = service.task(status.gate.task_ids[0])
    assert task.milestone and task.phase in service.details.phases
    # It moves with go-live, like the template's gates.
    service.set_go_live(GO_LIVE + timedelta(days=7))
    assert gates.status("prescribing-review").gate.day == day + timedelta(days=7)
    service.undo()
    gates.add_gate("Prescribing review", day)
    assert {s.gate.key for s in gates.gates()} >= {"prescribing-review", "prescribing-review-2"}
    service.undo()
    service.undo()
    assert "prescribing-review" not in {s.gate.key for s in gates.gates()}
    service.redo()
    assert gates.status("prescribing-review").gate.day == day


@pytest.mark.parametrize(("title", "day", "phase", "field"), [
    ("  ", date(2027, 3, 1), None, "title"),
    ("x" * 201, date(2027, 3, 1), None, "title"),
    ("Review", date(2027, 3, 1), "No such phase", "phase"),
    ("Review", date(2040, 1, 1), None, "day"),
])
def test_a_refused_gate_changes_nothing(gates: SignoffService, service: PlanService,
                                        title: str, day: date, phase: str | None,
                                        field: str) -> None:
    before = _snapshot(service)
    with pytest.raises(ValidationError) as caught:
        gates.add_gate(title, day, phase)
    assert caught.value.field == field
    assert _snapshot(service) == before


# Thousands of edits and undo steps

@pytest.mark.slow
def test_the_chain_verifies_after_thousands_of_random_edits_and_undo_steps(
        gates: SignoffService, service: PlanService) -> None:
    rng = random.Random(2027)
    task_ids = sorted(service.state.tasks)
    statuses = [s for s in TaskStatus if s is not TaskStatus.SKIPPED]
    applied = undone = 0
    while applied + undone < 3000:
        roll = rng.random()
        changes = None
        try:
            if roll < 0.25:
                changes = service.set_status([rng.choice(task_ids)], rng.choice(statuses))
            elif roll < 0.45:
                changes = service.move_task(rng.choice(task_ids), rng.choice([-2, -1, 1, 2]))
            elif roll < 0.5:
                changes = service.set_go_live(GO_LIVE + timedelta(days=rng.randint(-5, 5)))
            elif roll < 0.55:
                day = date(2027, 1, 4) + timedelta(days=rng.randint(0, 60))
                changes = service.set_calendar_day(
                    day, rng.choice([CalendarDayKind.CLOSURE, None]))
            elif roll < 0.8:
                undone += bool(service.undo())
            elif roll < 0.93:
                undone += bool(service.redo())
            elif roll < 0.97:
                key = rng.choice([s.gate.key for s in gates.gates()])
                changes = gates.sign(key, ENTRY, confirm_not_done=True)
            else:
                standing = [s.current.id for s in gates.gates() if s.current is not None]
                if standing:
                    changes = gates.withdraw(rng.choice(standing), WITHDRAW)
        except CutoverError:
            pass  # a refusal (signed already, a loop, ...) changes nothing
        applied += bool(changes)
    check = service.verify_audit_chain()
    assert check.ok, check.problem
    assert check.entries > 3000 and undone > 500
    assert signoff_problems(service) == []
    assert service.state.table(SIGNOFF_KIND), "some gates were signed"


# The command line lists the gates

def test_show_lists_every_gate_with_its_state(plan_file: Path) -> None:
    service = open_plan(plan_file, today=lambda: TODAY)
    gates = SignoffService(service, now=lambda: NOW)
    gates.sign("clinical_risk", ENTRY, mark_done=True)
    gates.sign("technical_requirements", ENTRY, confirm_not_done=True)
    gates.withdraw(2, WITHDRAW)
    service.close()
    out = io.StringIO()
    with contextlib.redirect_stderr(io.StringIO()):
        assert cli.main(["show", str(plan_file), "--today", "2027-03-20"], out=out) == 0
    text = out.getvalue()
    lines = {line.split("  ")[1].strip(): line for line in text.splitlines()
             if line.startswith("  ") and "  " in line[2:] and "Sign-off gates" not in line}
    assert "Sign-off gates" in text
    assert "Signed by Dr Asha Patel (Lead GP)" in lines["Clinical risk assessment"]
    assert "Withdrawn" in lines["Technical requirements form"]
    assert "Overdue" in lines["Go-live data sign-off"]
    assert "Not due" in lines["Final sign-off"]
    assert "GATE_OVERDUE" in text

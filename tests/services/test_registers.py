"""RegistersService: each action one undo step, refusals change nothing, and the NHS-number
purge leaves no trace in the file."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from cutover_desktop.cli import main
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.nhs_number import check_digit, format_nhs_number
from cutover_desktop.domain.registers import (
    EQUIPMENT,
    ISSUE,
    KINDS,
    USUAL_LINKS,
    Equipment,
    EquipmentKind,
    GoLiveIssue,
    IssueCategory,
    IssueStatus,
    Reminder,
    batches,
    links,
    nhs_numbers,
    overall_progress,
    progress_entries,
    settings_of,
)
from cutover_desktop.services.plan_files import create_plan, memory_plan, open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.registers import PURGE_NOTE, RegistersService
from tests.conftest import GO_LIVE, riverside

AFTER_GO_LIVE = GO_LIVE + timedelta(days=3)  # Fri 19 Mar 2027
COLLECTED = GO_LIVE - timedelta(days=3)  # Sat 13 Mar 2027, during the cut-over


def nhs_test_number(serial: int) -> str:
    """A valid NHS number from the 999 test range (never a real patient's)."""
    while True:
        first_nine = f"999{serial:06d}"
        digit = check_digit(first_nine)
        if digit is not None:
            return first_nine + str(digit)
        serial += 1


@pytest.fixture
def plan() -> Iterator[PlanService]:
    service = memory_plan(riverside(), today=lambda: AFTER_GO_LIVE)
    yield service
    service.close()


@pytest.fixture
def registers(plan: PlanService) -> RegistersService:
    return RegistersService(plan)


def snapshot(plan: PlanService) -> dict[str, Any]:
    return {kind: dict(plan.state.table(kind)) for kind in KINDS}


def audit_count(plan: PlanService) -> int:
    return sum(1 for _ in plan._repo.audit_entries())


def with_batch(registers: RegistersService, count: int = 37) -> int:
    registers.add_batch("Consultations", COLLECTED, count, "folder A", "Sam")
    return batches(registers.state)[-1].id


# Every action: one undo step that undo takes back and redo puts again.

ACTIONS: dict[str, Callable[[RegistersService], object]] = {
    "add batch": lambda r: r.add_batch("Lab results", COLLECTED, 12, "tray 2"),
    "edit batch": lambda r: r.save_batch(replace(r.batch(1), count=40)),
    "delete batch": lambda r: r.delete_batch(1),
    "record re-entry": lambda r: r.record_reentry(1, 10, "Ann", GO_LIVE, "Bea"),
    "mark checked": lambda r: r.mark_checked([1], "Bea"),
    "delete re-entry": lambda r: r.delete_reentry(1),
    "set target": lambda r: r.set_reentry_target(GO_LIVE + timedelta(days=10)),
    "opt in": lambda r: r.set_record_nhs_numbers(True),
    "add held": lambda r: r.add_held(COLLECTED, 3, "list sheet 1"),
    "add link": lambda r: r.add_link("Pathology", 10),
    "usual links": lambda r: r.add_usual_links(),
    "mesh": lambda r: r.set_mesh_mailboxes("a81001ot001", "A81001OT002"),
    "add partner": lambda r: r.add_partner("PCSE"),
    "add device": lambda r: r.save_equipment(Equipment(r.next_id(EQUIPMENT),
                                                       EquipmentKind.SCANNER, "Reception")),
    "add issue": lambda r: r.save_issue(GoLiveIssue(r.next_id(ISSUE), "Asthma codes",
                                                    IssueCategory.DEGRADED_CODES, GO_LIVE)),
}


@pytest.mark.parametrize("name", list(ACTIONS))
def test_every_action_is_one_undo_step(plan: PlanService, registers: RegistersService,
                                       name: str) -> None:
    with_batch(registers)
    registers.record_reentry(1, 5, "Ann", GO_LIVE)
    before = snapshot(plan)
    changes = ACTIONS[name](registers)
    assert changes
    after = snapshot(plan)
    assert after != before
    assert plan.undo_status().undo_label == changes.label  # type: ignore[attr-defined]
    plan.undo()
    assert snapshot(plan) == before
    plan.redo()
    assert snapshot(plan) == after


def test_edits_reach_the_file_and_read_back(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: AFTER_GO_LIVE)
    registers = RegistersService(plan)
    batch_id = with_batch(registers)
    registers.record_reentry(batch_id, 10, "Ann", GO_LIVE, "Bea")
    registers.add_held(COLLECTED, 2, "list sheet 1", GO_LIVE + timedelta(days=1))
    registers.add_usual_links()
    registers.set_reminder_sent(1, Reminder.OFF_WEEK_BEFORE)
    registers.confirm_back_on(2, GO_LIVE, "Lab manager")
    registers.set_mesh_mailboxes("A81001OT001", "A81001OT002", GO_LIVE)
    registers.add_partner("PCSE")
    registers.record_partner_told(1, GO_LIVE - timedelta(days=7), "PM", "e-mail")
    registers.save_equipment(Equipment(1, EquipmentKind.CHECK_IN_KIOSK, "Kiosk", "Main surgery",
                                       incompatible=True, replacement="New kiosk"))
    registers.record_tested(1, GO_LIVE - timedelta(days=1), "CSU engineer")
    registers.save_issue(GoLiveIssue(1, "Asthma codes", IssueCategory.DEGRADED_CODES, GO_LIVE,
                                     "DQ team"))
    registers.set_issue_status(1, IssueStatus.CLOSED, GO_LIVE + timedelta(days=2))
    registers.set_reentry_target(GO_LIVE + timedelta(days=9))
    expected = snapshot(plan)
    plan.close()
    reopened = open_plan(path, today=lambda: AFTER_GO_LIVE)
    try:
        assert snapshot(reopened) == expected
        assert reopened.verify_audit_chain().ok
    finally:
        reopened.close()


# Refusals change nothing


def _nothing(_r: RegistersService) -> object:
    return None


# name: (set-up, the refused action, words in the refusal)
REFUSALS: dict[str, tuple[Callable[[RegistersService], object],
                          Callable[[RegistersService], object], str]] = {
    "too many re-entered": (_nothing, lambda r: r.record_reentry(1, 33, "Ann", GO_LIVE),
                            "1 to 32"),
    "re-entered before TGL": (_nothing, lambda r: r.record_reentry(1, 1, "Ann", COLLECTED),
                              "new system is live"),
    "re-entered in the future": (_nothing,
                                 lambda r: r.record_reentry(1, 1, "Ann", date(2027, 4, 1)),
                                 "future"),
    "no one re-entered it": (_nothing, lambda r: r.record_reentry(1, 1, " ", GO_LIVE),
                             "who re-entered"),
    "count below done": (_nothing, lambda r: r.save_batch(replace(r.batch(1), count=4)),
                         "cannot be less"),
    "zero count": (_nothing, lambda r: r.add_batch("Consultations", COLLECTED, 0), "1 to"),
    "no category": (_nothing, lambda r: r.add_batch("  ", COLLECTED, 3), "category"),
    "number in a reference": (_nothing,
                              lambda r: r.add_batch("Consultations", COLLECTED, 3,
                                                    format_nhs_number(nhs_test_number(1))),
                              "NHS number"),
    "number without opting in": (_nothing, lambda r: r.add_nhs_number(1, nhs_test_number(1)),
                                 "Opt in"),
    "target before go-live": (_nothing, lambda r: r.set_reentry_target(COLLECTED),
                              "before Business"),
    "purge with nothing": (_nothing, lambda r: r.purge_nhs_numbers(), "no NHS numbers"),
    "all usual links twice": (lambda r: r.add_usual_links(), lambda r: r.add_usual_links(),
                              "already has every usual link"),
    "link on before off": (_nothing,
                           lambda r: r.add_link("Lab", 5, switch_off_on=date(2027, 3, 11),
                                                switch_on_on=date(2027, 3, 10)),
                           "back on before"),
    "duplicate link": (lambda r: r.add_link("Lab", 5), lambda r: r.add_link(" lab ", 6),
                       "already a link"),
    "held completed before go-live": (lambda r: r.add_held(COLLECTED, 2),
                                      lambda r: r.complete_held(1, 2, COLLECTED, "Clerk"),
                                      "from Business Go Live"),
    "mesh with a space": (_nothing, lambda r: r.set_mesh_mailboxes("A81001 OT1", ""),
                          "MESH mailbox ID"),
    "issue closed before opened": (
        lambda r: r.save_issue(GoLiveIssue(1, "X", IssueCategory.EPS, GO_LIVE)),
        lambda r: r.set_issue_status(1, IssueStatus.CLOSED, COLLECTED),
        "before it was opened"),
    "gone batch": (_nothing, lambda r: r.delete_batch(99), "no longer in the register"),
}


@pytest.mark.parametrize("name", list(REFUSALS))
def test_refusals_change_nothing(plan: PlanService, registers: RegistersService,
                                 name: str) -> None:
    with_batch(registers)
    registers.record_reentry(1, 5, "Ann", GO_LIVE)
    set_up, action, words = REFUSALS[name]
    set_up(registers)
    before_state = snapshot(plan)
    before_undo = plan.undo_status()
    before_audit = audit_count(plan)
    with pytest.raises(ValidationError, match=words):
        action(registers)
    assert snapshot(plan) == before_state
    assert plan.undo_status() == before_undo
    assert audit_count(plan) == before_audit


def test_deleting_a_batch_takes_its_records_and_undo_brings_them_back(
        plan: PlanService, registers: RegistersService) -> None:
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers)
    registers.record_reentry(batch_id, 10, "Ann", GO_LIVE)
    registers.add_nhs_number(batch_id, nhs_test_number(1))
    registers.delete_batch(batch_id)
    assert batches(plan.state) == [] and progress_entries(plan.state) == []
    assert nhs_numbers(plan.state) == []
    plan.undo()
    assert overall_progress(plan.state).re_entered == 10
    assert len(nhs_numbers(plan.state)) == 1


def test_usual_links_are_added_once_in_the_guides_order(registers: RegistersService) -> None:
    registers.add_link("Pathology (results and requests)", 3)
    changes = registers.add_usual_links()
    assert changes.label == f"Add {len(USUAL_LINKS) - 1} usual links"
    names = [link.name for link in links(registers.state)]
    assert names == [usual.name for usual in USUAL_LINKS]
    eps = next(link for link in links(registers.state) if "EPS" in link.name)
    assert eps.notice_days == 35


def test_opting_out_with_numbers_recorded_is_refused(registers: RegistersService) -> None:
    registers.set_record_nhs_numbers(True)
    registers.add_nhs_number(with_batch(registers), nhs_test_number(5))
    with pytest.raises(ValidationError, match="purge them"):
        registers.set_record_nhs_numbers(False)


def test_a_number_is_checked_and_not_recorded_twice(registers: RegistersService) -> None:
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers)
    good = nhs_test_number(1)
    wrong = good[:9] + str((int(good[9]) + 1) % 10)
    with pytest.raises(ValidationError, match="last digit"):
        registers.add_nhs_number(batch_id, wrong)
    registers.add_nhs_number(batch_id, format_nhs_number(nhs_test_number(1)))
    with pytest.raises(ValidationError, match="already recorded"):
        registers.add_nhs_number(batch_id, nhs_test_number(1))


def test_findings_list_only_the_registers(registers: RegistersService) -> None:
    registers.add_link("SMS messaging")
    assert {f.code for f in registers.findings()} >= {"LINK_NO_NOTICE_PERIOD"}
    assert all(not f.code.startswith("TASK_") for f in registers.findings())


# The purge


def _forms(number: str) -> list[bytes]:
    """Every way the number could sit in the file's bytes."""
    spaced = format_nhs_number(number)
    texts = [number, spaced, spaced.replace(" ", "-"), number[:3] + " " + number[3:]]
    found = [t.encode("utf-8") for t in texts]
    found += [t.encode("utf-16-le") for t in texts] + [t.encode("utf-16-be") for t in texts]
    found += [int(number).to_bytes(size, "big") for size in (6, 8)]  # SQLite integers
    return found


def _file_bytes(path: Path) -> bytes:
    data = path.read_bytes()
    for suffix in ("-journal", "-wal", "-shm"):
        extra = path.with_name(path.name + suffix)
        if extra.exists():
            data += extra.read_bytes()
    return data


def _complete_register(registers: RegistersService, numbers: list[str]) -> int:
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers, count=len(numbers))
    for number in numbers:
        registers.add_nhs_number(batch_id, format_nhs_number(number))
    registers.record_reentry(batch_id, len(numbers), "Ann", GO_LIVE, "Bea")
    for row in nhs_numbers(registers.state):
        registers.set_nhs_number_re_entered(row.id, True)
    return batch_id


def test_purge_leaves_the_numbers_nowhere_in_the_file(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    numbers = [nhs_test_number(n) for n in (1, 200, 40_000)]
    plan = create_plan(path, riverside(), today=lambda: AFTER_GO_LIVE)
    registers = RegistersService(plan)
    batch_id = _complete_register(registers, numbers)
    # Numbers edited away and removed before the purge must be gone too.
    extra = nhs_test_number(777)
    registers.add_nhs_number(batch_id, extra)
    registers.remove_nhs_number(nhs_numbers(registers.state)[-1].id)
    plan.close()
    before = _file_bytes(path)
    assert any(form in before for form in _forms(numbers[0])), "the test would prove nothing"

    plan = open_plan(path, today=lambda: AFTER_GO_LIVE)
    registers = RegistersService(plan)
    changes = registers.purge_nhs_numbers()
    assert changes.label == "Purge 3 NHS numbers from the plan file"
    assert nhs_numbers(plan.state) == []
    settings = settings_of(plan.state)
    assert not settings.record_nhs_numbers and settings.numbers_purged_on == AFTER_GO_LIVE
    data = _file_bytes(path)
    for number in [*numbers, extra]:
        for form in _forms(number):
            assert form not in data
    # The purge is in the audit trail, with the numbers masked, and the chain still holds.
    entries = list(plan._repo.audit_entries())
    purged = [e for e in entries if e.action == changes.label]
    assert len(purged) == 4 and purged[0].before is not None and "•" in purged[0].before
    assert plan.verify_audit_chain().ok
    # Nothing can bring them back: the purge is not undoable and the history is gone.
    status = plan.undo_status()
    assert status.undo_label is None and status.redo_label is None
    assert status.undo_note == PURGE_NOTE
    plan.undo()
    assert nhs_numbers(plan.state) == []
    plan.close()
    data = _file_bytes(path)
    for number in numbers:
        assert not any(form in data for form in _forms(number))
    assert not path.with_name(path.name + "-journal").exists()


def test_purge_keeps_everything_else_and_the_register_stays_usable(
        plan: PlanService, registers: RegistersService) -> None:
    _complete_register(registers, [nhs_test_number(3)])
    registers.add_link("Lab", 5)
    before_links = links(plan.state)
    registers.purge_nhs_numbers()
    assert links(plan.state) == before_links
    assert overall_progress(plan.state).complete
    registers.add_link("Pharmacy", 35)
    assert plan.undo_status().undo_label == "Add link “Pharmacy”"


def test_purge_waits_for_the_register_to_be_complete(plan: PlanService,
                                                     registers: RegistersService) -> None:
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers, count=2)
    registers.add_nhs_number(batch_id, nhs_test_number(9))
    assert "2 items still to re-enter" in (registers.purge_blocker() or "")
    registers.record_reentry(batch_id, 2, "Ann", GO_LIVE)
    assert "need checking" in (registers.purge_blocker() or "")
    registers.mark_checked([progress_entries(plan.state)[0].id], "Bea")
    assert "not yet marked re-entered" in (registers.purge_blocker() or "")
    before = snapshot(plan)
    with pytest.raises(ValidationError, match="cannot be purged yet"):
        registers.purge_nhs_numbers()
    assert snapshot(plan) == before
    registers.set_nhs_number_re_entered(nhs_numbers(plan.state)[0].id, True)
    assert registers.purge_blocker() is None


def test_purge_refused_on_a_read_only_plan(plan_file: Path) -> None:
    service = open_plan(plan_file, read_only=True)
    try:
        with pytest.raises(CutoverError):
            RegistersService(service).purge_nhs_numbers()
    finally:
        service.close()


def test_numbers_never_enter_the_audit_trail(plan: PlanService,
                                              registers: RegistersService) -> None:
    number = nhs_test_number(42)
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers)
    registers.add_nhs_number(batch_id, number)
    registers.set_nhs_number_re_entered(1, True)
    plan.undo()
    plan.undo()
    plan.redo()
    registers.delete_batch(batch_id)
    for entry in plan._repo.audit_entries():
        text = f"{entry.action}{entry.entity_key}{entry.before}{entry.after}"
        assert number not in text and format_nhs_number(number) not in text


def test_show_summarises_each_register(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: AFTER_GO_LIVE)
    registers = RegistersService(plan)
    with_batch(registers)
    registers.record_reentry(1, 10, "Ann", GO_LIVE)
    registers.add_link("Pathology")
    plan.close()
    out = io.StringIO()
    assert main(["show", str(path), "--today", AFTER_GO_LIVE.isoformat()], out=out) == 0
    text = out.getvalue()
    assert "Cut-over registers" in text
    assert ("  Paper re-entry       1 batch; 10 of 37 re-entered (27%), 27 to go; target zero "
            "outstanding by Tue 23 Mar 2027") in text
    assert "  Third-party links    1 link, 0 confirmed back on, 1 without a notice period" in text
    assert "  Post-go-live issues  none recorded" in text
    assert "LINK_NO_NOTICE_PERIOD" in text and "[Pathology]" in text


def test_a_removed_number_leaves_no_trace_even_before_the_purge(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: AFTER_GO_LIVE)
    registers = RegistersService(plan)
    registers.set_record_nhs_numbers(True)
    batch_id = with_batch(registers)
    number = nhs_test_number(31)
    registers.add_nhs_number(batch_id, number)
    assert any(form in _file_bytes(path) for form in _forms(number))
    # Some SQLite builds overwrite deleted records anyway; the plan asks for it on every one.
    assert plan._repo.db.execute("PRAGMA secure_delete").fetchone()[0] == 1
    registers.remove_nhs_number(nhs_numbers(registers.state)[0].id)
    plan.close()
    assert not any(form in _file_bytes(path) for form in _forms(number))


def test_purge_also_removes_the_backups_that_hold_the_numbers(tmp_path: Path) -> None:
    from cutover_desktop.services.backups import list_backups

    path = tmp_path / "plan.cutover"
    numbers = [nhs_test_number(n) for n in (5, 6000)]
    plan = create_plan(path, riverside(), today=lambda: AFTER_GO_LIVE)
    _complete_register(RegistersService(plan), numbers)
    plan.close()
    plan = open_plan(path, today=lambda: AFTER_GO_LIVE)  # backs up, numbers included
    held = b"".join(b.path.read_bytes() for b in list_backups(path))
    assert any(form in held for form in _forms(numbers[0])), "the test would prove nothing"
    RegistersService(plan).purge_nhs_numbers()
    plan.close()
    backups = list_backups(path)
    assert backups, "a fresh backup is taken after the purge"
    for backup in backups:
        data = _file_bytes(backup.path)
        for number in numbers:
            assert not any(form in data for form in _forms(number))

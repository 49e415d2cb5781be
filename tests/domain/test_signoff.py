"""Sign-off gates: where they come from, their states, and what a signature covers."""

from __future__ import annotations

import dataclasses
import json
import math
from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.canonical import canonical, decode, sha256_hex
from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, OffsetUnit, Priority, Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import (
    BUILT_IN_GATES,
    DUE_WINDOW_DAYS,
    GateState,
    SignOff,
    SignOffInput,
    SupplierContact,
    Withdrawal,
    WithdrawalInput,
    covered_state,
    covered_text,
    describe_changes,
    find_gate,
    gate_status,
    plan_gates,
    signoff_findings,
    state_hash,
)
from cutover_desktop.services.plan_files import default_template, template_tasks
from tests.conftest import GO_LIVE, TODAY, riverside

NOW = datetime(2026, 11, 28, 10, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def state() -> PlanState:
    template = default_template()
    details = dataclasses.replace(riverside(), phases=template.phases)
    return PlanState(details, {t.id: t for t in template_tasks(template)})


def _signoff(state: PlanState, key: str, number: int = 1) -> SignOff:
    gate = find_gate(state, key)
    covered = covered_state(state, gate)
    return SignOff(number, key, gate.title, "Dr Asha Patel", "Lead GP", "apatel", NOW,
                   "I accept the data.", "20 records", "", SupplierContact.NOT_TOLD, "", None,
                   (), covered_text(covered), state_hash(covered), 0, "0" * 64)


def _with(state: PlanState, *entities: object) -> PlanState:
    return state.with_changes([EntityChange(None, e) for e in entities])


def _edit(state: PlanState, task: Task, **fields: object) -> PlanState:
    return state.with_changes([EntityChange(task, dataclasses.replace(task, **fields))])


# Which gates a plan has

def test_the_template_gives_the_six_gates_at_their_tasks_dates(state: PlanState) -> None:
    gates = plan_gates(state)
    assert {g.key for g in gates} == set(BUILT_IN_GATES)
    dates = state.schedule.dates
    for gate in gates:
        assert len(gate.task_ids) == 1
        assert gate.day == dates[gate.task_ids[0]].end
        assert gate.title == BUILT_IN_GATES[gate.key]
    assert [g.day for g in gates] == sorted(g.day for g in gates)
    by_key = {g.key: g for g in gates}
    keys = state.schedule.key_dates
    # The guide: go-live data before BGL; process review within BGL + 14.
    assert by_key["go_live_data"].day < keys[KeyDate.BGL]
    assert by_key["process_review"].day <= keys[KeyDate.BGL] + timedelta(days=14)
    assert by_key["data_checking"].day < keys[KeyDate.FDP]


def test_any_task_tagged_as_a_gate_makes_one(state: PlanState) -> None:
    extra = Task(TaskId(500), "Prescribing review", state.details.phases[0],
                 Anchor.key(KeyDate.BGL), -10, tags=("gate:prescribing",))
    gates = plan_gates(_with(state, extra))
    custom = next(g for g in gates if g.key == "prescribing")
    assert custom.title == "Prescribing review" and custom.task_ids == (TaskId(500),)
    assert custom.day == GO_LIVE - timedelta(days=10)
    assert not custom.built_in


def test_a_gate_of_several_tasks_falls_on_the_last_of_them(state: PlanState) -> None:
    dmd = next(t for t in state.tasks.values() if "dm+d" in t.title.lower())
    tagged = _edit(state, dmd, tags=(*dmd.tags, "gate:go_live_data"))
    gate = find_gate(tagged, "go_live_data")
    assert set(gate.task_ids) == {dmd.id, find_gate(state, "go_live_data").task_ids[0]}
    assert gate.day == max(tagged.schedule.dates[t].end for t in gate.task_ids)


def test_a_gate_whose_tasks_went_stays_while_it_has_sign_offs(state: PlanState) -> None:
    signed = _with(state, _signoff(state, "final"))
    final_task = signed.tasks[find_gate(signed, "final").task_ids[0]]
    gone = signed.with_changes([EntityChange(final_task, None)])
    gate = find_gate(gone, "final")
    assert gate.task_ids == () and gate.day is None
    status = gate_status(gone, gate, TODAY)
    assert status.state is GateState.CHANGED
    assert any("no longer part of the gate" in c for c in status.changes)
    with pytest.raises(ValidationError):
        find_gate(state.with_changes([EntityChange(final_task, None)]), "final")


# States

@pytest.mark.parametrize(("days_before_today", "expected"), [
    (-(DUE_WINDOW_DAYS + 1), GateState.NOT_DUE),
    (-DUE_WINDOW_DAYS, GateState.DUE),
    (0, GateState.DUE),
    (1, GateState.OVERDUE),
])
def test_an_unsigned_gate_is_not_due_due_or_overdue_by_its_date(
        state: PlanState, days_before_today: int, expected: GateState) -> None:
    gate = find_gate(state, "go_live_data")
    today = gate.day + timedelta(days=days_before_today)
    assert gate_status(state, gate, today).state is expected


def test_signed_then_changed_then_withdrawn(state: PlanState) -> None:
    signoff = _signoff(state, "go_live_data")
    signed = _with(state, signoff)
    gate = find_gate(signed, "go_live_data")
    late = gate.day + timedelta(days=30)
    assert gate_status(signed, gate, late).state is GateState.SIGNED
    task = signed.tasks[gate.task_ids[0]]
    changed = _edit(signed, task, status=TaskStatus.BLOCKED)
    status = gate_status(changed, gate, late)
    assert status.state is GateState.CHANGED
    assert status.changes == (f"“{task.title}” went from not started to blocked.",)
    withdrawn = _with(changed, Withdrawal(1, signoff.id, "Dr Asha Patel", "Lead GP", "apatel",
                                          NOW, "Signed too early"))
    status = gate_status(withdrawn, gate, late)
    assert status.state is GateState.WITHDRAWN and status.current is None
    assert [r.status_text for r in status.records] == ["Withdrawn"]
    resigned = _with(withdrawn, dataclasses.replace(_signoff(withdrawn, "go_live_data"), id=2))
    status = gate_status(resigned, gate, late)
    assert status.state is GateState.SIGNED and status.current.id == 2
    assert [r.status_text for r in status.records] == ["Withdrawn", "Current"]


def test_a_later_signature_replaces_an_earlier_one(state: PlanState) -> None:
    first = _signoff(state, "final")
    moved = state.with_changes([EntityChange(
        state.details, dataclasses.replace(state.details, go_live=GO_LIVE + timedelta(days=7)))])
    both = _with(moved, first, dataclasses.replace(_signoff(moved, "final"), id=2))
    status = gate_status(both, find_gate(both, "final"), TODAY)
    assert status.state is GateState.SIGNED
    assert [r.status_text for r in status.records] == ["Replaced by a later sign-off", "Current"]


def test_overdue_and_changed_gates_are_findings(state: PlanState) -> None:
    gate = find_gate(state, "data_checking")
    after = gate.day + timedelta(days=3)
    found = [f for f in signoff_findings(state, after) if f.subject == gate.title]
    assert [(f.code, f.day, f.task_id) for f in found] == [
        ("GATE_OVERDUE", gate.day, gate.task_ids[0])]
    assert "3 days ago" in found[0].message and "not signed" in found[0].message
    assert not [f for f in signoff_findings(state, gate.day) if f.subject == gate.title]
    signed = _with(state, _signoff(state, "data_checking"))
    assert not [f for f in signoff_findings(signed, after) if f.subject == gate.title]
    moved = signed.with_changes([EntityChange(
        signed.details, dataclasses.replace(signed.details, go_live=GO_LIVE + timedelta(7)))])
    found = [f for f in signoff_findings(moved, after) if f.subject == gate.title]
    assert [f.code for f in found] == ["GATE_CHANGED_SINCE_SIGNED"]
    assert "Business Go Live moved from Tue 16 Mar 2027 to Tue 23 Mar 2027" in found[0].message


def test_findings_reach_the_whole_plans_findings(state: PlanState) -> None:
    late = find_gate(state, "final").day + timedelta(days=1)
    codes = [f.code for f in state.findings(late)]
    assert codes.count("GATE_OVERDUE") == len(BUILT_IN_GATES)


# What a signature covers

TASK_FIELDS_COVERED = {"title", "status", "skip_reason"}
# Fields that move the task (so its scheduled dates, which are covered, change).
TASK_FIELDS_MOVING = {"offset", "pinned_date", "duration_days", "anchor"}


def _changed_value(task: Task, name: str) -> object:
    value = getattr(task, name)
    return {
        "title": task.title + " (renamed)",
        "phase": "Post go-live" if task.phase != "Post go-live" else "Lead-in",
        "anchor": Anchor.key(KeyDate.FDP),
        "offset": task.offset - 3,
        "offset_unit": (OffsetUnit.WORKING_DAYS if task.offset_unit is OffsetUnit.CALENDAR_DAYS
                        else OffsetUnit.CALENDAR_DAYS),
        "pinned_date": date(2027, 1, 5),
        "duration_days": task.duration_days + 2,
        "start_time": datetime(2027, 1, 1, 9).time(),
        "end_time": datetime(2027, 1, 1, 17).time(),
        "status": TaskStatus.IN_PROGRESS,
        "skip_reason": "Done by the supplier",
        "priority": Priority.LOW,
        "milestone": not task.milestone,
        "tags": (*task.tags, "extra"),
        "position": task.position + 100,
    }.get(name, value + "x" if isinstance(value, str) else value)


@pytest.mark.parametrize("name", [f.name for f in dataclasses.fields(Task) if f.name != "id"])
def test_the_hash_changes_exactly_when_a_covered_task_field_changes(
        state: PlanState, name: str) -> None:
    gate = find_gate(state, "go_live_data")
    task = state.tasks[gate.task_ids[0]]
    before = state_hash(covered_state(state, gate))
    edited = _edit(state, task, **{name: _changed_value(task, name)})
    new_gate = find_gate(edited, "go_live_data")
    after = state_hash(covered_state(edited, new_gate))
    placed_before = state.schedule.dates[task.id]
    placed_after = edited.schedule.dates[task.id]
    covered = name in TASK_FIELDS_COVERED or placed_before != placed_after
    if name in TASK_FIELDS_MOVING:
        assert placed_before != placed_after, "the edit should have moved the task"
    assert (before != after) == covered, name


def test_the_hash_ignores_other_tasks_but_not_key_dates(state: PlanState) -> None:
    gate = find_gate(state, "go_live_data")
    before = state_hash(covered_state(state, gate))
    other = next(t for t in state.tasks.values() if t.id not in gate.task_ids)
    edited = _edit(state, other, status=TaskStatus.DONE, title="Something else")
    assert state_hash(covered_state(edited, gate)) == before
    for rules_change in ({"read_only_days_after_bgl": 90}, {"fdp_days_before_bgl": 7}):
        rules = dataclasses.replace(state.details.rules, **rules_change)
        moved = state.with_changes([EntityChange(
            state.details, dataclasses.replace(state.details, rules=rules))])
        assert state_hash(covered_state(moved, find_gate(moved, "go_live_data"))) != before
    noted = state.with_changes([EntityChange(
        state.details, dataclasses.replace(state.details, practice_name="Elsewhere"))])
    assert state_hash(covered_state(noted, gate)) == before


def test_the_changes_are_told_in_plain_sentences(state: PlanState) -> None:
    gate = find_gate(state, "process_review")
    before = covered_state(state, gate)
    task = state.tasks[gate.task_ids[0]]
    edited = _edit(state, task, title="Review the process", offset=task.offset + 1,
                   status=TaskStatus.DONE)
    assert describe_changes(before, covered_state(edited, gate)) == [
        f"“{task.title}” was renamed “Review the process”.",
        "“Review the process” went from not started to done.",
        # One working day later steps over the Easter weekend.
        "“Review the process” moved from Thu 25 Mar 2027 to Tue 30 Mar 2027.",
    ]
    rules = dataclasses.replace(state.details.rules, read_only_days_after_bgl=90)
    longer = state.with_changes([EntityChange(
        state.details, dataclasses.replace(state.details, rules=rules))])
    assert describe_changes(before, covered_state(longer, gate)) == [
        "Old system read-only access ends moved from Fri 30 Apr 2027 to Mon 14 Jun 2027."]


# What a person types

def test_sign_off_input_is_trimmed_and_checked_field_by_field() -> None:
    good = SignOffInput("  Dr Asha Patel ", "Lead GP", "I accept.", "20 records",
                        supplier_told_by=SupplierContact.EMAIL, supplier_reference=" INC-1 ",
                        supplier_told_on=TODAY)
    cleaned = good.cleaned(TODAY)
    assert (cleaned.signed_by, cleaned.supplier_reference) == ("Dr Asha Patel", "INC-1")
    cases = [
        (dataclasses.replace(good, signed_by="  "), "signed_by"),
        (dataclasses.replace(good, role=""), "role"),
        (dataclasses.replace(good, statement="\n"), "statement"),
        (dataclasses.replace(good, checked=""), "checked"),
        (dataclasses.replace(good, signed_by="x" * 201), "signed_by"),
        (dataclasses.replace(good, supplier_told_on=None), "supplier_told_on"),
        (dataclasses.replace(good, supplier_told_on=TODAY + timedelta(1)), "supplier_told_on"),
    ]
    for entry, field in cases:
        with pytest.raises(ValidationError) as caught:
            entry.cleaned(TODAY)
        assert caught.value.field == field
    untold = dataclasses.replace(good, supplier_told_by=SupplierContact.NOT_TOLD).cleaned(TODAY)
    assert untold.supplier_told_on is None and untold.supplier_reference == ""
    with pytest.raises(ValidationError) as caught:
        WithdrawalInput("Dr Asha Patel", "Lead GP", " ").cleaned()
    assert caught.value.field == "reason"


# The canonical encoding

json_values = st.recursive(
    st.none() | st.booleans() | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text(st.characters(exclude_categories=("Cs",))),
    lambda children: st.lists(children, max_size=5)
    | st.dictionaries(st.text(st.characters(exclude_categories=("Cs",)), max_size=8),
                      children, max_size=5),
    max_leaves=30)


@pytest.mark.slow
@settings(max_examples=300)
@given(json_values)
def test_canonical_text_round_trips_and_is_one_text_per_value(value: object) -> None:
    text = canonical(value)
    assert decode(text) == value
    assert canonical(decode(text)) == text
    # Key order and spacing never matter: any JSON text of the value gives the same one.
    if isinstance(value, dict):
        reordered = json.loads(json.dumps(dict(reversed(list(value.items()))), indent=2))
        assert canonical(reordered) == text
    assert sha256_hex(value) == sha256_hex(decode(text))


def test_canonical_text_is_compact_sorted_and_refuses_what_json_cannot_hold() -> None:
    assert canonical({"b": [1, {"d": None, "c": "é"}], "a": True}) == \
        '{"a":true,"b":[1,{"c":"é","d":null}]}'
    with pytest.raises(ValueError):
        canonical({"a": math.nan})

"""PlanService: every action is one undo step, refusals change nothing, edits reach the file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Hashable, Iterator
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import (
    CutoverError,
    CycleError,
    ReadOnlyPlanError,
    ValidationError,
)
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.model import (
    Anchor,
    CalendarDayKind,
    Dependency,
    OffsetUnit,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.services.plan_files import create_plan, memory_plan, open_plan
from cutover_desktop.services.planner import PlanService
from tests.conftest import GO_LIVE, TODAY, riverside

# Template task ids (the template numbers its tasks from 1 in file order).
SURVEY, ORDER_KIT, IDP, CHECK_1, FIXES, RECHECK = (TaskId(n) for n in (4, 5, 15, 17, 20, 21))
TRAINING, BACKUP, FDP_TASK, DMD, BGL_TASK = (TaskId(n) for n in (37, 40, 46, 54, 59))
# Added by set_up(): two tasks hanging from the IDP, one from the other.
LOAD_CHECK, LOAD_FIX = TaskId(78), TaskId(79)
PLT = date(2027, 2, 10)  # a closure day marked by set_up()


def set_up(service: PlanService) -> PlanService:
    """The template plus what real plans have: anchored tasks, a pin, waits and a closure."""
    service.add_task(service.new_task("Check the IDP load report", "Data checking",
                                      Anchor.task(IDP), 1))
    service.add_task(service.new_task("Fix load errors", "Data checking",
                                      Anchor.task(LOAD_CHECK), 2,
                                      offset_unit=OffsetUnit.WORKING_DAYS, duration_days=3),
                     predecessors=[SURVEY])
    service.pin_task(BACKUP, GO_LIVE - timedelta(days=6))
    service.add_dependency(FIXES, RECHECK)
    service.set_calendar_day(PLT, CalendarDayKind.CLOSURE, "Protected learning time")
    return service


@pytest.fixture
def plan() -> Iterator[PlanService]:
    service = set_up(memory_plan(riverside(), today=lambda: TODAY))
    yield service
    service.close()


@pytest.fixture
def file_plan(tmp_path: Path) -> Iterator[tuple[PlanService, Path]]:
    path = tmp_path / "riverside.cutover"
    service = set_up(create_plan(path, riverside(), today=lambda: TODAY))
    yield service, path
    service.close()


def snapshot(state: PlanState) -> tuple[Any, ...]:
    """Everything a person could see of a plan (dependencies compared as a set)."""
    assert len(set(state.dependencies)) == len(state.dependencies)
    tables: dict[str, dict[Hashable, object]] = {k: dict(v) for k, v in state.tables.items()}
    return (state.details, dict(state.tasks), frozenset(state.dependencies),
            dict(state.calendar_days), tables, dict(state.schedule.dates),
            state.schedule.issues)


def on_disk(path: Path) -> tuple[Any, ...]:
    """The plan as another reader of the file sees it now."""
    reader = open_plan(path, read_only=True, today=lambda: TODAY)
    try:
        return snapshot(reader.state)
    finally:
        reader.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _task(service: PlanService, task_id: TaskId) -> Task:
    return service.state.tasks[task_id]


# Every action a person can take, as (name, action).
Action = Callable[[PlanService], Changes]

ACTIONS: list[tuple[str, Action]] = [
    ("set_go_live", lambda s: s.set_go_live(date(2027, 4, 13))),
    ("set_key_date_rules", lambda s: s.set_key_date_rules(KeyDateRules(
        fdp_days_before_bgl=5, link_off_days_before_fdp=2, planning_days_before_fdp=35,
        read_only_days_after_bgl=90, support_days_after_bgl=120))),
    ("confirm_go_live", lambda s: s.confirm_go_live(TODAY)),
    ("update_details", lambda s: s.update_details(
        practice_name="Riverside Medical Centre", ods_code="b82002", old_supplier="Vision",
        new_supplier="EMIS Web", sites=["Main", " ", "Annex"])),
    ("set_calendar_day add", lambda s: s.set_calendar_day(
        date(2027, 3, 13), CalendarDayKind.EXTRA_WORKING, "Go-live Saturday")),
    ("set_calendar_day change", lambda s: s.set_calendar_day(
        PLT, CalendarDayKind.EXTRA_WORKING, "Catch-up day")),
    ("set_calendar_day clear", lambda s: s.set_calendar_day(PLT, None)),
    ("add_task with predecessors", lambda s: s.add_task(
        s.new_task("Ring the lab", "Final week", Anchor.key(KeyDate.FDP), -2,
                   owner_role="Practice Manager"), predecessors=[SURVEY, LOAD_FIX])),
    ("edit_task with predecessors", lambda s: s.edit_task(
        replace(_task(s, RECHECK), title="Recheck every selected record", duration_days=4),
        predecessors=[CHECK_1, LOAD_FIX])),
    ("edit_task anchor", lambda s: s.edit_task(
        replace(_task(s, RECHECK), anchor=Anchor.task(LOAD_FIX), offset=1))),
    ("update_task", lambda s: s.update_task(
        replace(_task(s, TRAINING), notes="Two sessions a day", owner_role="CSU Trainer"))),
    ("delete_tasks hung from, with dependencies", lambda s: s.delete_tasks([LOAD_CHECK])),
    ("delete_tasks waiting and waited for", lambda s: s.delete_tasks([FIXES, LOAD_FIX])),
    ("delete_tasks a task and the one hanging from it", lambda s: s.delete_tasks(
        [LOAD_CHECK, LOAD_FIX])),
    ("delete_tasks the anchor of a chain", lambda s: s.delete_tasks([IDP, LOAD_FIX])),
    ("move_task calendar days", lambda s: s.move_task(SURVEY, -3)),
    ("move_task working days", lambda s: s.move_task(LOAD_FIX, 4)),
    ("move_task pinned", lambda s: s.move_task(BACKUP, 2)),
    ("pin_task", lambda s: s.pin_task(DMD, GO_LIVE - timedelta(days=2))),
    ("unpin_task", lambda s: s.pin_task(BACKUP, None)),
    ("set_status bulk", lambda s: s.set_status([SURVEY, ORDER_KIT, IDP], TaskStatus.DONE)),
    ("set_status skipped", lambda s: s.set_status([ORDER_KIT], TaskStatus.SKIPPED,
                                                   "Kit already compatible")),
    ("add_dependency", lambda s: s.add_dependency(ORDER_KIT, CHECK_1)),
    ("remove_dependency", lambda s: s.remove_dependency(FIXES, RECHECK)),
]


@pytest.mark.parametrize(("name", "action"), ACTIONS, ids=[name for name, _ in ACTIONS])
def test_every_action_is_one_undo_step_and_redo_brings_it_back(
    plan: PlanService, name: str, action: Action
) -> None:
    before = snapshot(plan.state)
    label_before = plan.undo_status().undo_label
    changes = action(plan)
    after = snapshot(plan.state)
    assert changes, name
    assert after != before
    assert plan.undo_status().undo_label == changes.label
    assert plan.undo_status().redo_label is None

    undone = plan.undo()
    assert snapshot(plan.state) == before
    assert undone.label == f"Undo {changes.label}"
    assert plan.undo_status().undo_label == label_before  # one step, not several
    assert plan.undo_status().redo_label == changes.label

    plan.redo()
    assert snapshot(plan.state) == after
    assert plan.undo_status().undo_label == changes.label
    assert plan.undo_status().redo_label is None
    assert plan.verify_audit_chain().ok


@pytest.mark.slow  # a plan file written and reopened per case (about 4 s in all)
@pytest.mark.parametrize(("name", "action"), ACTIONS, ids=[name for name, _ in ACTIONS])
def test_every_action_its_undo_and_redo_reach_the_file(
    file_plan: tuple[PlanService, Path], name: str, action: Action
) -> None:
    service, path = file_plan
    before = snapshot(service.state)
    assert on_disk(path) == before
    action(service)
    after = snapshot(service.state)
    assert on_disk(path) == after
    service.undo()
    assert on_disk(path) == before
    service.redo()
    assert on_disk(path) == after
    service.close()
    reopened = open_plan(path, today=lambda: TODAY)
    try:
        assert snapshot(reopened.state) == after
        # Opening a file is not an edit: there is nothing to undo.
        assert reopened.undo_status().undo_label is None
        assert reopened.verify_audit_chain().ok
    finally:
        reopened.close()


def _refusals() -> list[tuple[str, Action, type[CutoverError]]]:
    def new(s: PlanService, **fields: Any) -> Task:
        base = {"title": "New task", "phase": "Lead-in"}
        base.update(fields)
        return s.new_task(**base)

    return [
        ("go-live before 2000", lambda s: s.set_go_live(date(1999, 12, 31)), ValidationError),
        ("go-live after 2099", lambda s: s.set_go_live(date(2100, 1, 5)), ValidationError),
        ("impossible rules", lambda s: s.set_key_date_rules(
            KeyDateRules(fdp_days_before_bgl=1)), ValidationError),
        ("confirmed in the future", lambda s: s.confirm_go_live(TODAY + timedelta(days=1)),
         ValidationError),
        ("bad ODS code", lambda s: s.update_details(ods_code="12345"), ValidationError),
        ("blank practice name", lambda s: s.update_details(practice_name="  "),
         ValidationError),
        ("unknown phase", lambda s: s.add_task(new(s, phase="Nowhere")), ValidationError),
        ("blank title", lambda s: s.add_task(new(s, title="  ")), ValidationError),
        ("existing id", lambda s: s.add_task(replace(new(s), id=SURVEY)), ValidationError),
        ("anchor task missing", lambda s: s.add_task(
            new(s, anchor=Anchor.task(TaskId(999)))), ValidationError),
        ("predecessor missing", lambda s: s.add_task(new(s), predecessors=[TaskId(999)]),
         ValidationError),
        ("zero duration", lambda s: s.add_task(new(s, duration_days=0)), ValidationError),
        ("skipped without reason", lambda s: s.add_task(new(s, status=TaskStatus.SKIPPED)),
         ValidationError),
        ("waits for itself", lambda s: s.edit_task(_task(s, SURVEY), predecessors=[SURVEY]),
         ValidationError),
        ("dependency loop by edit", lambda s: s.edit_task(_task(s, FIXES),
                                                          predecessors=[RECHECK]), CycleError),
        ("anchor loop", lambda s: s.edit_task(replace(_task(s, IDP),
                                                      anchor=Anchor.task(LOAD_FIX))),
         CycleError),
        ("dependency loop", lambda s: s.add_dependency(RECHECK, FIXES), CycleError),
        ("dependency on itself", lambda s: s.add_dependency(SURVEY, SURVEY), ValidationError),
        ("dependency on a missing task", lambda s: s.add_dependency(SURVEY, TaskId(999)),
         ValidationError),
        ("edit a deleted task", lambda s: s.update_task(replace(_task(s, SURVEY),
                                                                id=TaskId(999))),
         ValidationError),
        ("move too far", lambda s: s.move_task(SURVEY, 2000), ValidationError),
        ("move a missing task", lambda s: s.move_task(TaskId(999), 1), ValidationError),
        ("pin a missing task", lambda s: s.pin_task(TaskId(999), GO_LIVE), ValidationError),
        ("skip without reason", lambda s: s.set_status([SURVEY], TaskStatus.SKIPPED, " "),
         ValidationError),
        ("status of a missing task", lambda s: s.set_status([SURVEY, TaskId(999)],
                                                            TaskStatus.DONE), ValidationError),
    ]


REFUSALS = _refusals()


@pytest.mark.slow  # a plan file written and reopened per case (about 4 s in all)
@pytest.mark.parametrize(("name", "action", "error"), REFUSALS,
                         ids=[name for name, _, _ in REFUSALS])
def test_a_refused_action_changes_nothing_and_adds_no_undo_step(
    file_plan: tuple[PlanService, Path], name: str, action: Action,
    error: type[CutoverError]
) -> None:
    service, path = file_plan
    before, status, file_before = snapshot(service.state), service.undo_status(), digest(path)
    entries = service.verify_audit_chain().entries
    with pytest.raises(error) as refused:
        action(service)
    assert refused.value.message.strip().endswith(".")
    assert snapshot(service.state) == before
    assert service.undo_status() == status
    assert digest(path) == file_before
    assert service.verify_audit_chain().entries == entries


def test_a_loop_refusal_names_the_tasks(plan: PlanService) -> None:
    with pytest.raises(CycleError) as refused:
        plan.add_dependency(RECHECK, FIXES)
    assert set(refused.value.titles) == {_task(plan, FIXES).title, _task(plan, RECHECK).title}


@pytest.mark.parametrize("action", [
    lambda s: s.set_go_live(GO_LIVE),
    lambda s: s.set_key_date_rules(s.details.rules),
    lambda s: s.update_details(practice_name=s.details.practice_name),
    lambda s: s.set_calendar_day(date(2027, 1, 6), None),
    lambda s: s.delete_tasks([TaskId(999)]),
    lambda s: s.move_task(SURVEY, 0),
    lambda s: s.pin_task(SURVEY, None),
    lambda s: s.set_status([SURVEY], TaskStatus.NOT_STARTED),
    lambda s: s.add_dependency(FIXES, RECHECK),
    lambda s: s.remove_dependency(ORDER_KIT, CHECK_1),
    lambda s: s.edit_task(_task(s, SURVEY)),
])
def test_an_action_that_changes_nothing_adds_no_undo_step(
    plan: PlanService, action: Action
) -> None:
    before, status = snapshot(plan.state), plan.undo_status()
    assert not action(plan)
    assert snapshot(plan.state) == before
    assert plan.undo_status() == status


def test_undo_and_redo_with_nothing_to_do_change_nothing() -> None:
    service = memory_plan(riverside(), today=lambda: TODAY)
    before = snapshot(service.state)
    assert not service.undo()
    assert not service.redo()
    assert snapshot(service.state) == before
    service.close()


def test_a_new_edit_after_undo_drops_the_redo(plan: PlanService) -> None:
    plan.move_task(SURVEY, 1)
    plan.undo()
    assert plan.undo_status().redo_label is not None
    plan.move_task(SURVEY, 2)
    assert plan.undo_status().redo_label is None
    assert not plan.redo()


def test_many_steps_undo_back_to_the_start_in_order(plan: PlanService) -> None:
    states = [snapshot(plan.state)]
    for _, action in ACTIONS[:8]:
        action(plan)
        states.append(snapshot(plan.state))
    for expected in reversed(states[:-1]):
        plan.undo()
        assert snapshot(plan.state) == expected
    for expected in states[1:]:
        plan.redo()
        assert snapshot(plan.state) == expected


# What the actions do

def test_changing_go_live_moves_every_anchored_task_in_one_step(plan: PlanService) -> None:
    before = dict(plan.schedule().dates)
    plan.set_go_live(GO_LIVE + timedelta(days=21))  # Tue 6 Apr, clear of Easter
    after = plan.schedule().dates
    calendar = plan.state.calendar

    def working_days_to(start: date, bgl: date) -> int:
        return calendar.working_days_between(start, bgl - timedelta(days=1))

    # Template offsets are working days: each task keeps its working-day distance to BGL.
    for task_id in (SURVEY, IDP, BGL_TASK, RECHECK):
        assert working_days_to(before[task_id].start, GO_LIVE) == \
            working_days_to(after[task_id].start, GO_LIVE + timedelta(days=21)), task_id
    assert (after[FDP_TASK].start - before[FDP_TASK].start).days == 21  # calendar days
    assert after[LOAD_CHECK].start - before[LOAD_CHECK].start == \
        after[IDP].end - before[IDP].end  # it hangs from the IDP
    # The working-day task hanging from the chain moves by two weeks of working days.
    assert after[LOAD_FIX].start > before[LOAD_FIX].start
    assert after[BACKUP] == before[BACKUP]  # pinned: it stays
    plan.undo()
    assert plan.schedule().dates == before


def test_moving_go_live_reports_a_pinned_task_that_no_longer_fits(plan: PlanService) -> None:
    plan.set_go_live(GO_LIVE - timedelta(days=7))
    placement = [f for f in plan.findings() if f.code == "PLACEMENT"]
    assert [f.task_id for f in placement] == [BACKUP]
    assert _task(plan, BACKUP).title in placement[0].message


def test_moving_go_live_clears_the_reconfirmation(plan: PlanService) -> None:
    plan.confirm_go_live(TODAY)
    plan.set_go_live(GO_LIVE + timedelta(days=7))
    assert plan.details.go_live_confirmed_on is None
    plan.undo()
    assert plan.details.go_live_confirmed_on == TODAY


def test_deleting_a_task_others_hang_from_keeps_their_dates(plan: PlanService) -> None:
    before = dict(plan.schedule().dates)
    plan.delete_tasks([LOAD_CHECK])
    assert LOAD_CHECK not in plan.state.tasks
    assert plan.schedule().dates[LOAD_FIX].start == before[LOAD_FIX].start
    assert _task(plan, LOAD_FIX).anchor == Anchor.key(KeyDate.BGL)
    assert all(LOAD_CHECK not in (d.predecessor, d.successor) for d in plan.state.dependencies)


def test_a_working_day_task_rehung_from_go_live_still_counts_working_days(
        plan: PlanService) -> None:
    plan.delete_tasks([LOAD_CHECK])
    assert _task(plan, LOAD_FIX).offset_unit is OffsetUnit.WORKING_DAYS
    calendar = plan.state.calendar
    for go_live in (GO_LIVE + timedelta(days=2), GO_LIVE + timedelta(days=7)):
        plan.set_go_live(go_live)
        assert calendar.is_working_day(plan.schedule().dates[LOAD_FIX].start), go_live


def test_a_dependency_pushes_a_task_and_says_which(plan: PlanService) -> None:
    plan.add_dependency(TRAINING, SURVEY)
    placed = plan.schedule().dates[SURVEY]
    assert placed.start == plan.schedule().dates[TRAINING].end
    assert placed.pushed_by == TRAINING


def test_moving_a_working_day_task_counts_working_days(plan: PlanService) -> None:
    offset = _task(plan, LOAD_FIX).offset
    start = plan.schedule().dates[LOAD_FIX].start
    assert start == date(2027, 2, 4)
    # A calendar week later: five weekdays, less the closure day on Wed 10 Feb.
    plan.move_task(LOAD_FIX, 7)
    assert _task(plan, LOAD_FIX).offset == offset + 4
    assert plan.schedule().dates[LOAD_FIX].start == start + timedelta(days=7)


def test_moving_a_pinned_task_moves_its_pin(plan: PlanService) -> None:
    pinned = _task(plan, BACKUP).pinned_date
    assert pinned is not None
    plan.move_task(BACKUP, -2)
    assert _task(plan, BACKUP).pinned_date == pinned - timedelta(days=2)
    assert plan.schedule().dates[BACKUP].start == pinned - timedelta(days=2)


def test_pinning_and_unpinning_keep_the_task_where_it_is(plan: PlanService) -> None:
    # The survey waits for nothing, so only its pin decides where it goes.
    assert _task(plan, SURVEY).offset_unit is OffsetUnit.WORKING_DAYS
    working_day = GO_LIVE - timedelta(days=82)  # Thu 24 Dec 2026
    plan.pin_task(SURVEY, working_day)
    assert _task(plan, SURVEY).offset_unit is OffsetUnit.WORKING_DAYS
    plan.pin_task(SURVEY, None)
    assert plan.schedule().dates[SURVEY].start == working_day
    assert _task(plan, SURVEY).offset_unit is OffsetUnit.WORKING_DAYS
    # Sat 26 Dec is closed: only a calendar-day offset keeps the task on it once unpinned.
    day = GO_LIVE - timedelta(days=80)
    plan.pin_task(SURVEY, day)
    assert plan.schedule().dates[SURVEY].start == day
    plan.pin_task(SURVEY, None)
    assert not _task(plan, SURVEY).is_pinned
    assert plan.schedule().dates[SURVEY].start == day
    assert _task(plan, SURVEY).offset_unit is OffsetUnit.CALENDAR_DAYS
    plan.set_go_live(GO_LIVE + timedelta(days=7))
    assert plan.schedule().dates[SURVEY].start == day + timedelta(days=7)


def test_pinning_and_unpinning_template_tasks_leaves_them_moving_in_working_days() -> None:
    """Pin each working-day template task to its own day and unpin it: moving go-live then
    places every task exactly as in a plan nobody pinned, never on a closed day."""
    pinned = memory_plan(riverside(), today=lambda: TODAY)
    untouched = memory_plan(riverside(), today=lambda: TODAY)
    working = [t.id for t in pinned.state.tasks.values()
               if t.offset_unit is OffsetUnit.WORKING_DAYS]
    assert len(working) == 75
    for task_id in working:
        pinned.pin_task(task_id, pinned.schedule().dates[task_id].start)
        pinned.pin_task(task_id, None)
    assert all(_task(pinned, t).offset_unit is OffsetUnit.WORKING_DAYS for t in working)
    assert pinned.schedule().dates == untouched.schedule().dates
    calendar = pinned.state.calendar
    # Thu 18 Mar (the reviewer's), a week later, and the week after Easter 2027.
    for go_live in (date(2027, 3, 18), GO_LIVE + timedelta(days=7), date(2027, 3, 30)):
        pinned.set_go_live(go_live)
        untouched.set_go_live(go_live)
        dates = pinned.schedule().dates
        closed = [(t, dates[t].start) for t in working
                  if not calendar.is_working_day(dates[t].start)]
        assert closed == [], go_live
        assert dates == untouched.schedule().dates, go_live
    pinned.close()
    untouched.close()


def test_bulk_status_is_one_step_over_every_task(plan: PlanService) -> None:
    changes = plan.set_status([SURVEY, ORDER_KIT, IDP], TaskStatus.DONE)
    assert changes.task_ids == {SURVEY, ORDER_KIT, IDP}
    assert "3 tasks" in changes.label
    assert all(_task(plan, t).status is TaskStatus.DONE for t in (SURVEY, ORDER_KIT, IDP))
    plan.undo()
    assert all(_task(plan, t).status is TaskStatus.NOT_STARTED
               for t in (SURVEY, ORDER_KIT, IDP))


def test_changes_say_what_kind_of_thing_changed(plan: PlanService) -> None:
    assert plan.set_go_live(GO_LIVE + timedelta(days=7)).kinds == {"plan"}
    moved = plan.move_task(SURVEY, 1)
    assert moved.kinds == {"task"} and moved.task_ids == {SURVEY}
    assert plan.add_dependency(ORDER_KIT, CHECK_1).kinds == {"dependency"}
    assert plan.set_calendar_day(date(2027, 1, 6), CalendarDayKind.CLOSURE).kinds == \
        {"calendar_day"}


def test_a_read_only_plan_refuses_edits_and_has_no_undo(plan_file: Path) -> None:
    before = digest(plan_file)
    service = open_plan(plan_file, read_only=True, today=lambda: TODAY)
    try:
        state = snapshot(service.state)
        assert service.read_only
        for action in (lambda s: s.set_go_live(date(2027, 4, 13)),
                       lambda s: s.move_task(SURVEY, 1),
                       lambda s: s.set_status([SURVEY], TaskStatus.DONE)):
            with pytest.raises(ReadOnlyPlanError, match="read-only"):
                action(service)
        assert snapshot(service.state) == state
        assert service.undo_status().undo_label is None
    finally:
        service.close()
    assert digest(plan_file) == before


def test_new_task_takes_the_next_free_number_and_position(plan: PlanService) -> None:
    task = plan.new_task("  Extra  ", "Close")
    assert task.id == TaskId(80)
    assert task.title == "Extra"
    assert task.position > max(t.position for t in plan.state.tasks.values() if t.id != 80)
    assert task.id not in plan.state.tasks


# Properties

@pytest.fixture(scope="module")
def shared_plan() -> Iterator[PlanService]:
    service = set_up(memory_plan(riverside(), today=lambda: TODAY))
    yield service
    service.close()


@settings(max_examples=25, deadline=None)
@given(go_live=st.dates(min_value=date(2000, 6, 1), max_value=date(2099, 6, 1)))
def test_moving_go_live_and_back_restores_every_date(
    shared_plan: PlanService, go_live: date
) -> None:
    start = snapshot(shared_plan.state)
    if go_live == shared_plan.details.go_live:
        return
    shared_plan.set_go_live(go_live)
    assert shared_plan.schedule().key_dates[KeyDate.BGL] == go_live
    shared_plan.set_go_live(GO_LIVE)
    assert snapshot(shared_plan.state) == start
    shared_plan.set_go_live(go_live)
    shared_plan.undo()
    assert snapshot(shared_plan.state) == start


@settings(max_examples=20, deadline=None)
@given(steps=st.lists(st.sampled_from(range(len(ACTIONS))), min_size=1, max_size=6))
def test_any_sequence_of_actions_undoes_to_the_start(steps: list[int]) -> None:
    service = set_up(memory_plan(riverside(), today=lambda: TODAY))
    try:
        start = snapshot(service.state)
        done = 0
        for index in steps:
            try:
                if ACTIONS[index][1](service):
                    done += 1
            except CutoverError:
                pass  # an earlier step may have made this one impossible
        for _ in range(done):
            service.undo()
        assert snapshot(service.state) == start
    finally:
        service.close()


def test_dependencies_are_kept_once_each(plan: PlanService) -> None:
    plan.remove_dependency(FIXES, RECHECK)
    plan.undo()
    plan.undo()
    plan.redo()
    plan.redo()
    assert plan.state.dependencies.count(Dependency(FIXES, RECHECK)) == 0
    plan.undo()
    assert plan.state.dependencies.count(Dependency(FIXES, RECHECK)) == 1


@pytest.mark.parametrize("go_live", [date(1999, 12, 31), date(2100, 1, 1)])
def test_a_new_plan_needs_a_go_live_the_plan_could_later_be_moved_to(
    tmp_path: Path, go_live: date
) -> None:
    with pytest.raises(ValidationError, match="between 2000 and 2099") as refused:
        create_plan(tmp_path / "plan.cutover", riverside(go_live))
    assert refused.value.field == "go_live"
    assert list(tmp_path.iterdir()) == []

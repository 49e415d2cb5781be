"""StaffService: every action is one undo step, and a refusal changes nothing."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, time
from pathlib import Path
from typing import Any

import pytest

from cutover_desktop.domain.absences import AbsenceKind
from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff import CoverDay, CoverNeed, Person
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
from cutover_desktop.services.plan_files import open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService, staff_summary

TGL = date(2027, 3, 15)
KINDS = ("staff", "working_pattern", "absence", "assignment", "cover_need")


def snapshot(service: PlanService) -> dict[str, dict[Any, object]]:
    return {kind: dict(service.state.table(kind)) for kind in KINDS}


@pytest.fixture
def staff(service: PlanService) -> StaffService:
    return StaffService(service)


def add(staff: StaffService, name: str = "Anna Patel", role: str = "Practice manager",
        days: tuple[int, ...] = (0, 1, 2, 3, 4), **fields: Any) -> Person:
    person = staff.new_person(name, role, **fields)
    staff.add_person(person, WorkingPattern(person.id, None, weekday_shifts(days)))
    return staff.person(person.id)


def tgl_task(service: PlanService) -> TaskId:
    return next(t.id for t in service.state.tasks.values() if "tgl" in t.tags)


def undoable(service: PlanService, action: Callable[[], Changes]) -> Changes:
    """Run an action and check it is one undo step that undo and redo reverse exactly."""
    before = snapshot(service)
    changes = action()
    assert changes
    after = snapshot(service)
    assert after != before
    assert service.undo_status().undo_label == changes.label
    service.undo()
    assert snapshot(service) == before
    service.redo()
    assert snapshot(service) == after
    return changes


def refused(service: PlanService, action: Callable[[], object], match: str,
            field: str | None = None) -> None:
    before = snapshot(service)
    label = service.undo_status().undo_label
    with pytest.raises(ValidationError, match=match) as caught:
        action()
    if field is not None:
        assert caught.value.field == field
    assert snapshot(service) == before
    assert service.undo_status().undo_label == label


def test_adding_a_person_adds_their_pattern_in_one_step(service, staff) -> None:
    person = staff.new_person("  Anna   Patel ", "practice MANAGER")
    changes = undoable(service, lambda: staff.add_person(person))
    assert changes.label == "Add Anna Patel to the staff"
    [anna] = staff.people()
    assert (anna.name, anna.role) == ("Anna Patel", "Practice manager")
    [pattern] = staff.patterns_of(anna.id)
    assert pattern.summary() == "Mon–Fri 09:00–17:00"


def test_a_name_is_used_once_and_a_person_needs_a_role(service, staff) -> None:
    add(staff)
    refused(service, lambda: staff.add_person(staff.new_person("anna patel", "GP")),
            "already in the staff register", "name")
    refused(service, lambda: staff.add_person(staff.new_person("Bob", " ")), "role", "role")


def test_changing_and_removing_a_person(service, staff) -> None:
    anna = add(staff)
    undoable(service, lambda: staff.update_person(replace(anna, trained_on=date(2027, 3, 1),
                                                          organisation=Organisation.CSU)))
    assert staff.person(anna.id).organisation is Organisation.CSU
    staff.add_absence(staff.new_absence(anna.id, kind=AbsenceKind.TRAINING, first=TGL,
                                        last=TGL))
    staff.assign(tgl_task(service), anna.id)
    changes = undoable(service, lambda: staff.delete_person(anna.id))
    assert {item.kind for item in changes.items} == {"staff", "working_pattern", "absence",
                                                    "assignment"}
    service.undo()
    refused(service, lambda: staff.update_person(replace(anna, name="")), "name", "name")


def test_a_pattern_can_change_from_a_date_and_the_last_one_cannot_go(service, staff) -> None:
    anna = add(staff)
    later = WorkingPattern(anna.id, date(2027, 3, 8), weekday_shifts((1, 3), time(8, 30),
                                                                     time(13)))
    changes = undoable(service, lambda: staff.set_pattern(later))
    assert "from Mon 8 Mar 2027" in changes.label
    assert len(staff.patterns_of(anna.id)) == 2
    moved = replace(later, valid_from=date(2027, 3, 10))
    undoable(service, lambda: staff.move_pattern(later, moved))
    undoable(service, lambda: staff.remove_pattern(anna.id, None))
    refused(service, lambda: staff.remove_pattern(anna.id, moved.valid_from),
            "needs a working pattern")
    refused(service, lambda: staff.set_pattern(replace(moved, shifts=weekday_shifts(
        (1,), time(13), time(9)))), "finishing time", "shifts")


def test_absences_are_booked_changed_and_cancelled(service, staff) -> None:
    anna = add(staff)
    leave = staff.new_absence(anna.id, kind=AbsenceKind.ANNUAL_LEAVE, first=TGL, last=TGL)
    changes = undoable(service, lambda: staff.add_absence(leave))
    assert changes.label == "Book annual leave for Anna Patel"
    undoable(service, lambda: staff.update_absence(replace(leave, last=date(2027, 3, 17))))
    refused(service, lambda: staff.add_absence(staff.new_absence(
        anna.id, kind=AbsenceKind.SICKNESS, first=date(2027, 3, 16), last=date(2027, 3, 16))),
        "already away", "first")
    # A part day that does not overlap another part day is fine.
    morning = staff.new_absence(anna.id, kind=AbsenceKind.TRAINING, first=date(2027, 4, 1),
                                last=date(2027, 4, 1), start_time=time(9), end_time=time(12))
    staff.add_absence(morning)
    staff.add_absence(staff.new_absence(anna.id, kind=AbsenceKind.OTHER, first=date(2027, 4, 1),
                                        last=date(2027, 4, 1), start_time=time(13),
                                        end_time=time(15)))
    refused(service, lambda: staff.add_absence(staff.new_absence(
        anna.id, kind=AbsenceKind.OTHER, first=TGL, last=date(2027, 3, 1))), "before", "last")
    undoable(service, lambda: staff.delete_absences([leave.id, morning.id]))


def test_assignments_and_their_hours(service, staff) -> None:
    anna = add(staff)
    task = tgl_task(service)
    changes = undoable(service, lambda: staff.assign(task, anna.id))
    assert changes.label.startswith("Assign Anna Patel to “Technical Go Live")
    undoable(service, lambda: staff.assign(task, anna.id, 90))
    assert staff.assignments_for_task(task)[0].minutes == 90
    undoable(service, lambda: staff.unassign(task, anna.id))
    refused(service, lambda: staff.assign(task, anna.id, 0), "more than 0", "minutes")
    refused(service, lambda: staff.assign(TaskId(9999), anna.id), "no longer in the plan")
    bob = add(staff, "Bob Jones", "GP")
    undoable(service, lambda: staff.set_assignees(task, [(bob.id, None), (anna.id, 60)]))
    assert {a.person_id for a in staff.assignments_for_task(task)} == {anna.id, bob.id}


def test_deleting_a_task_removes_its_assignments_in_the_same_undo_step(service, staff) -> None:
    anna = add(staff)
    task = tgl_task(service)
    staff.assign(task, anna.id)
    changes = undoable(service, lambda: service.delete_tasks([task]))
    assert "assignment" in changes.kinds and "task" in changes.kinds
    service.undo()
    assert staff.assignments_for_task(task) and task in service.state.tasks


def test_cover_needs_are_edited_as_one_step(service, staff) -> None:
    needs = staff.cover_needs()
    assert CoverNeed(CoverDay.BGL, "Trainer") in needs
    wanted = [n for n in needs if n.role != "Trainer"] + [CoverNeed(CoverDay.TGL, "gp", 2)]
    undoable(service, lambda: staff.set_cover_needs(wanted))
    assert CoverNeed(CoverDay.TGL, "GP", 2) in staff.cover_needs()
    refused(service, lambda: staff.set_cover_needs([CoverNeed(CoverDay.TGL, "GP"),
                                                    CoverNeed(CoverDay.TGL, "gp")]), "twice")


def test_the_conflict_from_leave_on_tgl_reaches_the_findings_and_undo_removes_it(
        service, staff) -> None:
    anna = add(staff)
    staff.add_absence(staff.new_absence(anna.id, kind=AbsenceKind.ANNUAL_LEAVE, first=TGL,
                                        last=TGL))
    task = tgl_task(service)
    staff.assign(task, anna.id)
    [found] = [f for f in service.findings() if f.code == "STAFF_ABSENT"]
    assert (found.subject, found.day, found.task_id) == ("Anna Patel", TGL, task)
    service.undo()
    assert [f for f in service.findings() if f.code == "STAFF_ABSENT"] == []


def test_staff_edits_reach_the_file(plan_file: Path) -> None:
    service = open_plan(plan_file)
    try:
        staff = StaffService(service)
        anna = add(staff)
        staff.assign(tgl_task(service), anna.id, 30)
    finally:
        service.close()
    again = open_plan(plan_file, read_only=True)
    try:
        staff = StaffService(again)
        assert [p.name for p in staff.people()] == ["Anna Patel"]
        assert staff.assignments_for_person(anna.id)[0].minutes == 30
        assert staff_summary(again)[0].startswith("Staff: 1 (1 practice)")
    finally:
        again.close()


def test_the_default_window_and_coverage(service, staff) -> None:
    add(staff)
    first, last = staff.default_window()
    keys = service.schedule().key_dates
    assert (keys[KeyDate.FDP] - first).days == 14 and (last - keys[KeyDate.BGL]).days == 14
    grid = staff.coverage(first, last)
    assert len(grid.rows) == 1 and len(grid.days) == (last - first).days + 1

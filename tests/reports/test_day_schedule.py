"""Day schedule content, Qt-free: which tasks fall on a day, for everyone and for one person."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff import Assignment
from cutover_desktop.reports.day_schedule import day_facts, person_entries, tasks_on_day
from cutover_desktop.reports.staff_info import staff_info_of
from cutover_desktop.services.planner import PlanService
from tests.conftest import GO_LIVE
from tests.printing.plans import staff_plan


def test_timed_tasks_come_first_in_time_order(service: PlanService) -> None:
    # The day after go-live: its template tasks have no times of their own.
    day = GO_LIVE + timedelta(days=1)
    tasks = [t for t in service.state.tasks.values() if service.schedule().dates[t.id].start
             == day][:3]
    assert len(tasks) == 3 and all(t.start_time is None for t in tasks)
    for task, hour in zip(tasks, (15, 9), strict=False):
        service.update_task(task.with_changes(start_time=time(hour, 0)))
    entries = tasks_on_day(service.state, day)
    timed = [e.task.start_time for e in entries if e.timed]
    # Ours among the go-live days' timed tasks that run on into this day, in time order.
    assert time(9, 0) in timed and time(15, 0) in timed
    assert timed == sorted(t for t in timed if t is not None)
    count = len(timed)
    assert all(e.timed for e in entries[:count]) and not any(e.timed for e in entries[count:])


def test_a_person_is_on_a_long_task_only_on_the_days_they_work(service: PlanService) -> None:
    ids = staff_plan(service)
    monday = GO_LIVE + timedelta(days=13)  # Mon 29 Mar 2027; Jo works Tuesdays and Thursdays
    assert monday.weekday() == 0
    task = service.new_task("Week-long recheck", "Post go-live", pinned_date=monday,
                            offset=(monday - GO_LIVE).days, duration_days=5)
    service.add_task(task)
    service.apply(Changes("Assign Jo", (EntityChange(None, Assignment(task.id,
                                                                        ids["Jo Brennan"])),)))
    staff = staff_info_of(service.state)
    on = {day for day in (monday + timedelta(days=n) for n in range(5))
          if any(e.task.id == task.id
                 for e in person_entries(service.state, day, staff, "Jo Brennan"))}
    assert on == {monday + timedelta(days=1), monday + timedelta(days=3)}
    # For everyone, the task is on every day it lasts.
    assert all(any(e.task.id == task.id for e in tasks_on_day(service.state, d))
               for d in (monday + timedelta(days=n) for n in range(5)))


def test_the_day_says_what_kind_of_day_it_is(service: PlanService) -> None:
    assert ("Key date", "Business Go Live (BGL)") in day_facts(service.state, GO_LIVE)
    good_friday = date(2027, 3, 26)
    facts = dict(day_facts(service.state, good_friday))
    assert facts["Not a working day"] == "A bank holiday, Good Friday"
    assert facts["Day"] == "BGL+10"


def _person_headings(service: PlanService, person: str) -> list[tuple[date, str]]:
    from cutover_desktop.reports.day_schedule import cutover_fortnight, person_schedule
    from cutover_desktop.reports.document import GroupRow, PageFrame, Table

    first, last = cutover_fortnight(service.state)
    frame = PageFrame("Riverside", "riverside.cutover", datetime(2026, 11, 28, 9, 0))
    report = person_schedule(service.state, frame, person, first, last,
                             staff_info_of(service.state))
    [table] = [block for block in report.blocks if isinstance(block, Table)]
    found = []
    for row in table.rows:
        if isinstance(row, GroupRow):
            day = next(first + timedelta(days=n) for n in range((last - first).days + 1)
                       if row.title.startswith(f"{first + timedelta(days=n):%a} "
                                               f"{(first + timedelta(days=n)).day} "))
            found.append((day, row.detail))
    return found


def weekdays_only(days: list[date], service: PlanService, staff) -> list[date]:
    """The days shown that have no task for Jo: these must all be weekdays."""
    return [day for day in days if not person_entries(service.state, day, staff, "Jo Brennan")]


def test_the_fortnight_runs_monday_to_friday_with_every_weekday(service: PlanService) -> None:
    from cutover_desktop.reports.day_schedule import cutover_fortnight

    staff_plan(service)
    first, last = cutover_fortnight(service.state)
    assert first.weekday() == 0 and last.weekday() == 6
    headings = _person_headings(service, "Jo Brennan")
    days = [day for day, _ in headings]
    staff = staff_info_of(service.state)
    expected = [day for day in (first + timedelta(days=n) for n in range((last - first).days + 1))
                if day.weekday() < 5
                or person_entries(service.state, day, staff, "Jo Brennan")]
    assert days == expected  # weekends only where Jo has work; she has no weekend shifts
    assert all(day.weekday() < 5 for day in weekdays_only(days, service, staff))
    detail = dict(headings)
    tgl = service.schedule().key_dates[KeyDate.TGL]
    assert "off this day: Annual leave" in detail[tgl]  # leave shows
    wednesday = tgl + timedelta(days=2 - tgl.weekday())
    assert "does not work Wednesdays" in detail[wednesday]  # her rota shows
    tuesday = wednesday - timedelta(days=1)
    assert "08:30–13:00" in detail[tuesday]
    assert any("no tasks" in text for text in detail.values())  # days without tasks show


def test_the_fortnight_shows_part_days_and_weekends_worked(service: PlanService) -> None:
    from cutover_desktop.domain.absences import AbsenceKind
    from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
    from cutover_desktop.services.staff import StaffService

    ids = staff_plan(service)
    staff = StaffService(service)
    saturday = service.schedule().key_dates[KeyDate.TGL] - timedelta(days=2)
    assert saturday.weekday() == 5
    staff.set_pattern(WorkingPattern(ids["Sam Okafor"], None,
                                     weekday_shifts(range(6), time(9), time(17))))
    tuesday = saturday + timedelta(days=3)
    staff.add_absence(staff.new_absence(ids["Sam Okafor"], kind=AbsenceKind.TRAINING,
                                        first=tuesday, last=tuesday, start_time=time(13),
                                        end_time=time(17)))
    detail = dict(_person_headings(service, "Sam Okafor"))
    assert saturday in detail and "09:00–17:00" in detail[saturday]
    assert saturday + timedelta(days=1) not in detail  # Sunday: not worked
    assert "training 13:00–17:00" in detail[tuesday]

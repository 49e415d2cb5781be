"""Staff availability and conflicts: each rule fires when it should and stays quiet otherwise."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.absences import Absence, AbsenceKind, parse_absence_kind
from cutover_desktop.domain.availability import DayState
from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.coverage import Row, build_coverage, default_window
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.model import (
    Anchor,
    CalendarDay,
    CalendarDayKind,
    PlanDetails,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.staff import (
    DEFAULT_COVER_NEEDS,
    Assignment,
    CoverDay,
    CoverNeed,
    Person,
)
from cutover_desktop.domain.staff_roles import (
    Organisation,
    canonical_role,
    parse_organisation,
    role_meets,
)
from cutover_desktop.domain.staff_rules import assignment_cleanup, staff_conflicts
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.domain.working_hours import (
    Shift,
    WorkingPattern,
    hours_text,
    parse_weekdays,
    pattern_summary,
    weekday_shifts,
)
from cutover_desktop.services.plan_files import default_template, template_tasks

TEMPLATE = default_template()
TASKS = {task.id: task for task in template_tasks(TEMPLATE)}
BY_KEY = {task.template_key: task for task in TASKS.values()}
BGL = date(2027, 3, 16)  # Tuesday
TGL = date(2027, 3, 15)
FDP = date(2027, 3, 12)
TODAY = date(2026, 11, 28)
MON_FRI = (0, 1, 2, 3, 4)

_ids = iter(range(1000, 100000))


def base(rules: KeyDateRules | None = None, closures: tuple[date, ...] = (),
         needs: tuple[CoverNeed, ...] = DEFAULT_COVER_NEEDS,
         tasks: dict[TaskId, Task] | None = None) -> PlanState:
    details = PlanDetails(practice_name="Riverside Surgery", ods_code="A81001", go_live=BGL,
                          rules=rules or KeyDateRules(), phases=TEMPLATE.phases)
    days = {day: CalendarDay(day, CalendarDayKind.CLOSURE) for day in closures}
    tables = {"cover_need": {(n.day.value, n.role): n for n in needs}}
    return PlanState(details, dict(TASKS if tasks is None else tasks), (), days, tables)


def add(state: PlanState, *entities: object) -> PlanState:
    return state.with_changes([EntityChange(None, e) for e in entities])


def person(name: str, role: str = "Receptionist", days: tuple[int, ...] = MON_FRI,
           start: time = time(8, 0), end: time = time(18, 30),
           organisation: Organisation = Organisation.PRACTICE, **fields: object
           ) -> tuple[Person, WorkingPattern]:
    pid = PersonId(next(_ids))
    who = Person(pid, name, role, organisation, **fields)  # type: ignore[arg-type]
    return who, WorkingPattern(pid, None, weekday_shifts(days, start, end))


def leave(who: Person, first: date, last: date | None = None,
          kind: AbsenceKind = AbsenceKind.ANNUAL_LEAVE, start: time | None = None,
          end: time | None = None) -> Absence:
    return Absence(AbsenceId(next(_ids)), who.id, kind, first, last or first, start, end)


def task_on(day: date, title: str = "Go-live job", start: time | None = None,
            end: time | None = None, duration: int = 1, phase: str = "Business Go Live",
            status: TaskStatus = TaskStatus.NOT_STARTED) -> Task:
    return Task(TaskId(next(_ids)), title, phase, Anchor.key(KeyDate.BGL), (day - BGL).days,
                duration_days=duration, start_time=start, end_time=end, status=status)


def full_cover(state: PlanState) -> PlanState:
    """A practice manager, a GP, a receptionist and a trainer, all working Monday to Friday,
    trained and with smartcards: the key days are covered."""
    ready = {"trained_on": date(2027, 3, 1), "smartcard_on": date(2027, 3, 1)}
    for name, role in (("Pat Manager", "Practice manager"), ("Gina Doctor", "GP"),
                       ("Rita Desk", "Receptionist"), ("Tom Trainer", "CSU trainer"),
                       ("Pam Project", "Project manager")):
        state = add(state, *person(name, role, **ready))
    return state


def findings(state: PlanState, code: str | None = None) -> list[Finding]:
    found = [f for f in state.findings(TODAY)
             if f.code not in ("TASK_OVERDUE", "BGL_QOF_YEAR_END")]
    return [f for f in found if code is None or f.code == code]


def row_of(state: PlanState, who: Person, first: date, last: date) -> Row:
    return next(r for r in build_coverage(state, first, last).rows if r.person.id == who.id)


def conflict_days(state: PlanState, code: str) -> list[date]:
    return [c.day for c in staff_conflicts(state) if c.code == code]


# Values and parsing


def test_weekdays_read_as_people_write_them() -> None:
    assert parse_weekdays("Mon Tue Thu") == (0, 1, 3)
    assert parse_weekdays("monday, Wednesday") == (0, 2)
    assert parse_weekdays("Mon-Fri") == MON_FRI
    assert parse_weekdays("") == MON_FRI
    with pytest.raises(ValidationError, match="Funday"):
        parse_weekdays("Mon Funday")


def test_patterns_read_briefly() -> None:
    assert pattern_summary(weekday_shifts(MON_FRI)) == "Mon–Fri 09:00–17:00"
    assert pattern_summary(weekday_shifts((1, 3), time(8, 30), time(13))) == \
        "Tue, Thu 08:30–13:00"
    mixed = (Shift(0, time(8), time(18, 30)), Shift(1, time(8, 30), time(13)))
    assert pattern_summary(mixed) == "Mon 08:00–18:30; Tue 08:30–13:00"
    assert pattern_summary(()) == "No working days"


def test_roles_organisations_and_kinds_are_matched_loosely() -> None:
    assert canonical_role("  practice   MANAGER ") == "Practice manager"
    assert canonical_role("Phlebotomist") == "Phlebotomist"
    assert role_meets("Clinician", "Nurse") and not role_meets("Clinician", "Receptionist")
    assert role_meets("Trainer", "Supplier trainer")
    assert parse_organisation("new-supplier") is Organisation.NEW_SUPPLIER
    assert parse_organisation("CSU") is Organisation.CSU
    assert parse_absence_kind("Annual Leave") is AbsenceKind.ANNUAL_LEAVE
    assert parse_absence_kind("sick") is AbsenceKind.SICKNESS
    with pytest.raises(ValidationError):
        parse_absence_kind("jury service")
    assert hours_text(450) == "7.5 h" and hours_text(480) == "8 h"


def test_bad_values_are_refused_naming_the_field() -> None:
    who, pattern = person("Ann")
    with pytest.raises(ValidationError) as caught:
        replace(who, name=" ").validate()
    assert caught.value.field == "name"
    with pytest.raises(ValidationError) as caught:
        WorkingPattern(who.id, None, (Shift(1, time(13), time(9)),)).validate()
    assert caught.value.field == "shifts"
    with pytest.raises(ValidationError) as caught:
        leave(who, TGL, TGL - timedelta(days=1)).validate()
    assert caught.value.field == "last"
    with pytest.raises(ValidationError) as caught:
        leave(who, TGL, start=time(9)).validate()
    assert caught.value.field == "start_time"


# Nothing to say


def test_a_plan_without_staff_has_no_staff_findings() -> None:
    assert findings(base()) == []


def test_a_fully_covered_plan_has_no_staff_findings() -> None:
    assert findings(full_cover(base())) == []


# A task assigned to someone absent or not working


def test_a_task_on_a_day_of_leave_is_a_problem_naming_the_person_date_and_task() -> None:
    state = full_cover(base())
    who, pattern = person("Anna Patel", "Practice manager")
    job = task_on(TGL, start=time(8), end=time(9))
    state = add(state, who, pattern, job, leave(who, TGL), Assignment(job.id, who.id))
    [found] = findings(state, "STAFF_ABSENT")
    assert found.severity is Severity.PROBLEM
    assert (found.subject, found.day, found.task_id) == ("Anna Patel", TGL, job.id)
    assert "Anna Patel" in found.message and "Mon 15 Mar 2027" in found.message
    assert "annual leave" in found.message


def test_part_time_pattern_not_working_that_weekday() -> None:
    state = full_cover(base())
    who, pattern = person("Bob Jones", "GP", days=(1, 3), start=time(8, 30), end=time(13))
    monday, tuesday = task_on(TGL), task_on(BGL)
    state = add(state, who, pattern, monday, tuesday, Assignment(monday.id, who.id),
                Assignment(tuesday.id, who.id))
    [found] = findings(state, "STAFF_NOT_WORKING")
    assert (found.subject, found.day, found.task_id) == ("Bob Jones", TGL, monday.id)
    assert "does not work on Mondays" in found.message


def test_a_timed_task_outside_a_part_timers_hours_is_a_problem() -> None:
    state = full_cover(base())
    who, pattern = person("Bob Jones", "GP", days=(1, 3), start=time(8, 30), end=time(13))
    late = task_on(BGL, start=time(14), end=time(16))
    state = add(state, who, pattern, late, Assignment(late.id, who.id))
    [found] = findings(state, "STAFF_NOT_WORKING")
    assert "08:30–13:00" in found.message and found.day == BGL


def test_part_day_absence_clashes_only_with_a_task_at_that_time() -> None:
    state = full_cover(base())
    who, pattern = person("Cara Smith")
    morning = task_on(BGL, "Morning job", start=time(9), end=time(10))
    afternoon = task_on(BGL, "Afternoon job", start=time(14), end=time(15))
    dentist = leave(who, BGL, kind=AbsenceKind.OTHER, start=time(13), end=time(16))
    state = add(state, who, pattern, morning, afternoon, dentist,
                Assignment(morning.id, who.id), Assignment(afternoon.id, who.id))
    [found] = findings(state, "STAFF_ABSENT")
    assert found.task_id == afternoon.id and "13:00–16:00" in found.message
    cell = row_of(state, who, BGL, BGL).cells[0]
    assert cell.state is DayState.PART_ABSENT
    assert cell.available == (18 * 60 + 30 - 8 * 60) - 3 * 60
    assert cell.assigned == 120


def test_a_closed_task_raises_no_conflict() -> None:
    state = full_cover(base())
    who, pattern = person("Anna Patel")
    done = task_on(TGL, status=TaskStatus.DONE)
    state = add(state, who, pattern, done, leave(who, BGL), Assignment(done.id, who.id))
    assert findings(state, "STAFF_ABSENT") == []


def test_a_long_task_counts_only_the_days_the_person_works() -> None:
    state = full_cover(base())
    who, pattern = person("Bob Jones", "GP", days=(1, 3))
    week = task_on(date(2027, 3, 1), duration=7, start=time(9), end=time(10))  # Mon to Sun
    state = add(state, who, pattern, week, Assignment(week.id, who.id))
    assert staff_conflicts(state) == []
    row = row_of(state, who, date(2027, 3, 1), date(2027, 3, 7))
    assert [cell.assigned for cell in row.cells] == [0, 60, 0, 60, 0, 0, 0]
    # Leave on one of those days is a clash on that day only.
    state = add(state, leave(who, date(2027, 3, 4)))
    assert conflict_days(state, "STAFF_ABSENT") == [date(2027, 3, 4)]


def test_absence_across_bank_holidays_counts_only_working_days() -> None:
    # Easter 2027: Good Friday 26 Mar, Easter Monday 29 Mar.
    assert bank_holiday_name(date(2027, 3, 26)) and bank_holiday_name(date(2027, 3, 29))
    checking = task_on(date(2027, 3, 25), "Recheck", duration=6, phase="Data checking")
    state = full_cover(base(tasks={**TASKS, checking.id: checking}))
    who, pattern = person("Dee Leave")
    easter = leave(who, date(2027, 3, 25), date(2027, 3, 30))
    state = add(state, who, pattern, easter)
    row = row_of(state, who, date(2027, 3, 25), date(2027, 3, 30))
    assert [c.state for c in row.cells] == [
        DayState.ABSENT, DayState.BANK_HOLIDAY, DayState.NOT_WORKING, DayState.NOT_WORKING,
        DayState.BANK_HOLIDAY, DayState.ABSENT]
    [found] = findings(state, "LEAVE_ON_DATA_CHECKING")
    assert "2 days" in found.message and found.day == date(2027, 3, 25)
    # A task on the bank holiday is a not-working clash, not an absence.
    holiday_job = task_on(date(2027, 3, 29))
    state = add(state, holiday_job, Assignment(holiday_job.id, who.id))
    [found] = findings(state, "STAFF_NOT_WORKING")
    assert "bank holiday" in found.message


def test_a_pattern_that_changes_mid_plan() -> None:
    state = full_cover(base())
    who, pattern = person("Eve Change", "Nurse")
    change = WorkingPattern(who.id, date(2027, 3, 8), weekday_shifts((1, 3)))
    before, after = task_on(date(2027, 3, 3)), task_on(date(2027, 3, 10))  # both Wednesdays
    state = add(state, who, pattern, change, before, after, Assignment(before.id, who.id),
                Assignment(after.id, who.id))
    [found] = findings(state, "STAFF_NOT_WORKING")
    assert found.task_id == after.id and found.day == date(2027, 3, 10)
    row = row_of(state, who, date(2027, 3, 3), date(2027, 3, 10))
    assert row.cells[0].state is DayState.WORKING
    assert row.cells[7].state is DayState.NOT_WORKING


def test_someone_joining_mid_plan_does_not_work_before_their_first_pattern() -> None:
    state = full_cover(base())
    who, _ = person("Late Starter")
    joining = WorkingPattern(who.id, date(2027, 3, 10), weekday_shifts(MON_FRI))
    state = add(state, who, joining)
    row = row_of(state, who, date(2027, 3, 9), date(2027, 3, 10))
    assert [c.state for c in row.cells] == [DayState.NOT_WORKING, DayState.WORKING]


# More hours than worked


def test_more_hours_assigned_than_worked_in_a_day() -> None:
    state = full_cover(base())
    who, pattern = person("Fay Busy", days=(1,), start=time(8, 30), end=time(13))
    first = task_on(BGL, "First", start=time(9), end=time(11))
    second = task_on(BGL, "Second")
    state = add(state, who, pattern, first, second, Assignment(first.id, who.id),
                Assignment(second.id, who.id, 180))
    [found] = findings(state, "STAFF_OVERBOOKED")
    assert found.subject == "Fay Busy" and found.day == BGL and found.task_id is None
    assert "5 h" in found.message and "4.5 h" in found.message
    # Within the hours, no warning.
    state = add(state, replace(Assignment(second.id, who.id, 120)))
    assert findings(state, "STAFF_OVERBOOKED") == []


def test_part_day_absence_reduces_the_hours_available() -> None:
    state = full_cover(base())
    who, pattern = person("Gus Part", start=time(9), end=time(17))
    job = task_on(BGL, "Untimed", status=TaskStatus.NOT_STARTED)
    training = leave(who, BGL, kind=AbsenceKind.TRAINING, start=time(9), end=time(13))
    state = add(state, who, pattern, job, training, Assignment(job.id, who.id, 300))
    [found] = findings(state, "STAFF_OVERBOOKED")
    assert "works 4 h" in found.message


# Key days without a needed role


def test_each_key_day_needs_each_role() -> None:
    state = full_cover(base())
    rita = next(p for p in state.table("staff").values() if p.name == "Rita Desk")
    state = add(state, leave(rita, TGL))
    [gap] = findings(state, "ROLE_GAP")
    assert (gap.day, gap.subject, gap.severity) == (TGL, "Receptionist", Severity.PROBLEM)
    assert "No receptionist" in gap.message and "TGL" in gap.message


def test_a_trainer_is_needed_on_business_go_live_only() -> None:
    state = base()
    for name, role in (("P", "Practice manager"), ("G", "GP"), ("R", "Receptionist"),
                       ("M", "Project manager")):
        state = add(state, *person(name, role))
    [gap] = findings(state, "ROLE_GAP")
    assert (gap.day, gap.subject) == (BGL, "Trainer")


def test_needed_roles_are_per_plan_and_counted() -> None:
    needs = (CoverNeed(CoverDay.BGL_1, "Receptionist", 2),)
    state = full_cover(base(needs=needs))
    [gap] = findings(state, "ROLE_GAP")
    assert gap.day == date(2027, 3, 17) and "Only 1 receptionist of the 2" in gap.message
    state = add(state, *person("Second Desk"))
    assert findings(state, "ROLE_GAP") == []


def test_a_weekend_cut_over_day_needs_no_cover() -> None:
    # FDP three days before a Tuesday go-live is a Saturday: the practice is shut.
    state = full_cover(base(rules=KeyDateRules(fdp_days_before_bgl=3)))
    assert findings(state, "ROLE_GAP") == []


def test_a_part_timer_covers_only_their_days() -> None:
    state = base(needs=(CoverNeed(CoverDay.TGL, "Clinician"), CoverNeed(CoverDay.BGL,
                                                                      "Clinician")))
    state = add(state, *person("Tue Thu GP", "GP", days=(1, 3)), *person("M", "Project manager"))
    assert [f.day for f in findings(state, "ROLE_GAP")] == [TGL]


# The project manager


def test_a_project_manager_must_be_named() -> None:
    state = add(base(needs=()), *person("Only Person"))
    [found] = findings(state, "PM_MISSING")
    # The kick-off meeting: 13 working weeks before go-live, across Christmas.
    assert found.day == BGL - timedelta(days=96)
    assert found.subject == "Project manager"


def test_project_manager_absent_between_kick_off_and_read_only_end() -> None:
    state = full_cover(base())
    pm = next(p for p in state.table("staff").values() if p.role == "Project manager")
    during = leave(pm, date(2027, 4, 12), date(2027, 4, 16))
    after = leave(pm, date(2027, 6, 7), date(2027, 6, 8))
    state = add(state, during, after)
    [found] = findings(state, "PM_ABSENT")
    assert found.subject == "Pam Project" and found.day == date(2027, 4, 12)
    assert "5 days" in found.message


# Readiness by Technical Go Live


def test_go_live_tasks_need_training_and_a_smartcard_by_tgl() -> None:
    state = full_cover(base())
    new, pattern = person("New Starter", "Receptionist", trained_on=date(2027, 3, 20))
    job = task_on(BGL, "Front desk on go-live day")
    state = add(state, new, pattern, job, Assignment(job.id, new.id))
    trained = findings(state, "NOT_TRAINED")
    smartcard = findings(state, "NO_SMARTCARD")
    assert [f.subject for f in trained] == ["New Starter"]
    assert "until Sat 20 Mar 2027" in trained[0].message and trained[0].task_id == job.id
    assert [f.subject for f in smartcard] == ["New Starter"]
    ready = replace(new, trained_on=date(2027, 3, 1), smartcard_on=TGL)
    state = state.with_changes([EntityChange(new, ready)])
    assert findings(state, "NOT_TRAINED") == findings(state, "NO_SMARTCARD") == []


def test_supplier_staff_and_tasks_outside_go_live_need_no_training() -> None:
    state = full_cover(base())
    engineer, pattern = person("Sam Supplier", "CSU engineer",
                               organisation=Organisation.NEW_SUPPLIER)
    early = task_on(date(2027, 2, 1), "Early job")
    staffer, pattern2 = person("Early Bird")
    live = task_on(BGL)
    state = add(state, engineer, pattern, staffer, pattern2, early, live,
                Assignment(live.id, engineer.id), Assignment(early.id, staffer.id))
    assert findings(state, "NOT_TRAINED") == []


# Leave on data-checking days and key days


def test_leave_on_data_checking_days() -> None:
    state = full_cover(base())
    who, pattern = person("Hal Check", "GP")
    check = BY_KEY["data-check-phase-1"]
    first = state.schedule.dates[check.id].start
    state = add(state, who, pattern, leave(who, first, first + timedelta(days=1)),
                leave(who, first + timedelta(days=2), kind=AbsenceKind.SICKNESS))
    [found] = findings(state, "LEAVE_ON_DATA_CHECKING")
    assert found.subject == "Hal Check" and found.day == first and "2 days" in found.message


def test_leave_on_the_cut_over_and_go_live_days() -> None:
    state = full_cover(base())
    who, pattern = person("Ivy Away", "Nurse")
    state = add(state, who, pattern, leave(who, date(2027, 3, 17)))
    [found] = findings(state, "LEAVE_ON_KEY_DAY")
    assert found.day == date(2027, 3, 17)


# Deleting tasks


def test_deleting_a_task_takes_its_assignments_with_it() -> None:
    state = full_cover(base())
    who, pattern = person("Jo Assign")
    job = task_on(BGL)
    assignment = Assignment(job.id, who.id)
    state = add(state, who, pattern, job, assignment)
    assert assignment_cleanup(state, frozenset({job.id})) == [EntityChange(assignment, None)]
    assert assignment_cleanup(state, frozenset({TaskId(1)})) == []


# The coverage grid


def test_the_default_window_runs_from_two_weeks_before_fdp_to_two_weeks_after_bgl() -> None:
    assert default_window(base()) == (FDP - timedelta(days=14), BGL + timedelta(days=14))


def test_the_grid_marks_key_days_bank_holidays_and_closures() -> None:
    closure = date(2027, 3, 3)
    state = full_cover(base(closures=(closure,)))
    grid = build_coverage(state, date(2027, 3, 1), date(2027, 3, 31))
    assert grid.marks[FDP] == ("FDP",) and grid.marks[BGL] == ("BGL",)
    assert grid.marks[date(2027, 3, 18)] == ("BGL+2",)
    assert grid.holidays[date(2027, 3, 26)] == "Good Friday"
    column = grid.column_of(closure)
    assert column is not None
    assert {row.cells[column].state for row in grid.rows} == {DayState.CLOSED}
    assert grid.at_work(grid.column_of(BGL)) == 5


# Hypothesis: the grid's counts equal a count made the slow, obvious way


WINDOW_FIRST = date(2027, 3, 1)
WINDOW_DAYS = 35
times = st.sampled_from([time(8), time(9), time(12), time(13), time(17), time(18, 30)])


@st.composite
def shift_lists(draw: st.DrawFn) -> tuple[Shift, ...]:
    days = draw(st.sets(st.integers(0, 6), max_size=7))
    shifts = []
    for day in sorted(days):
        start, end = sorted(draw(st.lists(times, min_size=2, max_size=2, unique=True)))
        shifts.append(Shift(day, start, end))
    return tuple(shifts)


@st.composite
def staff_plans(draw: st.DrawFn) -> tuple[PlanState, list[Person]]:
    state = base(needs=())
    count = draw(st.integers(1, 6))
    people = []
    entities: list[object] = []
    next_absence = 1
    for number in range(count):
        pid = PersonId(number + 1)
        who = Person(pid, f"Person {number}", draw(st.sampled_from(["GP", "Receptionist"])))
        people.append(who)
        entities.append(who)
        entities.append(WorkingPattern(pid, draw(st.sampled_from([None, WINDOW_FIRST])),
                                       draw(shift_lists())))
        if draw(st.booleans()):
            change = WINDOW_FIRST + timedelta(days=draw(st.integers(1, WINDOW_DAYS)))
            entities.append(WorkingPattern(pid, change, draw(shift_lists())))
        for _ in range(draw(st.integers(0, 3))):
            first = WINDOW_FIRST + timedelta(days=draw(st.integers(-5, WINDOW_DAYS)))
            last = first + timedelta(days=draw(st.integers(0, 10)))
            part = draw(st.booleans())
            start, end = (sorted(draw(st.lists(times, min_size=2, max_size=2, unique=True)))
                          if part else (None, None))
            entities.append(Absence(AbsenceId(next_absence), pid,
                                    draw(st.sampled_from(list(AbsenceKind))), first, last,
                                    start, end))
            next_absence += 1
    closures = draw(st.sets(st.integers(0, WINDOW_DAYS - 1), max_size=3))
    state = add(state, *entities)
    state = state.with_changes([EntityChange(None, CalendarDay(
        WINDOW_FIRST + timedelta(days=c), CalendarDayKind.CLOSURE)) for c in closures])
    return state, people


def brute_force(state: PlanState, who: Person, day: date) -> tuple[bool, int]:
    """At work that day, and the minutes: straight from the definitions, one cell at a time."""
    if day in state.calendar.closures or bank_holiday_name(day):
        return False, 0
    patterns = [p for p in state.table("working_pattern").values() if p.person_id == who.id]
    in_force = [p for p in patterns if p.valid_from is None or p.valid_from <= day]
    if not in_force:
        return False, 0
    pattern = max(in_force, key=lambda p: p.valid_from or date.min)
    shift = next((s for s in pattern.shifts if s.weekday == day.weekday()), None)
    if shift is None:
        return False, 0
    minutes = 0
    for minute in range(shift.start.hour * 60 + shift.start.minute,
                        shift.end.hour * 60 + shift.end.minute):
        away = False
        for absence in state.table("absence").values():
            if absence.person_id != who.id or not absence.first <= day <= absence.last:
                continue
            if absence.start_time is None:
                away = True
            else:
                lo = absence.start_time.hour * 60 + absence.start_time.minute
                hi = absence.end_time.hour * 60 + absence.end_time.minute
                away = away or lo <= minute < hi
        minutes += 0 if away else 1
    return minutes > 0, minutes


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(staff_plans())
def test_coverage_counts_equal_a_brute_force_count(plan: tuple[PlanState, list[Person]]) -> None:
    state, people = plan
    last = WINDOW_FIRST + timedelta(days=WINDOW_DAYS - 1)
    grid = build_coverage(state, WINDOW_FIRST, last)
    assert [row.person.id for row in grid.rows] == sorted(p.id for p in people)
    by_id = {p.id: p for p in people}
    for column, day in enumerate(grid.days):
        expected = [brute_force(state, by_id[row.person.id], day) for row in grid.rows]
        assert grid.at_work(column) == sum(1 for at_work, _ in expected if at_work)
        assert [row.cells[column].available for row in grid.rows] == [m for _, m in expected]

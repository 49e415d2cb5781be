"""Staff conflicts: each rule as per-person, per-day conflicts, grouped into dashboard findings."""

from __future__ import annotations

import weakref
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cutover_desktop.domain.absences import Absence, AbsenceKind
from cutover_desktop.domain.availability import (
    Availability,
    DayState,
    StaffBook,
    assigned_days,
    assigned_minutes,
)
from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.features import register_findings, register_task_cleanup
from cutover_desktop.domain.formatting import hhmm, plural, uk_date
from cutover_desktop.domain.ids import AbsenceId, PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task
from cutover_desktop.domain.staff import Assignment, CoverDay, Person, cover_days
from cutover_desktop.domain.staff_roles import PROJECT_MANAGER, Organisation, role_meets
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.domain.working_hours import WEEKDAY_NAMES, hours_text, minutes_of

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

DATA_CHECKING_PHASE = "Data checking"
KICK_OFF_KEY = "kick-off-meeting"

STAFF_ABSENT = "STAFF_ABSENT"
STAFF_NOT_WORKING = "STAFF_NOT_WORKING"
STAFF_OVERBOOKED = "STAFF_OVERBOOKED"
ROLE_GAP = "ROLE_GAP"
PM_MISSING = "PM_MISSING"
PM_ABSENT = "PM_ABSENT"
NOT_TRAINED = "NOT_TRAINED"
NO_SMARTCARD = "NO_SMARTCARD"
LEAVE_ON_DATA_CHECKING = "LEAVE_ON_DATA_CHECKING"
LEAVE_ON_KEY_DAY = "LEAVE_ON_KEY_DAY"

SEVERITIES = {
    STAFF_ABSENT: Severity.PROBLEM,
    STAFF_NOT_WORKING: Severity.PROBLEM,
    STAFF_OVERBOOKED: Severity.WARNING,
    ROLE_GAP: Severity.PROBLEM,
    PM_MISSING: Severity.WARNING,
    PM_ABSENT: Severity.WARNING,
    NOT_TRAINED: Severity.WARNING,
    NO_SMARTCARD: Severity.WARNING,
    LEAVE_ON_DATA_CHECKING: Severity.WARNING,
    LEAVE_ON_KEY_DAY: Severity.WARNING,
}
# Conflicts that belong to one person on one day: the numbers in the coverage grid.
DAY_CODES = frozenset({STAFF_ABSENT, STAFF_NOT_WORKING, STAFF_OVERBOOKED, PM_ABSENT,
                       LEAVE_ON_DATA_CHECKING, LEAVE_ON_KEY_DAY})


@dataclass(frozen=True)
class Conflict:
    """One rule broken by one person (or, for ROLE_GAP, by nobody) on one day.

    Attributes:
        reason: the words that say why, to follow the person's name ("is on annual leave").
        role: for ROLE_GAP, the role that is missing.
    """

    code: str
    day: date
    person_id: PersonId | None = None
    task_id: TaskId | None = None
    reason: str = ""
    absence_id: AbsenceId | None = None
    role: str = ""

    @property
    def severity(self) -> Severity:
        return SEVERITIES[self.code]


@dataclass
class StaffContext:
    """Everything the rules need, worked out once per plan state."""

    book: StaffBook
    tasks: dict[TaskId, Task]
    starts: dict[TaskId, date]
    ends: dict[TaskId, date]
    keys: dict[KeyDate, date]
    covers: dict[CoverDay, date]

    @classmethod
    def of(cls, state: PlanState) -> StaffContext:
        schedule = state.schedule
        book = StaffBook.of(state.tables, state.calendar)
        keys = dict(schedule.key_dates)
        return cls(book, dict(state.tasks),
                   {tid: placed.start for tid, placed in schedule.dates.items()},
                   {tid: placed.end for tid, placed in schedule.dates.items()},
                   keys, cover_days(keys, state.calendar))

    def name(self, person_id: PersonId | None) -> str:
        person = self.book.people.get(person_id) if person_id is not None else None
        return person.name if person else "Someone"


def absence_reason(absence: Absence | None, part_day: bool = False) -> str:
    """'is on annual leave', 'is off sick 09:00–12:00'."""
    if absence is None:
        return "is away"
    words = {AbsenceKind.ANNUAL_LEAVE: "is on annual leave", AbsenceKind.TRAINING:
             "is on training", AbsenceKind.SICKNESS: "is off sick",
             AbsenceKind.OTHER: "is away"}[absence.kind]
    if part_day and absence.is_part_day:
        words += f" {hhmm(absence.start_time)}–{hhmm(absence.end_time)}"
    return words


def role_words(role: str) -> str:
    """A role inside a sentence: 'practice manager', but 'GP' and 'CSU trainer' as they are."""
    first = role.split(" ", 1)[0]
    return role if first.isupper() else role[:1].lower() + role[1:]


def not_working_reason(av: Availability, day: date) -> str:
    if av.state is DayState.BANK_HOLIDAY:
        return f"it is a bank holiday ({bank_holiday_name(day)})"
    if av.state is DayState.CLOSED:
        return "the practice is closed that day"
    return f"does not work on {WEEKDAY_NAMES[day.weekday()]}s"


# The rules


def assignment_conflicts(ctx: StaffContext) -> list[Conflict]:
    """Tasks assigned to someone absent or not working, and days with more hours than worked."""
    found: list[Conflict] = []
    book = ctx.book
    for person_id, assignments in book.assignments.items():
        if person_id not in book.people:
            continue
        booked: dict[date, int] = defaultdict(int)
        for assignment in assignments:
            task = ctx.tasks.get(assignment.task_id)
            if task is None or task.status.is_closed or task.id not in ctx.starts:
                continue
            start, end = ctx.starts[task.id], ctx.ends[task.id]
            minutes = assigned_minutes(assignment, task)
            for day in assigned_days(book, person_id, start, end):
                av = book.availability(person_id, day)
                conflict = _day_conflict(assignment, task, av, day, one_day=start == end)
                if conflict is not None:
                    found.append(conflict)
                elif minutes:
                    booked[day] += minutes
        for day, minutes in sorted(booked.items()):
            av = book.availability(person_id, day)
            if av.state.at_work and minutes > av.available_minutes:
                found.append(Conflict(
                    STAFF_OVERBOOKED, day, person_id,
                    reason=f"has {hours_text(minutes)} of tasks but works "
                           f"{hours_text(av.available_minutes)}"))
    return found


def _day_conflict(assignment: Assignment, task: Task, av: Availability, day: date,
                  one_day: bool) -> Conflict | None:
    person_id = assignment.person_id
    if av.state in (DayState.NOT_WORKING, DayState.BANK_HOLIDAY, DayState.CLOSED):
        return Conflict(STAFF_NOT_WORKING, day, person_id, task.id, not_working_reason(av, day))
    if av.state is DayState.ABSENT:
        absence = av.absence
        return Conflict(STAFF_ABSENT, day, person_id, task.id, absence_reason(absence),
                        absence.id if absence else None)
    if not (one_day and task.start_time is not None and task.end_time is not None):
        return None
    wanted = (minutes_of(task.start_time), minutes_of(task.end_time))
    if wanted[1] <= wanted[0] or av.shift is None:
        return None
    shift = av.shift.span
    if wanted[0] < shift[0] or wanted[1] > shift[1]:
        return Conflict(STAFF_NOT_WORKING, day, person_id, task.id,
                        f"works only {hhmm(av.shift.start)}–{hhmm(av.shift.end)} that day")
    for absence in av.absences:
        a_start, a_end = absence.span
        if a_start < wanted[1] and wanted[0] < a_end:
            return Conflict(STAFF_ABSENT, day, person_id, task.id,
                            absence_reason(absence, part_day=True), absence.id)
    return None


def role_gap_conflicts(ctx: StaffContext, calendar_working: set[date]) -> list[Conflict]:
    """Key days without enough people of each needed role at work."""
    found: list[Conflict] = []
    book = ctx.book
    for need in sorted(book.needs, key=lambda n: (list(CoverDay).index(n.day), n.role)):
        day = ctx.covers[need.day]
        if day not in calendar_working:
            continue  # the practice is not open: no one is expected
        present = sum(1 for person in book.people.values()
                      if role_meets(need.role, person.role)
                      and book.availability(person.id, day).state.at_work)
        if present < need.count:
            found.append(Conflict(ROLE_GAP, day, None, None,
                                  f"{present} of {need.count}", None, need.role))
    return found


def kick_off_day(ctx: StaffContext) -> date:
    """The start of the kick-off task, or (without one) of the plan's first task."""
    for task in ctx.tasks.values():
        if (task.template_key == KICK_OFF_KEY or "kick_off" in task.tags
                or "kick-off" in task.title.casefold()) and task.id in ctx.starts:
            return ctx.starts[task.id]
    return min(ctx.starts.values(), default=ctx.keys[KeyDate.PLANNING_MEETING])


def project_manager_conflicts(ctx: StaffContext) -> list[Conflict]:
    book = ctx.book
    managers = [p for p in book.people.values() if role_meets(PROJECT_MANAGER, p.role)]
    first, last = kick_off_day(ctx), ctx.keys[KeyDate.READ_ONLY_END]
    if not managers:
        return [Conflict(PM_MISSING, first)]
    found: list[Conflict] = []
    for person in managers:
        for absence in book.absences.get(person.id, ()):
            for day in _absent_days(book, person.id, absence, first, last):
                found.append(Conflict(PM_ABSENT, day, person.id, None,
                                      absence_reason(absence), absence.id))
    return found


def _absent_days(book: StaffBook, person_id: PersonId, absence: Absence, first: date,
                 last: date) -> Iterable[date]:
    """Days between first and last that the absence takes time the person would work."""
    day = max(absence.first, first)
    end = min(absence.last, last)
    while day <= end:
        av = book.availability(person_id, day)
        # Only time they would have worked: not weekends, bank holidays or days off.
        if av.state in (DayState.ABSENT, DayState.PART_ABSENT) and absence in av.absences:
            yield day
        day += timedelta(days=1)


def readiness_conflicts(ctx: StaffContext) -> list[Conflict]:
    """People with go-live tasks not trained, or without a smartcard, by TGL."""
    tgl = ctx.keys[KeyDate.TGL]
    first, last = ctx.keys[KeyDate.FDP], ctx.covers[CoverDay.BGL_2]
    found: list[Conflict] = []
    for person_id, assignments in ctx.book.assignments.items():
        person = ctx.book.people.get(person_id)
        if person is None or person.organisation.is_supplier:
            continue
        live = sorted((ctx.starts[a.task_id], a.task_id) for a in assignments
                      if a.task_id in ctx.starts and _overlaps(ctx, a.task_id, first, last)
                      and not ctx.tasks[a.task_id].status.is_closed)
        if not live:
            continue
        day, task_id = live[0]
        by_tgl = f"Technical Go Live ({uk_date(tgl)})"
        if not person.trained_by(tgl):
            when = (f"is not due to be trained on the new system until "
                    f"{uk_date(person.trained_on)}, after {by_tgl}" if person.trained_on
                    else f"has not been trained on the new system by {by_tgl}")
            found.append(Conflict(NOT_TRAINED, max(day, first), person_id, task_id, when))
        if not person.smartcard_by(tgl):
            when = (f"will not have a smartcard for the new system until "
                    f"{uk_date(person.smartcard_on)}, after {by_tgl}" if person.smartcard_on
                    else f"has no smartcard activated for the new system by {by_tgl}")
            found.append(Conflict(NO_SMARTCARD, max(day, first), person_id, task_id, when))
    return found


def _overlaps(ctx: StaffContext, task_id: TaskId, first: date, last: date) -> bool:
    return ctx.starts[task_id] <= last and ctx.ends[task_id] >= first


def leave_conflicts(ctx: StaffContext) -> list[Conflict]:
    """Booked leave on data-checking days, and on the cut-over and go-live days."""
    checking: set[date] = set()
    for task in ctx.tasks.values():
        if task.phase == DATA_CHECKING_PHASE and task.id in ctx.starts:
            day, end = ctx.starts[task.id], ctx.ends[task.id]
            while day <= end:
                checking.add(day)
                day += timedelta(days=1)
    fdp, bgl = ctx.keys[KeyDate.FDP], ctx.keys[KeyDate.BGL]
    key_days = set(each_day(fdp, bgl))
    key_days |= set(ctx.covers.values())
    found: list[Conflict] = []
    book = ctx.book
    for person in book.people.values():
        if person.organisation is not Organisation.PRACTICE:
            continue
        for absence in book.absences.get(person.id, ()):
            if not absence.kind.is_booked:
                continue
            for day in _absent_days(book, person.id, absence, absence.first, absence.last):
                if day in key_days:
                    found.append(Conflict(LEAVE_ON_KEY_DAY, day, person.id, None,
                                          absence_reason(absence), absence.id))
                elif day in checking:
                    found.append(Conflict(LEAVE_ON_DATA_CHECKING, day, person.id, None,
                                          absence_reason(absence), absence.id))
    return found


_last: tuple[weakref.ref[PlanState], list[Conflict]] | None = None


def staff_conflicts(state: PlanState) -> list[Conflict]:
    """Every staff conflict of the plan, per person per day (worked out once per state)."""
    global _last
    if _last is not None and _last[0]() is state:
        return _last[1]
    found: list[Conflict] = []
    if state.table("staff"):
        ctx = StaffContext.of(state)
        working = {day for day in ctx.covers.values() if state.calendar.is_working_day(day)}
        found += assignment_conflicts(ctx)
        found += role_gap_conflicts(ctx, working)
        found += project_manager_conflicts(ctx)
        found += readiness_conflicts(ctx)
        found += leave_conflicts(ctx)
        found.sort(key=lambda c: (c.day, c.code, c.person_id or 0, c.task_id or 0))
    _last = (weakref.ref(state), found)
    return found


# Findings for the dashboard and `show`


def staff_findings(state: PlanState, today: date) -> list[Finding]:
    """The conflicts grouped: one finding per person and task (or absence), at its first day."""
    conflicts = staff_conflicts(state)
    if not conflicts:
        return []
    ctx = StaffContext.of(state)
    groups: dict[tuple[object, ...], list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        if conflict.code == STAFF_OVERBOOKED or conflict.code == ROLE_GAP:
            key: tuple[object, ...] = (conflict.code, conflict.person_id, conflict.day,
                                       conflict.role)
        else:
            key = (conflict.code, conflict.person_id, conflict.task_id, conflict.absence_id,
                   conflict.reason)
        groups[key].append(conflict)
    return [_finding(ctx, group) for group in groups.values()]


def _finding(ctx: StaffContext, group: list[Conflict]) -> Finding:
    first = group[0]
    code = first.code
    name = ctx.name(first.person_id)
    task = ctx.tasks.get(first.task_id) if first.task_id is not None else None
    title = f"“{task.title}”" if task else ""
    when = uk_date(first.day)
    days = len(group)
    from_day = f"on {when}" if days == 1 else f"on {plural(days, 'day')} from {when}"
    if code == STAFF_ABSENT:
        message = f"{name} is assigned {title} but {first.reason} {from_day}."
    elif code == STAFF_NOT_WORKING:
        message = f"{name} is assigned {title} {from_day}, but {first.reason}."
    elif code == STAFF_OVERBOOKED:
        message = f"{name} {first.reason} on {when}."
    elif code == ROLE_GAP:
        cover = next((c for c, d in ctx.covers.items() if d == first.day), None)
        what = f"{cover.value} ({when})" if cover else when
        have, need = first.reason.split(" of ")
        role = role_words(first.role)
        if have == "0":
            message = f"No {role} is at work on {what}."
        else:
            message = f"Only {have} {role} of the {need} needed is at work on {what}."
        return Finding(code, first.severity, message, first.day, None, first.role)
    elif code == PM_MISSING:
        message = ("No one in the staff register is the project manager; one must be named at "
                   "kick-off and be available until read-only access ends.")
        return Finding(code, first.severity, message, first.day, None, PROJECT_MANAGER)
    elif code == PM_ABSENT:
        message = (f"{name}, the project manager, {first.reason} {from_day}, between kick-off "
                   "and the end of read-only access.")
    elif code in (NOT_TRAINED, NO_SMARTCARD):
        message = f"{name} has go-live tasks (first {title}) but {first.reason}."
    elif code == LEAVE_ON_KEY_DAY:
        message = f"{name} {first.reason} {from_day}, during the cut-over or go-live days."
    else:
        message = f"{name} {first.reason} {from_day}, when data checking is planned."
    return Finding(code, first.severity, message, first.day, first.task_id, name)


def describe_conflict(ctx: StaffContext, conflict: Conflict) -> str:
    """One conflict as a sentence, as the dashboard would say it for that day alone."""
    return _finding(ctx, [conflict]).message


def assignment_cleanup(state: PlanState, doomed: frozenset[TaskId]) -> list[EntityChange]:
    """Deleting tasks deletes who was assigned to them, in the same undo step."""
    return [EntityChange(assignment, None)
            for assignment in state.table("assignment").values()
            if isinstance(assignment, Assignment) and assignment.task_id in doomed]


def person_cleanup(state: PlanState, person: Person) -> list[EntityChange]:
    """What goes with a person: their patterns, absences and assignments."""
    items: list[EntityChange] = []
    for kind in ("assignment", "absence", "working_pattern"):
        items += [EntityChange(entity, None) for entity in state.table(kind).values()
                  if getattr(entity, "person_id", None) == person.id]
    return items


register_findings(staff_findings)
register_task_cleanup(assignment_cleanup)

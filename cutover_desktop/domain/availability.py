"""Who is at work when: each person's day from their pattern, the calendar and absences,
and the days they give to the tasks they are assigned."""

from __future__ import annotations

import bisect
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from enum import StrEnum

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.calendar import WorkingCalendar, bank_holiday_name
from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.model import Task
from cutover_desktop.domain.staff import Assignment, CoverNeed, Person
from cutover_desktop.domain.working_hours import Shift, WorkingPattern, minutes_of


class DayState(StrEnum):
    """What a person's day is, as the coverage grid shows it."""

    WORKING = "working"
    PART_ABSENT = "part_absent"
    ABSENT = "absent"
    NOT_WORKING = "not_working"
    BANK_HOLIDAY = "bank_holiday"
    CLOSED = "closed"

    @property
    def at_work(self) -> bool:
        return self in (DayState.WORKING, DayState.PART_ABSENT)


class DayKind(StrEnum):
    """What the practice's calendar makes of a day, before anyone's pattern."""

    NORMAL = "normal"
    BANK_HOLIDAY = "bank_holiday"
    CLOSED = "closed"


def day_kind(day: date, calendar: WorkingCalendar) -> DayKind:
    """Extra working days count as normal; weekends too (a person's pattern decides)."""
    if day in calendar.extra_working_days:
        return DayKind.NORMAL
    if day in calendar.closures:
        return DayKind.CLOSED
    if bank_holiday_name(day):
        return DayKind.BANK_HOLIDAY
    return DayKind.NORMAL


def subtract(span: tuple[int, int], cuts: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """What is left of a span of minutes once the cut spans are taken out."""
    left = [span]
    for c_start, c_end in cuts:
        kept: list[tuple[int, int]] = []
        for start, end in left:
            if c_end <= start or end <= c_start:
                kept.append((start, end))
                continue
            if start < c_start:
                kept.append((start, c_start))
            if c_end < end:
                kept.append((c_end, end))
        left = kept
    return left


@dataclass(frozen=True, slots=True)
class Availability:
    """One person on one day.

    Attributes:
        shift: the hours their pattern gives that day (None if they do not work it).
        absences: absences that take some of that shift (or cover the day when there is no
            shift).
        free: the spans of minutes they are at work.
    """

    state: DayState
    shift: Shift | None = None
    absences: tuple[Absence, ...] = ()
    free: tuple[tuple[int, int], ...] = ()

    @property
    def available_minutes(self) -> int:
        return sum(end - start for start, end in self.free)

    @property
    def absence(self) -> Absence | None:
        return self.absences[0] if self.absences else None


def availability(shift: Shift | None, kind: DayKind, absences: Iterable[Absence]) -> Availability:
    """One person's day from their shift, the calendar and the absences covering the day."""
    covering = tuple(absences)
    if kind is DayKind.CLOSED:
        return Availability(DayState.CLOSED, shift, covering)
    if kind is DayKind.BANK_HOLIDAY:
        return Availability(DayState.BANK_HOLIDAY, shift, covering)
    if shift is None:
        return Availability(DayState.NOT_WORKING, None, covering)
    span = shift.span
    taking = tuple(a for a in covering if a.span[0] < span[1] and span[0] < a.span[1])
    if not taking:
        return Availability(DayState.WORKING, shift, (), (span,))
    free = tuple(subtract(span, (a.span for a in taking)))
    state = DayState.PART_ABSENT if free else DayState.ABSENT
    return Availability(state, shift, taking, free)


@dataclass
class StaffBook:
    """The plan's staff tables indexed for the questions the rules and the grid ask."""

    people: dict[PersonId, Person]
    patterns: dict[PersonId, list[WorkingPattern]]
    absences: dict[PersonId, list[Absence]]
    assignments: dict[PersonId, list[Assignment]]
    by_task: dict[TaskId, list[Assignment]]
    needs: list[CoverNeed]
    calendar: WorkingCalendar = field(default_factory=WorkingCalendar)
    _starts: dict[PersonId, list[date]] = field(default_factory=dict)
    # Each person's day worked out once: the rules ask about the same days many times.
    _days: dict[tuple[PersonId, date], Availability] = field(default_factory=dict, repr=False)
    _works: dict[tuple[PersonId, date], bool] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, tables: Mapping[str, Mapping[object, object]],
           calendar: WorkingCalendar | None = None) -> StaffBook:
        people = {p.id: p for p in tables.get("staff", {}).values() if isinstance(p, Person)}
        patterns: dict[PersonId, list[WorkingPattern]] = defaultdict(list)
        for pattern in tables.get("working_pattern", {}).values():
            assert isinstance(pattern, WorkingPattern)
            patterns[pattern.person_id].append(pattern)
        for found in patterns.values():
            found.sort(key=lambda p: p.valid_from or date.min)
        absences: dict[PersonId, list[Absence]] = defaultdict(list)
        for absence in tables.get("absence", {}).values():
            assert isinstance(absence, Absence)
            absences[absence.person_id].append(absence)
        for found_absences in absences.values():
            found_absences.sort(key=lambda a: (a.first, a.id))
        by_person: dict[PersonId, list[Assignment]] = defaultdict(list)
        by_task: dict[TaskId, list[Assignment]] = defaultdict(list)
        for assignment in tables.get("assignment", {}).values():
            assert isinstance(assignment, Assignment)
            by_person[assignment.person_id].append(assignment)
            by_task[assignment.task_id].append(assignment)
        needs = [n for n in tables.get("cover_need", {}).values() if isinstance(n, CoverNeed)]
        book = cls(people, dict(patterns), dict(absences), dict(by_person), dict(by_task),
                   needs, calendar or WorkingCalendar())
        book._starts = {pid: [p.valid_from or date.min for p in found]
                        for pid, found in book.patterns.items()}
        return book

    def pattern_on(self, person_id: PersonId, day: date) -> WorkingPattern | None:
        """The pattern in force on a day: the latest one starting on or before it."""
        starts = self._starts.get(person_id)
        if not starts:
            return None
        index = bisect.bisect_right(starts, day) - 1
        # Before their first pattern starts (someone joining mid-plan) they do not work.
        return self.patterns[person_id][index] if index >= 0 else None

    def shift_on(self, person_id: PersonId, day: date) -> Shift | None:
        pattern = self.pattern_on(person_id, day)
        return pattern.shift_on(day.weekday()) if pattern else None

    def normally_works(self, person_id: PersonId, day: date) -> bool:
        """Works that day by pattern and calendar, absences aside."""
        key = (person_id, day)
        known = self._works.get(key)
        if known is None:
            known = self._works[key] = (day_kind(day, self.calendar) is DayKind.NORMAL
                                        and self.shift_on(person_id, day) is not None)
        return known

    def absences_on(self, person_id: PersonId, day: date) -> list[Absence]:
        return [a for a in self.absences.get(person_id, ()) if a.covers(day)]

    def availability(self, person_id: PersonId, day: date) -> Availability:
        known = self._days.get((person_id, day))
        if known is None:
            known = self._days[(person_id, day)] = availability(
                self.shift_on(person_id, day), day_kind(day, self.calendar),
                self.absences_on(person_id, day))
        return known

    def ordered_people(self) -> list[Person]:
        return sorted(self.people.values(), key=lambda p: (p.name.casefold(), p.id))


def task_minutes(task: Task) -> int | None:
    """The minutes a day a task takes by its own times, when it has both."""
    if task.start_time is not None and task.end_time is not None:
        minutes = minutes_of(task.end_time) - minutes_of(task.start_time)
        return minutes if minutes > 0 else None
    return None


def assigned_minutes(assignment: Assignment, task: Task) -> int | None:
    """The hours a day (in minutes) the person gives the task, or None when not known."""
    return assignment.minutes if assignment.minutes is not None else task_minutes(task)


def assigned_days(book: StaffBook, person_id: PersonId, start: date, end: date) -> list[date]:
    """The days a person works on a task that runs from start to end.

    A one-day task is on its day. A longer task is on the days in its span the person
    normally works; if they work none of them, on every day of the span.
    """
    span = each_day(start, end)
    if len(span) == 1:
        return span
    worked = [day for day in span if book.normally_works(person_id, day)]
    return worked or span

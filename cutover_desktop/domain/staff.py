"""Staff, working patterns, absences, assignments and key-day cover: values and availability."""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from enum import StrEnum
from typing import NewType

from cutover_desktop.domain.calendar import WorkingCalendar, bank_holiday_name
from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import hhmm, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task

PersonId = NewType("PersonId", int)
AbsenceId = NewType("AbsenceId", int)

MAX_NAME = 100
MAX_ROLE = 60
MAX_TEXT = 200
MAX_NOTE = 2000
MAX_ABSENCE_DAYS = 366
MINUTES_PER_DAY = 24 * 60
EARLIEST_DAY = date(2000, 1, 1)
LATEST_DAY = date(2099, 12, 31)
WEEKDAY_NAMES = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAY_SHORT = tuple(name[:3] for name in WEEKDAY_NAMES)
DEFAULT_START = time(9, 0)
DEFAULT_END = time(17, 0)

PRACTICE_MANAGER = "Practice manager"
PROJECT_MANAGER = "Project manager"
RECEPTIONIST = "Receptionist"
CLINICIAN = "Clinician"
TRAINER = "Trainer"
STANDARD_ROLES = (
    PRACTICE_MANAGER, "GP", "Lead GP", "Nurse", "HCA", RECEPTIONIST, "Administrator",
    "Registrations clerk", "Dispensary", PROJECT_MANAGER, "CSU engineer", "CSU trainer",
    "Supplier trainer", "RA agent",
)
# A cover need may name a group of roles: any one of them meets it.
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    CLINICIAN: ("GP", "Lead GP", "Nurse", "HCA"),
    TRAINER: ("CSU trainer", "Supplier trainer"),
}


def canonical_role(text: str) -> str:
    """A role as stored: a standard role or group in its usual spelling, else the text tidied."""
    cleaned = " ".join(text.split())
    for known in (*STANDARD_ROLES, *ROLE_GROUPS):
        if known.casefold() == cleaned.casefold():
            return known
    return cleaned


def role_meets(need: str, role: str) -> bool:
    """True when a person of `role` meets a cover need for `need` (a role or a group)."""
    members = ROLE_GROUPS.get(need)
    if members is not None:
        return role in members
    return role.casefold() == need.casefold()


class Organisation(StrEnum):
    PRACTICE = "practice"
    CSU = "csu"
    OLD_SUPPLIER = "old_supplier"
    NEW_SUPPLIER = "new_supplier"

    @property
    def label(self) -> str:
        return {"practice": "Practice", "csu": "CSU", "old_supplier": "Old supplier",
                "new_supplier": "New supplier"}[self.value]

    @property
    def is_supplier(self) -> bool:
        return self in (Organisation.OLD_SUPPLIER, Organisation.NEW_SUPPLIER)


def parse_organisation(text: str) -> Organisation:
    """'Practice', 'CSU', 'old supplier', 'new-supplier' (any case) as an Organisation."""
    wanted = re.sub(r"[\s_-]+", "_", text.strip().casefold())
    for organisation in Organisation:
        if wanted in (organisation.value, organisation.label.casefold().replace(" ", "_")):
            return organisation
    raise ValidationError(f"“{text}” is not an organisation; use practice, CSU, old supplier "
                          "or new supplier.", "organisation")


class AbsenceKind(StrEnum):
    ANNUAL_LEAVE = "annual_leave"
    TRAINING = "training"
    SICKNESS = "sickness"
    OTHER = "other"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def short(self) -> str:
        """A word that fits a grid cell."""
        return {"annual_leave": "Leave", "training": "Training", "sickness": "Sick",
                "other": "Away"}[self.value]

    @property
    def is_booked(self) -> bool:
        """Leave a person chose the dates of (sickness is not booked)."""
        return self is not AbsenceKind.SICKNESS


_ABSENCE_WORDS = {
    "annual_leave": AbsenceKind.ANNUAL_LEAVE, "annual": AbsenceKind.ANNUAL_LEAVE,
    "leave": AbsenceKind.ANNUAL_LEAVE, "holiday": AbsenceKind.ANNUAL_LEAVE,
    "al": AbsenceKind.ANNUAL_LEAVE, "training": AbsenceKind.TRAINING,
    "course": AbsenceKind.TRAINING, "sickness": AbsenceKind.SICKNESS,
    "sick": AbsenceKind.SICKNESS, "sick_leave": AbsenceKind.SICKNESS,
    "other": AbsenceKind.OTHER,
}


def parse_absence_kind(text: str) -> AbsenceKind:
    wanted = re.sub(r"[\s_-]+", "_", text.strip().casefold())
    try:
        return _ABSENCE_WORDS[wanted]
    except KeyError:
        raise ValidationError(f"“{text}” is not a kind of absence; use annual leave, training, "
                              "sickness or other.", "kind") from None


def minutes_of(value: time) -> int:
    return value.hour * 60 + value.minute


def hours_text(minutes: int) -> str:
    """'7.5 h', '8 h', '0.25 h': hours for people, with no needless decimals."""
    hours = minutes / 60
    text = f"{hours:.2f}".rstrip("0").rstrip(".")
    return f"{text} h"


def check_day(day: date, field_name: str) -> None:
    if not EARLIEST_DAY <= day <= LATEST_DAY:
        raise ValidationError("Choose a date between 2000 and 2099.", field_name)


@dataclass(frozen=True)
class Person:
    """Someone in the staff register: practice staff, CSU staff or a supplier's.

    Attributes:
        smartcard_on: the day their smartcard was (or will be) activated for the new
            system; None when it is not arranged.
        trained_on: the day they were (or will be) trained on the new system.
    """

    id: PersonId
    name: str
    role: str
    organisation: Organisation = Organisation.PRACTICE
    contact: str = ""
    site: str = ""
    smartcard_on: date | None = None
    trained_on: date | None = None
    notes: str = ""

    def validate(self) -> None:
        if not self.name.strip():
            raise ValidationError("Give the person's name.", "name")
        if len(self.name) > MAX_NAME:
            raise ValidationError(f"A name can be at most {MAX_NAME} characters.", "name")
        if not self.role.strip():
            raise ValidationError("Give the person's role.", "role")
        if len(self.role) > MAX_ROLE:
            raise ValidationError(f"A role can be at most {MAX_ROLE} characters.", "role")
        if len(self.contact) > MAX_TEXT:
            raise ValidationError(f"Contact details can be at most {MAX_TEXT} characters.",
                                  "contact")
        if len(self.site) > MAX_TEXT:
            raise ValidationError(f"A site can be at most {MAX_TEXT} characters.", "site")
        if len(self.notes) > MAX_NOTE:
            raise ValidationError(f"Notes can be at most {MAX_NOTE} characters.", "notes")
        if self.smartcard_on is not None:
            check_day(self.smartcard_on, "smartcard_on")
        if self.trained_on is not None:
            check_day(self.trained_on, "trained_on")

    def smartcard_by(self, day: date) -> bool:
        return self.smartcard_on is not None and self.smartcard_on <= day

    def trained_by(self, day: date) -> bool:
        return self.trained_on is not None and self.trained_on <= day


@dataclass(frozen=True)
class Shift:
    """The hours a person works on one weekday (0 is Monday)."""

    weekday: int
    start: time
    end: time

    @property
    def minutes(self) -> int:
        return minutes_of(self.end) - minutes_of(self.start)

    @property
    def span(self) -> tuple[int, int]:
        return minutes_of(self.start), minutes_of(self.end)

    def validate(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValidationError("A weekday is Monday to Sunday.", "shifts")
        if self.end <= self.start:
            raise ValidationError(
                f"On {WEEKDAY_NAMES[self.weekday]} the finishing time must be after the "
                "starting time.", "shifts")


@dataclass(frozen=True)
class WorkingPattern:
    """Which weekdays a person works, and the hours, from a date on.

    `valid_from` None is the pattern a person starts with; a later pattern replaces it
    from its own date (a change of hours mid-plan, for example).
    """

    person_id: PersonId
    valid_from: date | None
    shifts: tuple[Shift, ...] = ()

    def validate(self) -> None:
        days = [shift.weekday for shift in self.shifts]
        if len(set(days)) != len(days):
            raise ValidationError("Give each weekday once.", "shifts")
        for shift in self.shifts:
            shift.validate()
        if self.valid_from is not None:
            check_day(self.valid_from, "valid_from")

    def shift_on(self, weekday: int) -> Shift | None:
        for shift in self.shifts:
            if shift.weekday == weekday:
                return shift
        return None

    @property
    def weekly_minutes(self) -> int:
        return sum(shift.minutes for shift in self.shifts)

    def summary(self) -> str:
        """'Mon–Fri 09:00–17:00', 'Tue, Thu 08:30–13:00', or one entry per hours."""
        return pattern_summary(self.shifts)


def pattern_summary(shifts: Iterable[Shift]) -> str:
    ordered = sorted(shifts, key=lambda s: s.weekday)
    if not ordered:
        return "No working days"
    groups: list[tuple[list[int], tuple[time, time]]] = []
    for shift in ordered:
        hours = (shift.start, shift.end)
        if groups and groups[-1][1] == hours:
            groups[-1][0].append(shift.weekday)
        else:
            groups.append(([shift.weekday], hours))
    parts = []
    for days, (start, end) in groups:
        parts.append(f"{_day_list(days)} {hhmm(start)}–{hhmm(end)}")
    return "; ".join(parts)


def _day_list(days: list[int]) -> str:
    if len(days) >= 3 and days == list(range(days[0], days[-1] + 1)):
        return f"{WEEKDAY_SHORT[days[0]]}–{WEEKDAY_SHORT[days[-1]]}"
    return ", ".join(WEEKDAY_SHORT[d] for d in days)


def weekday_shifts(days: Iterable[int], start: time = DEFAULT_START,
                   end: time = DEFAULT_END) -> tuple[Shift, ...]:
    """The same hours on each of the given weekdays."""
    return tuple(Shift(day, start, end) for day in sorted(set(days)))


_WEEKDAY_WORDS = {name.casefold(): number for number, name in enumerate(WEEKDAY_NAMES)}
_WEEKDAY_WORDS.update({name.casefold(): number for number, name in enumerate(WEEKDAY_SHORT)})
_WEEKDAY_WORDS.update({"tues": 1, "weds": 2, "thur": 3, "thurs": 3})


def parse_weekdays(text: str) -> tuple[int, ...]:
    """'Mon Tue Thu', 'Monday, Wednesday', 'Mon-Fri' as weekday numbers; empty is Mon to Fri."""
    cleaned = text.strip()
    if not cleaned:
        return (0, 1, 2, 3, 4)
    found: set[int] = set()
    for part in re.split(r"[\s,;/]+", cleaned):
        if not part:
            continue
        if "-" in part or "–" in part:
            first, _, last = re.split(r"([-–])", part, maxsplit=1)
            start, end = _weekday(first, text), _weekday(last, text)
            if end < start:
                raise ValidationError(f"“{part}” runs backwards; write it as Mon-Fri.",
                                      "working_days")
            found.update(range(start, end + 1))
        else:
            found.add(_weekday(part, text))
    return tuple(sorted(found))


def _weekday(word: str, whole: str) -> int:
    try:
        return _WEEKDAY_WORDS[word.strip().casefold()]
    except KeyError:
        raise ValidationError(f"“{word}” in “{whole}” is not a weekday; write days such as "
                              "Mon Tue Thu.", "working_days") from None


@dataclass(frozen=True)
class Absence:
    """Time a person is away, by date range; with times it is part of each day only."""

    id: AbsenceId
    person_id: PersonId
    kind: AbsenceKind
    first: date
    last: date
    start_time: time | None = None
    end_time: time | None = None
    note: str = ""

    @property
    def is_part_day(self) -> bool:
        return self.start_time is not None and self.end_time is not None

    @property
    def span(self) -> tuple[int, int]:
        """The minutes of each day it takes: the whole day unless it is a part day."""
        if self.start_time is not None and self.end_time is not None:
            return minutes_of(self.start_time), minutes_of(self.end_time)
        return 0, MINUTES_PER_DAY

    def covers(self, day: date) -> bool:
        return self.first <= day <= self.last

    def days(self) -> list[date]:
        return [self.first + timedelta(days=n) for n in range((self.last - self.first).days + 1)]

    def validate(self) -> None:
        check_day(self.first, "first")
        check_day(self.last, "last")
        if self.last < self.first:
            raise ValidationError("The last day cannot be before the first.", "last")
        if (self.last - self.first).days >= MAX_ABSENCE_DAYS:
            raise ValidationError(f"An absence can be at most {MAX_ABSENCE_DAYS} days; "
                                  "book a longer one in parts.", "last")
        if (self.start_time is None) != (self.end_time is None):
            raise ValidationError("A part-day absence needs a starting and a finishing time.",
                                  "start_time")
        if (self.start_time is not None and self.end_time is not None
                and self.end_time <= self.start_time):
            raise ValidationError("The finishing time must be after the starting time.",
                                  "end_time")
        if len(self.note) > MAX_NOTE:
            raise ValidationError(f"A note can be at most {MAX_NOTE} characters.", "note")

    def overlaps(self, other: Absence) -> bool:
        if self.person_id != other.person_id:
            return False
        if self.last < other.first or other.last < self.first:
            return False
        (a, b), (c, d) = self.span, other.span
        return a < d and c < b

    def describe(self) -> str:
        """'Annual leave, Mon 15 Mar 2027 to Wed 17 Mar 2027, 13:00–17:00'."""
        when = (uk_date(self.first) if self.first == self.last
                else f"{uk_date(self.first)} to {uk_date(self.last)}")
        hours = (f", {hhmm(self.start_time)}–{hhmm(self.end_time)}" if self.is_part_day
                 else "")
        return f"{self.kind.label}, {when}{hours}"


@dataclass(frozen=True)
class Assignment:
    """A person assigned to a task; `minutes` a day, or None to follow the task's times."""

    task_id: TaskId
    person_id: PersonId
    minutes: int | None = None

    def validate(self) -> None:
        if self.minutes is not None and not 1 <= self.minutes <= MINUTES_PER_DAY:
            raise ValidationError("Hours a day must be more than 0 and at most 24.", "minutes")


class CoverDay(StrEnum):
    """The key days that need particular roles present."""

    FDP = "FDP"
    TGL = "TGL"
    BGL = "BGL"
    BGL_1 = "BGL+1"
    BGL_2 = "BGL+2"

    @property
    def label(self) -> str:
        return {"FDP": "Final Data Production", "TGL": "Technical Go Live",
                "BGL": "Business Go Live", "BGL+1": "the first working day after go-live",
                "BGL+2": "the second working day after go-live"}[self.value]


@dataclass(frozen=True)
class CoverNeed:
    """On a key day, at least `count` people of a role (or role group) must be at work."""

    day: CoverDay
    role: str
    count: int = 1

    def validate(self) -> None:
        if not self.role.strip():
            raise ValidationError("Say which role is needed.", "role")
        if len(self.role) > MAX_ROLE:
            raise ValidationError(f"A role can be at most {MAX_ROLE} characters.", "role")
        if not 1 <= self.count <= 99:
            raise ValidationError("The number needed must be 1 to 99.", "count")


DEFAULT_COVER_NEEDS: tuple[CoverNeed, ...] = tuple(
    CoverNeed(day, role)
    for day in CoverDay
    for role in (PRACTICE_MANAGER, CLINICIAN, RECEPTIONIST)
) + (CoverNeed(CoverDay.BGL, TRAINER),)


def cover_days(key_dates: Mapping[KeyDate, date], calendar: WorkingCalendar) -> dict[CoverDay,
                                                                                     date]:
    """The date of each cover day; BGL+1 and BGL+2 are the next two working days after BGL."""
    bgl = key_dates[KeyDate.BGL]
    after = calendar.next_working_day(bgl)
    return {
        CoverDay.FDP: key_dates[KeyDate.FDP],
        CoverDay.TGL: key_dates[KeyDate.TGL],
        CoverDay.BGL: bgl,
        CoverDay.BGL_1: after,
        CoverDay.BGL_2: calendar.next_working_day(after),
    }


register_entity(Person, "staff", lambda person: person.id)
register_entity(WorkingPattern, "working_pattern",
                lambda pattern: (pattern.person_id, pattern.valid_from or "start"))
register_entity(Absence, "absence", lambda absence: absence.id)
register_entity(Assignment, "assignment", lambda a: (a.task_id, a.person_id))
register_entity(CoverNeed, "cover_need", lambda need: (need.day.value, need.role))


# Availability


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
        return (day_kind(day, self.calendar) is DayKind.NORMAL
                and self.shift_on(person_id, day) is not None)

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
    span = [start + timedelta(days=n) for n in range((end - start).days + 1)]
    if len(span) == 1:
        return span
    worked = [day for day in span if book.normally_works(person_id, day)]
    return worked or span

"""What the staff feature tells a printout or export: who does each task, who is in and who is off.

Reports depend only on this small value, not on how staff are stored, so the day schedule,
the person's schedule, the calendar and the task files work the same with or without a staff
register. `staff_info_of` fills it from the staff feature's tables.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date

from cutover_desktop.domain.availability import DayState, StaffBook, assigned_days
from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.formatting import hhmm
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.staff import Person
from cutover_desktop.domain.working_hours import WEEKDAY_NAMES


@dataclass(frozen=True)
class PersonOnDay:
    """A person as a day schedule lists them: "Sam Patel, Receptionist, 08:30–13:00"."""

    name: str
    role: str = ""
    detail: str = ""  # their hours that day, or why they are off ("Annual leave")


@dataclass(frozen=True)
class StaffDay:
    working: tuple[PersonOnDay, ...] = ()
    off: tuple[PersonOnDay, ...] = ()


def _no_day(_day: date) -> StaffDay:
    return StaffDay()


def _every_day(_name: str, start: date, end: date) -> frozenset[date]:
    return frozenset(each_day(start, end))


@dataclass(frozen=True)
class StaffInfo:
    """Attributes:
        names: everyone in the staff register, in the order the register lists them.
        assignees: for each task, the names of the people assigned to it.
        day: who is working and who is off on a day.
        task_days: the days a person works on a task that runs from start to end (a task of
            several days is on the days in its span they normally work).
    """

    names: tuple[str, ...] = ()
    assignees: Mapping[TaskId, tuple[str, ...]] = field(default_factory=dict)
    day: Callable[[date], StaffDay] = _no_day
    task_days: Callable[[str, date, date], frozenset[date]] = _every_day

    @property
    def present(self) -> bool:
        """True when the plan has a staff register (so "who is in" sections are printed)."""
        return bool(self.names)

    def assigned_to(self, task_id: TaskId) -> tuple[str, ...]:
        return self.assignees.get(task_id, ())

    def find(self, name: str) -> str | None:
        """The register's spelling of a name typed in any case, or None."""
        wanted = " ".join(name.split()).casefold()
        for known in self.names:
            if " ".join(known.split()).casefold() == wanted:
                return known
        return None

    def tasks_of(self, name: str) -> frozenset[TaskId]:
        return frozenset(task_id for task_id, people in self.assignees.items() if name in people)


NO_STAFF = StaffInfo()


def _person_detail(book: StaffBook, person: Person, day: date) -> tuple[bool, str]:
    """Whether the person is at work on the day, and what the schedule says about them."""
    av = book.availability(person.id, day)
    if av.state is DayState.WORKING and av.shift is not None:
        return True, f"{hhmm(av.shift.start)}–{hhmm(av.shift.end)}"
    if av.state is DayState.PART_ABSENT and av.shift is not None:
        away = av.absence
        what = away.kind.label.lower() if away else "away"
        times = (f" {hhmm(away.start_time)}–{hhmm(away.end_time)}"
                 if away is not None and away.is_part_day else "")
        return True, f"{hhmm(av.shift.start)}–{hhmm(av.shift.end)}, {what}{times}"
    if av.state is DayState.ABSENT:
        away = av.absence
        return False, away.kind.label if away else "Away"
    if av.state is DayState.BANK_HOLIDAY:
        return False, "bank holiday"
    if av.state is DayState.CLOSED:
        return False, "practice closed"
    if av.absence is not None:
        return False, av.absence.kind.label
    return False, f"does not work {WEEKDAY_NAMES[day.weekday()]}s"


def staff_info_of(state: PlanState) -> StaffInfo:
    """The staff register of a plan as printouts and exports need it (NO_STAFF when empty)."""
    book = StaffBook.of(state.tables, state.calendar)
    if not book.people:
        return NO_STAFF
    people = book.ordered_people()
    assignees: dict[TaskId, tuple[str, ...]] = {}
    order = {person.id: index for index, person in enumerate(people)}
    for task_id, assignments in book.by_task.items():
        ids = sorted({a.person_id for a in assignments if a.person_id in book.people},
                     key=order.__getitem__)
        assignees[task_id] = tuple(book.people[pid].name for pid in ids)

    def on_day(day: date) -> StaffDay:
        working: list[PersonOnDay] = []
        off: list[PersonOnDay] = []
        for person in people:
            at_work, detail = _person_detail(book, person, day)
            entry = PersonOnDay(person.name, person.role, detail)
            (working if at_work else off).append(entry)
        return StaffDay(tuple(working), tuple(off))

    by_name = {person.name: person.id for person in people}

    def task_days(name: str, start: date, end: date) -> frozenset[date]:
        person_id = by_name.get(name)
        if person_id is None:
            return _every_day(name, start, end)
        return frozenset(assigned_days(book, person_id, start, end))

    return StaffInfo(tuple(p.name for p in people), assignees, on_day, task_days)

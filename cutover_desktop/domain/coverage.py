"""The coverage grid: every person on every day of a window, with hours and conflicts."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cutover_desktop.domain.absences import Absence
from cutover_desktop.domain.availability import (
    DayKind,
    DayState,
    StaffBook,
    assigned_days,
    assigned_minutes,
    availability,
    day_kind,
)
from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.staff import CoverDay, Person
from cutover_desktop.domain.staff_rules import (
    DAY_CODES,
    ROLE_GAP,
    Conflict,
    StaffContext,
    staff_conflicts,
)
from cutover_desktop.domain.working_hours import Shift

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

MAX_WINDOW_DAYS = 731
# Key dates marked in the grid's header, in the order they happen.
MARKED_KEY_DATES = (KeyDate.PLANNING_MEETING, KeyDate.LINK_OFF, KeyDate.FDP, KeyDate.TGL,
                    KeyDate.BGL, KeyDate.READ_ONLY_END)


@dataclass(frozen=True, slots=True)
class Cell:
    """One person on one day.

    Attributes:
        available: minutes at work, part-day absences taken off.
        assigned: minutes of open tasks with known hours that fall on the day.
        task_ids: the open tasks assigned to the person on the day (hours known or not).
        conflicts: the person's conflicts on the day.
    """

    state: DayState
    shift: Shift | None = None
    absences: tuple[Absence, ...] = ()
    available: int = 0
    assigned: int = 0
    task_ids: tuple[TaskId, ...] = ()
    conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Row:
    person: Person
    cells: tuple[Cell, ...]
    # Conflicts about the person but no one day in particular (training, smartcard).
    person_conflicts: tuple[Conflict, ...] = ()


@dataclass(frozen=True)
class Coverage:
    """People down, days across.

    Attributes:
        marks: for each day, the key dates on it ('FDP', 'TGL', 'BGL', 'BGL+1', ...).
        gaps: for each key day, the ROLE_GAP conflicts on it.
    """

    first: date
    last: date
    days: tuple[date, ...]
    rows: tuple[Row, ...]
    marks: Mapping[date, tuple[str, ...]] = field(default_factory=dict)
    gaps: Mapping[date, tuple[Conflict, ...]] = field(default_factory=dict)
    holidays: Mapping[date, str] = field(default_factory=dict)
    kinds: tuple[DayKind, ...] = ()

    def at_work(self, column: int) -> int:
        """How many people are at work (for some of the day at least) on a day."""
        return sum(1 for row in self.rows if row.cells[column].state.at_work)

    def counts(self) -> list[int]:
        return [self.at_work(column) for column in range(len(self.days))]

    def column_of(self, day: date) -> int | None:
        offset = (day - self.first).days
        return offset if 0 <= offset < len(self.days) else None


def default_window(state: PlanState) -> tuple[date, date]:
    """Two weeks before Final Data Production to two weeks after Business Go Live."""
    keys = state.schedule.key_dates
    return keys[KeyDate.FDP] - timedelta(days=14), keys[KeyDate.BGL] + timedelta(days=14)


def build_coverage(state: PlanState, first: date, last: date,
                   people: Sequence[PersonId] | None = None) -> Coverage:
    """The grid for the days first..last, for everyone (or the people given, in that order)."""
    if last < first:
        first, last = last, first
    last = min(last, first + timedelta(days=MAX_WINDOW_DAYS - 1))
    days = tuple(each_day(first, last))
    calendar = state.calendar
    kinds = tuple(day_kind(day, calendar) for day in days)
    ctx = StaffContext.of(state)
    book = ctx.book
    conflicts = staff_conflicts(state)
    per_day: dict[tuple[PersonId, date], list[Conflict]] = defaultdict(list)
    per_person: dict[PersonId, list[Conflict]] = defaultdict(list)
    gaps: dict[date, list[Conflict]] = defaultdict(list)
    for conflict in conflicts:
        if conflict.code == ROLE_GAP:
            gaps[conflict.day].append(conflict)
        elif conflict.person_id is None:
            continue
        elif conflict.code in DAY_CODES:
            per_day[(conflict.person_id, conflict.day)].append(conflict)
        else:
            per_person[conflict.person_id].append(conflict)
    order = (list(people) if people is not None
             else [p.id for p in book.ordered_people()])
    plain: dict[tuple[Shift | None, DayKind], Cell] = {}
    rows = tuple(_row(book, ctx, book.people[pid], first, days, kinds, per_day,
                      per_person.get(pid, []), plain)
                 for pid in order if pid in book.people)
    return Coverage(first, last, days, rows, _marks(ctx, first, last), {
        day: tuple(found) for day, found in gaps.items()},
        {day: name for day in days if (name := bank_holiday_name(day))}, kinds)


def _marks(ctx: StaffContext, first: date, last: date) -> dict[date, tuple[str, ...]]:
    marks: dict[date, list[str]] = defaultdict(list)
    for key in MARKED_KEY_DATES:
        day = ctx.keys[key]
        if first <= day <= last:
            marks[day].append(key.short)
    for cover in (CoverDay.BGL_1, CoverDay.BGL_2):
        day = ctx.covers[cover]
        if first <= day <= last:
            marks[day].append(cover.value)
    return {day: tuple(found) for day, found in marks.items()}


def _row(book: StaffBook, ctx: StaffContext, person: Person, first: date,
         days: tuple[date, ...], kinds: tuple[DayKind, ...],
         per_day: Mapping[tuple[PersonId, date], list[Conflict]],
         person_conflicts: list[Conflict],
         plain: dict[tuple[Shift | None, DayKind], Cell]) -> Row:
    count = len(days)
    last = days[-1]
    # Shifts: walk the person's patterns alongside the days, oldest first.
    patterns = book.patterns.get(person.id, [])
    by_weekday = [[p.shift_on(weekday) for weekday in range(7)] for p in patterns]
    shifts: list[Shift | None] = [None] * count
    index = -1
    for column, day in enumerate(days):
        while index + 1 < len(patterns) and (patterns[index + 1].valid_from or date.min) <= day:
            index += 1
        if index >= 0:
            shifts[column] = by_weekday[index][day.weekday()]
    # Absences: spread over the columns they cover.
    covering: list[list[Absence]] = [[] for _ in range(count)]
    for absence in book.absences.get(person.id, ()):
        if absence.last < first or absence.first > last:
            continue
        start = max((absence.first - first).days, 0)
        end = min((absence.last - first).days, count - 1)
        for column in range(start, end + 1):
            covering[column].append(absence)
    # Assigned hours and tasks.
    assigned = [0] * count
    tasks: list[list[TaskId]] = [[] for _ in range(count)]
    for assignment in book.assignments.get(person.id, ()):
        task = ctx.tasks.get(assignment.task_id)
        if task is None or task.status.is_closed or task.id not in ctx.starts:
            continue
        start_day, end_day = ctx.starts[task.id], ctx.ends[task.id]
        if end_day < first or start_day > last:
            continue
        minutes = assigned_minutes(assignment, task) or 0
        for day in assigned_days(book, person.id, start_day, end_day):
            column = (day - first).days
            if 0 <= column < count:
                assigned[column] += minutes
                tasks[column].append(task.id)
    cells = []
    for column, day in enumerate(days):
        away = covering[column]
        here = tasks[column]
        clashes = per_day.get((person.id, day))
        if not away and not here and not clashes:
            # Most cells are an ordinary day: one shared Cell per (shift, kind) will do.
            key = (shifts[column], kinds[column])
            cell = plain.get(key)
            if cell is None:
                av = availability(shifts[column], kinds[column], ())
                cell = plain[key] = Cell(av.state, av.shift, (), av.available_minutes)
            cells.append(cell)
            continue
        av = availability(shifts[column], kinds[column], away)
        cells.append(Cell(av.state, av.shift, av.absences or tuple(away),
                          av.available_minutes, assigned[column], tuple(here),
                          tuple(clashes or ())))
    return Row(person, tuple(cells), tuple(person_conflicts))

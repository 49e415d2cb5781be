"""The day schedule staff carry through a cut-over day, for everyone or for one person."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass
from datetime import date, time, timedelta

from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.days import day_count
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import hhmm, plural, relative_day, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.scheduling import TaskDates
from cutover_desktop.reports.document import (
    Align,
    Block,
    Cell,
    Column,
    Facts,
    GroupRow,
    Heading,
    Line,
    NotesArea,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)
from cutover_desktop.reports.staff_info import NO_STAFF, PersonOnDay, StaffDay, StaffInfo

ANY_TIME = "Any time"
# The longest stretch a person's schedule covers (a cut-over fortnight is 14 days).
MAX_PERSON_DAYS = 62


@dataclass(frozen=True)
class DayEntry:
    """A task as it falls on one day: which of its days this is, and when in the day."""

    task: Task
    placed: TaskDates
    day: date

    @property
    def timed(self) -> bool:
        return self.task.start_time is not None

    @property
    def day_number(self) -> int:
        return (self.day - self.placed.start).days + 1

    @property
    def day_count(self) -> int:
        return day_count(self.placed.start, self.placed.end)

    def time_text(self) -> str:
        task = self.task
        if task.start_time and task.end_time:
            return f"{hhmm(task.start_time)}–{hhmm(task.end_time)}"
        if task.start_time:
            return f"from {hhmm(task.start_time)}"
        if task.end_time:
            return f"{ANY_TIME}, by {hhmm(task.end_time)}"
        return ANY_TIME

    def span_text(self) -> str:
        return f"day {self.day_number} of {self.day_count}" if self.day_count > 1 else ""


def person_entries(state: PlanState, day: date, staff: StaffInfo, person: str) -> list[DayEntry]:
    """A person's tasks on a day: those assigned to them, and of a task lasting several days
    only the days they work on it."""
    return [entry for entry in tasks_on_day(state, day, staff.tasks_of(person))
            if day in staff.task_days(person, entry.placed.start, entry.placed.end)]


def tasks_on_day(state: PlanState, day: date,
                 only: Collection[TaskId] | None = None) -> list[DayEntry]:
    """The tasks whose scheduled days cover the day: timed ones by start time, then the rest."""
    dates = state.schedule.dates
    found = [DayEntry(task, dates[task.id], day) for task in state.tasks.values()
             if dates[task.id].start <= day <= dates[task.id].end
             and (only is None or task.id in only)]
    found.sort(key=lambda e: (not e.timed, e.task.start_time or time.min,
                              e.task.end_time or time.max, e.placed.start,
                              e.task.position, e.task.id))
    return found


def key_dates_on(state: PlanState, day: date) -> list[KeyDate]:
    return [key for key, when in state.schedule.key_dates.items() if when == day]


def day_facts(state: PlanState, day: date) -> list[tuple[str, str]]:
    """What kind of day it is: key dates, days from go-live, and why it is not a working day."""
    pairs: list[tuple[str, str]] = []
    keys = key_dates_on(state, day)
    if keys:
        pairs.append(("Key date", "; ".join(f"{k.label} ({k.short})" if k.short != k.label
                                            else k.label for k in keys)))
    pairs.append(("Day", relative_day((day - state.details.go_live).days)))
    reason = state.calendar.why_not_working(day)
    if reason:
        pairs.append(("Not a working day", reason[0].upper() + reason[1:]))
    else:
        holiday = bank_holiday_name(day)
        if holiday:  # an extra working day on a bank holiday
            pairs.append(("Bank holiday", f"{holiday} (the practice is working)"))
    note = state.calendar_days.get(day)
    if note is not None and note.note:
        pairs.append(("Calendar note", note.note))
    return pairs


def _status_line(task: Task) -> Line | None:
    if task.status is TaskStatus.NOT_STARTED:
        return None
    text = f"Status: {task.status.label}"
    if task.status is TaskStatus.SKIPPED and task.skip_reason:
        text += f" ({task.skip_reason})"
    return Line(text, Style.BOLD)


def _task_cell(task: Task, with_notes: bool = True) -> Cell:
    return Cell.of(
        Line(task.title, Style.BOLD),
        _status_line(task),
        Line(task.phase + (" · milestone" if task.milestone else ""), Style.MUTED),
        Line(task.notes, Style.SMALL) if with_notes else None,
    )


def _who_cell(task: Task, staff: StaffInfo, off: dict[str, str]) -> Cell:
    """The people assigned (marked when they are off that day, so the gap shows on paper),
    then the owner role."""
    people = []
    for name in staff.assigned_to(task.id):
        shown = name.replace(" ", "\u00a0")  # no-break spaces keep a name on one line
        people.append(f"{shown} (off: {off[name]})" if name in off else shown)
    return Cell.of(Line(", ".join(people)),
                   Line(task.owner_role, Style.MUTED if people else Style.NORMAL))


def schedule_columns(staff: StaffInfo) -> tuple[Column, ...]:
    who = "Who" if staff.present else "Owner role"
    return (
        Column("Done", 5.5, Align.CENTRE),
        Column("Time", 15),
        Column("Task", 43),
        Column(who, 18),
        Column("Site", 11),
        Column("Initials", 9),
        Column("Notes", 15),
    )


def _entry_row(entry: DayEntry, staff: StaffInfo, off: dict[str, str]) -> Row:
    task = entry.task
    return Row((
        Cell.tick_box(checked=task.status is TaskStatus.DONE),
        Cell.of(Line(entry.time_text()), Line(entry.span_text(), Style.MUTED)),
        _task_cell(task),
        _who_cell(task, staff, off),
        Cell.text(task.site),
        Cell(),
        Cell(),
    ))


def _off_names(staff: StaffInfo, day: date) -> dict[str, str]:
    """Who is not at work that day, and why (away, or not one of their working days)."""
    return {p.name: p.detail for p in staff.day(day).off} if staff.present else {}


def _entry_rows(entries: list[DayEntry], staff: StaffInfo,
                off: dict[str, str]) -> list[Row | GroupRow]:
    timed = [e for e in entries if e.timed]
    untimed = [e for e in entries if not e.timed]
    rows: list[Row | GroupRow] = []
    if timed:
        rows.append(GroupRow("At set times", plural(len(timed), "task")))
        rows += [_entry_row(e, staff, off) for e in timed]
    if untimed:
        rows.append(GroupRow("Any time during the day", plural(len(untimed), "task")))
        rows += [_entry_row(e, staff, off) for e in untimed]
    return rows


def _people_text(people: Iterable[PersonOnDay]) -> str:
    parts = []
    for person in people:
        extra = ", ".join(part for part in (person.role, person.detail) if part)
        parts.append(f"{person.name} ({extra})" if extra else person.name)
    return "; ".join(parts)


def _counts(entries: list[DayEntry]) -> str:
    done = sum(1 for e in entries if e.task.status.is_closed)
    text = plural(len(entries), "task")
    return f"{text}, {done} done or skipped" if done else text


def resolve_person(staff: StaffInfo, person: str) -> str:
    """The register's name for a person typed on the command line or chosen in a list."""
    if not staff.present:
        raise ValidationError("This plan has no staff register yet, so there is no one to "
                              "print a schedule for; add staff first.", "person")
    found = staff.find(person)
    if found is None:
        raise ValidationError(f"No one called “{person}” is in the staff register.", "person")
    return found


def day_schedule(state: PlanState, frame: PageFrame, day: date,
                 staff: StaffInfo = NO_STAFF, person: str | None = None) -> Report:
    """The day schedule for a date: its key date, the tasks in time order with a tick box
    and an initials column, who does each, and who is in and who is off."""
    if person is not None:
        person = resolve_person(staff, person)
        entries = person_entries(state, day, staff, person)
    else:
        entries = tasks_on_day(state, day)
    blocks: list[Block] = []
    facts = day_facts(state, day)
    facts.append(("Tasks", _counts(entries)))
    blocks.append(Facts(tuple(facts)))
    if staff.present:
        who = staff.day(day)
        if person is None:
            blocks.append(Heading("Who is in and who is off", 2))
            blocks.append(Paragraph((
                Line(f"In ({len(who.working)}): {_people_text(who.working) or 'no one'}"),
                Line(f"Off ({len(who.off)}): {_people_text(who.off) or 'no one'}"),
            )))
        else:
            blocks.append(Paragraph.text(_person_day_text(person, who), Style.BOLD))
    empty = (f"{person} has no tasks on this day." if person
             else "No tasks are scheduled on this day.")
    blocks.append(Table(schedule_columns(staff),
                        tuple(_entry_rows(entries, staff, _off_names(staff, day))),
                        empty_text=empty, min_row_mm=9))
    blocks.append(NotesArea())
    keys = key_dates_on(state, day)
    subtitle = "; ".join(k.label for k in keys)
    title = f"Day schedule: {uk_date(day)}"
    if person:
        title = f"Day schedule for {person}: {uk_date(day)}"
    return Report(frame, title, tuple(blocks), subtitle=subtitle)


def _person_day_text(person: str, who: StaffDay) -> str:
    for entry in who.off:
        if entry.name == person:
            return f"{person} is off this day" + (f": {entry.detail}." if entry.detail else ".")
    for entry in who.working:
        if entry.name == person:
            return f"{person} is working" + (f", {entry.detail}." if entry.detail else ".")
    return f"{person} does not normally work this day."


def person_schedule(state: PlanState, frame: PageFrame, person: str, first: date, last: date,
                    staff: StaffInfo) -> Report:
    """One person's tasks over several days (their cut-over fortnight), a heading per day."""
    person = resolve_person(staff, person)
    if last < first:
        raise ValidationError("The last day must not be before the first.", "last")
    if day_count(first, last) > MAX_PERSON_DAYS:
        raise ValidationError(f"Print at most {MAX_PERSON_DAYS} days at a time.", "last")
    rows: list[Row | GroupRow] = []
    total = 0
    day = first
    while day <= last:
        entries = person_entries(state, day, staff, person)
        who = staff.day(day)
        working = any(entry.name == person for entry in who.working)
        # Monday to Friday always, with their hours or why they are off; a weekend day only
        # when they work it or have a task on it.
        if entries or working or day.weekday() < 5:
            total += len(entries)
            keys = ", ".join(k.short for k in key_dates_on(state, day))
            heading = uk_date(day) + (f" · {keys}" if keys else "")
            detail = _person_day_text(person, who).removeprefix(person + " ")
            count = plural(len(entries), "task") if entries else "no tasks"
            rows.append(GroupRow(heading, f"{count}; {detail}"))
            rows += [_entry_row(e, staff, _off_names(staff, day)) for e in entries]
        day += timedelta(days=1)
    facts = Facts((("Person", person), ("Days", f"{uk_date(first)} to {uk_date(last)}"),
                   ("Tasks", plural(total, "task"))))
    table = Table(schedule_columns(staff), tuple(rows),
                  empty_text=f"{person} has no tasks in these days.", min_row_mm=9)
    return Report(frame, f"Schedule for {person}", (facts, table, NotesArea()),
                  subtitle=f"{uk_date(first)} to {uk_date(last)}")


def cutover_fortnight(state: PlanState) -> tuple[date, date]:
    """The days a person's schedule covers by default: the working weeks from the Monday
    of the week before Final Data Production to the Sunday after the week of Business Go
    Live (weekend days print only where the person works them)."""
    keys = state.schedule.key_dates
    start = keys[KeyDate.FDP] - timedelta(days=5)
    end = keys[KeyDate.BGL] + timedelta(days=5)
    monday = start - timedelta(days=start.weekday())
    sunday = end + timedelta(days=6 - end.weekday())
    return monday, sunday

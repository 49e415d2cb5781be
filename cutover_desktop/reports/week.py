"""A week at a glance: phases down the side, Monday to Sunday across, each task on its day."""

from __future__ import annotations

from datetime import date, timedelta

from cutover_desktop.domain.calendar import bank_holiday_name
from cutover_desktop.domain.days import monday_of
from cutover_desktop.domain.formatting import day_abbr, hhmm, month_abbr, plural, uk_date
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.reports.document import (
    Block,
    Cell,
    Column,
    Facts,
    Heading,
    Line,
    Orientation,
    PageFrame,
    Report,
    Row,
    Style,
    Table,
)
from cutover_desktop.reports.staff_info import NO_STAFF, StaffInfo

DAYS_IN_WEEK = 7


def _task_line(task: Task, start: date, end: date, staff: StaffInfo) -> Line:
    # A no-break space keeps the bullet (and the time) with the first word.
    text = "•\u00a0" + (hhmm(task.start_time) + "\u00a0" if task.start_time else "") + task.title
    if end > start:
        text += f" (until {_short(end)})"
    people = staff.assigned_to(task.id)
    if people:
        text += f" — {', '.join(people)}"
    if task.status is not TaskStatus.NOT_STARTED:
        text += f" [{task.status.label}]"
    return Line(text, Style.BOLD if task.milestone else Style.NORMAL)


def _short(day: date) -> str:
    return f"{day_abbr(day)} {day.day} {month_abbr(day)}"


def _heading_date(day: date) -> str:
    """'Thu 11 Mar', which a narrow column prints as 'Thu' over '11 Mar', never '11' over
    'Mar'."""
    return f"{day_abbr(day)} {day.day}\u00a0{month_abbr(day)}"


def _day_heading(state: PlanState, day: date) -> str:
    lines = [_heading_date(day)]
    keys = [k.short for k, when in state.schedule.key_dates.items() if when == day]
    if keys:
        lines.append(", ".join(keys))
    reason = state.calendar.why_not_working(day)
    if reason and day.weekday() < 5:
        holiday = bank_holiday_name(day)
        lines.append("Bank holiday" if holiday else "Closed")
    return "\n".join(lines)


def week_at_a_glance(state: PlanState, frame: PageFrame, day: date,
                     staff: StaffInfo = NO_STAFF) -> Report:
    """The week containing the day: each task on the day it starts, under its phase. Tasks
    that started in an earlier week and carry on into this one are listed above the grid."""
    monday = monday_of(day)
    days = [monday + timedelta(days=n) for n in range(DAYS_IN_WEEK)]
    sunday = days[-1]
    dates = state.schedule.dates
    by_phase: dict[str, list[list[Line]]] = {}
    carried: list[Row] = []
    for task in state.ordered_tasks():
        placed = dates[task.id]
        if placed.end < monday or placed.start > sunday:
            continue
        if placed.start < monday:
            carried.append(Row((
                Cell.of(Line(task.title, Style.BOLD if task.milestone else Style.NORMAL),
                        Line(", ".join(staff.assigned_to(task.id)), Style.MUTED)),
                Cell.text(task.phase),
                Cell.text(_short(placed.start)),
                Cell.text(_short(placed.end)),
                Cell.text(task.status.label),
            )))
            continue
        cells = by_phase.setdefault(task.phase, [[] for _ in days])
        cells[(placed.start - monday).days].append(
            _task_line(task, placed.start, placed.end, staff))
    phases = [p for p in state.details.phases if p in by_phase]
    phases += sorted(p for p in by_phase if p not in phases)
    rows = tuple(
        Row((Cell.text(phase, Style.BOLD), *(Cell(tuple(lines)) for lines in by_phase[phase])))
        for phase in phases)
    # Busy days get wider columns, so a cut-over day is not a narrow tower of text.
    chars = [sum(len(line.text) for cells in by_phase.values() for line in cells[n])
             for n in range(DAYS_IN_WEEK)]
    columns = (Column("Phase", 0.9),
               *(Column(_day_heading(state, d), 0.6 + min(3.0, chars[n] / 300))
                 for n, d in enumerate(days)))
    starting = sum(len(lines) for cells in by_phase.values() for lines in cells)
    facts: list[tuple[str, str]] = []
    for key, when in state.schedule.key_dates.items():
        if monday <= when <= sunday:
            facts.append((key.label, uk_date(when)))
    for d in days:
        reason = state.calendar.why_not_working(d)
        if reason and d.weekday() < 5:
            facts.append(("Not a working day", f"{uk_date(d)}, {reason}"))
    facts.append(("Tasks", f"{plural(starting, 'task')} starting this week, "
                           f"{len(carried)} carrying on from earlier"))
    blocks: list[Block] = [Facts(tuple(facts)),
                           Table(columns, rows, empty_text="No tasks start in this week.")]
    if carried:
        blocks.append(Heading("Carrying on from earlier weeks", 2))
        blocks.append(Table((Column("Task", 6), Column("Phase", 2), Column("Started", 1.3),
                             Column("Until", 1.3), Column("Status", 1.3)), tuple(carried)))
    title = f"Week at a glance: {uk_date(monday)} to {uk_date(sunday)}"
    return Report(frame, title, tuple(blocks), orientation=Orientation.LANDSCAPE)

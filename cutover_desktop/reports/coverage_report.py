"""The staff coverage grid on paper: people down the side, a fortnight of days across per table."""

from __future__ import annotations

from datetime import date

from cutover_desktop.domain.availability import DayState
from cutover_desktop.domain.coverage import Cell as CoverCell
from cutover_desktop.domain.coverage import Coverage, build_coverage
from cutover_desktop.domain.formatting import day_abbr, month_abbr, plural, uk_date
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.working_hours import hours_text
from cutover_desktop.reports.document import (
    Align,
    Block,
    Cell,
    Column,
    Heading,
    Line,
    Orientation,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)

DAYS_PER_TABLE = 14
LEGEND = ("In: at work. Part: at work for part of the day. Leave, Sick, Training, Away: absent "
          "all day. Off: not one of their working days. BH: bank holiday. Closed: the practice "
          "is closed. Hours: hours of tasks assigned / hours at work (“2/8 h”: 2 hours of tasks "
          "in an 8-hour day). “! 2 conflicts”: see the dashboard for what they are.")
NBSP = "\u00a0"


def _state_word(cell: CoverCell) -> str:
    absence = cell.absences[0] if cell.absences else None
    if cell.state is DayState.WORKING:
        return "In"
    if cell.state is DayState.PART_ABSENT:
        return f"Part ({absence.kind.short})" if absence else "Part"
    if cell.state is DayState.ABSENT:
        return absence.kind.short if absence else "Away"
    if cell.state is DayState.BANK_HOLIDAY:
        return "BH"
    if cell.state is DayState.CLOSED:
        return "Closed"
    return "Off"


def _cell(cell: CoverCell) -> Cell:
    lines = [Line(_state_word(cell), Style.BOLD if cell.state.at_work else Style.NORMAL)]
    if cell.assigned:
        lines.append(Line(hours_of(cell.assigned, cell.available), Style.SMALL))
    elif cell.task_ids:
        lines.append(Line(plural(len(cell.task_ids), "task"), Style.SMALL))
    if cell.conflicts:
        lines.append(Line(f"!{NBSP}{plural(len(cell.conflicts), 'conflict')}", Style.BOLD))
    return Cell(tuple(lines))


def hours_of(assigned: int, available: int) -> str:
    """'0.5/8 h' (minutes in): short, and joined by a no-break space so a narrow day column
    never prints it as '0.5 h of 8' over 'h'."""
    return f"{hours_text(assigned).removesuffix(' h')}/{hours_text(available)}".replace(
        " ", NBSP)


def _heading(coverage: Coverage, day: date) -> str:
    parts = [day_abbr(day), f"{day.day}{NBSP}{month_abbr(day)}"]
    parts += list(coverage.marks.get(day, ()))
    if day in coverage.holidays:
        parts.append("BH")
    return "\n".join(parts)


def _table(coverage: Coverage, start: int, end: int) -> Table:
    days = coverage.days[start:end]
    columns = (Column("Person", 3.2),
               *(Column(_heading(coverage, day), 1.0, Align.CENTRE) for day in days))
    rows = []
    for row in coverage.rows:
        person = row.person
        name = Cell.of(Line(person.name, Style.BOLD), Line(person.role, Style.MUTED),
                       Line(f"! {plural(len(row.person_conflicts), 'conflict')}", Style.BOLD)
                       if row.person_conflicts else None)
        rows.append(Row((name, *(_cell(c) for c in row.cells[start:end]))))
    counts = coverage.counts()[start:end]
    rows.append(Row((Cell.text("At work", Style.BOLD),
                     *(Cell.text(str(n), Style.BOLD) for n in counts))))
    return Table(columns, tuple(rows), empty_text="No staff in the register.")


def _blocks(days: tuple[date, ...]) -> list[tuple[int, int]]:
    """At most a fortnight per table, each ending on a Sunday where it can."""
    blocks = []
    start = 0
    while start < len(days):
        end = min(start + DAYS_PER_TABLE, len(days))
        sundays = [i + 1 for i in range(start, end) if days[i].weekday() == 6]
        if end < len(days) and sundays:
            end = sundays[-1]
        blocks.append((start, end))
        start = end
    return blocks


def coverage_report(state: PlanState, frame: PageFrame, first: date, last: date) -> Report:
    coverage = build_coverage(state, first, last)
    blocks: list[Block] = [Paragraph.text(LEGEND, Style.SMALL)]
    gaps = [f"{uk_date(day)}: no {conflict.role.lower()}" for day, found in
            sorted(coverage.gaps.items()) for conflict in found]
    if gaps:
        blocks.append(Paragraph((Line("Key days without a role they need", Style.BOLD),
                                 *(Line(f"• {gap}") for gap in gaps))))
    for start, end in _blocks(coverage.days):
        first_day, last_day = coverage.days[start], coverage.days[end - 1]
        blocks.append(Heading(f"{uk_date(first_day)} to {uk_date(last_day)}", 2))
        blocks.append(_table(coverage, start, end))
    title = "Staff coverage"
    subtitle = (f"{uk_date(coverage.first)} to {uk_date(coverage.last)}, "
                f"{plural(len(coverage.rows), 'person', 'people')}")
    return Report(frame, title, tuple(blocks), orientation=Orientation.LANDSCAPE,
                  subtitle=subtitle)



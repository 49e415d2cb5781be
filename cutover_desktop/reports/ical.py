"""Tasks as an iCalendar file for Outlook and NHSmail calendars.

Each task has a UID built from the practice's ODS code and the task number, so importing a
newer export updates the events instead of adding copies; SEQUENCE grows with the export time
so calendars take the newer version. Timed tasks are at their times in Europe/London (so the
clock changes in late March and late October are right); untimed tasks are all-day events.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Calendar, Event

from cutover_desktop import APP_NAME, __version__
from cutover_desktop.domain.formatting import hhmm, relative_day
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.reports.staff_info import NO_STAFF, StaffInfo

LONDON = ZoneInfo("Europe/London")
# SEQUENCE counts minutes from this moment, so a later export always has a higher number.
_SEQUENCE_EPOCH = datetime(2024, 1, 1, tzinfo=UTC)
DEFAULT_LENGTH = timedelta(hours=1)


def task_uid(state: PlanState, task: Task) -> str:
    return f"{state.details.ods_code.lower()}-task-{task.id}@{APP_NAME}"


def _description(state: PlanState, task: Task, staff: StaffInfo) -> str:
    placed = state.schedule.dates[task.id]
    lines = [f"Phase: {task.phase}",
             f"Day: {relative_day((placed.start - state.details.go_live).days)}"]
    if task.owner_role:
        lines.append(f"Owner role: {task.owner_role}")
    people = staff.assigned_to(task.id)
    if people:
        lines.append(f"Assigned: {', '.join(people)}")
    lines.append(f"Status: {task.status.label}")
    if task.status is TaskStatus.SKIPPED and task.skip_reason:
        lines.append(f"Skipped because: {task.skip_reason}")
    if task.start_time is None and task.end_time is not None:
        lines.append(f"To be done by {hhmm(task.end_time)}")
    if task.notes:
        lines += ["", task.notes]
    lines += ["", f"{state.details.practice_name} cut-over plan, task {task.id}"]
    return "\n".join(lines)


def _event(state: PlanState, task: Task, staff: StaffInfo, stamp: datetime,
           sequence: int) -> Event:
    placed = state.schedule.dates[task.id]
    event = Event()
    event.add("uid", task_uid(state, task))
    event.add("dtstamp", stamp)
    event.add("last-modified", stamp)
    event.add("sequence", sequence)
    event.add("summary", task.title)
    if task.start_time is not None:
        start = datetime.combine(placed.start, task.start_time, LONDON)
        if task.end_time is not None:
            end = datetime.combine(placed.end, task.end_time, LONDON)
            if end <= start:
                end = start + DEFAULT_LENGTH
        else:
            end = datetime.combine(placed.end, task.start_time, LONDON) + DEFAULT_LENGTH
        event.add("dtstart", start)
        event.add("dtend", end)
        event.add("transp", "OPAQUE")
    else:
        event.add("dtstart", placed.start)
        event.add("dtend", placed.end + timedelta(days=1))  # the day after: DTEND is exclusive
        event.add("transp", "TRANSPARENT")
    if task.site:
        event.add("location", task.site)
    event.add("categories", [task.phase])
    event.add("description", _description(state, task, staff))
    event.add("status", "CANCELLED" if task.status is TaskStatus.SKIPPED else "CONFIRMED")
    return event


def calendar_bytes(state: PlanState, tasks: Iterable[Task], now: datetime,
                   staff: StaffInfo = NO_STAFF, name: str = "") -> bytes:
    """An .ics file of the tasks. `now` must be timezone-aware (it stamps every event)."""
    stamp = now.astimezone(UTC).replace(microsecond=0)
    sequence = max(0, int((stamp - _SEQUENCE_EPOCH).total_seconds() // 60))
    cal = Calendar()
    cal.add("prodid", f"-//{APP_NAME}//{__version__}//EN")
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name or f"{state.details.practice_name} cut-over")
    cal.add("x-wr-timezone", "Europe/London")
    for task in tasks:
        cal.add_component(_event(state, task, staff, stamp, sequence))
    cal.add_missing_timezones()
    return cal.to_ical()


"""Task files (CSV and XLSX): the columns, each task as a row, and reading a task's own cells
back (anchor, status, phase ...). Cells every file shares (text, dates, times) are read by
`reports/cells.py`."""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import hhmm
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, parse_key_date
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    MAX_OFFSET_DAYS,
    Anchor,
    OffsetUnit,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.reports.cells import (
    LIST_SEPARATOR,
    CellError,
    is_blank,
    normalise_header,
    read_int,
    read_text,
)
from cutover_desktop.reports.staff_info import NO_STAFF, StaffInfo

# Every column of an exported task file, in order. Import needs only `title` and `phase`, with
# `start` or `anchor`; `planned_start` and `planned_end` are for reading and are not imported.
TASK_COLUMNS = (
    "id", "title", "phase", "start", "anchor", "offset", "offset_unit", "duration",
    "start_time", "end_time", "owner_role", "assigned", "site", "status", "skip_reason",
    "priority", "milestone", "depends_on", "notes", "why", "source", "key", "tags",
    "planned_start", "planned_end",
)
REQUIRED_COLUMNS = ("title", "phase")
READ_ONLY_COLUMNS = frozenset({"planned_start", "planned_end"})
TASK_ANCHOR = re.compile(r"^\s*task\s*[:#]?\s*(\d+)\s*$", re.IGNORECASE)


def anchor_text(task: Task) -> str:
    if task.anchor.key_date is not None:
        return task.anchor.key_date.value
    return f"task {task.anchor.task_id}"


def task_row(state: PlanState, task: Task, staff: StaffInfo = NO_STAFF) -> dict[str, object]:
    """One task as a file row: text, whole numbers and dates, before neutralising."""
    placed = state.schedule.dates[task.id]
    return {
        "id": int(task.id),
        "title": task.title,
        "phase": task.phase,
        "start": task.pinned_date.isoformat() if task.pinned_date else "",
        "anchor": anchor_text(task),
        "offset": task.offset,
        "offset_unit": task.offset_unit.value,
        "duration": task.duration_days,
        "start_time": hhmm(task.start_time),
        "end_time": hhmm(task.end_time),
        "owner_role": task.owner_role,
        "assigned": f"{LIST_SEPARATOR} ".join(staff.assigned_to(task.id)),
        "site": task.site,
        "status": task.status.value,
        "skip_reason": task.skip_reason,
        "priority": task.priority.value,
        "milestone": "yes" if task.milestone else "no",
        "depends_on": f"{LIST_SEPARATOR} ".join(
            str(p) for p in sorted(state.predecessors_of(task.id))),
        "notes": task.notes,
        "why": task.why,
        "source": task.source,
        "key": task.template_key,
        "tags": f"{LIST_SEPARATOR} ".join(task.tags),
        "planned_start": placed.start.isoformat(),
        "planned_end": placed.end.isoformat(),
    }


@dataclass(frozen=True)
class TaskSheet:
    """The task file's columns and rows, ready to write as CSV or XLSX."""

    columns: tuple[str, ...]
    rows: tuple[tuple[object, ...], ...]


def task_sheet(state: PlanState, tasks: list[Task] | None = None,
               staff: StaffInfo = NO_STAFF) -> TaskSheet:
    """Every task (or those given) in the order the plan reads. `assigned` is a column only
    when the plan has staff. The writers neutralise formula-like text."""
    columns = tuple(c for c in TASK_COLUMNS if c != "assigned" or staff.present)
    chosen = state.ordered_tasks() if tasks is None else tasks
    rows = []
    for task in chosen:
        row = task_row(state, task, staff)
        rows.append(tuple(row[c] for c in columns))
    return TaskSheet(columns, tuple(rows))


# Reading cells back. Each takes the raw cell (text from CSV; text, number, date or None
# from XLSX) and returns a value or raises CellError.


def read_anchor(value: object) -> Anchor:
    text = read_text(value)
    task = TASK_ANCHOR.match(text)
    if task:
        return Anchor.task(TaskId(int(task[1])))
    try:
        return Anchor.key(parse_key_date(text))
    except ValidationError as exc:
        raise CellError(f"{exc.message[:-1]}, or “task 12” for another task") from None


def read_offset(value: object) -> int:
    return 0 if is_blank(value) else read_int(value, -MAX_OFFSET_DAYS, MAX_OFFSET_DAYS, "days")


def read_unit(value: object) -> OffsetUnit:
    text = normalise_header(read_text(value))
    if text in ("", "days", "day", "calendar_days"):
        return OffsetUnit.CALENDAR_DAYS
    if text in ("working_days", "working_day", "wd"):
        return OffsetUnit.WORKING_DAYS
    raise CellError(f"“{value}” is not a unit: use days or working_days")


def read_duration(value: object) -> int:
    return 1 if is_blank(value) else read_int(value, 1, MAX_DURATION_DAYS, "days")


def _by_words(text: str) -> str:
    return normalise_header(text)


def read_status(value: object) -> TaskStatus:
    text = _by_words(read_text(value))
    if not text:
        return TaskStatus.NOT_STARTED
    for status in TaskStatus:
        if text in (status.value, _by_words(status.label)):
            return status
    if text == "complete" or text == "completed":
        return TaskStatus.DONE
    names = ", ".join(s.value for s in TaskStatus)
    raise CellError(f"“{value}” is not a status: use one of {names}")


def read_priority(value: object) -> Priority:
    text = _by_words(read_text(value))
    if not text:
        return Priority.NORMAL
    try:
        return Priority(text)
    except ValueError:
        raise CellError(f"“{value}” is not a priority: use low, normal or high") from None


def read_ids(value: object) -> tuple[TaskId, ...]:
    ids = []
    for part in re.split(r"[;,\s]+", read_text(value)):
        if not part:
            continue
        if not part.isdigit() or int(part) < 1:
            raise CellError(f"“{part}” is not a task number")
        ids.append(TaskId(int(part)))
    return tuple(ids)


def read_phase(value: object, phases: tuple[str, ...]) -> str:
    text = read_text(value)
    if not text:
        raise CellError("a task needs a phase")
    for phase in phases:
        if phase.casefold() == text.casefold():
            return phase
    raise CellError(f"“{text}” is not a phase of this plan (the phases are "
                    f"{', '.join(phases)})")


def key_date_day(key_dates: Mapping[KeyDate, date], anchor: Anchor) -> date | None:
    return key_dates.get(anchor.key_date) if anchor.key_date is not None else None

"""The task list as filtered on screen, in the order the screen shows it."""

from __future__ import annotations

from collections.abc import Sequence

from cutover_desktop.domain.formatting import plural, time_range, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.reports.document import (
    Align,
    Cell,
    Column,
    Line,
    Orientation,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)
from cutover_desktop.reports.staff_info import NO_STAFF, StaffInfo


def _status(task: Task) -> Cell:
    reason = task.skip_reason if task.status is TaskStatus.SKIPPED else ""
    return Cell.of(Line(task.status.label), Line(reason, Style.MUTED))


def task_list(state: PlanState, frame: PageFrame, task_ids: Sequence[TaskId],
              staff: StaffInfo = NO_STAFF, filter_text: str = "") -> Report:
    """The tasks with these ids, in this order (ids no longer in the plan are left out).

    Args:
        filter_text: how the list on screen was filtered, e.g. "Phase: Final week".
    """
    dates = state.schedule.dates
    tasks = [state.tasks[t] for t in task_ids if t in state.tasks]
    columns = [Column("#", 3.2, Align.RIGHT), Column("Task", 30), Column("Phase", 10),
               Column("Start", 9), Column("End", 9), Column("Time", 7),
               Column("Owner role", 10)]
    if staff.present:
        columns.append(Column("Assigned", 11))
    columns += [Column("Site", 8), Column("Status", 8)]
    rows = []
    for task in tasks:
        placed = dates[task.id]
        cells = [
            Cell.text(str(task.id)),
            Cell.of(Line(task.title, Style.BOLD),
                    Line("Milestone", Style.MUTED) if task.milestone else None,
                    Line(task.notes, Style.SMALL)),
            Cell.text(task.phase),
            Cell.text(uk_date(placed.start)),
            Cell.text(uk_date(placed.end) if placed.end != placed.start else "–"),
            Cell.text(time_range(task.start_time, task.end_time)),
            Cell.text(task.owner_role),
        ]
        if staff.present:
            cells.append(Cell.text(", ".join(staff.assigned_to(task.id))))
        cells += [Cell.text(task.site), _status(task)]
        rows.append(Row(tuple(cells)))
    total = len(state.tasks)
    shown = (f"All {plural(total, 'task')}." if len(tasks) == total and not filter_text
             else f"Showing {len(tasks)} of {plural(total, 'task')}.")
    lines = [Line(shown)]
    if filter_text:
        lines.append(Line(f"Filtered by: {filter_text}", Style.MUTED))
    table = Table(tuple(columns), tuple(rows), empty_text="No tasks match the filter.")
    return Report(frame, "Task list", (Paragraph(tuple(lines)), table),
                  orientation=Orientation.LANDSCAPE)

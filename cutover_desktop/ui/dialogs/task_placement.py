"""Where a task falls: the dates the task dialog shows live while it is edited, and where
a new task starts. Qt-free."""

from __future__ import annotations

import html
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.errors import CycleError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Dependency, Task
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.services.planner import PlanService


@dataclass(frozen=True)
class DatesPreview:
    """Rich text for the dates line, its tooltip, and the start (None when it cannot be
    placed)."""

    text: str
    tooltip: str
    start: date | None


def dates_preview(state: PlanState, task: Task, predecessors: Iterable[int]) -> DatesPreview:
    """The dates the task would get if saved as it stands, waiting for `predecessors`."""
    old = state.tasks.get(task.id)
    items = [EntityChange(old, task)]
    wanted = {Dependency(TaskId(p), task.id) for p in predecessors}
    current = {d for d in state.dependencies if d.successor == task.id}
    items += [EntityChange(d, None) for d in current - wanted]
    items += [EntityChange(None, d) for d in wanted - current]
    try:
        trial = state.with_changes(items).schedule
    except CycleError as exc:
        # The full loop is named on saving; here a short line, the names in the tooltip.
        return DatesPreview("⚠ That would make a loop of tasks waiting for each other, so "
                            "it cannot be saved.", exc.message, None)
    placed = trial.dates[task.id]
    days = plural(task.duration_days, "day")
    if placed.start == placed.end:
        text = f"On {uk_date(placed.start)} ({days})"
    else:
        text = f"From {uk_date(placed.start)} to {uk_date(placed.end)} ({days})"
    lines = [f"<b>{text}</b>"]
    notes = []
    if placed.pushed_by is not None:
        title = _title_in(state, placed.pushed_by)
        short = title if len(title) <= 50 else title[:49].rstrip() + "…"
        lines.append(f"Later than timed: it waits for “{html.escape(short, quote=False)}”.")
        notes.append(f"It waits for “{title}”.")
    issues = [issue.message for issue in trial.issues if issue.task_id == task.id]
    if issues:
        lines.append("⚠ The fixed date no longer fits (details in the tooltip).")
        notes += issues
    return DatesPreview("<br>".join(lines), "\n".join(notes), placed.start)


def _title_in(state: PlanState, task_id: TaskId) -> str:
    task = state.tasks.get(task_id)
    return task.title if task is not None else "a task"


def new_task_default(service: PlanService) -> tuple[KeyDate, str]:
    """Where a new task starts: timed from the next key date (Business Go Live once they
    have all passed), in the phase of the plan's work around that day."""
    schedule = service.schedule()
    today = service.today()
    coming = sorted((day, key) for key, day in schedule.key_dates.items() if day >= today)
    key = coming[0][1] if coming else KeyDate.BGL
    day = schedule.key_dates[key]
    tasks = service.state.ordered_tasks()
    if not tasks:
        phases = service.details.phases
        return key, phases[0] if phases else ""
    nearest = min(tasks, key=lambda t: (abs((schedule.dates[t.id].start - day).days),
                                        t.position))
    return key, nearest.phase

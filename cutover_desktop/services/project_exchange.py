"""MS Project XML in and out: a plan written for Microsoft Project, ProjectLibre and
GanttProject, and their files read into a plan (one undo step, a backup first) or made into
a new one."""

from __future__ import annotations

import contextlib
from dataclasses import replace
from datetime import date, datetime, time, timedelta
from pathlib import Path

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.days import day_count
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    MAX_OFFSET_DAYS,
    MAX_TITLE,
    Anchor,
    Dependency,
    OffsetUnit,
    PlanDetails,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.scheduling import check_no_cycle
from cutover_desktop.domain.template import Template
from cutover_desktop.reports.mspdi import MUST_START_ON, mspdi_bytes, times_of_day_text
from cutover_desktop.reports.mspdi_read import ProjectTask
from cutover_desktop.services.exchange import write_file
from cutover_desktop.services.import_files import (
    FileImporter,
    ImportResult,
    register_file_importer,
)
from cutover_desktop.services.plan_files import Today, create_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.project_preview import ProjectPreview, preview_project

MAX_NOTES = 10_000
EARLIEST, LATEST = date(2000, 1, 1), date(2099, 12, 31)


def export_project(plan: PlanService, path: Path, now: datetime | None = None) -> int:
    """Write the plan as MS Project XML; returns how many tasks went out."""
    saved_at = now or datetime.now()
    write_file(path, mspdi_bytes(plan.state, saved_at))
    return len(plan.state.tasks)


def _day_span(task: ProjectTask) -> tuple[date, date]:
    assert task.start is not None
    start = task.start.date()
    finish = task.finish or task.start
    end = finish.date()
    if finish.time() == time(0, 0) and end > start:
        end -= timedelta(days=1)  # finishing at midnight is the end of the day before
    return start, max(start, end)


def _times(task: ProjectTask, preview: ProjectPreview) -> tuple[time | None, time | None]:
    """Times of day worth keeping: none when the task runs the file's whole ordinary day."""
    assert task.start is not None
    start = task.start.time().replace(second=0, microsecond=0)
    finish = task.finish or task.start
    end = finish.time().replace(second=0, microsecond=0)
    if task.times_of_day == times_of_day_text(start, None):
        return start, None
    if task.times_of_day == times_of_day_text(None, end):
        return None, end
    at_day_start = start == preview.project.default_start
    whole_day = at_day_start and (finish == task.start or end in (
        preview.project.default_finish, time(0, 0)))
    if whole_day or (start == end == time(0, 0)):
        return None, None
    if finish == task.start:  # a milestone at a moment
        return start, None
    end_time: time | None = end
    if end == time(0, 0) or (end <= start and finish.date() == task.start.date()):
        end_time = None
    return start, end_time


def _status(percent: int) -> TaskStatus:
    if percent >= 100:
        return TaskStatus.DONE
    return TaskStatus.IN_PROGRESS if percent > 0 else TaskStatus.NOT_STARTED


def _priority(number: int) -> Priority:
    if number >= 700:
        return Priority.HIGH
    return Priority.LOW if number <= 300 else Priority.NORMAL


def project_changes(preview: ProjectPreview, state: PlanState) -> Changes:
    """The file's tasks, phases and links as one set of changes to the plan in `state`.

    Raises:
        ValidationError: a task cannot be placed in this plan; nothing is changed.
    """
    details = state.details
    items: list[EntityChange] = []
    new_phases = [p for p in preview.phases if p not in details.phases]
    if new_phases:
        items.append(EntityChange(details, replace(details,
                                                   phases=(*details.phases, *new_phases))))
    next_id = max(state.tasks, default=0) + 1
    position = max((t.position for t in state.tasks.values()), default=0) + 1
    ids: dict[int, TaskId] = {}
    for offset_number, source in enumerate(preview.tasks):
        task_id = TaskId(next_id + offset_number)
        ids[source.uid] = task_id
        task = _task(source, task_id, position + offset_number, preview, details,
                     state.calendar)
        try:
            task.validate()
        except ValidationError as exc:
            raise ValidationError(f"Nothing was imported from {preview.source}: the task "
                                  f"“{source.name[:80]}” cannot be used ({exc.message})") \
                from None
        items.append(EntityChange(None, task))
    items += [EntityChange(None, Dependency(ids[first], ids[then]))
              for first, then in preview.links]
    count = len(preview.tasks)
    return Changes(f"Import {plural(count, 'task')} from {preview.source}", tuple(items))


def _task(source: ProjectTask, task_id: TaskId, position: int, preview: ProjectPreview,
          details: PlanDetails, calendar: WorkingCalendar) -> Task:
    start, end = _day_span(source)
    if not EARLIEST <= start <= end <= LATEST:
        raise ValidationError(f"Nothing was imported from {preview.source}: “{source.name[:80]}” "
                              "has dates outside 2000 to 2099.")
    start_time, end_time = _times(source, preview)
    title, notes = source.name or "Untitled task", source.notes
    if len(title) > MAX_TITLE:
        title, notes = title[:MAX_TITLE - 1] + "…", f"{source.name}\n\n{notes}".strip()
    unit = OffsetUnit.CALENDAR_DAYS
    if preview.anchor is not None:
        offset = (start - preview.anchor.day).days
        if abs(offset) > MAX_OFFSET_DAYS:
            raise ValidationError(
                f"Nothing was imported from {preview.source}: “{source.name[:80]}” is "
                f"{abs(offset)} days from “{preview.anchor.name}”, more than the "
                f"{MAX_OFFSET_DAYS} days a plan allows.")
        # A task on a working day moves in working days with go-live, like the template's;
        # one on a closed day is there on purpose and keeps its calendar days.
        if calendar.is_working_day(start):
            unit = OffsetUnit.WORKING_DAYS
            offset = calendar.working_day_offset(preview.anchor.day, start)
        # "Must start on" is how MS Project pins a task to its day.
        pinned = start if source.constraint_type == MUST_START_ON else None
    else:
        offset = max(-MAX_OFFSET_DAYS, min(MAX_OFFSET_DAYS, (start - details.go_live).days))
        pinned = start
    return Task(
        id=task_id, title=title, phase=preview.phase_of[source.uid],
        anchor=Anchor.key(KeyDate.BGL), offset=offset, offset_unit=unit, pinned_date=pinned,
        duration_days=1 if source.milestone
        else min(MAX_DURATION_DAYS, day_count(start, end)),
        start_time=start_time, end_time=end_time, status=_status(source.percent_complete),
        priority=_priority(source.priority), milestone=source.milestone,
        notes=notes[:MAX_NOTES], position=position)


def import_project(plan: PlanService, preview: ProjectPreview, backup: bool = True) -> Changes:
    """Add the file's tasks to the plan as one undo step, after a backup; or change nothing."""
    changes = project_changes(preview, plan.state)
    if backup and not plan.read_only:
        plan.backup_now("before-import")
    try:
        return plan.apply(changes)
    except ValidationError as exc:  # a loop of links
        raise CutoverError(f"Nothing was imported from {preview.source}: {exc.message}") \
            from None


def import_project_file(plan: PlanService, path: Path) -> ImportResult:
    """`cutover-desktop import PLAN FILE.xml`: Business Go Live found by name, or dates kept.
    The import entry (services/import_files) has backed the plan up already."""
    preview = preview_project(path)
    changes = import_project(plan, preview, backup=False)
    added = sum(1 for item in changes.items if isinstance(item.after, Task))
    return ImportResult("tasks", added, changes=changes,
                        notes=(preview.summary(), *preview.lost))


register_file_importer(FileImporter("tasks", (".xml",), import_project_file))


def create_plan_from_project(path: Path, details: PlanDetails, preview: ProjectPreview,
                             today: Today = date.today) -> PlanService:
    """A new plan whose tasks come from an MS Project file, placed from the new go-live date
    (or pinned to the file's dates). Checked in full before the file is made."""
    template = Template(preview.project.name[:100] or preview.source, f"From {preview.source}",
                        preview.phases, ())
    planned = replace(details, phases=template.phases, template_name=template.name)
    planned.validate()
    state = PlanState(planned)
    changes = project_changes(preview, state)
    after = state.with_changes(changes.items)
    try:
        check_no_cycle(after.tasks, after.dependencies)
    except ValidationError as exc:
        raise ValidationError(f"{preview.source} cannot be used: {exc.message}") from None
    service = create_plan(path, details, template, today=today)
    try:
        service.set_up(Changes(f"Tasks from {preview.source}", changes.items))
    except CutoverError:
        made = service.path
        service.close()
        if made is not None:
            with contextlib.suppress(OSError):
                made.unlink()
        raise
    return service

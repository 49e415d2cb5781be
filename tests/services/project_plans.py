"""Plans and comparisons shared by the MS Project XML tests."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import CalendarDayKind, Dependency, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.template import Template
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.services.planner import PlanService
from tests.conftest import GO_LIVE, TODAY, riverside

EMPTY = Template("Empty", "", ("Unused",), ())


def project_plan(service: PlanService) -> PlanService:
    """The template plan with links, times, a pinned task, statuses, notes and a closure."""
    tasks = dict(service.state.tasks)
    items: list[EntityChange] = []

    def change(task_id: int, **fields: object) -> None:
        old = tasks[TaskId(task_id)]
        items.append(EntityChange(old, replace(old, **fields)))  # type: ignore[arg-type]

    change(3, notes="Ring the CSU first.\nThen e-mail the supplier & the ICB <team>.")
    change(10, pinned_date=GO_LIVE - timedelta(days=20), offset=-20)
    change(11, start_time=time(8, 30), end_time=time(9, 15))
    change(12, status=TaskStatus.DONE)
    change(16, status=TaskStatus.IN_PROGRESS, duration_days=3)
    for first, then in ((14, 16), (11, 16), (5, 9)):
        items.append(EntityChange(None, Dependency(TaskId(first), TaskId(then))))
    service.apply(Changes("Make the plan for MS Project", tuple(items)))
    service.set_calendar_day(GO_LIVE - timedelta(days=8), CalendarDayKind.CLOSURE,
                             "Protected learning time")
    service.set_calendar_day(GO_LIVE - timedelta(days=3), CalendarDayKind.EXTRA_WORKING,
                             "Go-live Saturday")
    return service


def empty_plan(go_live: date = GO_LIVE) -> PlanService:
    return memory_plan(riverside(go_live), EMPTY, today=lambda: TODAY)


def plan_lines(state: PlanState) -> list[tuple[object, ...]]:
    """Each task as a person compares two plans: title, phase, days, times, milestone,
    status, notes; in the order the plan reads."""
    dates = state.schedule.dates
    return [(t.title, t.phase, dates[t.id].start, dates[t.id].end, t.start_time, t.end_time,
             t.milestone, t.status, t.notes, t.is_pinned) for t in state.ordered_tasks()]


def links_by_title(state: PlanState) -> set[tuple[str, str]]:
    return {(state.tasks[d.predecessor].title, state.tasks[d.successor].title)
            for d in state.dependencies}

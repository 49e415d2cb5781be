"""The demonstration plan a newcomer sees on first start: a fictional practice mid-migration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta
from pathlib import Path

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.model import PlanDetails, Task, TaskStatus
from cutover_desktop.services.plan_files import Today, create_plan
from cutover_desktop.services.planner import PlanService

DEMO_PRACTICE = "Demonstration Surgery"
DEMO_ODS = "Y99999"
# Times of day for the go-live tasks, so the day schedules read like a real cut-over.
_TIMES = {
    "fdp": (time(16, 0), time(18, 0)),
    "tgl": (time(8, 0), time(9, 0)),
    "bgl": (time(8, 0), time(8, 30)),
}


def demonstration_go_live(today: date) -> date:
    """A Tuesday about six weeks ahead, so the plan shows work done and work to come."""
    day = today + timedelta(days=42)
    return day + timedelta(days=(1 - day.weekday()) % 7)


def create_demonstration_plan(path: Path, today: Today = date.today) -> PlanService:
    details = PlanDetails(
        practice_name=DEMO_PRACTICE,
        ods_code=DEMO_ODS,
        go_live=demonstration_go_live(today()),
        old_supplier="EMIS Web",
        new_supplier="TPP SystmOne",
        sites=("Main surgery", "Riverside branch"),
    )
    service = create_plan(path, details, today=today)
    _mark_progress(service)
    return service


def _mark_progress(service: PlanService) -> None:
    """Tasks already past are done, those under way are in progress (one setup step)."""
    today = service.today()
    dates = service.schedule().dates
    items = []
    for task in service.state.tasks.values():
        placed = dates[task.id]
        new: Task = task
        if placed.end < today:
            new = replace(new, status=TaskStatus.DONE)
        elif placed.start <= today:
            new = replace(new, status=TaskStatus.IN_PROGRESS)
        for tag, (start, end) in _TIMES.items():
            if tag in task.tags:
                new = replace(new, start_time=start, end_time=end)
        if new != task:
            items.append(EntityChange(task, new))
    if items:
        service.set_up(Changes("Set up the demonstration plan", tuple(items)))

"""The demonstration plan a newcomer sees on first start: a fictional practice mid-migration."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.model import PlanDetails, Task, TaskStatus
from cutover_desktop.domain.signoff import GateState, SignOffInput, SupplierContact
from cutover_desktop.domain.suggestions import breaks_a_rule
from cutover_desktop.services.plan_files import Today, create_plan, open_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.services.staff_demo import demonstration_staff

DEMO_PRACTICE = "Demonstration Surgery"
DEMO_ODS = "Y99999"


def demonstration_go_live(today: date) -> date:
    """A Tuesday about six weeks ahead, so the plan shows work done and work to come, whose
    key dates break no rule (not the Tuesday after a bank holiday)."""
    day = today + timedelta(days=42)
    day += timedelta(days=(1 - day.weekday()) % 7)
    probe = PlanDetails(practice_name=DEMO_PRACTICE, ods_code=DEMO_ODS, go_live=day)
    while breaks_a_rule(probe, WorkingCalendar(), day):
        day += timedelta(days=7)
    return day


DEMO_STAFF = 16


def create_demonstration_plan(path: Path, today: Today = date.today) -> PlanService:
    """The demonstration practice: tasks under way, a staff of 16, past gates signed.

    Made as a few setup steps, then opened afresh, so nothing of it can be undone.
    """
    details = PlanDetails(
        practice_name=DEMO_PRACTICE,
        ods_code=DEMO_ODS,
        go_live=demonstration_go_live(today()),
        old_supplier="EMIS Web",
        new_supplier="TPP SystmOne",
        sites=("Main surgery", "Riverside branch"),
    )
    service = create_plan(path, details, today=today)
    try:
        mark_progress(service, "Set up the demonstration plan")
        demonstration_staff(service, DEMO_STAFF)
        sign_past_gates(service)
    finally:
        service.close()
    return open_plan(path, today=today, backup=False)


def sign_past_gates(service: PlanService) -> None:
    signoffs = SignoffService(service)
    for status in signoffs.gates():
        if status.state is not GateState.OVERDUE or status.gate.day is None:
            continue
        signoffs.sign(status.gate.key, SignOffInput(
            signed_by="Dr A. Example", role="Lead GP",
            statement=f"{status.gate.title}: completed as planned.",
            checked="The tasks of this gate and their records (demonstration data).",
            supplier_told_by=SupplierContact.EMAIL,
            supplier_reference="DEMO-0001",
            supplier_told_on=status.gate.day), mark_done=True)


def mark_progress(service: PlanService, label: str) -> None:
    """Tasks already past are done, those under way are in progress (one setup step, `label`)."""
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
        if new != task:
            items.append(EntityChange(task, new))
    if items:
        service.set_up(Changes(label, tuple(items)))

"""Who is assigned to each task, as the Plan and Today tables show it."""

from __future__ import annotations

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService


def assigned_names(service: PlanService) -> dict[TaskId, str]:
    """'Asha Patel, Sam Jones' for each task with people assigned, names in alphabetical order."""
    staff = StaffService(service)
    names = {person.id: person.name for person in staff.people()}
    found: dict[TaskId, list[str]] = {}
    for assignment in staff.assignments():
        name = names.get(assignment.person_id)
        if name:
            found.setdefault(assignment.task_id, []).append(name)
    return {task_id: ", ".join(sorted(people, key=str.casefold))
            for task_id, people in found.items()}

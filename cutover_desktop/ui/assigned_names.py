"""Who is assigned to each task, as the Plan and Today tables show it."""

from __future__ import annotations

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.staff import assignments_of, people_of
from cutover_desktop.services.planner import PlanService


def assigned_names(service: PlanService) -> dict[TaskId, str]:
    """'Asha Patel, Sam Jones' for each task with people assigned, names in alphabetical order."""
    state = service.state
    names = {person.id: person.name for person in people_of(state)}
    found: dict[TaskId, list[str]] = {}
    for assignment in assignments_of(state):
        name = names.get(assignment.person_id)
        if name:
            found.setdefault(assignment.task_id, []).append(name)
    return {task_id: ", ".join(sorted(people, key=str.casefold))
            for task_id, people in found.items()}

"""A plan written out as a template file, which `domain.template` reads back for a new plan."""

from __future__ import annotations

import json
import re
from typing import Any

from cutover_desktop.domain.errors import TemplateError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import OffsetUnit, Priority, Task
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.template import (
    TEMPLATE_FORMAT,
    TEMPLATE_FORMAT_VERSION,
    Template,
    parse_template,
)


def _key_for(task: Task, used: set[str]) -> str:
    base = task.template_key or re.sub(r"[^a-z0-9]+", "-", task.title.lower()).strip("-")[:40]
    base = base or f"task-{task.id}"
    key = base
    number = 2
    while key in used:
        key = f"{base}-{number}"
        number += 1
    used.add(key)
    return key


def template_data(state: PlanState, name: str, description: str = "") -> dict[str, Any]:
    """The plan's tasks as a template: each task keeps its key date (or the task it hangs
    from) and its offset, so a new plan places it on the same day relative to go-live.
    A pinned task keeps the offset that puts it on its pinned day."""
    if not name.strip():
        raise TemplateError("Give the template a name.")
    tasks = sorted(state.tasks.values(), key=lambda t: (t.position, t.id))
    used: set[str] = set()
    keys: dict[TaskId, str] = {task.id: _key_for(task, used) for task in tasks}
    key_dates = state.schedule.key_dates
    dates = state.schedule.dates
    phases = list(state.details.phases)
    phases += sorted({t.phase for t in tasks} - set(phases))
    records = []
    for task in tasks:
        record: dict[str, Any] = {
            "key": keys[task.id],
            "phase": task.phase,
            "title": task.title,
        }
        anchor_task = task.anchor.task_id
        if anchor_task is not None and anchor_task in keys:
            record["anchor"] = KeyDate.BGL.value
            record["anchor_task"] = keys[anchor_task]
            record["offset"] = task.offset
        elif task.anchor.key_date is not None:
            record["anchor"] = task.anchor.key_date.value
            record["offset"] = task.offset
        else:  # hangs from a task no longer there: keep its day relative to go-live
            record["anchor"] = KeyDate.BGL.value
            record["offset"] = (dates[task.id].start - key_dates[KeyDate.BGL]).days
        if task.offset_unit is not OffsetUnit.CALENDAR_DAYS:
            record["unit"] = task.offset_unit.value
        record["duration"] = task.duration_days
        if task.start_time is not None:
            record["start_time"] = task.start_time.strftime("%H:%M")
        if task.end_time is not None:
            record["end_time"] = task.end_time.strftime("%H:%M")
        for field, value in (("owner_role", task.owner_role), ("why", task.why),
                             ("notes", task.notes), ("source", task.source)):
            if value:
                record[field] = value
        if task.milestone:
            record["milestone"] = True
        if task.priority is not Priority.NORMAL:
            record["priority"] = task.priority.value
        if task.tags:
            record["tags"] = list(task.tags)
        records.append(record)
    if not records:
        raise TemplateError("The plan has no tasks to make a template from.")
    dependencies = [{"before": keys[dep.predecessor], "after": keys[dep.successor]}
                    for dep in state.dependencies
                    if dep.predecessor in keys and dep.successor in keys]
    return {
        "format": TEMPLATE_FORMAT,
        "format_version": TEMPLATE_FORMAT_VERSION,
        "name": name.strip(),
        "description": description.strip(),
        "phases": phases,
        "tasks": records,
        "dependencies": dependencies,
    }


def template_bytes(state: PlanState, name: str, description: str = "") -> tuple[bytes, Template]:
    """The template file's bytes, checked by reading them back as a new plan would."""
    data = template_data(state, name, description)
    template = parse_template(json.loads(json.dumps(data)), name)
    text = json.dumps(data, ensure_ascii=False, indent=2) + "\n"
    return text.encode("utf-8"), template

"""Making, opening and copying plan files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import PlanFileError, ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import Anchor, PlanDetails, Task
from cutover_desktop.domain.template import Template, load_template
from cutover_desktop.paths import default_template_path
from cutover_desktop.services.planner import PlanService
from cutover_desktop.storage.database import (
    PLAN_SUFFIX,
    create_database,
    memory_database,
    open_database,
)
from cutover_desktop.storage.repository import PlanRepository

Today = Callable[[], date]


def default_template() -> Template:
    return load_template(default_template_path())


def template_tasks(template: Template) -> list[Task]:
    """The template's tasks as plan tasks, numbered from 1 in template order."""
    ids = {entry.key: TaskId(number) for number, entry in enumerate(template.tasks, start=1)}
    return [
        Task(
            id=ids[entry.key],
            title=entry.title,
            phase=entry.phase,
            anchor=Anchor.task(ids[entry.anchor_task]) if entry.anchor_task
            else Anchor.key(entry.anchor),
            offset=entry.offset,
            offset_unit=entry.offset_unit,
            duration_days=entry.duration,
            owner_role=entry.owner_role,
            priority=entry.priority,
            milestone=entry.milestone,
            notes=entry.notes,
            why=entry.why,
            source=entry.source,
            template_key=entry.key,
            tags=entry.tags,
            position=ids[entry.key],
        )
        for entry in template.tasks
    ]


def _fill(repo: PlanRepository, details: PlanDetails, template: Template) -> None:
    details = PlanDetails(**{**details.__dict__, "phases": template.phases,
                             "template_name": template.name})
    details.validate()
    items = [EntityChange(None, details)]
    items += [EntityChange(None, task) for task in template_tasks(template)]
    with repo.transaction():
        repo.apply(Changes(f"Create the plan from the template “{template.name}”", tuple(items)))


def create_plan(
    path: Path, details: PlanDetails, template: Template | None = None, today: Today = date.today
) -> PlanService:
    """Make a new plan file from a template. The file appears whole or not at all."""
    details.validate()
    template = template or default_template()
    if path.suffix.lower() != PLAN_SUFFIX:
        path = path.with_name(path.name + PLAN_SUFFIX)
    repo = PlanRepository(create_database(path))
    try:
        _fill(repo, details, template)
    except BaseException:
        repo.close()
        with contextlib.suppress(OSError):
            os.remove(path)
        raise
    return PlanService(repo, path, today)


def memory_plan(
    details: PlanDetails, template: Template | None = None, today: Today = date.today
) -> PlanService:
    """A plan that lives only in memory: for tests, benchmarks and the smoke test."""
    repo = PlanRepository(memory_database())
    _fill(repo, details, template or default_template())
    return PlanService(repo, None, today)


def open_plan(path: Path, *, read_only: bool = False, today: Today = date.today) -> PlanService:
    """Open a plan file. Opening is not an edit: there is nothing to undo afterwards."""
    repo = PlanRepository(open_database(path, read_only=read_only), read_only=read_only)
    if not repo.has_plan():
        repo.close()
        raise PlanFileError(f"{path.name} holds no plan.")
    try:
        return PlanService(repo, path, today)
    except (sqlite3.DatabaseError, ValueError, TypeError, LookupError, ValidationError):
        # Damage the database check cannot see: a record that no longer reads as a value.
        repo.close()
        raise PlanFileError(f"{path.name} is damaged: some of its records cannot be read.") \
            from None


def save_copy(service: PlanService, target: Path) -> Path:
    """Write a consistent copy of the open plan to another file."""
    if target.suffix.lower() != PLAN_SUFFIX:
        target = target.with_name(target.name + PLAN_SUFFIX)
    if service.path is not None and target.resolve() == service.path.resolve():
        raise PlanFileError("Choose a different name: that is the plan already open.")
    partial = target.with_name(target.name + ".partial")
    service.copy_to(partial)
    os.replace(partial, target)
    return target

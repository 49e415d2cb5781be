"""Making, opening and copying plan files."""

from __future__ import annotations

import contextlib
import os
import sqlite3
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import CutoverError, PlanFileError, ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import Anchor, Dependency, PlanDetails, Task
from cutover_desktop.paths import default_template_path, why_not_written
from cutover_desktop.services.planner import PlanService
from cutover_desktop.storage.backups import (
    not_restored,
    restore_backup,
    set_damaged_aside,
    write_backup,
)
from cutover_desktop.storage.database import (
    PLAN_SUFFIX,
    create_database,
    inspect_plan_file,
    memory_database,
    open_database,
)
from cutover_desktop.storage.locations import is_network_path
from cutover_desktop.storage.lock import PlanLock, current_owner
from cutover_desktop.storage.migrations import schema_version
from cutover_desktop.storage.repository import PlanRepository

if TYPE_CHECKING:
    from cutover_desktop.domain.template import Template

Today = Callable[[], date]


def default_template() -> Template:
    from cutover_desktop.domain.template import load_template  # only to make a plan

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
            start_time=entry.start_time,
            end_time=entry.end_time,
            position=ids[entry.key],
        )
        for entry in template.tasks
    ]


def template_dependencies(template: Template) -> list[Dependency]:
    """The template's finish-to-start links, between the task ids `template_tasks` gives."""
    ids = {entry.key: TaskId(number) for number, entry in enumerate(template.tasks, start=1)}
    return [Dependency(ids[first], ids[then]) for first, then in template.dependencies]


def _fill(repo: PlanRepository, details: PlanDetails, template: Template) -> None:
    details = PlanDetails(**{**details.__dict__, "phases": template.phases,
                             "template_name": template.name})
    details.validate()
    items = [EntityChange(None, details)]
    items += [EntityChange(None, task) for task in template_tasks(template)]
    items += [EntityChange(None, dep) for dep in template_dependencies(template)]
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
    create_database(path, fill=lambda db: _fill(PlanRepository(db), details, template)).close()
    # Opened like any plan: its lock taken, a first backup made, nothing to undo.
    try:
        return open_plan(path, today=today)
    except CutoverError:
        # A plan that cannot be opened (its first backup failed) is not left behind.
        with contextlib.suppress(OSError):
            path.unlink()
        raise


def memory_plan(
    details: PlanDetails, template: Template | None = None, today: Today = date.today
) -> PlanService:
    """A plan that lives only in memory: for tests, benchmarks and the smoke test."""
    repo = PlanRepository(memory_database())
    _fill(repo, details, template or default_template())
    return PlanService(repo, None, today)


def open_plan(path: Path, *, read_only: bool = False, today: Today = date.today,
              backup: bool = True, backup_later: bool = False) -> PlanService:
    """Open a plan file. Opening is not an edit: there is nothing to undo afterwards.

    For writing, the plan's lock is taken first; when another copy of the program has the
    plan open, it opens read-only and says who has it. A backup is made before a schema
    upgrade and on every open for writing (unless the plan holds just what its newest backup
    holds: storage/backups.ROUTINE_REASONS); with `backup_later` the on-open backup is left
    to the caller (`take_pending_backup`), and is taken before the first edit is written
    if the caller has not taken it by then.
    """
    notices: list[str] = []
    lock = None
    version = inspect_plan_file(path)
    if not read_only:
        lock = PlanLock(path)
        owner = lock.acquire()
        if owner is not None:
            lock, read_only = None, True
            notices.append(f"{owner.describe()} has this plan open, so it is open read-only "
                           "here: you can look, print and export, but not change it.")
    if is_network_path(path):
        notices.append("This plan is on a network drive, where two computers can damage a file "
                       "they both write to. It is safer on this computer's own disk.")
    try:
        if not read_only and version == schema_version():
            _refuse_altered_audit(path, checked_version=version)
        db = open_database(
            path, read_only=read_only,
            before_upgrade=(lambda conn: write_backup(conn, path, "before-upgrade"))
            if backup else None, checked_version=version)
        repo = PlanRepository(db, read_only=read_only)
        if not repo.has_plan():
            repo.close()
            raise PlanFileError(f"{path.name} holds no plan.")
        try:
            service = PlanService(repo, path, today, lock=lock, notices=notices)
        except (sqlite3.DatabaseError, ValueError, TypeError, LookupError, ValidationError):
            # Damage the database check cannot see: a record that no longer reads as a value.
            repo.close()
            raise PlanFileError(f"{path.name} is damaged: some of its records cannot be read.") \
                from None
        if not read_only and version != schema_version():
            _refuse_altered_audit(path, service)
        if backup and not read_only:
            if backup_later:
                service.backup_pending = True
            else:
                service.backup_now("on-open")
    except BaseException:
        if lock is not None:
            lock.release()
        raise
    return service


def _refuse_altered_audit(path: Path, service: PlanService | None = None,
                         checked_version: int | None = None) -> None:
    """Refuse to write to a plan whose audit trail was changed outside the program.

    The check runs on a read-only connection before anything is written (a plan from an
    older version is checked just after its upgrade, which was backed up first).
    """
    if service is not None:
        chain = service.verify_audit_chain()
    else:
        repo = PlanRepository(open_database(path, read_only=True,
                                            checked_version=checked_version), read_only=True)
        try:
            chain = repo.verify_audit_chain()
        except (sqlite3.DatabaseError, ValueError, UnicodeDecodeError):
            raise PlanFileError(f"{path.name} is damaged: its audit trail cannot be read.") \
                from None
        finally:
            repo.close()
    if not chain.ok:
        if service is not None:
            service.close()
        raise PlanFileError(
            f"{path.name} is damaged: its audit trail was changed outside the program "
            f"({chain.problem}), so it cannot be trusted. Restore a backup, or keep the file "
            "for whoever looks after your systems.")


def restore_plan(backup_path: Path, plan: Path) -> Path | None:
    """Put a backup in place of a plan that nobody has open.

    The current plan is backed up first when it can be read; when it is damaged it is set
    aside under a new name (returned) and never deleted.
    """
    if plan.is_dir():
        raise PlanFileError(f"{plan.name} is a folder, not a plan file.")
    lock = PlanLock(plan)
    owner = lock.acquire() if plan.exists() else None
    if owner is not None:
        raise PlanFileError(f"{owner.describe()} has {plan.name} open; close it there first.")
    try:
        inspect_plan_file(backup_path)
        aside = None
        if plan.exists():
            try:
                inspect_plan_file(plan)
            except PlanFileError:
                try:
                    aside = set_damaged_aside(plan)
                except OSError as exc:  # held open elsewhere, say: left as it was
                    raise not_restored(plan, backup_path, exc) from None
            else:
                current = PlanRepository(open_database(plan, read_only=True), read_only=True)
                try:
                    current.backup(plan, "before-restore", keep=backup_path)
                finally:
                    current.close()
        restore_backup(backup_path, plan)
        return aside
    finally:
        lock.release()


def save_copy(service: PlanService, target: Path) -> Path:
    """Write a consistent copy of the open plan to another file."""
    if target.suffix.lower() != PLAN_SUFFIX:
        target = target.with_name(target.name + PLAN_SUFFIX)
    if service.path is not None and target.resolve() == service.path.resolve():
        raise PlanFileError("Choose a different name: that is the plan already open.")
    owner = current_owner(target)
    if owner is not None:  # replaced under it, that program's next save would be lost
        raise PlanFileError(f"{owner.describe()} has {target.name} open; close it there first, "
                            "or choose another name.")
    partial = target.with_name(target.name + ".partial")
    try:
        service.copy_to(partial)
        os.replace(partial, target)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise PlanFileError(
            f"{target.name} was not written: "
            f"{why_not_written(target, exc)}. "
            "Nothing was changed.") from None
    return target

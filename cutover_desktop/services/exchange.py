"""Exchange: tasks out to CSV, XLSX and iCalendar, tasks in from CSV and XLSX, plans out as
templates. An import goes in whole, as one undo step, or not at all."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import date, datetime
from pathlib import Path

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.ids import PersonId, TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, Dependency, Task
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.paths import why_not_replaced, why_not_written
from cutover_desktop.reports.cells import (
    CellError,
    is_blank,
    read_date,
    read_flag,
    read_int,
    read_list,
    read_long_text,
    read_text,
    read_time,
)
from cutover_desktop.reports.ical import calendar_bytes
from cutover_desktop.reports.spreadsheet import SheetData, csv_bytes, xlsx_bytes
from cutover_desktop.reports.staff_file import absence_sheet, staff_sheet
from cutover_desktop.reports.staff_info import StaffInfo
from cutover_desktop.reports.task_file import (
    READ_ONLY_COLUMNS,
    TASK_COLUMNS,
    read_anchor,
    read_duration,
    read_ids,
    read_offset,
    read_phase,
    read_priority,
    read_status,
    read_unit,
    task_sheet,
)
from cutover_desktop.reports.template_file import template_bytes
from cutover_desktop.services.import_files import (
    Importer,
    ImportResult,
    Table,
    import_file,
    register_importer,
)
from cutover_desktop.services.planner import NO_CHANGE, PlanService
from cutover_desktop.services.printouts import staff_info

FORMATS = ("ics", "csv", "xlsx")
MS_PROJECT = "msproject"
TASKS, STAFF, ABSENCES = "tasks", "staff", "absences"
KINDS = (TASKS, STAFF, ABSENCES)
MAX_PROBLEMS_LISTED = 10
MAX_TASK_ID = 10**9
# Which column to blame when a whole task is refused for one of its fields.
_FIELD_COLUMNS = {"title": "title", "phase": "phase", "duration_days": "duration",
                  "end_time": "end_time", "start_time": "start_time", "offset": "offset",
                  "skip_reason": "skip_reason", "anchor": "anchor"}


@dataclass(frozen=True)
class Problem:
    """What is wrong with one cell of an imported file. Rows count as a spreadsheet shows
    them: the heading row is row 1."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        return f"Row {self.row}, column “{self.column}”: {self.message}."


class ImportRefused(ValidationError):
    """A file that was not imported: nothing in the plan changed."""

    def __init__(self, source: str, problems: list[Problem]) -> None:
        self.source = source
        self.problems = problems
        shown = "\n".join(str(p) for p in problems[:MAX_PROBLEMS_LISTED])
        more = len(problems) - MAX_PROBLEMS_LISTED
        tail = f"\n… and {plural(more, 'more problem')}." if more > 0 else ""
        count = plural(len(problems), "problem")
        super().__init__(f"Nothing was imported from {source}: it has {count}.\n{shown}{tail}")


def write_file(path: Path, data: bytes) -> None:
    """Write the whole file or leave what was there: a half-written export is never left."""
    if why := why_not_replaced(path):
        raise CutoverError(f"{path.name} was not written: {why}. Nothing was changed.")
    partial = path.with_name(path.name + ".partial")
    try:
        partial.write_bytes(data)
        os.replace(partial, path)
    except OSError as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise CutoverError(f"{path.name} was not written: {why_not_written(path, exc)}. "
                           "Nothing was changed.") from None


def is_task_sheet(sheet: SheetData) -> bool:
    """A task file is one whose heading row has a `title` column (staff and absence files
    have `name` instead)."""
    return "title" in sheet.headers


class ExchangeService:
    """Export and import for the plan open in a PlanService."""

    def __init__(self, plan: PlanService, now: Callable[[], datetime] | None = None) -> None:
        self.plan = plan
        self._now = now or (lambda: datetime.now().astimezone())

    def staff(self) -> StaffInfo:
        return staff_info(self.plan)

    def _tasks_for(self, person: str | None) -> list[Task]:
        tasks = self.plan.state.ordered_tasks()
        if person is None:
            return tasks
        staff = self.staff()
        if not staff.present:
            raise ValidationError("This plan has no staff register yet, so there is no one "
                                  "to export tasks for.", "person")
        name = staff.find(person)
        if name is None:
            raise ValidationError(f"No one called “{person}” is in the staff register.",
                                  "person")
        mine = staff.tasks_of(name)
        return [t for t in tasks if t.id in mine]

    # Export

    def export(self, path: Path, fmt: str | None = None, person: str | None = None,
               kind: str = TASKS) -> int:
        """Write the tasks (all, or one person's) as ics, csv or xlsx, or the staff register
        or the absences as csv or xlsx; the format comes from the file name when not given.
        Returns how many rows (tasks, people or absences) were written."""
        fmt = (fmt or path.suffix.lstrip(".")).lower()
        if fmt in (MS_PROJECT, "xml") and kind == TASKS and person is None:
            from cutover_desktop.services.project_exchange import export_project

            return export_project(self.plan, path, self._now())
        if fmt not in FORMATS:
            raise ValidationError(f"“{fmt}” is not a format this program writes; use "
                                  "ics, csv or xlsx.", "format")
        if kind != TASKS:
            return self._export_staff(path, fmt, kind)
        tasks = self._tasks_for(person)
        state = self.plan.state
        staff = self.staff()
        if fmt == "ics":
            name = f"{state.details.practice_name} cut-over" + (f": {person}" if person else "")
            data = calendar_bytes(state, tasks, self._now(), staff, name)
        else:
            sheet = task_sheet(state, tasks, staff)
            data = (csv_bytes(sheet.columns, sheet.rows) if fmt == "csv"
                    else xlsx_bytes(sheet.columns, sheet.rows))
        write_file(path, data)
        return len(tasks)

    def _export_staff(self, path: Path, fmt: str, kind: str) -> int:
        if kind not in (STAFF, ABSENCES):
            raise ValidationError(f"“{kind}” is not something to export; use tasks, staff or "
                                  "absences.", "kind")
        if fmt == "ics":
            raise ValidationError("Staff and absences are written as CSV or XLSX files.",
                                  "format")
        sheet = staff_sheet(self.plan.state) if kind == STAFF else absence_sheet(self.plan.state)
        title = "Staff" if kind == STAFF else "Absences"
        data = (csv_bytes(sheet.columns, sheet.rows) if fmt == "csv"
                else xlsx_bytes(sheet.columns, sheet.rows, title))
        write_file(path, data)
        return len(sheet.rows)

    # Templates

    def save_template(self, path: Path, name: str, description: str = "") -> Path:
        """Write the plan as a template file a new plan can be made from (checked by reading
        it back first). The file name gets .json if it has no suffix."""
        if not path.suffix:
            path = path.with_name(path.name + ".json")
        data, _template = template_bytes(self.plan.state, name, description)
        write_file(path, data)
        return path

    # Import

    def import_file(self, path: Path) -> Changes:
        """What `import_files.import_file` changed (for callers that need only that)."""
        return import_file(self.plan, path).changes

    def import_tasks(self, table: Table) -> Changes:
        changes = TaskImport(self.plan, sheet_of(table), self.staff(), table.headers).changes()
        if not changes:
            return NO_CHANGE
        try:
            return self.plan.apply(changes)
        except ValidationError as exc:  # a loop of dependencies, or a task that cannot be placed
            raise CutoverError(f"Nothing was imported from {table.name}: "
                               f"{exc.message}") from None


def sheet_of(table: Table) -> SheetData:
    headers = tuple(table.headers)
    return SheetData(table.name, headers,
                     tuple((row.number, tuple(row.cells.get(h) for h in headers))
                           for row in table.rows))


def _run_task_import(plan: PlanService, table: Table) -> ImportResult:
    """The task importer for `cutover-desktop import` and the other file importers."""
    changes = ExchangeService(plan).import_tasks(table)
    added = sum(1 for item in changes.items
                if item.before is None and isinstance(item.after, Task))
    updated = sum(1 for item in changes.items
                  if item.before is not None and isinstance(item.after, Task))
    unchanged = len(table.rows) - added - updated
    return ImportResult(TASKS, added, updated, max(0, unchanged), changes)


register_importer(Importer(TASKS, ("title",), _run_task_import, optional=TASK_COLUMNS))


class TaskImport:
    """Reads every row of a task file into tasks and dependencies, collecting every problem.

    A row with an `id` that is in the plan updates that task; any other row adds a task
    (keeping its `id` when it has one). Columns the file does not have leave those fields
    of existing tasks as they are; `depends_on`, when present, replaces what the task waits for.
    """

    def __init__(self, plan: PlanService, sheet: SheetData, staff: StaffInfo,
                 labels: dict[str, str] | None = None) -> None:
        self.plan = plan
        self.labels = labels or {}
        self.state = plan.state
        self.sheet = sheet
        self.staff = staff
        self.columns = {name: index for index, name in enumerate(sheet.headers)
                        if name and name not in READ_ONLY_COLUMNS}
        self.problems: list[Problem] = []
        self.people = {" ".join(p.name.split()).casefold(): p
                       for p in self.state.table("staff").values() if isinstance(p, Person)}
        self.assigned: dict[TaskId, tuple[PersonId, ...]] = {}

    def has(self, column: str) -> bool:
        return column in self.columns

    def raw(self, cells: tuple[object, ...], column: str) -> object:
        index = self.columns.get(column)
        if index is None or index >= len(cells):
            return None
        return cells[index]

    def read(self, number: int, cells: tuple[object, ...], column: str,
             reader: Callable[[object], object]) -> object:
        try:
            return reader(self.raw(cells, column))
        except CellError as exc:
            self.problem(number, column, str(exc))
            return _FAILED

    def problem(self, number: int, column: str, message: str) -> None:
        self.problems.append(Problem(number, self.labels.get(column, column), message))

    def changes(self) -> Changes:
        for column in ("title", "phase"):
            if not self.has(column):
                self.problem(1, column, "the heading row has no such column")
        if not (self.has("id") or self.has("start") or self.has("anchor")):
            self.problem(1, "anchor", "the heading row needs a “start” or an "
                                         "“anchor” column to place the tasks")
        rows = [(n, cells) for n, cells in self.sheet.rows
                if not all(is_blank(c) for c in cells)]
        if not rows and not self.problems:
            raise CutoverError(f"{self.sheet.source} has no task rows.")
        if self.problems:
            raise ImportRefused(self.sheet.source, self.problems)
        ids = self._assign_ids(rows)
        if self.problems:
            raise ImportRefused(self.sheet.source, self.problems)
        known = set(self.state.tasks) | set(ids.values())
        next_position = max((t.position for t in self.state.tasks.values()), default=0) + 1
        tasks: list[Task] = []
        wanted_deps: dict[TaskId, set[TaskId]] = {}
        for number, cells in rows:
            task_id = ids[number]
            task = self._row_task(number, cells, task_id, known)
            if task is None:
                continue
            if task_id not in self.state.tasks:
                task = replace(task, position=next_position)
                next_position += 1
            tasks.append(task)
            if self.has("depends_on"):
                deps = self.read(number, cells, "depends_on", read_ids)
                if deps is not _FAILED:
                    assert isinstance(deps, tuple)
                    for dep in deps:
                        if dep == task_id:
                            self.problem(number, "depends_on",
                                                         "a task cannot wait for itself")
                        elif dep not in known:
                            self.problem(number, "depends_on",
                                                         f"there is no task {dep}")
                    wanted_deps[task_id] = set(deps)
        if self.problems:
            raise ImportRefused(self.sheet.source, self.problems)
        return self._build(tasks, wanted_deps)

    def _assign_ids(self, rows: list[tuple[int, tuple[object, ...]]]) -> dict[int, TaskId]:
        given: dict[int, TaskId] = {}
        seen: dict[TaskId, int] = {}
        for number, cells in rows:
            if not self.has("id") or is_blank(self.raw(cells, "id")):
                continue
            value = self.read(number, cells, "id",
                              lambda v: read_int(v, 1, MAX_TASK_ID, "as a task number"))
            if value is _FAILED:
                continue
            task_id = TaskId(int(value))  # type: ignore[call-overload]
            if task_id in seen:
                self.problem(number, "id", f"task {task_id} is also on row "
                                             f"{seen[task_id]}")
                continue
            seen[task_id] = number
            given[number] = task_id
        next_id = max([*self.state.tasks, *given.values()], default=0) + 1
        for number, _cells in rows:
            if number not in given:
                given[number] = TaskId(next_id)
                next_id += 1
        return given

    def _row_task(self, number: int, cells: tuple[object, ...], task_id: TaskId,
                  known: set[TaskId]) -> Task | None:
        existing = self.state.tasks.get(task_id)
        before = len(self.problems)
        phases = self.state.details.phases
        fields: dict[str, object] = {}

        def take(column: str, field: str, reader: Callable[[object], object]) -> None:
            if self.has(column):
                value = self.read(number, cells, column, reader)
                if value is not _FAILED:
                    fields[field] = value

        take("title", "title", lambda v: read_text(v, 10_000))
        take("phase", "phase", lambda v: read_phase(v, phases))
        take("offset_unit", "offset_unit", read_unit)
        take("duration", "duration_days", read_duration)
        take("start_time", "start_time", read_time)
        take("end_time", "end_time", read_time)
        take("owner_role", "owner_role", read_text)
        take("site", "site", read_text)
        take("status", "status", read_status)
        take("skip_reason", "skip_reason", read_text)
        take("priority", "priority", read_priority)
        take("milestone", "milestone", read_flag)
        take("notes", "notes", read_long_text)
        take("why", "why", read_long_text)
        take("source", "source", read_long_text)
        take("key", "template_key", read_text)
        take("tags", "tags", read_list)
        if self.has("assigned"):
            self._read_assigned(number, cells, task_id)
        self._place(number, cells, existing, known, fields)
        if len(self.problems) > before:
            return None
        if not str(fields.get("title", existing.title if existing else "")).strip():
            self.problem(number, "title", "a task needs a title")
            return None
        try:
            if existing is not None:
                task = replace(existing, **fields)  # type: ignore[arg-type]
            else:
                task = Task(id=task_id, **fields)  # type: ignore[arg-type]
            task.validate()
        except ValidationError as exc:
            column = _FIELD_COLUMNS.get(exc.field or "", "title")
            self.problem(number, column, exc.message.rstrip("."))
            return None
        except TypeError:  # a new task without a phase or a place
            self.problem(number, "phase", "a new task needs a phase")
            return None
        return task

    def _place(self, number: int, cells: tuple[object, ...], existing: Task | None,
               known: set[TaskId], fields: dict[str, object]) -> None:
        """Anchor, offset and pinned date from `start`, `anchor` and `offset`."""
        pinned: object = None
        if self.has("start") and not is_blank(self.raw(cells, "start")):
            pinned = self.read(number, cells, "start", read_date)
        anchor: object = existing.anchor if existing else None
        if self.has("anchor") and not is_blank(self.raw(cells, "anchor")):
            anchor = self.read(number, cells, "anchor", read_anchor)
        offset: object = None
        if self.has("offset") and not is_blank(self.raw(cells, "offset")):
            offset = self.read(number, cells, "offset", read_offset)
        if any(value is _FAILED for value in (pinned, anchor, offset)):
            return
        if isinstance(anchor, Anchor) and anchor.task_id is not None \
                and anchor.task_id not in known:
            self.problem(number, "anchor", f"there is no task "
                                         f"{anchor.task_id} to hang from")
            return
        if isinstance(pinned, date):
            anchor = anchor or Anchor.key(KeyDate.BGL)
            assert isinstance(anchor, Anchor)
            if offset is None:
                if anchor.key_date is not None:
                    offset = (pinned - self.state.schedule.key_dates[anchor.key_date]).days
                else:
                    offset = existing.offset if existing else 0
            fields["pinned_date"] = pinned
        else:
            if anchor is None:
                self.problem(number, "anchor", "give a start date, or the key "
                                             "date the task hangs from (such as BGL)")
                return
            if self.has("start"):
                fields["pinned_date"] = None
            if offset is None:
                offset = existing.offset if existing else 0
        fields["anchor"] = anchor
        fields["offset"] = offset

    def _read_assigned(self, number: int, cells: tuple[object, ...], task_id: TaskId) -> None:
        """The people named in `assigned`, to become the task's assignees (hours per day kept
        for anyone already assigned)."""
        names = self.read(number, cells, "assigned", read_list)
        if names is _FAILED:
            return
        assert isinstance(names, tuple)
        if not names:
            if self.people:
                self.assigned[task_id] = ()
            return
        if not self.people:
            self.problem(number, "assigned", "this plan has no staff register yet, so no one "
                         "can be assigned; add the staff first or leave the column empty")
            return
        ids: list[PersonId] = []
        for name in names:
            person = self.people.get(" ".join(name.split()).casefold())
            if person is None:
                self.problem(number, "assigned",
                             f"no one called “{name}” is in the staff register")
            elif person.id not in ids:
                ids.append(person.id)
        self.assigned[task_id] = tuple(ids)

    def _build(self, tasks: list[Task], wanted_deps: dict[TaskId, set[TaskId]]) -> Changes:
        items: list[EntityChange] = []
        added = updated = 0
        for task in tasks:
            old = self.state.tasks.get(task.id)
            if old != task:
                items.append(EntityChange(old, task))
                if old is None:
                    added += 1
                else:
                    updated += 1
        current: dict[TaskId, set[TaskId]] = {}
        for dep in self.state.dependencies:
            current.setdefault(dep.successor, set()).add(dep.predecessor)
        dep_changes = 0
        for successor, wanted in sorted(wanted_deps.items()):
            have = current.get(successor, set())
            for predecessor in sorted(have - wanted):
                items.append(EntityChange(Dependency(predecessor, successor), None))
                dep_changes += 1
            for predecessor in sorted(wanted - have):
                items.append(EntityChange(None, Dependency(predecessor, successor)))
                dep_changes += 1
        current_people: dict[TaskId, dict[PersonId, Assignment]] = {}
        for assignment in self.state.table("assignment").values():
            if isinstance(assignment, Assignment):
                current_people.setdefault(assignment.task_id, {})[assignment.person_id] = \
                    assignment
        for task_id, people in sorted(self.assigned.items()):
            assigned_now = current_people.get(task_id, {})
            for person_id, assignment in sorted(assigned_now.items()):
                if person_id not in people:
                    items.append(EntityChange(assignment, None))
                    dep_changes += 1
            for person_id in people:
                if person_id not in assigned_now:
                    items.append(EntityChange(None, Assignment(task_id, person_id)))
                    dep_changes += 1
        parts = []
        if added:
            parts.append(f"add {plural(added, 'task')}")
        if updated:
            parts.append(f"update {plural(updated, 'task')}")
        if dep_changes and not parts:
            parts.append("change what tasks wait for and who does them")
        label = f"Import {self.sheet.source}: " + " and ".join(parts) if parts else ""
        return Changes(label, tuple(items))


class _Failed:
    """A cell that could not be read; its problem is already recorded."""

    def __repr__(self) -> str:
        return "<failed>"


_FAILED = _Failed()

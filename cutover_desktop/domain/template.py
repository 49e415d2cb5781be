"""Plan templates: the tasks a new plan starts with, read from a JSON file and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import time
from pathlib import Path
from typing import Any

from cutover_desktop.domain.errors import TemplateError
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import (
    MAX_DURATION_DAYS,
    MAX_OFFSET_DAYS,
    MAX_TITLE,
    OffsetUnit,
    Priority,
)

TEMPLATE_FORMAT = "cutover-template"
TEMPLATE_FORMAT_VERSION = 1


@dataclass(frozen=True)
class TemplateTask:
    key: str
    phase: str
    title: str
    anchor: KeyDate
    offset: int
    duration: int = 1
    offset_unit: OffsetUnit = OffsetUnit.CALENDAR_DAYS
    owner_role: str = ""
    why: str = ""
    notes: str = ""
    source: str = ""
    milestone: bool = False
    priority: Priority = Priority.NORMAL
    tags: tuple[str, ...] = ()
    anchor_task: str = ""
    start_time: time | None = None
    end_time: time | None = None


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    phases: tuple[str, ...]
    tasks: tuple[TemplateTask, ...]
    # Finish-to-start links between tasks, as (waited for, waiting) task keys.
    dependencies: tuple[tuple[str, str], ...] = ()


def load_template(path: Path) -> Template:
    """Read and check a template file.

    Raises:
        TemplateError: the file cannot be read or is not a valid template; the message
            names the task and field at fault.
    """
    if path.is_dir():  # Windows says only "Permission denied" when asked to read a folder
        raise TemplateError(f"{path.name} is a folder, not a template file.")
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise TemplateError(f"There is no template file called {path.name} in "
                            f"{path.parent.resolve()}.") from None
    except UnicodeDecodeError:
        raise TemplateError(f"The template {path.name} is not a text file.") from None
    except OSError as exc:
        raise TemplateError(f"The template {path.name} could not be read "
                            f"({exc.strerror or exc}).") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise TemplateError(
            f"The template {path.name} is not valid JSON (line {exc.lineno}).") from None
    return parse_template(data, path.name)


def parse_template(data: Any, source_name: str = "template") -> Template:
    """Check a template already parsed from JSON."""
    def fail(message: str) -> TemplateError:
        return TemplateError(f"The template {source_name} cannot be used: {message}")

    if not isinstance(data, dict) or data.get("format") != TEMPLATE_FORMAT:
        raise fail("it is not a cut-over plan template.")
    version = data.get("format_version")
    if not isinstance(version, int) or version > TEMPLATE_FORMAT_VERSION:
        raise fail("it was made by a newer version of this program.")
    phases = data.get("phases")
    if (not isinstance(phases, list) or not phases
            or not all(isinstance(p, str) and p.strip() for p in phases)):
        raise fail("it has no list of phases.")
    if len(set(phases)) != len(phases):
        raise fail("a phase is listed twice.")
    raw_tasks = data.get("tasks")
    if not isinstance(raw_tasks, list) or not raw_tasks:
        raise fail("it has no tasks.")
    tasks: list[TemplateTask] = []
    keys: set[str] = set()
    for number, raw in enumerate(raw_tasks, start=1):
        task = _parse_task(raw, number, set(phases), fail)
        if task.key in keys:
            raise fail(f"task {number} reuses the key “{task.key}”.")
        keys.add(task.key)
        tasks.append(task)
    for number, task in enumerate(tasks, start=1):
        if task.anchor_task and task.anchor_task not in keys:
            raise fail(f"task {number} hangs from “{task.anchor_task}”, which is not in it.")
    dependencies = _parse_dependencies(data.get("dependencies", []), keys, fail)
    before: dict[str, list[str]] = {task.key: [] for task in tasks}
    for task in tasks:
        if task.anchor_task:
            before[task.key].append(task.anchor_task)
    for first, then in dependencies:
        before[then].append(first)
    _refuse_loops(before, fail)
    name = data.get("name")
    return Template(
        name=name if isinstance(name, str) and name.strip() else source_name,
        description=str(data.get("description", "")),
        phases=tuple(phases),
        tasks=tuple(tasks),
        dependencies=dependencies,
    )


def _parse_dependencies(raw: Any, keys: set[str], fail: Any) -> tuple[tuple[str, str], ...]:
    if not isinstance(raw, list):
        raise fail("its dependencies are not a list.")
    found: list[tuple[str, str]] = []
    for number, link in enumerate(raw, start=1):
        if not (isinstance(link, dict) and isinstance(link.get("before"), str)
                and isinstance(link.get("after"), str)):
            raise fail(f"dependency {number} needs the task keys “before” and “after”.")
        first, then = link["before"], link["after"]
        for key in (first, then):
            if key not in keys:
                raise fail(f"dependency {number} names “{key}”, which is not a task in it.")
        if first == then:
            raise fail(f"dependency {number} makes “{first}” wait for itself.")
        found.append((first, then))
    return tuple(dict.fromkeys(found))


def _refuse_loops(before: dict[str, list[str]], fail: Any) -> None:
    """Refuse tasks that wait for, or hang from, each other in a loop."""
    done: set[str] = set()
    for start in before:
        if start in done:
            continue
        stack = [(start, iter(before[start]))]
        on_path = {start}
        while stack:
            key, pending = stack[-1]
            nxt = next(pending, None)
            if nxt is None:
                stack.pop()
                on_path.discard(key)
                done.add(key)
            elif nxt in on_path:
                raise fail(f"“{nxt}” waits for or hangs from itself through other tasks, "
                           "in a loop.")
            elif nxt not in done:
                stack.append((nxt, iter(before[nxt])))
                on_path.add(nxt)


def _time_of_day(value: str, number: int, key: str, name: str, fail: Any) -> time | None:
    if not value:
        return None
    try:
        return time.fromisoformat(value)
    except ValueError:
        raise fail(f"task {number} (“{key}”) has a “{name}” that is not a time such as "
                   "08:30.") from None


def _parse_task(raw: Any, number: int, phases: set[str], fail: Any) -> TemplateTask:
    if not isinstance(raw, dict):
        raise fail(f"task {number} is not a record.")

    def text(name: str, required: bool = False) -> str:
        value = raw.get(name, "")
        if not isinstance(value, str) or (required and not value.strip()):
            raise fail(f"task {number} needs a text “{name}”.")
        return value.strip()

    def whole(name: str, default: int | None, low: int, high: int) -> int:
        value = raw.get(name, default)
        if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
            raise fail(f"task {number} needs a whole number “{name}” from {low} to {high}.")
        return value

    key = text("key", required=True)
    title = text("title", required=True)
    if len(title) > MAX_TITLE:
        raise fail(f"task {number} (“{key}”) has a title of {len(title)} characters; "
                   f"a title can be at most {MAX_TITLE}.")
    phase = text("phase", required=True)
    if phase not in phases:
        raise fail(f"task {number} (“{key}”) is in the phase “{phase}”, which is not listed.")
    try:
        anchor = KeyDate(text("anchor") or "BGL")
    except ValueError:
        raise fail(f"task {number} (“{key}”) hangs from an unknown key date.") from None
    try:
        unit = OffsetUnit(text("unit") or OffsetUnit.CALENDAR_DAYS.value)
        priority = Priority(text("priority") or Priority.NORMAL.value)
    except ValueError:
        raise fail(f"task {number} (“{key}”) has an unknown unit or priority.") from None
    tags = raw.get("tags", [])
    if not isinstance(tags, list) or not all(isinstance(t, str) for t in tags):
        raise fail(f"task {number} (“{key}”) has tags that are not a list of words.")
    milestone = raw.get("milestone", False)
    if not isinstance(milestone, bool):
        raise fail(f"task {number} (“{key}”) has a milestone flag that is not true or false.")
    return TemplateTask(
        key=key,
        phase=phase,
        title=title,
        anchor=anchor,
        offset=whole("offset", None, -MAX_OFFSET_DAYS, MAX_OFFSET_DAYS),
        duration=whole("duration", 1, 1, MAX_DURATION_DAYS),
        offset_unit=unit,
        owner_role=text("owner_role"),
        why=text("why"),
        notes=text("notes"),
        source=text("source"),
        milestone=milestone,
        priority=priority,
        tags=tuple(tags),
        anchor_task=text("anchor_task"),
        start_time=_time_of_day(text("start_time"), number, key, "start_time", fail),
        end_time=_time_of_day(text("end_time"), number, key, "end_time", fail),
    )

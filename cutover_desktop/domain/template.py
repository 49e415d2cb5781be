"""Plan templates: the tasks a new plan starts with, read from a JSON file and checked."""

from __future__ import annotations

import json
from dataclasses import dataclass
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


@dataclass(frozen=True)
class Template:
    name: str
    description: str
    phases: tuple[str, ...]
    tasks: tuple[TemplateTask, ...]


def load_template(path: Path) -> Template:
    """Read and check a template file.

    Raises:
        TemplateError: the file cannot be read or is not a valid template; the message
            names the task and field at fault.
    """
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
    anchor_of = {task.key: task.anchor_task for task in tasks}
    loop_free: set[str] = set()
    for task in tasks:
        chain: list[str] = []
        here = task.key
        while here and here not in loop_free:
            if here in chain:
                raise fail(f"“{here}” hangs from itself through other tasks, in a loop.")
            chain.append(here)
            here = anchor_of[here]
        loop_free.update(chain)
    name = data.get("name")
    return Template(
        name=name if isinstance(name, str) and name.strip() else source_name,
        description=str(data.get("description", "")),
        phases=tuple(phases),
        tasks=tuple(tasks),
    )


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
    )

"""The plan's values: frozen dataclasses and enums, with the checks each field needs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from datetime import date, time
from enum import StrEnum

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules

ODS_CODE = re.compile(r"^[A-Z][0-9]{5}$")
MAX_TITLE = 300
MAX_DURATION_DAYS = 366
MAX_OFFSET_DAYS = 1000


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    BLOCKED = "blocked"
    SKIPPED = "skipped"

    @property
    def label(self) -> str:
        return self.value.replace("_", " ").capitalize()

    @property
    def is_closed(self) -> bool:
        return self in (TaskStatus.DONE, TaskStatus.SKIPPED)


class Priority(StrEnum):
    LOW = "low"
    NORMAL = "normal"
    HIGH = "high"

    @property
    def label(self) -> str:
        return self.value.capitalize()


class OffsetUnit(StrEnum):
    CALENDAR_DAYS = "days"
    WORKING_DAYS = "working_days"

    @property
    def label(self) -> str:
        return "working days" if self is OffsetUnit.WORKING_DAYS else "days"


@dataclass(frozen=True, slots=True)
class Anchor:
    """What a task hangs from: a key date, or the finish of another task."""

    key_date: KeyDate | None = None
    task_id: TaskId | None = None

    def __post_init__(self) -> None:
        if (self.key_date is None) == (self.task_id is None):
            raise ValidationError("A task hangs from exactly one key date or one other task.",
                                  "anchor")

    @classmethod
    def key(cls, key_date: KeyDate) -> Anchor:
        return _KEY_ANCHORS[key_date]

    @classmethod
    def task(cls, task_id: TaskId) -> Anchor:
        return cls(task_id=task_id)


# One anchor a key date, shared by every task that hangs from it.
_KEY_ANCHORS = {key: Anchor(key_date=key) for key in KeyDate}


@dataclass(frozen=True, slots=True)
class Task:
    """One task of the plan.

    The start date comes from the anchor plus the offset, unless the task is pinned to
    a fixed date; the anchor is then kept as the task's reference, so the program can
    tell when the pinned date no longer fits. A task anchored to another task starts
    `offset` days after that task finishes.
    """

    id: TaskId
    title: str
    phase: str
    anchor: Anchor
    offset: int = 0
    offset_unit: OffsetUnit = OffsetUnit.CALENDAR_DAYS
    pinned_date: date | None = None
    duration_days: int = 1
    start_time: time | None = None
    end_time: time | None = None
    owner_role: str = ""
    site: str = ""
    status: TaskStatus = TaskStatus.NOT_STARTED
    skip_reason: str = ""
    priority: Priority = Priority.NORMAL
    milestone: bool = False
    notes: str = ""
    why: str = ""
    source: str = ""
    template_key: str = ""
    tags: tuple[str, ...] = ()
    position: int = 0

    @property
    def is_pinned(self) -> bool:
        return self.pinned_date is not None

    def validate(self) -> None:
        """Refuse a task no one could schedule or read, naming the field at fault."""
        if not self.title.strip():
            raise ValidationError("A task needs a title.", "title")
        if len(self.title) > MAX_TITLE:
            raise ValidationError(f"A title can be at most {MAX_TITLE} characters.", "title")
        if not self.phase.strip():
            raise ValidationError("A task needs a phase.", "phase")
        if not 1 <= self.duration_days <= MAX_DURATION_DAYS:
            raise ValidationError(
                f"Duration must be 1 to {MAX_DURATION_DAYS} days.", "duration_days")
        if abs(self.offset) > MAX_OFFSET_DAYS:
            raise ValidationError(
                f"An offset can be at most {MAX_OFFSET_DAYS} days either way.", "offset")
        if (self.start_time and self.end_time and self.duration_days == 1
                and self.end_time <= self.start_time):
            raise ValidationError("The end time must be after the start time.", "end_time")
        if self.status is TaskStatus.SKIPPED and not self.skip_reason.strip():
            raise ValidationError("Say why the task is skipped.", "skip_reason")
        if self.anchor.task_id is not None and self.anchor.task_id == self.id:
            raise ValidationError("A task cannot hang from itself.", "anchor")

    def with_changes(self, **changes: object) -> Task:
        return replace(self, **changes)  # type: ignore[arg-type]


@dataclass(frozen=True, slots=True)
class Dependency:
    """Finish-to-start: the successor cannot start before the predecessor finishes."""

    predecessor: TaskId
    successor: TaskId


class CalendarDayKind(StrEnum):
    CLOSURE = "closure"
    EXTRA_WORKING = "extra_working"

    @property
    def label(self) -> str:
        return "Practice closed" if self is CalendarDayKind.CLOSURE else "Extra working day"


@dataclass(frozen=True)
class CalendarDay:
    """A day the plan's calendar treats differently from the national one."""

    day: date
    kind: CalendarDayKind
    note: str = ""


@dataclass(frozen=True)
class PlanDetails:
    """The practice and the go-live anchor: everything about a plan but its tasks."""

    practice_name: str
    ods_code: str
    go_live: date
    old_supplier: str = ""
    new_supplier: str = ""
    sites: tuple[str, ...] = ()
    rules: KeyDateRules = field(default_factory=KeyDateRules)
    go_live_confirmed_on: date | None = None
    template_name: str = ""
    phases: tuple[str, ...] = ()

    def validate(self) -> None:
        if not self.practice_name.strip():
            raise ValidationError("Give the practice's name.", "practice_name")
        if len(self.practice_name) > 200:
            raise ValidationError("The practice name can be at most 200 characters.",
                                  "practice_name")
        check_ods_code(self.ods_code)
        if not date(2000, 1, 1) <= self.go_live <= date(2099, 12, 31):
            # The range set_go_live accepts, so a new plan can always be moved later.
            raise ValidationError("Choose a go-live date between 2000 and 2099.", "go_live")
        self.rules.validate()


def check_ods_code(code: str) -> str:
    """The ODS code in capitals, or a ValidationError if it is not one letter and five digits."""
    cleaned = code.strip().upper()
    if not ODS_CODE.match(cleaned):
        raise ValidationError(
            f"“{code}” is not a practice ODS code: use one letter and five digits, "
            "for example A81001.", "ods_code")
    return cleaned


register_entity(PlanDetails, "plan", lambda _details: "plan")
register_entity(Task, "task", lambda task: task.id)
register_entity(Dependency, "dependency", lambda dep: (dep.predecessor, dep.successor))
register_entity(CalendarDay, "calendar_day", lambda day: day.day)

"""What an edit changed: entity before and after, the unit of undo, redo and audit."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date, datetime, time
from enum import Enum
from typing import Any

from cutover_desktop.domain.entities import entity_identity, entity_kind, key_text
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import CalendarDay, Dependency, PlanDetails, Task

# Any registered entity (see domain/entities.py); the core ones are named for readers.
Entity = PlanDetails | Task | Dependency | CalendarDay | object


def entity_key(entity: Entity) -> str:
    """A stable identity for the entity within its kind, as text for the audit trail."""
    return key_text(entity_identity(entity))


@dataclass(frozen=True)
class EntityChange:
    """One entity added (before is None), removed (after is None) or replaced."""

    before: Entity | None
    after: Entity | None

    def __post_init__(self) -> None:
        if self.before is None and self.after is None:
            raise ValueError("a change needs a before or an after")

    @property
    def entity(self) -> Entity:
        found = self.after if self.after is not None else self.before
        assert found is not None
        return found

    @property
    def kind(self) -> str:
        return entity_kind(self.entity)

    def inverse(self) -> EntityChange:
        return EntityChange(self.after, self.before)


@dataclass(frozen=True)
class Changes:
    """Everything one user action changed, in the order it was applied."""

    label: str
    items: tuple[EntityChange, ...] = ()

    @property
    def kinds(self) -> frozenset[str]:
        return frozenset(item.kind for item in self.items)

    @property
    def task_ids(self) -> frozenset[TaskId]:
        return frozenset(item.entity.id for item in self.items
                         if isinstance(item.entity, Task))

    def inverse(self, label: str) -> Changes:
        return Changes(label, tuple(item.inverse() for item in reversed(self.items)))

    def __bool__(self) -> bool:
        return bool(self.items)


def to_jsonable(value: Any) -> Any:
    """A JSON-ready form of a domain value: dates in ISO form, enums by value.

    A value with an `audit_form()` method (an NHS number) is written in that form instead,
    so what it holds never reaches the audit trail.
    """
    audit_form = getattr(value, "audit_form", None)
    if callable(audit_form):
        return audit_form()
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_jsonable(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, Enum):
        return value.value
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (tuple, list, frozenset, set)):
        items = [to_jsonable(item) for item in value]
        return sorted(items) if isinstance(value, (frozenset, set)) else items
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value

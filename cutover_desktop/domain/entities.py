"""Which dataclasses are plan entities: their kind name and identity, for undo and audit.

The core kinds (plan, task, dependency, calendar day) are registered by `model`; each feature
registers its own (staff, sign-offs, registers) beside its dataclasses.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class EntityType:
    kind: str
    key: Callable[[Any], Hashable]


_TYPES: dict[type, EntityType] = {}


def register_entity(cls: type, kind: str, key: Callable[[Any], Hashable]) -> None:
    """Make a frozen dataclass an entity: `kind` names its collection, `key` its identity."""
    existing = _TYPES.get(cls)
    if existing is not None and existing.kind != kind:
        raise ValueError(f"{cls.__name__} is already registered as {existing.kind}")
    _TYPES[cls] = EntityType(kind, key)


def entity_type(entity: object) -> EntityType:
    try:
        return _TYPES[type(entity)]
    except KeyError:
        raise TypeError(f"{type(entity).__name__} is not a registered plan entity") from None


def entity_kind(entity: object) -> str:
    return entity_type(entity).kind


def entity_identity(entity: object) -> Hashable:
    return entity_type(entity).key(entity)


def key_text(key: Hashable) -> str:
    """The identity as text for the audit trail: '12', '3->7', '2027-03-16'."""
    if isinstance(key, tuple):
        return "->".join(str(part) for part in key)
    return str(key)

"""The audit trail as views read it: filtered pages, one entry with its values parsed, the
chain check. Views get these service-level values, never the stored rows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from cutover_desktop.domain.audit import AuditQuery, AuditSummary, ChainCheck
from cutover_desktop.domain.canonical import canonical
from cutover_desktop.storage.audit import AuditTrail
from cutover_desktop.storage.repository import AuditEntry

if TYPE_CHECKING:
    from cutover_desktop.services.planner import PlanService

__all__ = ["AuditQuery", "AuditSummary", "ChainCheck", "AuditRecord", "AuditReader",
           "FieldChange", "KIND_LABELS", "kind_label", "field_changes", "audit_trail",
           "verify"]

KIND_LABELS = {
    "plan": "Plan details",
    "task": "Task",
    "dependency": "Dependency",
    "calendar_day": "Calendar day",
    "signoff": "Sign-off",
    "signoff_withdrawal": "Sign-off withdrawal",
}
# Fields whose value is itself stored as JSON text (the state a sign-off covered).
_NESTED_JSON = ("covered",)


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class AuditRecord:
    """One audit entry in full, its record before and after parsed (None: not there).

    Attributes:
        change: 'added', 'changed' or 'removed'.
        exact_text: the entry exactly as the chain hashes it (UTF-8 of this text).
    """

    id: int
    at: datetime | None
    os_user: str
    action: str
    entity: str
    entity_key: str
    before: Any
    after: Any
    change: str
    exact_text: str
    hash: str
    prev_hash: str

    def fields(self) -> dict[str, Any]:
        """The record as it stood after the entry (or before it, for a removal)."""
        for value in (self.after, self.before):
            if isinstance(value, dict):
                return value
        return {}


def _parsed(text: str | None) -> Any:
    if text is None:
        return None
    try:
        value = json.loads(text)
    except ValueError:
        return text
    if isinstance(value, dict):
        for name in _NESTED_JSON:
            if isinstance(value.get(name), str):
                value[name] = _parsed(value[name])
    return value


def _moment(text: str) -> datetime | None:
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        return None


def audit_record(entry: AuditEntry) -> AuditRecord:
    change = ("added" if entry.before is None else "removed" if entry.after is None
              else "changed")
    return AuditRecord(entry.id, _moment(str(entry.at)), entry.os_user, entry.action,
                       entry.entity, entry.entity_key, _parsed(entry.before),
                       _parsed(entry.after), change, canonical(entry.content()), entry.hash,
                       entry.prev_hash)


class AuditReader:
    """Read-only queries over a plan's audit trail, in service-level values."""

    def __init__(self, trail: AuditTrail) -> None:
        self._trail = trail

    def count(self, query: AuditQuery | None = None) -> int:
        return self._trail.count(query or AuditQuery())

    def page(self, query: AuditQuery | None = None, before_id: int | None = None,
             limit: int = 500) -> list[AuditSummary]:
        """Up to `limit` matching entries, newest first, older than `before_id` if given."""
        return self._trail.page(query or AuditQuery(), before_id, limit)

    def entry(self, entry_id: int) -> AuditRecord | None:
        found = self._trail.entry(entry_id)
        return audit_record(found) if found is not None else None

    def people(self) -> list[str]:
        """Every computer login and typed name in the trail, sorted."""
        return self._trail.people()

    def kinds(self) -> list[str]:
        return self._trail.kinds()


@dataclass(frozen=True)
class FieldChange:
    """One field of a record as an audit entry changed it (None: not there)."""

    field: str
    before: Any
    after: Any


def _names(*records: dict[str, Any]) -> Iterable[str]:
    seen: dict[str, None] = {}
    for record in records:
        seen.update(dict.fromkeys(record))
    return seen


def field_changes(entry: AuditRecord) -> list[FieldChange]:
    """The fields an entry added, changed or removed, in the record's own order."""
    before, after = entry.before, entry.after
    if not isinstance(before, dict) and not isinstance(after, dict):
        return [FieldChange("value", before, after)] if before != after else []
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    changes = [FieldChange(n, old.get(n), new.get(n)) for n in _names(new, old)]
    if entry.change != "changed":
        return changes
    return [change for change in changes if change.before != change.after]


def audit_trail(plan: PlanService) -> AuditReader:
    return plan.audit_trail


def verify(plan: PlanService) -> ChainCheck:
    """Walk the whole chain now (about half a second for 100,000 entries)."""
    return plan.verify_audit_chain()

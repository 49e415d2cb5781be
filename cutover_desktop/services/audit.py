"""The audit trail as views read it: filtered pages, one entry's changes, the chain check."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from cutover_desktop.services.planner import PlanService
from cutover_desktop.storage.audit import AuditQuery, AuditSummary, AuditTrail
from cutover_desktop.storage.repository import AuditEntry, ChainCheck

__all__ = ["AuditQuery", "AuditSummary", "AuditTrail", "AuditEntry", "ChainCheck",
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


def kind_label(kind: str) -> str:
    return KIND_LABELS.get(kind) or kind.replace("_", " ").capitalize()


@dataclass(frozen=True)
class FieldChange:
    """One field of a record as an audit entry changed it (None: not there)."""

    field: str
    before: Any
    after: Any


def _parsed(text: str | None) -> Any:
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return text


def field_changes(entry: AuditEntry) -> list[FieldChange]:
    """The fields an entry added, changed or removed, in the record's own order."""
    before, after = _parsed(entry.before), _parsed(entry.after)
    if not isinstance(before, dict) and not isinstance(after, dict):
        return [FieldChange("value", before, after)] if before != after else []
    old = before if isinstance(before, dict) else {}
    new = after if isinstance(after, dict) else {}
    names = list(new) + [name for name in old if name not in new]
    if before is None or after is None:
        return [FieldChange(n, old.get(n), new.get(n)) for n in names]
    return [FieldChange(n, old.get(n), new.get(n)) for n in names if old.get(n) != new.get(n)]


def audit_trail(plan: PlanService) -> AuditTrail:
    return plan.audit_trail


def verify(plan: PlanService) -> ChainCheck:
    """Walk the whole chain now (about half a second for 100,000 entries)."""
    return plan.verify_audit_chain()

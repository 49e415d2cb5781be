"""The audit trail's plain values: which entries to list, one listed entry, a chain check."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime


@dataclass(frozen=True)
class AuditQuery:
    """Which entries to list. Every part is optional; None means any.

    Attributes:
        since, until: the entry was written at or after `since` and before `until`.
        person: the computer login, or a name typed when signing.
        kind: the kind of record changed ('task', 'signoff', ...).
    """

    since: datetime | None = None
    until: datetime | None = None
    person: str | None = None
    kind: str | None = None


@dataclass(frozen=True)
class AuditSummary:
    """One entry as a list shows it (its before and after are read only when asked for).

    Attributes:
        at: when it was written, in UTC (None if the stored time no longer reads).
        typed_name: the name a person typed, for sign-offs and withdrawals; else ''.
        change: 'added', 'changed' or 'removed'.
    """

    id: int
    at: datetime | None
    os_user: str
    typed_name: str
    action: str
    entity: str
    entity_key: str
    change: str


@dataclass(frozen=True)
class ChainCheck:
    """The result of verifying the audit chain."""

    entries: int
    head: str
    first_bad_id: int | None = None
    problem: str = ""

    @property
    def ok(self) -> bool:
        return self.first_bad_id is None and not self.problem

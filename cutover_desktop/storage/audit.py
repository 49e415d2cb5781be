"""Reading the audit trail a page at a time, filtered by date, person and kind of record."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from cutover_desktop.domain.audit import AuditQuery, AuditSummary
from cutover_desktop.storage.repository import AuditEntry
from cutover_desktop.storage.signoff_tables import TYPED_NAME_FIELDS

ANY_ENTRY = AuditQuery()


def _stamp(moment: datetime) -> str:
    """A bound in the form the trail stores times in, so text order is time order."""
    return moment.astimezone(UTC).isoformat(timespec="milliseconds")


def _moment(text: object) -> datetime | None:
    try:
        return datetime.fromisoformat(str(text))
    except ValueError:
        return None


class AuditTrail:
    """Read-only queries over a plan file's audit table."""

    def __init__(self, db: sqlite3.Connection) -> None:
        self._db = db

    def _typed_name_sql(self) -> str:
        if not TYPED_NAME_FIELDS:
            return "''"
        cases = " ".join(f"WHEN '{kind}' THEN json_extract(after, '$.{name}')"
                         for kind, name in sorted(TYPED_NAME_FIELDS.items()))
        return (f"coalesce(CASE WHEN after IS NOT NULL AND json_valid(after) "
                f"THEN CASE entity {cases} END END, '')")

    def _where(self, query: AuditQuery) -> tuple[str, list[Any]]:
        clauses, params = [], []
        if query.since is not None:
            clauses.append("at >= ?")
            params.append(_stamp(query.since))
        if query.until is not None:
            clauses.append("at < ?")
            params.append(_stamp(query.until))
        if query.person:
            clauses.append(f"(os_user = ? OR {self._typed_name_sql()} = ?)")
            params += [query.person, query.person]
        if query.kind:
            clauses.append("entity = ?")
            params.append(query.kind)
        return (" AND ".join(clauses) or "1"), params

    def count(self, query: AuditQuery = ANY_ENTRY) -> int:
        where, params = self._where(query)
        return int(self._db.execute(f"SELECT count(*) FROM audit WHERE {where}",
                                    params).fetchone()[0])

    def page(self, query: AuditQuery = ANY_ENTRY, before_id: int | None = None,
             limit: int = 500) -> list[AuditSummary]:
        """Up to `limit` matching entries, newest first, older than `before_id` if given."""
        where, params = self._where(query)
        if before_id is not None:
            where += " AND id < ?"
            params.append(before_id)
        rows = self._db.execute(
            f"SELECT id, at, os_user, {self._typed_name_sql()}, action, entity, entity_key, "
            "before IS NULL, after IS NULL "
            f"FROM audit WHERE {where} ORDER BY id DESC LIMIT ?", [*params, limit]).fetchall()
        return [AuditSummary(int(r[0]), _moment(r[1]), str(r[2]), str(r[3] or ""), str(r[4]),
                             str(r[5]), str(r[6]),
                             "added" if r[7] else "removed" if r[8] else "changed")
                for r in rows]

    def entry(self, entry_id: int) -> AuditEntry | None:
        row = self._db.execute(
            "SELECT id, at, os_user, action, entity, entity_key, before, after, prev_hash, hash "
            "FROM audit WHERE id = ?", [entry_id]).fetchone()
        return AuditEntry(*row) if row else None

    def people(self) -> list[str]:
        """Every computer login and typed name in the trail, sorted."""
        sql = "SELECT DISTINCT os_user FROM audit"
        if TYPED_NAME_FIELDS:
            kinds = ", ".join(f"'{kind}'" for kind in sorted(TYPED_NAME_FIELDS))
            sql += (f" UNION SELECT DISTINCT {self._typed_name_sql()} FROM audit "
                    f"WHERE entity IN ({kinds})")
        rows = self._db.execute(sql).fetchall()
        return sorted({str(r[0]) for r in rows if r[0]}, key=str.casefold)

    def kinds(self) -> list[str]:
        return [str(r[0]) for r in
                self._db.execute("SELECT DISTINCT entity FROM audit ORDER BY entity").fetchall()]

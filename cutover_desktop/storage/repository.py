"""PlanRepository: domain values in and out of the plan file; the only place with table names."""

from __future__ import annotations

import contextlib
import getpass
import json
import sqlite3
from collections.abc import Callable, Iterable, Iterator
from datetime import UTC, date, datetime
from enum import Enum
from pathlib import Path
from typing import Any, NamedTuple, TypeVar

from cutover_desktop.domain.audit import ChainCheck
from cutover_desktop.domain.canonical import canonical, sha256
from cutover_desktop.domain.changes import (
    Changes,
    Entity,
    EntityChange,
    entity_key,
    entity_kind,
    to_jsonable,
)
from cutover_desktop.domain.entities import entity_identity
from cutover_desktop.domain.errors import ReadOnlyPlanError, ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, TglRule
from cutover_desktop.domain.model import (
    Anchor,
    CalendarDay,
    CalendarDayKind,
    Dependency,
    OffsetUnit,
    PlanDetails,
    Priority,
    Task,
    TaskStatus,
)
from cutover_desktop.storage.backups import Backup, write_backup
from cutover_desktop.storage.database import atomic, translate_errors
from cutover_desktop.storage.iso_values import iso_text, optional_date, optional_time
from cutover_desktop.storage.schema import feature_table, load_feature_tables_in_use
from cutover_desktop.storage.tables import FEATURE_TABLES, EntityTable

GENESIS_HASH = "0" * 64
_UPSERT_SQL: dict[tuple[str, tuple[str, ...], tuple[str, ...]], str] = {}
E = TypeVar("E", bound=Enum)




def os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError):
        return "unknown"





def _member_reader(kind: type[E]) -> Callable[[Any], E]:
    """Value to enum member by a dict look-up: calling the enum costs microseconds a time,
    which a 5,000-task plan pays 20,000 times on opening. An unknown value still raises
    the enum's own ValueError."""
    members = {member.value: member for member in kind}

    def read(value: Any) -> E:
        member = members.get(value)
        return member if member is not None else kind(value)
    return read


_key_date = _member_reader(KeyDate)
_offset_unit = _member_reader(OffsetUnit)
_task_status = _member_reader(TaskStatus)
_priority = _member_reader(Priority)


class AuditEntry(NamedTuple):
    id: int
    at: str
    os_user: str
    action: str
    entity: str
    entity_key: str
    before: str | None
    after: str | None
    prev_hash: str
    hash: str

    def content(self) -> dict[str, Any]:
        return {"id": self.id, "at": self.at, "os_user": self.os_user, "action": self.action,
                "entity": self.entity, "entity_key": self.entity_key,
                "before": self.before, "after": self.after, "prev_hash": self.prev_hash}


def entry_hash(content: dict[str, Any]) -> str:
    return sha256(canonical(content).encode("utf-8")).hexdigest()


# The tasks table's columns in the order `_task` reads them.
_TASK_COLUMNS = ("id", "title", "phase", "anchor_key", "anchor_task", "offset_days",
                 "offset_unit", "pinned_date", "duration_days", "start_time", "end_time",
                 "owner_role", "site", "status", "skip_reason", "priority", "milestone", "notes",
                 "why", "source", "template_key", "tags", "position")
_MISSING = object()
_json_text = json.encoder.encode_basestring  # what json.dumps uses with ensure_ascii=False


_CONTENT_FIELDS = ("id", "at", "os_user", "action", "entity", "entity_key", "before", "after",
                   "prev_hash")
# Bytes that JSON escapes inside a string: control characters, the quote and the backslash.
_NEEDS_ESCAPE = bytes(range(32)) + b'"\\'


def _text(value: object) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else str(value)


def _quoted(value: bytes) -> bytes:
    """A short stored text as a canonical JSON string."""
    return _json_text(value.decode("utf-8")).encode("utf-8")


def _stored_json(value: bytes | None) -> bytes:
    """Stored canonical JSON as a JSON string (quotes and backslashes escaped), or null."""
    if value is None:
        return b"null"
    if b"\\" in value:
        value = value.replace(b"\\", b"\\\\")
    return b'"' + value.replace(b'"', b'\\"') + b'"'


def _entry_bytes(row: tuple[Any, ...]) -> bytes:
    """The UTF-8 of `canonical(content)` for an audit row read as bytes, built by hand.

    Text other than `before` and `after` goes through JSON's own escaping unless it has
    nothing to escape. `before` and `after` are canonical JSON the program wrote, which
    never holds a raw control character, so only quotes and backslashes are escaped; a
    value that does hold one was not written by the program and will not match its hash
    (and is then checked again exactly, by `_exact_match`).
    """
    entry_id, at, user, action, entity, key, before, after, prev_hash = row[:9]
    old, new = _stored_json(before), _stored_json(after)
    small = b"".join((at, user, action, entity, key, prev_hash))
    if type(entry_id) is int and len(small.translate(None, _NEEDS_ESCAPE)) == len(small):
        return b"".join((b'{"action":"', action, b'","after":', new, b',"at":"', at,
                         b'","before":', old, b',"entity":"', entity, b'","entity_key":"', key,
                         b'","id":%d,"os_user":"' % entry_id, user, b'","prev_hash":"',
                         prev_hash, b'"}'))
    if type(entry_id) is not int:
        raise TypeError("an audit id that is not a whole number")
    return b"".join((b'{"action":', _quoted(action), b',"after":', new, b',"at":', _quoted(at),
                     b',"before":', old, b',"entity":', _quoted(entity), b',"entity_key":',
                     _quoted(key), b',"id":%d,"os_user":' % entry_id, _quoted(user),
                     b',"prev_hash":', _quoted(prev_hash), b"}"))


def _exact_match(row: tuple[Any, ...]) -> bool:
    """Whether a row read as bytes hashes to its stored hash by `canonical` itself."""
    try:
        values = tuple(_text(v) if isinstance(v, bytes) else v for v in row)
        return entry_hash(dict(zip(_CONTENT_FIELDS, values[:9], strict=True))) == values[9]
    except (TypeError, ValueError):
        return False


class PlanRepository:
    """Reads and writes one plan file's domain values.

    Every write happens inside `transaction()`, which is one SQLite transaction.
    """

    def __init__(self, db: sqlite3.Connection, *, read_only: bool = False) -> None:
        self.db = db
        self.read_only = read_only

    def close(self) -> None:
        self.db.close()

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        if self.read_only:
            raise ReadOnlyPlanError("This plan is open read-only, so it cannot be changed.")
        with translate_errors(), atomic(self.db):
            yield

    # Reading

    def has_plan(self) -> bool:
        return self.db.execute("SELECT count(*) FROM plan").fetchone()[0] == 1

    def load_details(self) -> PlanDetails:
        row = self._one("SELECT * FROM plan WHERE id = 1")
        rules = KeyDateRules(
            tgl_rule=TglRule(row["tgl_rule"]),
            fdp_days_before_bgl=row["fdp_days_before_bgl"],
            link_off_days_before_fdp=row["link_off_days_before_fdp"],
            planning_days_before_fdp=row["planning_days_before_fdp"],
            read_only_days_after_bgl=row["read_only_days_after_bgl"],
            support_days_after_bgl=row["support_days_after_bgl"],
        )
        return PlanDetails(
            practice_name=row["practice_name"],
            ods_code=row["ods_code"],
            go_live=date.fromisoformat(row["go_live"]),
            old_supplier=row["old_supplier"],
            new_supplier=row["new_supplier"],
            sites=tuple(json.loads(row["sites"])),
            rules=rules,
            go_live_confirmed_on=optional_date(row["go_live_confirmed_on"]),
            template_name=row["template_name"],
            phases=tuple(json.loads(row["phases"])),
        )

    def load_tasks(self) -> list[Task]:
        # Equal texts (phases, roles, the template's notes, reasons and sources) are kept once,
        # not once a task: a plan of thousands of tasks repeats them thousands of times.
        shared: dict[str, str] = {}
        tags_by_text: dict[str, tuple[str, ...]] = {"[]": ()}
        # Row by row, not fetched all at once: only the tasks stay in memory.
        cursor = self.db.execute(f"SELECT {', '.join(_TASK_COLUMNS)} FROM tasks "
                                 "ORDER BY position, id")
        return [self._task(row, shared, tags_by_text) for row in cursor]

    def load_dependencies(self) -> list[Dependency]:
        return [Dependency(TaskId(row["predecessor"]), TaskId(row["successor"]))
                for row in self._rows(
                    "SELECT * FROM dependencies ORDER BY predecessor, successor")]

    def load_calendar_days(self) -> list[CalendarDay]:
        return [CalendarDay(date.fromisoformat(row["day"]), CalendarDayKind(row["kind"]),
                            row["note"])
                for row in self._rows("SELECT * FROM calendar_days ORDER BY day")]

    def load_tables(self) -> dict[str, dict[Any, object]]:
        """Every feature's entities, by kind, then by identity."""
        tables: dict[str, dict[Any, object]] = {}
        load_feature_tables_in_use(self._any_rows)
        for kind, mapping in tuple(FEATURE_TABLES.items()):
            rows = self._each_row(f"SELECT * FROM [{mapping.table}] ORDER BY {mapping.order_by}")
            entities = (mapping.from_record(row) for row in rows)
            tables[kind] = {entity_identity(entity): entity for entity in entities}
        return tables

    def _any_rows(self, tables: Iterable[str]) -> bool:
        """Whether any of the tables has a row (one query)."""
        found = self.db.execute("SELECT " + " OR ".join(
            f"EXISTS (SELECT 1 FROM [{table}])" for table in tables)).fetchone()
        return bool(found[0])

    def next_task_id(self) -> TaskId:
        return TaskId(self.db.execute("SELECT coalesce(max(id), 0) + 1 FROM tasks").fetchone()[0])

    def _rows(self, sql: str, params: Iterable[Any] = ()) -> list[dict[str, Any]]:
        return list(self._each_row(sql, params))

    def _each_row(self, sql: str, params: Iterable[Any] = ()) -> Iterator[dict[str, Any]]:
        cursor = self.db.execute(sql, list(params))
        names = [d[0] for d in cursor.description]
        for row in cursor:
            yield dict(zip(names, row, strict=True))

    def _one(self, sql: str) -> dict[str, Any]:
        rows = self._rows(sql)
        if not rows:
            raise LookupError(sql)
        return rows[0]

    @staticmethod
    def _task(row: tuple[Any, ...], shared: dict[str, str],
              tags_by_text: dict[str, tuple[str, ...]]) -> Task:
        (task_id, title, phase, anchor_key, anchor_task, offset, offset_unit, pinned_date,
         duration_days, start_time, end_time, owner_role, site, status, skip_reason, priority,
         milestone, notes, why, source, template_key, tags, position) = row

        once = shared.setdefault  # once(text, text): the text kept first, if equal

        found_tags = tags_by_text.get(tags)
        if found_tags is None:
            found_tags = tags_by_text[tags] = tuple(once(tag, tag) for tag in json.loads(tags))
        return Task(
            id=TaskId(task_id),
            title=once(title, title),
            phase=once(phase, phase),
            anchor=(Anchor.key(_key_date(anchor_key)) if anchor_key
                    else Anchor.task(TaskId(anchor_task))),
            offset=offset,
            offset_unit=_offset_unit(offset_unit),
            pinned_date=optional_date(pinned_date),
            duration_days=duration_days,
            start_time=optional_time(start_time),
            end_time=optional_time(end_time),
            owner_role=once(owner_role, owner_role),
            site=once(site, site),
            status=_task_status(status),
            skip_reason=skip_reason,
            priority=_priority(priority),
            milestone=bool(milestone),
            notes=once(notes, notes),
            why=once(why, why),
            source=once(source, source),
            template_key=template_key,
            tags=found_tags,
            position=position,
        )

    # Writing

    def apply(self, changes: Changes) -> None:
        """Write every change and its audit entries. Call inside `transaction()`."""
        user = os_user()
        prev_id, prev_hash = self.audit_head()
        entries = []
        for item in changes.items:
            self._write(item)
            entry = self._audit_entry(changes.label, item, user, prev_id, prev_hash)
            entries.append(entry)
            prev_id, prev_hash = entry["id"], entry["hash"]
        if entries:
            columns = list(entries[0])
            self.db.executemany(
                f"INSERT INTO audit ({', '.join(columns)}) "
                f"VALUES ({', '.join('?' for _ in columns)})",
                [[entry[c] for c in columns] for entry in entries])
            self.db.execute("UPDATE audit_head SET last_id = ?, last_hash = ? WHERE id = 1",
                            [prev_id, prev_hash])

    def _write(self, item: EntityChange) -> None:
        mapping = feature_table(entity_kind(item.entity))
        if mapping is not None and mapping.append_only:
            # Signed records are only ever added (the database's triggers refuse the rest).
            if item.before is not None or item.after is None:
                raise ValidationError("A signed record cannot be changed or removed; "
                                      "withdraw the sign-off instead.")
            record = mapping.to_record(item.after)
            self.db.execute(f"INSERT INTO [{mapping.table}] "
                            f"({', '.join(f'[{c}]' for c in record)}) "
                            f"VALUES ({', '.join('?' for _ in record)})", list(record.values()))
            return
        if item.after is None:
            assert item.before is not None
            self._delete(item.before)
        else:
            self._put(item.after)

    def _put(self, entity: Entity) -> None:
        if isinstance(entity, Task):
            self._upsert("tasks", self._task_record(entity), ("id",))
        elif isinstance(entity, Dependency):
            self._upsert("dependencies",
                         {"predecessor": entity.predecessor, "successor": entity.successor},
                         ("predecessor", "successor"))
        elif isinstance(entity, CalendarDay):
            self._upsert("calendar_days", {"day": entity.day.isoformat(),
                                           "kind": entity.kind.value, "note": entity.note},
                         ("day",))
        elif isinstance(entity, PlanDetails):
            self._upsert("plan", self._plan_record(entity), ("id",))
        else:
            mapping = self._feature_table(entity)
            self._upsert(mapping.table, mapping.to_record(entity), tuple(mapping.pk))

    def _upsert(self, table: str, record: dict[str, Any], pk: tuple[str, ...]) -> None:
        """Insert or update one row in a single statement (sqlite-utils' upsert re-reads the
        table's columns on every call, which made big edits slow)."""
        columns = tuple(record)
        sql = _UPSERT_SQL.get((table, columns, pk))
        if sql is None:
            names = ", ".join(f"[{c}]" for c in columns)
            marks = ", ".join("?" for _ in columns)
            updates = ", ".join(f"[{c}] = excluded.[{c}]" for c in columns if c not in pk)
            action = f"DO UPDATE SET {updates}" if updates else "DO NOTHING"
            conflict = ", ".join(f"[{c}]" for c in pk)
            sql = (f"INSERT INTO [{table}] ({names}) VALUES ({marks}) "
                   f"ON CONFLICT ({conflict}) {action}")
            _UPSERT_SQL[(table, columns, pk)] = sql
        self.db.execute(sql, list(record.values()))

    def _delete(self, entity: Entity) -> None:
        if isinstance(entity, Task):
            self.db.execute("DELETE FROM tasks WHERE id = ?", [entity.id])
        elif isinstance(entity, Dependency):
            self.db.execute("DELETE FROM dependencies WHERE predecessor = ? AND successor = ?",
                            [entity.predecessor, entity.successor])
        elif isinstance(entity, CalendarDay):
            self.db.execute("DELETE FROM calendar_days WHERE day = ?", [entity.day.isoformat()])
        elif isinstance(entity, PlanDetails):
            self.db.execute("DELETE FROM plan WHERE id = 1")
        else:
            mapping = self._feature_table(entity)
            record = mapping.to_record(entity)
            where = " AND ".join(f"[{column}] = ?" for column in mapping.pk)
            self.db.execute(f"DELETE FROM [{mapping.table}] WHERE {where}",
                            [record[column] for column in mapping.pk])

    @staticmethod
    def _feature_table(entity: Entity) -> EntityTable:
        found = feature_table(entity_kind(entity))
        if found is None:
            raise KeyError(entity_kind(entity))
        return found

    @staticmethod
    def _plan_record(details: PlanDetails) -> dict[str, Any]:
        rules = details.rules
        return {
            "id": 1,
            "practice_name": details.practice_name,
            "ods_code": details.ods_code,
            "go_live": details.go_live.isoformat(),
            "old_supplier": details.old_supplier,
            "new_supplier": details.new_supplier,
            "sites": json.dumps(list(details.sites)),
            "phases": json.dumps(list(details.phases)),
            "tgl_rule": rules.tgl_rule.value,
            "fdp_days_before_bgl": rules.fdp_days_before_bgl,
            "link_off_days_before_fdp": rules.link_off_days_before_fdp,
            "planning_days_before_fdp": rules.planning_days_before_fdp,
            "read_only_days_after_bgl": rules.read_only_days_after_bgl,
            "support_days_after_bgl": rules.support_days_after_bgl,
            "go_live_confirmed_on": iso_text(details.go_live_confirmed_on),
            "template_name": details.template_name,
        }

    @staticmethod
    def _task_record(task: Task) -> dict[str, Any]:
        return {
            "id": task.id,
            "title": task.title,
            "phase": task.phase,
            "anchor_key": task.anchor.key_date.value if task.anchor.key_date else None,
            "anchor_task": task.anchor.task_id,
            "offset_days": task.offset,
            "offset_unit": task.offset_unit.value,
            "pinned_date": iso_text(task.pinned_date),
            "duration_days": task.duration_days,
            "start_time": iso_text(task.start_time),
            "end_time": iso_text(task.end_time),
            "owner_role": task.owner_role,
            "site": task.site,
            "status": task.status.value,
            "skip_reason": task.skip_reason,
            "priority": task.priority.value,
            "milestone": int(task.milestone),
            "notes": task.notes,
            "why": task.why,
            "source": task.source,
            "template_key": task.template_key,
            "tags": json.dumps(list(task.tags)),
            "position": task.position,
        }

    # Audit trail

    @staticmethod
    def _audit_entry(action: str, item: EntityChange, user: str, prev_id: int,
                     prev_hash: str) -> dict[str, Any]:
        content = {
            "id": prev_id + 1,
            "at": datetime.now(UTC).isoformat(timespec="milliseconds"),
            "os_user": user,
            "action": action,
            "entity": entity_kind(item.entity),
            "entity_key": entity_key(item.entity),
            "before": canonical(to_jsonable(item.before)) if item.before is not None else None,
            "after": canonical(to_jsonable(item.after)) if item.after is not None else None,
            "prev_hash": prev_hash,
        }
        return {**content, "hash": entry_hash(content)}

    def audit_entries(self) -> Iterator[AuditEntry]:
        cursor = self.db.execute(
            "SELECT id, at, os_user, action, entity, entity_key, before, after, prev_hash, hash "
            "FROM audit ORDER BY id")
        for row in cursor:
            yield AuditEntry(*row)

    def audit_head(self) -> tuple[int, str]:
        """The id and hash of the newest audit entry (0 and the genesis hash when none)."""
        row = self.db.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
        return (int(row[0]), str(row[1])) if row else (0, GENESIS_HASH)

    def verify_audit_chain(self) -> ChainCheck:
        """Walk the chain; name the first entry that was altered, removed, added or moved.

        Then check each append-only record (sign-offs) against the audit entry that added
        it, so a signed record changed, removed or added outside the program is found too.
        The walk streams rows from a cursor as bytes and hashes each entry's canonical text
        built directly (see `_entry_bytes`), so 100,000 entries verify in under a second;
        an entry that does not match that way is checked again with `canonical` itself
        before it is called bad.
        """
        prev = GENESIS_HASH.encode()
        expected_id = 1
        count = 0
        watched = {kind for kind, mapping in tuple(FEATURE_TABLES.items())
                   if mapping.append_only}
        watched_bytes = {kind.encode() for kind in watched}
        recorded: dict[tuple[str, str], tuple[int, str | None]] = {}
        conn = self.db
        text_factory = conn.text_factory
        conn.text_factory = bytes  # no decoding and re-encoding of 100,000 entries
        try:
            cursor = conn.execute(
                "SELECT id, at, os_user, action, entity, entity_key, before, after, prev_hash, "
                "hash FROM audit ORDER BY id")
            for row in cursor:
                entry_id, stored_prev, stored_hash = row[0], row[8], row[9]
                count += 1
                if entry_id != expected_id:
                    return ChainCheck(count, _text(prev), entry_id,
                                      f"audit entry {expected_id} is missing or out of order")
                try:
                    good = (stored_prev == prev
                            and sha256(_entry_bytes(row)).hexdigest().encode() == stored_hash)
                except (TypeError, ValueError):
                    good = False
                if not good and not (stored_prev == prev and _exact_match(row)):
                    return ChainCheck(count, _text(prev), entry_id,
                                      f"audit entry {entry_id} does not match the chain")
                if row[4] in watched_bytes:
                    recorded[(_text(row[4]), _text(row[5]))] = (
                        entry_id, None if row[7] is None else _text(row[7]))
                prev = stored_hash
                expected_id += 1
        finally:
            conn.text_factory = text_factory
        prev_hash = _text(prev)
        head_id, head_hash = self.audit_head()
        if head_id != count or head_hash != prev_hash:
            if count > head_id:
                return ChainCheck(count, prev_hash, head_id + 1,
                                  f"audit entry {head_id + 1} was added outside the program")
            if count < head_id:
                return ChainCheck(count, prev_hash, count + 1,
                                  f"audit entry {count + 1} is missing")
            if count == 0:
                return ChainCheck(count, prev_hash, 1, "audit entry 1 is missing")
            # The newest entry follows on, but is not the one the program last wrote.
            return ChainCheck(count, prev_hash, count,
                              f"audit entry {count}, the newest, was replaced")
        problem = self._append_only_problem(watched, recorded)
        if problem is not None:
            return ChainCheck(count, prev_hash, problem[0], problem[1])
        return ChainCheck(count, prev_hash)

    def _append_only_problem(
        self, watched: set[str], recorded: dict[tuple[str, str], tuple[int, str | None]]
    ) -> tuple[int | None, str] | None:
        """The first append-only record that differs from its audit entry, if any."""
        found: list[tuple[int, str]] = []
        for kind in sorted(watched):
            mapping = FEATURE_TABLES[kind]
            noun = f"{kind.replace('_', ' ')} record"
            seen: set[str] = set()
            for row in self._rows(f"SELECT * FROM [{mapping.table}] ORDER BY {mapping.order_by}"):
                try:
                    entity = mapping.from_record(row)
                    key = entity_key(entity)
                    current = to_jsonable(entity)
                except (ValueError, TypeError, KeyError, LookupError):
                    found.append((0, f"a {noun} can no longer be read: it was changed "
                                     "outside the program"))
                    continue
                seen.add(key)
                entry = recorded.get((kind, key))
                if entry is None or entry[1] is None:
                    found.append((0, f"the {noun} {key} is not in the audit trail: "
                                     "it was added outside the program"))
                    continue
                try:
                    written = json.loads(entry[1])
                except ValueError:
                    written = None
                # Fields added by a later version are not in older entries; compare the rest.
                if not isinstance(written, dict) or any(
                        current.get(name, _MISSING) != value for name, value in written.items()):
                    found.append((entry[0], f"the {noun} {key} was changed outside the "
                                            f"program (audit entry {entry[0]} recorded it "
                                            "otherwise)"))
            for (entry_kind, key), (entry_id, after) in recorded.items():
                if entry_kind == kind and after is not None and key not in seen:
                    found.append((entry_id, f"the {noun} {key} recorded in audit entry "
                                            f"{entry_id} is missing from the file"))
        if not found:
            return None
        entry_id, message = min(found, key=lambda f: (f[0] == 0, f[0]))
        return (entry_id or None, message)

    # Whole-file checks

    def integrity_problems(self) -> list[str]:
        problems = [row[0] for row in self.db.execute("PRAGMA integrity_check").fetchall()]
        found = [] if problems == ["ok"] else [f"database check: {p}" for p in problems[:5]]
        if self.db.execute("PRAGMA foreign_key_check").fetchone() is not None:
            found.append("some records point at missing ones")
        return found

    def backup(self, plan: Path, reason: str, keep: Path | None = None) -> Backup:
        """A checked copy in the plan's backup folder (rotated, sparing `keep`)."""
        return write_backup(self.db, plan, reason, keep=keep)

    def copy_to(self, target: str) -> None:
        """Copy the live plan with SQLite's backup API (never a file copy of a live database)."""
        destination = sqlite3.connect(target)
        try:
            with translate_errors():
                self.db.backup(destination)
        finally:
            destination.close()

    def compact(self) -> None:
        """Rebuild the file so that deleted records are gone from its bytes, not just unlinked.

        VACUUM runs outside any transaction; a write-ahead log, if the file uses one, is
        emptied too, so no copy of an old page is left beside the plan either.
        """
        if self.read_only:
            raise ReadOnlyPlanError("This plan is open read-only, so it cannot be changed.")
        with translate_errors():
            self.db.execute("VACUUM")
            self.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def schema_version(self) -> int:
        return int(self.db.execute("PRAGMA user_version").fetchone()[0])


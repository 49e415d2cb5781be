"""Named schema migrations, in order. A released migration is never edited: add a new one.

Each migration runs in its own transaction (sqlite-utils `Migrations`), which also sets
`PRAGMA user_version` to the migration's number, so the version always matches the schema.
"""

from __future__ import annotations

from collections.abc import Callable

from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

# "CUTO" in ASCII: marks a SQLite file as one of our plans.
APPLICATION_ID = 0x4355544F

migrations = Migrations("cutover_desktop")
_ORDER: list[str] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register the next migration; its number is its place in this file."""
    number = len(_ORDER) + 1
    _ORDER.append(fn.__name__)

    def run(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA user_version = {number}")

    run.__name__ = fn.__name__
    migrations(name=fn.__name__)(run)
    return fn


def schema_version() -> int:
    """The schema version this program writes: the number of migrations it knows."""
    return len(_ORDER)


@migration
def m001_initial(db: Database) -> None:
    db.execute("""
        CREATE TABLE plan (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            practice_name TEXT NOT NULL,
            ods_code TEXT NOT NULL,
            go_live TEXT NOT NULL,
            old_supplier TEXT NOT NULL DEFAULT '',
            new_supplier TEXT NOT NULL DEFAULT '',
            sites TEXT NOT NULL DEFAULT '[]',
            phases TEXT NOT NULL DEFAULT '[]',
            tgl_rule TEXT NOT NULL,
            fdp_days_before_bgl INTEGER NOT NULL,
            link_off_days_before_fdp INTEGER NOT NULL,
            planning_days_before_fdp INTEGER NOT NULL,
            read_only_days_after_bgl INTEGER NOT NULL,
            support_days_after_bgl INTEGER NOT NULL,
            go_live_confirmed_on TEXT,
            template_name TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE tasks (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            phase TEXT NOT NULL,
            anchor_key TEXT,
            anchor_task INTEGER REFERENCES tasks(id),
            offset_days INTEGER NOT NULL DEFAULT 0,
            offset_unit TEXT NOT NULL DEFAULT 'days',
            pinned_date TEXT,
            duration_days INTEGER NOT NULL DEFAULT 1 CHECK (duration_days >= 1),
            start_time TEXT,
            end_time TEXT,
            owner_role TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'not_started',
            skip_reason TEXT NOT NULL DEFAULT '',
            priority TEXT NOT NULL DEFAULT 'normal',
            milestone INTEGER NOT NULL DEFAULT 0,
            notes TEXT NOT NULL DEFAULT '',
            why TEXT NOT NULL DEFAULT '',
            source TEXT NOT NULL DEFAULT '',
            template_key TEXT NOT NULL DEFAULT '',
            tags TEXT NOT NULL DEFAULT '[]',
            position INTEGER NOT NULL DEFAULT 0,
            CHECK ((anchor_key IS NULL) <> (anchor_task IS NULL))
        )""")
    db.execute("CREATE INDEX tasks_anchor_task ON tasks(anchor_task)")
    db.execute("""
        CREATE TABLE dependencies (
            predecessor INTEGER NOT NULL REFERENCES tasks(id),
            successor INTEGER NOT NULL REFERENCES tasks(id),
            PRIMARY KEY (predecessor, successor),
            CHECK (predecessor <> successor)
        )""")
    db.execute("CREATE INDEX dependencies_successor ON dependencies(successor)")
    db.execute("""
        CREATE TABLE calendar_days (
            day TEXT PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('closure', 'extra_working')),
            note TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE audit (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,
            os_user TEXT NOT NULL,
            action TEXT NOT NULL,
            entity TEXT NOT NULL,
            entity_key TEXT NOT NULL,
            before TEXT,
            after TEXT,
            prev_hash TEXT NOT NULL,
            hash TEXT NOT NULL
        )""")
    # The newest entry, kept apart so that removing the last audit rows is detected too.
    db.execute("""
        CREATE TABLE audit_head (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            last_id INTEGER NOT NULL,
            last_hash TEXT NOT NULL
        )""")
    db.execute("INSERT INTO audit_head (id, last_id, last_hash) VALUES (1, 0, ?)", ["0" * 64])
    db.execute(f"PRAGMA application_id = {APPLICATION_ID}")

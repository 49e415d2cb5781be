"""Named schema migrations, in order. A released migration is never edited: add a new one.

Each migration runs in its own transaction (sqlite-utils `Migrations`), which also sets
`PRAGMA user_version` to the migration's number, so the version always matches the schema.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlite_utils import Database

# "CUTO" in ASCII: marks a SQLite file as one of our plans.
APPLICATION_ID = 0x4355544F

_STEPS: list[Callable[[Database], None]] = []


def migration(fn: Callable[[Database], None]) -> Callable[[Database], None]:
    """Register the next migration; its number is its place in this file."""
    _STEPS.append(fn)
    return fn


def schema_version() -> int:
    """The schema version this program writes: the number of migrations it knows."""
    return len(_STEPS)


def apply_migrations(conn: sqlite3.Connection) -> None:
    """Run every migration the plan has not had, each in its own transaction.

    sqlite-utils is loaded here, not when a plan is only opened: most starts need no
    migration, and loading it costs about 40 ms and 8 MB (benchmarks/bench_launch.py).
    """
    from sqlite_utils import Database
    from sqlite_utils.migrations import Migrations

    steps = Migrations("cutover_desktop")
    for number, fn in enumerate(_STEPS, start=1):
        steps(name=fn.__name__)(_numbered(fn, number))
    steps.apply(Database(conn, execute_plugins=False))


def _numbered(fn: Callable[[Database], None], number: int) -> Callable[[Database], None]:
    def run(db: Database) -> None:
        fn(db)
        db.execute(f"PRAGMA user_version = {number}")

    run.__name__ = fn.__name__
    return run


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


@migration
def m002_staff(db: Database) -> None:
    """Staff register, working patterns, absences, task assignments and key-day cover needs."""
    db.execute("""
        CREATE TABLE staff (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            role TEXT NOT NULL CHECK (length(trim(role)) > 0),
            organisation TEXT NOT NULL
                CHECK (organisation IN ('practice', 'csu', 'old_supplier', 'new_supplier')),
            contact TEXT NOT NULL DEFAULT '',
            site TEXT NOT NULL DEFAULT '',
            smartcard_on TEXT,
            trained_on TEXT,
            notes TEXT NOT NULL DEFAULT ''
        )""")
    # Imports and absences find people by name, so a name is used once.
    db.execute("CREATE UNIQUE INDEX staff_name ON staff(name COLLATE NOCASE)")
    db.execute("""
        CREATE TABLE working_patterns (
            person_id INTEGER NOT NULL REFERENCES staff(id),
            valid_from TEXT NOT NULL DEFAULT '',
            shifts TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(shifts)),
            PRIMARY KEY (person_id, valid_from)
        )""")
    db.execute("""
        CREATE TABLE absences (
            id INTEGER PRIMARY KEY,
            person_id INTEGER NOT NULL REFERENCES staff(id),
            kind TEXT NOT NULL
                CHECK (kind IN ('annual_leave', 'training', 'sickness', 'other')),
            first_day TEXT NOT NULL,
            last_day TEXT NOT NULL,
            start_time TEXT,
            end_time TEXT,
            note TEXT NOT NULL DEFAULT '',
            CHECK (last_day >= first_day),
            CHECK ((start_time IS NULL) = (end_time IS NULL)),
            CHECK (start_time IS NULL OR end_time > start_time)
        )""")
    db.execute("CREATE INDEX absences_person ON absences(person_id)")
    db.execute("""
        CREATE TABLE assignments (
            task_id INTEGER NOT NULL REFERENCES tasks(id),
            person_id INTEGER NOT NULL REFERENCES staff(id),
            minutes INTEGER CHECK (minutes IS NULL OR minutes BETWEEN 1 AND 1440),
            PRIMARY KEY (task_id, person_id)
        )""")
    db.execute("CREATE INDEX assignments_person ON assignments(person_id)")
    db.execute("""
        CREATE TABLE cover_needs (
            day TEXT NOT NULL CHECK (day IN ('FDP', 'TGL', 'BGL', 'BGL+1', 'BGL+2')),
            role TEXT NOT NULL CHECK (length(trim(role)) > 0),
            count INTEGER NOT NULL DEFAULT 1 CHECK (count BETWEEN 1 AND 99),
            PRIMARY KEY (day, role)
        )""")
    # The guide's defaults, per plan and editable: the practice manager, a clinician and a
    # receptionist on each key day, and a trainer on Business Go Live.
    for day in ("FDP", "TGL", "BGL", "BGL+1", "BGL+2"):
        for role in ("Practice manager", "Clinician", "Receptionist"):
            db.execute("INSERT INTO cover_needs (day, role, count) VALUES (?, ?, 1)", [day, role])
    db.execute("INSERT INTO cover_needs (day, role, count) VALUES ('BGL', 'Trainer', 1)")


@migration
def m003_signoff(db: Database) -> None:
    """Sign-offs and withdrawals: append-only, so the database refuses UPDATE and DELETE."""
    db.execute("""
        CREATE TABLE signoffs (
            id INTEGER PRIMARY KEY CHECK (id >= 1),
            gate_key TEXT NOT NULL CHECK (length(gate_key) BETWEEN 1 AND 80),
            gate_title TEXT NOT NULL CHECK (length(trim(gate_title)) > 0),
            signed_by TEXT NOT NULL CHECK (length(trim(signed_by)) BETWEEN 1 AND 200),
            role TEXT NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND 200),
            os_user TEXT NOT NULL,
            signed_at TEXT NOT NULL CHECK (length(signed_at) >= 19),
            statement TEXT NOT NULL CHECK (length(trim(statement)) > 0),
            checked TEXT NOT NULL CHECK (length(trim(checked)) > 0),
            caveats TEXT NOT NULL DEFAULT '',
            supplier_told_by TEXT NOT NULL
                CHECK (supplier_told_by IN ('email', 'portal', 'letter', 'not_told')),
            supplier_reference TEXT NOT NULL DEFAULT '',
            supplier_told_on TEXT,
            tasks_not_done TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tasks_not_done)),
            covered TEXT NOT NULL CHECK (json_valid(covered)),
            state_hash TEXT NOT NULL CHECK (length(state_hash) = 64),
            audit_head_id INTEGER NOT NULL CHECK (audit_head_id >= 0),
            audit_head_hash TEXT NOT NULL CHECK (length(audit_head_hash) = 64),
            CHECK ((supplier_told_by = 'not_told') = (supplier_told_on IS NULL))
        )""")
    db.execute("CREATE INDEX signoffs_gate ON signoffs(gate_key)")
    db.execute("""
        CREATE TABLE signoff_withdrawals (
            id INTEGER PRIMARY KEY CHECK (id >= 1),
            signoff_id INTEGER NOT NULL UNIQUE REFERENCES signoffs(id),
            withdrawn_by TEXT NOT NULL CHECK (length(trim(withdrawn_by)) BETWEEN 1 AND 200),
            role TEXT NOT NULL CHECK (length(trim(role)) BETWEEN 1 AND 200),
            os_user TEXT NOT NULL,
            withdrawn_at TEXT NOT NULL CHECK (length(withdrawn_at) >= 19),
            reason TEXT NOT NULL CHECK (length(trim(reason)) > 0)
        )""")
    # The database itself refuses to change a signed record, whoever asks; a mistake is
    # corrected by a withdrawal, a new row.
    refusal = "signed records cannot be changed or deleted; withdraw the sign-off instead"
    for table in ("signoffs", "signoff_withdrawals"):
        for event in ("UPDATE", "DELETE"):
            db.execute(f"""
                CREATE TRIGGER {table}_refuse_{event.lower()} BEFORE {event} ON {table}
                BEGIN SELECT RAISE(ABORT, '{refusal}'); END""")
    # INSERT OR REPLACE deletes the row in the way without firing DELETE triggers, so an
    # insert that would replace a signed record is refused before it happens.
    db.execute(f"""
        CREATE TRIGGER signoffs_refuse_replace BEFORE INSERT ON signoffs
        WHEN EXISTS (SELECT 1 FROM signoffs WHERE id = NEW.id)
        BEGIN SELECT RAISE(ABORT, '{refusal}'); END""")
    db.execute(f"""
        CREATE TRIGGER signoff_withdrawals_refuse_replace BEFORE INSERT ON signoff_withdrawals
        WHEN EXISTS (SELECT 1 FROM signoff_withdrawals
                     WHERE id = NEW.id OR signoff_id = NEW.signoff_id)
        BEGIN SELECT RAISE(ABORT, '{refusal}'); END""")


@migration
def m004_registers(db: Database) -> None:
    """The cut-over registers. They hold counts, references and dates; NHS numbers only in
    reentry_nhs_numbers, and only when the plan opts in."""
    db.execute("""
        CREATE TABLE register_settings (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            reentry_target TEXT,
            record_nhs_numbers INTEGER NOT NULL DEFAULT 0 CHECK (record_nhs_numbers IN (0, 1)),
            numbers_purged_on TEXT
        )""")
    db.execute("""
        CREATE TABLE reentry_batches (
            id INTEGER PRIMARY KEY,
            category TEXT NOT NULL CHECK (length(trim(category)) > 0),
            collected_on TEXT NOT NULL,
            item_count INTEGER NOT NULL CHECK (item_count >= 1),
            reference TEXT NOT NULL DEFAULT '',
            collected_by TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("""
        CREATE TABLE reentry_progress (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES reentry_batches(id),
            item_count INTEGER NOT NULL CHECK (item_count >= 1),
            done_by TEXT NOT NULL CHECK (length(trim(done_by)) > 0),
            done_on TEXT NOT NULL,
            checked_by TEXT NOT NULL DEFAULT ''
        )""")
    db.execute("CREATE INDEX reentry_progress_batch ON reentry_progress(batch_id)")
    # No index on the number itself: the purge deletes the rows and VACUUM rebuilds the file.
    db.execute("""
        CREATE TABLE reentry_nhs_numbers (
            id INTEGER PRIMARY KEY,
            batch_id INTEGER NOT NULL REFERENCES reentry_batches(id),
            nhs_number TEXT NOT NULL
                CHECK (length(nhs_number) = 10 AND nhs_number NOT GLOB '*[^0-9]*'),
            re_entered INTEGER NOT NULL DEFAULT 0 CHECK (re_entered IN (0, 1))
        )""")
    db.execute("CREATE INDEX reentry_nhs_numbers_batch ON reentry_nhs_numbers(batch_id)")
    db.execute("""
        CREATE TABLE held_registrations (
            id INTEGER PRIMARY KEY,
            came_on TEXT NOT NULL,
            person_count INTEGER NOT NULL CHECK (person_count >= 1),
            reference TEXT NOT NULL DEFAULT '',
            follow_up_on TEXT,
            completed INTEGER NOT NULL DEFAULT 0
                CHECK (completed BETWEEN 0 AND person_count),
            completed_on TEXT,
            completed_by TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            CHECK (completed = 0 OR completed_on IS NOT NULL)
        )""")
    db.execute("""
        CREATE TABLE third_party_links (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            contact TEXT NOT NULL DEFAULT '',
            notice_days INTEGER CHECK (notice_days IS NULL OR notice_days BETWEEN 0 AND 365),
            notice_given_on TEXT,
            switch_off_on TEXT,
            switch_on_on TEXT,
            reminders_sent TEXT NOT NULL DEFAULT '[]',
            back_on_on TEXT,
            confirmed_by TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            position INTEGER NOT NULL DEFAULT 0,
            CHECK ((back_on_on IS NULL) = (confirmed_by = ''))
        )""")
    db.execute("""
        CREATE TABLE mesh_mailbox (
            id INTEGER PRIMARY KEY CHECK (id = 1),
            old_mailbox TEXT NOT NULL DEFAULT '',
            new_mailbox TEXT NOT NULL DEFAULT '',
            change_on TEXT
        )""")
    db.execute("""
        CREATE TABLE mesh_partners (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            told_on TEXT,
            told_by TEXT NOT NULL DEFAULT '',
            how TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            CHECK ((told_on IS NULL) = (told_by = ''))
        )""")
    db.execute("""
        CREATE TABLE equipment (
            id INTEGER PRIMARY KEY,
            kind TEXT NOT NULL CHECK (kind IN ('scanner', 'check_in_kiosk', 'call_board',
                'label_printer', 'dispensary_scanner', 'pc', 'other')),
            name TEXT NOT NULL CHECK (length(trim(name)) > 0),
            site TEXT NOT NULL DEFAULT '',
            incompatible INTEGER NOT NULL DEFAULT 0 CHECK (incompatible IN (0, 1)),
            replacement TEXT NOT NULL DEFAULT '',
            configured_on TEXT,
            tested_on TEXT,
            tested_by TEXT NOT NULL DEFAULT '',
            notes TEXT NOT NULL DEFAULT '',
            CHECK ((tested_on IS NULL) = (tested_by = ''))
        )""")
    db.execute("""
        CREATE TABLE golive_issues (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL CHECK (length(trim(title)) > 0),
            category TEXT NOT NULL CHECK (category IN ('degraded_codes', 'qof_markers',
                'dmd_mapping', 'eps', 'links', 'equipment', 'other')),
            opened_on TEXT NOT NULL,
            owner TEXT NOT NULL DEFAULT '',
            status TEXT NOT NULL DEFAULT 'open'
                CHECK (status IN ('open', 'in_progress', 'closed')),
            closed_on TEXT,
            notes TEXT NOT NULL DEFAULT '',
            CHECK ((status = 'closed') = (closed_on IS NOT NULL))
        )""")

"""Signed records in the file: the database refuses to change them, and `check` finds any
change made outside the program, to a sign-off or to any single row of the audit trail."""

from __future__ import annotations

import contextlib
import io
import random
import re
import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop import cli
from cutover_desktop.domain.canonical import canonical
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.signoff import (
    SIGNOFF_KIND,
    WITHDRAWAL_KIND,
    SignOff,
    SignOffInput,
    SupplierContact,
    Withdrawal,
    WithdrawalInput,
)
from cutover_desktop.services.plan_files import create_plan, open_plan
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.storage.repository import (
    _CONTENT_FIELDS,
    PlanRepository,
    _entry_bytes,
    entry_hash,
)
from tests.conftest import TODAY, riverside

NOW = datetime(2026, 11, 28, 9, 15, 30, 123000, tzinfo=UTC)
ENTRY = SignOffInput("Dr Asha Patel", "Lead GP — “clinical safety”", "I accept the data.",
                     "20 sample records rechecked; QOF report compared",
                     "Two <b>degraded</b> codes & one unmapped drug",
                     SupplierContact.PORTAL, "INC-0042", date(2026, 11, 27))


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A plan with edits, two sign-offs, one withdrawal, an added gate and undo steps."""
    path = tmp_path_factory.mktemp("signed") / "plan.cutover"
    service = create_plan(path, riverside(), today=lambda: TODAY)
    gates = SignoffService(service, now=lambda: NOW)
    service.set_status([TaskId(1), TaskId(2)], TaskStatus.DONE)
    gates.sign("technical_requirements", ENTRY, confirm_not_done=True)
    service.move_task(TaskId(10), 2)
    service.undo()
    gates.sign("clinical_risk", ENTRY, mark_done=True)
    gates.withdraw(1, WithdrawalInput("Dr Asha Patel", "Lead GP", "Signed the wrong form"))
    gates.add_gate("Prescribing review", date(2027, 3, 1))
    service.undo()
    service.redo()
    assert service.verify_audit_chain().ok
    service.close()
    return path


@pytest.fixture
def plan(made: Path, tmp_path: Path) -> Path:
    path = tmp_path / "plan.cutover"
    path.write_bytes(made.read_bytes())
    return path


def _connect(path: Path) -> sqlite3.Connection:
    """Another program: plain sqlite3."""
    return sqlite3.connect(path)


def _check(path: Path) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stderr(err):
        status = cli.main(["check", str(path)], out=out)
    return status, out.getvalue(), err.getvalue()


# Round trip

def test_sign_offs_and_withdrawals_survive_the_file_field_for_field(plan: Path) -> None:
    service = open_plan(plan, read_only=True)
    try:
        signoffs = service.state.table(SIGNOFF_KIND)
        withdrawals = service.state.table(WITHDRAWAL_KIND)
    finally:
        service.close()
    first = signoffs[1]
    assert isinstance(first, SignOff)
    assert (first.signed_by, first.role, first.caveats) == (ENTRY.signed_by, ENTRY.role,
                                                            ENTRY.caveats)
    assert first.signed_at == NOW and first.signed_at.tzinfo is not None
    assert first.supplier_told_by is SupplierContact.PORTAL
    assert (first.supplier_reference, first.supplier_told_on) == ("INC-0042", date(2026, 11, 27))
    # Signed with its one task not done, confirmed.
    assert first.tasks_not_done == tuple(t["id"] for t in first.covered_state()["tasks"])
    assert len(first.tasks_not_done) == 1 and first.hash_matches()
    assert first.audit_head_id > 0
    second = signoffs[2]
    assert second.tasks_not_done == ()
    withdrawal = withdrawals[1]
    assert isinstance(withdrawal, Withdrawal)
    assert (withdrawal.signoff_id, withdrawal.reason) == (1, "Signed the wrong form")


# The database refuses

SIGNOFF_COLUMNS = ["gate_key", "gate_title", "signed_by", "role", "os_user", "signed_at",
                   "statement", "checked", "caveats", "supplier_reference", "covered",
                   "state_hash", "audit_head_hash"]


@pytest.mark.parametrize("column", SIGNOFF_COLUMNS)
def test_the_database_refuses_to_update_a_sign_off(plan: Path, column: str) -> None:
    conn = _connect(plan)
    before = conn.execute("SELECT * FROM signoffs ORDER BY id").fetchall()
    with pytest.raises(sqlite3.DatabaseError, match="signed records cannot be changed"):
        conn.execute(f"UPDATE signoffs SET {column} = {column} || 'x' WHERE id = 1")
    conn.rollback()
    assert conn.execute("SELECT * FROM signoffs ORDER BY id").fetchall() == before
    conn.close()


@pytest.mark.parametrize("sql", [
    "DELETE FROM signoffs WHERE id = 1",
    "DELETE FROM signoffs",
    "UPDATE signoffs SET id = 99 WHERE id = 2",
    "UPDATE signoff_withdrawals SET reason = 'Never mind'",
    "UPDATE signoff_withdrawals SET signoff_id = 2",
    "DELETE FROM signoff_withdrawals",
    "REPLACE INTO signoff_withdrawals (id, signoff_id, withdrawn_by, role, os_user, "
    "withdrawn_at, reason) SELECT id, signoff_id, 'Someone else', role, os_user, "
    "withdrawn_at, reason FROM signoff_withdrawals",
    "INSERT OR REPLACE INTO signoffs SELECT * FROM signoffs WHERE id = 1",
    "INSERT INTO signoff_withdrawals (id, signoff_id, withdrawn_by, role, os_user, "
    "withdrawn_at, reason) SELECT 7, signoff_id, 'X', role, os_user, withdrawn_at, reason "
    "FROM signoff_withdrawals ON CONFLICT (signoff_id) DO UPDATE SET reason = 'changed'",
    "INSERT OR REPLACE INTO signoff_withdrawals SELECT 8, signoff_id, 'X', role, os_user, "
    "withdrawn_at, reason FROM signoff_withdrawals",
])
def test_the_database_refuses_to_change_or_remove_signed_records(plan: Path, sql: str) -> None:
    conn = _connect(plan)
    tables = ("signoffs", "signoff_withdrawals")
    before = [conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables]
    with pytest.raises(sqlite3.DatabaseError):
        conn.execute(sql)
        conn.commit()
    conn.rollback()
    assert [conn.execute(f"SELECT * FROM {t} ORDER BY id").fetchall() for t in tables] == before
    conn.close()
    status, out, _ = _check(plan)
    assert status == 0, out


def test_a_second_withdrawal_of_one_sign_off_is_refused_by_the_database(plan: Path) -> None:
    conn = _connect(plan)
    with pytest.raises(sqlite3.DatabaseError, match="signed records"):
        conn.execute("INSERT INTO signoff_withdrawals (id, signoff_id, withdrawn_by, role, "
                     "os_user, withdrawn_at, reason) VALUES (2, 1, 'A', 'B', 'c', "
                     "'2026-11-28T10:00:00+00:00', 'again')")
    conn.close()


def test_the_repository_will_not_write_a_change_to_a_signed_record(plan: Path) -> None:
    service = open_plan(plan)
    try:
        signoff = service.state.table(SIGNOFF_KIND)[1]
        head = service.audit_head()
        for item in (EntityChange(signoff, None),
                     EntityChange(signoff, SignOff(**{**signoff.__dict__, "caveats": "none"}))):
            with pytest.raises(ValidationError, match="withdraw"):
                service.apply(Changes("Tamper", (item,)))
        assert service.audit_head() == head
        assert service.state.table(SIGNOFF_KIND)[1] == signoff
    finally:
        service.close()


# The fast chain walk hashes exactly the canonical text

texts = st.text(st.characters(exclude_categories=("Cs",)), max_size=40)
# What the program writes in before and after: canonical JSON, never a raw control character.
json_texts = st.dictionaries(texts, texts | st.integers(), max_size=4).map(canonical)


@settings(max_examples=400)
@given(st.tuples(st.integers(min_value=1, max_value=2**40), texts, texts, texts, texts, texts,
                 st.none() | json_texts, st.none() | json_texts, texts))
def test_the_hand_built_entry_bytes_are_the_canonical_text(row: tuple[object, ...]) -> None:
    content = dict(zip(_CONTENT_FIELDS, row, strict=True))
    as_stored = tuple(v.encode() if isinstance(v, str) else v for v in row)
    assert _entry_bytes(as_stored) == canonical(content).encode("utf-8")


def test_an_entry_the_fast_walk_cannot_build_is_checked_exactly(plan: Path) -> None:
    """A raw control character in `after` is never written by the program, but if a hash was
    made over it canonically, the walk still judges it by `canonical` itself."""
    conn = _connect(plan)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(audit)")]
    last = dict(zip(columns, conn.execute("SELECT * FROM audit ORDER BY id DESC LIMIT 1")
                    .fetchone(), strict=True))
    row = {**last, "id": last["id"] + 1, "after": '{"note":"a' + chr(10) + 'b"}',
           "prev_hash": last["hash"]}
    row["hash"] = entry_hash({k: v for k, v in row.items() if k != "hash"})
    conn.execute(f"INSERT INTO audit ({', '.join(row)}) VALUES ({', '.join('?' for _ in row)})",
                 list(row.values()))
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", [row["id"], row["hash"]])
    conn.commit()
    conn.close()
    status, out, err = _check(plan)
    assert status == 0, err


# `check` finds changes made outside the program

def _audit_ids(path: Path) -> list[int]:
    conn = _connect(path)
    ids = [r[0] for r in conn.execute("SELECT id FROM audit ORDER BY id")]
    conn.close()
    return ids


def _tamper(conn: sqlite3.Connection, operation: str, victim: int, rng: random.Random) -> int:
    """One outside change to one audit row; a careful forger recomputes the hash they can.

    Returns the entry the check should name: the first one that no longer verifies.
    """
    columns = [r[1] for r in conn.execute("PRAGMA table_info(audit)")]
    row = dict(zip(columns, conn.execute("SELECT * FROM audit WHERE id = ?",
                                         [victim]).fetchone(), strict=True))
    last = conn.execute("SELECT max(id) FROM audit").fetchone()[0]
    if operation == "alter":
        column = rng.choice(["at", "os_user", "action", "entity", "entity_key", "before",
                             "after", "prev_hash", "hash"])
        conn.execute(f"UPDATE audit SET {column} = coalesce({column}, '') || ' ' "
                     "WHERE id = ?", [victim])
        expected = victim
    elif operation == "alter_and_rehash":
        row["action"] = "Nothing happened"
        row["hash"] = entry_hash({k: v for k, v in row.items() if k != "hash"})
        conn.execute("UPDATE audit SET action = ?, hash = ? WHERE id = ?",
                     [row["action"], row["hash"], victim])
        # It is whole in itself; the next entry no longer follows on (or, for the newest,
        # it is not the entry the program last wrote).
        expected = victim + 1 if victim < last else victim
    elif operation == "delete":
        conn.execute("DELETE FROM audit WHERE id = ?", [victim])
        expected = victim
    elif operation == "delete_and_renumber":
        conn.execute("DELETE FROM audit WHERE id = ?", [victim])
        conn.execute("UPDATE audit SET id = -(id - 1) WHERE id > ?", [victim])
        conn.execute("UPDATE audit SET id = -id WHERE id < 0")
        expected = victim
    elif operation == "insert":
        forged = {**row, "id": victim + 1, "action": "Forged", "prev_hash": row["hash"]}
        forged["hash"] = entry_hash({k: v for k, v in forged.items() if k != "hash"})
        conn.execute("UPDATE audit SET id = -(id + 1) WHERE id > ?", [victim])
        conn.execute("UPDATE audit SET id = -id WHERE id < 0")
        conn.execute(f"INSERT INTO audit ({', '.join(forged)}) VALUES "
                     f"({', '.join('?' for _ in forged)})", list(forged.values()))
        # The forged entry follows on from the one before; the one after it does not.
        expected = victim + 2 if victim < last else victim + 1
    elif operation == "append":
        forged = {**row, "id": last + 1, "action": "Forged",
                  "prev_hash": conn.execute("SELECT hash FROM audit WHERE id = ?",
                                            [last]).fetchone()[0]}
        forged["hash"] = entry_hash({k: v for k, v in forged.items() if k != "hash"})
        conn.execute(f"INSERT INTO audit ({', '.join(forged)}) VALUES "
                     f"({', '.join('?' for _ in forged)})", list(forged.values()))
        expected = last + 1
    elif operation == "reorder":
        other = rng.choice([i for i in range(1, last + 1) if i != victim])
        conn.execute("UPDATE audit SET id = -1 WHERE id = ?", [victim])
        conn.execute("UPDATE audit SET id = ? WHERE id = ?", [victim, other])
        conn.execute("UPDATE audit SET id = ? WHERE id = -1", [other])
        expected = min(victim, other)
    else:
        raise AssertionError(operation)
    conn.commit()
    return expected


OPERATIONS = ["alter", "alter_and_rehash", "delete", "delete_and_renumber", "insert", "append",
              "reorder"]


def test_every_single_row_change_to_the_audit_trail_is_detected(made: Path) -> None:
    """Every operation on every row, in memory (fast), through the repository's check."""
    source = sqlite3.connect(made)
    ids = _audit_ids(made)
    rng = random.Random(5)
    missed = []
    for operation in OPERATIONS:
        for victim in ids:
            conn = sqlite3.connect(":memory:")
            source.backup(conn)
            expected = _tamper(conn, operation, victim, rng)
            check = PlanRepository(conn).verify_audit_chain()
            if check.ok or re.findall(r"audit entry (\d+)", check.problem)[:1] != [str(expected)]:
                missed.append((operation, victim, check.problem))
            conn.close()
    source.close()
    assert missed == []


@pytest.mark.parametrize("seed", range(4))
@pytest.mark.parametrize("operation", OPERATIONS)
def test_check_names_the_first_entry_that_does_not_verify(plan: Path, operation: str,
                                                          seed: int) -> None:
    rng = random.Random(f"{operation}-{seed}")
    ids = _audit_ids(plan)
    victim = rng.choice(ids)
    conn = _connect(plan)
    expected = _tamper(conn, operation, victim, rng)
    conn.close()
    status, out, err = _check(plan)
    assert status == 2, out
    assert "changed outside the program" in err and "Traceback" not in err
    assert re.findall(r"audit entry (\d+)", err)[0] == str(expected), err


def test_check_finds_a_signed_record_changed_removed_or_added_with_its_trigger_dropped(
        plan: Path) -> None:
    def outside(*sql: str) -> tuple[int, str]:
        copy = plan.with_name("copy.cutover")
        copy.write_bytes(plan.read_bytes())
        conn = _connect(copy)
        conn.executescript("DROP TRIGGER signoffs_refuse_update; "
                           "DROP TRIGGER signoffs_refuse_delete; "
                           "DROP TRIGGER signoff_withdrawals_refuse_delete;")
        for statement in sql:
            conn.execute(statement)
        conn.commit()
        conn.close()
        status, _, err = _check(copy)
        copy.unlink()
        return status, err

    status, err = outside("UPDATE signoffs SET signed_by = 'Dr Someone Else' WHERE id = 2")
    assert status == 2 and "signoff record 2 was changed outside the program" in err
    assert "audit entry" in err
    status, err = outside("DELETE FROM signoff_withdrawals")
    assert status == 2 and "signoff withdrawal record 1" in err and "missing" in err
    status, err = outside("INSERT INTO signoffs SELECT 3, gate_key, gate_title, 'Forger', "
                          "role, os_user, signed_at, statement, checked, caveats, "
                          "supplier_told_by, supplier_reference, supplier_told_on, "
                          "tasks_not_done, covered, state_hash, audit_head_id, "
                          "audit_head_hash FROM signoffs WHERE id = 2")
    assert status == 2 and "signoff record 3 is not in the audit trail" in err


def test_check_finds_a_trail_rewritten_before_a_signature(plan: Path) -> None:
    """Rewriting the whole chain with fresh hashes leaves the sign-offs' anchors behind."""
    conn = _connect(plan)
    columns = [r[1] for r in conn.execute("PRAGMA table_info(audit)")]
    rows = [dict(zip(columns, r, strict=True))
            for r in conn.execute("SELECT * FROM audit ORDER BY id")]
    prev = "0" * 64
    for row in rows:
        if row["id"] == 3:
            row["os_user"] = "someone-else"
        row["prev_hash"] = prev
        row["hash"] = prev = entry_hash({k: v for k, v in row.items() if k != "hash"})
        conn.execute("UPDATE audit SET os_user = ?, prev_hash = ?, hash = ? WHERE id = ?",
                     [row["os_user"], row["prev_hash"], row["hash"], row["id"]])
    conn.execute("UPDATE audit_head SET last_hash = ?", [prev])
    conn.commit()
    conn.close()
    status, _, err = _check(plan)
    assert status == 2
    assert "has been rewritten since" in err and "sign-off 1" in err


def test_check_passes_the_signed_plan_and_prints_the_whole_head(plan: Path) -> None:
    status, out, err = _check(plan)
    assert status == 0, err
    conn = _connect(plan)
    head = conn.execute("SELECT last_hash FROM audit_head").fetchone()[0]
    conn.close()
    assert f"head {head}" in out

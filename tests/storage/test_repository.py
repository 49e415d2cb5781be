"""The repository: every value survives the file, and the audit chain catches outside edits."""

from __future__ import annotations

import dataclasses
import json
import random
import sqlite3
from datetime import date, time
from pathlib import Path

import pytest

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ReadOnlyPlanError
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
from cutover_desktop.services.plan_files import create_plan, open_plan
from cutover_desktop.storage.database import create_database, open_database
from cutover_desktop.storage.repository import (
    GENESIS_HASH,
    PlanRepository,
    canonical,
    entry_hash,
)
from tests.conftest import TODAY, riverside


def _default(f: dataclasses.Field) -> object:  # type: ignore[type-arg]
    if f.default is not dataclasses.MISSING:
        return f.default
    if f.default_factory is not dataclasses.MISSING:
        return f.default_factory()
    return dataclasses.MISSING


DETAILS = PlanDetails(
    practice_name="Riverside Surgery — “Old Mill” branch",
    ods_code="A81001",
    go_live=date(2027, 3, 16),
    old_supplier="EMIS Web",
    new_supplier="TPP SystmOne",
    sites=("Main surgery", "Branch", "Café site"),
    rules=KeyDateRules(tgl_rule=TglRule.CALENDAR_DAY_BEFORE, fdp_days_before_bgl=5,
                       link_off_days_before_fdp=2, planning_days_before_fdp=35,
                       read_only_days_after_bgl=60, support_days_after_bgl=120),
    go_live_confirmed_on=date(2026, 11, 20),
    template_name="Tiny",
    phases=("Lead-in", "Close"),
)

ANCHOR_TASK = Task(id=TaskId(1), title="Kick-off", phase="Lead-in",
                   anchor=Anchor.key(KeyDate.BGL), offset=-91)
FULL_TASK = Task(
    id=TaskId(2),
    title="Switch off the pathology link — ring “ICE” first",
    phase="Close",
    anchor=Anchor.task(TaskId(1)),
    offset=-3,
    offset_unit=OffsetUnit.WORKING_DAYS,
    pinned_date=date(2027, 3, 10),
    duration_days=3,
    start_time=time(8, 30),
    end_time=time(17, 45),
    owner_role="Practice Manager",
    site="Branch",
    status=TaskStatus.SKIPPED,
    skip_reason="The lab switches it off itself",
    priority=Priority.HIGH,
    milestone=True,
    notes="Line one\nLine two, with ünïcödé",
    why="Live feeds into a frozen system lose data",
    source="guide/05",
    template_key="switch-off-links",
    tags=("link_switch_off", "gate:final"),
    position=7,
)
DEPENDENCY = Dependency(TaskId(1), TaskId(2))
DAYS = (CalendarDay(date(2027, 3, 10), CalendarDayKind.CLOSURE, "Protected learning time"),
        CalendarDay(date(2027, 3, 13), CalendarDayKind.EXTRA_WORKING, "Go-live Saturday"))


def test_the_sample_values_set_every_field_away_from_its_default() -> None:
    # So that a field the repository forgets to write cannot pass the round trip unnoticed.
    for value in (FULL_TASK, DETAILS, DETAILS.rules):
        for f in dataclasses.fields(value):
            default = _default(f)
            if default is not dataclasses.MISSING:
                assert getattr(value, f.name) != default, f.name
    assert DAYS[0].note and DAYS[1].note


def _write_all(repo: PlanRepository) -> None:
    items = [EntityChange(None, DETAILS), EntityChange(None, ANCHOR_TASK),
             EntityChange(None, FULL_TASK), EntityChange(None, DEPENDENCY),
             *(EntityChange(None, day) for day in DAYS)]
    with repo.transaction():
        repo.apply(Changes("Write everything", tuple(items)))


def test_every_field_of_every_value_survives_closing_and_reopening(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    repo = PlanRepository(create_database(path))
    _write_all(repo)
    repo.close()
    for read_only in (False, True):
        again = PlanRepository(open_database(path, read_only=read_only), read_only=read_only)
        try:
            assert again.load_details() == DETAILS
            assert again.load_tasks() == [ANCHOR_TASK, FULL_TASK]
            assert again.load_dependencies() == [DEPENDENCY]
            assert again.load_calendar_days() == list(DAYS)
            assert again.next_task_id() == TaskId(3)
        finally:
            again.close()


def test_replacing_and_removing_values_is_written(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    repo = PlanRepository(create_database(path))
    _write_all(repo)
    unpinned = dataclasses.replace(FULL_TASK, pinned_date=None, start_time=None, end_time=None,
                                   tags=(), status=TaskStatus.DONE, skip_reason="")
    with repo.transaction():
        repo.apply(Changes("Edit", (EntityChange(FULL_TASK, unpinned),
                                    EntityChange(DEPENDENCY, None),
                                    EntityChange(DAYS[0], None))))
    repo.close()
    again = PlanRepository(open_database(path, read_only=True), read_only=True)
    try:
        assert again.load_tasks() == [ANCHOR_TASK, unpinned]
        assert again.load_dependencies() == []
        assert again.load_calendar_days() == [DAYS[1]]
    finally:
        again.close()


def test_a_failed_transaction_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    repo = PlanRepository(create_database(path))
    _write_all(repo)
    before = (repo.load_tasks(), list(repo.audit_entries()))
    orphan = Dependency(TaskId(1), TaskId(99))  # points at a task that is not there
    with pytest.raises(sqlite3.IntegrityError), repo.transaction():
        repo.apply(Changes("Half an edit", (
            EntityChange(FULL_TASK, dataclasses.replace(FULL_TASK, title="Changed")),
            EntityChange(None, orphan))))
    assert (repo.load_tasks(), list(repo.audit_entries())) == before
    assert repo.verify_audit_chain().ok
    repo.close()


def test_a_read_only_repository_refuses_to_write(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    repo = PlanRepository(create_database(path))
    _write_all(repo)
    repo.close()
    read_only = PlanRepository(open_database(path, read_only=True), read_only=True)
    with pytest.raises(ReadOnlyPlanError, match="read-only"), read_only.transaction():
        pass
    read_only.close()


# The audit trail

def test_every_change_is_audited_with_before_and_after(tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    repo = PlanRepository(create_database(path))
    _write_all(repo)
    renamed = dataclasses.replace(ANCHOR_TASK, title="Kick-off meeting")
    with repo.transaction():
        repo.apply(Changes("Rename the kick-off", (EntityChange(ANCHOR_TASK, renamed),)))
    entries = list(repo.audit_entries())
    repo.close()
    assert len(entries) == 7
    assert [e.id for e in entries] == list(range(1, 8))
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(e.os_user for e in entries)
    last = entries[-1]
    assert (last.action, last.entity, last.entity_key) == ("Rename the kick-off", "task", "1")
    assert json.loads(last.before or "")["title"] == "Kick-off"
    assert json.loads(last.after or "")["title"] == "Kick-off meeting"
    assert entries[3].entity == "dependency" and entries[3].before is None
    assert entries[4].entity_key == "2027-03-10"


@pytest.fixture
def edited_plan(tmp_path: Path) -> Path:
    """A plan file with a few dozen audit entries from ordinary edits."""
    path = tmp_path / "plan.cutover"
    service = create_plan(path, riverside(), today=lambda: TODAY)
    service.set_go_live(date(2027, 3, 23))
    service.set_status([TaskId(1), TaskId(2), TaskId(3)], TaskStatus.DONE)
    service.move_task(TaskId(10), 3)
    service.add_dependency(TaskId(4), TaskId(5))
    service.undo()
    service.redo()
    service.set_calendar_day(date(2027, 3, 10), CalendarDayKind.CLOSURE, "PLT")
    assert service.verify_audit_chain().ok
    service.close()
    return path


def _chain(path: Path):  # noqa: ANN202
    service = open_plan(path, read_only=True)
    try:
        return service.verify_audit_chain()
    finally:
        service.close()


def test_the_chain_verifies_after_edits_and_reopening(edited_plan: Path) -> None:
    check = _chain(edited_plan)
    assert check.ok
    assert check.entries > 80  # the template's tasks, then each edit
    conn = sqlite3.connect(edited_plan)
    last_hash = conn.execute("SELECT hash FROM audit ORDER BY id DESC LIMIT 1").fetchone()[0]
    conn.close()
    assert check.head == last_hash


def _outside(path: Path, *statements: tuple[str, list[object]]) -> None:
    """Change the file as another program would: plain sqlite3, no triggers of ours."""
    conn = sqlite3.connect(path)
    for sql, params in statements:
        conn.execute(sql, params)
    conn.commit()
    conn.close()


def _ids(path: Path) -> list[int]:
    conn = sqlite3.connect(path)
    ids = [row[0] for row in conn.execute("SELECT id FROM audit ORDER BY id")]
    conn.close()
    return ids


def _row(path: Path, entry_id: int) -> dict[str, object]:
    conn = sqlite3.connect(path)
    conn.row_factory = sqlite3.Row
    row = dict(conn.execute("SELECT * FROM audit WHERE id = ?", [entry_id]).fetchone())
    conn.close()
    return row


SEEDS = range(6)


@pytest.mark.parametrize("seed", SEEDS)
def test_altering_an_audit_row_outside_the_program_is_detected(edited_plan: Path,
                                                                seed: int) -> None:
    victim = random.Random(seed).choice(_ids(edited_plan))
    column = random.Random(seed).choice(["action", "os_user", "after", "at", "entity_key"])
    _outside(edited_plan, (f"UPDATE audit SET {column} = coalesce({column}, '') || 'x' "
                           "WHERE id = ?", [victim]))
    check = _chain(edited_plan)
    assert not check.ok
    assert check.first_bad_id == victim
    assert str(victim) in check.problem


@pytest.mark.parametrize("seed", SEEDS)
def test_altering_a_row_and_recomputing_its_hash_is_still_detected(edited_plan: Path,
                                                                    seed: int) -> None:
    victim = random.Random(seed).choice(_ids(edited_plan))
    row = _row(edited_plan, victim)
    row["action"] = "Nothing to see here"
    content = {k: v for k, v in row.items() if k != "hash"}
    _outside(edited_plan, ("UPDATE audit SET action = ?, hash = ? WHERE id = ?",
                           [row["action"], entry_hash(content), victim]))
    check = _chain(edited_plan)
    assert not check.ok
    # The next entry no longer follows on; for the newest entry, the head does not match.
    assert check.first_bad_id == (victim if victim == _ids(edited_plan)[-1] else victim + 1)


@pytest.mark.parametrize("seed", SEEDS)
def test_deleting_an_audit_row_outside_the_program_is_detected(edited_plan: Path,
                                                                seed: int) -> None:
    ids = _ids(edited_plan)
    victim = random.Random(seed).choice(ids[:-1]) if seed else ids[-1]  # the newest one too
    _outside(edited_plan, ("DELETE FROM audit WHERE id = ?", [victim]))
    check = _chain(edited_plan)
    assert not check.ok
    assert check.first_bad_id is not None and check.first_bad_id >= victim
    assert "missing" in check.problem


@pytest.mark.parametrize("seed", SEEDS)
def test_inserting_an_audit_row_outside_the_program_is_detected(edited_plan: Path,
                                                                 seed: int) -> None:
    ids = _ids(edited_plan)
    after = random.Random(seed).choice(ids)
    copy = _row(edited_plan, after)
    # Make room by renumbering the later rows, then slip in a plausible forged row.
    statements: list[tuple[str, list[object]]] = [
        ("UPDATE audit SET id = -id WHERE id > ?", [after]),
        ("UPDATE audit SET id = -id + 1 WHERE id < 0", []),
    ]
    forged = {**copy, "id": after + 1, "action": "Forged entry", "prev_hash": copy["hash"]}
    forged["hash"] = entry_hash({k: v for k, v in forged.items() if k != "hash"})
    columns = ", ".join(forged)
    statements.append((f"INSERT INTO audit ({columns}) VALUES "
                       f"({', '.join('?' for _ in forged)})", list(forged.values())))
    _outside(edited_plan, *statements)
    assert len(_ids(edited_plan)) == len(ids) + 1
    check = _chain(edited_plan)
    assert not check.ok
    assert check.first_bad_id is not None and check.first_bad_id >= after + 1


@pytest.mark.parametrize("seed", SEEDS)
def test_reordering_audit_rows_outside_the_program_is_detected(edited_plan: Path,
                                                                seed: int) -> None:
    ids = _ids(edited_plan)
    first, second = sorted(random.Random(seed).sample(ids, 2))
    _outside(edited_plan,
             ("UPDATE audit SET id = -1 WHERE id = ?", [first]),
             ("UPDATE audit SET id = ? WHERE id = ?", [first, second]),
             ("UPDATE audit SET id = ? WHERE id = -1", [second]))
    check = _chain(edited_plan)
    assert not check.ok
    assert check.first_bad_id == first


@pytest.mark.parametrize(("user", "forged"), [
    ("NHS\\jsmith", "NHS\\\\jsmith"),  # a Windows domain user, its backslash doubled
    ('Jo "JJ" Smith', 'Jo \\"JJ\\" Smith'),  # quotes written as JSON writes them
])
def test_a_forgery_spelt_as_the_hashed_text_spells_it_is_detected(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, user: str, forged: str) -> None:
    # The text hashed for the entry holds the user as JSON escapes it; a user renamed to that
    # escaped spelling must not pass for the original.
    monkeypatch.setenv("LOGNAME", user)
    path = tmp_path / "plan.cutover"
    service = create_plan(path, riverside(), today=lambda: TODAY)
    service.set_go_live(date(2027, 3, 23))
    service.close()
    newest = _ids(path)[-1]
    assert _row(path, newest)["os_user"] == user and _chain(path).ok
    _outside(path, ("UPDATE audit SET os_user = ? WHERE id = ?", [forged, newest]))
    check = _chain(path)
    assert not check.ok
    assert check.first_bad_id == newest


def test_hashes_use_one_canonical_encoding() -> None:
    assert canonical({"b": 1, "a": "é"}) == '{"a":"é","b":1}'
    assert entry_hash({"a": 1}) == entry_hash({"a": 1})
    assert entry_hash({"a": 1}) != entry_hash({"a": 2})


def test_feature_tables_loaded_when_used_are_the_tables_their_module_keeps() -> None:
    import importlib

    from cutover_desktop.storage.schema import FEATURE_MODULES_IF_USED
    from cutover_desktop.storage.tables import FEATURE_TABLES

    for module, feature in FEATURE_MODULES_IF_USED.items():
        importlib.import_module(module)
        kept = [t for t in FEATURE_TABLES.values() if t.from_record.__module__ == module]
        assert {t.table for t in kept} == set(feature.tables)
        assert {t.kind for t in kept} == set(feature.kinds)
        # The audit check on open reads every append-only table: none may wait to be loaded.
        assert not any(t.append_only for t in kept)

"""The on-open backup handed to another thread: whoever begins it first takes it, so nothing
waits on a copy that never started, and the hourly backup leaves it alone."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cutover_desktop.domain.errors import StorageUnavailable
from cutover_desktop.services.backups import list_backups
from cutover_desktop.services.plan_files import open_plan
from tests.conftest import TODAY, change_plan


@pytest.fixture
def plan_file(plan_file: Path) -> Path:
    """The plan, changed since the backup that making it took: opening it backs it up."""
    change_plan(plan_file)
    return plan_file


def _on_open(plan: Path, before: set[object]) -> list[str]:
    return [b.reason for b in list_backups(plan) if b not in before]


def test_an_edit_before_the_thread_begins_takes_the_backup_itself(plan_file: Path) -> None:
    before = set(list_backups(plan_file))
    service = open_plan(plan_file, today=lambda: TODAY, backup_later=True)
    try:
        work = service.pending_backup_work()
        assert work is not None and service.backup_pending
        go_live = service.details.go_live
        service.set_go_live(go_live + timedelta(days=7))  # the thread has not begun
        assert _on_open(plan_file, before) == ["on-open"]
        assert not service.backup_pending
        work()  # the thread begins at last: the backup is already there
        assert _on_open(plan_file, before) == ["on-open"]
        kept = open_plan(list_backups(plan_file)[0].path, read_only=True, backup=False,
                         today=lambda: TODAY)
        try:
            assert kept.details.go_live == go_live  # taken before the edit was written
        finally:
            kept.close()
    finally:
        service.close()


def test_closing_an_unchanged_plan_before_the_thread_begins_waits_for_nothing(
        plan_file: Path) -> None:
    before = set(list_backups(plan_file))
    service = open_plan(plan_file, today=lambda: TODAY, backup_later=True)
    work = service.pending_backup_work()
    assert work is not None
    service.close()  # returns at once: the plan was not changed, so needs no backup
    work()
    assert _on_open(plan_file, before) == []
    again = open_plan(plan_file, today=lambda: TODAY, backup=False)
    try:
        assert not again.read_only  # let go of
    finally:
        again.close()


def test_the_hourly_backup_waits_while_the_on_open_one_is_pending(plan_file: Path) -> None:
    before = set(list_backups(plan_file))
    service = open_plan(plan_file, today=lambda: TODAY, backup_later=True)
    try:
        work = service.pending_backup_work()
        assert work is not None
        assert service.backup_if_due(datetime.now()) is None
        work()
        made = service.take_pending_backup()
        assert made is not None and service.last_backup_at == made.taken_at
        assert service.backup_if_due(datetime.now()) is None  # taken just now
        assert _on_open(plan_file, before) == ["on-open"]
    finally:
        service.close()


def test_a_backup_copy_that_cannot_read_the_plan_says_so_and_writes_nothing(
        plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from cutover_desktop.storage import backups

    def unreadable(_path: Path, _cache_kib: int) -> sqlite3.Connection:
        raise sqlite3.OperationalError("unable to open database file")

    monkeypatch.setattr(backups, "read_only_connection", unreadable)
    before = set(list_backups(plan_file))
    with pytest.raises(StorageUnavailable) as refused:
        backups.write_backup_through_own_connection(plan_file, "on-open")
    assert refused.value.message == (
        "A backup of riverside.cutover could not be made, so nothing was changed: the plan "
        "could not be read.")
    assert set(list_backups(plan_file)) == before

"""One writer per plan, backups that verify, restore that never loses the damaged file."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from datetime import datetime, timedelta
from pathlib import Path

import pytest

from cutover_desktop.domain.errors import PlanFileError, ReadOnlyPlanError, StorageUnavailable
from cutover_desktop.services.plan_files import open_plan, restore_plan
from cutover_desktop.storage.backups import list_backups, rotate, write_backup
from cutover_desktop.storage.locations import is_network_path
from cutover_desktop.storage.lock import PlanLock, lock_path, read_owner
from tests.conftest import TODAY, change_plan


def _today() -> object:
    return TODAY


def test_a_second_opening_is_read_only_and_says_who_has_it(plan_file: Path) -> None:
    first = open_plan(plan_file, today=_today)
    second = open_plan(plan_file, today=_today)
    try:
        assert not first.read_only
        assert second.read_only
        assert any("open read-only" in notice for notice in second.notices)
        with pytest.raises(ReadOnlyPlanError):
            second.set_go_live(second.details.go_live + timedelta(days=7))
    finally:
        second.close()
        first.close()
    assert not lock_path(plan_file).exists()


def test_the_lock_records_host_user_and_process(plan_file: Path) -> None:
    service = open_plan(plan_file, today=_today)
    try:
        owner = read_owner(plan_file)
        assert owner is not None
        assert owner.pid == os.getpid()
        assert owner.user and owner.host
    finally:
        service.close()


def test_a_stale_lock_from_a_crashed_program_is_cleared(plan_file: Path) -> None:
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    owner = json.loads(json.dumps({"host": os.uname().nodename, "user": "someone",
                                   "pid": int(dead.stdout), "since": "2026-11-01T09:00:00"}))
    lock_path(plan_file).write_text(json.dumps(owner))
    service = open_plan(plan_file, today=_today)
    try:
        assert not service.read_only
        assert read_owner(plan_file).pid == os.getpid()  # type: ignore[union-attr]
    finally:
        service.close()


def test_a_lock_from_another_computer_is_respected(plan_file: Path) -> None:
    lock_path(plan_file).write_text(json.dumps(
        {"host": "reception-pc-2", "user": "jsmith", "pid": 4242, "since": "2026-11-28T08:00:00"}))
    service = open_plan(plan_file, today=_today)
    try:
        assert service.read_only
        assert "jsmith on reception-pc-2" in service.notices[0]
    finally:
        service.close()
    assert lock_path(plan_file).exists()  # not ours to remove


def test_the_command_line_cannot_write_a_plan_open_elsewhere(plan_file: Path) -> None:
    holder = PlanLock(plan_file)
    assert holder.acquire() is None
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cutover_desktop", "set-go-live", str(plan_file), "2027-04-13"],
            capture_output=True, text=True, env={**os.environ})
        assert result.returncode != 0
        assert "has this plan open" in result.stderr
        assert "Traceback" not in result.stderr
    finally:
        holder.release()


def test_opening_makes_a_backup_that_verifies(plan_file: Path) -> None:
    change_plan(plan_file)
    before = list_backups(plan_file)
    open_plan(plan_file, today=_today).close()
    backups = list_backups(plan_file)
    assert len(backups) == len(before) + 1
    assert backups[0].reason == "on-open"
    assert backups[0].verifies()
    assert (backups[0].path.stat().st_mode & 0o077) == 0


def test_a_plan_unchanged_since_its_newest_backup_is_not_copied_again(
        plan_file: Path) -> None:
    change_plan(plan_file)
    open_plan(plan_file, today=_today).close()
    kept = list_backups(plan_file)
    # Opened again and again unchanged: no copies of the same plan push older ones out.
    for _ in range(3):
        service = open_plan(plan_file, today=_today)
        # The daily backup has nothing new to keep either, and says nothing.
        assert service.backup_if_due(datetime.now() + timedelta(days=2)) is None
        assert service.last_backup_at is not None
        assert service.backup_if_due(service.last_backup_at + timedelta(hours=1)) is None
        service.close()
    assert list_backups(plan_file) == kept
    # Changed, it is backed up on the next opening; a backup asked for is always taken.
    change_plan(plan_file)
    open_plan(plan_file, today=_today).close()
    assert [b.reason for b in list_backups(plan_file)] == ["on-open", *[b.reason for b in kept]]
    service = open_plan(plan_file, today=_today)
    try:
        assert service.backup_now("manual").reason == "manual"
    finally:
        service.close()
    assert len(list_backups(plan_file)) == len(kept) + 2


def test_an_unchanged_plan_is_backed_up_again_when_its_newest_backup_is_damaged(
        plan_file: Path) -> None:
    change_plan(plan_file)
    open_plan(plan_file, today=_today).close()
    newest = list_backups(plan_file)[0]
    data = bytearray(newest.path.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xff" * 4096
    newest.path.write_bytes(bytes(data))
    assert not newest.verifies()
    open_plan(plan_file, today=_today).close()
    again = list_backups(plan_file)[0]
    assert again != newest and again.reason == "on-open" and again.verifies()


def test_backups_are_listed_newest_first_with_the_time_in_their_names(plan_file: Path) -> None:
    open_plan(plan_file, today=_today).close()
    folder = list_backups(plan_file)[0].path.parent
    older = folder / "riverside-20261127-093015-250000-manual.cutover"
    shutil.copy(list_backups(plan_file)[0].path, older)
    # A file whose name has no real time in it is not one of ours: passed over, not a crash.
    shutil.copy(older, folder / "riverside-20261399-093015-250000-manual.cutover")
    backups = list_backups(plan_file)
    assert [b.taken_at for b in backups] == sorted((b.taken_at for b in backups), reverse=True)
    assert backups[-1].path == older
    assert backups[-1].taken_at == datetime(2026, 11, 27, 9, 30, 15, 250000)
    assert backups[-1].reason == "manual"


def test_rotation_keeps_ten_newest_and_one_per_week_for_eight_weeks(plan_file: Path) -> None:
    import sqlite3

    now = datetime(2027, 3, 1, 12, 0)
    source = sqlite3.connect(plan_file)
    try:
        # Three a week for twelve weeks, oldest first.
        for week in range(12, 0, -1):
            for hour in (9, 12, 15):
                write_backup(source, plan_file, "manual",
                             now=now - timedelta(weeks=week) + timedelta(hours=hour - 12))
        write_backup(source, plan_file, "manual", now=now)
    finally:
        source.close()
    kept = list_backups(plan_file)
    newest = sorted(kept, key=lambda b: b.taken_at)[-10:]
    assert set(newest) <= set(kept)
    weeks = {b.taken_at.isocalendar()[:2] for b in kept if b.taken_at >= now - timedelta(weeks=8)}
    assert len(weeks) >= 8
    assert all(b.taken_at >= now - timedelta(weeks=9) for b in kept)
    assert rotate(plan_file, now) == []


def test_restore_backs_up_the_current_plan_first(plan_file: Path) -> None:
    service = open_plan(plan_file, today=_today)
    original = service.details.go_live
    service.set_go_live(original + timedelta(days=7))
    service.close()
    on_open = next(b for b in list_backups(plan_file) if b.reason == "on-open")
    restore_plan(on_open.path, plan_file)
    restored = open_plan(plan_file, today=_today, backup=False)
    try:
        assert restored.details.go_live == original
    finally:
        restored.close()
    before = [b for b in list_backups(plan_file) if b.reason == "before-restore"]
    assert len(before) == 1
    kept = open_plan(before[0].path, read_only=True, today=_today)
    try:
        assert kept.details.go_live == original + timedelta(days=7)
    finally:
        kept.close()


def test_restoring_over_a_damaged_plan_keeps_the_damaged_file(plan_file: Path) -> None:
    open_plan(plan_file, today=_today).close()
    backup = list_backups(plan_file)[0]
    plan_file.write_bytes(b"this is not a plan any more")
    aside = restore_plan(backup.path, plan_file)
    assert aside is not None and aside.read_bytes() == b"this is not a plan any more"
    open_plan(plan_file, today=_today, backup=False).close()


def test_a_damaged_backup_is_refused(plan_file: Path, tmp_path: Path) -> None:
    bad = tmp_path / "bad.cutover"
    bad.write_text("nope")
    before = plan_file.read_bytes()
    with pytest.raises(PlanFileError):
        restore_plan(bad, plan_file)
    assert plan_file.read_bytes() == before


def test_network_mounts_are_recognised(tmp_path: Path) -> None:
    mounts = ("/dev/sda1 / ext4 rw 0 0\n"
              "//server/share /mnt/practice cifs rw 0 0\n"
              "server:/export /mnt/nfs nfs4 rw 0 0\n")
    assert is_network_path(Path("/mnt/practice/plans/p.cutover"), mounts)
    assert is_network_path(Path("/mnt/nfs/p.cutover"), mounts)
    assert not is_network_path(Path("/home/pm/p.cutover"), mounts)
    assert not is_network_path(Path("/mnt/practiceX/p.cutover"), mounts)


def test_restoring_the_oldest_of_a_full_set_of_backups_works(plan_file: Path) -> None:
    import sqlite3

    source = sqlite3.connect(plan_file)
    try:
        for hour in range(10):
            write_backup(source, plan_file, "daily", now=datetime(2027, 1, 4, 8 + hour))
    finally:
        source.close()
    oldest = list_backups(plan_file)[-1]
    restore_plan(oldest.path, plan_file)
    assert oldest.path.exists(), "the backup that was restored must not be rotated away"
    open_plan(plan_file, today=_today, backup=False).close()


def test_a_plan_whose_audit_trail_was_altered_is_refused_for_writing(plan_file: Path) -> None:
    import hashlib
    import sqlite3

    conn = sqlite3.connect(plan_file)
    conn.execute("UPDATE audit SET action = 'nothing to see' WHERE id = 5")
    conn.commit()
    conn.close()
    digest = hashlib.sha256(plan_file.read_bytes()).hexdigest()
    with pytest.raises(PlanFileError, match="audit trail") as refused:
        open_plan(plan_file, today=_today)
    assert "entry 5" in refused.value.message
    assert hashlib.sha256(plan_file.read_bytes()).hexdigest() == digest
    assert not lock_path(plan_file).exists()
    # It can still be read, to see what is wrong (`check`, `show`).
    looked_at = open_plan(plan_file, read_only=True, today=_today)
    try:
        assert not looked_at.verify_audit_chain().ok
    finally:
        looked_at.close()
    assert hashlib.sha256(plan_file.read_bytes()).hexdigest() == digest


def test_importing_into_a_plan_open_elsewhere_says_who_has_it(plan_file: Path,
                                                              tmp_path: Path) -> None:
    csv_file = tmp_path / "tasks.csv"
    csv_file.write_text("title,phase,anchor,offset\nCheck printers,Final week,BGL,-3\n")
    holder = PlanLock(plan_file)
    assert holder.acquire() is None
    try:
        result = subprocess.run(
            [sys.executable, "-m", "cutover_desktop", "import", str(plan_file), str(csv_file)],
            capture_output=True, text=True, env={**os.environ})
    finally:
        holder.release()
    assert result.returncode != 0
    assert "has this plan open" in result.stderr and "Traceback" not in result.stderr


def test_an_edit_is_never_saved_before_the_on_open_backup(
        plan_file: Path, _isolated_data_dir: Path) -> None:
    service = open_plan(plan_file, today=lambda: TODAY, backup_later=True)
    try:
        shutil.rmtree(_isolated_data_dir / "backups")
        (_isolated_data_dir / "backups").write_text("not a folder", encoding="utf-8")
        go_live = service.details.go_live
        for _attempt in range(2):  # refused each time while no backup can be made
            with pytest.raises(StorageUnavailable, match="backup") as refused:
                service.set_go_live(go_live + timedelta(days=7))
            assert "nothing was changed" in refused.value.message
            assert "Errno" not in refused.value.message  # words, not an error number
            assert service.details.go_live == go_live
        (_isolated_data_dir / "backups").unlink()
        service.set_go_live(go_live + timedelta(days=7))
        assert [b.reason for b in list_backups(plan_file)].count("on-open") == 1
    finally:
        service.close()

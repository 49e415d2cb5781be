"""Rotating backups of a plan, written with SQLite's backup API and checked before they count."""

from __future__ import annotations

import contextlib
import os
import re
import sqlite3
from datetime import datetime, timedelta
from pathlib import Path
from typing import NamedTuple

from cutover_desktop.domain.canonical import sha256
from cutover_desktop.domain.errors import PlanFileError, StorageUnavailable
from cutover_desktop.paths import user_data_dir, why_not_written
from cutover_desktop.storage.database import (
    COPY_CACHE_KIB,
    inspect_plan_file,
    read_only_connection,
)

KEEP_NEWEST = 10
KEEP_WEEKS = 8
# Backups the program takes on its own. One is not taken while the plan holds just what its
# newest backup holds: a copy of the same plan again would only push an older, different
# backup out of the newest ten (and cost a copy at every start).
ROUTINE_REASONS = frozenset({"on-open", "daily"})
_NAME = re.compile(r"^(?P<stem>.+)-(?P<day>\d{8})-(?P<time>\d{6})-(?P<micro>\d{6})"
                   r"-(?P<reason>[a-z-]+)\.cutover$")


class Backup(NamedTuple):
    path: Path
    taken_at: datetime
    reason: str

    def verifies(self) -> bool:
        try:
            inspect_plan_file(self.path)
        except PlanFileError:
            return False
        return True


def is_backup_copy(path: Path) -> bool:
    """A copy this program made in a plan's backup folder (backups/<plan>-<id>/<name>)."""
    return _NAME.match(path.name) is not None and path.parent.parent.name == "backups"


def backup_folder(plan: Path) -> Path:
    """Backups live in the user data folder, one folder per plan file."""
    digest = sha256(str(plan.resolve()).encode("utf-8")).hexdigest()[:10]
    folder = user_data_dir() / "backups" / f"{plan.stem}-{digest}"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def list_backups(plan: Path) -> list[Backup]:
    """The plan's backups, newest first."""
    try:
        folder = backup_folder(plan)
    except OSError:
        return []  # a backup folder that cannot be made holds no backups
    found = []
    for path in folder.glob("*.cutover"):
        match = _NAME.match(path.name)
        if match:
            # Read by hand: strptime loads the locale machinery (about 5 ms at every start,
            # when the on-open backup rotates the old ones).
            day, time = match["day"], match["time"]
            try:
                taken = datetime(int(day[:4]), int(day[4:6]), int(day[6:]), int(time[:2]),
                                 int(time[2:4]), int(time[4:]), int(match["micro"]))
            except ValueError:
                continue  # not a time: not one of our backups
            found.append(Backup(path, taken, match["reason"]))
    return sorted(found, key=lambda b: b.taken_at, reverse=True)


def newest_good_backup(plan: Path) -> Backup | None:
    return next((b for b in list_backups(plan) if b.verifies()), None)


def _content_mark(conn: sqlite3.Connection) -> tuple[int, int, str] | None:
    """What a plan holds, told apart: its schema version and the head of its audit chain.
    Every change to a plan is written with an audit entry, so the head moves with any change.
    None when it cannot be read."""
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        head = conn.execute("SELECT last_id, last_hash FROM audit_head WHERE id = 1").fetchone()
    except sqlite3.Error:
        return None
    return None if head is None else (int(version), int(head[0]), str(head[1]))


def same_as_newest_backup(source: sqlite3.Connection, plan: Path) -> Backup | None:
    """The plan's newest backup, when the plan holds just what it holds and the backup still
    checks out as sound; else None."""
    newest = next(iter(list_backups(plan)), None)
    if newest is None:
        return None
    mark = _content_mark(source)
    try:
        backup = read_only_connection(newest.path)
    except sqlite3.Error:
        return None
    try:
        held = _content_mark(backup)
    finally:
        backup.close()
    if mark is None or mark != held:
        return None
    return newest if newest.verifies() else None


def write_backup(source: sqlite3.Connection, plan: Path, reason: str,
                 now: datetime | None = None, keep: Path | None = None) -> Backup:
    """Copy a live plan into the backup folder, check the copy, then rotate old backups.

    A routine backup (ROUTINE_REASONS) of a plan that holds just what its newest backup
    holds is not taken: that backup is returned instead.
    """
    if reason in ROUTINE_REASONS:
        unchanged = same_as_newest_backup(source, plan)
        if unchanged is not None:
            return unchanged
    taken = now or datetime.now()
    try:
        folder = backup_folder(plan)
    except OSError as exc:
        where = Path(exc.filename) if exc.filename else user_data_dir() / "backups"
        reason = (exc.strerror or "").lower() or "it could not be made"
        raise StorageUnavailable(f"A backup of the plan could not be made, so nothing was "
                                 f"changed: the backup folder {where} could not be made "
                                 f"({reason}).") from None
    name = f"{plan.stem}-{taken:%Y%m%d-%H%M%S-%f}-{reason}.cutover"
    final = folder / name
    partial = folder / (name + ".partial")
    try:
        destination = sqlite3.connect(partial)
        try:
            destination.execute(f"PRAGMA cache_size = -{COPY_CACHE_KIB}")
            source.backup(destination)
        finally:
            destination.close()
        inspect_plan_file(partial)
        os.replace(partial, final)
        with contextlib.suppress(OSError, NotImplementedError):
            final.chmod(0o600)
    except (OSError, sqlite3.Error, PlanFileError) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        why = ("the copy did not check out as sound" if isinstance(exc, PlanFileError)
               else why_not_written(final, exc))
        raise StorageUnavailable(f"A backup of {plan.name} could not be made, so nothing was "
                                 f"changed: {why}.") from None
    rotate(plan, taken, keep)
    return Backup(final, taken, reason)


def write_backup_through_own_connection(plan: Path, reason: str) -> Backup:
    """`write_backup` from a read-only connection of its own: for another thread, as a
    connection serves only the thread that made it."""
    try:
        source = read_only_connection(plan, COPY_CACHE_KIB)
    except sqlite3.Error:
        raise StorageUnavailable(f"A backup of {plan.name} could not be made, so nothing was "
                                 "changed: the plan could not be read.") from None
    try:
        return write_backup(source, plan, reason)
    finally:
        source.close()


def rotate(plan: Path, now: datetime, also_keep: Path | None = None) -> list[Path]:
    """Keep the newest ten, plus the newest of each of the last eight weeks; delete the rest.

    `also_keep` is spared: the backup being restored must outlive the backup made first.
    """
    backups = list_backups(plan)
    keep = {b.path for b in backups[:KEEP_NEWEST]}
    if also_keep is not None:
        keep.add(also_keep)
    weeks_seen: set[tuple[int, int]] = set()
    horizon = now - timedelta(weeks=KEEP_WEEKS)
    for backup in backups:
        week = backup.taken_at.isocalendar()[:2]
        if backup.taken_at >= horizon and week not in weeks_seen:
            weeks_seen.add(week)
            keep.add(backup.path)
    removed = []
    for backup in backups:
        if backup.path not in keep:
            with contextlib.suppress(OSError):
                backup.path.unlink()
                removed.append(backup.path)
    return removed


def remove_backups(plan: Path) -> int:
    """Delete every backup of a plan (after a purge of patient data); returns how many."""
    removed = 0
    for backup in list_backups(plan):
        with contextlib.suppress(OSError):
            backup.path.unlink()
            removed += 1
    return removed


def restore_backup(backup: Path, plan: Path) -> None:
    """Put a backup in the plan's place. The caller has made a backup of the plan first."""
    inspect_plan_file(backup)
    partial = plan.with_name(plan.name + ".restoring")
    try:
        source = read_only_connection(backup, COPY_CACHE_KIB)
        destination = sqlite3.connect(partial)
        try:
            destination.execute(f"PRAGMA cache_size = -{COPY_CACHE_KIB}")
            source.backup(destination)
        finally:
            destination.close()
            source.close()
        inspect_plan_file(partial)
        os.replace(partial, plan)
        with contextlib.suppress(OSError, NotImplementedError):
            plan.chmod(0o600)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            partial.unlink()
        raise not_restored(plan, backup, exc) from None


def not_restored(plan: Path, backup: Path, error: Exception) -> StorageUnavailable:
    """The refusal when the plan's file cannot be replaced or set aside, saying why."""
    return StorageUnavailable(f"{plan.name} was not restored from {backup.name}: "
                              f"{why_not_written(plan, error)}. Nothing was changed.")


def set_damaged_aside(plan: Path, now: datetime | None = None) -> Path:
    """Rename a damaged plan so a backup can take its place; it is never deleted."""
    stamp = (now or datetime.now()).strftime("%Y%m%d-%H%M%S")
    aside = plan.with_name(f"{plan.stem}.damaged-{stamp}{plan.suffix}")
    os.replace(plan, aside)
    return aside

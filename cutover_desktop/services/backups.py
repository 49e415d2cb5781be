"""Backups as the window and command line see them (the storage layer makes them)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cutover_desktop.storage import backups as stored

__all__ = ["Backup", "list_backups", "newest_good_backup"]


@dataclass(frozen=True)
class Backup:
    """One backup of a plan: where it is, when it was taken and why ('on-open', ...)."""

    path: Path
    taken_at: datetime
    reason: str

    def verifies(self) -> bool:
        """Whether the copy opens as a sound plan (reads the file)."""
        return stored.Backup(self.path, self.taken_at, self.reason).verifies()


def _info(backup: stored.Backup) -> Backup:
    return Backup(backup.path, backup.taken_at, backup.reason)


def list_backups(plan: Path) -> list[Backup]:
    """The plan's backups, newest first."""
    return [_info(b) for b in stored.list_backups(plan)]


def newest_good_backup(plan: Path) -> Backup | None:
    return next((b for b in list_backups(plan) if b.verifies()), None)

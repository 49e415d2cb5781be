"""Backups as the window and command line see them (the storage layer makes them)."""

from __future__ import annotations

from cutover_desktop.storage.backups import Backup, list_backups, newest_good_backup

__all__ = ["Backup", "list_backups", "newest_good_backup"]

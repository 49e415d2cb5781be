"""Reading a plan file for the portfolio without changing anything: no lock, no side files.

A plan someone has open elsewhere is read as it stands on disk. Nothing beside the file is
created or removed: no lock, no journal roll-back, no backup (the normal open does those).
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from cutover_desktop.domain.errors import PlanFileError
from cutover_desktop.storage.database import (
    APPLICATION_ID,
    NewerPlanError,
    PlanBusyError,
    _upgraded_copy_in_memory,
    check_plan_connection,
    check_plan_header,
    open_read_only,
)
from cutover_desktop.storage.lock import current_owner
from cutover_desktop.storage.migrations import schema_version

__all__ = ["NewerPlanError", "PlanBusyError", "lock_holder", "open_snapshot"]


def _side_file(path: Path, suffix: str) -> bool:
    side = path.with_name(path.name + suffix)
    try:
        return side.exists() and side.stat().st_size > 0
    except OSError:
        return False


def open_snapshot(path: Path) -> sqlite3.Connection:
    """Open a plan to read, changing no file: refusals are PlanFileError with one sentence.

    The database check is SQLite's quick check (every page read); the links between records
    are not checked here, as the full open does, because a broken link still reads.

    Raises:
        NewerPlanError: the plan is from a newer version of the program.
        PlanBusyError: a save is under way or was cut short (its journal is beside it).
        PlanFileError: the file is damaged or not a plan.
    """
    name = path.name
    header = check_plan_header(path)
    ours = int.from_bytes(header[68:72], "big") == APPLICATION_ID
    if ours and int.from_bytes(header[60:64], "big") > schema_version():
        raise NewerPlanError(f"{name} was made by a newer version of this program.")
    if _side_file(path, "-journal"):
        raise PlanBusyError(f"{name} is being saved at this moment, or a save was cut short; "
                            "look again shortly, or open it to put it right.")
    if header[18] == 2 and _side_file(path, "-wal"):
        # Reading a WAL database with unsaved pages would write its shared-memory file.
        raise PlanBusyError(f"{name} has changes not yet written into it; open it to read it.")
    conn = open_read_only(path)
    try:
        version = check_plan_connection(conn, name, links=False)
    except PlanFileError:
        conn.close()
        raise
    if version < schema_version():
        conn.close()
        # Upgraded in a copy in memory; the file stays as it is.
        return _upgraded_copy_in_memory(path)
    return conn


def lock_holder(path: Path) -> str:
    """Who has the plan open for writing, in words, or "" when nobody does."""
    owner = current_owner(path)
    return owner.describe() if owner is not None else ""

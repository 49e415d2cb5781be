"""One writer per plan: a lock file beside the plan names who has it open."""

from __future__ import annotations

import contextlib
import json
import os
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import NamedTuple

from cutover_desktop.domain.formatting import local_time_text
from cutover_desktop.storage.repository import os_user


def this_computer() -> str:
    """This computer's name, as socket.gethostname() gives it; socket itself (3 ms and 0.7 MB
    at every start) is loaded only where there is no uname, on Windows."""
    if hasattr(os, "uname"):
        return os.uname().nodename
    import socket

    return socket.gethostname()


class LockOwner(NamedTuple):
    host: str
    user: str
    pid: int
    since: str

    def describe(self) -> str:
        """'j.smith on reception-pc (since Sat 28 Nov 2026 08:15)', in this computer's time."""
        try:
            since = datetime.fromisoformat(self.since)
        except ValueError:  # a lock file written by something else: who is what matters
            return f"{self.user} on {self.host}"
        return f"{self.user} on {self.host} (since {local_time_text(since)})"


def lock_path(plan: Path) -> Path:
    return plan.with_name(plan.name + ".lock")


def _process_alive(pid: int) -> bool:
    if pid <= 0:
        return False
    if sys.platform == "win32":
        # Imported here: only Windows needs it, and starting the program stays quick.
        import psutil

        return bool(psutil.pid_exists(pid))
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def read_owner(plan: Path) -> LockOwner | None:
    try:
        data = json.loads(lock_path(plan).read_text(encoding="utf-8"))
        return LockOwner(str(data["host"]), str(data["user"]), int(data["pid"]),
                         str(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


class PlanLock:
    """Held while a plan is open for writing; released on close.

    A lock left by a crashed program on this computer is cleared safely; one held by a
    program that is still running, or by another computer, is respected.
    """

    def __init__(self, plan: Path) -> None:
        self.plan = plan
        self.path = lock_path(plan)
        self.held = False

    def acquire(self) -> LockOwner | None:
        """Take the lock. Returns None on success, or who holds it."""
        for _attempt in range(3):
            try:
                fd = os.open(self.path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
            except FileExistsError:
                owner = read_owner(self.plan)
                if owner is not None and not self._is_stale(owner):
                    return owner
                if owner is None and self._is_young():
                    # Another program is writing its lock at this moment.
                    return LockOwner("another computer", "someone", 0, "")
                with contextlib.suppress(FileNotFoundError):
                    self.path.unlink()
                continue
            except OSError:
                # A folder we cannot write a lock into: nobody else can either.
                return None
            me = {"host": this_computer(), "user": os_user(), "pid": os.getpid(),
                  "since": datetime.now(UTC).isoformat(timespec="seconds")}
            with os.fdopen(fd, "w", encoding="utf-8") as handle:
                json.dump(me, handle)
            self.held = True
            return None
        return read_owner(self.plan)

    def _is_stale(self, owner: LockOwner) -> bool:
        if owner.host != this_computer():
            return False
        return not _process_alive(owner.pid)

    def _is_young(self) -> bool:
        try:
            age = datetime.now().timestamp() - self.path.stat().st_mtime
        except OSError:
            return False
        return age < 5

    def release(self) -> None:
        if self.held:
            with contextlib.suppress(FileNotFoundError, OSError):
                self.path.unlink()
            self.held = False


def current_owner(plan: Path) -> LockOwner | None:
    """Who has the plan open for writing now, without touching the lock.

    A lock left by a program on this computer that is no longer running counts as nobody's
    (the next open clears it); one from another computer is believed.
    """
    owner = read_owner(plan)
    if owner is None:
        return None
    if owner.host == this_computer() and not _process_alive(owner.pid):
        return None
    return owner

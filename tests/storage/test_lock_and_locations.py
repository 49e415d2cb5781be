"""Whether a lock's program still runs and whether a plan is on a network drive, on Windows
(through psutil, faked here) and elsewhere (the POSIX calls, for real)."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
from pathlib import Path
from types import SimpleNamespace

import psutil
import pytest

from cutover_desktop.storage.locations import _windows_path_is_network, is_network_path
from cutover_desktop.storage.lock import PlanLock, current_owner, lock_path


def leave_lock(plan: Path, pid: int) -> None:
    lock_path(plan).write_text(json.dumps({"host": socket.gethostname(), "user": "pm",
                                           "pid": pid, "since": "2026-11-01T09:00:00"}))


def dead_pid() -> int:
    done = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True)
    return int(done.stdout)


@pytest.fixture
def windows_running_4242(monkeypatch: pytest.MonkeyPatch) -> None:
    """Windows, where the only program running is number 4242."""
    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(psutil, "pid_exists", lambda pid: pid == 4242)


def test_on_windows_a_lock_whose_program_runs_is_respected(tmp_path: Path,
                                                           windows_running_4242: None) -> None:
    plan = tmp_path / "p.cutover"
    leave_lock(plan, 4242)
    owner = current_owner(plan)
    assert owner is not None and owner.pid == 4242
    assert PlanLock(plan).acquire() == owner


def test_on_windows_a_lock_whose_program_ended_is_cleared(tmp_path: Path,
                                                          windows_running_4242: None) -> None:
    plan = tmp_path / "p.cutover"
    leave_lock(plan, 4243)
    assert current_owner(plan) is None
    lock = PlanLock(plan)
    assert lock.acquire() is None
    assert json.loads(lock_path(plan).read_text())["pid"] == os.getpid()
    lock.release()


@pytest.mark.skipif(sys.platform == "win32", reason="the POSIX check")
def test_elsewhere_the_lock_check_asks_the_system_not_psutil(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def unused(pid: int) -> bool:
        raise AssertionError("psutil is for Windows only")

    monkeypatch.setattr(psutil, "pid_exists", unused)
    plan = tmp_path / "p.cutover"
    leave_lock(plan, os.getpid())
    assert current_owner(plan) is not None
    leave_lock(plan, dead_pid())
    assert current_owner(plan) is None
    leave_lock(plan, 0)
    assert current_owner(plan) is None


def drives(*found: tuple[str, str]) -> list[SimpleNamespace]:
    return [SimpleNamespace(device=root, mountpoint=root, fstype="NTFS" if "fixed" in opts else "",
                            opts=opts) for root, opts in found]


def test_on_windows_mapped_network_drives_and_shares_are_network(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(psutil, "disk_partitions",
                        lambda all=False: drives(("C:\\", "rw,fixed"), ("Z:\\", "rw,remote")))
    assert _windows_path_is_network("Z:\\Plans\\surgery.cutover")
    assert _windows_path_is_network("z:\\Plans\\surgery.cutover")
    assert _windows_path_is_network("\\\\fileserver\\practice\\surgery.cutover")
    assert not _windows_path_is_network("C:\\Users\\pm\\surgery.cutover")
    # A drive letter psutil does not list (a removed USB stick) is not a network drive.
    assert not _windows_path_is_network("E:\\surgery.cutover")


def test_on_windows_is_network_path_uses_the_drive_check(tmp_path: Path,
                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    checked: list[str] = []

    def partitions(all: bool = False) -> list[SimpleNamespace]:
        checked.append("asked")
        return drives((str(tmp_path.resolve())[:3], "rw,remote"))

    monkeypatch.setattr(sys, "platform", "win32")
    monkeypatch.setattr(psutil, "disk_partitions", partitions)
    assert is_network_path(tmp_path / "p.cutover")
    assert checked


def test_who_has_a_plan_open_reads_in_uk_local_time(london_time: None) -> None:
    from cutover_desktop.storage.lock import LockOwner

    summer = LockOwner("reception-pc", "j.smith", 4242, "2026-06-01T08:15:00+00:00")
    assert summer.describe() == "j.smith on reception-pc (since Mon 1 Jun 2026 09:15)"
    winter = LockOwner("reception-pc", "j.smith", 4242, "2026-11-28T08:15:00+00:00")
    assert winter.describe() == "j.smith on reception-pc (since Sat 28 Nov 2026 08:15)"
    # A lock file written by hand with no readable time still names who has the plan.
    assert LockOwner("pc", "sam", 1, "soon").describe() == "sam on pc"

"""Killing the program mid-write never damages the plan or loses a saved edit."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.plan_files import open_plan

# About 140 s: run by CI and the README's test command, left out of `-m "not slow"`.
pytestmark = pytest.mark.slow

KILLS = int(os.environ.get("CUTOVER_CRASH_KILLS", "200"))
CHILD = Path(__file__).with_name("crash_child.py")
ROOT = Path(__file__).resolve().parents[2]


def _run_and_kill(plan: Path, first: int, rng: random.Random) -> list[int]:
    child = subprocess.Popen([sys.executable, str(CHILD), str(plan), str(first)],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                             cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert child.stdout is not None
    line = child.stdout.readline()
    assert line.strip() == "ready", child.stderr.read() if child.stderr else line
    time.sleep(rng.uniform(0.0, 0.5))
    child.send_signal(signal.SIGKILL)
    output, _errors = child.communicate()
    return [int(text.split()[1]) for text in output.splitlines() if text.startswith("done ")]


def test_the_plan_survives_being_killed_mid_write(plan_file: Path) -> None:
    rng = random.Random(20261128)
    saved: list[int] = []
    next_number = 0
    kills = 0
    # At least KILLS kills and a few thousand edits, however fast this machine is today.
    while kills < KILLS or (len(saved) < 10 * KILLS and kills < 3 * KILLS):
        kills += 1
        saved += _run_and_kill(plan_file, next_number, rng)
        next_number = (max(saved) + 1 if saved else next_number) + 1
        service = open_plan(plan_file, backup=False)
        try:
            assert service.integrity_problems() == []
            chain = service.verify_audit_chain()
            assert chain.ok, chain.problem
            statuses = {task.title: task.status for task in service.state.tasks.values()}
        finally:
            service.close()
        missing = [n for n in saved if f"crash edit {n}" not in statuses]
        assert missing == [], f"saved edits lost after a kill: {missing[:5]}"
        # Each reported edit is an add and then a status change: both must be there.
        unstarted = [n for n in saved if statuses[f"crash edit {n}"] is not TaskStatus.IN_PROGRESS]
        assert unstarted == [], f"status changes lost after a kill: {unstarted[:5]}"
    assert len(saved) >= 10 * KILLS, "too few edits were made to test anything"
    result = subprocess.run([sys.executable, "-m", "cutover_desktop", "check", str(plan_file)],
                            capture_output=True, text=True, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    print(f"\ncrash test: {kills} kills survived, {len(saved)} saved edits checked")


_HALF_WRITE = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA journal_mode = DELETE")
# A one-page cache spills changed pages into the file before commit, as a big edit would.
conn.execute("PRAGMA cache_size = 1")
conn.execute("BEGIN IMMEDIATE")
conn.execute("UPDATE tasks SET title = 'half-written', notes = hex(randomblob(300))")
print("ready", flush=True)
time.sleep(60)
"""


def test_a_plan_killed_inside_a_transaction_opens_as_it_was(plan_file: Path) -> None:
    child = subprocess.Popen([sys.executable, "-c", _HALF_WRITE, str(plan_file)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    journal = plan_file.with_name(plan_file.name + "-journal")
    assert journal.exists() and journal.stat().st_size > 0, "no hot journal was left behind"
    service = open_plan(plan_file, backup=False)
    try:
        titles = {task.title for task in service.state.tasks.values()}
        assert "half-written" not in titles
        assert len(titles) > 50
        assert service.integrity_problems() == []
    finally:
        service.close()


def test_a_plan_killed_while_its_file_grows_opens_as_it_was(plan_file: Path) -> None:
    # A kill in the middle of a save can leave the file ragged (its last page part-written)
    # beside the journal that puts it back: that is a save to roll back, not damage.
    before = plan_file.stat().st_size
    child = subprocess.Popen([sys.executable, "-c", _HALF_WRITE, str(plan_file)],
                             stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "ready"
    child.send_signal(signal.SIGKILL)
    child.wait()
    grown = plan_file.stat().st_size
    assert grown > before + 4096, "the half-written save did not grow the file"
    os.truncate(plan_file, grown - 1000)
    service = open_plan(plan_file, backup=False)
    try:
        titles = {task.title for task in service.state.tasks.values()}
        assert "half-written" not in titles and len(titles) > 50
        assert service.integrity_problems() == []
    finally:
        service.close()
    assert plan_file.stat().st_size == before

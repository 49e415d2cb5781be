"""Times verifying the audit chain of a plan file with 100,000 entries, beside baselines.

Run from the repository root:  .venv/bin/python benchmarks/bench_audit.py [--repeat N]
Prints one table; every figure is the median of N runs (default 5) in milliseconds. The goal
is verifying 100,000 entries in under a second.
"""

from __future__ import annotations

import argparse
import json
import random
import sqlite3
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cutover_desktop.domain.canonical import canonical  # noqa: E402
from cutover_desktop.domain.changes import to_jsonable  # noqa: E402
from cutover_desktop.domain.model import TaskStatus  # noqa: E402
from cutover_desktop.services.plan_files import create_plan, open_plan  # noqa: E402
from cutover_desktop.storage.repository import (  # noqa: E402
    GENESIS_HASH,
    AuditEntry,
    entry_hash,
)
from tests.conftest import TODAY, riverside  # noqa: E402

ENTRIES = 100_000
GOAL_MS = 1000.0


def timed(action: Callable[[], object], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def make_plan(path: Path, entries: int) -> None:
    """A real plan file, then audit entries appended as the program writes them: each a task
    edit with its whole before and after (about 1.3 KB of JSON per entry)."""
    service = create_plan(path, riverside(), today=lambda: TODAY)
    tasks = list(service.state.tasks.values())
    service.close()
    conn = sqlite3.connect(path)
    last_id, prev = conn.execute("SELECT last_id, last_hash FROM audit_head").fetchone()
    rng = random.Random(1)
    moment = datetime(2026, 11, 28, 9, tzinfo=UTC)
    rows = []
    statuses = list(TaskStatus)
    for number in range(last_id + 1, last_id + 1 + entries - last_id):
        task = rng.choice(tasks)
        after = replace(task, status=rng.choice(statuses), notes=f"Edit {number}")
        moment += timedelta(seconds=rng.randint(1, 90))
        content = {"id": number, "at": moment.isoformat(timespec="milliseconds"),
                   "os_user": "pm", "action": f"Edit task “{task.title}”", "entity": "task",
                   "entity_key": str(task.id), "before": canonical(to_jsonable(task)),
                   "after": canonical(to_jsonable(after)), "prev_hash": prev}
        prev = entry_hash(content)
        rows.append((*content.values(), prev))
    conn.executemany("INSERT INTO audit (id, at, os_user, action, entity, entity_key, before, "
                     "after, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    conn.execute("UPDATE audit_head SET last_id = ?, last_hash = ?", [entries, prev])
    conn.commit()
    conn.close()


def read_only(path: Path) -> Callable[[], object]:
    """Baseline: only reading every row (no hashing); the floor for any check."""
    def run() -> object:
        conn = sqlite3.connect(path)
        count = sum(1 for _ in conn.execute(
            "SELECT id, at, os_user, action, entity, entity_key, before, after, prev_hash, "
            "hash FROM audit ORDER BY id"))
        conn.close()
        return count
    return run


def straightforward(path: Path) -> Callable[[], object]:
    """Baseline: the first version of the check (a dataclass and json.dumps per entry)."""
    def run() -> object:
        conn = sqlite3.connect(path)
        prev, expected = GENESIS_HASH, 1
        for row in conn.execute("SELECT id, at, os_user, action, entity, entity_key, before, "
                                "after, prev_hash, hash FROM audit ORDER BY id"):
            entry = AuditEntry(*row)
            assert entry.id == expected and entry.prev_hash == prev
            assert entry_hash(entry.content()) == entry.hash
            prev, expected = entry.hash, expected + 1
        conn.close()
        return expected
    return run


def hashing_only(path: Path) -> Callable[[], object]:
    """Baseline: SHA-256 of each entry's stored text, no encoding (the hashing floor)."""
    def run() -> object:
        import hashlib
        conn = sqlite3.connect(path)
        for row in conn.execute("SELECT before, after FROM audit"):
            hashlib.sha256(((row[0] or "") + (row[1] or "")).encode()).hexdigest()
        conn.close()
        return None
    return run


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--entries", type=int, default=ENTRIES)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "audit.cutover"
        make_plan(path, args.entries)
        size_mb = path.stat().st_size / 1e6
        service = open_plan(path, read_only=True)
        check = service.verify_audit_chain()
        assert check.ok and check.entries == args.entries, check
        program = timed(service.verify_audit_chain, args.repeat)
        service.close()
        rows = [
            ("verify_audit_chain (the program's check)", program),
            ("baseline: read every row, no hashing", timed(read_only(path), args.repeat)),
            ("baseline: SHA-256 of the stored text only", timed(hashing_only(path), args.repeat)),
            ("baseline: first version (json.dumps per entry)",
             timed(straightforward(path), args.repeat)),
        ]
    print(f"Audit chain benchmark: {args.entries:,} entries, {size_mb:.0f} MB file "
          f"(median of {args.repeat} runs, milliseconds)")
    print("-" * 64)
    for label, ms in rows:
        print(f"{label:<50}{ms:>12.1f}")
    print("-" * 64)
    verdict = "meets" if program < GOAL_MS else "MISSES"
    print(f"The check {verdict} the goal of {GOAL_MS:.0f} ms for {args.entries:,} entries.")
    print(json.dumps({"verify_ms": round(program, 1)}))
    return 0 if program < GOAL_MS else 1


if __name__ == "__main__":
    raise SystemExit(main())

"""A write that fails for want of space leaves the plan exactly as it was and says so."""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

_CHILD = """
import resource, signal, sys
from pathlib import Path
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import StorageUnavailable
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.plan_files import open_plan

path = Path(sys.argv[1])
service = open_plan(path, backup=False)
before = service.state
phase = service.details.phases[0]
# Over the limit, the kernel refuses the write (EFBIG) instead of killing us (SIGXFSZ).
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
size = path.stat().st_size
resource.setrlimit(resource.RLIMIT_FSIZE, (size + 4096, resource.RLIM_INFINITY))
big = [service.new_task(f"bulky task {n}", phase, notes="x" * 4000) for n in range(60)]
big = [task.with_changes(id=task.id + n) for n, task in enumerate(big)]
try:
    service.apply(Changes("Import 60 tasks", tuple(EntityChange(None, t) for t in big)))
except StorageUnavailable as exc:
    print("refused:", exc.message)
else:
    print("no error")
print("state unchanged:", service.state is before)
print("undo available:", service.undo_status().undo_label)
# Still usable: a small edit that fits.
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
service.set_status([next(iter(service.state.tasks))], TaskStatus.DONE)
print("after:", len(service.state.tasks))
service.close()
"""


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_is_reported_and_the_program_stays_usable(plan_file: Path) -> None:
    result = subprocess.run([sys.executable, "-c", _CHILD, str(plan_file)], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("refused: The disk is full") or \
        lines[0].startswith("refused: The disk could not be written"), lines
    assert "state unchanged: True" in lines
    assert "undo available: None" in lines
    assert "after: 77" in lines
    journal = plan_file.with_name(plan_file.name + "-journal")
    assert not journal.exists()
    # Everything up to the refused action is as it was; only the later small edit differs.
    from cutover_desktop.services.plan_files import open_plan

    service = open_plan(plan_file, backup=False)
    try:
        assert len(service.state.tasks) == 77
        assert not any(t.title.startswith("bulky") for t in service.state.tasks.values())
        assert service.verify_audit_chain().ok
    finally:
        service.close()


@pytest.mark.skipif(sys.platform == "win32", reason="RLIMIT_FSIZE is POSIX")
def test_disk_full_leaves_the_file_byte_for_byte_unchanged(plan_file: Path) -> None:
    digest = hashlib.sha256(plan_file.read_bytes()).hexdigest()
    child = _CHILD.split("# Still usable")[0] + "service.close()\n"
    result = subprocess.run([sys.executable, "-c", child, str(plan_file)], capture_output=True,
                            text=True, cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("refused:")
    assert hashlib.sha256(plan_file.read_bytes()).hexdigest() == digest

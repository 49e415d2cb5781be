"""Starting the program on a plan loads what showing the plan needs and nothing else: no
command line, no file formats, no schema tools, no OpenSSL. Each of those costs start-up time
and memory (benchmarks/bench_launch.py) and is loaded when first used."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

# Started as the program starts, then closed once the plan has settled on screen.
START = """
import json, sys
from cutover_desktop import app

real = app.install_error_handler

def quit_once_settled():
    real()
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication
    QTimer.singleShot(1500, QApplication.quit)

app.install_error_handler = quit_once_settled
status = app.run_gui([sys.argv[1]])
print(json.dumps({"status": status, "loaded": sorted(sys.modules)}))
"""
NOT_AT_START = ("cutover_desktop.cli", "sqlite_utils", "holidays", "dateutil", "openpyxl",
                "defusedxml", "icalendar", "click", "pluggy", "importlib.metadata",
                # hashlib brings OpenSSL (3.3 MB); the others are loaded at first use.
                "hashlib", "_hashlib", "html", "calendar",
                # Windows has no uname: the lock file's computer name comes from socket there.
                *(("socket",) if hasattr(os, "uname") else ()))


def _start(plan: Path, data: Path) -> list[str]:
    env = {**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(data), "QT_QPA_PLATFORM": "offscreen"}
    done = subprocess.run([sys.executable, "-c", START, str(plan)], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.strip().splitlines()[-1])
    assert result["status"] == 0
    return result["loaded"]


def test_a_start_on_a_plan_loads_none_of_what_only_other_work_needs(
        plan_file: Path, tmp_path: Path) -> None:
    data = tmp_path / "data"
    _start(plan_file, data)  # the first start keeps the bank holidays for the next
    loaded = _start(plan_file, data)
    assert "cutover_desktop.ui.main_window" in loaded
    unwanted = [name for name in loaded
                if any(name == top or name.startswith(top + ".") for top in NOT_AT_START)]
    assert unwanted == []


REGISTERS = ("cutover_desktop.domain.registers", "cutover_desktop.storage.registers_tables")


def test_a_plan_with_no_register_entries_never_loads_the_registers(
        plan_file: Path, tmp_path: Path) -> None:
    loaded = _start(plan_file, tmp_path / "data")
    assert "cutover_desktop.ui.main_window" in loaded
    assert [name for name in REGISTERS if name in loaded] == []


# In a fresh process, where nothing has loaded the registers yet.
FIRST_LINK = """
import json, sys
from datetime import date
from cutover_desktop.services.plan_files import open_plan
today = lambda: date.fromisoformat(sys.argv[2])
from pathlib import Path
plan = Path(sys.argv[1])
service = open_plan(plan, today=today, backup=False)
before = sorted(m for m in sys.modules if "registers" in m)
from cutover_desktop.services.registers import RegistersService
RegistersService(service).add_link("Pathology results", 3)
service.close()
again = open_plan(plan, today=today, backup=False)
links = [link.name for link in again.state.table("third_party_link").values()]
print(json.dumps({"before": before, "links": links}))
"""


def _in_a_fresh_process(script: str, plan: Path, data: Path) -> dict[str, list[str]]:
    """What `script` prints as JSON on its last line, run on the plan (and TODAY)."""
    from tests.conftest import TODAY

    env = {**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(data)}
    done = subprocess.run([sys.executable, "-c", script, str(plan), TODAY.isoformat()],
                          env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr[-2000:]
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_the_first_register_entry_of_a_plan_is_kept_though_the_registers_were_not_loaded(
        plan_file: Path, tmp_path: Path) -> None:
    result = _in_a_fresh_process(FIRST_LINK, plan_file, tmp_path / "data")
    assert result["before"] == []
    assert result["links"] == ["Pathology results"]


def test_a_plan_with_a_register_entry_loads_the_registers(
        plan_file: Path, tmp_path: Path) -> None:
    from cutover_desktop.services.plan_files import open_plan
    from cutover_desktop.services.registers import RegistersService
    from tests.conftest import TODAY

    service = open_plan(plan_file, today=lambda: TODAY, backup=False)
    try:
        RegistersService(service).add_link("Pathology results", 3)
    finally:
        service.close()
    loaded = _start(plan_file, tmp_path / "data")
    assert all(name in loaded for name in REGISTERS)


# In a fresh process: an edit that is not to a register leaves the registers unloaded, and a
# plan read on another thread meanwhile (the portfolio does) is not upset when an entry's
# mapping loads.
EDITS = """
import json, shutil, sys, threading
from datetime import date
from pathlib import Path
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.plan_files import open_plan
today = lambda: date.fromisoformat(sys.argv[2])
plan = Path(sys.argv[1])
other = plan.with_name("other.cutover")
shutil.copy(plan, other)
service = open_plan(plan, today=today, backup=False)
service.set_status([service.state.ordered_tasks()[0].id], TaskStatus.DONE)
after_edit = sorted(m for m in sys.modules if "registers" in m)
problems, reading = [], threading.Event()
def read_again_and_again():
    reader = open_plan(other, today=today, read_only=True, backup=False)
    try:
        reading.set()
        for _ in range(300):
            reader._repo.load_tables()
    except Exception as exc:
        problems.append(repr(exc))
    finally:
        reader.close()
worker = threading.Thread(target=read_again_and_again)
worker.start()
reading.wait()
from cutover_desktop.services.registers import RegistersService
RegistersService(service).add_link("Pathology results", 3)
worker.join()
service.close()
print(json.dumps({"after_edit": after_edit, "problems": problems}))
"""


def test_an_edit_elsewhere_leaves_the_registers_unloaded_and_a_reader_elsewhere_unharmed(
        plan_file: Path, tmp_path: Path) -> None:
    result = _in_a_fresh_process(EDITS, plan_file, tmp_path / "data")
    assert result["after_edit"] == []
    assert result["problems"] == []

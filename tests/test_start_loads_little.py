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

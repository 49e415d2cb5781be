"""Every window and dialog fits a 1280x800 laptop at 100% and a 1600x1000 one at 150%, with
no button or label cut short (the program's own look, in a fresh process per screen)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TASKBAR = 48  # physical pixels the system keeps for itself


@pytest.mark.slow  # every window and dialog, opened at two screen sizes (about 11 s)
@pytest.mark.parametrize(("width", "height", "scale"), [(1280, 800, 1.0), (1600, 1000, 1.5)])
def test_every_window_and_dialog_fits_the_screen(tmp_path: Path, width: int, height: int,
                                                 scale: float) -> None:
    screen = {"name": "laptop", "x": 0, "y": 0, "width": round(width / scale),
              "height": round((height - TASKBAR) / scale), "logicalDpi": 96,
              "logicalBaseDpi": 96, "dpr": scale}
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [screen]}), encoding="utf-8")
    env = dict(os.environ, QT_QPA_PLATFORM=f"offscreen:configfile={config}",
               CUTOVER_DESKTOP_DATA_DIR=str(tmp_path / "data"))
    done = subprocess.run([sys.executable, "-m", "tests.ui.fit_check"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=300, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == ""

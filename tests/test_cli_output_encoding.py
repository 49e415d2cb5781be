"""Output sent to a file or a pipe whose encoding cannot hold every character (Windows writes
a redirected `show > plan.txt` in cp1252) is written whole, not ended by the bug message."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from cutover_desktop.services.plan_files import create_plan
from tests.conftest import TODAY, riverside

ROOT = Path(__file__).resolve().parent.parent


def test_show_into_a_file_in_a_narrow_encoding_writes_every_line(tmp_path: Path) -> None:
    plan = tmp_path / "riverside.cutover"
    create_plan(plan, riverside(), today=lambda: TODAY).close()
    env = {**os.environ, "PYTHONIOENCODING": "cp1252"}
    env.pop("PYTHONUTF8", None)
    result = subprocess.run([sys.executable, "-m", "cutover_desktop", "show", str(plan)],
                            capture_output=True, cwd=ROOT, timeout=120, env=env)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    assert result.stderr == b""
    text = result.stdout.decode("utf-8")
    assert "Riverside" in text and "Key dates" in text and "Needs attention" in text
    assert "\u2212" in text  # the minus sign of "−7 days", which cp1252 cannot hold

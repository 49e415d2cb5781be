"""The entry point: commands go to the command line, files and nothing else to the window."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from cutover_desktop.__main__ import _wants_command_line


def test_a_mistyped_command_gets_one_sentence_not_a_window() -> None:
    result = subprocess.run([sys.executable, "-m", "cutover_desktop", "frobnicate", "x.cutover"],
                            capture_output=True, text=True)
    assert result.returncode != 0
    assert "invalid choice: 'frobnicate'" in result.stderr
    assert "Traceback" not in result.stderr and "usage:" not in result.stderr


def test_files_and_no_arguments_open_the_window(tmp_path: Path) -> None:
    assert not _wants_command_line([])
    assert not _wants_command_line([str(tmp_path / "plan.cutover")])
    assert not _wants_command_line(["--smoke-test"])
    assert _wants_command_line(["show", "plan.cutover"])
    assert _wants_command_line(["--version"])


def test_the_smoke_test_builds_the_window_offscreen() -> None:
    result = subprocess.run([sys.executable, "-m", "cutover_desktop", "--smoke-test"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "smoke test passed, 77 tasks" in result.stdout

"""The entry point: commands go to the command line, files and nothing else to the window."""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

import pytest

from cutover_desktop.__main__ import _wants_command_line
from tests.conftest import make_schema_version_1


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


def test_every_command_the_command_line_knows_goes_to_the_command_line() -> None:
    from cutover_desktop.cli import build_parser

    parser = build_parser()
    commands = next(action for action in parser._actions
                    if isinstance(action, argparse._SubParsersAction)).choices
    for name in commands:
        assert _wants_command_line([name, "riverside.cutover"]), name


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_the_smoke_test_builds_the_window_offscreen() -> None:
    result = subprocess.run([sys.executable, "-m", "cutover_desktop", "--smoke-test"],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "smoke test passed, 77 tasks" in result.stdout


def _run(*args: str, env_dir: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run([sys.executable, "-m", "cutover_desktop", *args], capture_output=True,
                          text=True, env={**os.environ, "CUTOVER_DESKTOP_DATA_DIR": str(env_dir)})


@pytest.mark.slow  # a program run per case: CI runs it, `-m "not slow"` leaves it out
def test_errors_are_one_plain_sentence(plan_file: Path, tmp_path: Path) -> None:
    bad_xlsx = tmp_path / "bad.xlsx"
    bad_xlsx.write_bytes(b"PK\x03\x04 not really a workbook")
    cases = [
        (("print-day", str(plan_file), "--date", "2027-03-15", "--out",
          str(tmp_path / "missing" / "day.pdf")), "does not exist"),
        (("new", str(tmp_path / "n.cutover"), "--practice", "X", "--ods", "A81001",
          "--go-live", "2027-03-16", "--template", str(tmp_path / "none.json")),
         "There is no template file called none.json"),
        (("import", str(plan_file), str(bad_xlsx)), "is not an Excel workbook"),
        (("show", str(tmp_path / "nofile.cutover")), "There is no file called nofile.cutover"),
    ]
    for args, expected in cases:
        result = _run(*args, env_dir=tmp_path)
        assert result.returncode != 0, args
        lines = [line for line in result.stderr.splitlines() if line.strip()]
        assert len(lines) == 1, result.stderr
        assert expected in lines[0], lines[0]
        assert "Errno" not in lines[0] and "Error)" not in lines[0] and ".." not in lines[0]


def test_a_plan_from_an_older_version_can_be_read_without_changing_it(plan_file: Path,
                                                                       tmp_path: Path) -> None:
    import hashlib

    make_schema_version_1(plan_file)
    digest = hashlib.sha256(plan_file.read_bytes()).hexdigest()
    result = _run("show", str(plan_file), env_dir=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "Riverside Surgery" in result.stdout
    assert hashlib.sha256(plan_file.read_bytes()).hexdigest() == digest
    # Opened for writing, it is upgraded in place, after a backup.
    from cutover_desktop.services.backups import list_backups
    from cutover_desktop.services.plan_files import open_plan
    from cutover_desktop.storage.migrations import schema_version

    service = open_plan(plan_file)
    try:
        assert service.schema_version() == schema_version()
    finally:
        service.close()
    assert any(b.reason == "before-upgrade" for b in list_backups(plan_file))

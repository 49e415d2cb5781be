"""Restore from backup: the list shows at once, each backup is checked off the GUI thread, and
a damaged one cannot be chosen."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import QThreadPool

from cutover_desktop.services.backups import Backup, list_backups
from cutover_desktop.services.plan_files import create_plan, open_plan
from cutover_desktop.ui.background import wait_for_background
from cutover_desktop.ui.dialogs.restore_dialog import RestoreDialog
from cutover_desktop.ui.main_window import MainWindow
from tests.conftest import TODAY, riverside


def test_backups_are_checked_in_the_background_and_a_damaged_one_cannot_be_chosen(
        qtbot, tmp_path: Path) -> None:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: TODAY)
    try:
        plan.backup_now("manual")
        plan.backup_now("manual")
    finally:
        plan.close()
    newest = list_backups(path)[0]
    newest.path.write_bytes(b"not a plan")
    dialog = RestoreDialog(path)
    qtbot.addWidget(dialog)
    assert dialog.list.count() == len(list_backups(path)) >= 2
    qtbot.waitUntil(lambda: dialog.checked, timeout=30_000)
    assert dialog.list.item(0).text().startswith("✗ ")
    assert "damaged, cannot be used" in dialog.list.item(0).text()
    assert dialog.list.item(1).text().startswith("✓ ")
    chosen = dialog.chosen()
    assert chosen is not None and chosen.path != newest.path


def _plan_with_backups(tmp_path: Path, count: int) -> Path:
    path = tmp_path / "plan.cutover"
    plan = create_plan(path, riverside(), today=lambda: TODAY)
    try:
        for _ in range(count):
            plan.backup_now("manual")
    finally:
        plan.close()
    return path


def _slow_checks(monkeypatch, seconds: float) -> list[Path]:
    """Each backup check takes `seconds`; returns the backups read so far."""
    read: list[Path] = []

    def slow_verifies(backup: Backup) -> bool:
        read.append(backup.path)
        time.sleep(seconds)
        return True

    monkeypatch.setattr(Backup, "verifies", slow_verifies)
    return read


def test_closing_the_dialog_stops_its_check_and_nothing_is_left_running(
        qtbot, tmp_path: Path, monkeypatch) -> None:
    path = _plan_with_backups(tmp_path, 4)
    read = _slow_checks(monkeypatch, 0.3)
    dialog = RestoreDialog(path)
    dialog.show()
    qtbot.waitUntil(lambda: len(read) == 1, timeout=5_000)
    dialog.reject()
    dialog.deleteLater()
    qtbot.wait(50)  # the dialog is gone while its check is still reading a backup
    assert wait_for_background(5_000)
    qtbot.wait(50)  # a late answer would arrive now, for a dialog that no longer exists
    assert len(read) < len(list_backups(path))  # the check stopped, not read to the end
    assert QThreadPool.globalInstance().activeThreadCount() == 0


def test_closing_the_window_with_a_check_in_flight_waits_for_it(
        qtbot, settings, plan_file: Path, monkeypatch) -> None:
    open_plan(plan_file, today=lambda: TODAY).close()  # an on-open backup to check
    read = _slow_checks(monkeypatch, 0.5)
    window = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    assert window.open_plan_file(plan_file)
    window.choose_backup_to_restore()
    qtbot.waitUntil(lambda: len(read) == 1, timeout=5_000)
    window.close()
    assert QThreadPool.globalInstance().activeThreadCount() == 0

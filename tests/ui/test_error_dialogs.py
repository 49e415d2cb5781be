"""What the practice manager sees when something goes wrong: plain words, nothing half-done."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QApplication, QMessageBox

from cutover_desktop.app import install_error_handler
from cutover_desktop.paths import log_path
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from tests.conftest import TODAY


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    return main


def _visible_boxes() -> list[QMessageBox]:
    return [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
            and w.isVisible()]


def test_a_full_disk_is_reported_and_the_plan_stays_as_it_was(
        window: MainWindow, plan_file: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    window.open_plan_file(plan_file)
    service = window.session.service  # type: ignore[union-attr]
    before = service.state
    task_id = next(iter(service.state.tasks))

    def disk_full(*_args: object, **_kwargs: object) -> None:
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(service._repo, "apply", disk_full)  # noqa: SLF001 - simulate the disk
    window.session.edit(service.move_task, task_id, 3)  # type: ignore[union-attr]
    assert "disk is full" in window.last_message
    assert service.state is before
    assert not window.undo_action.isEnabled()
    boxes = [b for b in window.findChildren(QMessageBox) if b.isVisible()]
    assert boxes and "Free some space" in boxes[-1].text()
    monkeypatch.undo()
    # Still usable once there is room again.
    window.session.edit(service.move_task, task_id, 3)  # type: ignore[union-attr]
    assert service.state is not before


def test_a_plan_on_a_network_drive_says_so(window: MainWindow, plan_file: Path,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    import cutover_desktop.services.plan_files as plan_files

    monkeypatch.setattr(plan_files, "is_network_path", lambda _path: True)
    window.open_plan_file(plan_file)
    assert window.notice_label.isVisible()
    assert "network drive" in window.notice_label.text()
    assert window.session is not None and not window.session.service.read_only


def test_a_newer_plan_is_refused_in_plain_words(window: MainWindow, plan_file: Path) -> None:
    conn = sqlite3.connect(plan_file)
    conn.execute("PRAGMA user_version = 999")
    conn.commit()
    conn.close()
    data = plan_file.read_bytes()
    assert not window.open_plan_file(plan_file)
    assert "newer version of this program" in window.last_message
    assert plan_file.read_bytes() == data


def test_a_bug_shows_a_plain_dialog_and_goes_to_the_log(qtbot, monkeypatch) -> None:
    import logging

    handler = logging.FileHandler(log_path(), encoding="utf-8")
    logging.getLogger().addHandler(handler)
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    try:
        install_error_handler()
        try:
            raise RuntimeError("a deliberate fault for the test")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        logging.getLogger().removeHandler(handler)
        handler.close()
    boxes = [b for b in _visible_boxes() if b.windowTitle() == "Something went wrong"]
    assert boxes
    text = boxes[-1].text()
    assert "Traceback" not in text and "RuntimeError" not in text
    assert str(log_path()) in text
    logged = log_path().read_text(encoding="utf-8")
    assert "a deliberate fault for the test" in logged and "Traceback" in logged
    for box in boxes:
        box.close()

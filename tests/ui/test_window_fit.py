"""The main window stays on the screen: long undo text, first start, and remembered places."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QRect
from PySide6.QtGui import QGuiApplication

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from cutover_desktop.ui.window_fit import first_geometry
from tests.conftest import TODAY

LONG_TITLE = ("Check the practice's appointment templates against the new system's slot types "
              * 4)[:300]


def _button_places(window: MainWindow) -> dict[str, QRect]:
    return {action.objectName() or action.toolTip(): window.toolbar.actionGeometry(action)
            for action in (window.new_task_action, window.zoom_in_action,
                           window.zoom_out_action, window.go_today_action)}


def test_a_300_character_title_does_not_widen_the_toolbar(window: MainWindow, plan_file: Path,
                                                          qtbot) -> None:
    window.open_plan_file(plan_file)
    assert window.session is not None
    service = window.session.service
    places = _button_places(window)
    width = window.width()
    task = service.task(TaskId(1))
    window.session.edit(service.update_task, task.with_changes(title=LONG_TITLE))
    qtbot.wait(10)
    assert window.undo_action.isEnabled()
    assert len(window.undo_action.text()) < 60
    assert window.undo_action.text().endswith("…")
    assert window.undo_action.iconText().endswith("…")  # what the button shows
    assert LONG_TITLE in window.undo_action.toolTip()  # the whole edit is still there to read
    assert window.width() == width
    assert _button_places(window) == places  # nothing jumps sideways
    toolbar_right = window.toolbar.mapTo(window, window.toolbar.rect().topRight()).x()
    for action in (window.redo_action, window.new_task_action, window.zoom_in_action,
                   window.zoom_out_action, window.go_today_action):
        place = window.toolbar.actionGeometry(action)
        assert place.isValid() and place.right() <= toolbar_right  # not pushed off the end
    window.undo_action.trigger()
    assert window.redo_action.iconText().endswith("…")
    assert _button_places(window) == places


@pytest.mark.parametrize(("screen", "scale"), [((1280, 800), 1.0), ((1600, 1000), 1.5)])
def test_the_first_window_fits_the_screen(screen: tuple[int, int], scale: float) -> None:
    # The free area in logical pixels, less a 48-pixel taskbar.
    width, height = round(screen[0] / scale), round((screen[1] - 48) / scale)
    available = QRect(0, 0, width, height)
    placed = first_geometry(available)
    assert available.contains(placed)
    assert placed.width() >= width * 0.9 and placed.height() >= height * 0.85


def test_the_window_opens_inside_this_screen_and_remembers_its_place(
        qtbot, settings: UiSettings) -> None:
    first = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(first)
    screen = (first.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert screen.contains(first.geometry())
    first.setGeometry(screen.x() + 10, screen.y() + 20, 700, 500)
    first.close()
    again = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(again)
    assert (again.width(), again.height()) == (700, 500)


def test_a_remembered_place_off_the_screen_is_brought_back(qtbot, settings: UiSettings) -> None:
    first = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(first)
    first.setGeometry(5000, 4000, 900, 600)
    first.close()
    again = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(again)
    screen = (again.screen() or QGuiApplication.primaryScreen()).availableGeometry()
    assert screen.contains(again.geometry())


def test_closing_the_window_writes_its_place_to_disk_for_the_next_start(
        qtbot, tmp_path) -> None:
    from PySide6.QtCore import QSettings

    path = tmp_path / "settings.ini"
    first = MainWindow(UiSettings(QSettings(str(path), QSettings.Format.IniFormat)),
                       today=lambda: TODAY)
    qtbot.addWidget(first)
    first.close()
    # Read as the next start would, from the file itself, not Qt's copy in memory.
    written = path.read_text(encoding="utf-8")
    assert "geometry=" in written and "state=" in written

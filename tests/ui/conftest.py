"""Fixtures the window tests share: settings of their own, and a main window shown on them."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings

from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from tests.conftest import TODAY


@pytest.fixture
def settings(tmp_path: Path) -> UiSettings:
    return UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))


@pytest.fixture
def window(qtbot, settings: UiSettings) -> MainWindow:
    """The main window, shown, with no plan open yet (a module may define its own window)."""
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    return main

"""First start: a welcome over the demonstration plan, once, offering a plan of one's own."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QPushButton

from cutover_desktop.app import open_first_plan
from cutover_desktop.paths import default_plan_path
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
from cutover_desktop.ui.settings import UiSettings
from cutover_desktop.ui.welcome_dialog import WelcomeDialog
from tests.conftest import TODAY


def make_window(qtbot, settings: UiSettings) -> MainWindow:
    window = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(window)
    window.show()
    return window


def open_wizards() -> list[NewPlanWizard]:
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, NewPlanWizard) and w.isVisible()]


def test_first_start_welcomes_over_the_demonstration_plan(qtbot, settings: UiSettings) -> None:
    window = make_window(qtbot, settings)
    open_first_plan(window, None)
    assert "Demonstration Surgery" in window.windowTitle()
    dialog = window.welcome_dialog
    assert dialog is not None and dialog.isVisible()
    assert dialog.windowModality() == Qt.WindowModality.WindowModal
    assert dialog.parent() is window
    assert "demonstration plan" in dialog.text_label.text()
    assert settings.welcome_shown


def test_new_migration_starts_the_wizard_at_once(qtbot, settings: UiSettings) -> None:
    window = make_window(qtbot, settings)
    open_first_plan(window, None)
    dialog = window.welcome_dialog
    assert dialog is not None and dialog.new_button.isDefault()
    qtbot.mouseClick(dialog.new_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    wizards = open_wizards()
    assert len(wizards) == 1 and wizards[0].parent() is window
    wizards[0].reject()


def test_explore_closes_it_and_leaves_the_demonstration_open(qtbot,
                                                             settings: UiSettings) -> None:
    window = make_window(qtbot, settings)
    open_first_plan(window, None)
    dialog = window.welcome_dialog
    assert dialog is not None
    with qtbot.assertNotEmitted(dialog.new_migration_chosen):
        qtbot.mouseClick(dialog.explore_button, Qt.MouseButton.LeftButton)
    assert not dialog.isVisible()
    assert not open_wizards()
    assert window.session is not None


def test_escape_is_explore_not_new_migration(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.assertNotEmitted(dialog.new_migration_chosen):
        qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert not dialog.isVisible()


def test_enter_chooses_new_migration(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    dialog.show()
    with qtbot.waitSignal(dialog.new_migration_chosen, timeout=1000):
        qtbot.keyClick(dialog, Qt.Key.Key_Return)


def test_it_shows_once(qtbot, settings: UiSettings) -> None:
    first = make_window(qtbot, settings)
    open_first_plan(first, None)
    assert first.welcome_dialog is not None
    first.welcome_dialog.reject()
    first.close()
    # The same computer again: the demonstration plan is there, and so is the setting.
    second = make_window(qtbot, settings)
    open_first_plan(second, None)
    assert second.session is not None and second.welcome_dialog is None
    # Even if the demonstration file is deleted and made again.
    second.close()
    default_plan_path().unlink()
    third = make_window(qtbot, settings)
    open_first_plan(third, None)
    assert third.session is not None and third.welcome_dialog is None


def test_no_welcome_when_a_plan_is_named(qtbot, settings: UiSettings, plan_file: Path) -> None:
    window = make_window(qtbot, settings)
    open_first_plan(window, plan_file)
    assert window.session is not None and window.welcome_dialog is None
    assert not settings.welcome_shown


def test_buttons_have_names_and_keys(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    buttons = dialog.findChildren(QPushButton)
    assert {b.accessibleName() for b in buttons} == {"New migration",
                                                     "Explore the demonstration"}
    assert all("&" in b.text() for b in buttons)


def test_the_text_fits_at_a_large_font(qtbot) -> None:
    dialog = WelcomeDialog()
    qtbot.addWidget(dialog)
    font = dialog.font()
    font.setPointSizeF(font.pointSizeF() * 1.5)
    dialog.setFont(font)
    dialog.show()
    label = dialog.text_label
    qtbot.waitUntil(lambda: label.height() >= label.heightForWidth(label.width()))
    assert dialog.width() >= dialog.fontMetrics().averageCharWidth() * 70
    assert dialog.new_button.width() >= dialog.new_button.sizeHint().width()

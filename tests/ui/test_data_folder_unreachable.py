"""A data folder that cannot be made (a file in its place, a roaming profile offline) is said
in one plain sentence at start; the program still opens, and a bug still gets its dialog."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from PySide6.QtWidgets import QApplication, QMessageBox

from cutover_desktop.app import install_error_handler, open_first_plan
from cutover_desktop.ui.main_window import MainWindow


@pytest.fixture
def blocked(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    blocker = tmp_path / "blocker"
    blocker.write_text("a file where the data folder should be")
    monkeypatch.setenv("CUTOVER_DESKTOP_DATA_DIR", str(blocker / "data"))
    return blocker / "data"


def test_the_first_start_says_the_data_folder_cannot_be_made(window: MainWindow,
                                                             blocked: Path) -> None:
    open_first_plan(window, None)
    assert window.session is None
    assert window.last_message == (
        f"The demonstration plan was not opened: the program's data folder {blocked} could not "
        "be made (not a directory). Open a plan, or make a new one, from the File menu.")


def test_a_bug_still_shows_its_dialog_when_the_log_cannot_be_written(
        qtbot, blocked: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    install_error_handler()
    try:
        raise RuntimeError("a deliberate fault for the test")
    except RuntimeError:
        sys.excepthook(*sys.exc_info())
    boxes = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox)
             and w.isVisible() and w.windowTitle() == "Something went wrong"]
    assert boxes
    text = boxes[-1].text()
    assert "Traceback" not in text and "RuntimeError" not in text
    assert "The details could not be written to the log file" in text
    for box in boxes:
        box.close()


def test_the_about_box_says_the_data_folder_cannot_be_made(qtbot, blocked: Path) -> None:
    from cutover_desktop.ui.help_dialog import about_html

    text = about_html()
    assert f"{blocked} (it could not be made: not a directory)" in text
    assert "Traceback" not in text


def test_a_new_plan_is_offered_the_home_folder_when_no_other_can_be_had(
        qtbot, blocked: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from cutover_desktop.ui.new_plan_wizard import default_plan_folder

    monkeypatch.setattr(platformdirs, "user_documents_dir", lambda: str(tmp_path / "none"))
    assert default_plan_folder() == Path.home()

"""The user guide window and the About box: contents, finding, links, screenshots, keyboard."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt, QUrl
from PySide6.QtWidgets import QAbstractButton, QLineEdit, QTextBrowser, QTreeWidget

from cutover_desktop.paths import log_path, user_data_dir
from cutover_desktop.ui import help_dialog
from cutover_desktop.ui.help_dialog import HelpWindow, about_html, guide_path, slug
from cutover_desktop.ui.main_window import MainWindow
from cutover_desktop.ui.settings import UiSettings
from tests.conftest import TODAY

DOCS = Path(__file__).resolve().parents[2] / "docs"
GUIDE = DOCS / "user-guide.md"


@pytest.fixture
def guide(qtbot) -> HelpWindow:
    window = HelpWindow(path=GUIDE)
    qtbot.addWidget(window)
    window.show()
    return window


def test_run_from_source_the_guide_is_found_in_docs() -> None:
    assert guide_path() == GUIDE


def test_a_bundled_guide_is_preferred(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "user-guide.md").write_text("# Shipped\n", encoding="utf-8")
    monkeypatch.setattr(help_dialog, "resources_dir", lambda: tmp_path)
    assert guide_path() == tmp_path / "guide" / "user-guide.md"


def test_contents_list_every_section_of_the_guide(guide: HelpWindow) -> None:
    written = [line.lstrip("#").strip() for line in GUIDE.read_text(encoding="utf-8").splitlines()
               if re.match(r"#{2,3} ", line)]
    listed = []
    tree = guide.contents
    for i in range(tree.topLevelItemCount()):
        top = tree.topLevelItem(i)
        listed.append(top.text(0))
        listed += [top.child(j).text(0) for j in range(top.childCount())]
    assert listed == written
    assert "Backups and recovery" in listed and "Running the cut-over days" in listed


def test_choosing_a_section_by_keyboard_shows_it(guide: HelpWindow, qtbot) -> None:
    guide.contents.setFocus()
    target = guide.contents.findItems("Backups and recovery",
                                      Qt.MatchFlag.MatchExactly | Qt.MatchFlag.MatchRecursive)[0]
    guide.contents.setCurrentItem(guide.contents.topLevelItem(0))
    while guide.contents.currentItem() is not target:
        qtbot.keyClick(guide.contents, Qt.Key.Key_Down)
    qtbot.keyClick(guide.contents, Qt.Key.Key_Return)
    assert guide.current_section() == "Backups and recovery"
    assert guide.browser.verticalScrollBar().value() > 0
    assert guide.browser.hasFocus()  # a screen reader reads on from the heading


def test_a_link_inside_the_guide_goes_to_its_section(guide: HelpWindow) -> None:
    guide.browser.anchorClicked.emit(QUrl("#where-your-data-lives"))
    assert guide.current_section() == "Where your data lives"


def test_every_link_inside_the_guide_has_a_section(guide: HelpWindow) -> None:
    anchors = {heading.anchor for heading in guide.headings()}
    links = re.findall(r"\]\(#([^)]+)\)", GUIDE.read_text(encoding="utf-8"))
    assert links and set(links) <= anchors


def test_find_selects_the_word_and_says_when_it_is_not_there(guide: HelpWindow, qtbot) -> None:
    qtbot.keyClicks(guide.find_edit, "read-only")
    qtbot.keyClick(guide.find_edit, Qt.Key.Key_Return)
    assert guide.browser.textCursor().selectedText().lower() == "read-only"
    guide.find_edit.clear()
    qtbot.keyClicks(guide.find_edit, "xylophone")
    assert not guide.find_next()
    assert "not in the guide" in guide.find_status.text()


def test_every_screenshot_the_guide_shows_exists_and_fits(guide: HelpWindow, qtbot) -> None:
    names = guide.image_names()
    assert "screenshots/main-window.png" in names and "screenshots/today.png" in names
    for name in names:
        assert (GUIDE.parent / name).is_file(), name
    guide.resize(700, 600)
    qtbot.waitUntil(lambda: _widest_image(guide) <= guide.browser.viewport().width())


def _widest_image(window: HelpWindow) -> float:
    widest = 0.0
    block = window.browser.document().begin()
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            fmt = it.fragment().charFormat()
            if fmt.isImageFormat():
                widest = max(widest, fmt.toImageFormat().width())
            it += 1
        block = block.next()
    return widest


def test_a_missing_guide_says_so_plainly(qtbot, tmp_path: Path) -> None:
    window = HelpWindow(path=tmp_path / "nowhere.md")
    qtbot.addWidget(window)
    assert "user guide is missing" in window.browser.toPlainText()
    assert window.contents.topLevelItemCount() == 0


def test_every_control_has_an_accessible_name(guide: HelpWindow) -> None:
    for kind in (QAbstractButton, QLineEdit, QTextBrowser, QTreeWidget):
        for widget in guide.findChildren(kind):
            if widget.isVisible():
                assert widget.accessibleName(), widget


def test_slugs_match_the_links_github_makes() -> None:
    assert slug("Backups and recovery") == "backups-and-recovery"
    assert slug("What a cut-over is here") == "what-a-cut-over-is-here"


def test_about_names_the_version_and_the_folders() -> None:
    text = about_html()
    from cutover_desktop import __version__

    assert __version__ in text
    assert str(user_data_dir()) in text
    assert str(user_data_dir() / "backups") in text
    assert str(log_path()) in text


@pytest.fixture
def window(qtbot, tmp_path: Path) -> MainWindow:
    settings = UiSettings(QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
    main = MainWindow(settings, today=lambda: TODAY)
    qtbot.addWidget(main)
    main.show()
    return main


def test_f1_opens_the_guide_once(window: MainWindow, qtbot) -> None:
    qtbot.keyClick(window, Qt.Key.Key_F1)
    guide = window.help_window
    assert guide is not None and guide.isVisible() and not guide.isModal()
    guide.close()
    window.user_guide_action.trigger()
    assert window.help_window is guide and guide.isVisible()
    assert window.user_guide_action in window.menuBar().actions()[-1].menu().actions()


def test_about_shows_the_folders_and_the_log(window: MainWindow) -> None:
    window.about_action.trigger()
    box = window.about_box
    assert box is not None and box.isVisible()
    assert str(log_path()) in box.text() and "Backups" in box.text()
    assert box.textInteractionFlags() & Qt.TextInteractionFlag.TextSelectableByMouse
    box.accept()


def test_it_opens_at_the_top_of_the_guide(qtbot) -> None:
    window = HelpWindow(path=GUIDE)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    window.contents.setFocus()  # the list taking focus does not scroll the text
    assert window.browser.verticalScrollBar().value() == 0

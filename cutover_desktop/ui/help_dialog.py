"""HelpWindow: the user guide, read offline, with its contents beside it and a find box."""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QEvent, QObject, QSize, Qt, QTimer, QUrl
from PySide6.QtGui import (
    QDesktopServices,
    QImage,
    QKeySequence,
    QShortcut,
    QTextCursor,
    QTextDocument,
    QTextImageFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QTextBrowser,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop import APP_DISPLAY_NAME, __version__
from cutover_desktop.paths import log_path, resources_dir, user_data_dir
from cutover_desktop.ui.window_fit import fit_to_screen

GUIDE_FILE = "user-guide.md"
_MARGIN = 48  # room beside a screenshot for the text browser's margins and scroll bar


def guide_path() -> Path | None:
    """The guide as shipped (resources/guide) or, run from source, as written (docs/)."""
    for folder in (resources_dir() / "guide", resources_dir().parent / "docs"):
        candidate = folder / GUIDE_FILE
        if candidate.is_file():
            return candidate
    return None


def slug(title: str) -> str:
    """A heading's anchor as GitHub makes it, so links in the guide work in both places."""
    text = re.sub(r"[^\w\- ]", "", title.strip().lower())
    return text.replace(" ", "-")


@dataclass(frozen=True)
class Heading:
    level: int
    title: str
    anchor: str
    position: int


class HelpWindow(QDialog):
    """The user guide in a window of its own (not modal: keep it open beside the plan).

    Keyboard: Alt+C the contents, Ctrl+F the find box, F3 and Shift+F3 the next and previous
    match, Escape closes. Choosing a section in the contents moves the text caret to its
    heading, so a screen reader reads on from there.
    """

    def __init__(self, parent: QWidget | None = None, path: Path | None = None) -> None:
        super().__init__(parent)
        self.setWindowFlag(Qt.WindowType.Window, True)
        self.setWindowTitle(f"User guide — {APP_DISPLAY_NAME}")
        self.setAccessibleName("User guide")
        self.setModal(False)
        self.path = path if path is not None else guide_path()
        self._headings: list[Heading] = []
        self._natural_sizes: dict[str, tuple[int, int]] = {}

        self.contents = QTreeWidget()
        self.contents.setHeaderHidden(True)
        self.contents.setAccessibleName("Contents")
        self.contents.setAccessibleDescription("Sections of the user guide; Enter shows one.")
        self.contents.setRootIsDecorated(True)
        contents_label = QLabel("&Contents")
        contents_label.setBuddy(self.contents)

        self.find_edit = QLineEdit()
        self.find_edit.setPlaceholderText("Find in the guide")
        self.find_edit.setAccessibleName("Find in the guide")
        self.find_edit.setClearButtonEnabled(True)
        find_label = QLabel("&Find:")
        find_label.setBuddy(self.find_edit)
        self.next_button = QPushButton("&Next")
        self.next_button.setAccessibleName("Find next")
        self.previous_button = QPushButton("&Previous")
        self.previous_button.setAccessibleName("Find previous")
        self.find_status = QLabel()
        self.find_status.setAccessibleName("Find result")

        self.browser = QTextBrowser()
        self.browser.setAccessibleName("User guide text")
        self.browser.setOpenLinks(False)
        self.browser.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextBrowserInteraction
            | Qt.TextInteractionFlag.TextSelectableByKeyboard)

        find_row = QHBoxLayout()
        find_row.addWidget(find_label)
        find_row.addWidget(self.find_edit, 1)
        find_row.addWidget(self.previous_button)
        find_row.addWidget(self.next_button)
        find_row.addWidget(self.find_status)
        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        left_layout.addWidget(contents_label)
        left_layout.addWidget(self.contents)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addLayout(find_row)
        right_layout.addWidget(self.browser, 1)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Contents and guide")
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setAccessibleName("Close the user guide")
        close.setAutoDefault(False)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(buttons)

        self.contents.itemActivated.connect(self._on_contents_activated)
        self.contents.currentItemChanged.connect(self._on_contents_current_changed)
        self.browser.anchorClicked.connect(self._on_browser_anchor_clicked)
        self.find_edit.returnPressed.connect(self.find_next)
        self.find_edit.textChanged.connect(lambda _text: self.find_status.clear())
        self.next_button.clicked.connect(self.find_next)
        self.previous_button.clicked.connect(self.find_previous)
        for keys, slot in ((QKeySequence.StandardKey.Find, self._focus_find),
                           (QKeySequence.StandardKey.FindNext, self.find_next),
                           (QKeySequence.StandardKey.FindPrevious, self.find_previous)):
            QShortcut(QKeySequence(keys), self, slot)
        for button in (self.next_button, self.previous_button):
            button.setAutoDefault(False)
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(50)
        self._fit_timer.timeout.connect(self._fit_images)
        self.browser.viewport().installEventFilter(self)
        self.load()
        line = self.fontMetrics().height()
        fit_to_screen(self, QSize(max(1100, 62 * line), max(760, 42 * line)))
        contents_width = self._contents_width()
        self.splitter.setSizes([contents_width, self.width() - contents_width])
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)  # read from the top

    # Loading

    def load(self) -> None:
        """Read the guide's Markdown, show it, and list its headings in the contents."""
        self._headings = []
        self.contents.clear()
        if self.path is None or not self.path.is_file():
            self.browser.setHtml(
                "<h2>The user guide is missing</h2><p>The guide should be beside the program, "
                f"in a folder named <i>guide</i> (or <i>docs</i> when it runs from its source), "
                f"but it is not there. Reinstalling {APP_DISPLAY_NAME} puts it back; the "
                "README that comes with the program covers the essentials.</p>")
            return
        try:
            text = self.path.read_text(encoding="utf-8")
        except OSError as exc:
            self.browser.setPlainText(f"The user guide could not be read: {exc.strerror or exc}.")
            return
        folder = str(self.path.parent)
        self.browser.setSearchPaths([folder])
        self.browser.document().setBaseUrl(QUrl.fromLocalFile(folder + "/"))
        self.browser.document().setMarkdown(
            text, QTextDocument.MarkdownFeature.MarkdownDialectGitHub)
        self._headings = self._read_headings()
        self._fill_contents()
        self._fit_images()
        self.browser.moveCursor(QTextCursor.MoveOperation.Start)

    def _read_headings(self) -> list[Heading]:
        found = []
        block = self.browser.document().begin()
        while block.isValid():
            level = block.blockFormat().headingLevel()
            if level > 0 and block.text().strip():
                found.append(Heading(level, block.text().strip(), slug(block.text()),
                                     block.position()))
            block = block.next()
        return found

    def _fill_contents(self) -> None:
        parents: dict[int, QTreeWidgetItem] = {}
        for heading in self._headings:
            if heading.level == 1:
                continue  # the guide's title: the window already says what this is
            item = QTreeWidgetItem([heading.title])
            item.setData(0, Qt.ItemDataRole.UserRole, heading.anchor)
            item.setToolTip(0, heading.title)
            parent = next((parents[level] for level in range(heading.level - 1, 1, -1)
                           if level in parents), None)
            if parent is None:
                self.contents.addTopLevelItem(item)
            else:
                parent.addChild(item)
            parents[heading.level] = item
            for deeper in [lvl for lvl in parents if lvl > heading.level]:
                del parents[deeper]
        self.contents.expandAll()
        # A current item before the list first takes focus, so taking focus does not jump
        # past the guide's opening paragraphs.
        first = self.contents.topLevelItem(0)
        if first is not None:
            self.contents.blockSignals(True)
            self.contents.setCurrentItem(first)
            self.contents.blockSignals(False)

    def _contents_width(self) -> int:
        """Wide enough for the longest section title at the current font size."""
        metrics = self.contents.fontMetrics()
        indent = self.contents.indentation()
        widest = max((metrics.horizontalAdvance(h.title) + (h.level - 1) * indent
                      for h in self._headings if h.level > 1), default=200)
        return min(widest + 3 * metrics.height(), self.width() // 3)

    def headings(self) -> list[Heading]:
        return list(self._headings)

    # Moving about

    def show_section(self, anchor_or_title: str) -> bool:
        """Scroll to a heading (by anchor or title) and put the caret there."""
        wanted = anchor_or_title.lstrip("#")
        heading = next((h for h in self._headings
                        if h.anchor == wanted or h.anchor == slug(wanted)), None)
        if heading is None:
            return False
        document = self.browser.document()
        block = document.findBlock(heading.position)
        self.browser.setTextCursor(QTextCursor(block))
        top = document.documentLayout().blockBoundingRect(block).top()
        self.browser.verticalScrollBar().setValue(int(top))
        self._select_in_contents(heading.anchor)
        return True

    def current_section(self) -> str:
        """The title of the heading the caret is under ('' before the first)."""
        position = self.browser.textCursor().position()
        before = [h for h in self._headings if h.position <= position]
        return before[-1].title if before else ""

    def _select_in_contents(self, anchor: str) -> None:
        for item in self._all_items():
            if item.data(0, Qt.ItemDataRole.UserRole) == anchor:
                self.contents.blockSignals(True)
                self.contents.setCurrentItem(item)
                self.contents.blockSignals(False)
                return

    def _all_items(self) -> list[QTreeWidgetItem]:
        items: list[QTreeWidgetItem] = []
        stack = [self.contents.topLevelItem(i) for i in range(self.contents.topLevelItemCount())]
        while stack:
            item = stack.pop(0)
            if item is None:
                continue
            items.append(item)
            stack = [item.child(i) for i in range(item.childCount())] + stack
        return items

    def _on_contents_activated(self, item: QTreeWidgetItem, _column: int) -> None:
        self.show_section(str(item.data(0, Qt.ItemDataRole.UserRole)))
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _on_contents_current_changed(self, item: QTreeWidgetItem | None,
                                     _previous: QTreeWidgetItem | None) -> None:
        if item is not None:
            self.show_section(str(item.data(0, Qt.ItemDataRole.UserRole)))

    def _on_browser_anchor_clicked(self, url: QUrl) -> None:
        if url.scheme() in ("http", "https", "mailto"):
            QDesktopServices.openUrl(url)
        elif url.hasFragment():
            self.show_section(url.fragment())

    # Finding

    def _focus_find(self) -> None:
        self.find_edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.find_edit.selectAll()

    def find_next(self) -> bool:
        return self._find(backward=False)

    def find_previous(self) -> bool:
        return self._find(backward=True)

    def _find(self, backward: bool) -> bool:
        text = self.find_edit.text().strip()
        if not text:
            self.find_status.setText("Type a word to find.")
            return False
        flags = QTextDocument.FindFlag.FindBackward if backward else QTextDocument.FindFlag(0)
        if self.browser.find(text, flags):
            self.find_status.setText("")
            return True
        # Wrap round once, from the other end.
        cursor = self.browser.textCursor()
        cursor.movePosition(QTextCursor.MoveOperation.End if backward
                            else QTextCursor.MoveOperation.Start)
        self.browser.setTextCursor(cursor)
        if self.browser.find(text, flags):
            self.find_status.setText("Wrapped round.")
            return True
        self.find_status.setText(f"“{text}” is not in the guide.")
        return False

    # Screenshots no wider than the window

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self.browser.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_timer.start()
        return super().eventFilter(watched, event)

    def _natural_size(self, name: str) -> tuple[int, int]:
        if name not in self._natural_sizes:
            image = QImage(str(self.path.parent / name)) if self.path else QImage()
            self._natural_sizes[name] = (image.width(), image.height())
        return self._natural_sizes[name]

    def _fit_images(self) -> None:
        room = max(200, self.browser.viewport().width() - _MARGIN)
        document = self.browser.document()
        block = document.begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fragment = fragments.fragment()
                fmt = fragment.charFormat()
                if fragment.isValid() and fmt.isImageFormat():
                    self._fit_image(fragment.position(), fragment.length(),
                                    fmt.toImageFormat(), room)
                fragments += 1
            block = block.next()

    def _fit_image(self, position: int, length: int, fmt: QTextImageFormat, room: int) -> None:
        width, height = self._natural_size(fmt.name())
        if width <= 0 or height <= 0:
            return
        shown = min(width, room)
        if abs(fmt.width() - shown) < 1:
            return
        fmt.setWidth(shown)
        fmt.setHeight(height * shown / width)
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(position)
        cursor.setPosition(position + length, QTextCursor.MoveMode.KeepAnchor)
        cursor.setCharFormat(fmt)

    def image_names(self) -> list[str]:
        """Every image the guide shows, as named in it."""
        names = []
        block = self.browser.document().begin()
        while block.isValid():
            fragments = block.begin()
            while not fragments.atEnd():
                fmt = fragments.fragment().charFormat()
                if fmt.isImageFormat():
                    names.append(fmt.toImageFormat().name())
                fragments += 1
            block = block.next()
        return names


def backups_dir() -> Path:
    return user_data_dir() / "backups"


def about_html() -> str:
    """The About box's text: what the program is, and where its files are (for a problem report)."""
    from PySide6 import __version__ as pyside_version

    frozen = "installed program" if getattr(sys, "frozen", False) else "run from its source"

    def folder(path: Path) -> str:
        return f'<a href="{QUrl.fromLocalFile(str(path)).toString()}">{path}</a>'

    try:
        places = (f"<tr><td><b>Data folder</b></td><td>{folder(user_data_dir())}</td></tr>"
                  f"<tr><td><b>Backups</b></td><td>{folder(backups_dir())}</td></tr>"
                  f"<tr><td><b>Log file</b></td><td>{log_path()}</td></tr>")
    except OSError as exc:  # the place a person looks when the data folder is the problem
        reason = (exc.strerror or str(exc)).lower()
        places = (f"<tr><td><b>Data folder</b></td><td>{exc.filename} (it could not be made: "
                  f"{reason})</td></tr>")
    return (f"<h3>{APP_DISPLAY_NAME} {__version__}</h3>"
            "<p>An offline planner for a GP practice moving its clinical system from one "
            "supplier to another.</p>"
            f"<table cellspacing='4'>{places}</table>"
            "<p>To report a problem, send the log file with a note of what you were doing "
            "(it holds no patient data). The user guide is under Help (F1).</p>"
            f"<p><small>{frozen}; Python {sys.version.split()[0]}, "
            f"Qt for Python {pyside_version}</small></p>")

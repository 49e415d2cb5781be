"""Keeping the main window and its toolbar inside the screen, whatever the plan holds."""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize, Qt
from PySide6.QtGui import QAction, QFontMetrics, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QToolBar, QWidget

# The undo and redo buttons hold a short name of the edit, never the whole of it.
UNDO_TEXT_CHARS = 22
# The largest a first window is; on smaller screens it is the screen's free area less a margin.
PREFERRED_SIZE = QSize(1440, 900)
_MARGIN = 24


def short_action_text(verb: str, label: str | None, metrics: QFontMetrics) -> str:
    """'&Undo Rename task “A very long…”': the edit named, elided to a fixed width."""
    if not label:
        return verb
    width = metrics.averageCharWidth() * UNDO_TEXT_CHARS
    return f"{verb} {metrics.elidedText(label, Qt.TextElideMode.ElideRight, width)}"


def set_edit_text(action: QAction, verb: str, label: str | None,
                  metrics: QFontMetrics) -> None:
    """Name the edit on an undo or redo action, elided; the toolbar button shows the '…' too
    (Qt drops a trailing '…' from the text it derives for buttons, so it is set outright)."""
    text = short_action_text(verb, label, metrics)
    action.setText(text)
    action.setIconText(text.replace("&", ""))


def fix_button_widths(toolbar: QToolBar, actions: list[QAction], chars: int) -> None:
    """Give the buttons of `actions` one width, room for their verb and `chars` characters
    of the edit's name, so other buttons do not jump when the text changes."""
    for action in actions:
        button = toolbar.widgetForAction(action)
        if button is None:
            continue
        text = action.text()
        action.setText(f"{text} {'x' * chars}…")  # as wide as the longest shown
        button.setFixedWidth(button.sizeHint().width())
        action.setText(text)


def first_geometry(available: QRect) -> QRect:
    """The window's place on first start: centred, as big as is useful, inside the screen."""
    width = min(PREFERRED_SIZE.width(), available.width() - _MARGIN * 2)
    height = min(PREFERRED_SIZE.height(), available.height() - _MARGIN * 2)
    width, height = max(width, 640), max(height, 480)
    left = available.x() + max(0, (available.width() - width) // 2)
    top = available.y() + max(0, (available.height() - height) // 2)
    return QRect(left, top, width, height)


def place_window(window: QMainWindow, restored: bool) -> None:
    """First start: fit the screen. Later: the remembered place, pulled back onto the screen."""
    screen = window.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return
    available = screen.availableGeometry()
    if not restored:
        window.setGeometry(first_geometry(available))
        return
    if window.isMaximized() or window.isFullScreen():
        return
    frame = window.geometry()
    width = min(frame.width(), available.width())
    height = min(frame.height(), available.height())
    left = min(max(frame.x(), available.x()), available.right() - width + 1)
    top = min(max(frame.y(), available.y()), available.bottom() - height + 1)
    if (left, top, width, height) != (frame.x(), frame.y(), frame.width(), frame.height()):
        window.setGeometry(left, top, width, height)


def screen_room(widget: QWidget) -> QSize | None:
    """The room a dialog of this widget's screen has: its free area less a margin."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    if screen is None:
        return None
    return screen.availableGeometry().size() - QSize(_MARGIN, _MARGIN * 2)


def fit_to_screen(widget: QWidget, wanted: QSize) -> None:
    """Open a dialog at the size it wants, but never larger than the screen's free area."""
    room = screen_room(widget)
    widget.resize(wanted if room is None else wanted.boundedTo(room))

"""Icons for the toolbar and tabs, drawn from small SVG files in the text colour of the palette
(so they suit light and dark mode alike)."""

from __future__ import annotations

from functools import cache
from typing import TYPE_CHECKING

from PySide6.QtCore import QByteArray, QRectF, Qt
from PySide6.QtGui import QGuiApplication, QIcon, QPainter, QPalette, QPixmap
from PySide6.QtSvg import QSvgRenderer

from cutover_desktop.paths import resources_dir

if TYPE_CHECKING:
    from PySide6.QtWidgets import QTabWidget

# Tab icons in the order of workspace.TAB_TITLES.
TAB_ICONS = ("plan", "dashboard", "today", "key-dates", "staff", "coverage", "registers",
             "signoffs", "audit")
# The sizes the toolbar and menus show icons at (Qt scales between them); tabs and small
# buttons show them at 16.
_SIZES = (16, 24)
SMALL = (16,)


def _svg_text(name: str) -> str:
    return (resources_dir() / "icons" / "ui" / f"{name}.svg").read_text(encoding="utf-8")


@cache
def _icon(name: str, colour: str, disabled: str | None, scale: float,
          sizes: tuple[int, ...]) -> QIcon:
    # Drawn at the sizes shown on this screen only (each size and tint is a picture kept in
    # memory for the whole run), in the device pixels of a high-DPI screen.
    icon = QIcon()
    text = _svg_text(name)
    tints = [(QIcon.Mode.Normal, colour)]
    if disabled is not None:
        tints.append((QIcon.Mode.Disabled, disabled))
    for mode, tint in tints:
        renderer = QSvgRenderer(QByteArray(text.replace("currentColor", tint).encode("utf-8")))
        for size in sizes:
            pixels = max(size, round(size * scale))
            pixmap = QPixmap(pixels, pixels)
            pixmap.fill(Qt.GlobalColor.transparent)
            painter = QPainter(pixmap)
            renderer.render(painter, QRectF(0, 0, pixels, pixels))
            painter.end()
            pixmap.setDevicePixelRatio(pixels / size)
            icon.addPixmap(pixmap, mode)
    return icon


def ui_icon(name: str, sizes: tuple[int, ...] = _SIZES, *, greyed: bool = True) -> QIcon:
    """The named icon (resources/icons/ui/<name>.svg) in the palette's text colour, drawn at
    `sizes`, with its own greyed picture for when it is disabled unless `greyed` is False
    (a tab, which is never disabled)."""
    palette = QGuiApplication.palette()
    colour = palette.color(QPalette.ColorRole.ButtonText).name()
    disabled = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.ButtonText).name()
    screen = QGuiApplication.primaryScreen()
    scale = screen.devicePixelRatio() if screen is not None else 1.0
    return _icon(name, colour, disabled if greyed else None, scale, sizes)


def set_toolbar_icons(window: object) -> None:
    """Icons on the main window's toolbar actions (looked up by their attribute names)."""
    for attribute, name in (("undo_action", "undo"), ("redo_action", "redo"),
                            ("new_task_action", "new-task"), ("zoom_in_action", "zoom-in"),
                            ("zoom_out_action", "zoom-out"), ("go_today_action", "today")):
        action = getattr(window, attribute, None)
        if action is not None:
            action.setIcon(ui_icon(name))


def tab_icon(index: int) -> QIcon:
    """The icon of the workspace's tab at this place."""
    return ui_icon(TAB_ICONS[index], SMALL, greyed=False) if index < len(TAB_ICONS) else QIcon()


def set_tab_icons(tabs: QTabWidget) -> None:
    for index in range(min(tabs.count(), len(TAB_ICONS))):
        tabs.setTabIcon(index, tab_icon(index))

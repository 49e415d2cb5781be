"""The window's look: one palette (light or dark, following the system), one style sheet
(resources/style/cutover.qss) and the spacing and type set there, applied once at start."""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication, QWidget

from cutover_desktop.paths import resources_dir

NHS_BLUE = "#005EB8"


class Colours(NamedTuple):
    """The few colours the window uses. Accent is NHS blue in light mode and a lighter NHS
    blue in dark mode, where #005EB8 on near-black would be hard to read."""

    window: str
    base: str
    button: str
    header: str
    text: str
    muted: str
    border: str
    hover: str
    pressed: str
    accent: str
    accent_text_on_window: str
    focus: str
    # Tones for words that carry meaning; each reads (contrast 4.5 or more) on window and base.
    problem: str
    good: str
    warning: str
    note: str
    rag_red: str
    rag_amber: str
    rag_green: str
    notice_fill: str
    notice_ink: str
    notice_edge: str
    key_date_line: str
    today_line: str


LIGHT = Colours(window="#f4f6f8", base="#ffffff", button="#ffffff", header="#e8edf2",
                text="#212b32", muted="#5f6b73", border="#c6ccd1", hover="#e3ebf4",
                pressed="#cddbeb", accent=NHS_BLUE, accent_text_on_window=NHS_BLUE,
                focus=NHS_BLUE, problem="#b00020", good="#1b5e20", warning="#8a5300",
                note="#0d47a1", rag_red="#c62828", rag_amber="#9a5b00", rag_green="#2e7d32",
                notice_fill="#fff4ce", notice_ink="#3b2e00", notice_edge="#c8a400",
                key_date_line="#6a1b9a", today_line="#c62828")
DARK = Colours(window="#1e2327", base="#14181b", button="#2a3035", header="#2a3035",
               text="#e8edee", muted="#a5b0b7", border="#46515a", hover="#323a41",
               pressed="#3c4650", accent=NHS_BLUE, accent_text_on_window="#41b6e6",
               focus="#41b6e6", problem="#ff8a80", good="#81c784", warning="#ffd180",
               note="#82b1ff", rag_red="#ff6e6e", rag_amber="#ffc046", rag_green="#66d36e",
               notice_fill="#3d3300", notice_ink="#ffe9a6", notice_edge="#8a7300",
               key_date_line="#ce93d8", today_line="#ff6e6e")


# Set on the application once it uses Fusion: make_application names the style when it makes
# the application, because setStyle returns the style and so makes PySide6 build QStyle.
FUSION_GIVEN = "cutover_fusion_given"

# The colours apply_look chose; None until it runs (tests, printing from the command line).
_in_use: Colours | None = None


def current_colours() -> Colours:
    """The colours in use now: those apply_look chose, or before it runs, the system's."""
    return _in_use if _in_use is not None else system_colours()


def system_colours() -> Colours:
    """Light or dark as the system is: its reported mode, or when it does not say, whether
    its palette is dark. The one place the choice is made."""
    scheme = QGuiApplication.styleHints().colorScheme()
    if scheme is Qt.ColorScheme.Unknown:
        return DARK if QGuiApplication.palette().base().color().lightness() < 128 else LIGHT
    return DARK if scheme is Qt.ColorScheme.Dark else LIGHT


def tone(name: str) -> QColor:
    """One of the meaning tones ('problem', 'good', 'rag_amber'...) for the palette in use."""
    return QColor(getattr(current_colours(), name))


def set_tone(widget: QWidget, name: str) -> None:
    """Colour a label's words by meaning ('problem', 'good', 'notice' or '' for plain); the
    style sheet picks the light or dark value, and follows a switch of mode."""
    if widget.property("tone") == name:
        return
    widget.setProperty("tone", name)
    # A widget not yet styled takes the property when it first is; one already styled is
    # styled again. (Asking for the style otherwise makes PySide6 build QStyle: 7 ms.)
    if widget.testAttribute(Qt.WidgetAttribute.WA_WState_Polished):
        widget.style().unpolish(widget)
        widget.style().polish(widget)


def style_sheet(colours: Colours) -> str:
    """resources/style/cutover.qss with its @names replaced by the colours."""
    text = (resources_dir() / "style" / "cutover.qss").read_text(encoding="utf-8")
    # Longest names first, so '@accent' does not eat the start of '@accent_text_on_window'.
    for name, value in sorted(colours._asdict().items(), key=lambda item: -len(item[0])):
        text = text.replace(f"@{name}", value)
    return text


def palette_for(colours: Colours) -> QPalette:
    palette = QPalette()
    role = QPalette.ColorRole
    for which, value in ((role.Window, colours.window), (role.Base, colours.base),
                         (role.AlternateBase, colours.header), (role.Button, colours.button),
                         (role.WindowText, colours.text), (role.Text, colours.text),
                         (role.ButtonText, colours.text), (role.ToolTipBase, colours.base),
                         (role.ToolTipText, colours.text), (role.Highlight, colours.accent),
                         (role.HighlightedText, "#ffffff"),
                         (role.PlaceholderText, colours.muted),
                         (role.Link, colours.accent_text_on_window)):
        palette.setColor(which, QColor(value))
    disabled = QPalette.ColorGroup.Disabled
    for which in (role.WindowText, role.Text, role.ButtonText):
        palette.setColor(disabled, which, QColor(colours.muted))
    return palette


def apply_look(app: QApplication, dark: bool | None = None) -> Colours:
    """Fusion, the palette for the system's light or dark mode (or the one asked for), and
    the style sheet; again whenever the system switches mode."""
    global _in_use
    colours = system_colours() if dark is None else DARK if dark else LIGHT
    _in_use = colours
    if app.property(FUSION_GIVEN) is None:
        app.setStyle("Fusion")
        app.setProperty(FUSION_GIVEN, True)
    app.setPalette(palette_for(colours))
    app.setStyleSheet(style_sheet(colours))
    if not app.property("cutover_look_follows_system"):
        app.setProperty("cutover_look_follows_system", True)
        app.styleHints().colorSchemeChanged.connect(
            lambda scheme: apply_look(app, scheme == Qt.ColorScheme.Dark))
    return colours

"""Prints the look's palette in light mode, then after the system switches to dark mode.
Run by tests/ui/test_look.py in its own process (the look is set on the whole application)."""

from __future__ import annotations

import json
import sys

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QLabel

from cutover_desktop.app import make_application
from cutover_desktop.ui.style import DARK, apply_look, current_colours, set_tone


def _text_colour(label: QLabel) -> str:
    label.ensurePolished()
    return label.palette().color(QPalette.ColorRole.WindowText).name()


def main() -> int:
    app = make_application([])
    hints = app.styleHints()
    seen: dict[str, object] = {}
    # A label given its tone before it is first styled, then another tone once it is.
    label = QLabel("words")
    set_tone(label, "good")
    seen["tone before styled"] = _text_colour(label)
    set_tone(label, "notice")
    seen["tone once styled"] = _text_colour(label)
    for mode, scheme in (("light", Qt.ColorScheme.Light), ("dark", Qt.ColorScheme.Dark)):
        # As the system does when the person switches mode (offscreen has no system theme).
        hints.colorSchemeChanged.emit(scheme)
        app.processEvents()
        palette = app.palette()
        seen[mode] = {"window": palette.color(QPalette.ColorRole.Window).name(),
                      "text": palette.color(QPalette.ColorRole.WindowText).name(),
                      "highlight": palette.color(QPalette.ColorRole.Highlight).name(),
                      "sheet": "#005EB8" in app.styleSheet(),
                      "colours in use": "dark" if current_colours() is DARK else "light"}
    # A system in dark mode that does not say so (offscreen never does): its palette is dark.
    app.setPalette(QPalette(QColor("#202020")))
    chosen = apply_look(app)
    seen["unsaid dark"] = {"window": app.palette().color(QPalette.ColorRole.Window).name(),
                           "chosen": "dark" if chosen is DARK else "light",
                           "colours in use": "dark" if current_colours() is DARK else "light"}
    # The style under the program's style sheet.
    app.setStyleSheet("")
    seen["style"] = app.style().name()
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())

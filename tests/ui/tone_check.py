"""Prints, in dark mode, the text and background colour of every label that carries meaning
(error lines, the notice bar, RAG dots, severities). Run by tests/ui/test_look.py in its own
process, as the look is set on the whole application."""

from __future__ import annotations

import json
import sys

from PySide6.QtGui import QPalette
from PySide6.QtWidgets import QLabel, QLineEdit, QWidget

from cutover_desktop.app import make_application
from cutover_desktop.domain.signoff import GateState
from cutover_desktop.domain.warnings import Severity
from cutover_desktop.ui.date_entry import DateEntry
from cutover_desktop.ui.forms import FieldErrors
from cutover_desktop.ui.models.findings_model import severity_colour
from cutover_desktop.ui.models.gate_model import state_colour
from cutover_desktop.ui.style import apply_look, current_colours, set_tone


def _seen(label: QLabel) -> dict[str, str]:
    label.ensurePolished()
    palette = label.palette()
    background = (palette.color(QPalette.ColorRole.Window) if label.autoFillBackground()
                  or label.property("tone") == "notice" else None)
    return {"text": palette.color(QPalette.ColorRole.WindowText).name(),
            "background": (background or QPalette(label.window().palette()).color(
                QPalette.ColorRole.Window)).name()}


def main() -> int:
    app = make_application([])
    apply_look(app, dark=True)
    holder = QWidget()
    labels: dict[str, QLabel] = {}
    errors = FieldErrors()
    errors.add("name", QLineEdit(holder))
    errors.show("name", "Give the person a name.")
    labels["field error"] = errors["name"]
    labels["form error"] = errors[None]
    entry = DateEntry(parent=holder)
    entry.line_edit.textEdited.emit("not a date")  # as typing does
    labels["date entry problem"] = entry.words_label
    for name in ("notice", "rag_red", "rag_amber", "rag_green", "good", "warning"):
        label = QLabel("words", holder)
        set_tone(label, name)
        labels[name] = label
    seen = {name: _seen(label) for name, label in labels.items()}
    base = current_colours().base
    for severity in Severity:
        seen[f"severity {severity.name}"] = {"text": severity_colour(severity).name(),
                                             "background": base}
    for state in GateState:
        colour = state_colour(state)
        if colour is not None:
            seen[f"gate {state.name}"] = {"text": colour.name(), "background": base}
    print(json.dumps(seen))
    return 0


if __name__ == "__main__":
    sys.exit(main())

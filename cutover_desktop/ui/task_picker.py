"""Choosing a task or key date by typing: a combo box that narrows as you type, and the
short task labels such lists show."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from cutover_desktop.domain.model import Task

_TITLE_CHARS = 70


def task_label(task: Task) -> str:
    """'#12 Hold the kick-off meeting', short enough for a list."""
    title = " ".join(task.title.split())
    if len(title) > _TITLE_CHARS:
        title = title[: _TITLE_CHARS - 1].rstrip() + "…"
    return f"#{task.id} {title}"


class SearchableCombo(QComboBox):
    """A combo box to type into: the list narrows to entries containing the typed words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.setMinimumContentsLength(28)
        completer = QCompleter(self.model(), self)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setCompleter(completer)
        line_edit_of(self).setPlaceholderText("Type to search…")

    def current_data(self) -> Any:
        """The data of the entry whose text is in the box, or None if the text matches none."""
        index = self.findText(self.currentText(), Qt.MatchFlag.MatchFixedString)
        return self.itemData(index) if index >= 0 else None

    def set_current_data(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(index)
        if index < 0:
            self.setEditText("")
        # Show the start of a long entry, not its end.
        line_edit_of(self).setCursorPosition(0)


def line_edit_of(combo: QComboBox) -> QLineEdit:
    """The text box of an editable combo box."""
    editor = combo.lineEdit()
    assert editor is not None, "the combo box is not editable"
    return editor

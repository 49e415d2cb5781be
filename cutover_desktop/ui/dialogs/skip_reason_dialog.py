"""SkipReasonDialog: asks why tasks are skipped before their status changes (Plan and Today)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.ui.style import set_tone


class SkipReasonDialog(QDialog):
    """Asks why one or more tasks are skipped; an empty reason is refused beside the field.

    With `submit`, OK also makes the change, and a refusal from it shows in the same place.
    """

    def __init__(self, count: int, submit: Callable[[str], None] | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle("Skip task" if count == 1 else f"Skip {count} tasks")
        self.setAccessibleName(self.windowTitle())
        question = ("Why is this task skipped?" if count == 1
                    else f"Why are these {count} tasks skipped?")
        self._needed = ("Say why the task is skipped" if count == 1
                        else "Say why the tasks are skipped") + ": the reason cannot be empty."
        # Short lines without word wrap: a wrapped label in a fresh dialog can be cut off.
        prompt = QLabel(f"{question}\nThe reason is kept with the plan.", self)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setAccessibleName("Reason for skipping")
        self.reason_edit.setPlaceholderText("For example: done by the supplier instead")
        self.reason_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        prompt.setBuddy(self.reason_edit)
        self.message_label = QLabel(self)
        self.message_label.setObjectName("skip-message")
        set_tone(self.message_label, "problem")
        self.message_label.setAccessibleName("Problem with the reason")
        self.message_label.setWordWrap(True)
        self.message_label.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel, self)
        self.ok_button = buttons.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Skip")
        self.ok_button.setAccessibleName("Skip with this reason")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        self.reason_edit.textChanged.connect(self._on_reason_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def _on_reason_changed(self, _text: str) -> None:
        if self.reason():  # the mistake is fixed: its message goes
            self.message_label.hide()
            self.message_label.clear()

    def accept(self) -> None:
        if not self.reason():
            self._show_message(self._needed)
            return
        if self._submit is not None:
            try:
                self._submit(self.reason())
            except CutoverError as exc:
                self._show_message(exc.message)
                return
        super().accept()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(f"▲ {text}")
        self.message_label.show()
        self.adjustSize()  # room for the message, never cut off
        self.reason_edit.setFocus()

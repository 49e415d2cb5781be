"""Asks why tasks are skipped (the Today tab)."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.ui.style import set_tone


class SkipReasonDialog(QDialog):
    """Asks why tasks are skipped; refuses an empty reason with a message beside the field."""

    def __init__(self, count: int, submit: Callable[[str], None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._submit = submit
        self.setWindowTitle("Skip task" if count == 1 else f"Skip {count} tasks")
        self.setAccessibleName("Skip with a reason")
        prompt = QLabel(f"Why {'is this task' if count == 1 else f'are {count} tasks'} skipped?"
                        " The reason is kept with the plan.", self)
        prompt.setWordWrap(True)
        self.reason_edit = QLineEdit(self)
        self.reason_edit.setAccessibleName("Reason for skipping")
        self.reason_edit.setPlaceholderText("For example: done by the supplier instead")
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
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.message_label)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if not self.reason():
            self._show_message("Say why the task is skipped: the reason cannot be empty.")
            return
        try:
            self._submit(self.reason())
        except CutoverError as exc:
            self._show_message(exc.message)
            return
        super().accept()

    def _show_message(self, text: str) -> None:
        self.message_label.setText(f"▲ {text}")
        self.message_label.show()
        self.reason_edit.setFocus()

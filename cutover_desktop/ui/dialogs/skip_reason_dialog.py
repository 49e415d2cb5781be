"""SkipReasonDialog: asks why tasks are skipped before their status changes."""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLineEdit, QVBoxLayout, QWidget

from cutover_desktop.ui.forms import error_label


class SkipReasonDialog(QDialog):
    """Asks why one or more tasks are skipped; an empty reason is refused."""

    def __init__(self, count: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Skip tasks" if count > 1 else "Skip task")
        self.setAccessibleName(self.windowTitle())
        question = (f"Why are these {count} tasks skipped?" if count > 1
                    else "Why is this task skipped?")
        self._needed = ("⚠ Say why the tasks are skipped." if count > 1
                        else "⚠ Say why the task is skipped.")
        # Short lines without word wrap: a wrapped label in a fresh dialog can be cut off.
        prompt = QLabel(f"{question}\nThe reason is kept with the plan.")
        self.reason_edit = QLineEdit()
        self.reason_edit.setAccessibleName("Reason for skipping")
        self.reason_edit.setPlaceholderText("e.g. No branch site")
        self.reason_edit.setMinimumWidth(self.fontMetrics().averageCharWidth() * 48)
        prompt.setBuddy(self.reason_edit)
        self.error_label = error_label()
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText("Skip")
        buttons.button(QDialogButtonBox.StandardButton.Ok).setAccessibleName("Skip")
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setAccessibleName("Cancel")
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(prompt)
        layout.addWidget(self.reason_edit)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons)

    def reason(self) -> str:
        return self.reason_edit.text().strip()

    def accept(self) -> None:
        if not self.reason():
            self.error_label.setText(self._needed)
            self.error_label.show()
            self.reason_edit.setFocus()
            return
        super().accept()

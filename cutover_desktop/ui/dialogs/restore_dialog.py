"""Restore from backup: the plan's backups with their dates, each checked before it is offered."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.services.backups import Backup, list_backups

_REASONS = {
    "on-open": "when the plan was opened",
    "daily": "daily while open",
    "manual": "made by hand",
    "before-upgrade": "before a program upgrade",
    "before-restore": "before a restore",
    "before-import": "before an import",
}


def describe(backup: Backup) -> str:
    reason = _REASONS.get(backup.reason, backup.reason.replace("-", " "))
    return f"{backup.taken_at:%a %d %b %Y, %H:%M:%S} — {reason}"


class RestoreDialog(QDialog):
    """Lists a plan's backups, newest first; one that does not verify cannot be chosen."""

    def __init__(self, plan: Path, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Restore {plan.name} from a backup")
        self.setAccessibleName("Restore from a backup")
        self.plan = plan
        intro = QLabel(
            "Choose a backup to put in place of the plan. The plan as it is now is backed up "
            "first (or, if it is damaged, kept under a new name), so nothing is lost.")
        intro.setWordWrap(True)
        self.list = QListWidget()
        self.list.setAccessibleName("Backups, newest first")
        self.backups: list[Backup] = []
        for backup in list_backups(plan):
            good = backup.verifies()
            text = describe(backup) + ("" if good else " — damaged, cannot be used")
            item = QListWidgetItem(("✓ " if good else "✗ ") + text)
            if not good:
                item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
            self.backups.append(backup)
        self.empty = QLabel("This plan has no backups yet." if not self.backups else "")
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.restore_button = self.buttons.addButton("&Restore this backup",
                                                     QDialogButtonBox.ButtonRole.AcceptRole)
        self.restore_button.setAccessibleName("Restore the chosen backup")
        self.restore_button.setEnabled(False)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        self.list.currentRowChanged.connect(self._on_list_row_changed)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.list, 1)
        layout.addWidget(self.empty)
        layout.addWidget(self.buttons)
        line = self.fontMetrics().height()
        self.resize(max(520, 34 * line), max(360, 20 * line))
        first_good = next((i for i, b in enumerate(self.backups) if b.verifies()), None)
        if first_good is not None:
            self.list.setCurrentRow(first_good)

    def _on_list_row_changed(self, row: int) -> None:
        item = self.list.item(row)
        self.restore_button.setEnabled(
            item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled))

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.backups) and self.restore_button.isEnabled():
            return self.backups[row]
        return None

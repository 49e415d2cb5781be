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

from cutover_desktop.domain.formatting import day_abbr, month_abbr
from cutover_desktop.services.backups import Backup, list_backups
from cutover_desktop.ui.background import BackgroundJob, run_in_background

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
    taken = backup.taken_at
    return (f"{day_abbr(taken)} {taken.day:02d} {month_abbr(taken)} {taken.year}, "
            f"{taken:%H:%M:%S} — {reason}")


def _check_backups(backups: list[Backup], job: BackgroundJob) -> list[bool]:
    """Whether each backup verifies; stops early (the answer is then dropped) if cancelled."""
    good: list[bool] = []
    for backup in backups:
        if job.cancelled:
            break
        good.append(backup.verifies())
    return good


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
        self.backups: list[Backup] = list_backups(plan)
        for backup in self.backups:
            item = QListWidgetItem(f"… {describe(backup)} — checking")
            item.setFlags(item.flags() & ~Qt.ItemFlag.ItemIsEnabled)
            self.list.addItem(item)
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
        self.checked = False
        # Each check reads a whole backup file: off the GUI thread, so the list shows at once.
        backups = list(self.backups)
        self._check = run_in_background(lambda job: _check_backups(backups, job),
                                        self._show_checks, self)

    def done(self, result: int) -> None:
        """Closing stops the check: it reads no more backups once the dialog has gone."""
        self._check.cancel()
        super().done(result)

    def _show_checks(self, good: list[bool]) -> None:
        """Mark each backup usable or damaged, and choose the newest usable one."""
        for row, (backup, usable) in enumerate(zip(self.backups, good, strict=True)):
            item = self.list.item(row)
            text = describe(backup) + ("" if usable else " — damaged, cannot be used")
            item.setText(("✓ " if usable else "✗ ") + text)
            if usable:
                item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEnabled)
        self.checked = True
        first_good = next((row for row, usable in enumerate(good) if usable), None)
        if first_good is not None:
            self.list.setCurrentRow(first_good)
        self._on_list_row_changed(self.list.currentRow())

    def _on_list_row_changed(self, row: int) -> None:
        item = self.list.item(row)
        self.restore_button.setEnabled(
            item is not None and bool(item.flags() & Qt.ItemFlag.ItemIsEnabled))

    def chosen(self) -> Backup | None:
        row = self.list.currentRow()
        if 0 <= row < len(self.backups) and self.restore_button.isEnabled():
            return self.backups[row]
        return None

"""The preview of an MS Project file, before anything changes: which milestone stands for
Business Go Live, what comes in, and what cannot be carried over. Used by the import dialog
and by the New migration wizard."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QVBoxLayout,
    QWidget,
    QWizardPage,
)

from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.services.project_preview import ProjectPreview

KEEP_DATES = "None: keep each task's date from the file (pinned)"


class ProjectPreviewPanel(QWidget):
    """Shows a ProjectPreview; `preview()` gives it with the milestone the person chose."""

    anchor_changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._preview: ProjectPreview | None = None
        self.anchor_combo = QComboBox()
        self.anchor_combo.setAccessibleName("Milestone that stands for Business Go Live")
        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("What the file brings in")
        self.summary.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lost_label = QLabel("Not carried over:")
        self.lost = QListWidget()
        self.lost.setAccessibleName("What cannot be carried over")
        self.lost.setWordWrap(True)
        self.lost.setAlternatingRowColors(True)
        form = QFormLayout()
        label = QLabel("&Business Go Live is:")
        label.setBuddy(self.anchor_combo)
        form.addRow(label, self.anchor_combo)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(form)
        layout.addWidget(self.summary)
        layout.addWidget(self.lost_label)
        layout.addWidget(self.lost, 1)
        self.anchor_combo.currentIndexChanged.connect(self._on_anchor_chosen)

    def show_preview(self, preview: ProjectPreview) -> None:
        self._preview = preview
        self.anchor_combo.blockSignals(True)
        self.anchor_combo.clear()
        self.anchor_combo.addItem(KEEP_DATES, None)
        for milestone in preview.milestones:
            self.anchor_combo.addItem(f"{milestone.name} ({uk_date(milestone.day)})",
                                      milestone.uid)
        chosen = preview.anchor.uid if preview.anchor else None
        self.anchor_combo.setCurrentIndex(max(0, self.anchor_combo.findData(chosen)))
        self.anchor_combo.blockSignals(False)
        self._show_text()

    def preview(self) -> ProjectPreview | None:
        if self._preview is None:
            return None
        return self._preview.with_anchor(self.anchor_combo.currentData())

    def _on_anchor_chosen(self) -> None:
        self._show_text()
        self.anchor_changed.emit()

    def _show_text(self) -> None:
        preview = self.preview()
        if preview is None:
            return
        self.summary.setText(preview.summary())
        self.lost.clear()
        lost = preview.lost or ("Nothing: every task, date, milestone and link comes over.",)
        self.lost.addItems(list(lost))
        self.lost_label.setText(f"Not carried over ({plural(len(preview.lost), 'item')}):")


class ProjectImportDialog(QDialog):
    """Asks before an MS Project file's tasks are added to the plan; nothing changes on Cancel.
    After `accepted`, `value()` is the preview with the chosen milestone."""

    def __init__(self, preview: ProjectPreview, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Import {preview.source}")
        self.setAccessibleName("Import an MS Project file")
        intro = QLabel(f"“{preview.project.name}” from {preview.source}. Its tasks are added "
                       "to this plan, its summary tasks become phases. One Undo takes the "
                       "whole import back, and the plan is backed up first.")
        intro.setWordWrap(True)
        self.panel = ProjectPreviewPanel()
        self.panel.show_preview(preview)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
        self.import_button = self.buttons.addButton(
            f"&Import {plural(len(preview.tasks), 'task')}",
            QDialogButtonBox.ButtonRole.AcceptRole)
        self.import_button.setAccessibleName("Import the tasks")
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addWidget(self.panel, 1)
        layout.addWidget(self.buttons)
        line = self.fontMetrics().height()
        self.resize(max(620, 40 * line), max(420, 24 * line))

    def value(self) -> ProjectPreview:
        preview = self.panel.preview()
        assert preview is not None
        return preview


class ProjectFilePage(QWizardPage):
    """The New migration wizard's look at an MS Project file chosen as the template."""

    def __init__(self, chosen: Callable[[], ProjectPreview | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chosen = chosen
        self.setTitle("The MS Project file")
        self.setSubTitle("The file's tasks become the new plan's tasks and its summary tasks "
                         "its phases. Choose the milestone that stands for Business Go Live, "
                         "so the tasks move when go-live moves.")
        self.panel = ProjectPreviewPanel()
        layout = QVBoxLayout(self)
        layout.addWidget(self.panel)

    def initializePage(self) -> None:
        preview = self._chosen()
        if preview is not None:
            self.panel.show_preview(preview)

"""WelcomeDialog: a word about the demonstration plan on first start, and a plan of one's own."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop import APP_DISPLAY_NAME

WELCOME_TEXT = (
    f"<h2>Welcome to {APP_DISPLAY_NAME}</h2>"
    "<p>What you see is a <b>demonstration plan</b> for <i>Demonstration Surgery</i>, a "
    "made-up practice moving from EMIS Web to TPP SystmOne about six weeks from now. The work "
    "due so far is marked done, it has a staff of 16 and its past sign-offs are signed, so "
    "every tab has something to show. Change what you like to see how it works: it is a file "
    "of its own, and your practice's plan will be another.</p>"
    "<p>To plan your own practice's move, choose <b>New migration</b>: give the practice's "
    "name, its ODS code and the Business Go Live date agreed with the supplier, and the "
    "program lays out every key date and task around it.</p>"
    "<p>The user guide is under <b>Help → User guide</b> (F1).</p>"
)


class WelcomeDialog(QDialog):
    """Shown once, over the demonstration plan, the first time the program starts.

    Signals:
        new_migration_chosen(): the user wants to start their own plan now.
    """

    new_migration_chosen = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Welcome to {APP_DISPLAY_NAME}")
        self.setAccessibleName(f"Welcome to {APP_DISPLAY_NAME}")
        self.text_label = QLabel(WELCOME_TEXT)
        self.text_label.setWordWrap(True)
        self.text_label.setTextFormat(Qt.TextFormat.RichText)
        self.text_label.setAccessibleName("About the demonstration plan")
        self.text_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.text_label.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.new_button = QPushButton("&New migration…")
        self.new_button.setAccessibleName("New migration")
        self.new_button.setToolTip("Make a plan for your own practice now")
        self.explore_button = QPushButton("&Explore the demonstration")
        self.explore_button.setAccessibleName("Explore the demonstration")
        self.explore_button.setToolTip("Close this and look round the demonstration plan")
        buttons = QDialogButtonBox()
        buttons.addButton(self.new_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.explore_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.new_button.setDefault(True)
        self.new_button.clicked.connect(self._on_new_button_clicked)
        self.explore_button.clicked.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.text_label)
        layout.addWidget(buttons)
        self._fit_to_font()
        self.new_button.setFocus(Qt.FocusReason.OtherFocusReason)

    def _fit_to_font(self) -> None:
        # About 70 characters a line, whatever the font size.
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 70)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_to_font()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        # A word-wrapped label is laid out for its width only now: make room for all of it.
        label = self.text_label
        needed = label.heightForWidth(label.width())
        if needed > label.minimumHeight():
            label.setMinimumHeight(needed)

    def _on_new_button_clicked(self) -> None:
        self.accept()
        self.new_migration_chosen.emit()

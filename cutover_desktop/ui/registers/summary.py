"""The registers' summary for the dashboard."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QPushButton, QWidget

from cutover_desktop.domain.changes import Changes
from cutover_desktop.reports.registers import summary_lines
from cutover_desktop.ui.registers.common import RELEVANT_KINDS, text_label
from cutover_desktop.ui.session import PlanSession

# A summary for the dashboard


class RegistersSummary(QGroupBox):
    """One line per register, each with a button that opens it: for the dashboard.

    Signals:
        register_requested(int): open this register (REENTRY_TAB ... ISSUES_TAB).
    """

    register_requested = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__("Cut-over registers", parent)
        self.session = session
        self.setAccessibleName("Cut-over registers summary")
        grid = QGridLayout(self)
        grid.setColumnStretch(1, 1)
        self.lines: list[QLabel] = []
        self.buttons: list[QPushButton] = []
        names = [name for name, _text in summary_lines(session.service.state,
                                                        session.service.today())]
        for index, name in enumerate(names):
            title = text_label(name, wrap=False)
            font = title.font()
            font.setBold(True)
            title.setFont(font)
            text = text_label(name=name)
            button = QPushButton("Open")
            button.setAccessibleName(f"Open the {name.lower()} register")
            button.clicked.connect(lambda _checked=False, i=index: self.register_requested.emit(i))
            grid.addWidget(title, index, 0, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(text, index, 1, Qt.AlignmentFlag.AlignTop)
            grid.addWidget(button, index, 2, Qt.AlignmentFlag.AlignTop)
            self.lines.append(text)
            self.buttons.append(button)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self.refresh)
        self.refresh()

    def refresh(self) -> None:
        service = self.session.service
        for label, (name, text) in zip(self.lines, summary_lines(service.state,
                                                                  service.today()),
                                       strict=True):
            label.setText(text[:1].upper() + text[1:] + ".")
            label.setAccessibleName(f"{name}: {text}")

    def _on_session_changed(self, changes: Changes) -> None:
        if changes.kinds & RELEVANT_KINDS:
            self.refresh()

"""RegistersView: the cut-over registers in one tab, one sub-tab per register."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QScrollArea, QTabWidget, QVBoxLayout, QWidget

from cutover_desktop.domain.changes import Changes
from cutover_desktop.ui.registers.common import RELEVANT_KINDS, RegisterPanel
from cutover_desktop.ui.registers.equipment import EquipmentPanel
from cutover_desktop.ui.registers.held import HeldPanel
from cutover_desktop.ui.registers.issues import IssuesPanel
from cutover_desktop.ui.registers.links import LinksPanel
from cutover_desktop.ui.registers.mesh import MeshPanel
from cutover_desktop.ui.registers.reentry import ReentryPanel
from cutover_desktop.ui.session import PlanSession

REENTRY_TAB, HELD_TAB, LINKS_TAB, MESH_TAB, EQUIPMENT_TAB, ISSUES_TAB = range(6)
# The whole tab


class RegistersView(QWidget):
    """The cut-over registers, one sub-tab each.

    Signals:
        register_shown(int): the sub-tab now showing (REENTRY_TAB ... ISSUES_TAB).
    """

    register_shown = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.reentry = ReentryPanel(session)
        self.held = HeldPanel(session)
        self.links = LinksPanel(session)
        self.mesh = MeshPanel(session)
        self.equipment = EquipmentPanel(session)
        self.issues = IssuesPanel(session)
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Cut-over registers")
        self.tabs.setDocumentMode(True)
        self.tabs.setUsesScrollButtons(True)
        for panel, title in ((self.reentry, "Paper re-entry"),
                             (self.held, "Held registrations"),
                             (self.links, "Third-party links"),
                             (self.mesh, "MESH mailbox"),
                             (self.equipment, "Equipment"),
                             (self.issues, "Post-go-live issues")):
            panel.setAccessibleName(title)
            self.tabs.addTab(_scrolling(panel), title)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._dirty = True
        self.tabs.currentChanged.connect(self.register_shown)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        self.refresh()

    def panels(self) -> Sequence[RegisterPanel]:
        return (self.reentry, self.held, self.links, self.mesh, self.equipment, self.issues)

    def show_register(self, index: int) -> None:
        """Bring one register forward (REENTRY_TAB ... ISSUES_TAB)."""
        self.tabs.setCurrentIndex(index)

    def refresh(self) -> None:
        for panel in self.panels():
            panel.refresh()
        self._dirty = False

    def _on_session_changed(self, changes: Changes) -> None:
        if not changes.kinds & RELEVANT_KINDS:
            return
        # A hidden tab refreshes when it is next shown, so edits elsewhere stay quick.
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def _on_session_plan_opened(self) -> None:
        if self.isVisible():
            self.refresh()
        else:
            self._dirty = True

    def showEvent(self, event: QShowEvent) -> None:
        if self._dirty:
            self.refresh()
        super().showEvent(event)


def _scrolling(panel: QWidget) -> QScrollArea:
    """The panel in a scroll area, so nothing is cut off at large font sizes."""
    area = QScrollArea()
    area.setWidget(panel)
    area.setWidgetResizable(True)
    area.setFrameShape(QScrollArea.Shape.NoFrame)
    area.setAccessibleName(panel.accessibleName())
    return area

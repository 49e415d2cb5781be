"""SignoffView: every sign-off gate with its state, its record in full, sign and withdraw."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QFont, QFontDatabase, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural
from cutover_desktop.domain.signoff import SIGNOFF_KIND, WITHDRAWAL_KIND, GateState
from cutover_desktop.reports.signoff_pack import gate_evidence, gate_html
from cutover_desktop.services.signoff import SignoffService
from cutover_desktop.ui.dialogs.signoff_dialog import (
    AddGateDialog,
    SignoffDialog,
    WithdrawDialog,
)
from cutover_desktop.ui.models.gate_model import COL_GATE, GateTableModel
from cutover_desktop.ui.session import PlanSession

# Changes to these kinds can change a gate's date, tasks or state.
_RELEVANT = frozenset({SIGNOFF_KIND, WITHDRAWAL_KIND, "task", "plan", "calendar_day",
                       "dependency"})
INTRO = ("Each gate is signed by a person typing their name and role. The program records "
         "who typed it and the computer login; it does not check who anyone is. A signed "
         "record is never changed: a mistake is corrected by withdrawing it with a reason.")


class SignoffView(QWidget):
    """The sign-off screen.

    Signals:
        task_requested(int): the person asked to see a gate's task in the plan.
    """

    task_requested = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self._stale = True
        self._fitted = False
        self.model = GateTableModel(self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Sign-off gates")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        # A handful of rows: every column fits its contents, the last takes what is left.
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        header.setHighlightSections(False)
        self.table.setTabKeyNavigation(False)

        self.sign_button = QPushButton("Sig&n…")
        self.sign_button.setAccessibleName("Sign the selected gate off")
        self.withdraw_button = QPushButton("&Withdraw…")
        self.withdraw_button.setAccessibleName("Withdraw the selected gate's sign-off")
        self.add_button = QPushButton("Add ga&te…")
        self.add_button.setAccessibleName("Add a sign-off gate")
        self.show_task_button = QPushButton("Show in p&lan")
        self.show_task_button.setAccessibleName("Show the selected gate's task in the plan")
        self.summary_label = QLabel()
        self.summary_label.setAccessibleName("Summary of the gates")
        self.summary_label.setTextFormat(Qt.TextFormat.PlainText)
        buttons = QHBoxLayout()
        for button in (self.sign_button, self.withdraw_button, self.add_button,
                       self.show_task_button):
            buttons.addWidget(button)
        buttons.addSpacing(self.fontMetrics().averageCharWidth() * 2)
        buttons.addWidget(self.summary_label, 1)

        self.intro_label = QLabel(INTRO)
        self.intro_label.setWordWrap(True)
        self.intro_label.setTextFormat(Qt.TextFormat.PlainText)
        self.intro_label.setAccessibleName("About sign-offs")

        self.detail = QTextBrowser()
        self.detail.setAccessibleName("The selected gate's record")
        self.detail.setOpenLinks(False)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Gates and the selected gate's record")
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.detail)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self.splitter.setChildrenCollapsible(False)

        self.head_label = QLabel()
        self.head_label.setAccessibleName("Audit chain head")
        self.head_label.setTextFormat(Qt.TextFormat.PlainText)
        self.head_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                                | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.head_label.setWordWrap(True)
        fixed = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        fixed.setPointSizeF(self.font().pointSizeF())
        self._fixed_font: QFont = fixed

        layout = QVBoxLayout(self)
        layout.addWidget(self.intro_label)
        layout.addLayout(buttons)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.head_label)

        self.sign_button.clicked.connect(self.sign_selected)
        self.withdraw_button.clicked.connect(self.withdraw_selected)
        self.add_button.clicked.connect(self.add_gate)
        self.show_task_button.clicked.connect(self._on_show_task_clicked)
        self.table.activated.connect(self._on_table_activated)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_changed)
        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self.refresh)
        self.refresh()

    # Reading

    def _service(self) -> SignoffService:
        return SignoffService(self.session.service)

    def selected_key(self) -> str | None:
        index = self.table.currentIndex()
        if not index.isValid():
            return None
        return self.model.status(index.row()).gate.key

    def select_gate(self, gate_key: str) -> None:
        row = self.model.row_of(gate_key)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, COL_GATE))

    def refresh(self) -> None:
        """Read every gate again, keeping the selected one."""
        keep = self.selected_key()
        statuses = self._service().gates()
        self.model.set_rows(statuses)
        row = self.model.row_of(keep) if keep else -1
        if row < 0 and statuses:
            # The first gate that needs something done, else the first.
            row = next((i for i, s in enumerate(statuses)
                        if s.state in (GateState.OVERDUE, GateState.DUE, GateState.CHANGED)), 0)
        if row >= 0:
            self.table.setCurrentIndex(self.model.index(row, COL_GATE))
        counts = {state: sum(1 for s in statuses if s.state is state) for state in GateState}
        parts = [f"{counts[s]} {s.label.lower()}" for s in GateState if counts[s]]
        self.summary_label.setText(f"{plural(len(statuses), 'gate')}: " + ", ".join(parts)
                                   if statuses else "No gates.")
        self._show_head()
        self.head_label.setFont(self._fixed_font)
        self._show_detail()
        self._update_buttons()
        self._fit_table()
        self._stale = False

    def _fit_table(self) -> None:
        """Give the table the height of its rows (up to ten) and the record the rest."""
        total = sum(self.splitter.sizes())
        if total <= 0:
            return
        rows = min(self.model.rowCount(), 10)
        wanted = (self.table.horizontalHeader().height() + 2 * self.table.frameWidth()
                  + sum(self.table.rowHeight(r) for r in range(rows))
                  + self.table.horizontalScrollBar().sizeHint().height())
        wanted = min(wanted, total * 2 // 3)
        self.splitter.setSizes([wanted, total - wanted])

    def _show_detail(self) -> None:
        index = self.table.currentIndex()
        if not index.isValid():
            self.detail.setHtml("<p>Choose a gate to see its record.</p>")
            return
        status = self.model.status(index.row())
        evidence = gate_evidence(status, self.session.service.state)
        self.detail.setHtml(gate_html(evidence, level=3))

    def _update_buttons(self) -> None:
        index = self.table.currentIndex()
        status = self.model.status(index.row()) if index.isValid() else None
        editable = not self.session.service.read_only
        self.sign_button.setEnabled(
            editable and status is not None and bool(status.gate.task_ids)
            and status.state is not GateState.SIGNED)
        self.withdraw_button.setEnabled(editable and status is not None
                                        and status.current is not None)
        self.add_button.setEnabled(editable)
        self.show_task_button.setEnabled(status is not None and bool(status.gate.task_ids))
        if status is not None and status.state is GateState.SIGNED:
            self.sign_button.setToolTip("Already signed; withdraw it first if it was a mistake.")
        else:
            self.sign_button.setToolTip("")

    # Actions

    def sign_selected(self) -> SignoffDialog | None:
        key = self.selected_key()
        if key is None or not self.sign_button.isEnabled():
            return None
        dialog = SignoffDialog(self.session, key, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def withdraw_selected(self) -> WithdrawDialog | None:
        index = self.table.currentIndex()
        if not index.isValid() or not self.withdraw_button.isEnabled():
            return None
        current = self.model.status(index.row()).current
        if current is None:
            return None
        dialog = WithdrawDialog(self.session, current.id, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    def add_gate(self) -> AddGateDialog | None:
        if not self.add_button.isEnabled():
            return None
        dialog = AddGateDialog(self.session, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog

    # Slots

    def _show_head(self) -> None:
        head_id, head_hash = self.session.service.audit_head()
        self.head_label.setText(f"Audit chain head (entry {head_id}): {head_hash}")

    def _on_session_changed(self, changes: Changes) -> None:
        # Every edit adds to the audit trail, so the head shown must follow all of them.
        self._show_head()
        if changes.kinds & _RELEVANT:
            if self.isVisible():
                self.refresh()
            else:
                self._stale = True

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        elif not self._fitted:
            self._fit_table()
        self._fitted = True

    def _on_current_changed(self, current: QModelIndex, _previous: QModelIndex) -> None:
        self._show_detail()
        self._update_buttons()

    def _on_table_activated(self, _index: QModelIndex) -> None:
        self.sign_selected()

    def _on_show_task_clicked(self) -> None:
        index = self.table.currentIndex()
        if index.isValid():
            tasks = self.model.status(index.row()).gate.task_ids
            if tasks:
                self.task_requested.emit(int(tasks[0]))

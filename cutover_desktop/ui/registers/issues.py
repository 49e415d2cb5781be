"""The post-go-live issues panel with its burn-down chart."""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QPainter, QPaintEvent
from PySide6.QtWidgets import QDialog, QSizePolicy, QSplitter, QVBoxLayout, QWidget

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.registers import IssueStatus, issues
from cutover_desktop.printing.charts import ChartColours, paint_burn_down
from cutover_desktop.reports.registers import BurnDownChart, burn_down_chart
from cutover_desktop.ui.dialogs.register_forms import issue_dialog
from cutover_desktop.ui.forms import ConfirmDialog
from cutover_desktop.ui.models.registers_models import IssuesModel
from cutover_desktop.ui.registers.common import (
    RegisterPanel,
    RegisterTable,
    summary_text,
    text_label,
)
from cutover_desktop.ui.session import PlanSession

# Post-go-live issues and the burn-down chart


class BurnDownChartWidget(QWidget):
    """The burn-down chart, painted: legible at any font size, marks labelled in words."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._chart: BurnDownChart | None = None
        self.setAccessibleName("Burn-down chart of open post-go-live issues")
        self.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)

    def set_chart(self, chart: BurnDownChart) -> None:
        self._chart = chart
        marks = "; ".join(mark.label for mark in chart.marks)
        self.setAccessibleDescription(f"{chart.title}. {chart.caption} {marks}.")
        self.setToolTip(f"{chart.caption}\n{marks}")
        self.update()

    def chart(self) -> BurnDownChart | None:
        return self._chart

    def minimumSizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 60, fm.lineSpacing() * 14)

    def sizeHint(self) -> QSize:
        fm = self.fontMetrics()
        return QSize(fm.averageCharWidth() * 100, fm.lineSpacing() * 20)

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._chart is None:
            return
        painter = QPainter(self)
        paint_burn_down(painter, QRectF(self.rect()), self._chart, self.font(),
                        ChartColours(self.palette()))
        painter.end()


class IssuesPanel(RegisterPanel):
    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(session, parent)
        self.summary = text_label(name="Issues summary")
        self.model = IssuesModel(self)
        self.table = RegisterTable(self.model, "Post-go-live issues")
        self.add_button = self._button("&Log issue…", self.add, "Log an issue")
        self.edit_button = self._button("Ed&it…", self.edit, "Edit the issue",
                                        needs_selection=True)
        self.start_button = self._button("Start &work",
                                         lambda: self.set_status(IssueStatus.IN_PROGRESS),
                                         "Mark the issue in progress", needs_selection=True)
        self.close_button = self._button("&Close", lambda: self.set_status(IssueStatus.CLOSED),
                                         "Close the issue today", needs_selection=True)
        self.reopen_button = self._button("Reope&n", lambda: self.set_status(IssueStatus.OPEN),
                                          "Reopen the issue", needs_selection=True)
        self.delete_button = self._button("Dele&te…", self.delete, "Delete the issue",
                                          needs_selection=True)
        self.chart = BurnDownChartWidget()
        top = QWidget()
        top_layout = QVBoxLayout(top)
        top_layout.setContentsMargins(0, 0, 0, 0)
        top_layout.addWidget(text_label("Degraded codes, QOF markers, dm+d mapping and EPS "
                                        "problems, links and equipment found after go-live: who "
                                        "owns each, and whether it is closed.", "About issues"))
        top_layout.addWidget(self.summary)
        top_layout.addLayout(self._row_of_buttons(
            self.add_button, self.edit_button, self.start_button, self.close_button,
            self.reopen_button, self.delete_button))
        top_layout.addWidget(self.table, 1)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setAccessibleName("Issues and burn-down")
        self.splitter.addWidget(top)
        self.splitter.addWidget(self.chart)
        self.splitter.setChildrenCollapsible(False)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.splitter)
        self.table.selectionModel().selectionChanged.connect(self._on_table_selection_changed)
        self.table.activated.connect(lambda _index: self.edit())
        self._tab_order(self.add_button, self.edit_button, self.start_button,
                        self.close_button, self.reopen_button, self.delete_button, self.table,
                        self.chart)

    def refresh(self) -> None:
        service = self.session.service
        state = service.state
        selected = self.table.current_item()
        self.model.set_rows(issues(state))
        self.table.fit_columns()
        if selected is not None:
            self.table.select_where(lambda i: i.id == selected.id)
        self.summary.setText(summary_text(state, service.today(), "Post-go-live issues"))
        self.chart.set_chart(burn_down_chart(state, service.today()))
        self._on_table_selection_changed()

    def _on_table_selection_changed(self, *_args: object) -> None:
        issue = self.table.current_item()
        self._update_buttons(issue is not None)
        if issue is not None:
            self.start_button.setEnabled(self.start_button.isEnabled()
                                         and issue.status is IssueStatus.OPEN)
            self.close_button.setEnabled(self.close_button.isEnabled()
                                         and issue.status is not IssueStatus.CLOSED)
            self.reopen_button.setEnabled(self.reopen_button.isEnabled()
                                          and issue.status is IssueStatus.CLOSED)

    def add(self) -> QDialog:
        return self._open(issue_dialog(self.session, parent=self))

    def edit(self) -> QDialog | None:
        issue = self.table.current_item()
        return None if issue is None else self._open(issue_dialog(self.session, issue.id, self))

    def set_status(self, status: IssueStatus) -> Changes | None:
        issue = self.table.current_item()
        if issue is None:
            return None
        return self._edit(self.registers.set_issue_status, issue.id, status)

    def delete(self) -> ConfirmDialog | None:
        issue = self.table.current_item()
        if issue is None:
            return None
        return self._confirm("Delete issue", f"Delete the issue “{issue.title}”? Undo brings "
                             "it back.", "Delete",
                             lambda: self._edit(self.registers.delete_issue, issue.id))

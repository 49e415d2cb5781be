"""PlanWorkspace: every view of one open plan, in tabs, kept in step with each other."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QSplitter, QTabWidget, QVBoxLayout, QWidget

from cutover_desktop.ui.audit_view import AuditView
from cutover_desktop.ui.coverage_view import CoverageView
from cutover_desktop.ui.dashboard import DashboardWidget
from cutover_desktop.ui.key_dates_panel import KeyDatesPanel
from cutover_desktop.ui.models.task_table_model import (
    COL_END,
    COL_NUMBER,
    COL_OWNER,
    COL_START,
    COL_STATUS,
    COL_TITLE,
)
from cutover_desktop.ui.registers import RegistersView
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.signoff_view import SignoffView
from cutover_desktop.ui.staff_view import StaffView
from cutover_desktop.ui.task_list import TaskListWidget
from cutover_desktop.ui.timeline import TimelineWidget
from cutover_desktop.ui.today_view import TodayView
from cutover_desktop.ui.window_icons import set_tab_icons

# The tabs in order, as the View menu names them (Ctrl+1 to Ctrl+9).
TAB_TITLES = ("&Plan", "&Dashboard", "T&oday", "&Key dates", "&Staff", "Cove&rage",
              "Re&gisters", "S&ign-offs", "&Audit")
PLAN_TAB, DASHBOARD_TAB, TODAY_TAB, KEY_DATES_TAB = range(4)
# The columns the list pane beside the timeline shows without scrolling.
LIST_PANE_COLUMNS = (COL_NUMBER, COL_TITLE, COL_START, COL_END, COL_STATUS, COL_OWNER)


class PlanWorkspace(QWidget):
    """Every view of the plan in tabs: the plan (task list beside the timeline, rows aligned),
    dashboard, today, key dates, staff, coverage, registers, sign-offs and audit.

    Signals:
        task_activated(int): a view asked to open a task (double-click or Enter).
    """

    task_activated = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views of the plan")
        self.task_list = TaskListWidget(session)
        self.timeline = TimelineWidget(session)
        self.timeline_holder = QWidget()
        holder_layout = QVBoxLayout(self.timeline_holder)
        holder_layout.setContentsMargins(0, 0, 0, 0)
        holder_layout.setSpacing(0)
        holder_layout.addWidget(self.timeline)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setAccessibleName("Task list and timeline")
        self.splitter.addWidget(self.task_list)
        self.splitter.addWidget(self.timeline_holder)
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 3)
        self._list_pane_fitted = False
        self.dashboard = DashboardWidget(session)
        self.today_view = TodayView(session)
        self.key_dates = KeyDatesPanel(session)
        self.staff_view = StaffView(session)
        self.coverage_view = CoverageView(session)
        self.registers_view = RegistersView(session)
        self.signoff_view = SignoffView(session)
        self.audit_view = AuditView(session)
        pages = (self.splitter, self.dashboard, self.today_view, self.key_dates, self.staff_view,
                 self.coverage_view, self.registers_view, self.signoff_view, self.audit_view)
        for page, title in zip(pages, TAB_TITLES, strict=True):
            self.tabs.addTab(page, title)
        set_tab_icons(self.tabs)
        self.signoff_view.task_requested.connect(self.show_task)
        self.staff_view.task_requested.connect(self.show_task)
        self.coverage_view.person_requested.connect(self._on_coverage_person_requested)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._align_timeline_with_table()
        self.task_list.row_order_changed.connect(self.timeline.set_row_order)
        self.timeline.set_row_order(self.task_list.visible_task_ids())
        self.task_list.task_activated.connect(self.task_activated)
        self.timeline.task_activated.connect(self.task_activated)
        self.today_view.task_activated.connect(self.task_activated)
        self.dashboard.task_requested.connect(self.show_task)
        self.dashboard.date_requested.connect(self._on_dashboard_date_requested)
        self.dashboard.subject_requested.connect(self._on_dashboard_subject_requested)
        self.dashboard.register_requested.connect(self._on_dashboard_register_requested)

    def show_task(self, task_id: int) -> None:
        """Bring the plan tab forward with the task selected in the list and the timeline."""
        self.tabs.setCurrentIndex(PLAN_TAB)
        self.session.select_task(task_id, None)

    def _on_coverage_person_requested(self, person_id: int) -> None:
        self.tabs.setCurrentWidget(self.staff_view)
        self.staff_view.select_person(person_id)

    def _on_dashboard_subject_requested(self, subject: str, day: object) -> None:
        """A finding about a person (or a role) on a day: show that cell of the coverage grid."""
        self.tabs.setCurrentWidget(self.coverage_view)
        on = day if isinstance(day, date) else None
        if not self.coverage_view.show_finding_subject(subject, on) and on is not None:
            self.coverage_view.show_day(on)

    def _on_dashboard_register_requested(self, index: int) -> None:
        self.tabs.setCurrentWidget(self.registers_view)
        self.registers_view.show_register(index)

    def _on_dashboard_date_requested(self, day: object) -> None:
        self.tabs.setCurrentIndex(PLAN_TAB)
        self.timeline.scroll_to_date(day)

    def _align_timeline_with_table(self) -> None:
        """Rows of the timeline sit level with the rows of the task table and scroll with them."""
        table = self.task_list.table_view()
        table.setVerticalScrollMode(table.ScrollMode.ScrollPerPixel)
        self.timeline.set_row_height(table.verticalHeader().defaultSectionSize())
        table_bar = table.verticalScrollBar()
        timeline_bar = self.timeline.vertical_scroll_bar()
        table_bar.valueChanged.connect(timeline_bar.setValue)
        timeline_bar.valueChanged.connect(table_bar.setValue)
        self.timeline.header_height_changed.connect(lambda _height: self._update_header_offset())
        self._watcher = _GeometryWatcher(self._update_header_offset, self)
        table.installEventFilter(self._watcher)
        table.horizontalHeader().installEventFilter(self._watcher)
        self._update_header_offset()

    def _update_header_offset(self) -> None:
        # The timeline's header (ruler, key-date labels, phase lanes) is tall. The timeline
        # starts level with the filters above the table, so the table's header only grows by
        # what the filters leave over, and is never shorter than its own words need.
        table = self.task_list.table_view()
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignBottom | Qt.AlignmentFlag.AlignHCenter)
        # Where the rows start, less the header, in each pane (frames included).
        top = max(0, table.mapTo(self.task_list, table.rect().topLeft()).y()
                  + table.frameWidth())
        timeline_top = self.timeline.header_height() + self.timeline.frameWidth()
        wanted = max(self._natural_header_height(header), timeline_top - top)
        if header.height() != wanted:
            header.setFixedHeight(wanted)
        shift = max(0, top + wanted - timeline_top)
        layout = self.timeline_holder.layout()
        if layout is not None and layout.contentsMargins().top() != shift:
            layout.setContentsMargins(0, shift, 0, 0)

    @staticmethod
    def _natural_header_height(header: QHeaderView) -> int:
        metrics = header.fontMetrics()
        return metrics.height() + 12

    def fit_list_pane(self) -> None:
        """Give the list pane room for number, title, start, end, status and owner (up to
        two thirds of the width); the timeline takes the rest."""
        header = self.task_list.table_view().horizontalHeader()
        wanted = sum(header.sectionSize(column) for column in LIST_PANE_COLUMNS) + 40
        total = max(1, self.splitter.width())
        left = min(wanted, total * 2 // 3)
        self.splitter.setSizes([left, max(1, total - left)])

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if not self._list_pane_fitted:
            self._list_pane_fitted = True
            self.fit_list_pane()


class _GeometryWatcher(QObject):
    def __init__(self, callback, parent: QObject) -> None:  # type: ignore[no-untyped-def]
        super().__init__(parent)
        self._callback = callback

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if event.type() in (QEvent.Type.Resize, QEvent.Type.Move, QEvent.Type.Show):
            self._callback()
        return False

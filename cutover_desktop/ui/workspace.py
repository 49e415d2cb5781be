"""PlanWorkspace: every view of one open plan, in tabs, kept in step with each other."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QHeaderView, QSplitter, QTabWidget, QVBoxLayout, QWidget

from cutover_desktop.ui.models.task_table_model import (
    COL_END,
    COL_NUMBER,
    COL_OWNER,
    COL_START,
    COL_STATUS,
    COL_TITLE,
)
from cutover_desktop.ui.session import PlanSession
from cutover_desktop.ui.task_list import TaskListWidget
from cutover_desktop.ui.timeline import TimelineWidget
from cutover_desktop.ui.window_icons import set_tab_icons, tab_icon

if TYPE_CHECKING:
    # The other tabs are built (and their modules loaded) when first shown or asked for.
    from cutover_desktop.ui.audit_view import AuditView
    from cutover_desktop.ui.coverage_view import CoverageView
    from cutover_desktop.ui.dashboard import DashboardWidget
    from cutover_desktop.ui.key_dates_panel import KeyDatesPanel
    from cutover_desktop.ui.registers import RegistersView
    from cutover_desktop.ui.signoff_view import SignoffView
    from cutover_desktop.ui.staff_view import StaffView
    from cutover_desktop.ui.today_view import TodayView

# The tabs in order, as the View menu names them (Ctrl+1 to Ctrl+9).
TAB_TITLES = ("&Plan", "&Dashboard", "T&oday", "&Key dates", "&Staff", "Cove&rage",
              "Re&gisters", "S&ign-offs", "&Audit")
(PLAN_TAB, DASHBOARD_TAB, TODAY_TAB, KEY_DATES_TAB, STAFF_TAB, COVERAGE_TAB, REGISTERS_TAB,
 SIGNOFF_TAB, AUDIT_TAB) = range(len(TAB_TITLES))
# The columns the list pane beside the timeline shows without scrolling.
LIST_PANE_COLUMNS = (COL_NUMBER, COL_TITLE, COL_START, COL_END, COL_STATUS, COL_OWNER)


class PlanWorkspace(QWidget):
    """Every view of the plan in tabs: the plan (task list beside the timeline, rows aligned),
    dashboard, today, key dates, staff, coverage, registers, sign-offs and audit.

    The plan tab is built at once; every other tab when it is first shown (or asked for).
    The plan's warnings are worked out after the first paint rather than before it.

    Signals:
        task_activated(int): a view asked to open a task (double-click or Enter).
        first_painted(): the plan has been painted for the first time.
        findings_ready(object): the plan's warnings have been worked out (their list).
    """

    task_activated = Signal(int)
    first_painted = Signal()
    findings_ready = Signal(object)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.session = session
        self.tabs = QTabWidget()
        self.tabs.setAccessibleName("Views of the plan")
        self.task_list = TaskListWidget(session)
        table = self.task_list.table_view()
        self.timeline = TimelineWidget(session, row_height=table.verticalHeader()
                                       .defaultSectionSize(),
                                       row_order=self.task_list.visible_task_ids())
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
        self._views: dict[int, QWidget] = {PLAN_TAB: self.splitter}
        self._makers: dict[int, Callable[[], QWidget]] = {
            DASHBOARD_TAB: self._make_dashboard, TODAY_TAB: self._make_today_view,
            KEY_DATES_TAB: self._make_key_dates, STAFF_TAB: self._make_staff_view,
            COVERAGE_TAB: self._make_coverage_view, REGISTERS_TAB: self._make_registers_view,
            SIGNOFF_TAB: self._make_signoff_view, AUDIT_TAB: self._make_audit_view}
        self._swapping = False
        self.tabs.addTab(self.splitter, TAB_TITLES[PLAN_TAB])
        for index in range(1, len(TAB_TITLES)):
            waiting = QWidget()
            waiting.setAccessibleName(TAB_TITLES[index].replace("&", ""))
            self.tabs.addTab(waiting, TAB_TITLES[index])
        set_tab_icons(self.tabs)
        self.tabs.currentChanged.connect(self._on_tab_shown)
        self.findings: list[object] | None = None
        self.task_list.table_view().first_painted.connect(self._on_first_paint)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.tabs)
        self._align_timeline_with_table()
        self.task_list.row_order_changed.connect(self.timeline.set_row_order)
        # After an edit the table has re-sorted before the timeline hears of it: the timeline
        # takes that order at once rather than laying the plan out twice.
        self.timeline.set_row_source(self.task_list.visible_task_ids)
        self.timeline.set_row_order(self.task_list.visible_task_ids())
        self.task_list.task_activated.connect(self.task_activated)
        self.timeline.task_activated.connect(self.task_activated)

    # Tabs built when first needed

    def view(self, index: int) -> QWidget:
        """The view of a tab, built (in place of its stand-in) the first time it is needed."""
        found = self._views.get(index)
        if found is not None:
            return found
        made = self._views[index] = self._makers[index]()
        stand_in, current = self.tabs.widget(index), self.tabs.currentIndex()
        self._swapping = True
        try:
            self.tabs.removeTab(index)
            self.tabs.insertTab(index, made, tab_icon(index), TAB_TITLES[index])
            self.tabs.setCurrentIndex(current)
        finally:
            self._swapping = False
        if stand_in is not None:
            stand_in.deleteLater()
        return made

    def is_built(self, index: int) -> bool:
        return index in self._views

    def _on_tab_shown(self, index: int) -> None:
        if not self._swapping and index >= 0:
            self.view(index)

    @property
    def dashboard(self) -> DashboardWidget:
        return self.view(DASHBOARD_TAB)  # type: ignore[return-value]

    @property
    def today_view(self) -> TodayView:
        return self.view(TODAY_TAB)  # type: ignore[return-value]

    @property
    def key_dates(self) -> KeyDatesPanel:
        return self.view(KEY_DATES_TAB)  # type: ignore[return-value]

    @property
    def staff_view(self) -> StaffView:
        return self.view(STAFF_TAB)  # type: ignore[return-value]

    @property
    def coverage_view(self) -> CoverageView:
        return self.view(COVERAGE_TAB)  # type: ignore[return-value]

    @property
    def registers_view(self) -> RegistersView:
        return self.view(REGISTERS_TAB)  # type: ignore[return-value]

    @property
    def signoff_view(self) -> SignoffView:
        return self.view(SIGNOFF_TAB)  # type: ignore[return-value]

    @property
    def audit_view(self) -> AuditView:
        return self.view(AUDIT_TAB)  # type: ignore[return-value]

    def _make_dashboard(self) -> QWidget:
        from cutover_desktop.ui.dashboard import DashboardWidget

        dashboard = DashboardWidget(self.session)
        dashboard.task_requested.connect(self.show_task)
        dashboard.date_requested.connect(self._on_dashboard_date_requested)
        dashboard.subject_requested.connect(self._on_dashboard_subject_requested)
        dashboard.register_requested.connect(self._on_dashboard_register_requested)
        return dashboard

    def _make_today_view(self) -> QWidget:
        from cutover_desktop.ui.today_view import TodayView

        today = TodayView(self.session)
        today.task_activated.connect(self.task_activated)
        return today

    def _make_key_dates(self) -> QWidget:
        from cutover_desktop.ui.key_dates_panel import KeyDatesPanel

        return KeyDatesPanel(self.session)

    def _make_staff_view(self) -> QWidget:
        from cutover_desktop.ui.staff_view import StaffView

        staff = StaffView(self.session)
        staff.task_requested.connect(self.show_task)
        return staff

    def _make_coverage_view(self) -> QWidget:
        from cutover_desktop.ui.coverage_view import CoverageView

        coverage = CoverageView(self.session)
        coverage.person_requested.connect(self._on_coverage_person_requested)
        return coverage

    def _make_registers_view(self) -> QWidget:
        from cutover_desktop.ui.registers import RegistersView

        return RegistersView(self.session)

    def _make_signoff_view(self) -> QWidget:
        from cutover_desktop.ui.signoff_view import SignoffView

        signoff = SignoffView(self.session)
        signoff.task_requested.connect(self.show_task)
        return signoff

    def _make_audit_view(self) -> QWidget:
        from cutover_desktop.ui.audit_view import AuditView

        return AuditView(self.session)

    # After the first paint

    def _on_first_paint(self) -> None:
        # A zero timer: the paint in progress finishes (and reaches the screen) first.
        QTimer.singleShot(0, self._after_first_paint)

    def _after_first_paint(self) -> None:
        self.first_painted.emit()
        QTimer.singleShot(0, self._work_out_findings)

    def _work_out_findings(self) -> None:
        # The plan keeps them: the Dashboard, built when first shown, shows these.
        self.findings = list(self.session.service.findings())
        self.findings_ready.emit(self.findings)

    def show_task(self, task_id: int) -> None:
        """Bring the plan tab forward with the task selected in the list and the timeline."""
        self.tabs.setCurrentIndex(PLAN_TAB)
        self.session.select_task(task_id, None)

    def _on_coverage_person_requested(self, person_id: int) -> None:
        self.tabs.setCurrentIndex(STAFF_TAB)
        self.staff_view.select_person(person_id)

    def _on_dashboard_subject_requested(self, subject: str, day: object) -> None:
        """A finding about a person (or a role) on a day: show that cell of the coverage grid."""
        self.tabs.setCurrentIndex(COVERAGE_TAB)
        on = day if isinstance(day, date) else None
        if not self.coverage_view.show_finding_subject(subject, on) and on is not None:
            self.coverage_view.show_day(on)

    def _on_dashboard_register_requested(self, index: int) -> None:
        self.tabs.setCurrentIndex(REGISTERS_TAB)
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

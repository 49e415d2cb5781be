"""The dashboard: countdown to the next key date, the cut-over registers, progress by phase,
and the plan's warnings."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from PySide6.QtCore import (
    QEvent,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate, next_key_date
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.ui.countdown import countdown_text, days_away
from cutover_desktop.ui.models.findings_model import (
    COL_CONCERNS,
    COL_DATE,
    COL_MESSAGE,
    COL_SEVERITY,
    FINDING_ROLE,
    SEVERITY_SYMBOLS,
    FindingsModel,
)
from cutover_desktop.ui.phase_progress import (
    BLOCKED_SYMBOL,
    OVERDUE_SYMBOL,
    PhaseProgress,
    PhaseRow,
    phase_progress,
)
from cutover_desktop.ui.registers import RegistersSummary
from cutover_desktop.ui.session import PlanSession

NEXT_MARKER = "▶"
# Kept importable from here, where they used to live.
__all__ = ["BLOCKED_SYMBOL", "OVERDUE_SYMBOL", "DashboardWidget", "PhaseProgress",
           "countdown_text", "days_away", "next_key_date", "phase_progress"]
# The share of the height key dates, registers and progress get at first; warnings get the rest.
TOP_SHARE = 0.4


class _FindingDelegate(QStyledItemDelegate):
    """Cells with a little room above and below; a message wraps, the rest stay on one line,
    cut short with an ellipsis (the full text is in the message and the tooltip)."""

    def __init__(self, wrap: bool, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._wrap = wrap

    def initStyleOption(self, option: QStyleOptionViewItem,
                        index: QModelIndex | QPersistentModelIndex) -> None:
        super().initStyleOption(option, index)
        if not self._wrap:
            option.features &= ~QStyleOptionViewItem.ViewItemFeature.WrapText

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        hint = super().sizeHint(option, index)
        line = option.fontMetrics.height()
        height = hint.height() if self._wrap else min(hint.height(), line + 2)
        return QSize(hint.width(), height + line // 5)


class DashboardWidget(QWidget):
    """What needs attention in the open plan, at a glance.

    Signals:
        task_requested(int): the user opened a finding about a task; show that task.
        date_requested(object): the user opened a finding about a date (datetime.date).
        subject_requested(str, object): the user opened a finding about a person or a role
            (and its date, or None), with no task to show.
        register_requested(int): the user asked to open a cut-over register (the Registers
            tab's REENTRY_TAB ... ISSUES_TAB).
    """

    task_requested = Signal(int)
    date_requested = Signal(object)
    subject_requested = Signal(str, object)
    register_requested = Signal(int)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._phase_rows: dict[str, PhaseRow] = {}
        self._total_row: PhaseRow | None = None
        self._stale = False
        self._key_rows: dict[KeyDate, tuple[QLabel, QLabel, QLabel, QLabel]] = {}
        self.setAccessibleName("Dashboard")

        self.countdown_label = QLabel(self)
        self.countdown_label.setObjectName("countdown")
        self.countdown_label.setAccessibleName("Countdown to the next key date")
        self.countdown_label.setWordWrap(True)
        self.countdown_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse)
        headline = QFont(self.countdown_label.font())
        headline.setPointSizeF(headline.pointSizeF() * 1.5)
        headline.setBold(True)
        self.countdown_label.setFont(headline)
        self.practice_label = QLabel(self)
        self.practice_label.setAccessibleName("Practice")
        self.practice_label.setWordWrap(True)

        top = QWidget(self)
        self._top_grid = QGridLayout(top)
        self._top_grid.setContentsMargins(0, 0, 0, 0)
        self._key_box = self._build_key_dates(top)
        self.registers_summary = RegistersSummary(session, top)
        self.registers_summary.register_requested.connect(self.register_requested)
        self._build_progress(top)
        self._arrangement = ""
        self._top = top
        self._sized = False
        top.installEventFilter(self)
        scroll = QScrollArea(self)
        scroll.setWidget(top)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Key dates, registers and progress")
        self._scroll = scroll

        splitter = QSplitter(Qt.Orientation.Vertical, self)
        self._splitter = splitter
        splitter.setChildrenCollapsible(False)
        splitter.addWidget(scroll)
        splitter.addWidget(self._build_warnings(splitter))
        splitter.setStretchFactor(0, 2)
        splitter.setStretchFactor(1, 3)

        layout = QVBoxLayout(self)
        layout.addWidget(self.countdown_label)
        layout.addWidget(self.practice_label)
        layout.addWidget(splitter, 1)

        session.changed.connect(self._on_session_changed)
        session.plan_opened.connect(self._on_session_plan_opened)
        self.refresh()

    # Layout that follows the window's width

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._arrange()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.refresh()
        self._arrange()
        if not self._sized:
            # Key dates, registers and progress get the room they need, up to 40% of the
            # height (they scroll); the warnings get the rest.
            self._sized = True
            total = sum(self._splitter.sizes())
            top = min(self._top.sizeHint().height() + 4, int(total * TOP_SHARE))
            self._splitter.setSizes([top, total - top])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._top:
            if event.type() == QEvent.Type.LayoutRequest:
                self._arrange()
        elif event.type() == QEvent.Type.Resize:  # the warnings table's viewport
            self._schedule_fit()
        return super().eventFilter(watched, event)

    def _arrange(self) -> None:
        """Lay out key dates, registers and progress for the width there is: side by side when
        wide; key dates beside the registers, over progress, when not; one above another when
        narrow. Key dates and the registers come first: they fit in the top at a glance."""
        spacing = self._top_grid.horizontalSpacing()
        key = self._key_box.sizeHint().width()
        # The registers' lines wrap, so they need only room for a few words a line.
        registers = self.registers_summary.fontMetrics().averageCharWidth() * 60
        progress = self._progress_box.sizeHint().width()
        room = self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width() - 8
        if room >= key + registers + progress + 2 * spacing:
            arrangement = "wide"
        elif room >= key + registers + spacing:
            arrangement = "medium"
        else:
            arrangement = "narrow"
        if arrangement == self._arrangement:
            return
        self._arrangement = arrangement
        grid = self._top_grid
        boxes = (self._key_box, self.registers_summary, self._progress_box)
        for box in boxes:
            grid.removeWidget(box)
        for index in range(4):
            grid.setColumnStretch(index, 0)
            grid.setRowStretch(index, 0)
        top = Qt.AlignmentFlag.AlignTop
        if arrangement == "wide":
            for column, box in enumerate(boxes):
                grid.addWidget(box, 0, column, top)
            grid.setColumnStretch(1, 1)
            grid.setColumnStretch(2, 1)
        elif arrangement == "medium":
            grid.addWidget(self._key_box, 0, 0, top)
            grid.addWidget(self.registers_summary, 0, 1, top)
            grid.addWidget(self._progress_box, 1, 0, 1, 2, top)
            grid.setColumnStretch(1, 1)
        else:
            for row, box in enumerate(boxes):
                grid.addWidget(box, row, 0, top)
            grid.setColumnStretch(0, 1)
        grid.setRowStretch(3, 1)

    # Building

    def _build_key_dates(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Key dates", parent)
        box.setAccessibleName("Key dates")
        grid = QGridLayout(box)
        grid.setHorizontalSpacing(12)
        for row, key in enumerate(KeyDate):
            labels = (QLabel(box), QLabel(key.label, box), QLabel(box), QLabel(box))
            labels[0].setAccessibleName("Next key date marker")
            labels[2].setObjectName(f"keydate:{key.value}")
            labels[3].setObjectName(f"keydate-away:{key.value}")
            for column, label in enumerate(labels):
                grid.addWidget(label, row, column)
            self._key_rows[key] = labels
        grid.setColumnStretch(4, 1)
        return box

    def _build_progress(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Progress by phase", parent)
        box.setAccessibleName("Progress by phase")
        self._progress_grid = QGridLayout(box)
        self._progress_grid.setHorizontalSpacing(12)
        # Twelve phases: tight rows keep most of them in sight above the warnings.
        self._progress_grid.setVerticalSpacing(1)
        self._progress_grid.setColumnStretch(1, 1)
        self._progress_box = box
        return box

    def _build_warnings(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Warnings", parent)
        box.setObjectName("warnings-box")
        box.setAccessibleName("Warnings")
        self.severity_filter = QComboBox(box)
        self.severity_filter.setAccessibleName("Show warnings of severity")
        self.severity_filter.addItem("All severities", None)
        for severity in Severity:
            self.severity_filter.addItem(
                f"{SEVERITY_SYMBOLS[severity]} {severity.label}s only", severity)
        show_label = QLabel("&Show:", box)
        show_label.setBuddy(self.severity_filter)
        self.summary_label = QLabel(box)
        self.summary_label.setObjectName("findings-summary")
        self.summary_label.setAccessibleName("Warnings summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setSizePolicy(QSizePolicy.Policy.Expanding,
                                         QSizePolicy.Policy.Preferred)
        self.go_button = QPushButton("&Go to", box)
        self.go_button.setAccessibleName("Go to the task or date of the selected warning")
        self.go_button.setToolTip("Show the task or date the selected warning is about (Enter)")
        self.go_button.setEnabled(False)
        # A rule whose fix is a date offers the nearest day that satisfies it.
        self.fix_button = QPushButton("Move to the suggested day", box)
        self.fix_button.setAccessibleName("Move the task of the selected warning to the day "
                                          "that satisfies the rule")
        self.fix_button.setEnabled(False)

        self.findings_model = FindingsModel(self)
        table = QTableView(box)
        table.setObjectName("findings")
        table.setAccessibleName("Warnings table")
        table.setModel(self.findings_model)
        table.setSortingEnabled(True)
        table.sortByColumn(COL_SEVERITY, Qt.SortOrder.AscendingOrder)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        # Messages wrap and rows grow to fit them (see _fit_visible_rows); what a warning concerns
        # stays on one line (the message names it too), so rows are no taller than needed.
        table.setWordWrap(True)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self._one_line = _FindingDelegate(False, table)
        self._wrapping_delegate = _FindingDelegate(True, table)
        for column in (COL_SEVERITY, COL_DATE, COL_CONCERNS):
            table.setItemDelegateForColumn(column, self._one_line)
        table.setItemDelegateForColumn(COL_MESSAGE, self._wrapping_delegate)
        table.setTabKeyNavigation(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        # Widths from the longest text each column can hold, not by measuring thousands of rows.
        metrics = table.fontMetrics()
        pad = metrics.horizontalAdvance("M") * 2
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_MESSAGE, QHeaderView.ResizeMode.Stretch)
        header.resizeSection(COL_SEVERITY, pad + max(
            metrics.horizontalAdvance(f"{SEVERITY_SYMBOLS[s]} {s.label}") for s in Severity))
        header.resizeSection(COL_DATE, pad + metrics.horizontalAdvance("Wed 30 Sep 2026"))
        header.resizeSection(COL_CONCERNS, metrics.horizontalAdvance("M") * 12)
        self.findings_view = table
        # Rows are fitted to their text only where they are seen, so thousands of warnings
        # cost no more than a screenful: after each change, scroll or resize, once.
        self._fit_timer = QTimer(self)
        self._fit_timer.setSingleShot(True)
        self._fit_timer.setInterval(0)
        self._fit_timer.timeout.connect(self._fit_visible_rows)
        table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self._at_end = False
        table.verticalScrollBar().valueChanged.connect(self._on_findings_scrolled)
        # Fitting rows changes the scroll range, and with it what is in sight: fit again.
        table.verticalScrollBar().rangeChanged.connect(self._on_findings_range_changed)
        header.sectionResized.connect(self._schedule_fit)
        self.findings_model.modelReset.connect(self._schedule_fit)
        self.findings_model.layoutChanged.connect(self._schedule_fit)
        table.viewport().installEventFilter(self)

        bar = QHBoxLayout()
        bar.addWidget(show_label)
        bar.addWidget(self.severity_filter)
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.fix_button)
        bar.addWidget(self.go_button)
        layout = QVBoxLayout(box)
        layout.addLayout(bar)
        layout.addWidget(table, 1)

        self.severity_filter.currentIndexChanged.connect(self._on_severity_filter_changed)
        table.activated.connect(self._on_findings_view_activated)
        table.selectionModel().selectionChanged.connect(self._on_findings_selection_changed)
        self.go_button.clicked.connect(self._on_go_button_clicked)
        self.fix_button.clicked.connect(self._on_fix_button_clicked)
        return box

    # Refreshing

    def refresh(self) -> None:
        """Read the plan again and show it."""
        self._stale = False
        service = self._session.service
        state = service.state
        today = service.today()
        schedule = service.schedule()
        details = service.details
        self._show_countdown(schedule.key_dates, today)
        suppliers = " → ".join(s for s in (details.old_supplier, details.new_supplier) if s)
        practice = f"{details.practice_name} ({details.ods_code})"
        self.practice_label.setText(f"{practice}: {suppliers}" if suppliers else practice)
        self._show_progress(phase_progress(details.phases, state.tasks.values(), schedule, today))
        self._show_findings(service.findings(), {tid: t.title for tid, t in state.tasks.items()})
        self._arrange()

    def _show_countdown(self, key_dates: Mapping[KeyDate, date], today: date) -> None:
        text = countdown_text(key_dates, today)
        self.countdown_label.setText(text)
        self.countdown_label.setAccessibleDescription(text)
        upcoming = next_key_date(key_dates, today)
        for key, (marker, name, when, away) in self._key_rows.items():
            day = key_dates[key]
            is_next = upcoming is not None and upcoming[0] is key
            marker.setText(NEXT_MARKER if is_next else "")
            marker.setToolTip("The next key date" if is_next else "")
            when.setText(uk_date(day))
            away.setText(days_away((day - today).days))
            for label in (name, when, away):
                font = label.font()
                font.setBold(is_next)
                label.setFont(font)

    def _show_progress(self, rows: list[PhaseProgress]) -> None:
        phases = [row.phase for row in rows]
        if phases != list(self._phase_rows):
            for old in self._phase_rows.values():
                old.remove()
            if self._total_row is not None:
                self._total_row.remove()
            # The whole plan first, so it stays in sight when the box scrolls.
            total_row = PhaseRow(self._progress_grid, 0, "All tasks", self._progress_box)
            self._phase_rows = {phase: PhaseRow(self._progress_grid, index, phase,
                                                 self._progress_box)
                                for index, phase in enumerate(phases, start=1)}
            font = total_row.name.font()
            font.setBold(True)
            total_row.name.setFont(font)
            self._total_row = total_row
        for row in rows:
            self._phase_rows[row.phase].show(row)
        total = PhaseProgress(
            "All tasks",
            **{name: sum(getattr(row, name) for row in rows)
               for name in ("total", "done", "skipped", "in_progress", "blocked", "overdue")})
        assert self._total_row is not None
        self._total_row.show(total)

    def _show_findings(self, findings: list[Finding], titles: dict[Any, str]) -> None:
        view = self.findings_view
        kept = self._selected_finding()
        self.findings_model.set_findings(findings, titles)
        counts = {severity: 0 for severity in Severity}
        for finding in findings:
            counts[finding.severity] += 1
        if findings:
            self.summary_label.setText(", ".join(
                f"{SEVERITY_SYMBOLS[s]} {plural(n, s.label.lower())}"
                for s, n in counts.items() if n))
        else:
            self.summary_label.setText("No warnings: the plan passes every check.")
        if kept is not None:
            for row in range(self.findings_model.rowCount()):
                index = self.findings_model.index(row, COL_MESSAGE)
                if index.data(FINDING_ROLE) == kept:
                    view.setCurrentIndex(index)
                    break
        self.go_button.setEnabled(self._selected_finding() is not None)

    def _on_findings_scrolled(self, value: int) -> None:
        bar = self.findings_view.verticalScrollBar()
        self._at_end = 0 < bar.maximum() <= value
        self._schedule_fit()

    def _on_findings_range_changed(self, _minimum: int, maximum: int) -> None:
        # Scrolled to the end, the table stays at the end as the rows there grow.
        bar = self.findings_view.verticalScrollBar()
        if self._at_end and bar.value() < maximum:
            bar.setValue(maximum)
        self._schedule_fit()

    def _schedule_fit(self, *_: object) -> None:
        # Not timer.start itself: given an int it would take it for the interval.
        self._fit_timer.start()

    def _fit_visible_rows(self) -> None:
        """Make each row in sight as tall as its wrapped message. Rows out of sight keep
        whatever height they had; they are fitted when scrolled to (the table scrolls by
        row, so that does not move what is on screen)."""
        view = self.findings_view
        count = self.findings_model.rowCount()
        row = max(0, view.rowAt(0))
        bottom = view.viewport().height()
        while row < count and view.rowViewportPosition(row) < bottom:
            view.resizeRowToContents(row)
            row += 1

    def _selected_finding(self) -> Finding | None:
        rows = self.findings_view.selectionModel().selectedRows(COL_MESSAGE)
        return rows[0].data(FINDING_ROLE) if rows else None

    # Acting on a finding

    def open_finding(self, finding: Finding) -> None:
        """Ask the window to show what the finding is about: its task, or else its date."""
        if finding.task_id is not None:
            self.task_requested.emit(int(finding.task_id))
            self._session.select_task(int(finding.task_id), self)
        elif finding.subject:
            # A person or a role on a day: the coverage grid shows it best.
            self.subject_requested.emit(finding.subject, finding.day)
        elif finding.day is not None:
            self.date_requested.emit(finding.day)
            self._session.date_requested.emit(finding.day)

    def _on_findings_view_activated(self, index: QModelIndex) -> None:
        finding = index.data(FINDING_ROLE)
        if finding is not None:
            self.open_finding(finding)

    def _on_go_button_clicked(self) -> None:
        finding = self._selected_finding()
        if finding is not None:
            self.open_finding(finding)

    def _on_findings_selection_changed(self, *_: object) -> None:
        finding = self._selected_finding()
        self.go_button.setEnabled(finding is not None and (
            finding.task_id is not None or finding.day is not None or bool(finding.subject)))
        fix = finding.fix_date if finding is not None else None
        self.fix_button.setEnabled(fix is not None and not self._session.service.read_only)
        if fix is None:
            self.fix_button.setText("Move to the suggested day")
        elif finding is not None and finding.task_id is None:
            self.fix_button.setText(f"Move go-live to {uk_date(fix)}")
        else:
            self.fix_button.setText(f"Move to {uk_date(fix)}")

    def _on_fix_button_clicked(self) -> None:
        finding = self._selected_finding()
        if finding is not None and finding.fix_date is not None:
            self._session.edit(self._session.service.apply_fix, finding)

    def _on_severity_filter_changed(self, _index: int) -> None:
        # Qt hands enum data back as plain text.
        data = self.severity_filter.currentData()
        self.findings_model.set_severity(Severity(data) if data else None)

    def _on_session_changed(self, _changes: Changes) -> None:
        self._refresh_when_seen()

    def _on_session_plan_opened(self) -> None:
        self._refresh_when_seen()

    def _refresh_when_seen(self) -> None:
        # Checking a large plan takes a moment: a hidden dashboard waits until it is shown.
        if self.isVisible():
            self.refresh()
        else:
            self._stale = True

"""The dashboard: countdown to the next key date, progress by phase, and the plan's warnings."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from PySide6.QtCore import QEvent, QModelIndex, QObject, Qt, Signal
from PySide6.QtGui import QFont, QResizeEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QComboBox,
    QFrame,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QProgressBar,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.scheduling import Schedule
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.ui.models.findings_model import (
    COL_CONCERNS,
    COL_DATE,
    COL_MESSAGE,
    COL_SEVERITY,
    FINDING_ROLE,
    SEVERITY_SYMBOLS,
    FindingsModel,
)
from cutover_desktop.ui.session import PlanSession

NEXT_MARKER = "▶"
BLOCKED_SYMBOL = "⊘"
OVERDUE_SYMBOL = "▲"


# Countdown wording, shared with the today view


def days_away(days: int) -> str:
    """'today', 'tomorrow', 'in 12 days', 'yesterday', '3 days ago'."""
    if days == 0:
        return "today"
    if days == 1:
        return "tomorrow"
    if days == -1:
        return "yesterday"
    if days > 0:
        return f"in {plural(days, 'day')}"
    return f"{plural(-days, 'day')} ago"


def next_key_date(key_dates: Mapping[KeyDate, date], today: date) -> tuple[KeyDate, date] | None:
    """The first key date on or after today, or None when they have all passed."""
    coming = sorted(((day, list(KeyDate).index(key), key) for key, day in key_dates.items()
                     if day >= today))
    if not coming:
        return None
    day, _, key = coming[0]
    return key, day


def countdown_text(key_dates: Mapping[KeyDate, date], today: date) -> str:
    """'Business Go Live in 12 days — Tue 16 Mar 2027'."""
    upcoming = next_key_date(key_dates, today)
    if upcoming is None:
        key, day = max(key_dates.items(), key=lambda item: item[1])
        return f"Every key date has passed; the last, {key.label}, was {uk_date(day)}."
    key, day = upcoming
    days = (day - today).days
    if days <= 1:
        return f"{key.label} is {days_away(days)} — {uk_date(day)}"
    return f"{key.label} {days_away(days)} — {uk_date(day)}"


# Progress by phase


@dataclass(frozen=True)
class PhaseProgress:
    """How far one phase has got. Done counts skipped tasks too: neither is left to do."""

    phase: str
    total: int = 0
    done: int = 0
    skipped: int = 0
    in_progress: int = 0
    blocked: int = 0
    overdue: int = 0

    @property
    def closed(self) -> int:
        return self.done + self.skipped


def phase_progress(phases: Iterable[str], tasks: Iterable[Task], schedule: Schedule,
                   today: date) -> list[PhaseProgress]:
    """One PhaseProgress per phase, in plan order (phases no task uses included)."""
    counts: dict[str, dict[str, int]] = {}
    for phase in phases:
        counts.setdefault(phase, {})
    for task in tasks:
        row = counts.setdefault(task.phase, {})
        row["total"] = row.get("total", 0) + 1
        status = task.status
        if status is TaskStatus.DONE:
            key = "done"
        elif status is TaskStatus.SKIPPED:
            key = "skipped"
        elif status is TaskStatus.BLOCKED:
            key = "blocked"
        elif schedule.dates[task.id].end < today:
            key = "overdue"
        elif status is TaskStatus.IN_PROGRESS:
            key = "in_progress"
        else:
            continue
        row[key] = row.get(key, 0) + 1
    return [PhaseProgress(phase, **row) for phase, row in counts.items()]


def _problem_text(progress: PhaseProgress) -> str:
    parts = []
    if progress.blocked:
        parts.append(f"{BLOCKED_SYMBOL} {progress.blocked} blocked")
    if progress.overdue:
        parts.append(f"{OVERDUE_SYMBOL} {progress.overdue} overdue")
    return "   ".join(parts)


class _PhaseRow:
    """The widgets that show one phase's progress."""

    def __init__(self, grid: QGridLayout, row: int, phase: str, parent: QWidget) -> None:
        self._grid = grid
        self.name = QLabel(phase, parent)
        self.bar = QProgressBar(parent)
        self.bar.setObjectName(f"progress:{phase}")
        self.bar.setTextVisible(True)
        text_width = self.bar.fontMetrics().horizontalAdvance("000 of 000 done")
        self.bar.setMinimumWidth(text_width * 3 // 2)
        self.problems = QLabel(parent)
        self.problems.setObjectName(f"problems:{phase}")
        self.name.setBuddy(self.bar)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.bar, row, 1)
        grid.addWidget(self.problems, row, 2)

    def show(self, progress: PhaseProgress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.closed)
            self.bar.setFormat("%v of %m done")
        else:
            # A range of 0..0 would make the bar a busy indicator.
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self.bar.setFormat("No tasks")
        text = _problem_text(progress)
        self.problems.setText(text)
        summary = f"{progress.phase}: {progress.closed} of {progress.total} tasks done"
        if progress.skipped:
            summary += f" ({progress.skipped} skipped)"
        self.bar.setAccessibleName(summary)
        self.bar.setToolTip(summary)
        self.problems.setAccessibleName(f"{progress.phase}: {text or 'nothing blocked or overdue'}")

    def remove(self) -> None:
        for widget in (self.name, self.bar, self.problems):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()


class DashboardWidget(QWidget):
    """What needs attention in the open plan, at a glance.

    Signals:
        task_requested(int): the user opened a finding about a task; show that task.
        date_requested(object): the user opened a finding about a date (datetime.date).
        subject_requested(str, object): the user opened a finding about a person or a role
            (and its date, or None), with no task to show.
    """

    task_requested = Signal(int)
    date_requested = Signal(object)
    subject_requested = Signal(str, object)

    def __init__(self, session: PlanSession, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._session = session
        self._phase_rows: dict[str, _PhaseRow] = {}
        self._total_row: _PhaseRow | None = None
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
        self._top_layout = QBoxLayout(QBoxLayout.Direction.LeftToRight, top)
        self._top_layout.setContentsMargins(0, 0, 0, 0)
        self._key_box = self._build_key_dates(top)
        self._top_layout.addWidget(self._key_box, 0, Qt.AlignmentFlag.AlignTop)
        self._top_layout.addWidget(self._build_progress(top), 1, Qt.AlignmentFlag.AlignTop)
        self._top = top
        self._sized = False
        top.installEventFilter(self)
        scroll = QScrollArea(self)
        scroll.setWidget(top)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setAccessibleName("Key dates and progress")
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
            # Key dates and progress get the room they need, up to about half the height.
            self._sized = True
            total = sum(self._splitter.sizes())
            top = min(self._top.sizeHint().height() + 4, total // 2)
            self._splitter.setSizes([top, total - top])

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        if watched is self._top and event.type() == QEvent.Type.LayoutRequest:
            self._arrange()
        return super().eventFilter(watched, event)

    def _arrange(self) -> None:
        """Key dates beside progress when there is room, above it when the window is narrow."""
        needed = (self._key_box.sizeHint().width() + self._progress_box.sizeHint().width()
                  + self._top_layout.spacing())
        room = self._scroll.width() - self._scroll.verticalScrollBar().sizeHint().width() - 8
        direction = (QBoxLayout.Direction.LeftToRight if room >= needed
                     else QBoxLayout.Direction.TopToBottom)
        if self._top_layout.direction() != direction:
            self._top_layout.setDirection(direction)

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
        self._progress_grid.setColumnStretch(1, 1)
        self._progress_box = box
        return box

    def _build_warnings(self, parent: QWidget) -> QGroupBox:
        box = QGroupBox("Warnings", parent)
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
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
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

        bar = QHBoxLayout()
        bar.addWidget(show_label)
        bar.addWidget(self.severity_filter)
        bar.addWidget(self.summary_label, 1)
        bar.addWidget(self.go_button)
        layout = QVBoxLayout(box)
        layout.addLayout(bar)
        layout.addWidget(table, 1)

        self.severity_filter.currentIndexChanged.connect(self._on_severity_filter_changed)
        table.activated.connect(self._on_findings_view_activated)
        table.selectionModel().selectionChanged.connect(self._on_findings_selection_changed)
        self.go_button.clicked.connect(self._on_go_button_clicked)
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
            total_row = _PhaseRow(self._progress_grid, 0, "All tasks", self._progress_box)
            self._phase_rows = {phase: _PhaseRow(self._progress_grid, index, phase,
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

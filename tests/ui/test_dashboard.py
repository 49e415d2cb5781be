"""The dashboard: countdown, progress by phase and the warnings table, driven as a user would."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from PySide6.QtCore import QPersistentModelIndex, QRect, Qt
from PySide6.QtWidgets import QApplication, QGroupBox, QLabel, QProgressBar, QStyle

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.services.registers import RegistersService
from cutover_desktop.ui.dashboard import DashboardWidget, countdown_text, days_away
from cutover_desktop.ui.models.findings_model import (
    COL_DATE,
    COL_MESSAGE,
    COL_SEVERITY,
    FINDING_ROLE,
    FindingsModel,
)
from cutover_desktop.ui.registers import ISSUES_TAB, LINKS_TAB
from cutover_desktop.ui.workspace import PlanWorkspace
from tests.conftest import TODAY


@pytest.fixture
def dashboard(qtbot, session):
    widget = DashboardWidget(session)
    qtbot.addWidget(widget)
    widget.resize(1100, 760)
    widget.show()
    return widget


def _rows(dashboard: DashboardWidget) -> list[Finding]:
    model = dashboard.findings_model
    return [model.index(row, 0).data(FINDING_ROLE) for row in range(model.rowCount())]


def _row_of(dashboard: DashboardWidget, code: str) -> int:
    return next(row for row, finding in enumerate(_rows(dashboard)) if finding.code == code)


def _expected_counts(service, phase: str) -> dict[str, int]:
    today = service.today()
    dates = service.schedule().dates
    tasks = [t for t in service.state.tasks.values() if t.phase == phase]
    return {
        "total": len(tasks),
        "closed": sum(t.status in (TaskStatus.DONE, TaskStatus.SKIPPED) for t in tasks),
        "blocked": sum(t.status is TaskStatus.BLOCKED for t in tasks),
        "overdue": sum(t.status in (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)
                       and dates[t.id].end < today for t in tasks),
    }


def test_countdown_names_the_next_key_date_with_its_date(dashboard):
    # Today is Sat 28 Nov 2026; the planning meeting is 28 days before FDP (Fri 12 Mar 2027).
    assert dashboard.countdown_label.text() == (
        "Cut-over planning meeting in 76 days — Fri 12 Feb 2027")
    assert dashboard.findChild(QLabel, "keydate:BGL").text() == "Tue 16 Mar 2027"
    assert dashboard.findChild(QLabel, "keydate-away:BGL").text() == "in 108 days"


def test_countdown_follows_a_go_live_change(dashboard, session, service):
    session.edit(service.set_go_live, date(2026, 12, 1))
    # FDP (Fri 27 Nov) has passed; TGL is the working day before BGL.
    assert dashboard.countdown_label.text() == "Technical Go Live in 2 days — Mon 30 Nov 2026"
    assert dashboard.findChild(QLabel, "keydate-away:FDP").text() == "yesterday"


def test_countdown_wording_at_the_edges():
    assert days_away(0) == "today" and days_away(1) == "tomorrow"
    assert days_away(-3) == "3 days ago"
    keys = {KeyDate.BGL: date(2027, 3, 16)}
    assert countdown_text(keys, date(2027, 3, 16)) == "Business Go Live is today — Tue 16 Mar 2027"
    assert countdown_text(keys, date(2027, 3, 20)).startswith("Every key date has passed")


def test_progress_per_phase_matches_the_service(dashboard, session, service):
    phase = "Data checking"
    ids = [t.id for t in service.state.ordered_tasks() if t.phase == phase]
    session.edit(service.set_status, ids[:3], TaskStatus.DONE)
    session.edit(service.set_status, ids[3:4], TaskStatus.SKIPPED, "Supplier did it")
    session.edit(service.set_status, ids[4:6], TaskStatus.BLOCKED)

    for name in service.details.phases:
        expected = _expected_counts(service, name)
        bar = dashboard.findChild(QProgressBar, f"progress:{name}")
        assert (bar.value(), bar.maximum()) == (expected["closed"], expected["total"]), name
        assert bar.text() == f"{expected['closed']} of {expected['total']} done"
        problems = dashboard.findChild(QLabel, f"problems:{name}").text()
        assert (f"{expected['blocked']} blocked" in problems) == bool(expected["blocked"])
        assert (f"{expected['overdue']} overdue" in problems) == bool(expected["overdue"])

    data_checking = dashboard.findChild(QProgressBar, f"progress:{phase}")
    assert data_checking.value() == 4
    assert "2 blocked" in dashboard.findChild(QLabel, f"problems:{phase}").text()
    total = dashboard.findChild(QProgressBar, "progress:All tasks")
    assert (total.value(), total.maximum()) == (4, len(service.state.tasks))


def test_findings_table_shows_every_finding_with_severity_as_words_and_symbol(dashboard,
                                                                              service):
    findings = service.findings()
    assert len(_rows(dashboard)) == len(findings) > 0
    overdue_row = _row_of(dashboard, "TASK_OVERDUE")
    model = dashboard.findings_model
    assert model.index(overdue_row, COL_SEVERITY).data() == "▲ Warning"
    # The first template task, 80 working days before go-live.
    assert model.index(overdue_row, COL_DATE).data() == "Thu 19 Nov 2026"
    assert "due by Thu 19 Nov 2026" in model.index(overdue_row, 1).data()
    # What it concerns: the task's title.
    task = service.task(_rows(dashboard)[overdue_row].task_id)
    assert model.index(overdue_row, 3).data() == task.title


def test_double_click_on_a_task_finding_asks_for_that_task(qtbot, dashboard, session, service):
    task = service.state.ordered_tasks()[10]
    session.edit(service.set_status, [task.id], TaskStatus.BLOCKED)
    view = dashboard.findings_view
    row = next(r for r, f in enumerate(_rows(dashboard))
               if f.code == "TASK_BLOCKED" and f.task_id == task.id)
    rect = view.visualRect(dashboard.findings_model.index(row, 1))
    with qtbot.waitSignal(dashboard.task_requested) as requested, \
            qtbot.waitSignal(session.task_selected) as selected:
        qtbot.mouseClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
        qtbot.mouseDClick(view.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert requested.args == [task.id]
    assert selected.args == [task.id, dashboard]


def test_enter_on_a_date_only_finding_asks_for_the_date(qtbot, dashboard, session):
    view = dashboard.findings_view
    row = _row_of(dashboard, "BGL_QOF_YEAR_END")
    view.setFocus()
    view.setCurrentIndex(dashboard.findings_model.index(row, 1))
    with qtbot.assertNotEmitted(dashboard.task_requested), \
            qtbot.waitSignal(dashboard.date_requested) as requested, \
            qtbot.waitSignal(session.date_requested):
        qtbot.keyClick(view, Qt.Key.Key_Return)
    assert requested.args == [date(2027, 3, 16)]


def test_go_to_button_opens_the_selected_finding(qtbot, dashboard, service):
    assert not dashboard.go_button.isEnabled()
    row = _row_of(dashboard, "TASK_OVERDUE")
    dashboard.findings_view.selectRow(row)
    assert dashboard.go_button.isEnabled()
    with qtbot.waitSignal(dashboard.task_requested) as requested:
        qtbot.mouseClick(dashboard.go_button, Qt.MouseButton.LeftButton)
    assert requested.args == [_rows(dashboard)[row].task_id]


def test_filter_by_severity_and_sort_by_date(dashboard, session, service):
    # May Day 2027 is a bank holiday: a problem, besides the warnings already there.
    session.edit(service.set_go_live, date(2027, 5, 3))
    session.edit(service.set_status, [service.state.ordered_tasks()[5].id], TaskStatus.BLOCKED)
    every = service.findings()
    problems = [f for f in every if f.severity is Severity.PROBLEM]
    assert problems and len(problems) < len(every)

    combo = dashboard.severity_filter
    combo.setCurrentIndex(combo.findData(Severity.PROBLEM))
    shown = _rows(dashboard)
    assert len(shown) == len(problems)
    assert all(f.severity is Severity.PROBLEM for f in shown)
    # The warnings: the blocked task, and a one-day cut-over (TGL is the Friday before); the
    # note: the May Day weekend. The template's own tasks keep to working days.
    assert dashboard.summary_label.text() == "✖ 1 problem, ▲ 2 warnings, ℹ 1 note"

    combo.setCurrentIndex(0)
    assert len(_rows(dashboard)) == len(every)
    dashboard.findings_view.sortByColumn(COL_DATE, Qt.SortOrder.AscendingOrder)
    days = [f.day or date.max for f in _rows(dashboard)]
    assert days == sorted(days)
    dashboard.findings_view.sortByColumn(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert [f.day or date.max for f in _rows(dashboard)] == sorted(days, reverse=True)


def test_no_findings_says_so(qtbot, session, service):
    widget = DashboardWidget(session)
    qtbot.addWidget(widget)
    widget._show_findings([], {})
    assert widget.summary_label.text() == "No warnings: the plan passes every check."


def test_findings_model_passes_the_model_tester(qtmodeltester, service):
    model = FindingsModel()
    findings = service.findings() + [
        Finding("X", Severity.PROBLEM, "A problem with no date."),
        Finding("Y", Severity.NOTE, "About a person.", TODAY, subject="Dr Patel"),
    ]
    model.set_findings(findings, {t.id: t.title for t in service.state.tasks.values()})
    qtmodeltester.check(model)
    rows = {f.code: r for r, f in enumerate(model.findings())}
    assert rows["X"] == 0  # worst first: the only problem
    assert model.index(rows["Y"], 3).data() == "Dr Patel"
    assert model.index(rows["X"], 3).data() == "The plan"
    assert model.index(rows["X"], COL_DATE).data() == ""
    model.set_severity(Severity.NOTE)
    qtmodeltester.check(model)
    assert model.rowCount() == sum(f.severity is Severity.NOTE for f in findings)
    assert {f.severity for f in model.findings()} == {Severity.NOTE}


def test_findings_model_sorts_and_keeps_persistent_indexes(service):
    model = FindingsModel()
    model.set_findings([
        Finding("A", Severity.NOTE, "Later note", date(2027, 3, 1)),
        Finding("B", Severity.PROBLEM, "A problem", date(2027, 4, 1)),
        Finding("C", Severity.WARNING, "Early warning", date(2027, 1, 1)),
    ])
    assert [f.code for f in model.findings()] == ["B", "C", "A"]  # worst first
    kept = QPersistentModelIndex(model.index(0, COL_SEVERITY))
    model.sort(COL_DATE, Qt.SortOrder.AscendingOrder)
    assert [f.code for f in model.findings()] == ["C", "A", "B"]
    assert kept.row() == 2 and kept.data(FINDING_ROLE).code == "B"
    model.sort(COL_DATE, Qt.SortOrder.DescendingOrder)
    assert [f.code for f in model.findings()] == ["B", "A", "C"]


def test_a_hidden_dashboard_catches_up_when_shown(qtbot, session, service):
    widget = DashboardWidget(session)
    qtbot.addWidget(widget)
    session.edit(service.set_go_live, date(2026, 12, 1))
    widget.show()
    assert widget.countdown_label.text() == "Technical Go Live in 2 days — Mon 30 Nov 2026"


# The cut-over registers on the dashboard


def test_the_dashboard_sums_up_the_registers_and_opens_one(qtbot, dashboard, session, service):
    box = dashboard.registers_summary
    assert box.title() == "Cut-over registers" and box.isVisible()
    assert box.lines[LINKS_TAB].text() == "No links recorded."
    session.edit(RegistersService(service).add_link, "Pathology", 5)
    assert box.lines[LINKS_TAB].text() == "1 link, 0 confirmed back on."
    button = box.buttons[ISSUES_TAB]
    assert button.accessibleName() == "Open the post-go-live issues register"
    with qtbot.waitSignal(dashboard.register_requested) as requested:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert requested.args == [ISSUES_TAB]


def test_opening_a_register_from_the_dashboard_shows_it_in_the_registers_tab(qtbot, session):
    workspace = PlanWorkspace(session)
    qtbot.addWidget(workspace)
    workspace.resize(1280, 800)
    workspace.show()
    workspace.tabs.setCurrentWidget(workspace.dashboard)
    button = workspace.dashboard.registers_summary.buttons[LINKS_TAB]
    qtbot.waitExposed(button)
    qtbot.keyClick(button, Qt.Key.Key_Space)
    assert workspace.tabs.currentWidget() is workspace.registers_view
    assert workspace.registers_view.tabs.currentIndex() == LINKS_TAB


# The warnings table


def _wrapped_height(view, row: int, column: int) -> int:
    """The height the cell's text needs when wrapped to the column's width."""
    text = view.model().index(row, column).data()
    width = view.columnWidth(column) - 2 * view.style().pixelMetric(
        QStyle.PixelMetric.PM_FocusFrameHMargin, None, view) - 2
    return view.fontMetrics().boundingRect(QRect(0, 0, width, 100000),
                                           int(Qt.TextFlag.TextWordWrap), text).height()


def _visible_rows(view) -> range:
    first = max(0, view.rowAt(0))
    last = view.rowAt(view.viewport().height() - 1)
    return range(first, (view.model().rowCount() if last < 0 else last + 1))


def _check_rows_fit(qtbot, view) -> int:
    """Every row in sight is tall enough for its wrapped message; how many needed 2+ lines."""
    line = view.fontMetrics().lineSpacing()

    def fitted() -> None:
        for row in _visible_rows(view):
            assert view.rowHeight(row) >= _wrapped_height(view, row, COL_MESSAGE), row

    qtbot.waitUntil(fitted, timeout=2000)
    return sum(_wrapped_height(view, row, COL_MESSAGE) > line for row in _visible_rows(view))


@pytest.mark.parametrize("scale", [1.0, 1.5])
def test_warnings_wrap_to_show_each_message_in_full(qtbot, session, scale):
    app = QApplication.instance()
    font = app.font()
    size = font.pointSizeF()
    font.setPointSizeF(size * scale)
    app.setFont(font)
    try:
        widget = DashboardWidget(session)
        qtbot.addWidget(widget)
        widget.resize(1100, 760)
        widget.show()
        qtbot.waitExposed(widget)
        view = widget.findings_view
        assert view.wordWrap()
        assert _check_rows_fit(qtbot, view), "no message long enough to need two lines"
        # Narrower: the messages wrap to more lines and the rows grow with them.
        widget.resize(800, 760)
        _check_rows_fit(qtbot, view)
        # The warnings have the larger share of the height.
        warnings = widget.findChild(QGroupBox, "warnings-box")
        assert warnings.height() >= 0.55 * widget._splitter.height()
        shots = Path("/tmp/shots")
        shots.mkdir(exist_ok=True)
        widget.grab().save(str(shots / f"dashboard_{int(scale * 100)}.png"))
    finally:
        font.setPointSizeF(size)
        app.setFont(font)


def test_thousands_of_warnings_are_fitted_where_they_are_seen(qtbot, dashboard):
    long = ("Someone is assigned “A long task title that goes on and on about the letters "
            "and the lab results” on Tue 9 Mar 2027, but is on annual leave that day.")
    findings = [Finding("X", Severity.WARNING, f"{n}: {long} {long}", date(2027, 3, 9))
                for n in range(3000)]
    dashboard._show_findings(findings, {})
    view = dashboard.findings_view
    assert _check_rows_fit(qtbot, view) == len(_visible_rows(view)) > 2
    # Rows far below keep one line until they are scrolled to.
    assert view.rowHeight(2999) < _wrapped_height(view, 2999, COL_MESSAGE)
    # At the end, the table stays at the end as the rows there grow.
    view.scrollToBottom()
    qtbot.waitUntil(lambda: 2999 in _visible_rows(view)
                    and view.rowHeight(2999) >= _wrapped_height(view, 2999, COL_MESSAGE),
                    timeout=2000)
    assert _check_rows_fit(qtbot, view) == len(_visible_rows(view))

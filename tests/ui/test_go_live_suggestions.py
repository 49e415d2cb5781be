"""Suggestions in the window: the Key dates tab, the New migration wizard, the dashboard."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from PySide6.QtCore import Qt

from cutover_desktop.domain.model import OffsetUnit
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.ui.dashboard import DashboardWidget
from cutover_desktop.ui.key_dates_panel import KeyDatesPanel
from cutover_desktop.ui.models.findings_model import FINDING_ROLE
from cutover_desktop.ui.new_plan_wizard import NewPlanWizard
from cutover_desktop.ui.qt_dates import to_qdate
from cutover_desktop.ui.session import PlanSession
from tests.conftest import TODAY, riverside
from tests.ui.wizard_steps import shown_wizard, to_go_live_page

EASTER_TUESDAY = date(2027, 3, 30)  # FDP would be Good Friday


@pytest.fixture
def easter_session(qtbot):
    service = memory_plan(riverside(EASTER_TUESDAY), today=lambda: TODAY)
    yield PlanSession(service)
    service.close()


@pytest.fixture
def panel(qtbot, easter_session):
    widget = KeyDatesPanel(easter_session)
    qtbot.addWidget(widget)
    widget.resize(1200, 900)
    widget.show()
    return widget


def test_key_dates_tab_explains_the_broken_rule_and_offers_dates(panel) -> None:
    box = panel.suggestions_box
    assert box.isVisible()
    text = box.problems_label.text()
    assert "Good Friday" in text and "Easter Monday" in text
    assert [b.text() for b in box.buttons if b.isVisible()] == [
        "Use Tue 6 Apr 2027", "Use Tue 23 Mar 2027", "Use Tue 13 Apr 2027"]
    assert box.reasons[0].text() == ("Cut-over Fri 2 Apr to Mon 5 Apr, 72 hours, "
                                     "no bank holiday inside.")


def test_using_a_suggestion_moves_go_live_in_one_undo_step(qtbot, panel,
                                                          easter_session) -> None:
    service = easter_session.service
    qtbot.mouseClick(panel.suggestions_box.buttons[0], Qt.MouseButton.LeftButton)
    assert service.details.go_live == date(2027, 4, 6)
    assert not panel.suggestions_box.isVisible()  # nothing left to suggest
    assert "moved from Tue 30 Mar 2027 to Tue 6 Apr 2027" in panel.go_live_message.text()
    service.undo()
    assert service.details.go_live == EASTER_TUESDAY
    assert service.undo_status().undo_label is None


def test_no_suggestions_while_the_key_dates_are_sound(qtbot, session) -> None:
    widget = KeyDatesPanel(session)
    qtbot.addWidget(widget)
    widget.show()
    assert not widget.suggestions_box.isVisible()


def test_the_wizard_suggests_dates_before_the_plan_is_made(qtbot) -> None:
    wizard = shown_wizard(qtbot)
    to_go_live_page(wizard)
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(EASTER_TUESDAY))
    box = page.suggestions_box
    assert box.isVisible() and box.buttons[0].text() == "Use Tue 6 Apr 2027"
    # Not without a tick: the date breaks a rule of the guide.
    wizard.next()
    assert wizard.currentPage() is page
    qtbot.mouseClick(box.buttons[0], Qt.MouseButton.LeftButton)
    assert page.go_live() == date(2027, 4, 6) and not box.isVisible()
    wizard.next()
    assert wizard.currentPage() is wizard.file_page


def test_the_wizard_leaves_twelve_weeks_to_plan(qtbot) -> None:
    wizard = NewPlanWizard(today=date(2027, 3, 1))
    qtbot.addWidget(wizard)
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(EASTER_TUESDAY))
    assert page.suggestions_box.suggestions
    assert all(s.day >= date(2027, 5, 24) for s in page.suggestions_box.suggestions)


def test_dashboard_offers_the_day_that_satisfies_a_rule_and_applies_it(qtbot,
                                                                       session) -> None:
    service = session.service
    sign_off = next(t for t in service.state.tasks.values()
                    if t.template_key == "data-checking-sign-off")
    # On Saturday 20 Feb by hand; it waits for the recheck, which runs to Sunday 21 Feb.
    session.edit(service.update_task, replace(sign_off, offset=-24,
                                              offset_unit=OffsetUnit.CALENDAR_DAYS))
    dashboard = DashboardWidget(session)
    qtbot.addWidget(dashboard)
    dashboard.resize(1100, 760)
    dashboard.show()
    model = dashboard.findings_model
    row = next(r for r in range(model.rowCount())
               if model.index(r, 0).data(FINDING_ROLE).code == "MILESTONE_ON_CLOSED_DAY")
    dashboard.findings_view.selectRow(row)
    assert dashboard.fix_button.isEnabled()
    assert service.schedule().dates[sign_off.id].start == date(2027, 2, 21)
    assert dashboard.fix_button.text() == "Move to Mon 22 Feb 2027"
    before = service.undo_status().undo_label
    qtbot.mouseClick(dashboard.fix_button, Qt.MouseButton.LeftButton)
    assert service.schedule().dates[sign_off.id].start == date(2027, 2, 22)
    assert not [f for f in service.findings() if f.code == "MILESTONE_ON_CLOSED_DAY"]
    service.undo()
    assert service.undo_status().undo_label == before


def test_key_dates_tab_says_when_go_live_is_too_close_to_plan_for(qtbot) -> None:
    """Two weeks ahead with nothing started: the tab says so and offers dates at least 12
    weeks on, as the dashboard and `show` do."""
    service = memory_plan(riverside(date(2026, 12, 15)), today=lambda: TODAY)
    try:
        widget = KeyDatesPanel(PlanSession(service))
        qtbot.addWidget(widget)
        widget.resize(1200, 900)
        widget.show()
        box = widget.suggestions_box
        assert box.isVisible()
        assert "only 2 weeks away" in box.problems_label.text()
        assert "leave the 12 weeks the guide plans for" in box.problems_label.text()
        shown = [b.text() for b in box.buttons if b.isVisible()]
        assert shown and all(text.startswith("Use ") for text in shown)
        first = box.suggestions[0].day
        assert first >= date(2027, 2, 20)  # 12 weeks after 28 Nov 2026
        qtbot.mouseClick(box.buttons[0], Qt.MouseButton.LeftButton)
        assert service.details.go_live == first
        assert not box.isVisible()
    finally:
        service.close()


def test_the_wizard_says_when_go_live_is_too_close_to_plan_for(qtbot) -> None:
    """A sound Tuesday two weeks ahead breaks no key-date rule, but leaves no time to plan:
    the wizard says so, offers dates 12 weeks on, and asks for a tick to go on."""
    wizard = shown_wizard(qtbot)
    to_go_live_page(wizard)
    page = wizard.go_live_page
    page.date_edit.setDate(to_qdate(date(2026, 12, 8)))  # a Tuesday, 10 days on
    box = page.suggestions_box
    assert box.isVisible() and "only 1 week away" in box.problems_label.text()
    assert box.suggestions and all(s.day >= date(2027, 2, 20) for s in box.suggestions)
    assert page.confirm_box.isVisible()
    wizard.next()
    assert wizard.currentPage() is page
    page.date_edit.setDate(to_qdate(date(2027, 4, 20)))  # 20 weeks on: nothing to say
    assert not box.isVisible() and not page.confirm_box.isVisible()

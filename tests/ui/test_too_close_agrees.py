"""One rule for a go-live too close to plan for: the findings, the suggested dates, `show`,
the Key dates tab and the New migration wizard agree on either side of the 12 weeks."""

from __future__ import annotations

import io
from dataclasses import replace
from datetime import date, timedelta

import pytest

from cutover_desktop.cli import write_summary
from cutover_desktop.domain import suggestions
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.services.plan_files import default_template, memory_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.ui.key_dates_panel import KeyDatesPanel
from cutover_desktop.ui.qt_dates import to_qdate
from cutover_desktop.ui.session import PlanSession
from tests.conftest import riverside
from tests.ui.wizard_steps import shown_wizard, to_go_live_page

GO_LIVE = date(2027, 2, 23)  # a Tuesday whose key dates break no rule
TWELVE_WEEKS_BEFORE = GO_LIVE - timedelta(weeks=12)


def _short_template():  # type: ignore[no-untyped-def]
    """Only the last three weeks of the standard template: nothing is overdue six weeks out."""
    template = default_template()
    late = tuple(t for t in template.tasks if t.anchor is not KeyDate.BGL or t.offset >= -15)
    keys = {t.key for t in late}
    return replace(template, tasks=tuple(replace(t, anchor_task="") if t.anchor_task
                                         and t.anchor_task not in keys else t for t in late),
                   dependencies=tuple(d for d in template.dependencies
                                      if d[0] in keys and d[1] in keys))


def _says_too_close(service: PlanService, qtbot) -> dict[str, bool]:  # type: ignore[no-untyped-def]
    """Whether each place says the go-live is too close to plan for."""
    go_live = service.details.go_live
    first = service.suggested_go_live(1)[0].day
    summary = io.StringIO()
    write_summary(service, summary)
    shown = summary.getvalue()
    panel = KeyDatesPanel(PlanSession(service))
    qtbot.addWidget(panel)
    panel.resize(1200, 900)
    panel.show()
    box = panel.suggestions_box
    if box.isVisible():
        assert box.suggestions[0].day == first
    return {
        "findings": any(f.code == "GO_LIVE_TOO_CLOSE" for f in service.findings()),
        "suggestions move the date": first != go_live,
        "show": "GO_LIVE_TOO_CLOSE" in shown,
        "show suggests": f"Suggested go-live: {service.suggested_go_live(1)[0].text}" in shown,
        "key dates tab": box.isVisible()
        and "the guide plans a migration over 12 to 16 weeks" in box.problems_label.text(),
    }


@pytest.mark.parametrize(("today", "too_close"), [
    (TWELVE_WEEKS_BEFORE, False),
    (TWELVE_WEEKS_BEFORE + timedelta(days=1), True),
])
def test_every_place_agrees_either_side_of_twelve_weeks(qtbot, today: date,
                                                        too_close: bool) -> None:
    service = memory_plan(riverside(GO_LIVE), today=lambda: today)
    try:
        said = _says_too_close(service, qtbot)
    finally:
        service.close()
    assert said == dict.fromkeys(said, too_close)
    wizard = shown_wizard(qtbot, today)
    to_go_live_page(wizard)
    wizard.go_live_page.date_edit.setDate(to_qdate(GO_LIVE))
    box = wizard.go_live_page.suggestions_box
    assert box.isVisible() is too_close
    if too_close:  # the wizard grows to show the sentences whole, not squeezed
        qtbot.wait(10)
        label = box.problems_label
        assert label.heightForWidth(label.width()) <= label.height() + 1


def test_a_plan_with_nothing_overdue_yet_is_still_too_close(qtbot) -> None:
    """Six weeks out with only the last weeks' tasks: nothing is late yet, but the suggested
    dates leave 12 weeks, so the plan's date is said to be too close everywhere."""
    today = GO_LIVE - timedelta(weeks=6)
    service = memory_plan(riverside(GO_LIVE), _short_template(), today=lambda: today)
    try:
        assert not any(f.code == "TASK_OVERDUE" for f in service.findings())
        said = _says_too_close(service, qtbot)
    finally:
        service.close()
    assert said == dict.fromkeys(said, True)


def test_a_go_live_that_has_passed_is_not_called_weeks_away() -> None:
    today = GO_LIVE + timedelta(days=3)
    service = memory_plan(riverside(GO_LIVE), today=lambda: today)
    try:
        [finding] = [f for f in service.findings() if f.code == "GO_LIVE_TOO_CLOSE"]
    finally:
        service.close()
    assert "has passed" in finding.message and "weeks away" not in finding.message


def test_the_findings_and_the_suggestions_search_for_dates_once(monkeypatch) -> None:
    searches = []
    real = suggestions.suggest_go_live

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        searches.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(suggestions, "suggest_go_live", counted)
    today = TWELVE_WEEKS_BEFORE + timedelta(days=1)
    service = memory_plan(riverside(GO_LIVE), today=lambda: today)
    try:
        for _ in range(3):  # the dashboard, the Key dates tab and `show` each ask
            [too_close] = [f for f in service.findings() if f.code == "GO_LIVE_TOO_CLOSE"]
            assert too_close.fix_date == service.suggested_go_live(3)[0].day
    finally:
        service.close()
    assert len(searches) == 1

"""Register report content: one-line summaries, printable reports and the burn-down geometry."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta

import pytest

from cutover_desktop.domain.nhs_number import check_digit, format_nhs_number
from cutover_desktop.domain.registers import (
    GoLiveIssue,
    IssueCategory,
    IssueStatus,
    burn_down,
)
from cutover_desktop.reports.document import PageBreak, PageFrame, Table
from cutover_desktop.reports.registers import (
    REGISTERS,
    burn_down_chart,
    register_report,
    registers_report,
    summary_lines,
    weekly_burn_down,
)
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.registers import RegistersService
from tests.conftest import GO_LIVE, riverside

TODAY = GO_LIVE + timedelta(days=10)
FRAME = PageFrame("Riverside Surgery", "riverside.cutover", datetime(2027, 3, 26, 9, 30))
NUMBER = next(f"999{n:06d}" + str(check_digit(f"999{n:06d}")) for n in range(100, 200)
              if check_digit(f"999{n:06d}") is not None)


@pytest.fixture
def plan() -> Iterator[PlanService]:
    service = memory_plan(riverside(), today=lambda: TODAY)
    yield service
    service.close()


@pytest.fixture
def filled(plan: PlanService) -> PlanService:
    r = RegistersService(plan)
    collected = GO_LIVE - timedelta(days=3)
    r.add_batch("Consultations", collected, 37, "folder A", "Sam")
    r.add_batch("Lab results", collected, 12, "tray 2")
    r.record_reentry(1, 30, "Ann", GO_LIVE + timedelta(days=1), "Bea")
    r.set_record_nhs_numbers(True)
    r.add_nhs_number(1, NUMBER)
    r.add_held(collected, 3, "sheet 1")
    r.add_usual_links()
    r.confirm_back_on(1, GO_LIVE, "Lab manager")
    r.set_mesh_mailboxes("A81001OT001", "A81001OT002")
    r.add_partner("PCSE")
    for number in range(1, 5):
        r.save_issue(GoLiveIssue(number, f"Issue {number}", IssueCategory.DEGRADED_CODES,
                                 GO_LIVE + timedelta(days=number), "DQ team"))
    r.set_issue_status(1, IssueStatus.CLOSED, GO_LIVE + timedelta(days=6))
    return plan


def test_empty_registers_say_so(plan: PlanService) -> None:
    assert dict(summary_lines(plan.state, TODAY)) == {
        "Paper re-entry": "no batches recorded",
        "Held registrations": "none recorded",
        "Third-party links": "no links recorded",
        "MESH mailbox": "not recorded",
        "Equipment": "none recorded",
        "Post-go-live issues": "none recorded",
    }


def test_summaries_count_what_matters(filled: PlanService) -> None:
    lines = dict(summary_lines(filled.state, TODAY))
    assert lines["Paper re-entry"] == (
        "2 batches; 30 of 49 re-entered (61%), 19 to go; target zero outstanding by "
        "Tue 23 Mar 2027 (▲\u00a0missed); 1 NHS number recorded")
    assert lines["Held registrations"] == "3 patients held, 0 completed, 3 overdue"
    assert lines["Third-party links"].startswith("10 links, 1 confirmed back on, "
                                                 "7 without a notice period")
    assert lines["MESH mailbox"] == ("A81001OT001 → A81001OT002 on Tue 16 Mar 2027; "
                                     "0 of 1 partner told")
    assert lines["Post-go-live issues"] == ("4 issues, 3 open; extension decision "
                                            "Thu 15 Apr 2027")


@pytest.mark.parametrize("name", list(REGISTERS))
def test_each_register_prints_without_nhs_numbers(filled: PlanService, name: str) -> None:
    report = register_report(name, filled.state, TODAY, FRAME)
    text = report.plain_text()
    assert report.title == REGISTERS[name][0]
    assert "As at Fri 26 Mar 2027" in text
    assert NUMBER not in text and format_nhs_number(NUMBER) not in text
    assert any(isinstance(block, Table) for block in report.blocks)


def test_reentry_report_shows_progress_and_how_many_numbers(filled: PlanService) -> None:
    text = register_report("reentry", filled.state, TODAY, FRAME).plain_text()
    assert "Overall: 30 of 49 re-entered (61%), 19 to go" in text
    assert "Consultations | 1 | 37 | 30 | 7 | 81% | 30" in text
    assert "1 number recorded in the plan file (not printed)" in text


def test_all_registers_print_each_from_a_new_page(filled: PlanService) -> None:
    report = registers_report(filled.state, TODAY, FRAME)
    assert sum(isinstance(b, PageBreak) for b in report.blocks) == len(REGISTERS) - 1


def test_burn_down_chart_geometry(filled: PlanService) -> None:
    chart = burn_down_chart(filled.state, TODAY)
    assert chart.days == 45
    assert chart.actual[0] == (0, 0) and chart.actual[-1] == (10, 3)
    assert chart.ideal == ((4, 4.0), (45, 0.0))  # from the peak (4 open on day 4) to zero
    assert chart.y_ticks[0] == 0 and chart.y_ticks[-1] == chart.y_max >= 4
    assert [label for _index, label in chart.x_ticks[:3]] == ["16 Mar", "23 Mar", "30 Mar"]
    marks = {mark.kind: mark for mark in chart.marks}
    assert marks["decision"].index == 30 and "Thu 15 Apr 2027" in marks["decision"].label
    assert marks["end"].index == 45 and "Fri 30 Apr 2027" in marks["end"].label
    assert marks["today"].index == 10
    assert "3 issues open on Fri 26 Mar 2027" in chart.caption


def test_weekly_burn_down_ends_with_the_latest_day(filled: PlanService) -> None:
    rows = weekly_burn_down(burn_down(filled.state, TODAY))
    assert [(day.day, count) for day, count, _ideal in rows] == [(16, 0), (23, 3), (26, 3)]
    assert rows[0][2] is None  # before the peak the ideal line has not begun


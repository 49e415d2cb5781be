"""Plan findings: each rule fires when the plan breaks it, and stays quiet otherwise."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date, timedelta
from pathlib import Path

import pytest

from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, TglRule
from cutover_desktop.domain.model import (
    Anchor,
    CalendarDay,
    CalendarDayKind,
    OffsetUnit,
    PlanDetails,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.services.plan_files import default_template, template_tasks

TEMPLATE = default_template()
TASKS = {task.id: task for task in template_tasks(TEMPLATE)}
BY_KEY = {task.template_key: task for task in TASKS.values()}
# A quiet plan: a Tuesday go-live in June, far from holidays, QOF year-end and flu season.
QUIET_BGL = date(2027, 6, 15)
EARLY = date(2027, 1, 4)  # before any task is due


def plan(go_live: date = QUIET_BGL, *, rules: KeyDateRules | None = None,
         tasks: dict[TaskId, Task] | None = None, closures: tuple[date, ...] = (),
         confirmed: date | None = None) -> PlanState:
    details = PlanDetails(practice_name="Riverside Surgery", ods_code="A81001", go_live=go_live,
                          rules=rules or KeyDateRules(), go_live_confirmed_on=confirmed,
                          phases=TEMPLATE.phases)
    days = {day: CalendarDay(day, CalendarDayKind.CLOSURE) for day in closures}
    return PlanState(details, dict(TASKS if tasks is None else tasks), (), days)


def with_task(task: Task, state_tasks: dict[TaskId, Task] | None = None) -> dict[TaskId, Task]:
    tasks = dict(TASKS if state_tasks is None else state_tasks)
    tasks[task.id] = task
    return tasks


def codes(state: PlanState, today: date = EARLY) -> list[str]:
    return [finding.code for finding in state.findings(today)]


def only(state: PlanState, code: str, today: date = EARLY) -> Finding:
    found = [f for f in state.findings(today) if f.code == code]
    assert len(found) == 1, found
    return found[0]


def test_the_template_with_a_quiet_go_live_has_nothing_to_say() -> None:
    assert plan().findings(EARLY) == []


# Key dates

def test_a_key_date_on_a_bank_holiday_is_a_problem_naming_the_holiday() -> None:
    easter_monday = date(2027, 3, 29)
    finding = only(plan(easter_monday), "KEY_DATE_BANK_HOLIDAY")
    assert finding.severity is Severity.PROBLEM
    assert finding.day == easter_monday
    assert "Business Go Live" in finding.message and "Easter Monday" in finding.message
    # FDP on the May Day bank holiday when go-live is the Friday after it.
    finding = only(plan(date(2027, 5, 7)), "KEY_DATE_BANK_HOLIDAY")
    assert finding.day == date(2027, 5, 3) and "May Day" in finding.message
    assert "Final Data Production" in finding.message


def test_a_key_date_on_a_weekend_or_closure_is_a_problem_saying_which() -> None:
    saturday = date(2027, 6, 19)
    finding = only(plan(saturday), "KEY_DATE_NOT_WORKING")
    assert finding.severity is Severity.PROBLEM
    assert "Business Go Live" in finding.message and "weekend" in finding.message
    finding = only(plan(closures=(QUIET_BGL,)), "KEY_DATE_NOT_WORKING")
    assert "practice closure day" in finding.message and "Sat" not in finding.message
    # A Monday go-live with TGL on the calendar day before puts TGL on a Sunday.
    monday = date(2027, 6, 14)
    finding = only(plan(monday, rules=KeyDateRules(tgl_rule=TglRule.CALENDAR_DAY_BEFORE)),
                   "KEY_DATE_NOT_WORKING")
    assert "Technical Go Live" in finding.message and finding.day == date(2027, 6, 13)
    # Not reported twice when the day is a bank holiday.
    assert "KEY_DATE_NOT_WORKING" not in codes(plan(date(2027, 3, 29)))


def test_fdp_on_or_after_tgl_is_a_problem() -> None:
    # A Monday go-live with FDP two days before: FDP Saturday, TGL the Friday before it.
    state = plan(date(2027, 6, 14), rules=KeyDateRules(fdp_days_before_bgl=2))
    assert only(state, "KEY_DATE_ORDER").severity is Severity.PROBLEM
    assert "KEY_DATE_ORDER" not in codes(plan(rules=KeyDateRules(fdp_days_before_bgl=2)))


def test_support_ending_before_read_only_access_is_a_warning() -> None:
    state = plan(rules=KeyDateRules(read_only_days_after_bgl=45, support_days_after_bgl=30))
    assert only(state, "SUPPORT_BEFORE_READ_ONLY").day == QUIET_BGL + timedelta(days=30)
    same = plan(rules=KeyDateRules(read_only_days_after_bgl=45, support_days_after_bgl=45))
    assert "SUPPORT_BEFORE_READ_ONLY" not in codes(same)


@pytest.mark.parametrize(("go_live", "fires"), [
    (date(2027, 10, 5), True), (date(2027, 12, 14), True), (date(2027, 9, 28), False),
])
def test_a_go_live_in_flu_season_is_noted(go_live: date, fires: bool) -> None:
    assert ("BGL_FLU_SEASON" in codes(plan(go_live), go_live - timedelta(days=200))) is fires


@pytest.mark.parametrize(("go_live", "fires"), [
    (date(2027, 3, 16), True),   # 15 days before 31 March
    (date(2027, 3, 10), True),   # 21 days before
    (date(2027, 4, 20), True),   # 20 days after
    (date(2027, 3, 9), False),   # 22 days before
    (date(2027, 4, 27), False),  # 27 days after
])
def test_a_go_live_near_the_qof_year_end_is_a_warning(go_live: date, fires: bool) -> None:
    found = "BGL_QOF_YEAR_END" in codes(plan(go_live), date(2026, 10, 1))
    assert found is fires


def test_a_holiday_period_in_the_final_week_or_just_after_go_live_is_noted() -> None:
    # Tue 11 May 2027: the final week runs over the May Day weekend, Sat 1 to Mon 3 May.
    finding = only(plan(date(2027, 5, 11)), "BGL_NEAR_HOLIDAY", date(2026, 12, 1))
    assert finding.severity is Severity.NOTE and finding.day == date(2027, 5, 1)
    assert "Sat 1 May 2027 to Mon 3 May 2027" in finding.message
    assert "May Day" in finding.message
    assert "BGL_NEAR_HOLIDAY" not in codes(plan(date(2027, 5, 18)), date(2026, 12, 1))
    # Christmas to New Year is one holiday period, not two days.
    finding = only(plan(date(2028, 1, 11)), "BGL_NEAR_HOLIDAY", date(2027, 6, 1))
    assert "Sat 25 Dec 2027 to Mon 3 Jan 2028" in finding.message


def test_a_bank_holiday_inside_the_cut_over_is_a_problem_naming_it() -> None:
    # Thu 6 May 2027: FDP Sun 2 May, so the May Day holiday falls inside the cut-over.
    finding = only(plan(date(2027, 5, 6)), "BANK_HOLIDAY_IN_CUTOVER", date(2026, 12, 1))
    assert finding.severity is Severity.PROBLEM and finding.day == date(2027, 5, 3)
    assert "bank holiday May Day (Mon 3 May 2027)" in finding.message
    assert "BGL_NEAR_HOLIDAY" not in codes(plan(date(2027, 5, 6)), date(2026, 12, 1))
    assert "BANK_HOLIDAY_IN_CUTOVER" not in codes(plan())


def test_a_planning_meeting_less_than_28_days_before_fdp_is_a_warning() -> None:
    finding = only(plan(rules=KeyDateRules(planning_days_before_fdp=27)), "PLANNING_MEETING_LATE")
    assert "27" in finding.message
    on_time = plan(rules=KeyDateRules(planning_days_before_fdp=28))
    assert "PLANNING_MEETING_LATE" not in codes(on_time)


@pytest.mark.parametrize(("days", "fires"), [(0, True), (1, False), (2, False), (3, True)])
def test_links_should_go_off_one_or_two_days_before_fdp(days: int, fires: bool) -> None:
    state = plan(rules=KeyDateRules(link_off_days_before_fdp=days))
    assert ("LINK_OFF_TIMING" in codes(state)) is fires


# The cut-over

def test_a_cut_over_longer_than_72_hours_is_a_warning() -> None:
    # FDP on the Thursday: 96 hours to a Monday TGL.
    long = plan(rules=KeyDateRules(fdp_days_before_bgl=5))
    finding = only(long, "CUTOVER_OVER_72H")
    assert "96 hours" in finding.message
    assert "CCIO" not in finding.message  # the template has the report task
    without_report = {i: t for i, t in TASKS.items() if "ccio_report" not in t.tags}
    finding = only(plan(rules=KeyDateRules(fdp_days_before_bgl=5), tasks=without_report),
                   "CUTOVER_OVER_72H")
    assert "CCIO" in finding.message
    assert "CUTOVER_OVER_72H" not in codes(plan())  # Friday to Monday is 72 hours


def test_a_cut_over_longer_than_two_weeks_is_a_problem() -> None:
    state = plan(rules=KeyDateRules(fdp_days_before_bgl=15))
    assert only(state, "CUTOVER_OVER_2_WEEKS").severity is Severity.PROBLEM
    assert "CUTOVER_OVER_2_WEEKS" not in codes(plan(rules=KeyDateRules(fdp_days_before_bgl=14)))


def test_a_cut_over_over_working_days_warns_of_core_hours() -> None:
    finding = only(plan(rules=KeyDateRules(fdp_days_before_bgl=5)), "CUTOVER_CORE_HOURS")
    assert "1 working day" in finding.message and finding.day == date(2027, 6, 11)
    # A closure on that Friday takes the cut-over out of core hours again.
    closed = plan(rules=KeyDateRules(fdp_days_before_bgl=5), closures=(date(2027, 6, 11),))
    assert "CUTOVER_CORE_HOURS" not in codes(closed)
    assert "CUTOVER_CORE_HOURS" not in codes(plan())


# Timing of particular tasks

def test_a_missing_dmd_check_is_a_problem() -> None:
    without = {i: t for i, t in TASKS.items() if "dmd_check" not in t.tags}
    assert only(plan(tasks=without), "DMD_MISSING").severity is Severity.PROBLEM
    assert "DMD_MISSING" not in codes(plan())


@pytest.mark.parametrize(("offset", "duration", "fires"), [
    # Working days from BGL (Tue 15 Jun): Mon, Fri, Fri to Sat.
    (-1, 1, False), (-2, 1, False), (-2, 2, False),
    # Thu, on BGL, Mon to BGL.
    (-3, 1, True), (0, 1, True), (-1, 2, True),
])
def test_the_dmd_check_must_fall_on_day_minus_2_or_minus_1(
    offset: int, duration: int, fires: bool
) -> None:
    dmd = BY_KEY["dmd-check"].with_changes(offset=offset, duration_days=duration)
    found = [f for f in plan(tasks=with_task(dmd)).findings(EARLY) if f.code == "DMD_WINDOW"]
    assert bool(found) is fires
    if fires:
        assert found[0].task_id == dmd.id and dmd.title in found[0].message


def _extra(title: str, offset: int, **fields: object) -> Task:
    return Task(id=TaskId(500), title=title, phase="FDP / cut-over",
                anchor=Anchor.key(KeyDate.FDP), offset=offset, **fields)  # type: ignore[arg-type]


@pytest.mark.parametrize(("title", "offset", "fires"), [
    ("Register new patients who asked", 1, True),
    ("Process patient registrations", 2, True),
    ("Registering patients at the front desk", 0, True),
    ("Register new patients who asked", 4, False),   # on BGL
    ("Register new patients who asked", -1, False),  # before FDP
    ("Test the registration link", 1, False),
    ("Pre-register staff smartcards", 1, False),
])
def test_registering_patients_during_the_cut_over_is_a_problem(
    title: str, offset: int, fires: bool
) -> None:
    state = plan(tasks=with_task(_extra(title, offset)))
    found = [f for f in state.findings(EARLY) if f.code == "REGISTRATION_IN_CUTOVER"]
    assert bool(found) is fires
    if fires:
        assert found[0].task_id == TaskId(500) and title in found[0].message


def test_a_closed_or_holding_registration_task_is_not_reported() -> None:
    done = _extra("Register new patients", 1, status=TaskStatus.DONE)
    assert "REGISTRATION_IN_CUTOVER" not in codes(plan(tasks=with_task(done)))
    held = _extra("Hold new patient registrations", 1, tags=("registration_hold",))
    assert "REGISTRATION_IN_CUTOVER" not in codes(plan(tasks=with_task(held)))
    # The template's own "complete held registrations" task, dragged into the cut-over.
    complete = BY_KEY["complete-held-registrations"].with_changes(offset=-2)
    finding = only(plan(tasks=with_task(complete)), "REGISTRATION_IN_CUTOVER")
    assert finding.task_id == complete.id


# Progress against today

def test_go_live_not_reconfirmed_in_the_last_fortnight_is_a_warning() -> None:
    today = QUIET_BGL - timedelta(days=20)
    finding = only(plan(), "GO_LIVE_NOT_RECONFIRMED", today)
    assert finding.message == ("The go-live date has not been re-confirmed with the new "
                               "supplier in the last 14 days.")
    stale = only(plan(confirmed=today - timedelta(days=15)), "GO_LIVE_NOT_RECONFIRMED", today)
    # The message must not read as if it had been re-confirmed lately.
    assert stale.message == ("The go-live date was last re-confirmed with the new supplier "
                             "on Tue 11 May 2027, more than 14 days ago.")
    assert "GO_LIVE_NOT_RECONFIRMED" not in codes(plan(confirmed=today - timedelta(days=14)),
                                                  today)
    # More than four weeks out, nobody needs to re-confirm yet.
    assert "GO_LIVE_NOT_RECONFIRMED" not in codes(plan(), QUIET_BGL - timedelta(days=29))


def test_read_only_access_ending_within_a_fortnight_is_a_warning() -> None:
    end = QUIET_BGL + timedelta(days=45)
    finding = only(plan(), "READ_ONLY_ENDING", end - timedelta(days=14))
    assert finding.day == end
    assert "READ_ONLY_ENDING" not in codes(plan(), end - timedelta(days=15))
    assert "READ_ONLY_ENDING" not in codes(plan(), end + timedelta(days=1))


def test_a_blocked_task_is_a_warning_naming_it() -> None:
    survey = BY_KEY["technical-survey"].with_changes(status=TaskStatus.BLOCKED)
    finding = only(plan(tasks=with_task(survey)), "TASK_BLOCKED")
    assert finding.task_id == survey.id and survey.title in finding.message


def test_a_task_past_its_finish_and_not_closed_is_overdue() -> None:
    agree = BY_KEY["agree-go-live-date"]  # 80 working days before: Wed 17 Feb 2027
    due = date(2027, 2, 17)
    assert "TASK_OVERDUE" not in codes(plan(), due)
    finding = only(plan(), "TASK_OVERDUE", due + timedelta(days=1))
    assert finding.task_id == agree.id and "Wed 17 Feb 2027" in finding.message
    for status in (TaskStatus.DONE, TaskStatus.SKIPPED):
        closed = agree.with_changes(status=status, skip_reason="not needed")
        assert "TASK_OVERDUE" not in codes(plan(tasks=with_task(closed)), due + timedelta(days=1))
    in_progress = agree.with_changes(status=TaskStatus.IN_PROGRESS)
    assert "in progress" in only(plan(tasks=with_task(in_progress)), "TASK_OVERDUE",
                                 due + timedelta(days=1)).message


def test_a_pinned_task_that_no_longer_fits_is_a_placement_warning() -> None:
    backup = BY_KEY["backup-local-databases"]  # BGL −5, before FDP
    pinned = backup.with_changes(pinned_date=QUIET_BGL - timedelta(days=5))
    assert "PLACEMENT" not in codes(plan(tasks=with_task(pinned)))
    moved = plan(QUIET_BGL - timedelta(days=14), tasks=with_task(pinned))
    finding = only(moved, "PLACEMENT")
    assert finding.task_id == backup.id and backup.title in finding.message


def test_findings_come_worst_first() -> None:
    state = plan(date(2027, 3, 29), rules=KeyDateRules(link_off_days_before_fdp=0))
    ranks = [finding.severity.rank for finding in state.findings(date(2026, 12, 1))]
    assert ranks == sorted(ranks)
    assert len(set(ranks)) >= 2


def test_every_finding_is_a_sentence_with_a_stable_code() -> None:
    state = plan(date(2027, 3, 29), rules=replace(KeyDateRules(), fdp_days_before_bgl=15,
                                                  planning_days_before_fdp=10))
    for finding in state.findings(date(2027, 3, 20)):
        assert finding.code.isupper() and " " not in finding.code
        assert finding.message[0].isupper() or finding.message[0] == "“"
        assert finding.message.rstrip().endswith((".", ")"))


def test_every_rule_code_in_the_engine_has_a_test_here() -> None:
    import cutover_desktop.domain.warnings as rules

    source = Path(rules.__file__).read_text(encoding="utf-8")
    codes_in_engine = set(re.findall(r'Finding\("([A-Z0-9_]+)"', source))
    this_file = Path(__file__).read_text(encoding="utf-8")
    assert codes_in_engine
    assert {code for code in codes_in_engine if f'"{code}"' not in this_file} == set()


def test_a_milestone_or_gate_on_a_closed_day_is_a_warning() -> None:
    sign_off = BY_KEY["data-checking-sign-off"]
    saturday = dict(offset=-24, offset_unit=OffsetUnit.CALENDAR_DAYS)  # Sat 22 May 2027
    state = plan(tasks=with_task(replace(sign_off, **saturday)))  # type: ignore[arg-type]
    finding = only(state, "MILESTONE_ON_CLOSED_DAY")
    assert finding.task_id == sign_off.id and finding.day is not None
    assert finding.day.weekday() == 5 and "a weekend" in finding.message
    assert finding.fix_date == date(2027, 5, 21)  # the nearest working day, the Friday
    # Done, it no longer matters; on a working day it is never raised.
    done = replace(sign_off, status=TaskStatus.DONE, **saturday)  # type: ignore[arg-type]
    assert "MILESTONE_ON_CLOSED_DAY" not in codes(plan(tasks=with_task(done)))
    assert "MILESTONE_ON_CLOSED_DAY" not in codes(plan())
    # An ordinary task on a weekend is fine.
    ordinary = replace(sign_off, milestone=False, tags=(), **saturday)  # type: ignore[arg-type]
    assert "MILESTONE_ON_CLOSED_DAY" not in codes(plan(tasks=with_task(ordinary)))


def test_a_weekend_fdp_is_not_told_to_move_to_a_working_day() -> None:
    # A Wednesday go-live puts FDP on Saturday 12 Jun: a weekend cut-over is fine.
    state = plan(date(2027, 6, 16))
    assert state.schedule.dates[BY_KEY["fdp"].id].start == date(2027, 6, 12)
    assert "MILESTONE_ON_CLOSED_DAY" not in codes(state)
    assert not [f for f in state.findings(EARLY) if "move it to a working day" in f.message]


def test_a_cut_over_under_three_days_is_a_warning_giving_its_length() -> None:
    # A Monday go-live: FDP Thursday, TGL Friday.
    finding = only(plan(date(2027, 6, 14)), "CUTOVER_TOO_SHORT")
    assert finding.severity is Severity.WARNING
    assert "1 day (24 hours)" in finding.message and "minimum of 3 days" in finding.message
    assert "Thu 10 Jun 2027" in finding.message and "Fri 11 Jun 2027" in finding.message
    assert "CUTOVER_TOO_SHORT" not in codes(plan())


def test_a_go_live_too_close_to_plan_for_is_one_problem_not_a_list_of_overdue_tasks() -> None:
    today = QUIET_BGL - timedelta(weeks=6)
    found = plan().findings(today)
    assert [f.code for f in found if f.code in ("GO_LIVE_TOO_CLOSE", "TASK_OVERDUE")] == \
        ["GO_LIVE_TOO_CLOSE"]
    finding = only(plan(), "GO_LIVE_TOO_CLOSE", today)
    assert finding.severity is Severity.PROBLEM
    assert "only 6 weeks away" in finding.message and "12 to 16 weeks" in finding.message
    # Once work has started, late tasks are listed one by one again.
    started = BY_KEY["kick-off-meeting"].with_changes(status=TaskStatus.DONE)
    assert "GO_LIVE_TOO_CLOSE" not in codes(plan(tasks=with_task(started)), today)
    assert "TASK_OVERDUE" in codes(plan(tasks=with_task(started)), today)

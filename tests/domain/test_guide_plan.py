"""The default template as a plan the guide would recognise: working days, links between
tasks, times of day on the go-live days, and go-live dates the program can suggest."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, time, timedelta

import holidays
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules, TglRule
from cutover_desktop.domain.model import PlanDetails, Task
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.scheduling import schedule
from cutover_desktop.domain.suggestions import KEY_DATE_RULES, key_date_problems, suggest_go_live
from cutover_desktop.domain.warnings import Severity, key_date_findings
from cutover_desktop.services.plan_files import (
    default_template,
    template_dependencies,
    template_tasks,
)

TEMPLATE = default_template()
TASKS = template_tasks(TEMPLATE)
DEPS = template_dependencies(TEMPLATE)
BY_KEY = {task.template_key: task for task in TASKS}
ENGLAND = holidays.country_holidays("GB", subdiv="ENG", years=range(2025, 2032))
NATIONAL = WorkingCalendar()


def fresh(go_live: date, rules: KeyDateRules | None = None) -> PlanState:
    details = PlanDetails(practice_name="Riverside Surgery", ods_code="A81001",
                          go_live=go_live, rules=rules or KeyDateRules(),
                          phases=TEMPLATE.phases)
    return PlanState(details, {t.id: t for t in TASKS}, tuple(DEPS), {})


def all_days(first: date, last: date) -> list[date]:
    return [first + timedelta(days=n) for n in range((last - first).days + 1)]


def closed(day: date) -> bool:
    return day.weekday() >= 5 or day in ENGLAND


def test_every_template_task_starts_on_a_working_day_for_every_go_live_2026_to_2030() -> None:
    wrong = []
    for go_live in all_days(date(2026, 1, 1), date(2030, 12, 31)):
        placed = schedule(go_live, KeyDateRules(), NATIONAL, TASKS, DEPS).dates
        for task in TASKS:
            if "closed_day" not in task.tags and closed(placed[task.id].start):
                wrong.append((go_live, task.template_key, placed[task.id].start))
    assert wrong == []


def test_only_the_tasks_that_say_so_may_fall_on_a_closed_day() -> None:
    allowed = {t.template_key for t in TASKS if "closed_day" in t.tags}
    assert allowed == {"fdp", "import-final-extract"}
    # A Wednesday go-live puts FDP on a Saturday, which the guide allows.
    placed = schedule(date(2027, 6, 16), KeyDateRules(), NATIONAL, TASKS, DEPS).dates
    assert placed[BY_KEY["fdp"].id].start == date(2027, 6, 12)


def tuesdays() -> list[date]:
    return [d for d in all_days(date(2026, 1, 1), date(2030, 12, 31)) if d.weekday() == 1]


def test_no_fresh_tuesday_go_live_has_a_problem_unless_its_own_dates_break_a_rule() -> None:
    clean = 0
    for go_live in tuesdays():
        state = fresh(go_live)
        today = go_live - timedelta(weeks=16)
        problems = [f for f in state.findings(today) if f.severity is Severity.PROBLEM]
        bank_holiday_near = any(d in ENGLAND for d in all_days(go_live - timedelta(days=4),
                                                                go_live))
        if not bank_holiday_near:
            assert problems == [], (go_live, problems)
            clean += 1
        else:
            # Only the date itself is wrong, and the program has a better one.
            assert problems and {f.code for f in problems} <= KEY_DATE_RULES, go_live
            assert suggest_go_live(state.details, state.calendar, 1)
    assert clean > 220  # all but the Tuesdays after a bank holiday


def test_a_monday_go_live_raises_no_false_dmd_problem() -> None:
    # dm+d counts working days back from BGL: the Friday before a Monday is day −1.
    state = fresh(date(2027, 6, 14))
    assert not [f for f in state.findings(date(2027, 1, 4)) if f.code.startswith("DMD")]


@pytest.mark.parametrize(("first", "then"), [
    ("data-extract-request", "idp"), ("idp", "data-check-phase-1"),
    ("recheck-records", "data-checking-sign-off"), ("dmd-check", "go-live-data-sign-off"),
    ("fdp", "technical-go-live"), ("technical-go-live", "business-go-live"),
    ("business-go-live", "reenter-cut-over-data"),
    ("final-old-system-exports", "end-of-read-only"),
])
def test_the_template_links_tasks_in_the_guides_order(first: str, then: str) -> None:
    assert (BY_KEY[first].id, BY_KEY[then].id) in {(d.predecessor, d.successor) for d in DEPS}
    placed = schedule(date(2027, 3, 16), KeyDateRules(), NATIONAL, TASKS, DEPS).dates
    assert placed[BY_KEY[first].id].end <= placed[BY_KEY[then].id].start


def test_the_data_checking_sign_off_comes_after_the_recheck_it_signs() -> None:
    for go_live in (date(2027, 3, 16), date(2027, 6, 14), date(2028, 1, 7)):
        placed = schedule(go_live, KeyDateRules(), NATIONAL, TASKS, DEPS).dates
        assert placed[BY_KEY["recheck-records"].id].end <= \
            placed[BY_KEY["data-checking-sign-off"].id].start


def test_wording_is_current_and_every_task_keeps_its_source() -> None:
    for entry in TEMPLATE.tasks:
        shown = f"{entry.title} {entry.owner_role}"
        for old in ("CCG", "NHS Digital", "tracking database", "Schedule A"):
            assert old not in shown, (entry.key, old)
        assert entry.source.strip(), entry.key
    assert "NHS England" in BY_KEY["lessons-learned"].title


@pytest.mark.parametrize(("key", "start"), [
    ("fdp", time(18, 30)), ("technical-go-live", time(8, 0)),
    ("recheck-live-data", time(9, 30)), ("go-live-data-sign-off", time(16, 0)),
    ("check-cut-over-length", time(17, 0)), ("enter-future-bookings", time(7, 30)),
    ("business-go-live", time(8, 0)), ("check-qof-reports", time(16, 0)),
])
def test_the_go_live_days_carry_the_times_the_guide_implies(key: str, start: time) -> None:
    assert BY_KEY[key].start_time == start


# Suggestions

@settings(max_examples=80, deadline=None)
@given(go_live=st.dates(min_value=date(2026, 1, 1), max_value=date(2030, 12, 31)),
       tgl_rule=st.sampled_from(list(TglRule)))
def test_a_suggested_go_live_breaks_no_key_date_rule(go_live: date, tgl_rule: TglRule) -> None:
    state = fresh(go_live, KeyDateRules(tgl_rule=tgl_rule))
    suggestions = suggest_go_live(state.details, state.calendar, 3)
    assert len(suggestions) == 3
    for suggestion in suggestions:
        moved = replace(state.details, go_live=suggestion.day)
        found = key_date_findings(moved, state.calendar)
        assert [f for f in found if f.code in KEY_DATE_RULES] == []
    applied = PlanState(replace(state.details, go_live=suggestions[0].day), state.tasks,
                        state.dependencies, {})
    assert key_date_problems(applied.findings(suggestions[0].day - timedelta(weeks=16))) == []
    distances = [abs((s.day - go_live).days) for s in suggestions]
    assert distances == sorted(distances)


def test_rules_no_date_can_satisfy_give_no_suggestion() -> None:
    # FDP a week before BGL always makes the cut-over longer than 72 hours.
    state = fresh(date(2027, 6, 15), KeyDateRules(fdp_days_before_bgl=7))
    assert suggest_go_live(state.details, state.calendar, 3) == []


def test_a_suggestion_says_why_in_words() -> None:
    easter = fresh(date(2027, 3, 30))  # FDP would be Good Friday
    [first] = suggest_go_live(easter.details, easter.calendar, 1)
    assert first.text == ("Tue 6 Apr 2027 (cut-over Fri 2 Apr to Mon 5 Apr, 72 hours, "
                          "no bank holiday inside)")


def test_suggestions_respect_the_earliest_day() -> None:
    state = fresh(date(2027, 3, 30))
    found = suggest_go_live(state.details, state.calendar, 3, earliest=date(2027, 4, 7))
    assert found and all(s.day >= date(2027, 4, 7) for s in found)


def test_a_cut_over_over_a_bank_holiday_weekend_says_its_real_length() -> None:
    # FDP five days before a Wednesday go-live after the spring bank holiday: FDP Fri
    # 28 May to TGL Tue 1 Jun.
    state = fresh(date(2027, 6, 2), KeyDateRules(fdp_days_before_bgl=5))
    [long] = [f for f in state.findings(date(2027, 1, 4)) if f.code == "CUTOVER_OVER_72H"]
    assert "3 days (72 hours)" not in long.message
    assert "4 days (96 hours)" in long.message and "Spring Bank Holiday" in long.message


def task_named(state: PlanState, key: str) -> Task:
    return next(t for t in state.tasks.values() if t.template_key == key)


def test_key_date_problem_of_the_day_after_a_bank_holiday_names_both_dates() -> None:
    state = fresh(date(2027, 5, 4))  # the Tuesday after May Day
    codes = {f.code for f in state.findings(date(2027, 1, 4))
             if f.severity is Severity.PROBLEM}
    assert codes == {"KEY_DATE_ORDER", "BANK_HOLIDAY_IN_CUTOVER"}
    keys = state.schedule.key_dates
    assert keys[KeyDate.FDP] < keys[KeyDate.TGL]

"""Rules across tasks: gates in the guide's order, lead times, the old system's last day."""

from __future__ import annotations

import dataclasses
from datetime import UTC, date, datetime, timedelta

from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.keydates import KeyDateRules
from cutover_desktop.domain.model import OffsetUnit, PlanDetails, Task, TaskStatus
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import (
    SignOff,
    SupplierContact,
    covered_state,
    covered_text,
    find_gate,
    state_hash,
)
from cutover_desktop.domain.warnings import Finding, Severity
from cutover_desktop.services.plan_files import (
    default_template,
    template_dependencies,
    template_tasks,
)

TEMPLATE = default_template()
BGL = date(2027, 6, 15)  # a quiet Tuesday
EARLY = date(2027, 1, 4)


def fresh(rules: KeyDateRules | None = None) -> PlanState:
    details = PlanDetails(practice_name="Riverside Surgery", ods_code="A81001", go_live=BGL,
                          rules=rules or KeyDateRules(), phases=TEMPLATE.phases)
    tasks = template_tasks(TEMPLATE)
    return PlanState(details, {t.id: t for t in tasks}, tuple(template_dependencies(TEMPLATE)),
                     {})


def task(state: PlanState, key: str) -> Task:
    return next(t for t in state.tasks.values() if t.template_key == key)


def edit(state: PlanState, key: str, **fields: object) -> PlanState:
    old = task(state, key)
    return state.with_changes([EntityChange(old, dataclasses.replace(old, **fields))])


def found(state: PlanState, code: str, today: date = EARLY) -> list[Finding]:
    return [f for f in state.findings(today) if f.code == code]


def test_the_fresh_template_breaks_none_of_these_rules() -> None:
    codes = {f.code for f in fresh().findings(EARLY)}
    assert not codes & {"GATE_OUT_OF_ORDER", "GATE_SIGNED_TOO_SOON", "LEAD_TIME_SHORT",
                        "NEEDS_OLD_SYSTEM_AFTER_END"}


def test_a_gate_planned_before_an_earlier_gate_is_a_problem_with_the_day_to_move_to() -> None:
    state = fresh()
    # Go-live data sign-off pinned before the data-checking sign-off.
    state = edit(state, "go-live-data-sign-off", pinned_date=date(2027, 5, 3))
    [finding] = found(state, "GATE_OUT_OF_ORDER")
    data_check = find_gate(state, "data_checking")
    assert finding.severity is Severity.PROBLEM
    assert finding.task_id == task(state, "go-live-data-sign-off").id
    assert finding.message == (
        "Sign-off gate “Go-live data sign-off” is planned for Mon 3 May 2027, before "
        f"“Data-checking sign-off (lead clinician)” on {data_check.day:%a} {data_check.day.day} "
        f"{data_check.day:%b %Y}; the guide signs them in that order.")
    assert finding.fix_date == data_check.day


def _signed(state: PlanState, key: str) -> PlanState:
    gate = find_gate(state, key)
    covered = covered_state(state, gate)
    signoff = SignOff(1, key, gate.title, "Dr Asha Patel", "Lead GP", "apatel",
                      datetime(2027, 5, 20, 9, tzinfo=UTC), "I accept the data.", "20 records",
                      "", SupplierContact.NOT_TOLD, "", None, (), covered_text(covered),
                      state_hash(covered), 0, "0" * 64)
    return state.with_changes([EntityChange(None, signoff)])


def test_a_gate_signed_before_a_task_it_waits_for_is_done_is_a_problem() -> None:
    state = _signed(fresh(), "data_checking")
    [finding] = found(state, "GATE_SIGNED_TOO_SOON")
    recheck = task(state, "recheck-records")
    assert finding.severity is Severity.PROBLEM and finding.task_id == recheck.id
    assert finding.message == (
        "“Data-checking sign-off (lead clinician)” is signed, but "
        f"“{recheck.title}”, which it waits for, is not started.")
    done = edit(state, "recheck-records", status=TaskStatus.DONE)
    assert found(done, "GATE_SIGNED_TOO_SOON") == []


def test_a_data_extract_request_too_close_to_idp_is_a_warning_with_the_latest_day() -> None:
    state = edit(fresh(), "data-extract-request", offset=-40)
    [finding] = found(state, "LEAD_TIME_SHORT")
    request = task(state, "data-extract-request")
    assert finding.task_id == request.id and finding.severity is Severity.WARNING
    assert "up to 5 weeks' notice" in finding.message and "IDP" in finding.message
    assert finding.fix_date is not None
    idp_day = state.schedule.dates[task(state, "idp").id].start
    assert (idp_day - finding.fix_date).days >= 35
    assert finding.fix_date.weekday() < 5


def test_pcse_eps_and_subsidiary_notice_periods_are_checked_when_a_task_moves() -> None:
    for key, words in (("notify-pcse", "PCSE wants at least 2 weeks"),
                       ("notify-long-lead-services", "EPS can need about 5 weeks"),
                       ("notify-subsidiary-suppliers", "at least 5 days before the cut-over")):
        moved = edit(fresh(), key, offset=-1)
        [finding] = found(moved, "LEAD_TIME_SHORT")
        assert words in finding.message and finding.task_id == task(moved, key).id


def test_work_that_needs_the_old_system_after_read_only_ends_is_a_problem() -> None:
    state = fresh(KeyDateRules(read_only_days_after_bgl=7))
    exports = task(state, "final-old-system-exports")
    ok = [f for f in state.findings(EARLY) if f.task_id == exports.id
          and f.code == "NEEDS_OLD_SYSTEM_AFTER_END"]
    assert ok == []  # it hangs from the read-only end, so it moves with it
    late = edit(state, "final-old-system-exports", anchor=dataclasses.replace(
        exports.anchor), offset=20, offset_unit=OffsetUnit.CALENDAR_DAYS)
    [finding] = found(late, "NEEDS_OLD_SYSTEM_AFTER_END")
    assert finding.severity is Severity.PROBLEM
    assert "needs the old system" in finding.message and "Tue 22 Jun 2027" in finding.message
    assert finding.fix_date == date(2027, 6, 22)


def test_a_milestone_pushed_onto_a_closed_day_is_offered_the_next_working_day() -> None:
    state = fresh()
    recheck = task(state, "recheck-records")
    start = state.schedule.dates[recheck.id].start
    saturday = start + timedelta(days=(5 - start.weekday()) % 7)
    # The recheck runs to a Saturday and the sign-off is planned two days earlier: it waits
    # for the recheck, so it is pushed to the Saturday.
    state = edit(state, "recheck-records", duration_days=(saturday - start).days + 1)
    state = edit(state, "data-checking-sign-off", pinned_date=None, offset=-17)
    sign_off = task(state, "data-checking-sign-off")
    assert state.schedule.dates[sign_off.id].start == saturday
    [finding] = [f for f in found(state, "MILESTONE_ON_CLOSED_DAY") if f.task_id == sign_off.id]
    # Not the Friday before: the recheck is not finished then.
    assert finding.fix_date == saturday + timedelta(days=2)

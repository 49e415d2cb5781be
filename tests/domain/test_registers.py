"""Register rules: progress, due and overdue, link dates and reminders, burn-down, findings."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cutover_desktop.domain.changes import EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.nhs_number import NhsNumber
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.registers import (
    Due,
    Equipment,
    EquipmentKind,
    GoLiveIssue,
    HeldRegistration,
    IssueCategory,
    IssueStatus,
    LinkState,
    MeshMailbox,
    MeshPartner,
    Progress,
    ReentryBatch,
    ReentryNhsNumber,
    ReentryProgress,
    RegisterSettings,
    Reminder,
    ThirdPartyLink,
    burn_down,
    canonical_category,
    categories_in_use,
    check_no_patient_data,
    due_state,
    extension_decision_day,
    link_dates,
    link_state,
    overall_progress,
    progress_by_category,
    reentry_due,
    reentry_target,
    register_complete,
    register_findings_for,
    reminders_due,
)

BGL = date(2027, 3, 16)  # Tuesday; TGL Mon 15, FDP Fri 12, links off Thu 11, read-only end 30 Apr
TGL = date(2027, 3, 15)
LINK_OFF = date(2027, 3, 11)
READ_ONLY_END = BGL + timedelta(days=45)


@pytest.fixture
def base(service) -> PlanState:
    state = service.state
    keys = state.schedule.key_dates
    assert (keys[KeyDate.BGL], keys[KeyDate.TGL], keys[KeyDate.LINK_OFF],
            keys[KeyDate.READ_ONLY_END]) == (BGL, TGL, LINK_OFF, READ_ONLY_END)
    return state


def add(state: PlanState, *entities: object) -> PlanState:
    return state.with_changes([EntityChange(None, entity) for entity in entities])


def codes(state: PlanState, today: date) -> list[str]:
    return sorted(f.code for f in register_findings_for(state, today))


def batch(batch_id: int = 1, category: str = "Consultations", count: int = 37,
          collected_on: date = date(2027, 3, 13)) -> ReentryBatch:
    return ReentryBatch(batch_id, category, collected_on, count, "folder A", "Sam")


def done(entry_id: int, batch_id: int, count: int, checked_by: str = "") -> ReentryProgress:
    return ReentryProgress(entry_id, batch_id, count, "Ann", BGL + timedelta(days=1),
                           checked_by)


# Due and overdue


@pytest.mark.parametrize(("today", "expected"), [
    (date(2027, 3, 1), Due.NOT_DUE),
    (date(2027, 3, 16), Due.DUE_SOON),
    (date(2027, 3, 22), Due.DUE_SOON),
    (date(2027, 3, 23), Due.DUE_TODAY),
    (date(2027, 3, 24), Due.OVERDUE),
])
def test_due_state_around_the_due_day(today: date, expected: Due) -> None:
    assert due_state(date(2027, 3, 23), today) is expected


def test_done_is_never_overdue_and_no_date_is_never_due() -> None:
    assert due_state(date(2027, 3, 23), date(2030, 1, 1), done=True) is Due.DONE
    assert due_state(None, date(2030, 1, 1)) is Due.NOT_DUE


@given(st.dates(), st.dates())
def test_overdue_exactly_when_the_day_has_passed(due: date, today: date) -> None:
    assert (due_state(due, today) is Due.OVERDUE) == (today > due)
    assert (due_state(due, today) is Due.DUE_TODAY) == (today == due)


# Paper re-entry progress


def test_progress_counts_outstanding_and_percent() -> None:
    progress = Progress(collected=37, re_entered=10, checked=4, batches=1)
    assert progress.outstanding == 27
    assert progress.percent == 27  # 10/37 = 27.0...%, rounded down
    assert not progress.complete and not progress.verified


def test_progress_is_100_only_when_nothing_is_left() -> None:
    assert Progress(collected=1000, re_entered=999).percent == 99
    assert Progress(collected=1000, re_entered=1000).percent == 100
    assert Progress().percent == 100 and Progress().complete


def test_verified_needs_everything_re_entered_and_checked() -> None:
    assert not Progress(10, 10, 9).verified
    assert Progress(10, 10, 10).verified


def test_progress_per_category_and_overall(base: PlanState) -> None:
    state = add(base,
                batch(1, "Consultations", 37), batch(2, "lab results", 12),
                batch(3, "Consultations", 3), batch(4, "Dressing clinic notes", 5),
                done(1, 1, 10, "Bea"), done(2, 1, 5), done(3, 2, 12, "Bea"))
    by_category = progress_by_category(state)
    # The guide's categories first, in the guide's order; "lab results" spelt like the guide.
    assert list(by_category) == ["Consultations", "Lab results", "Dressing clinic notes"]
    assert by_category["Consultations"] == Progress(40, 15, 10, 2)
    assert by_category["Lab results"] == Progress(12, 12, 12, 1)
    assert by_category["Lab results"].verified
    assert by_category["Dressing clinic notes"].outstanding == 5
    overall = overall_progress(state)
    assert (overall.collected, overall.re_entered, overall.outstanding) == (57, 27, 30)
    assert overall.percent == 47
    assert categories_in_use(state)[-1] == "Dressing clinic notes"


def test_category_names_follow_the_guide() -> None:
    assert canonical_category("  urgent referrals (copy kept) ") == "Urgent referrals (copy kept)"
    assert canonical_category("Home   visits") == "Home visits"


def test_target_defaults_to_bgl_plus_7_and_follows_a_chosen_day(base: PlanState) -> None:
    assert reentry_target(base) == BGL + timedelta(days=7)
    chosen = add(base, RegisterSettings(reentry_target=date(2027, 3, 30)))
    assert reentry_target(chosen) == date(2027, 3, 30)


def test_reentry_overdue_only_while_something_is_outstanding(base: PlanState) -> None:
    state = add(base, batch(1, count=10), done(1, 1, 4))
    target = BGL + timedelta(days=7)
    assert reentry_due(state, target - timedelta(days=3)) is Due.NOT_DUE
    assert reentry_due(state, target) is Due.DUE_TODAY
    assert "REENTRY_DUE" in codes(state, target)
    assert reentry_due(state, target + timedelta(days=1)) is Due.OVERDUE
    assert "REENTRY_OVERDUE" in codes(state, target + timedelta(days=1))
    finished = add(state, done(2, 1, 6, "Bea"))
    assert reentry_due(finished, target + timedelta(days=1)) is Due.DONE
    assert "REENTRY_OVERDUE" not in codes(finished, target + timedelta(days=1))


def test_overdue_message_names_the_target_and_what_is_left(base: PlanState) -> None:
    state = add(base, batch(1, count=10), done(1, 1, 4))
    late = BGL + timedelta(days=10)
    finding = next(f for f in register_findings_for(state, late) if f.code == "REENTRY_OVERDUE")
    assert "Tue 23 Mar 2027" in finding.message and "6 items" in finding.message
    assert finding.day == BGL + timedelta(days=7)


def test_unchecked_re_entry_after_the_target_is_a_note(base: PlanState) -> None:
    state = add(base, batch(1, count=10), done(1, 1, 10))
    assert "REENTRY_UNCHECKED" in codes(state, BGL + timedelta(days=8))
    checked = state.with_changes([EntityChange(state.table("reentry_progress")[1],
                                               done(1, 1, 10, "Bea"))])
    assert "REENTRY_UNCHECKED" not in codes(checked, BGL + timedelta(days=8))


def test_empty_registers_make_no_findings(base: PlanState) -> None:
    # So a plan with no register entries need not load the registers (domain/features.py).
    for today in (date(2026, 11, 28), TGL, BGL, BGL + timedelta(days=40)):
        assert register_findings_for(base, today) == []


def test_the_registers_are_loaded_for_exactly_the_kinds_they_keep() -> None:
    from cutover_desktop.domain import register_kinds
    from cutover_desktop.domain.entities import _TYPES
    from cutover_desktop.domain.features import FEATURE_MODULES_IF_USED

    kept = {t.kind for cls, t in _TYPES.items()
            if cls.__module__.startswith("cutover_desktop.domain.registers.")}
    assert kept == set(register_kinds.KINDS)
    assert FEATURE_MODULES_IF_USED["cutover_desktop.domain.registers"] == register_kinds.KINDS


def test_register_complete_needs_checks_and_every_number_re_entered(base: PlanState) -> None:
    number = ReentryNhsNumber(1, 1, NhsNumber("9990000018"))
    state = add(base, batch(1, count=5), done(1, 1, 5), number)
    assert not register_complete(state)
    state = state.with_changes([
        EntityChange(state.table("reentry_progress")[1], done(1, 1, 5, "Bea"))])
    assert not register_complete(state)
    state = state.with_changes([EntityChange(number, ReentryNhsNumber(1, 1, number.number,
                                                                      True))])
    assert register_complete(state)
    assert "NHS_NUMBERS_TO_PURGE" in codes(state, BGL + timedelta(days=2))


# Keeping patient data out


def test_free_text_holding_an_nhs_number_is_refused() -> None:
    with pytest.raises(ValidationError, match="looks like an NHS number"):
        check_no_patient_data("Mrs X 999 000 0018 called", "notes")
    with pytest.raises(ValidationError):
        ReentryBatch(1, "Consultations", BGL, 3, reference="9990000018").validate()
    # Ten digits that fail the check are not NHS numbers: a phone number, say.
    check_no_patient_data("Call 0161 496 0000", "notes")


# Held registrations


def test_held_registrations_due_from_bgl_and_overdue_after(base: PlanState) -> None:
    held = HeldRegistration(1, date(2027, 3, 13), 3, "list sheet 1")
    state = add(base, held)
    assert codes(state, BGL - timedelta(days=1)) == []
    assert codes(state, BGL) == ["HELD_REGISTRATION_DUE"]
    assert codes(state, BGL + timedelta(days=1)) == ["HELD_REGISTRATION_OVERDUE"]
    completed = state.with_changes([EntityChange(held, HeldRegistration(
        1, date(2027, 3, 13), 3, "list sheet 1", completed=3, completed_on=BGL,
        completed_by="Reg clerk"))])
    assert codes(completed, BGL + timedelta(days=5)) == []


def test_held_follow_up_during_the_cut_over_is_a_warning(base: PlanState) -> None:
    state = add(base, HeldRegistration(1, date(2027, 3, 12), 1, follow_up_on=date(2027, 3, 14)))
    assert "HELD_FOLLOW_UP_IN_CUTOVER" in codes(state, date(2027, 3, 12))


def test_held_completion_cannot_exceed_the_count() -> None:
    with pytest.raises(ValidationError, match="0 to 2"):
        HeldRegistration(1, BGL, 2, completed=3, completed_on=BGL).validate()
    with pytest.raises(ValidationError, match="when"):
        HeldRegistration(1, BGL, 2, completed=1).validate()


# Third-party links


def test_link_dates_default_to_the_plans_key_dates(base: PlanState) -> None:
    keys = base.schedule.key_dates
    dates = link_dates(ThirdPartyLink(1, "Pathology", notice_days=14), keys)
    assert (dates.switch_off, dates.switch_on) == (LINK_OFF, BGL)
    assert dates.notice_by == LINK_OFF - timedelta(days=14)
    assert dates.reminders == {
        Reminder.OFF_WEEK_BEFORE: LINK_OFF - timedelta(days=7), Reminder.OFF_ON_DAY: LINK_OFF,
        Reminder.ON_WEEK_BEFORE: BGL - timedelta(days=7), Reminder.ON_ON_DAY: BGL}
    chosen = link_dates(ThirdPartyLink(1, "Lab", switch_off_on=date(2027, 3, 10),
                                       switch_on_on=date(2027, 3, 18)), keys)
    assert (chosen.switch_off, chosen.switch_on) == (date(2027, 3, 10), date(2027, 3, 18))


def test_reminders_a_week_before_and_on_the_day(base: PlanState) -> None:
    keys = base.schedule.key_dates
    link = ThirdPartyLink(1, "Pathology", notice_days=5, notice_given_on=date(2027, 3, 1))
    dates = link_dates(link, keys)
    assert reminders_due(link, dates, LINK_OFF - timedelta(days=8)) == []
    assert reminders_due(link, dates, LINK_OFF - timedelta(days=7)) == [Reminder.OFF_WEEK_BEFORE]
    # Still due until it is sent or the change has happened.
    assert Reminder.OFF_WEEK_BEFORE in reminders_due(link, dates, LINK_OFF - timedelta(days=2))
    sent = ThirdPartyLink(1, "Pathology", notice_days=5, notice_given_on=date(2027, 3, 1),
                          reminders_sent=(Reminder.OFF_WEEK_BEFORE,))
    assert Reminder.OFF_WEEK_BEFORE not in reminders_due(sent, dates, LINK_OFF - timedelta(days=2))
    assert reminders_due(sent, dates, LINK_OFF) == [Reminder.OFF_ON_DAY, Reminder.ON_WEEK_BEFORE]
    assert reminders_due(sent, dates, BGL) == [Reminder.ON_WEEK_BEFORE, Reminder.ON_ON_DAY]
    state = add(base, link)
    finding = next(f for f in register_findings_for(state, LINK_OFF - timedelta(days=7))
                   if f.code == "LINK_REMINDER_DUE")
    assert finding.subject == "Pathology" and "a week before switch-off" in finding.message


def test_missing_notice_period_is_a_warning_until_the_link_is_back_on(base: PlanState) -> None:
    link = ThirdPartyLink(1, "SMS messaging")
    assert "LINK_NO_NOTICE_PERIOD" in codes(add(base, link), date(2026, 11, 28))
    back = ThirdPartyLink(1, "SMS messaging", back_on_on=BGL, confirmed_by="PM")
    assert codes(add(base, back), BGL + timedelta(days=3)) == []


def test_notice_due_late_and_short(base: PlanState) -> None:
    link = ThirdPartyLink(1, "Pharmacies and EPS", notice_days=35)
    notice_by = LINK_OFF - timedelta(days=35)
    state = add(base, link)
    assert codes(state, notice_by - timedelta(days=8)) == []
    assert codes(state, notice_by - timedelta(days=3)) == ["LINK_NOTICE_DUE"]
    assert codes(state, notice_by + timedelta(days=1)) == ["LINK_NOTICE_LATE"]
    short = add(base, ThirdPartyLink(1, "Pharmacies and EPS", notice_days=35,
                                     notice_given_on=notice_by + timedelta(days=3)))
    assert codes(short, notice_by + timedelta(days=4)) == ["LINK_NOTICE_SHORT"]


def test_missed_switch_on_and_still_off_after_bgl(base: PlanState) -> None:
    link = ThirdPartyLink(1, "Pathology", notice_days=5, notice_given_on=date(2027, 3, 1),
                          reminders_sent=tuple(Reminder))
    state = add(base, link)
    assert codes(state, BGL) == []
    assert codes(state, BGL + timedelta(days=1)) == ["LINK_SWITCH_ON_MISSED"]
    later = add(base, ThirdPartyLink(1, "Pathology", notice_days=5,
                                     notice_given_on=date(2027, 3, 1),
                                     switch_on_on=BGL + timedelta(days=5),
                                     reminders_sent=tuple(Reminder)))
    assert codes(later, BGL + timedelta(days=1)) == ["LINK_STILL_OFF"]
    dates = link_dates(link, base.schedule.key_dates)
    assert link_state(link, dates, LINK_OFF - timedelta(days=1)) is LinkState.PLANNED
    assert link_state(link, dates, TGL) is LinkState.OFF
    assert link_state(link, dates, BGL + timedelta(days=1)) is LinkState.ON_OVERDUE


def test_link_switched_off_after_fdp_is_a_warning(base: PlanState) -> None:
    state = add(base, ThirdPartyLink(1, "Lab", notice_days=0,
                                     switch_off_on=date(2027, 3, 12)))
    assert "LINK_OFF_AFTER_FDP" in codes(state, date(2026, 11, 28))


def test_link_back_on_needs_who_confirmed_it() -> None:
    with pytest.raises(ValidationError, match="who confirmed"):
        ThirdPartyLink(1, "Lab", back_on_on=BGL).validate()


# MESH


def test_mesh_partner_not_told_is_noted_then_warned(base: PlanState) -> None:
    state = add(base, MeshMailbox("A81001OT001", "A81001OT002"), MeshPartner(1, "PCSE"))
    assert codes(state, BGL - timedelta(days=10)) == []
    assert codes(state, BGL - timedelta(days=3)) == ["MESH_PARTNER_TO_TELL"]
    assert codes(state, BGL + timedelta(days=1)) == ["MESH_PARTNER_NOT_TOLD"]
    told = add(base, MeshMailbox("A81001OT001", "A81001OT002"),
               MeshPartner(1, "PCSE", told_on=BGL - timedelta(days=5), told_by="PM"))
    assert codes(told, BGL + timedelta(days=1)) == []


def test_missing_new_mailbox_is_a_warning_near_the_change(base: PlanState) -> None:
    state = add(base, MeshMailbox("A81001OT001", ""))
    assert codes(state, BGL - timedelta(days=20)) == []
    assert codes(state, BGL - timedelta(days=14)) == ["MESH_NEW_MAILBOX_MISSING"]


def test_mesh_mailbox_ids_are_checked() -> None:
    with pytest.raises(ValidationError, match="MESH mailbox ID"):
        MeshMailbox("A81001 OT001").validate()
    with pytest.raises(ValidationError, match="same as the old"):
        MeshMailbox("X1", "X1").validate()


# Equipment


def test_equipment_tested_on_tgl_or_flagged(base: PlanState) -> None:
    kiosk = Equipment(1, EquipmentKind.CHECK_IN_KIOSK, "Reception kiosk")
    state = add(base, kiosk)
    assert codes(state, TGL - timedelta(days=1)) == []
    assert codes(state, TGL) == ["EQUIPMENT_TEST_TODAY"]
    assert codes(state, BGL) == ["EQUIPMENT_NOT_TESTED"]
    tested = add(base, Equipment(1, EquipmentKind.CHECK_IN_KIOSK, "Reception kiosk",
                                 configured_on=TGL, tested_on=TGL, tested_by="CSU engineer"))
    assert codes(tested, BGL) == []
    assert tested.table("equipment")[1].status == "✔ Tested"


def test_incompatible_kit_without_a_replacement_is_a_warning(base: PlanState) -> None:
    old = Equipment(1, EquipmentKind.LABEL_PRINTER, "Dispensary printer", incompatible=True)
    assert "EQUIPMENT_NO_REPLACEMENT" in codes(add(base, old), date(2026, 11, 28))
    assert old.status.startswith("▲")


# Post-go-live issues and the burn-down


def issue(issue_id: int, opened: int, closed: int | None = None, owner: str = "DQ team"
          ) -> GoLiveIssue:
    return GoLiveIssue(issue_id, f"Issue {issue_id}", IssueCategory.DEGRADED_CODES,
                       BGL + timedelta(days=opened), owner,
                       IssueStatus.CLOSED if closed is not None else IssueStatus.OPEN,
                       BGL + timedelta(days=closed) if closed is not None else None)


def test_burn_down_counts_issues_open_at_the_end_of_each_day(base: PlanState) -> None:
    state = add(base, issue(1, -1, 2), issue(2, 0), issue(3, 1, 1), issue(4, 3))
    chart = burn_down(state, BGL + timedelta(days=4))
    assert chart.start == BGL and chart.end == READ_ONLY_END
    # Day 0: 1 and 2. Day 1: 1, 2 (3 opened and closed the same day). Day 2: 2. Day 3-4: 2, 4.
    assert chart.counts == (2, 2, 1, 2, 2)
    assert chart.peak == 2 and chart.peak_index == 0 and chart.latest == 2
    assert chart.ideal_at(0) == 2 and chart.ideal_at(chart.days) == 0
    assert chart.ideal_at(chart.days // 2) == pytest.approx(1, abs=0.05)


def test_ideal_line_starts_at_the_peak(base: PlanState) -> None:
    state = add(base, issue(1, 0), issue(2, 2), issue(3, 2), issue(4, 3, 4))
    chart = burn_down(state, BGL + timedelta(days=5))
    assert chart.counts == (1, 1, 3, 4, 3, 3)
    assert (chart.peak, chart.peak_index) == (4, 3)
    assert chart.ideal_at(2) is None and chart.ideal_at(3) == 4
    assert chart.ideal_at(chart.days) == 0
    assert chart.extension_decision == extension_decision_day(state)


def test_burn_down_is_empty_before_go_live_and_stops_at_the_read_only_end(
        base: PlanState) -> None:
    state = add(base, issue(1, 0))
    assert burn_down(state, BGL - timedelta(days=1)).counts == ()
    assert len(burn_down(state, READ_ONLY_END + timedelta(days=30)).counts) == 46


def test_extension_decision_from_the_plans_task_or_bgl_plus_30(base: PlanState) -> None:
    # The template's "Decide whether old-system access needs extending" task is 11 working
    # days before the read-only end (Fri 30 Apr 2027): Thu 15 Apr, BGL+30.
    assert extension_decision_day(base) == BGL + timedelta(days=30)
    tagged = next(t for t in base.tasks.values() if "extension_decision" in t.tags)
    moved = base.with_changes([EntityChange(tagged, tagged.with_changes(offset=-13))])
    assert extension_decision_day(moved) == BGL + timedelta(days=28)
    bare = base.with_changes([EntityChange(tagged, None)])
    assert extension_decision_day(bare) == BGL + timedelta(days=30)


def test_open_issues_at_the_extension_decision_are_a_warning(base: PlanState) -> None:
    state = add(base, issue(1, 1), issue(2, 1, 5))
    assert codes(state, BGL + timedelta(days=29)) == []
    assert codes(state, BGL + timedelta(days=30)) == ["ISSUES_OPEN_NEAR_READ_ONLY_END"]
    assert "ISSUE_NO_OWNER" in codes(add(base, issue(1, 1, owner="")), BGL)


def test_issue_closing_rules() -> None:
    with pytest.raises(ValidationError, match="when the issue was closed"):
        GoLiveIssue(1, "Asthma codes", IssueCategory.DEGRADED_CODES, BGL,
                    status=IssueStatus.CLOSED).validate()
    with pytest.raises(ValidationError, match="before it was opened"):
        GoLiveIssue(1, "Asthma codes", IssueCategory.DEGRADED_CODES, BGL,
                    status=IssueStatus.CLOSED, closed_on=BGL - timedelta(days=1)).validate()


@pytest.mark.parametrize(("row", "field", "words"), [
    (MeshPartner(1, "PCSE", told_on=date(2027, 3, 10)), "told_by", "Say who told them."),
    (MeshPartner(1, "PCSE", told_by="PM"), "told_on", "Say when they were told."),
    (Equipment(1, EquipmentKind.SCANNER, "Reception scanner", tested_on=date(2027, 3, 15)),
     "tested_by", "Say who tested it."),
    (Equipment(1, EquipmentKind.SCANNER, "Reception scanner", tested_by="CSU engineer"),
     "tested_on", "Say when it was tested."),
    (ThirdPartyLink(1, "SMS messaging", back_on_on=date(2027, 3, 16)), "confirmed_by",
     "Say who confirmed the link is back on."),
    (ThirdPartyLink(1, "SMS messaging", confirmed_by="PM"), "back_on_on",
     "Say when the link was confirmed back on."),
])
def test_a_step_done_needs_both_the_day_and_who(row, field: str, words: str) -> None:  # noqa: ANN001
    with pytest.raises(ValidationError) as refused:
        row.validate()
    assert refused.value.field == field
    assert refused.value.message == words

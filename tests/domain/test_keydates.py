"""Key dates derived from Business Go Live by a plan's rules."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.keydates import (
    KeyDate,
    KeyDateRules,
    TglRule,
    derive_key_dates,
    parse_key_date,
)

NATIONAL = WorkingCalendar()
BGL = date(2027, 3, 16)  # a Tuesday


def test_defaults_for_a_tuesday_go_live_follow_the_guide() -> None:
    keys = derive_key_dates(BGL, KeyDateRules(), NATIONAL)
    assert keys[KeyDate.BGL] == BGL
    assert keys[KeyDate.TGL] == date(2027, 3, 15)  # Monday
    assert keys[KeyDate.TGL].weekday() == 0
    assert keys[KeyDate.FDP] == date(2027, 3, 12)  # Friday, BGL −4
    assert keys[KeyDate.FDP].weekday() == 4
    assert keys[KeyDate.LINK_OFF] == BGL - timedelta(days=5)
    assert keys[KeyDate.PLANNING_MEETING] == BGL - timedelta(days=32)
    assert keys[KeyDate.READ_ONLY_END] == BGL + timedelta(days=45)
    assert keys[KeyDate.SUPPORT_END] == BGL + timedelta(days=90)


def test_key_dates_come_in_timeline_order() -> None:
    keys = derive_key_dates(BGL, KeyDateRules(), NATIONAL)
    assert list(keys) == [KeyDate.PLANNING_MEETING, KeyDate.LINK_OFF, KeyDate.FDP,
                          KeyDate.TGL, KeyDate.BGL, KeyDate.READ_ONLY_END, KeyDate.SUPPORT_END]
    assert list(keys.values()) == sorted(keys.values())


def test_tgl_skips_easter_when_bgl_is_the_tuesday_after() -> None:
    # Mon 29 Mar 2027 is Easter Monday and Fri 26 Mar Good Friday.
    keys = derive_key_dates(date(2027, 3, 30), KeyDateRules(), NATIONAL)
    assert keys[KeyDate.TGL] == date(2027, 3, 25)


def test_tgl_for_a_monday_go_live_is_the_friday_before() -> None:
    keys = derive_key_dates(date(2027, 3, 15), KeyDateRules(), NATIONAL)
    assert keys[KeyDate.TGL] == date(2027, 3, 12)


def test_tgl_skips_practice_closures_and_uses_extra_working_days() -> None:
    closed_monday = WorkingCalendar.of(closures=[date(2027, 3, 15)])
    assert derive_key_dates(BGL, KeyDateRules(), closed_monday)[KeyDate.TGL] == date(2027, 3, 12)
    working_sunday = WorkingCalendar.of(extra=[date(2027, 3, 14)])
    monday_bgl = date(2027, 3, 15)
    assert derive_key_dates(monday_bgl, KeyDateRules(), working_sunday)[KeyDate.TGL] == \
        date(2027, 3, 14)


def test_calendar_day_before_rule_ignores_weekends_and_holidays() -> None:
    rules = KeyDateRules(tgl_rule=TglRule.CALENDAR_DAY_BEFORE)
    assert derive_key_dates(date(2027, 3, 15), rules, NATIONAL)[KeyDate.TGL] == date(2027, 3, 14)
    assert derive_key_dates(date(2027, 3, 30), rules, NATIONAL)[KeyDate.TGL] == date(2027, 3, 29)


def test_changed_rules_move_the_key_dates() -> None:
    rules = KeyDateRules(fdp_days_before_bgl=7, link_off_days_before_fdp=2,
                         planning_days_before_fdp=35, read_only_days_after_bgl=90,
                         support_days_after_bgl=120)
    keys = derive_key_dates(BGL, rules, NATIONAL)
    assert keys[KeyDate.FDP] == date(2027, 3, 9)
    # Two days before FDP is Sunday 7 Mar: links are switched off on the Friday before.
    assert keys[KeyDate.LINK_OFF] == date(2027, 3, 5)
    assert keys[KeyDate.PLANNING_MEETING] == date(2027, 2, 2)
    assert keys[KeyDate.READ_ONLY_END] == date(2027, 6, 14)
    assert keys[KeyDate.SUPPORT_END] == date(2027, 7, 14)


@pytest.mark.parametrize(("changes", "field"), [
    ({"fdp_days_before_bgl": 1}, "fdp_days_before_bgl"),
    ({"fdp_days_before_bgl": 29}, "fdp_days_before_bgl"),
    ({"link_off_days_before_fdp": -1}, "link_off_days_before_fdp"),
    ({"link_off_days_before_fdp": 15}, "link_off_days_before_fdp"),
    ({"planning_days_before_fdp": 0}, "planning_days_before_fdp"),
    ({"planning_days_before_fdp": 181}, "planning_days_before_fdp"),
    ({"read_only_days_after_bgl": 0}, "read_only_days_after_bgl"),
    ({"read_only_days_after_bgl": 731}, "read_only_days_after_bgl"),
    ({"support_days_after_bgl": 0}, "support_days_after_bgl"),
    ({"support_days_after_bgl": 731}, "support_days_after_bgl"),
])
def test_rules_no_migration_could_follow_are_refused_naming_the_field(
    changes: dict[str, int], field: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        KeyDateRules(**changes).validate()  # type: ignore[arg-type]
    assert refused.value.field == field
    assert refused.value.message.endswith(".")
    assert "must" in refused.value.message


@pytest.mark.parametrize("changes", [
    {}, {"fdp_days_before_bgl": 2}, {"fdp_days_before_bgl": 28},
    {"link_off_days_before_fdp": 0}, {"link_off_days_before_fdp": 14},
    {"planning_days_before_fdp": 1}, {"planning_days_before_fdp": 180},
    {"read_only_days_after_bgl": 730}, {"support_days_after_bgl": 1},
])
def test_rules_at_the_limits_are_accepted(changes: dict[str, int]) -> None:
    KeyDateRules(**changes).validate()  # type: ignore[arg-type]


def test_key_dates_have_labels_and_short_names() -> None:
    assert KeyDate.FDP.label.startswith("Final Data Production")
    assert KeyDate.TGL.label == "Technical Go Live"
    assert KeyDate.BGL.short == "BGL"
    assert all(key.label and key.short for key in KeyDate)


@pytest.mark.parametrize(("text", "key"), [
    ("BGL", KeyDate.BGL), ("bgl", KeyDate.BGL), ("read-only end", KeyDate.READ_ONLY_END),
    (" link_off ", KeyDate.LINK_OFF),
])
def test_key_dates_are_read_from_names_in_any_case(text: str, key: KeyDate) -> None:
    assert parse_key_date(text) is key


def test_an_unknown_key_date_name_is_refused_with_the_choices() -> None:
    with pytest.raises(ValidationError, match="not a key date.*BGL"):
        parse_key_date("go live")


rules_strategy = st.builds(
    KeyDateRules,
    tgl_rule=st.sampled_from(list(TglRule)),
    fdp_days_before_bgl=st.integers(2, 28),
    link_off_days_before_fdp=st.integers(0, 14),
    planning_days_before_fdp=st.integers(1, 180),
    read_only_days_after_bgl=st.integers(1, 730),
    support_days_after_bgl=st.integers(1, 730),
)


@settings(max_examples=200, deadline=None)
@given(bgl=st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)),
       rules=rules_strategy)
def test_every_key_date_keeps_its_rule(bgl: date, rules: KeyDateRules) -> None:
    rules.validate()
    keys = derive_key_dates(bgl, rules, NATIONAL)
    tgl = keys[KeyDate.TGL]
    assert keys[KeyDate.BGL] == bgl
    if rules.tgl_rule is TglRule.WORKING_DAY_BEFORE:
        assert tgl < bgl
        assert NATIONAL.is_working_day(tgl)
        assert NATIONAL.working_days_between(tgl + timedelta(days=1), bgl - timedelta(days=1)) == 0
    else:
        assert tgl == bgl - timedelta(days=1)
    fdp = keys[KeyDate.FDP]
    # FDP keeps its rule unless that puts it on or after TGL; then it is the day before TGL.
    assert fdp == min(bgl - timedelta(days=rules.fdp_days_before_bgl), tgl - timedelta(days=1))
    for key, days in ((KeyDate.LINK_OFF, rules.link_off_days_before_fdp),
                      (KeyDate.PLANNING_MEETING, rules.planning_days_before_fdp)):
        # The last working day on or before the day the rule gives.
        by_rule = fdp - timedelta(days=days)
        assert keys[key] <= by_rule and NATIONAL.is_working_day(keys[key])
        assert NATIONAL.working_days_between(keys[key] + timedelta(days=1), by_rule) == 0
    assert keys[KeyDate.READ_ONLY_END] == bgl + timedelta(days=rules.read_only_days_after_bgl)
    assert keys[KeyDate.SUPPORT_END] == bgl + timedelta(days=rules.support_days_after_bgl)

"""The timeline's date arithmetic, ruler and label placement, tested without Qt."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cutover_desktop.ui.timeline.time_scale import (
    DEFAULT_ZOOM,
    ZOOM_LEVELS,
    TickUnit,
    TimeScale,
    choose_units,
    clamp_zoom,
    pack_spans,
    span_end,
    span_origin,
    stagger,
    ticks,
)

ORIGIN = date(2027, 3, 1)


def test_zoom_levels_run_from_days_to_months():
    assert ZOOM_LEVELS == (48.0, 24.0, 12.0, 6.0, 3.0, 1.5)
    assert list(ZOOM_LEVELS) == sorted(ZOOM_LEVELS, reverse=True)
    assert clamp_zoom(-3) == 0
    assert clamp_zoom(99) == len(ZOOM_LEVELS) - 1
    assert 0 <= DEFAULT_ZOOM < len(ZOOM_LEVELS)


def test_each_day_is_px_per_day_wide_from_the_origin():
    scale = TimeScale(ORIGIN, 12.0)
    assert scale.x_of(ORIGIN) == 0
    assert scale.x_of(date(2027, 3, 16)) == 15 * 12
    assert scale.x_after(date(2027, 3, 16)) == 16 * 12
    assert scale.x_of(date(2027, 2, 28)) == -12
    assert scale.width_of(3) == 36


def test_a_point_belongs_to_the_day_whose_column_holds_it():
    scale = TimeScale(ORIGIN, 12.0)
    assert scale.day_at(0) == ORIGIN
    assert scale.day_at(11.9) == ORIGIN
    assert scale.day_at(12) == date(2027, 3, 2)
    assert scale.day_at(-0.1) == date(2027, 2, 28)


@pytest.mark.parametrize(("dx", "days"), [(0, 0), (5.9, 0), (6, 1), (23, 2), (-6.1, -1),
                                          (-17, -1), (-18.1, -2), (120, 10)])
def test_a_drag_snaps_to_the_nearest_whole_day(dx, days):
    assert TimeScale(ORIGIN, 12.0).snap_days(dx) == days


@given(st.integers(min_value=-3000, max_value=3000), st.sampled_from(ZOOM_LEVELS))
def test_day_and_x_round_trip(offset, px):
    scale = TimeScale(ORIGIN, px)
    day = ORIGIN + timedelta(days=offset)
    assert scale.day_at(scale.x_of(day)) == day
    assert scale.day_at(scale.x_after(day) - 0.01) == day


@given(st.floats(min_value=0, max_value=50_000), st.sampled_from(ZOOM_LEVELS),
       st.sampled_from(ZOOM_LEVELS))
def test_zooming_keeps_the_same_instant_under_a_point(x, before, after):
    scale = TimeScale(ORIGIN, before)
    moved = scale.x_keeping(x, after)
    assert scale.rescaled(after).days_at(moved) == pytest.approx(scale.days_at(x))


def test_the_timeline_starts_on_a_monday_and_ends_on_a_sunday_with_a_margin():
    origin = span_origin(date(2027, 3, 16))
    assert origin.weekday() == 0
    assert date(2027, 3, 16) - origin >= timedelta(days=14)
    end = span_end(date(2027, 4, 30))
    assert end.weekday() == 6
    assert end - date(2027, 4, 30) >= timedelta(days=21)


def test_rejects_a_scale_without_width():
    with pytest.raises(ValueError):
        TimeScale(ORIGIN, 0)


def test_the_ruler_shows_days_when_they_are_wide_enough_and_months_when_not():
    assert choose_units(48, 20) == (TickUnit.MONTH, TickUnit.DAY)
    assert choose_units(12, 20) == (TickUnit.MONTH, TickUnit.WEEK)
    assert choose_units(1.5, 20) == (TickUnit.YEAR, TickUnit.MONTH)
    assert choose_units(0.1, 20) == (TickUnit.YEAR, TickUnit.YEAR)


def test_week_ticks_start_on_mondays_and_month_ticks_cross_the_year():
    weeks = ticks(date(2027, 3, 10), date(2027, 3, 24), TickUnit.WEEK)
    assert [t.start for t in weeks] == [date(2027, 3, 8), date(2027, 3, 15), date(2027, 3, 22)]
    assert all(t.end - t.start == timedelta(days=7) for t in weeks)
    months = ticks(date(2026, 11, 20), date(2027, 2, 3), TickUnit.MONTH)
    assert [t.label for t in months] == ["Nov", "Dec", "Jan", "Feb"]
    assert months[1].end == date(2027, 1, 1)
    long = ticks(date(2027, 3, 16), date(2027, 3, 16), TickUnit.DAY, long=True)
    assert long[0].label == "Tue 16"
    quarters = ticks(date(2027, 2, 1), date(2027, 4, 1), TickUnit.QUARTER)
    assert [t.label for t in quarters] == ["Q1 2027", "Q2 2027"]


def _width(text: str) -> float:
    return 7.0 * len(text)


def _overlaps(placed):
    for a in placed:
        for b in placed:
            if a is not b and a.lane == b.lane and a.x < b.x + b.width and b.x < a.x + a.width:
                return True
    return False


def test_close_key_dates_are_staggered_into_lanes_not_overlapped():
    # FDP, TGL and BGL at 12 px a day: 4 days, then 1 day apart.
    labels = [(0.0, "FDP"), (36.0, "TGL"), (48.0, "BGL")]
    placed = stagger(labels, _width, lanes=3)
    assert sorted(p.text for p in placed) == ["BGL", "FDP", "TGL"]
    assert not _overlaps(placed)
    assert len({p.lane for p in placed}) >= 2
    for p in placed:
        assert p.x == labels[p.members[0]][0]


def test_labels_too_close_for_the_lanes_are_joined_and_every_date_is_still_named():
    labels = [(0.0, "Links off"), (1.5, "FDP"), (6.0, "TGL"), (7.5, "BGL"), (70.0, "Read-only end")]
    placed = stagger(labels, _width, lanes=2)
    assert not _overlaps(placed)
    assert all(p.lane < 2 for p in placed)
    named = sorted(i for p in placed for i in p.members)
    assert named == list(range(len(labels)))
    joined = [p.text for p in placed if len(p.members) > 1]
    assert joined and all(" · " in text for text in joined)


def test_labels_far_apart_share_a_lane():
    placed = stagger([(0.0, "Planning"), (400.0, "BGL")], _width, lanes=3)
    assert [p.lane for p in placed] == [0, 0]


@given(st.lists(st.tuples(st.floats(min_value=0, max_value=500), st.sampled_from(
    ["FDP", "TGL", "BGL", "Links off", "Planning", "Today"])), max_size=8),
    st.integers(min_value=1, max_value=3))
def test_stagger_never_overlaps_and_never_drops_a_label(labels, lanes):
    placed = stagger(labels, _width, lanes)
    assert not _overlaps(placed)
    assert sorted(i for p in placed for i in p.members) == list(range(len(labels)))


def test_phase_spans_pack_into_lanes_without_overlap_while_lanes_last():
    d = date(2027, 3, 1)

    def days(first, last):
        return d + timedelta(days=first), d + timedelta(days=last)

    spans = [days(0, 10), days(5, 8), days(11, 20), days(9, 12)]
    lanes = pack_spans(spans, 3)
    assert lanes[0] == lanes[2] == 0  # the third starts after the first ends
    assert lanes[1] != lanes[0]
    for i, (a_first, a_last) in enumerate(spans):
        for j, (b_first, b_last) in enumerate(spans):
            if i < j and lanes[i] == lanes[j]:
                assert a_last < b_first or b_last < a_first


def test_time_scale_loads_without_qt():
    code = ("import sys, cutover_desktop.ui.timeline.time_scale; "
            "sys.exit(any(m.startswith('PySide6') for m in sys.modules))")
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0

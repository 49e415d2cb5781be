"""Date to x arithmetic for the timeline: zoom levels, ruler ticks and label lanes, without Qt."""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from typing import NamedTuple

from cutover_desktop.domain.formatting import day_abbr, month_abbr, month_name

# Pixels per day, from days (wide) to months (narrow).
ZOOM_LEVELS: tuple[float, ...] = (48.0, 24.0, 12.0, 6.0, 3.0, 1.5)
DEFAULT_ZOOM = 2


def clamp_zoom(level: int) -> int:
    return max(0, min(len(ZOOM_LEVELS) - 1, level))


@dataclass(frozen=True)
class TimeScale:
    """Where days fall along x: day `origin` starts at x = 0, each day `px_per_day` wide.

    A day occupies [x_of(day), x_of(day) + px_per_day).
    """

    origin: date
    px_per_day: float

    def __post_init__(self) -> None:
        if self.px_per_day <= 0:
            raise ValueError("px_per_day must be positive")

    def x_of(self, day: date) -> float:
        """The left edge of a day."""
        return (day - self.origin).days * self.px_per_day

    def x_after(self, day: date) -> float:
        """The right edge of a day (the left edge of the next one)."""
        return self.x_of(day) + self.px_per_day

    def days_at(self, x: float) -> float:
        """Days (fractional) from the origin to x."""
        return x / self.px_per_day

    def day_at(self, x: float) -> date:
        """The day whose column holds x."""
        return self.origin + timedelta(days=math.floor(self.days_at(x)))

    def snap_days(self, dx: float) -> int:
        """A horizontal drag of dx pixels as whole days, rounded to the nearest day."""
        return int(math.floor(dx / self.px_per_day + 0.5))

    def width_of(self, days: float) -> float:
        return days * self.px_per_day

    def rescaled(self, px_per_day: float) -> TimeScale:
        return TimeScale(self.origin, px_per_day)

    def x_keeping(self, x: float, px_per_day: float) -> float:
        """Where the instant at x lies after a zoom to px_per_day (same origin)."""
        return self.days_at(x) * px_per_day


def span_origin(first: date, margin_days: int = 14) -> date:
    """A Monday at least `margin_days` before the first day, where the timeline starts."""
    start = first - timedelta(days=margin_days)
    return start - timedelta(days=start.weekday())


def span_end(last: date, margin_days: int = 21) -> date:
    """A Sunday at least `margin_days` after the last day, where the timeline ends."""
    end = last + timedelta(days=margin_days)
    return end + timedelta(days=6 - end.weekday())


class TickUnit(Enum):
    DAY = "day"
    WEEK = "week"
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"


# Ruler rows: for the finer unit shown, which coarser unit labels the row above it.
_COARSER = {
    TickUnit.DAY: TickUnit.MONTH,
    TickUnit.WEEK: TickUnit.MONTH,
    TickUnit.MONTH: TickUnit.YEAR,
    TickUnit.QUARTER: TickUnit.YEAR,
    TickUnit.YEAR: TickUnit.YEAR,
}

_TYPICAL_DAYS = {
    TickUnit.DAY: 1.0,
    TickUnit.WEEK: 7.0,
    TickUnit.MONTH: 28.0,  # the shortest month: a label must fit in February
    TickUnit.QUARTER: 89.0,
    TickUnit.YEAR: 365.0,
}


def choose_units(px_per_day: float, label_px: float) -> tuple[TickUnit, TickUnit]:
    """(coarse, fine) ruler units: the finest unit whose cells are wide enough for a label."""
    for unit in (TickUnit.DAY, TickUnit.WEEK, TickUnit.MONTH, TickUnit.QUARTER):
        if _TYPICAL_DAYS[unit] * px_per_day >= label_px:
            return _COARSER[unit], unit
    return TickUnit.YEAR, TickUnit.YEAR


def unit_start(day: date, unit: TickUnit) -> date:
    """The first day of the unit (day, Monday-based week, month, quarter, year) holding a day."""
    if unit is TickUnit.DAY:
        return day
    if unit is TickUnit.WEEK:
        return day - timedelta(days=day.weekday())
    if unit is TickUnit.MONTH:
        return day.replace(day=1)
    if unit is TickUnit.QUARTER:
        return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
    return date(day.year, 1, 1)


def next_unit(day: date, unit: TickUnit) -> date:
    """The first day of the following unit, given the first day of one."""
    if unit is TickUnit.DAY:
        return day + timedelta(days=1)
    if unit is TickUnit.WEEK:
        return day + timedelta(days=7)
    months = {TickUnit.MONTH: 1, TickUnit.QUARTER: 3, TickUnit.YEAR: 12}[unit]
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


class Tick(NamedTuple):
    """One ruler cell: its first and (exclusive) last day and its label."""

    start: date
    end: date
    label: str


def tick_label(day: date, unit: TickUnit, long: bool = False) -> str:
    if unit is TickUnit.DAY:
        return f"{day_abbr(day)} {day.day}" if long else str(day.day)
    if unit is TickUnit.WEEK:
        return f"{day.day} {month_abbr(day)}"
    if unit is TickUnit.MONTH:
        return f"{month_name(day)} {day.year}" if long else month_abbr(day)
    if unit is TickUnit.QUARTER:
        return f"Q{(day.month - 1) // 3 + 1} {day.year}"
    return str(day.year)


def ticks(first: date, last: date, unit: TickUnit, long: bool = False) -> list[Tick]:
    """The cells of a unit that touch the days first..last (inclusive)."""
    cells: list[Tick] = []
    start = unit_start(first, unit)
    while start <= last:
        end = next_unit(start, unit)
        cells.append(Tick(start, end, tick_label(start, unit, long)))
        start = end
    return cells


class Placed(NamedTuple):
    """A label placed in a lane; `members` are the indexes of the inputs it stands for."""

    x: float
    width: float
    lane: int
    text: str
    members: tuple[int, ...]


def stagger(
    labels: Sequence[tuple[float, str]],
    measure: Callable[[str], float],
    lanes: int,
    gap: float = 6.0,
) -> list[Placed]:
    """Place labels (x, text) left-aligned at their x in at most `lanes` rows without overlap.

    Each label goes in the first lane where it fits. When the labels need more lanes than
    there are, labels whose x are close are joined (“FDP · TGL”) and placement starts again,
    so every label stays readable, however close the dates.
    """
    order = sorted(range(len(labels)), key=lambda i: labels[i][0])
    if not order:
        return []
    join_below = 0.0
    while True:
        groups: list[list[int]] = []
        for index in order:
            if groups and labels[index][0] - labels[groups[-1][-1]][0] <= join_below:
                groups[-1].append(index)
            else:
                groups.append([index])
        placed = _place(groups, labels, measure, lanes, gap)
        if placed is not None:
            return placed
        # Join the closest neighbours next time round.
        gaps = [labels[b][0] - labels[a][0] for a, b in zip(order, order[1:], strict=False)
                if labels[b][0] - labels[a][0] > join_below]
        if not gaps:
            # One group left and still too wide for a lane: put it in lane 0 anyway.
            return _place(groups, labels, measure, max(lanes, len(groups)), gap) or []
        join_below = min(gaps)


def _place(groups: list[list[int]], labels: Sequence[tuple[float, str]],
           measure: Callable[[str], float], lanes: int, gap: float) -> list[Placed] | None:
    ends = [-math.inf] * max(1, lanes)
    placed: list[Placed] = []
    for group in groups:
        x = labels[group[0]][0]
        text = " · ".join(labels[i][1] for i in group)
        width = measure(text)
        for lane, end in enumerate(ends):
            if x >= end + gap:
                ends[lane] = x + width
                placed.append(Placed(x, width, lane, text, tuple(group)))
                break
        else:
            return None
    return placed


def pack_spans(spans: Sequence[tuple[date, date]], lanes: int) -> list[int]:
    """A lane for each (first, last) day span so spans in one lane do not overlap.

    A span that fits no lane goes to the lane whose last span ends soonest, overlapping it.
    """
    order = sorted(range(len(spans)), key=lambda i: (spans[i][0], spans[i][1]))
    ends: list[date | None] = [None] * max(1, lanes)
    result = [0] * len(spans)
    for index in order:
        first, last = spans[index]
        chosen = None
        for lane, end in enumerate(ends):
            if end is None or first > end:
                chosen = lane
                break
        if chosen is None:
            chosen = min(range(len(ends)), key=lambda lane: ends[lane] or date.min)
        current = ends[chosen]
        ends[chosen] = last if current is None or last > current else current
        result[index] = chosen
    return result

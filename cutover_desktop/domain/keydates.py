"""Key dates of a migration, all derived from Business Go Live by rules a plan can change."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.errors import ValidationError


class KeyDate(StrEnum):
    """The dates every task can hang from. Values are the names used in files."""

    PLANNING_MEETING = "PLANNING_MEETING"
    LINK_OFF = "LINK_OFF"
    FDP = "FDP"
    TGL = "TGL"
    BGL = "BGL"
    READ_ONLY_END = "READ_ONLY_END"
    SUPPORT_END = "SUPPORT_END"

    @property
    def label(self) -> str:
        return _LABELS[self][0]

    @property
    def short(self) -> str:
        return _LABELS[self][1]


_LABELS = {
    KeyDate.PLANNING_MEETING: ("Cut-over planning meeting", "Planning"),
    KeyDate.LINK_OFF: ("Third-party links switched off", "Links off"),
    KeyDate.FDP: ("Final Data Production (cut-over starts)", "FDP"),
    KeyDate.TGL: ("Technical Go Live", "TGL"),
    KeyDate.BGL: ("Business Go Live", "BGL"),
    KeyDate.READ_ONLY_END: ("Old system read-only access ends", "Read-only end"),
    KeyDate.SUPPORT_END: ("Old system support ends", "Support end"),
}


def parse_key_date(name: str) -> KeyDate:
    """The key date for a name such as 'BGL' or 'read_only_end' (any case)."""
    wanted = name.strip().upper().replace("-", "_").replace(" ", "_")
    try:
        return KeyDate(wanted)
    except ValueError:
        names = ", ".join(k.value for k in KeyDate)
        raise ValidationError(f"“{name}” is not a key date; use one of {names}.") from None


class TglRule(StrEnum):
    WORKING_DAY_BEFORE = "working_day_before"
    CALENDAR_DAY_BEFORE = "calendar_day_before"


@dataclass(frozen=True)
class KeyDateRules:
    """How each key date follows from Business Go Live. Days are calendar days."""

    tgl_rule: TglRule = TglRule.WORKING_DAY_BEFORE
    fdp_days_before_bgl: int = 4
    link_off_days_before_fdp: int = 1
    planning_days_before_fdp: int = 28
    read_only_days_after_bgl: int = 45
    support_days_after_bgl: int = 90

    def __post_init__(self) -> None:
        # A rule read from a form or a file arrives as text; refuse what is not a rule.
        if not isinstance(self.tgl_rule, TglRule):
            try:
                object.__setattr__(self, "tgl_rule", TglRule(str(self.tgl_rule)))
            except ValueError:
                raise ValidationError("Technical Go Live must be the working day or the "
                                      "calendar day before Business Go Live.", "tgl_rule") from None

    def validate(self) -> None:
        """Refuse rules no migration could follow. Softer limits are warnings instead."""
        _check_range("fdp_days_before_bgl", self.fdp_days_before_bgl, 2, 28,
                     "Final Data Production must be 2 to 28 days before Business Go Live.")
        _check_range("link_off_days_before_fdp", self.link_off_days_before_fdp, 0, 14,
                     "Links must be switched off 0 to 14 days before Final Data Production.")
        _check_range("planning_days_before_fdp", self.planning_days_before_fdp, 1, 180,
                     "The planning meeting must be 1 to 180 days before Final Data Production.")
        _check_range("read_only_days_after_bgl", self.read_only_days_after_bgl, 1, 730,
                     "Read-only access must end 1 to 730 days after Business Go Live.")
        _check_range("support_days_after_bgl", self.support_days_after_bgl, 1, 730,
                     "Legacy support must end 1 to 730 days after Business Go Live.")


def _check_range(field: str, value: int, low: int, high: int, message: str) -> None:
    if not low <= value <= high:
        raise ValidationError(message, field)


def derive_key_dates(
    bgl: date, rules: KeyDateRules, calendar: WorkingCalendar
) -> dict[KeyDate, date]:
    """Every key date for a Business Go Live date, in timeline order.

    Final Data Production may fall on a closed day (a weekend cut-over is fine), but never
    on or after Technical Go Live: then it is the day before TGL and the plan's findings
    say so. The planning meeting and the links switch-off are jobs for practice staff, so
    they fall on the last working day on or before the day the rules give.
    """
    if rules.tgl_rule is TglRule.WORKING_DAY_BEFORE:
        tgl = calendar.previous_working_day(bgl)
    else:
        tgl = bgl - timedelta(days=1)
    fdp = min(fdp_by_rule(bgl, rules), tgl - timedelta(days=1))
    return {
        KeyDate.PLANNING_MEETING: working_day_on_or_before(
            fdp - timedelta(days=rules.planning_days_before_fdp), calendar),
        KeyDate.LINK_OFF: working_day_on_or_before(
            fdp - timedelta(days=rules.link_off_days_before_fdp), calendar),
        KeyDate.FDP: fdp,
        KeyDate.TGL: tgl,
        KeyDate.BGL: bgl,
        KeyDate.READ_ONLY_END: bgl + timedelta(days=rules.read_only_days_after_bgl),
        KeyDate.SUPPORT_END: bgl + timedelta(days=rules.support_days_after_bgl),
    }


def fdp_by_rule(bgl: date, rules: KeyDateRules) -> date:
    """Final Data Production as the rules alone place it, before any correction."""
    return bgl - timedelta(days=rules.fdp_days_before_bgl)


def working_day_on_or_before(day: date, calendar: WorkingCalendar) -> date:
    return day if calendar.is_working_day(day) else calendar.previous_working_day(day)


def next_key_date(key_dates: Mapping[KeyDate, date], today: date) -> tuple[KeyDate, date] | None:
    """The first key date on or after today (in plan order when two fall on one day), or None
    when they have all passed."""
    coming = [(day, key) for key, day in key_dates.items() if day >= today]
    if not coming:
        return None
    day, key = min(coming, key=lambda pair: (pair[0], list(KeyDate).index(pair[1])))
    return key, day

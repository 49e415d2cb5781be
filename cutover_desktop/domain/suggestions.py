"""Go-live dates that satisfy every key-date rule, nearest first, each with the reason."""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, timedelta

from cutover_desktop.domain.calendar import WorkingCalendar
from cutover_desktop.domain.formatting import day_abbr, month_abbr, uk_date
from cutover_desktop.domain.keydates import KeyDate, derive_key_dates
from cutover_desktop.domain.model import PlanDetails
from cutover_desktop.domain.warnings import Finding, Severity, key_date_findings

# Findings about the key dates alone that a suggested go-live date must not have. Notes
# (flu season, a holiday nearby) and the QOF year-end warning are left to the person.
KEY_DATE_RULES = frozenset({
    "KEY_DATE_BANK_HOLIDAY", "KEY_DATE_NOT_WORKING", "KEY_DATE_ORDER",
    "BANK_HOLIDAY_IN_CUTOVER", "CUTOVER_OVER_72H", "CUTOVER_OVER_2_WEEKS",
    "CUTOVER_TOO_SHORT", "CUTOVER_CORE_HOURS",
})
SEARCH_DAYS = 400


@dataclass(frozen=True)
class GoLiveSuggestion:
    day: date
    why: str

    @property
    def text(self) -> str:
        return f"{uk_date(self.day)} ({self.why})"


def key_date_problems(findings: list[Finding]) -> list[Finding]:
    """The findings that are Problems with the key dates themselves."""
    return [f for f in findings
            if f.code in KEY_DATE_RULES and f.severity is Severity.PROBLEM]


def breaks_a_rule(details: PlanDetails, calendar: WorkingCalendar, day: date) -> bool:
    found = key_date_findings(replace(details, go_live=day), calendar)
    return any(f.code in KEY_DATE_RULES for f in found)


def suggest_go_live(details: PlanDetails, calendar: WorkingCalendar, count: int = 3,
                    earliest: date | None = None) -> list[GoLiveSuggestion]:
    """Go-live dates that break no key-date rule, nearest to the plan's own date first.

    `earliest` keeps suggestions from the past (or too close to plan for).
    """
    # A go-live long past (or too close) is searched from the earliest date allowed instead.
    centre = details.go_live if earliest is None else max(details.go_live, earliest)
    found: list[GoLiveSuggestion] = []
    for distance in range(SEARCH_DAYS):
        # Later first when two are as near: more time to plan.
        for day in dict.fromkeys((centre + timedelta(days=distance),
                                  centre - timedelta(days=distance))):
            if earliest is not None and day < earliest:
                continue
            if not breaks_a_rule(details, calendar, day):
                found.append(GoLiveSuggestion(day, why(details, calendar, day)))
                if len(found) >= count:
                    return found
    return found


def why(details: PlanDetails, calendar: WorkingCalendar, day: date) -> str:
    """'cut-over Fri 2 Apr to Mon 5 Apr, no bank holiday inside'."""
    keys = derive_key_dates(day, details.rules, calendar)
    fdp, tgl = keys[KeyDate.FDP], keys[KeyDate.TGL]
    return (f"cut-over {day_abbr(fdp)} {fdp.day} {month_abbr(fdp)} to "
            f"{day_abbr(tgl)} {tgl.day} {month_abbr(tgl)}, "
            f"{(tgl - fdp).days * 24} hours, no bank holiday inside")


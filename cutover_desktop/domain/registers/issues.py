"""Post-go-live issues, their burn-down and the read-only extension decision."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from cutover_desktop.domain.days import each_day
from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers.common import (
    EXTENSION_DECISION_DAYS,
    EXTENSION_TAG,
    ISSUE,
    check_name,
    check_notes,
    check_short,
    rows_of,
)
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



# Post-go-live issues


class IssueCategory(StrEnum):
    DEGRADED_CODES = "degraded_codes"
    QOF_MARKERS = "qof_markers"
    DMD_MAPPING = "dmd_mapping"
    EPS = "eps"
    LINKS = "links"
    EQUIPMENT = "equipment"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"degraded_codes": "Degraded codes", "qof_markers": "QOF markers",
                "dmd_mapping": "dm+d mapping", "eps": "EPS", "links": "Links",
                "equipment": "Equipment", "other": "Other"}[self.value]


class IssueStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    CLOSED = "closed"

    @property
    def label(self) -> str:
        return {"open": "○ Open", "in_progress": "◐ In progress",
                "closed": "✔ Closed"}[self.value]


@dataclass(frozen=True)
class GoLiveIssue:
    """A problem found after go-live: a degraded code, a QOF marker, a dm+d mapping, ..."""

    id: int
    title: str
    category: IssueCategory
    opened_on: date
    owner: str = ""
    status: IssueStatus = IssueStatus.OPEN
    closed_on: date | None = None
    notes: str = ""

    def validate(self) -> None:
        check_name(self.title, "title", "issue")
        check_short(self.owner, "owner", "owner")
        if self.status is IssueStatus.CLOSED and self.closed_on is None:
            raise ValidationError("Say when the issue was closed.", "closed_on")
        if self.status is not IssueStatus.CLOSED and self.closed_on is not None:
            raise ValidationError("Only a closed issue has a closing date.", "closed_on")
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValidationError("An issue cannot be closed before it was opened.", "closed_on")
        check_notes(self.notes)

    def open_on(self, day: date) -> bool:
        """Whether the issue was open at the end of a day."""
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


def issues(state: PlanState) -> list[GoLiveIssue]:
    return sorted(rows_of(state, ISSUE, GoLiveIssue),
                  key=lambda i: (i.status is IssueStatus.CLOSED, i.opened_on, i.id))


def extension_decision_day(state: PlanState) -> date:
    """When to decide on extending read-only access: the plan's task for it, or BGL + 30."""
    dates = state.schedule.dates
    tagged = [dates[task.id].start for task in state.tasks.values()
              if EXTENSION_TAG in task.tags and task.id in dates]
    if tagged:
        return min(tagged)
    return state.schedule.key_dates[KeyDate.BGL] + timedelta(days=EXTENSION_DECISION_DAYS)


@dataclass(frozen=True)
class BurnDown:
    """Open post-go-live issues day by day, from Business Go Live to the read-only end.

    Attributes:
        counts: the number open at the end of each day from `start`, up to today (or the
            end); empty before go-live.

    The ideal line runs from the peak so far (issues are found after go-live, so the count
    rises first) straight down to zero at the read-only end.
    """

    start: date
    end: date
    extension_decision: date
    today: date
    counts: tuple[int, ...]

    @property
    def days(self) -> int:
        return (self.end - self.start).days

    @property
    def peak(self) -> int:
        return max(self.counts, default=0)

    @property
    def peak_index(self) -> int:
        """The first day the peak was reached (0 when there are no counts)."""
        return self.counts.index(self.peak) if self.counts else 0

    @property
    def latest(self) -> int | None:
        return self.counts[-1] if self.counts else None

    def day_of(self, index: int) -> date:
        return self.start + timedelta(days=index)

    def ideal_at(self, index: int) -> float | None:
        """Where the ideal line is on a day; None before the peak, where it has not begun."""
        start = self.peak_index
        if index < start:
            return None
        if index >= self.days or self.days <= start:
            return 0.0
        return self.peak * (1 - (index - start) / (self.days - start))


def burn_down(state: PlanState, today: date) -> BurnDown:
    keys = state.schedule.key_dates
    start, end = keys[KeyDate.BGL], keys[KeyDate.READ_ONLY_END]
    rows = issues(state)
    last = min(today, end)
    counts = tuple(sum(1 for issue in rows if issue.open_on(day))
                   for day in each_day(start, last))
    return BurnDown(start, end, extension_decision_day(state), today, counts)


def issue_findings(state: PlanState, today: date) -> list[Finding]:
    rows = issues(state)
    if not rows:
        return []
    found = []
    keys = state.schedule.key_dates
    end = keys[KeyDate.READ_ONLY_END]
    decision = extension_decision_day(state)
    still_open = [issue for issue in rows if issue.status is not IssueStatus.CLOSED]
    if still_open and decision <= today <= end:
        found.append(Finding(
            "ISSUES_OPEN_NEAR_READ_ONLY_END", Severity.WARNING,
            f"{plural(len(still_open), 'post-go-live issue')} still open; decide by "
            f"{uk_date(decision)} whether read-only access to the old system (ends "
            f"{uk_date(end)}) must be extended.", decision, subject="Post-go-live issues"))
    for issue in still_open:
        if not issue.owner:
            found.append(Finding(
                "ISSUE_NO_OWNER", Severity.NOTE,
                f"Post-go-live issue “{issue.title}” has no owner.", issue.opened_on,
                subject=issue.title))
    return found


register_entity(GoLiveIssue, ISSUE, lambda issue: issue.id)

"""Paper re-entry: batches, progress, the NHS numbers a plan opts in to record."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.nhs_number import NhsNumber
from cutover_desktop.domain.registers.common import (
    BATCH,
    GUIDE_CATEGORIES,
    NUMBER,
    PROGRESS,
    REENTRY_TARGET_DAYS,
    Due,
    check_count,
    check_name,
    check_notes,
    check_short,
    clean_text,
    due_state,
    rows_of,
    settings_of,
)
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



# Paper re-entry


@dataclass(frozen=True)
class ReentryBatch:
    """Paper collected during the cut-over, to be re-entered: 'Consultations, folder A, 37'."""

    id: int
    category: str
    collected_on: date
    count: int
    reference: str = ""
    collected_by: str = ""
    notes: str = ""

    def validate(self) -> None:
        check_name(self.category, "category", "category")
        check_count(self.count, "count", "number of items")
        check_short(self.reference, "reference", "batch reference")
        check_short(self.collected_by, "collected_by", "name of who collected it")
        check_notes(self.notes)

    @property
    def label(self) -> str:
        """'Consultations, Fri 26 Mar 2027, folder A, 37 items'."""
        parts = [self.category, uk_date(self.collected_on)]
        if self.reference:
            parts.append(self.reference)
        parts.append(plural(self.count, "item"))
        return ", ".join(parts)


@dataclass(frozen=True)
class ReentryProgress:
    """Some of a batch re-entered into the new system: how many, by whom, when, checked by."""

    id: int
    batch_id: int
    count: int
    done_by: str
    done_on: date
    checked_by: str = ""

    def validate(self) -> None:
        check_count(self.count, "count", "number re-entered")
        check_name(self.done_by, "done_by", "name of who re-entered them")
        check_short(self.checked_by, "checked_by", "name of who checked them")

    @property
    def checked(self) -> bool:
        return bool(self.checked_by)


@dataclass(frozen=True)
class ReentryNhsNumber:
    """An NHS number recorded against a batch (only when the plan has opted in)."""

    id: int
    batch_id: int
    number: NhsNumber
    re_entered: bool = False


@dataclass(frozen=True)
class Progress:
    """How much of some paper has been re-entered."""

    collected: int = 0
    re_entered: int = 0
    checked: int = 0
    batches: int = 0

    @property
    def outstanding(self) -> int:
        return max(0, self.collected - self.re_entered)

    @property
    def fraction(self) -> float:
        return 1.0 if self.collected == 0 else min(1.0, self.re_entered / self.collected)

    @property
    def percent(self) -> int:
        """Whole per cent, rounded down, so 100% only ever means nothing is left."""
        if self.collected == 0:
            return 100
        return min(100, self.re_entered * 100 // self.collected)

    @property
    def complete(self) -> bool:
        return self.outstanding == 0

    @property
    def verified(self) -> bool:
        """Everything re-entered and every part of it checked."""
        return self.complete and self.checked >= self.re_entered

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.collected + other.collected, self.re_entered + other.re_entered,
                        self.checked + other.checked, self.batches + other.batches)


def batches(state: PlanState) -> list[ReentryBatch]:
    """Batches in the order they were collected."""
    return sorted(rows_of(state, BATCH, ReentryBatch),
                  key=lambda b: (b.collected_on, category_order(b.category), b.id))


def progress_entries(state: PlanState, batch_id: int | None = None) -> list[ReentryProgress]:
    rows = rows_of(state, PROGRESS, ReentryProgress)
    if batch_id is not None:
        rows = [row for row in rows if row.batch_id == batch_id]
    return sorted(rows, key=lambda p: (p.done_on, p.id))


def nhs_numbers(state: PlanState, batch_id: int | None = None) -> list[ReentryNhsNumber]:
    rows = rows_of(state, NUMBER, ReentryNhsNumber)
    if batch_id is not None:
        rows = [row for row in rows if row.batch_id == batch_id]
    return sorted(rows, key=lambda n: n.id)


def category_order(category: str) -> tuple[int, str]:
    """The guide's categories first, in the guide's order, then the rest alphabetically."""
    lowered = category.casefold()
    for number, name in enumerate(GUIDE_CATEGORIES):
        if name.casefold() == lowered:
            return number, ""
    return len(GUIDE_CATEGORIES), lowered


def canonical_category(text: str) -> str:
    """The category as typed, spelt like the guide's one when it is one of those."""
    cleaned = clean_text(text)
    for name in GUIDE_CATEGORIES:
        if name.casefold() == cleaned.casefold():
            return name
    return cleaned


def batch_progress(batch: ReentryBatch, entries: Iterable[ReentryProgress]) -> Progress:
    done = [entry for entry in entries if entry.batch_id == batch.id]
    return Progress(batch.count, sum(e.count for e in done),
                    sum(e.count for e in done if e.checked), 1)


def progress_by_batch(state: PlanState) -> dict[int, Progress]:
    entries = progress_entries(state)
    by_batch: dict[int, list[ReentryProgress]] = {}
    for entry in entries:
        by_batch.setdefault(entry.batch_id, []).append(entry)
    return {batch.id: batch_progress(batch, by_batch.get(batch.id, ()))
            for batch in batches(state)}


def progress_by_category(state: PlanState) -> dict[str, Progress]:
    """Progress for each category that has batches, the guide's categories first."""
    by_batch = progress_by_batch(state)
    totals: dict[str, Progress] = {}
    for batch in batches(state):
        key = canonical_category(batch.category)
        totals[key] = totals.get(key, Progress()) + by_batch[batch.id]
    return dict(sorted(totals.items(), key=lambda item: category_order(item[0])))


def overall_progress(state: PlanState) -> Progress:
    total = Progress()
    for progress in progress_by_batch(state).values():
        total = total + progress
    return total


def categories_in_use(state: PlanState) -> list[str]:
    """The guide's categories followed by any others the plan uses."""
    extra = {canonical_category(b.category) for b in batches(state)} - set(GUIDE_CATEGORIES)
    return [*GUIDE_CATEGORIES, *sorted(extra, key=str.casefold)]


def reentry_target(state: PlanState) -> date:
    """The day re-entry should reach zero outstanding."""
    chosen = settings_of(state).reentry_target
    if chosen is not None:
        return chosen
    return state.schedule.key_dates[KeyDate.BGL] + timedelta(days=REENTRY_TARGET_DAYS)


def reentry_due(state: PlanState, today: date) -> Due:
    overall = overall_progress(state)
    return due_state(reentry_target(state), today, done=overall.complete, soon_days=2)


def register_complete(state: PlanState) -> bool:
    """Every batch re-entered and checked, and every recorded number marked re-entered."""
    overall = overall_progress(state)
    numbers_done = all(n.re_entered for n in nhs_numbers(state))
    return overall.verified and numbers_done


def reentry_findings(state: PlanState, today: date) -> list[Finding]:
    if not state.table(BATCH):
        return []
    found = []
    overall = overall_progress(state)
    target = reentry_target(state)
    bgl = state.schedule.key_dates[KeyDate.BGL]
    due = reentry_due(state, today)
    outstanding = plural(overall.outstanding, "item")
    if due is Due.OVERDUE:
        found.append(Finding(
            "REENTRY_OVERDUE", Severity.WARNING,
            f"Paper re-entry missed its target of zero outstanding by {uk_date(target)}: "
            f"{outstanding} still to re-enter ({overall.percent}% done).", target,
            subject="Paper re-entry"))
    elif due is Due.DUE_TODAY:
        found.append(Finding(
            "REENTRY_DUE", Severity.NOTE,
            f"Paper re-entry should reach zero outstanding today: {outstanding} to go.",
            target, subject="Paper re-entry"))
    if target < bgl:
        found.append(Finding(
            "REENTRY_TARGET_BEFORE_BGL", Severity.WARNING,
            f"The re-entry target ({uk_date(target)}) is before Business Go Live "
            f"({uk_date(bgl)}); re-entry can only start at go-live.", target,
            subject="Paper re-entry"))
    if overall.complete and not overall.verified and today > target:
        unchecked = overall.re_entered - overall.checked
        found.append(Finding(
            "REENTRY_UNCHECKED", Severity.NOTE,
            f"Everything is re-entered, but {plural(unchecked, 'item')} still "
            "need checking.", target, subject="Paper re-entry"))
    if nhs_numbers(state) and register_complete(state):
        found.append(Finding(
            "NHS_NUMBERS_TO_PURGE", Severity.WARNING,
            "Re-entry is complete and checked: purge the recorded NHS numbers from the plan "
            "file.", today, subject="Paper re-entry"))
    return found


register_entity(ReentryBatch, BATCH, lambda batch: batch.id)
register_entity(ReentryProgress, PROGRESS, lambda entry: entry.id)
register_entity(ReentryNhsNumber, NUMBER, lambda number: number.id)

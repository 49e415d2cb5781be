"""Cut-over registers: paper re-entry, held registrations, links, MESH, equipment, issues.

Patient data is kept out by design: the registers hold counts, batch references and dates.
Only a plan that opts in records NHS numbers against re-entry batches, and those can be
purged in one step once re-entry is complete (see services/registers.py).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, TypeVar

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.features import register_findings
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.nhs_number import NhsNumber, is_valid
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

REENTRY_TARGET_DAYS = 7
EXTENSION_DECISION_DAYS = 30
REMINDER_DAYS_BEFORE = 7
NOTICE_WARNING_DAYS = 7
MESH_WARNING_DAYS = 14
MAX_COUNT = 100_000
MAX_NOTICE_DAYS = 365
MAX_NAME = 200
MAX_NOTES = 2000
EXTENSION_TAG = "extension_decision"

# The kinds of entity this module registers (see domain/entities.py).
SETTINGS = "register_settings"
BATCH = "reentry_batch"
PROGRESS = "reentry_progress"
NUMBER = "reentry_nhs_number"
HELD = "held_registration"
LINK = "third_party_link"
MESH = "mesh_mailbox"
PARTNER = "mesh_partner"
EQUIPMENT = "equipment"
ISSUE = "golive_issue"
KINDS = (SETTINGS, BATCH, PROGRESS, NUMBER, HELD, LINK, MESH, PARTNER, EQUIPMENT, ISSUE)

# The paper the guide says comes back for re-entry after go-live.
GUIDE_CATEGORIES = (
    "Appointments",
    "Consultations",
    "Lab results",
    "Prescriptions",
    "Urgent referrals (copy kept)",
    "Registration tasks",
    "Patient opt-out codes",
    "Scanned correspondence",
)

# Ten digits, spaced or not, that could be an NHS number typed into a free-text field.
_NUMBER_LIKE = re.compile(r"(?<!\d)\d{3}[\s\-]?\d{3}[\s\-]?\d{4}(?!\d)")


# Checks shared by every register


def clean_text(value: str) -> str:
    """The text with its ends trimmed and runs of spaces inside a line made single."""
    lines = [" ".join(line.split()) for line in value.strip().splitlines()]
    return "\n".join(lines).strip()


def check_no_patient_data(text: str, field: str) -> None:
    """Refuse free text holding an NHS number: registers hold counts, references and dates."""
    for match in _NUMBER_LIKE.finditer(text):
        if is_valid(match.group()):
            raise ValidationError(
                "That looks like an NHS number. The registers keep patient details out: use a "
                "batch reference, a count and dates instead.", field)


def _check_name(value: str, field: str, what: str) -> None:
    if not value.strip():
        raise ValidationError(f"Give the {what}.", field)
    if len(value) > MAX_NAME:
        raise ValidationError(f"The {what} can be at most {MAX_NAME} characters.", field)
    check_no_patient_data(value, field)


def _check_short(value: str, field: str, what: str) -> None:
    if len(value) > MAX_NAME:
        raise ValidationError(f"The {what} can be at most {MAX_NAME} characters.", field)
    check_no_patient_data(value, field)


def _check_notes(value: str, field: str = "notes") -> None:
    if len(value) > MAX_NOTES:
        raise ValidationError(f"Notes can be at most {MAX_NOTES} characters.", field)
    check_no_patient_data(value, field)


def _check_count(value: int, field: str, what: str, minimum: int = 1) -> None:
    if not minimum <= value <= MAX_COUNT:
        raise ValidationError(f"The {what} must be a whole number from {minimum} to "
                              f"{MAX_COUNT:,}.", field)


# Due and overdue


class Due(StrEnum):
    """Where a dated piece of work stands on a given day."""

    DONE = "done"
    NOT_DUE = "not_due"
    DUE_SOON = "due_soon"
    DUE_TODAY = "due_today"
    OVERDUE = "overdue"

    @property
    def label(self) -> str:
        return {"done": "Done", "not_due": "Not due yet", "due_soon": "Due soon",
                "due_today": "Due today", "overdue": "Overdue"}[self.value]

    @property
    def symbol(self) -> str:
        """A mark for screens, so status is never told by colour alone."""
        return {"done": "✔", "not_due": "○", "due_soon": "◔", "due_today": "◉",
                "overdue": "▲"}[self.value]


def due_state(due: date | None, today: date, *, done: bool = False,
              soon_days: int = 7) -> Due:
    """Done, not due, due within `soon_days`, due today, or overdue (the day has passed)."""
    if done:
        return Due.DONE
    if due is None:
        return Due.NOT_DUE
    if today > due:
        return Due.OVERDUE
    if today == due:
        return Due.DUE_TODAY
    if (due - today).days <= soon_days:
        return Due.DUE_SOON
    return Due.NOT_DUE


# Settings


@dataclass(frozen=True)
class RegisterSettings:
    """Per-plan choices for the registers.

    Attributes:
        reentry_target: the day re-entry should reach zero outstanding; None means
            Business Go Live + 7 days, so it moves when go-live moves.
        record_nhs_numbers: the plan has opted in to recording NHS numbers against
            re-entry batches.
        numbers_purged_on: the day recorded NHS numbers were last purged, if ever.
    """

    reentry_target: date | None = None
    record_nhs_numbers: bool = False
    numbers_purged_on: date | None = None


OPT_IN_EXPLANATION = (
    "Recording NHS numbers puts patient-identifiable data in this plan file. Anyone who can "
    "open the file, or a copy or backup of it, can read them. Keep the file on a secure NHS "
    "drive, never e-mail it, and purge the numbers as soon as re-entry is complete and "
    "checked: the purge removes them from the file for good, but backup copies made while "
    "the numbers were recorded still hold them until those backups are deleted.")


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
        _check_name(self.category, "category", "category")
        _check_count(self.count, "count", "number of items")
        _check_short(self.reference, "reference", "batch reference")
        _check_short(self.collected_by, "collected_by", "name of who collected it")
        _check_notes(self.notes)

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
        _check_count(self.count, "count", "number re-entered")
        _check_name(self.done_by, "done_by", "name of who re-entered them")
        _check_short(self.checked_by, "checked_by", "name of who checked them")

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


def settings_of(state: PlanState) -> RegisterSettings:
    found = state.table(SETTINGS).get("registers")
    return found if isinstance(found, RegisterSettings) else RegisterSettings()


_E = TypeVar("_E")


def _rows(state: PlanState, kind: str, cls: type[_E]) -> list[_E]:
    return [row for row in state.table(kind).values() if isinstance(row, cls)]


def batches(state: PlanState) -> list[ReentryBatch]:
    """Batches in the order they were collected."""
    return sorted(_rows(state, BATCH, ReentryBatch),
                  key=lambda b: (b.collected_on, category_order(b.category), b.id))


def progress_entries(state: PlanState, batch_id: int | None = None) -> list[ReentryProgress]:
    rows = _rows(state, PROGRESS, ReentryProgress)
    if batch_id is not None:
        rows = [row for row in rows if row.batch_id == batch_id]
    return sorted(rows, key=lambda p: (p.done_on, p.id))


def nhs_numbers(state: PlanState, batch_id: int | None = None) -> list[ReentryNhsNumber]:
    rows = _rows(state, NUMBER, ReentryNhsNumber)
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


# Held registrations


@dataclass(frozen=True)
class HeldRegistration:
    """New patients who came during the cut-over and were asked to come back after go-live.

    Attributes:
        follow_up_on: when they were asked to come back; None means Business Go Live.
    """

    id: int
    came_on: date
    count: int = 1
    reference: str = ""
    follow_up_on: date | None = None
    completed: int = 0
    completed_on: date | None = None
    completed_by: str = ""
    notes: str = ""

    def validate(self) -> None:
        _check_count(self.count, "count", "number of patients")
        if not 0 <= self.completed <= self.count:
            raise ValidationError(
                f"Completed registrations must be 0 to {self.count} (the number held).",
                "completed")
        if self.completed and self.completed_on is None:
            raise ValidationError("Say when the registrations were completed.", "completed_on")
        if self.completed_on is not None and self.completed_on < self.came_on:
            raise ValidationError("Registrations cannot be completed before the patients came.",
                                  "completed_on")
        if self.follow_up_on is not None and self.follow_up_on < self.came_on:
            raise ValidationError("The follow-up date cannot be before the day they came.",
                                  "follow_up_on")
        _check_short(self.reference, "reference", "reference")
        _check_short(self.completed_by, "completed_by", "name of who completed them")
        _check_notes(self.notes)

    @property
    def outstanding(self) -> int:
        return self.count - self.completed


def held_registrations(state: PlanState) -> list[HeldRegistration]:
    return sorted(_rows(state, HELD, HeldRegistration), key=lambda h: (h.came_on, h.id))


def follow_up_day(held: HeldRegistration, bgl: date) -> date:
    return held.follow_up_on if held.follow_up_on is not None else bgl


def held_due(held: HeldRegistration, bgl: date, today: date) -> Due:
    return due_state(follow_up_day(held, bgl), today, done=held.outstanding == 0, soon_days=2)


# Third-party links


class Reminder(StrEnum):
    """The reminders the guide asks for: a week before a change, and on the day."""

    OFF_WEEK_BEFORE = "off_week_before"
    OFF_ON_DAY = "off_on_day"
    ON_WEEK_BEFORE = "on_week_before"
    ON_ON_DAY = "on_on_day"

    @property
    def label(self) -> str:
        return {"off_week_before": "a week before switch-off",
                "off_on_day": "on the day of switch-off",
                "on_week_before": "a week before switch-on",
                "on_on_day": "on the day of switch-on"}[self.value]

    @property
    def short(self) -> str:
        return {"off_week_before": "Off −7", "off_on_day": "Off day",
                "on_week_before": "On −7", "on_on_day": "On day"}[self.value]

    @property
    def for_switch_on(self) -> bool:
        return self in (Reminder.ON_WEEK_BEFORE, Reminder.ON_ON_DAY)


@dataclass(frozen=True)
class ThirdPartyLink:
    """A third-party link or feed that goes off before the cut-over and back on after it.

    Attributes:
        notice_days: how much notice the third party needs; None when not yet known.
        switch_off_on: None means the plan's link switch-off date.
        switch_on_on: the planned switch-on; None means Business Go Live.
        back_on_on: the day it was confirmed back on, and `confirmed_by` who confirmed it.
    """

    id: int
    name: str
    contact: str = ""
    notice_days: int | None = None
    notice_given_on: date | None = None
    switch_off_on: date | None = None
    switch_on_on: date | None = None
    reminders_sent: tuple[Reminder, ...] = ()
    back_on_on: date | None = None
    confirmed_by: str = ""
    notes: str = ""
    position: int = 0

    def validate(self) -> None:
        _check_name(self.name, "name", "name of the link")
        _check_short(self.contact, "contact", "contact")
        if self.notice_days is not None and not 0 <= self.notice_days <= MAX_NOTICE_DAYS:
            raise ValidationError(f"The notice period must be 0 to {MAX_NOTICE_DAYS} days.",
                                  "notice_days")
        if (self.switch_off_on is not None and self.switch_on_on is not None
                and self.switch_on_on < self.switch_off_on):
            raise ValidationError("The link cannot be planned back on before it goes off.",
                                  "switch_on_on")
        if self.back_on_on is not None and not self.confirmed_by.strip():
            raise ValidationError("Say who confirmed the link is back on.", "confirmed_by")
        if self.confirmed_by and self.back_on_on is None:
            raise ValidationError("Say when the link was confirmed back on.", "back_on_on")
        if (self.back_on_on is not None and self.switch_off_on is not None
                and self.back_on_on < self.switch_off_on):
            raise ValidationError("A link cannot be back on before it went off.", "back_on_on")
        _check_short(self.confirmed_by, "confirmed_by", "name of who confirmed it")
        _check_notes(self.notes)

    @property
    def back_on(self) -> bool:
        return self.back_on_on is not None


@dataclass(frozen=True)
class LinkDates:
    """A link's dates with the plan's defaults filled in."""

    switch_off: date
    switch_on: date
    notice_by: date | None
    reminders: Mapping[Reminder, date]


def link_dates(link: ThirdPartyLink, key_dates: Mapping[KeyDate, date]) -> LinkDates:
    off = link.switch_off_on or key_dates[KeyDate.LINK_OFF]
    on = link.switch_on_on or max(key_dates[KeyDate.BGL], off)
    notice_by = off - timedelta(days=link.notice_days) if link.notice_days is not None else None
    week = timedelta(days=REMINDER_DAYS_BEFORE)
    reminders = {Reminder.OFF_WEEK_BEFORE: off - week, Reminder.OFF_ON_DAY: off,
                 Reminder.ON_WEEK_BEFORE: on - week, Reminder.ON_ON_DAY: on}
    return LinkDates(off, on, notice_by, reminders)


def reminders_due(link: ThirdPartyLink, dates: LinkDates, today: date) -> list[Reminder]:
    """Reminders whose day has come, that are not yet sent, for a change still to happen."""
    found = []
    for reminder, day in dates.reminders.items():
        event = dates.switch_on if reminder.for_switch_on else dates.switch_off
        if reminder in link.reminders_sent or not day <= today <= event:
            continue
        if reminder.for_switch_on and link.back_on:
            continue
        found.append(reminder)
    return found


class LinkState(StrEnum):
    PLANNED = "planned"
    OFF = "off"
    ON_OVERDUE = "on_overdue"
    BACK_ON = "back_on"

    @property
    def label(self) -> str:
        return {"planned": "○ On, to go off", "off": "◐ Off", "on_overdue": "▲ Still off",
                "back_on": "✔ Back on"}[self.value]


def link_state(link: ThirdPartyLink, dates: LinkDates, today: date) -> LinkState:
    if link.back_on:
        return LinkState.BACK_ON
    if today < dates.switch_off:
        return LinkState.PLANNED
    if today > dates.switch_on:
        return LinkState.ON_OVERDUE
    return LinkState.OFF


def links(state: PlanState) -> list[ThirdPartyLink]:
    return sorted(_rows(state, LINK, ThirdPartyLink), key=lambda k: (k.position, k.id))


@dataclass(frozen=True)
class UsualLink:
    name: str
    notice_days: int | None
    notes: str


# The guide's list of third parties (domain.md §5, "List every third party and feed"); notice
# periods only where the guide states them, so the others show as missing until filled in.
USUAL_LINKS = (
    UsualLink("Pathology (results and requests)", None,
              "Ask the lab for paper results during the cut-over; confirm the electronic "
              "backlog afterwards."),
    UsualLink("Screening services (bowel and others)", None,
              "Stop sending from about 2 days before the cut-over until after go-live."),
    UsualLink("NHS 111 and out-of-hours", None, ""),
    UsualLink("Pharmacies and EPS", 35, "EPS can need 5 weeks' notice."),
    UsualLink("PCSE (GP links)", 14,
              "PCSE wants at least 2 weeks' notice; tell them the new MESH mailbox."),
    UsualLink("SMS messaging", None, "Plan how messages are captured during the cut-over."),
    UsualLink("Online consultation", None,
              "Plan how messages are captured during the cut-over."),
    UsualLink("Document management", 5, "DocMan-type suppliers need about 5 days' notice."),
    UsualLink("Dispensing system", None, ""),
    UsualLink("NHS App and online services", None,
              "Check whether NHS App / IM1 credentials and patient-online IDs change."),
)


# MESH mailbox change


@dataclass(frozen=True)
class MeshMailbox:
    """The practice's MESH mailbox before and after the move.

    Attributes:
        change_on: the day the new mailbox takes over; None means Business Go Live.
    """

    old_mailbox: str = ""
    new_mailbox: str = ""
    change_on: date | None = None

    def validate(self) -> None:
        for field, value in (("old_mailbox", self.old_mailbox),
                             ("new_mailbox", self.new_mailbox)):
            if len(value) > 40 or not re.fullmatch(r"[A-Za-z0-9_.\-]*", value):
                raise ValidationError("A MESH mailbox ID has letters, digits, dots, hyphens "
                                      "and underscores only, at most 40 of them.", field)
        if self.old_mailbox and self.old_mailbox == self.new_mailbox:
            raise ValidationError("The new mailbox is the same as the old one.", "new_mailbox")


@dataclass(frozen=True)
class MeshPartner:
    """A partner service that must be told the new MESH mailbox."""

    id: int
    name: str
    told_on: date | None = None
    told_by: str = ""
    how: str = ""
    notes: str = ""

    def validate(self) -> None:
        _check_name(self.name, "name", "name of the partner service")
        if self.told_on is not None and not self.told_by.strip():
            raise ValidationError("Say who told them.", "told_by")
        if self.told_by and self.told_on is None:
            raise ValidationError("Say when they were told.", "told_on")
        _check_short(self.told_by, "told_by", "name of who told them")
        _check_short(self.how, "how", "way they were told")
        _check_notes(self.notes)

    @property
    def told(self) -> bool:
        return self.told_on is not None


def mesh_of(state: PlanState) -> MeshMailbox | None:
    found = state.table(MESH).get("mesh")
    return found if isinstance(found, MeshMailbox) else None


def mesh_partners(state: PlanState) -> list[MeshPartner]:
    return sorted(_rows(state, PARTNER, MeshPartner), key=lambda p: (p.name.casefold(), p.id))


def mesh_change_day(state: PlanState) -> date:
    mesh = mesh_of(state)
    if mesh is not None and mesh.change_on is not None:
        return mesh.change_on
    return state.schedule.key_dates[KeyDate.BGL]


# Equipment


class EquipmentKind(StrEnum):
    SCANNER = "scanner"
    CHECK_IN_KIOSK = "check_in_kiosk"
    CALL_BOARD = "call_board"
    LABEL_PRINTER = "label_printer"
    DISPENSARY_SCANNER = "dispensary_scanner"
    PC = "pc"
    OTHER = "other"

    @property
    def label(self) -> str:
        return {"scanner": "Scanner", "check_in_kiosk": "Check-in kiosk",
                "call_board": "Call board", "label_printer": "Dispensary label printer",
                "dispensary_scanner": "Dispensary scanner", "pc": "PC",
                "other": "Other"}[self.value]


@dataclass(frozen=True)
class Equipment:
    """A device that must work with the new system on go-live day."""

    id: int
    kind: EquipmentKind
    name: str
    site: str = ""
    incompatible: bool = False
    replacement: str = ""
    configured_on: date | None = None
    tested_on: date | None = None
    tested_by: str = ""
    notes: str = ""

    def validate(self) -> None:
        _check_name(self.name, "name", "name or location of the device")
        _check_short(self.site, "site", "site")
        _check_short(self.replacement, "replacement", "replacement")
        if self.tested_on is not None and not self.tested_by.strip():
            raise ValidationError("Say who tested it.", "tested_by")
        if self.tested_by and self.tested_on is None:
            raise ValidationError("Say when it was tested.", "tested_on")
        if (self.tested_on is not None and self.configured_on is not None
                and self.tested_on < self.configured_on):
            raise ValidationError("It cannot be tested before it was configured.", "tested_on")
        _check_short(self.tested_by, "tested_by", "name of who tested it")
        _check_notes(self.notes)

    @property
    def status(self) -> str:
        """Where the device stands, in words with a mark (never colour alone)."""
        if self.incompatible and not self.replacement:
            return "▲ Needs a replacement"
        if self.tested_on is not None:
            return "✔ Tested"
        if self.configured_on is not None:
            return "◐ Configured, not tested"
        return "○ Not configured"


def equipment(state: PlanState) -> list[Equipment]:
    return sorted(_rows(state, EQUIPMENT, Equipment),
                  key=lambda e: (list(EquipmentKind).index(e.kind), e.name.casefold(), e.id))


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
        _check_name(self.title, "title", "issue")
        _check_short(self.owner, "owner", "owner")
        if self.status is IssueStatus.CLOSED and self.closed_on is None:
            raise ValidationError("Say when the issue was closed.", "closed_on")
        if self.status is not IssueStatus.CLOSED and self.closed_on is not None:
            raise ValidationError("Only a closed issue has a closing date.", "closed_on")
        if self.closed_on is not None and self.closed_on < self.opened_on:
            raise ValidationError("An issue cannot be closed before it was opened.", "closed_on")
        _check_notes(self.notes)

    def open_on(self, day: date) -> bool:
        """Whether the issue was open at the end of a day."""
        return self.opened_on <= day and (self.closed_on is None or self.closed_on > day)


def issues(state: PlanState) -> list[GoLiveIssue]:
    return sorted(_rows(state, ISSUE, GoLiveIssue),
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
    counts = tuple(sum(1 for issue in rows if issue.open_on(start + timedelta(days=n)))
                   for n in range((last - start).days + 1))
    return BurnDown(start, end, extension_decision_day(state), today, counts)


# Findings for the dashboard and `show`


def register_findings_for(state: PlanState, today: date) -> list[Finding]:
    """Every finding the registers make; an empty register makes none."""
    found: list[Finding] = []
    found += _reentry_findings(state, today)
    found += _held_findings(state, today)
    found += _link_findings(state, today)
    found += _mesh_findings(state, today)
    found += _equipment_findings(state, today)
    found += _issue_findings(state, today)
    return found


def _reentry_findings(state: PlanState, today: date) -> list[Finding]:
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


def _held_findings(state: PlanState, today: date) -> list[Finding]:
    found = []
    bgl = state.schedule.key_dates[KeyDate.BGL]
    for held in held_registrations(state):
        subject = held.reference or f"held on {uk_date(held.came_on)}"
        follow_up = follow_up_day(held, bgl)
        due = held_due(held, bgl, today)
        people = plural(held.outstanding, "registration")
        if due is Due.OVERDUE:
            found.append(Finding(
                "HELD_REGISTRATION_OVERDUE", Severity.WARNING,
                f"{people} held during the cut-over ({subject}) should have been completed "
                f"from {uk_date(follow_up)}.", follow_up, subject=subject))
        elif due is Due.DUE_TODAY:
            found.append(Finding(
                "HELD_REGISTRATION_DUE", Severity.NOTE,
                f"Complete {people} held during the cut-over ({subject}) today.",
                follow_up, subject=subject))
        if held.outstanding and follow_up < bgl:
            found.append(Finding(
                "HELD_FOLLOW_UP_IN_CUTOVER", Severity.WARNING,
                f"Held registrations ({subject}) are due back on {uk_date(follow_up)}, before "
                f"Business Go Live ({uk_date(bgl)}), when they cannot be registered.",
                follow_up, subject=subject))
    return found


def _link_findings(state: PlanState, today: date) -> list[Finding]:
    found = []
    keys = state.schedule.key_dates
    fdp, bgl = keys[KeyDate.FDP], keys[KeyDate.BGL]
    for link in links(state):
        dates = link_dates(link, keys)
        name = link.name
        if link.back_on:
            continue
        if link.notice_days is None:
            found.append(Finding(
                "LINK_NO_NOTICE_PERIOD", Severity.WARNING,
                f"{name}: no notice period recorded, so no one knows when to give notice "
                f"before it goes off on {uk_date(dates.switch_off)}.", dates.switch_off,
                subject=name))
        elif dates.notice_by is not None and today <= dates.switch_off:
            given = link.notice_given_on
            if given is None and today > dates.notice_by:
                found.append(Finding(
                    "LINK_NOTICE_LATE", Severity.WARNING,
                    f"{name} needed {plural(link.notice_days, 'day')}' notice by "
                    f"{uk_date(dates.notice_by)}; none is recorded.", dates.notice_by,
                    subject=name))
            elif given is None and (dates.notice_by - today).days <= NOTICE_WARNING_DAYS:
                found.append(Finding(
                    "LINK_NOTICE_DUE", Severity.NOTE,
                    f"Give {name} notice of the cut-over by {uk_date(dates.notice_by)} "
                    f"({plural(link.notice_days, 'day')} before switch-off).", dates.notice_by,
                    subject=name))
            elif given is not None and given > dates.notice_by:
                found.append(Finding(
                    "LINK_NOTICE_SHORT", Severity.WARNING,
                    f"{name} was given notice on {uk_date(given)}, less than the "
                    f"{plural(link.notice_days, 'day')} it needs before switch-off on "
                    f"{uk_date(dates.switch_off)}.", given, subject=name))
        if dates.switch_off >= fdp:
            found.append(Finding(
                "LINK_OFF_AFTER_FDP", Severity.WARNING,
                f"{name} goes off on {uk_date(dates.switch_off)}, not before Final Data "
                f"Production ({uk_date(fdp)}); links go off 1 to 2 days before it.",
                dates.switch_off, subject=name))
        for reminder in reminders_due(link, dates, today):
            event_day = dates.reminders[reminder]
            change = "back on" if reminder.for_switch_on else "off"
            when = dates.switch_on if reminder.for_switch_on else dates.switch_off
            found.append(Finding(
                "LINK_REMINDER_DUE", Severity.WARNING,
                f"Remind {name} ({reminder.label}): the link goes {change} on "
                f"{uk_date(when)}.", event_day, subject=name))
        if today > dates.switch_on:
            found.append(Finding(
                "LINK_SWITCH_ON_MISSED", Severity.WARNING,
                f"{name} was due back on by {uk_date(dates.switch_on)} and no one has "
                "confirmed it is on.", dates.switch_on, subject=name))
        elif today > bgl and today >= dates.switch_off:
            found.append(Finding(
                "LINK_STILL_OFF", Severity.WARNING,
                f"{name} is still off after Business Go Live; it is planned back on "
                f"{uk_date(dates.switch_on)}.", dates.switch_on, subject=name))
    return found


def _mesh_findings(state: PlanState, today: date) -> list[Finding]:
    mesh = mesh_of(state)
    partners = mesh_partners(state)
    if mesh is None and not partners:
        return []
    found = []
    change = mesh_change_day(state)
    if (mesh is None or not mesh.new_mailbox) and (change - today).days <= MESH_WARNING_DAYS:
        found.append(Finding(
            "MESH_NEW_MAILBOX_MISSING", Severity.WARNING,
            f"The new MESH mailbox ID is not recorded; partners must be told it before "
            f"{uk_date(change)}.", change, subject="MESH mailbox"))
    for partner in partners:
        if partner.told:
            continue
        if today > change:
            found.append(Finding(
                "MESH_PARTNER_NOT_TOLD", Severity.WARNING,
                f"{partner.name} has not been told the new MESH mailbox, which took over on "
                f"{uk_date(change)}; their messages may be lost.", change,
                subject=partner.name))
        elif (change - today).days <= REMINDER_DAYS_BEFORE:
            found.append(Finding(
                "MESH_PARTNER_TO_TELL", Severity.NOTE,
                f"Tell {partner.name} the new MESH mailbox before {uk_date(change)}.", change,
                subject=partner.name))
    return found


def _equipment_findings(state: PlanState, today: date) -> list[Finding]:
    found = []
    tgl = state.schedule.key_dates[KeyDate.TGL]
    for device in equipment(state):
        name = device.name
        if device.incompatible and not device.replacement:
            found.append(Finding(
                "EQUIPMENT_NO_REPLACEMENT", Severity.WARNING,
                f"{name} ({device.kind.label.lower()}) does not work with the new system and "
                f"has no replacement recorded; it must be replaced and tested by "
                f"{uk_date(tgl)}.", tgl, subject=name))
        if device.tested_on is None:
            if today > tgl:
                found.append(Finding(
                    "EQUIPMENT_NOT_TESTED", Severity.WARNING,
                    f"{name} has not been recorded as configured and tested; that was due on "
                    f"Technical Go Live ({uk_date(tgl)}).", tgl, subject=name))
            elif today == tgl:
                found.append(Finding(
                    "EQUIPMENT_TEST_TODAY", Severity.NOTE,
                    f"Configure and test {name} today (Technical Go Live).", tgl,
                    subject=name))
    return found


def _issue_findings(state: PlanState, today: date) -> list[Finding]:
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


register_entity(RegisterSettings, SETTINGS, lambda _settings: "registers")
register_entity(ReentryBatch, BATCH, lambda batch: batch.id)
register_entity(ReentryProgress, PROGRESS, lambda entry: entry.id)
register_entity(ReentryNhsNumber, NUMBER, lambda number: number.id)
register_entity(HeldRegistration, HELD, lambda held: held.id)
register_entity(ThirdPartyLink, LINK, lambda link: link.id)
register_entity(MeshMailbox, MESH, lambda _mesh: "mesh")
register_entity(MeshPartner, PARTNER, lambda partner: partner.id)
register_entity(Equipment, EQUIPMENT, lambda device: device.id)
register_entity(GoLiveIssue, ISSUE, lambda issue: issue.id)
register_findings(register_findings_for)

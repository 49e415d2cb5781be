"""Third-party links and feeds: notice periods, reminders and their state."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers.common import (
    LINK,
    MAX_NOTICE_DAYS,
    NOTICE_WARNING_DAYS,
    REMINDER_DAYS_BEFORE,
    check_name,
    check_notes,
    check_short,
    check_who_and_when,
    rows_of,
)
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



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
        check_name(self.name, "name", "name of the link")
        check_short(self.contact, "contact", "contact")
        if self.notice_days is not None and not 0 <= self.notice_days <= MAX_NOTICE_DAYS:
            raise ValidationError(f"The notice period must be 0 to {MAX_NOTICE_DAYS} days.",
                                  "notice_days")
        if (self.switch_off_on is not None and self.switch_on_on is not None
                and self.switch_on_on < self.switch_off_on):
            raise ValidationError("The link cannot be planned back on before it goes off.",
                                  "switch_on_on")
        check_who_and_when(self.back_on_on, self.confirmed_by, ("back_on_on", "confirmed_by"),
                           who="Say who confirmed the link is back on.",
                           when="Say when the link was confirmed back on.")
        if (self.back_on_on is not None and self.switch_off_on is not None
                and self.back_on_on < self.switch_off_on):
            raise ValidationError("A link cannot be back on before it went off.", "back_on_on")
        check_short(self.confirmed_by, "confirmed_by", "name of who confirmed it")
        check_notes(self.notes)

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
    return sorted(rows_of(state, LINK, ThirdPartyLink), key=lambda k: (k.position, k.id))


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


def link_findings(state: PlanState, today: date) -> list[Finding]:
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


register_entity(ThirdPartyLink, LINK, lambda link: link.id)

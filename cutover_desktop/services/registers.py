"""RegistersService: every action on the cut-over registers, each one transaction and undo step.

The NHS-number purge is the exception: it cannot be undone, it clears the undo history so no
step can bring the numbers back, and it compacts the file so they are gone from its bytes.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from datetime import date

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.nhs_number import NhsNumber
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.registers import (
    BATCH,
    EQUIPMENT,
    HELD,
    ISSUE,
    LINK,
    NUMBER,
    PARTNER,
    PROGRESS,
    USUAL_LINKS,
    Equipment,
    GoLiveIssue,
    HeldRegistration,
    IssueStatus,
    MeshMailbox,
    MeshPartner,
    Progress,
    ReentryBatch,
    ReentryNhsNumber,
    ReentryProgress,
    RegisterSettings,
    Reminder,
    ThirdPartyLink,
    batch_progress,
    canonical_category,
    clean_text,
    link_dates,
    links,
    mesh_of,
    nhs_numbers,
    overall_progress,
    progress_entries,
    register_complete,
    settings_of,
)
from cutover_desktop.domain.warnings import Finding
from cutover_desktop.reports.registers import summary_lines
from cutover_desktop.services.planner import NO_CHANGE, PlanService

PURGE_NOTE = "The NHS numbers were purged from the plan file; that cannot be undone."
# The findings the registers make, for views that show only those.
REGISTER_CODES_PREFIXES = ("REENTRY_", "NHS_NUMBERS_", "HELD_", "LINK_", "MESH_", "EQUIPMENT_",
                           "ISSUE")


class RegistersService:
    """The cut-over registers of one open plan.

    Build one from the PlanService whenever it is needed (the window may open another plan);
    it keeps no state of its own.
    """

    def __init__(self, plan: PlanService) -> None:
        self._plan = plan

    # Reading

    @property
    def state(self) -> PlanState:
        return self._plan.state

    @property
    def settings(self) -> RegisterSettings:
        return settings_of(self.state)

    def today(self) -> date:
        return self._plan.today()

    def key_date(self, key: KeyDate) -> date:
        return self.state.schedule.key_dates[key]

    def findings(self) -> list[Finding]:
        """The plan's findings that come from the registers."""
        return [f for f in self._plan.findings() if f.code.startswith(REGISTER_CODES_PREFIXES)]

    def next_id(self, kind: str) -> int:
        """The next free number for a new entity of a register kind."""
        keys = [key for key in self.state.table(kind) if isinstance(key, int)]
        return max(keys, default=0) + 1

    def _get(self, kind: str, key: int, what: str) -> object:
        found = self.state.table(kind).get(key)
        if found is None:
            raise ValidationError(f"That {what} is no longer in the register.")
        return found

    def batch(self, batch_id: int) -> ReentryBatch:
        found = self._get(BATCH, batch_id, "batch")
        assert isinstance(found, ReentryBatch)
        return found

    def link(self, link_id: int) -> ThirdPartyLink:
        found = self._get(LINK, link_id, "link")
        assert isinstance(found, ThirdPartyLink)
        return found

    def held(self, held_id: int) -> HeldRegistration:
        found = self._get(HELD, held_id, "held registration")
        assert isinstance(found, HeldRegistration)
        return found

    def partner(self, partner_id: int) -> MeshPartner:
        found = self._get(PARTNER, partner_id, "partner")
        assert isinstance(found, MeshPartner)
        return found

    def device(self, device_id: int) -> Equipment:
        found = self._get(EQUIPMENT, device_id, "device")
        assert isinstance(found, Equipment)
        return found

    def issue(self, issue_id: int) -> GoLiveIssue:
        found = self._get(ISSUE, issue_id, "issue")
        assert isinstance(found, GoLiveIssue)
        return found

    # Shared checks

    def _not_future(self, day: date | None, field: str, what: str) -> None:
        if day is not None and day > self.today():
            raise ValidationError(f"{what} cannot be in the future.", field)

    def _apply(self, label: str, items: Iterable[EntityChange]) -> Changes:
        changes = Changes(label, tuple(items))
        if not changes:
            return NO_CHANGE
        return self._plan.apply(changes)

    def _save(self, kind: str, entity: object, what: str) -> Changes:
        key = getattr(entity, "id")  # noqa: B009 - every register entity has an id
        old = self.state.table(kind).get(key)
        if old == entity:
            return NO_CHANGE
        verb = "Add" if old is None else "Edit"
        return self._apply(f"{verb} {what}", [EntityChange(old, entity)])

    # Settings

    def set_reentry_target(self, day: date | None) -> Changes:
        """Set the day re-entry should reach zero outstanding; None for BGL + 7 days."""
        bgl = self.key_date(KeyDate.BGL)
        if day is not None and day < bgl:
            raise ValidationError(f"The re-entry target cannot be before Business Go Live "
                                  f"({uk_date(bgl)}): re-entry starts at go-live.",
                                  "reentry_target")
        old = self.settings
        new = replace(old, reentry_target=day)
        if new == old:
            return NO_CHANGE
        label = ("Set the re-entry target to the default" if day is None
                 else f"Set the re-entry target to {uk_date(day)}")
        return self._apply(label, [EntityChange(self._stored_settings(), new)])

    def set_record_nhs_numbers(self, record: bool) -> Changes:
        """Opt in to (or out of) recording NHS numbers against re-entry batches."""
        old = self.settings
        if old.record_nhs_numbers == record:
            return NO_CHANGE
        if not record and nhs_numbers(self.state):
            raise ValidationError("NHS numbers are recorded: purge them (once re-entry is "
                                  "complete and checked) before turning recording off.",
                                  "record_nhs_numbers")
        label = ("Opt in to recording NHS numbers" if record
                 else "Stop recording NHS numbers")
        return self._apply(label, [EntityChange(self._stored_settings(),
                                                replace(old, record_nhs_numbers=record))])

    def _stored_settings(self) -> RegisterSettings | None:
        found = self.state.table("register_settings").get("registers")
        return found if isinstance(found, RegisterSettings) else None

    # Paper re-entry

    def add_batch(self, category: str, collected_on: date, count: int, reference: str = "",
                  collected_by: str = "", notes: str = "") -> Changes:
        batch = ReentryBatch(self.next_id(BATCH), canonical_category(category), collected_on,
                             count, clean_text(reference), clean_text(collected_by),
                             notes.strip())
        return self.save_batch(batch)

    def save_batch(self, batch: ReentryBatch) -> Changes:
        """Add a batch, or save changes to one (its count cannot drop below what is done)."""
        batch = replace(batch, category=canonical_category(batch.category),
                        reference=clean_text(batch.reference),
                        collected_by=clean_text(batch.collected_by), notes=batch.notes.strip())
        batch.validate()
        self._not_future(batch.collected_on, "collected_on", "The collection date")
        done = batch_progress(batch, progress_entries(self.state, batch.id)).re_entered
        if batch.count < done:
            raise ValidationError(f"{plural(done, 'item')} of this batch are already "
                                  "re-entered, so the count cannot be less.", "count")
        return self._save(BATCH, batch, f"re-entry batch “{batch.label}”")

    def delete_batch(self, batch_id: int) -> Changes:
        """Delete a batch with its re-entry records and any numbers recorded against it."""
        batch = self.batch(batch_id)
        items = [EntityChange(n, None) for n in nhs_numbers(self.state, batch_id)]
        items += [EntityChange(p, None) for p in progress_entries(self.state, batch_id)]
        items.append(EntityChange(batch, None))
        return self._apply(f"Delete re-entry batch “{batch.label}”", items)

    def batch_progress(self, batch_id: int) -> Progress:
        return batch_progress(self.batch(batch_id), progress_entries(self.state, batch_id))

    def record_reentry(self, batch_id: int, count: int, done_by: str, done_on: date,
                       checked_by: str = "") -> Changes:
        """Record that some of a batch has been re-entered (and, optionally, who checked it)."""
        batch = self.batch(batch_id)
        progress = self.batch_progress(batch_id)
        if progress.outstanding == 0:
            raise ValidationError("Everything in this batch is already re-entered.", "count")
        if not 1 <= count <= progress.outstanding:
            raise ValidationError(f"Re-enter 1 to {progress.outstanding} items: that is what "
                                  "is left of this batch.", "count")
        tgl = self.key_date(KeyDate.TGL)
        if done_on < tgl:
            raise ValidationError(f"Re-entry starts when the new system is live, on "
                                  f"{uk_date(tgl)} or later.", "done_on")
        if done_on < batch.collected_on:
            raise ValidationError("Items cannot be re-entered before they were collected.",
                                  "done_on")
        self._not_future(done_on, "done_on", "The re-entry date")
        entry = ReentryProgress(self.next_id(PROGRESS), batch_id, count, clean_text(done_by),
                                done_on, clean_text(checked_by))
        entry.validate()
        return self._apply(f"Record {plural(count, 'item')} re-entered from “{batch.label}”",
                           [EntityChange(None, entry)])

    def mark_checked(self, entry_ids: Iterable[int], checked_by: str) -> Changes:
        """Record who checked some re-entered items."""
        name = clean_text(checked_by)
        if not name:
            raise ValidationError("Say who checked them.", "checked_by")
        items = []
        count = 0
        for entry_id in entry_ids:
            entry = self.state.table(PROGRESS).get(entry_id)
            if not isinstance(entry, ReentryProgress):
                raise ValidationError("That re-entry record is no longer in the register.")
            new = replace(entry, checked_by=name)
            new.validate()
            if new != entry:
                items.append(EntityChange(entry, new))
                count += entry.count
        return self._apply(f"Record {plural(count, 'item')} checked by {name}", items)

    def delete_reentry(self, entry_id: int) -> Changes:
        entry = self.state.table(PROGRESS).get(entry_id)
        if not isinstance(entry, ReentryProgress):
            raise ValidationError("That re-entry record is no longer in the register.")
        batch = self.batch(entry.batch_id)
        return self._apply(f"Remove {plural(entry.count, 'item')} re-entered from "
                           f"“{batch.label}”", [EntityChange(entry, None)])

    # NHS numbers (only when the plan has opted in)

    def add_nhs_number(self, batch_id: int, text: str) -> Changes:
        if not self.settings.record_nhs_numbers:
            raise ValidationError("This plan does not record NHS numbers. Opt in first, "
                                  "knowing what that means for the file.", "nhs_number")
        batch = self.batch(batch_id)
        number = NhsNumber.parse(text)
        if any(n.number == number for n in nhs_numbers(self.state, batch_id)):
            raise ValidationError("That NHS number is already recorded against this batch.",
                                  "nhs_number")
        row = ReentryNhsNumber(self.next_id(NUMBER), batch_id, number)
        # The label goes into the audit trail: it names the batch, never the number.
        return self._apply(f"Record an NHS number against “{batch.label}”",
                           [EntityChange(None, row)])

    def set_nhs_number_re_entered(self, number_id: int, re_entered: bool) -> Changes:
        row = self._number(number_id)
        if row.re_entered == re_entered:
            return NO_CHANGE
        word = "re-entered" if re_entered else "not re-entered"
        return self._apply(f"Mark an NHS number {word}",
                           [EntityChange(row, replace(row, re_entered=re_entered))])

    def remove_nhs_number(self, number_id: int) -> Changes:
        row = self._number(number_id)
        return self._apply("Remove an NHS number", [EntityChange(row, None)])

    def _number(self, number_id: int) -> ReentryNhsNumber:
        row = self.state.table(NUMBER).get(number_id)
        if not isinstance(row, ReentryNhsNumber):
            raise ValidationError("That NHS number is no longer in the register.")
        return row

    def purge_blocker(self) -> str | None:
        """Why the numbers cannot be purged now, or None when they can."""
        numbers = nhs_numbers(self.state)
        if not numbers:
            return "There are no NHS numbers to purge."
        overall = overall_progress(self.state)
        if not overall.complete:
            return (f"Re-entry is not complete: {plural(overall.outstanding, 'item')} still "
                    "to re-enter.")
        if not overall.verified:
            return (f"{plural(overall.re_entered - overall.checked, 'item')} re-entered "
                    "still need checking.")
        if not register_complete(self.state):
            left = sum(1 for n in numbers if not n.re_entered)
            return f"{plural(left, 'NHS number')} not yet marked re-entered."
        return None

    def purge_nhs_numbers(self) -> Changes:
        """Remove every recorded NHS number for good, once re-entry is complete and checked.

        Irreversible: the audit trail records the purge (with masked numbers only), the undo
        history is cleared, recording is turned off, and the file is compacted.
        """
        if self._plan.read_only:
            raise ValidationError("This plan is open read-only, so it cannot be changed.")
        blocker = self.purge_blocker()
        if blocker is not None:
            raise ValidationError(f"The NHS numbers cannot be purged yet. {blocker}",
                                  "nhs_number")
        numbers = nhs_numbers(self.state)
        items = [EntityChange(n, None) for n in numbers]
        settings = replace(self.settings, record_nhs_numbers=False,
                           numbers_purged_on=self.today())
        items.append(EntityChange(self._stored_settings(), settings))
        return self._plan.purge(
            Changes(f"Purge {plural(len(numbers), 'NHS number')} from the plan file",
                    tuple(items)),
            PURGE_NOTE)

    # Held registrations

    def add_held(self, came_on: date, count: int, reference: str = "",
                 follow_up_on: date | None = None, notes: str = "") -> Changes:
        held = HeldRegistration(self.next_id(HELD), came_on, count, clean_text(reference),
                                follow_up_on, notes=notes.strip())
        return self.save_held(held)

    def save_held(self, held: HeldRegistration) -> Changes:
        held = replace(held, reference=clean_text(held.reference),
                       completed_by=clean_text(held.completed_by), notes=held.notes.strip())
        held.validate()
        self._not_future(held.came_on, "came_on", "The day they came")
        self._check_completion(held)
        what = held.reference or f"held on {uk_date(held.came_on)}"
        return self._save(HELD, held,
                          f"{plural(held.count, 'held registration')} ({what})")

    def _check_completion(self, held: HeldRegistration) -> None:
        if held.completed_on is None:
            return
        bgl = self.key_date(KeyDate.BGL)
        if held.completed_on < bgl:
            raise ValidationError(f"Held registrations are completed from Business Go Live "
                                  f"({uk_date(bgl)}) onwards.", "completed_on")
        self._not_future(held.completed_on, "completed_on", "The completion date")

    def complete_held(self, held_id: int, completed: int, on: date, by: str) -> Changes:
        """Record how many of a held group are now registered in the new system."""
        held = self.held(held_id)
        new = replace(held, completed=completed, completed_on=on if completed else None,
                      completed_by=clean_text(by) if completed else "")
        if completed and not new.completed_by:
            raise ValidationError("Say who completed the registrations.", "completed_by")
        new.validate()
        self._check_completion(new)
        if new == held:
            return NO_CHANGE
        what = held.reference or f"held on {uk_date(held.came_on)}"
        return self._apply(f"Record {completed} of {plural(held.count, 'held registration')} "
                           f"completed ({what})", [EntityChange(held, new)])

    def delete_held(self, held_id: int) -> Changes:
        held = self.held(held_id)
        what = held.reference or f"held on {uk_date(held.came_on)}"
        return self._apply(f"Delete held registrations ({what})", [EntityChange(held, None)])

    # Third-party links

    def add_link(self, name: str, notice_days: int | None = None, **fields: object) -> Changes:
        position = max((k.position for k in links(self.state)), default=0) + 1
        link = ThirdPartyLink(self.next_id(LINK), clean_text(name), notice_days=notice_days,
                              position=position, **fields)  # type: ignore[arg-type]
        return self.save_link(link)

    def save_link(self, link: ThirdPartyLink) -> Changes:
        link = replace(link, name=clean_text(link.name), contact=clean_text(link.contact),
                       confirmed_by=clean_text(link.confirmed_by), notes=link.notes.strip())
        link.validate()
        self._not_future(link.notice_given_on, "notice_given_on", "The day notice was given")
        self._not_future(link.back_on_on, "back_on_on", "The day it was confirmed back on")
        dates = link_dates(link, self.state.schedule.key_dates)
        if dates.switch_on < dates.switch_off:
            raise ValidationError(f"The link cannot be planned back on before it goes off "
                                  f"({uk_date(dates.switch_off)}).", "switch_on_on")
        clash = [k for k in links(self.state)
                 if k.id != link.id and k.name.casefold() == link.name.casefold()]
        if clash:
            raise ValidationError(f"There is already a link called “{clash[0].name}”.", "name")
        return self._save(LINK, link, f"link “{link.name}”")

    def add_usual_links(self) -> Changes:
        """Add the guide's usual third parties that the register does not have yet."""
        have = {k.name.casefold() for k in links(self.state)}
        position = max((k.position for k in links(self.state)), default=0)
        next_id = self.next_id(LINK)
        items = []
        for usual in USUAL_LINKS:
            if usual.name.casefold() in have:
                continue
            position += 1
            items.append(EntityChange(None, ThirdPartyLink(
                next_id, usual.name, notice_days=usual.notice_days, notes=usual.notes,
                position=position)))
            next_id += 1
        if not items:
            raise ValidationError("The register already has every usual link.")
        return self._apply(f"Add {plural(len(items), 'usual link')}", items)

    def set_reminder_sent(self, link_id: int, reminder: Reminder, sent: bool = True) -> Changes:
        link = self.link(link_id)
        have = set(link.reminders_sent)
        if (reminder in have) == sent:
            return NO_CHANGE
        have = have | {reminder} if sent else have - {reminder}
        new = replace(link, reminders_sent=tuple(r for r in Reminder if r in have))
        verb = "Record" if sent else "Clear"
        return self._apply(f"{verb} the reminder to {link.name} ({reminder.label})",
                           [EntityChange(link, new)])

    def record_notice_given(self, link_id: int, on: date | None) -> Changes:
        link = self.link(link_id)
        self._not_future(on, "notice_given_on", "The day notice was given")
        if link.notice_given_on == on:
            return NO_CHANGE
        label = (f"Record notice given to {link.name} on {uk_date(on)}" if on
                 else f"Clear the notice given to {link.name}")
        return self._apply(label, [EntityChange(link, replace(link, notice_given_on=on))])

    def confirm_back_on(self, link_id: int, on: date, by: str) -> Changes:
        """Record that a link is back on, when, and who confirmed it."""
        link = self.link(link_id)
        new = replace(link, back_on_on=on, confirmed_by=clean_text(by))
        new.validate()
        self._not_future(on, "back_on_on", "The day it was confirmed back on")
        if new == link:
            return NO_CHANGE
        return self._apply(f"Confirm {link.name} back on", [EntityChange(link, new)])

    def delete_link(self, link_id: int) -> Changes:
        link = self.link(link_id)
        return self._apply(f"Delete link “{link.name}”", [EntityChange(link, None)])

    # MESH mailbox change

    def set_mesh_mailboxes(self, old_mailbox: str, new_mailbox: str,
                           change_on: date | None = None) -> Changes:
        before = mesh_of(self.state)
        after = MeshMailbox(old_mailbox.strip().upper(), new_mailbox.strip().upper(), change_on)
        after.validate()
        if after == before:
            return NO_CHANGE
        return self._apply("Record the MESH mailbox change", [EntityChange(before, after)])

    def add_partner(self, name: str) -> Changes:
        return self.save_partner(MeshPartner(self.next_id(PARTNER), clean_text(name)))

    def save_partner(self, partner: MeshPartner) -> Changes:
        partner = replace(partner, name=clean_text(partner.name),
                          told_by=clean_text(partner.told_by), how=clean_text(partner.how),
                          notes=partner.notes.strip())
        partner.validate()
        self._not_future(partner.told_on, "told_on", "The day they were told")
        return self._save(PARTNER, partner, f"MESH partner “{partner.name}”")

    def record_partner_told(self, partner_id: int, on: date, by: str, how: str = "") -> Changes:
        partner = self.partner(partner_id)
        new = replace(partner, told_on=on, told_by=clean_text(by), how=clean_text(how))
        new.validate()
        self._not_future(on, "told_on", "The day they were told")
        if new == partner:
            return NO_CHANGE
        return self._apply(f"Record {partner.name} told the new MESH mailbox",
                           [EntityChange(partner, new)])

    def delete_partner(self, partner_id: int) -> Changes:
        partner = self.partner(partner_id)
        return self._apply(f"Delete MESH partner “{partner.name}”",
                           [EntityChange(partner, None)])

    # Equipment

    def save_equipment(self, device: Equipment) -> Changes:
        device = replace(device, name=clean_text(device.name), site=clean_text(device.site),
                         replacement=clean_text(device.replacement),
                         tested_by=clean_text(device.tested_by), notes=device.notes.strip())
        device.validate()
        self._not_future(device.configured_on, "configured_on", "The day it was configured")
        self._not_future(device.tested_on, "tested_on", "The day it was tested")
        return self._save(EQUIPMENT, device, f"device “{device.name}”")

    def record_tested(self, device_id: int, on: date, by: str) -> Changes:
        """Record a device configured (if not already) and tested with the new system."""
        device = self.device(device_id)
        new = replace(device, configured_on=device.configured_on or on, tested_on=on,
                      tested_by=clean_text(by))
        new.validate()
        self._not_future(on, "tested_on", "The day it was tested")
        if new == device:
            return NO_CHANGE
        return self._apply(f"Record “{device.name}” configured and tested",
                           [EntityChange(device, new)])

    def delete_equipment(self, device_id: int) -> Changes:
        device = self.device(device_id)
        return self._apply(f"Delete device “{device.name}”", [EntityChange(device, None)])

    # Post-go-live issues

    def save_issue(self, issue: GoLiveIssue) -> Changes:
        issue = replace(issue, title=clean_text(issue.title), owner=clean_text(issue.owner),
                        notes=issue.notes.strip())
        issue.validate()
        self._not_future(issue.opened_on, "opened_on", "The day it was opened")
        self._not_future(issue.closed_on, "closed_on", "The day it was closed")
        return self._save(ISSUE, issue, f"issue “{issue.title}”")

    def set_issue_status(self, issue_id: int, status: IssueStatus,
                         on: date | None = None) -> Changes:
        """Move an issue on: open, in progress, or closed (on a day, today by default)."""
        issue = self.issue(issue_id)
        closed_on = (on or self.today()) if status is IssueStatus.CLOSED else None
        new = replace(issue, status=status, closed_on=closed_on)
        new.validate()
        self._not_future(closed_on, "closed_on", "The day it was closed")
        if new == issue:
            return NO_CHANGE
        verb = {IssueStatus.OPEN: "Reopen", IssueStatus.IN_PROGRESS: "Start work on",
                IssueStatus.CLOSED: "Close"}[status]
        return self._apply(f"{verb} issue “{issue.title}”", [EntityChange(issue, new)])

    def delete_issue(self, issue_id: int) -> Changes:
        issue = self.issue(issue_id)
        return self._apply(f"Delete issue “{issue.title}”", [EntityChange(issue, None)])


def registers_summary(plan: PlanService) -> list[str]:
    """The registers in a few lines, for `cutover-desktop show`."""
    lines = ["Cut-over registers"]
    width = max(len(name) for name, _ in summary_lines(plan.state, plan.today()))
    for name, text in summary_lines(plan.state, plan.today()):
        lines.append(f"  {name:<{width}}  {text}")
    return lines

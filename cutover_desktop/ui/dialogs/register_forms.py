"""The register forms, one per kind of entry, built with the form engine (`ui/forms.py`).

Every form is a `FormDialog` built from `Field`s: on OK it hands the values to a save
function through `session.try_edit`; a refusal is shown beside the field at fault (or at the
bottom) and the dialog stays open with nothing changed.
"""
from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QWidget,
)

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers import (
    EQUIPMENT,
    ISSUE,
    PARTNER,
    Equipment,
    EquipmentKind,
    GoLiveIssue,
    IssueCategory,
    IssueStatus,
    MeshPartner,
    Reminder,
    ThirdPartyLink,
    categories_in_use,
    link_dates,
)
from cutover_desktop.services.registers import RegistersService
from cutover_desktop.ui.forms import (
    Field,
    FormDialog,
    Kind,
    OptionalDateEdit,
)
from cutover_desktop.ui.session import PlanSession

# The forms, one per kind of entry. Each builds its RegistersService from the session when it
# saves, so it always works on the plan that is open.


def _registers(session: PlanSession) -> RegistersService:
    return RegistersService(session.service)


def _today(session: PlanSession) -> date:
    return session.service.today()


def _bgl(session: PlanSession) -> date:
    return session.service.schedule().key_dates[KeyDate.BGL]


def _not_after_today(session: PlanSession, day: date) -> date:
    return min(day, _today(session))


def batch_dialog(session: PlanSession, batch_id: int | None = None,
                 parent: QWidget | None = None) -> FormDialog:
    """Add a batch of paper for re-entry, or edit one."""
    registers = _registers(session)
    old = registers.batch(batch_id) if batch_id is not None else None
    fdp = session.service.schedule().key_dates[KeyDate.FDP]
    categories = categories_in_use(registers.state)
    fields = [
        Field("category", "&Category", Kind.EDITABLE_CHOICE, old.category if old else "",
              "Choose or type a category", choices=[(c, c) for c in categories]),
        Field("reference", "&Reference", Kind.TEXT, old.reference if old else "",
              "e.g. folder A, tray 2", help="Where the paper is: no patient details here."),
        Field("collected_on", "C&ollected on", Kind.DATE,
              old.collected_on if old else _not_after_today(session, fdp)),
        Field("collected_by", "Collected &by", Kind.TEXT, old.collected_by if old else "",
              "Who gathered it"),
        Field("count", "&Items", Kind.COUNT, old.count if old else 1, minimum=1,
              extra={"suffix": " items"}),
        Field("notes", "&Notes", Kind.NOTES, old.notes if old else ""),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        if old is None:
            return service.add_batch(values["category"], values["collected_on"],
                                     values["count"], values["reference"],
                                     values["collected_by"], values["notes"])
        return service.save_batch(replace(old, **values))

    title = "Edit re-entry batch" if old else "Add a batch of paper to re-enter"
    return FormDialog(session, title, fields, submit, parent)


def reentry_dialog(session: PlanSession, batch_id: int,
                   parent: QWidget | None = None) -> FormDialog:
    """Record some of a batch re-entered."""
    registers = _registers(session)
    batch = registers.batch(batch_id)
    left = registers.batch_progress(batch_id).outstanding
    fields = [
        Field("count", "&Re-entered now", Kind.COUNT, left, minimum=1,
              maximum=max(1, left), extra={"suffix": f" of {left} left"}),
        Field("done_by", "&By", Kind.TEXT, "", "Who re-entered them"),
        Field("done_on", "&On", Kind.DATE, _today(session)),
        Field("checked_by", "&Checked by", Kind.TEXT, "", "Leave empty if not checked yet"),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).record_reentry(batch_id, values["count"],
                                                  values["done_by"], values["done_on"],
                                                  values["checked_by"])

    return FormDialog(session, "Record re-entry", fields, submit, parent,
                      intro=f"{batch.label}.", ok_text="Record")


def checked_dialog(session: PlanSession, entry_ids: Sequence[int],
                   parent: QWidget | None = None) -> FormDialog:
    """Record who checked re-entered items."""
    fields = [Field("checked_by", "&Checked by", Kind.TEXT, "", "Who checked them")]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).mark_checked(entry_ids, values["checked_by"])

    return FormDialog(session, "Record re-entry checked", fields, submit, parent,
                      ok_text="Record")


def held_dialog(session: PlanSession, held_id: int | None = None,
                parent: QWidget | None = None) -> FormDialog:
    registers = _registers(session)
    old = registers.held(held_id) if held_id is not None else None
    bgl = _bgl(session)
    fields = [
        Field("reference", "&Reference", Kind.TEXT, old.reference if old else "",
              "e.g. new-registrant list, sheet 1",
              help="Counts and dates only: no names or NHS numbers."),
        Field("came_on", "&Came on", Kind.DATE,
              old.came_on if old else _not_after_today(session, bgl)),
        Field("count", "&Patients", Kind.COUNT, old.count if old else 1, minimum=1),
        Field("follow_up_on", "&Follow up on", Kind.OPTIONAL_DATE,
              old.follow_up_on if old else None,
              none_text=f"At go-live ({uk_date(bgl)})", extra={"default": bgl}),
        Field("notes", "&Notes", Kind.NOTES, old.notes if old else ""),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        if old is None:
            return service.add_held(values["came_on"], values["count"], values["reference"],
                                    values["follow_up_on"], values["notes"])
        return service.save_held(replace(old, **values))

    title = "Edit held registrations" if old else "Add registrations held during the cut-over"
    return FormDialog(session, title, fields, submit, parent)


def complete_held_dialog(session: PlanSession, held_id: int,
                         parent: QWidget | None = None) -> FormDialog:
    held = _registers(session).held(held_id)
    fields = [
        Field("completed", "&Completed", Kind.COUNT, held.count, minimum=0,
              maximum=held.count, extra={"suffix": f" of {held.count}"}),
        Field("on", "&On", Kind.DATE, held.completed_on or _today(session)),
        Field("by", "&By", Kind.TEXT, held.completed_by, "Who registered them"),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).complete_held(held_id, values["completed"], values["on"],
                                                 values["by"])

    return FormDialog(session, "Record held registrations completed", fields, submit,
                      parent, ok_text="Record")


def link_dialog(session: PlanSession, link_id: int | None = None,
                parent: QWidget | None = None) -> FormDialog:
    registers = _registers(session)
    old = registers.link(link_id) if link_id is not None else None
    keys = session.service.schedule().key_dates
    link_off, bgl = keys[KeyDate.LINK_OFF], keys[KeyDate.BGL]
    fields = [
        Field("name", "&Link", Kind.TEXT, old.name if old else "", "e.g. Pathology"),
        Field("contact", "C&ontact", Kind.TEXT, old.contact if old else "",
              "Who to tell: a team, a phone number or an address"),
        Field("notice_days", "&Notice needed", Kind.OPTIONAL_COUNT,
              old.notice_days if old else None, none_text="Not known yet", maximum=365,
              extra={"suffix": " days"}),
        Field("notice_given_on", "Notice &given on", Kind.OPTIONAL_DATE,
              old.notice_given_on if old else None, none_text="Not yet",
              extra={"default": _today(session)}),
        Field("switch_off_on", "Switch o&ff on", Kind.OPTIONAL_DATE,
              old.switch_off_on if old else None,
              none_text=f"Plan's date ({uk_date(link_off)})", extra={"default": link_off}),
        Field("switch_on_on", "Switch o&n on", Kind.OPTIONAL_DATE,
              old.switch_on_on if old else None,
              none_text=f"Go-live ({uk_date(bgl)})", extra={"default": bgl}),
    ]
    sent = set(old.reminders_sent) if old else set()
    reminder_days = link_dates(old or ThirdPartyLink(0, "-"), keys).reminders
    for number, reminder in enumerate(Reminder):
        fields.append(Field(f"reminder_{reminder.value}",
                            f"{reminder.label.capitalize()}, {uk_date(reminder_days[reminder])}",
                            Kind.CHECK, reminder in sent,
                            extra={"row_label": "Reminders sent" if number == 0 else ""}))
    fields.append(Field("notes", "No&tes", Kind.NOTES, old.notes if old else ""))

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        reminders = tuple(r for r in Reminder if values.pop(f"reminder_{r.value}"))
        if old is None:
            return service.add_link(values.pop("name"), values.pop("notice_days"),
                                    reminders_sent=reminders, **values)
        return service.save_link(replace(old, reminders_sent=reminders, **values))

    title = "Edit third-party link" if old else "Add a third-party link"
    return FormDialog(session, title, fields, submit, parent)


def back_on_dialog(session: PlanSession, link_id: int,
                   parent: QWidget | None = None) -> FormDialog:
    link = _registers(session).link(link_id)
    fields = [
        Field("on", "Back &on", Kind.DATE, link.back_on_on or _today(session)),
        Field("by", "&Confirmed by", Kind.TEXT, link.confirmed_by,
              "Who confirmed it works again"),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).confirm_back_on(link_id, values["on"], values["by"])

    return FormDialog(session, f"Confirm {link.name} back on", fields, submit, parent,
                      ok_text="Confirm")


def partner_dialog(session: PlanSession, partner_id: int | None = None,
                   parent: QWidget | None = None) -> FormDialog:
    registers = _registers(session)
    old = registers.partner(partner_id) if partner_id is not None else None
    fields = [
        Field("name", "&Partner service", Kind.TEXT, old.name if old else "",
              "e.g. PCSE, the pathology lab"),
        Field("told_on", "&Told on", Kind.OPTIONAL_DATE, old.told_on if old else None,
              none_text="Not yet", extra={"default": _today(session)}),
        Field("told_by", "&By", Kind.TEXT, old.told_by if old else "", "Who told them"),
        Field("how", "&How", Kind.TEXT, old.how if old else "", "e.g. e-mail, portal"),
        Field("notes", "&Notes", Kind.NOTES, old.notes if old else ""),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        partner = old or MeshPartner(service.next_id(PARTNER), "")
        return service.save_partner(replace(partner, **values))

    title = "Edit MESH partner" if old else "Add a partner to tell the new MESH mailbox"
    return FormDialog(session, title, fields, submit, parent)


def equipment_dialog(session: PlanSession, device_id: int | None = None,
                     parent: QWidget | None = None) -> FormDialog:
    registers = _registers(session)
    old = registers.device(device_id) if device_id is not None else None
    sites = session.service.details.sites
    fields = [
        Field("kind", "&Kind", Kind.CHOICE, old.kind if old else EquipmentKind.SCANNER,
              choices=[(k.label, k) for k in EquipmentKind]),
        Field("name", "&Device", Kind.TEXT, old.name if old else "",
              "Name or place, e.g. Reception scanner"),
        Field("site", "&Site", Kind.EDITABLE_CHOICE, old.site if old else "",
              choices=[(s, s) for s in sites]),
        Field("incompatible", "&Incompatible with the new system (from the survey)",
              Kind.CHECK, old.incompatible if old else False),
        Field("replacement", "&Replacement", Kind.TEXT, old.replacement if old else "",
              "What replaces it"),
        Field("configured_on", "&Configured on", Kind.OPTIONAL_DATE,
              old.configured_on if old else None, none_text="Not yet",
              extra={"default": _today(session)}),
        Field("tested_on", "&Tested on", Kind.OPTIONAL_DATE, old.tested_on if old else None,
              none_text="Not yet", extra={"default": _today(session)}),
        Field("tested_by", "Tested &by", Kind.TEXT, old.tested_by if old else ""),
        Field("notes", "&Notes", Kind.NOTES, old.notes if old else ""),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        device = old or Equipment(service.next_id(EQUIPMENT), EquipmentKind.OTHER, "")
        return service.save_equipment(replace(device, **values))

    return FormDialog(session, "Edit device" if old else "Add a device", fields, submit,
                      parent)


def tested_dialog(session: PlanSession, device_id: int,
                  parent: QWidget | None = None) -> FormDialog:
    device = _registers(session).device(device_id)
    tgl = session.service.schedule().key_dates[KeyDate.TGL]
    fields = [
        Field("on", "Tested &on", Kind.DATE, _not_after_today(session, tgl)),
        Field("by", "&By", Kind.TEXT, device.tested_by, "Who tested it"),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).record_tested(device_id, values["on"], values["by"])

    return FormDialog(session, f"Record {device.name} configured and tested", fields, submit,
                      parent, ok_text="Record")


def issue_dialog(session: PlanSession, issue_id: int | None = None,
                 parent: QWidget | None = None) -> FormDialog:
    registers = _registers(session)
    old = registers.issue(issue_id) if issue_id is not None else None
    fields = [
        Field("title", "&Issue", Kind.TEXT, old.title if old else "",
              "e.g. Asthma review codes degraded"),
        Field("category", "&Kind", Kind.CHOICE,
              old.category if old else IssueCategory.DEGRADED_CODES,
              choices=[(c.label, c) for c in IssueCategory]),
        Field("opened_on", "&Opened on", Kind.DATE, old.opened_on if old else _today(session)),
        Field("owner", "O&wner", Kind.TEXT, old.owner if old else "", "Who is fixing it"),
        Field("status", "&Status", Kind.CHOICE, old.status if old else IssueStatus.OPEN,
              choices=[(s.label, s) for s in IssueStatus]),
        Field("closed_on", "&Closed on", Kind.OPTIONAL_DATE, old.closed_on if old else None,
              none_text="Not closed", extra={"default": _today(session)}),
        Field("notes", "&Notes", Kind.NOTES, old.notes if old else ""),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        service = _registers(session)
        issue = old or GoLiveIssue(service.next_id(ISSUE), "", IssueCategory.OTHER,
                                   values["opened_on"])
        return service.save_issue(replace(issue, **values))

    dialog = FormDialog(session, "Edit issue" if old else "Log a post-go-live issue", fields,
                        submit, parent)
    status = dialog.widget("status")
    closed = dialog.widget("closed_on")
    assert isinstance(status, QComboBox) and isinstance(closed, OptionalDateEdit)

    def on_status_changed(_index: int) -> None:
        # Closing an issue needs a closing date; opening it again clears it.
        closed.none_check.setChecked(status.currentData() is not IssueStatus.CLOSED)

    status.currentIndexChanged.connect(on_status_changed)
    return dialog


def partner_told_dialog(session: PlanSession, partner_id: int,
                        parent: QWidget | None = None) -> FormDialog:
    partner = _registers(session).partner(partner_id)
    fields = [
        Field("on", "Told &on", Kind.DATE, partner.told_on or _today(session)),
        Field("by", "&By", Kind.TEXT, partner.told_by, "Who told them"),
        Field("how", "&How", Kind.TEXT, partner.how, "e.g. e-mail, portal"),
    ]

    def submit(values: dict[str, Any]) -> Changes:
        return _registers(session).record_partner_told(partner_id, values["on"],
                                                       values["by"], values["how"])

    return FormDialog(session, f"Record {partner.name} told the new mailbox", fields, submit,
                      parent, ok_text="Record")

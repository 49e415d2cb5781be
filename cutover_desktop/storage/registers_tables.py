"""The cut-over registers' tables: how each register entity is kept, one row each."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from cutover_desktop.domain.nhs_number import NhsNumber
from cutover_desktop.domain.registers import (
    BATCH,
    EQUIPMENT,
    HELD,
    ISSUE,
    LINK,
    MESH,
    NUMBER,
    PARTNER,
    PROGRESS,
    SETTINGS,
    Equipment,
    EquipmentKind,
    GoLiveIssue,
    HeldRegistration,
    IssueCategory,
    IssueStatus,
    MeshMailbox,
    MeshPartner,
    ReentryBatch,
    ReentryNhsNumber,
    ReentryProgress,
    RegisterSettings,
    Reminder,
    ThirdPartyLink,
)
from cutover_desktop.storage.iso_values import iso_text, optional_date
from cutover_desktop.storage.tables import EntityTable, register_table

Row = dict[str, Any]




def _day(value: str) -> date:
    return date.fromisoformat(value)


def _settings_record(s: RegisterSettings) -> Row:
    return {"id": 1, "reentry_target": iso_text(s.reentry_target),
            "record_nhs_numbers": int(s.record_nhs_numbers),
            "numbers_purged_on": iso_text(s.numbers_purged_on)}


def _settings(row: Row) -> RegisterSettings:
    return RegisterSettings(optional_date(row["reentry_target"]), bool(row["record_nhs_numbers"]),
                            optional_date(row["numbers_purged_on"]))


def _batch_record(b: ReentryBatch) -> Row:
    return {"id": b.id, "category": b.category, "collected_on": b.collected_on.isoformat(),
            "item_count": b.count, "reference": b.reference, "collected_by": b.collected_by,
            "notes": b.notes}


def _batch(row: Row) -> ReentryBatch:
    return ReentryBatch(row["id"], row["category"], _day(row["collected_on"]),
                        row["item_count"], row["reference"], row["collected_by"], row["notes"])


def _progress_record(p: ReentryProgress) -> Row:
    return {"id": p.id, "batch_id": p.batch_id, "item_count": p.count, "done_by": p.done_by,
            "done_on": p.done_on.isoformat(), "checked_by": p.checked_by}


def _progress(row: Row) -> ReentryProgress:
    return ReentryProgress(row["id"], row["batch_id"], row["item_count"], row["done_by"],
                           _day(row["done_on"]), row["checked_by"])


def _number_record(n: ReentryNhsNumber) -> Row:
    return {"id": n.id, "batch_id": n.batch_id, "nhs_number": n.number.digits,
            "re_entered": int(n.re_entered)}


def _number(row: Row) -> ReentryNhsNumber:
    return ReentryNhsNumber(row["id"], row["batch_id"], NhsNumber(row["nhs_number"]),
                            bool(row["re_entered"]))


def _held_record(h: HeldRegistration) -> Row:
    return {"id": h.id, "came_on": h.came_on.isoformat(), "person_count": h.count,
            "reference": h.reference, "follow_up_on": iso_text(h.follow_up_on),
            "completed": h.completed, "completed_on": iso_text(h.completed_on),
            "completed_by": h.completed_by, "notes": h.notes}


def _held(row: Row) -> HeldRegistration:
    return HeldRegistration(row["id"], _day(row["came_on"]), row["person_count"],
                            row["reference"], optional_date(row["follow_up_on"]), row["completed"],
                            optional_date(row["completed_on"]), row["completed_by"], row["notes"])


def _link_record(k: ThirdPartyLink) -> Row:
    return {"id": k.id, "name": k.name, "contact": k.contact, "notice_days": k.notice_days,
            "notice_given_on": iso_text(k.notice_given_on),
            "switch_off_on": iso_text(k.switch_off_on),
            "switch_on_on": iso_text(k.switch_on_on),
            "reminders_sent": json.dumps([r.value for r in k.reminders_sent]),
            "back_on_on": iso_text(k.back_on_on), "confirmed_by": k.confirmed_by,
            "notes": k.notes, "position": k.position}


def _link(row: Row) -> ThirdPartyLink:
    return ThirdPartyLink(
        row["id"], row["name"], row["contact"], row["notice_days"],
        optional_date(row["notice_given_on"]), optional_date(row["switch_off_on"]),
        optional_date(row["switch_on_on"]),
        tuple(Reminder(value) for value in json.loads(row["reminders_sent"])),
        optional_date(row["back_on_on"]), row["confirmed_by"], row["notes"], row["position"])


def _mesh_record(m: MeshMailbox) -> Row:
    return {"id": 1, "old_mailbox": m.old_mailbox, "new_mailbox": m.new_mailbox,
            "change_on": iso_text(m.change_on)}


def _mesh(row: Row) -> MeshMailbox:
    return MeshMailbox(row["old_mailbox"], row["new_mailbox"], optional_date(row["change_on"]))


def _partner_record(p: MeshPartner) -> Row:
    return {"id": p.id, "name": p.name, "told_on": iso_text(p.told_on), "told_by": p.told_by,
            "how": p.how, "notes": p.notes}


def _partner(row: Row) -> MeshPartner:
    return MeshPartner(row["id"], row["name"], optional_date(row["told_on"]), row["told_by"],
                       row["how"], row["notes"])


def _equipment_record(e: Equipment) -> Row:
    return {"id": e.id, "kind": e.kind.value, "name": e.name, "site": e.site,
            "incompatible": int(e.incompatible), "replacement": e.replacement,
            "configured_on": iso_text(e.configured_on), "tested_on": iso_text(e.tested_on),
            "tested_by": e.tested_by, "notes": e.notes}


def _equipment(row: Row) -> Equipment:
    return Equipment(row["id"], EquipmentKind(row["kind"]), row["name"], row["site"],
                     bool(row["incompatible"]), row["replacement"],
                     optional_date(row["configured_on"]),
                     optional_date(row["tested_on"]), row["tested_by"], row["notes"])


def _issue_record(i: GoLiveIssue) -> Row:
    return {"id": i.id, "title": i.title, "category": i.category.value,
            "opened_on": i.opened_on.isoformat(), "owner": i.owner, "status": i.status.value,
            "closed_on": iso_text(i.closed_on), "notes": i.notes}


def _issue(row: Row) -> GoLiveIssue:
    return GoLiveIssue(row["id"], row["title"], IssueCategory(row["category"]),
                       _day(row["opened_on"]), row["owner"], IssueStatus(row["status"]),
                       optional_date(row["closed_on"]), row["notes"])


register_table(EntityTable(SETTINGS, "register_settings", ("id",), _settings_record, _settings))
register_table(EntityTable(BATCH, "reentry_batches", ("id",), _batch_record, _batch, "id"))
register_table(EntityTable(PROGRESS, "reentry_progress", ("id",), _progress_record, _progress,
                           "id"))
register_table(EntityTable(NUMBER, "reentry_nhs_numbers", ("id",), _number_record, _number,
                           "id"))
register_table(EntityTable(HELD, "held_registrations", ("id",), _held_record, _held, "id"))
register_table(EntityTable(LINK, "third_party_links", ("id",), _link_record, _link,
                           "position, id"))
register_table(EntityTable(MESH, "mesh_mailbox", ("id",), _mesh_record, _mesh))
register_table(EntityTable(PARTNER, "mesh_partners", ("id",), _partner_record, _partner, "id"))
register_table(EntityTable(EQUIPMENT, "equipment", ("id",), _equipment_record, _equipment,
                           "id"))
register_table(EntityTable(ISSUE, "golive_issues", ("id",), _issue_record, _issue, "id"))


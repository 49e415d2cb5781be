"""The MESH mailbox change and the partners to tell."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers.common import (
    MESH,
    MESH_WARNING_DAYS,
    PARTNER,
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
        check_name(self.name, "name", "name of the partner service")
        check_who_and_when(self.told_on, self.told_by, ("told_on", "told_by"),
                           who="Say who told them.", when="Say when they were told.")
        check_short(self.told_by, "told_by", "name of who told them")
        check_short(self.how, "how", "way they were told")
        check_notes(self.notes)

    @property
    def told(self) -> bool:
        return self.told_on is not None


def mesh_of(state: PlanState) -> MeshMailbox | None:
    found = state.table(MESH).get("mesh")
    return found if isinstance(found, MeshMailbox) else None


def mesh_partners(state: PlanState) -> list[MeshPartner]:
    return sorted(rows_of(state, PARTNER, MeshPartner), key=lambda p: (p.name.casefold(), p.id))


def mesh_change_day(state: PlanState) -> date:
    mesh = mesh_of(state)
    if mesh is not None and mesh.change_on is not None:
        return mesh.change_on
    return state.schedule.key_dates[KeyDate.BGL]


def mesh_findings(state: PlanState, today: date) -> list[Finding]:
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


register_entity(MeshMailbox, MESH, lambda _mesh: "mesh")
register_entity(MeshPartner, PARTNER, lambda partner: partner.id)

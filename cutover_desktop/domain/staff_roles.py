"""Staff roles and organisations: the standard roles, the groups a cover need may name, and
who a person works for."""

from __future__ import annotations

import re
from enum import StrEnum

from cutover_desktop.domain.errors import ValidationError

PRACTICE_MANAGER = "Practice manager"
PROJECT_MANAGER = "Project manager"
RECEPTIONIST = "Receptionist"
CLINICIAN = "Clinician"
TRAINER = "Trainer"
STANDARD_ROLES = (
    PRACTICE_MANAGER, "GP", "Lead GP", "Nurse", "HCA", RECEPTIONIST, "Administrator",
    "Registrations clerk", "Dispensary", PROJECT_MANAGER, "CSU engineer", "CSU trainer",
    "Supplier trainer", "RA agent",
)
# A cover need may name a group of roles: any one of them meets it.
ROLE_GROUPS: dict[str, tuple[str, ...]] = {
    CLINICIAN: ("GP", "Lead GP", "Nurse", "HCA"),
    TRAINER: ("CSU trainer", "Supplier trainer"),
}


def canonical_role(text: str) -> str:
    """A role as stored: a standard role or group in its usual spelling, else the text tidied."""
    cleaned = " ".join(text.split())
    for known in (*STANDARD_ROLES, *ROLE_GROUPS):
        if known.casefold() == cleaned.casefold():
            return known
    return cleaned


def role_meets(need: str, role: str) -> bool:
    """True when a person of `role` meets a cover need for `need` (a role or a group)."""
    members = ROLE_GROUPS.get(need)
    if members is not None:
        return role in members
    return role.casefold() == need.casefold()


class Organisation(StrEnum):
    PRACTICE = "practice"
    CSU = "csu"
    OLD_SUPPLIER = "old_supplier"
    NEW_SUPPLIER = "new_supplier"

    @property
    def label(self) -> str:
        return {"practice": "Practice", "csu": "CSU", "old_supplier": "Old supplier",
                "new_supplier": "New supplier"}[self.value]

    @property
    def is_supplier(self) -> bool:
        return self in (Organisation.OLD_SUPPLIER, Organisation.NEW_SUPPLIER)


def parse_organisation(text: str) -> Organisation:
    """'Practice', 'CSU', 'old supplier', 'new-supplier' (any case) as an Organisation."""
    wanted = re.sub(r"[\s_-]+", "_", text.strip().casefold())
    for organisation in Organisation:
        if wanted in (organisation.value, organisation.label.casefold().replace(" ", "_")):
            return organisation
    raise ValidationError(f"“{text}” is not an organisation; use practice, CSU, old supplier "
                          "or new supplier.", "organisation")

"""Equipment that must work with the new system (smartcard readers, printers ...)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING

from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.registers.common import (
    EQUIPMENT,
    check_name,
    check_notes,
    check_short,
    check_who_and_when,
    rows_of,
)
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



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
        check_name(self.name, "name", "name or location of the device")
        check_short(self.site, "site", "site")
        check_short(self.replacement, "replacement", "replacement")
        check_who_and_when(self.tested_on, self.tested_by, ("tested_on", "tested_by"),
                           who="Say who tested it.", when="Say when it was tested.")
        if (self.tested_on is not None and self.configured_on is not None
                and self.tested_on < self.configured_on):
            raise ValidationError("It cannot be tested before it was configured.", "tested_on")
        check_short(self.tested_by, "tested_by", "name of who tested it")
        check_notes(self.notes)

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
    return sorted(rows_of(state, EQUIPMENT, Equipment),
                  key=lambda e: (list(EquipmentKind).index(e.kind), e.name.casefold(), e.id))


def equipment_findings(state: PlanState, today: date) -> list[Finding]:
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


register_entity(Equipment, EQUIPMENT, lambda device: device.id)

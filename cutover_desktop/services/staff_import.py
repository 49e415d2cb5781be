"""Importing staff and absences from CSV or XLSX: every row checked, then all in one step.

Staff files need the columns name, role, organisation, working_days, start_time and end_time
(contact, site, smartcard_activated, trained and notes may follow). Absence files need name,
from, to and kind (start_time, end_time and note may follow). Headers are matched by name in
any order, whatever their case; other columns are ignored.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import time

from cutover_desktop.domain.absences import Absence, parse_absence_kind
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import AbsenceId, PersonId
from cutover_desktop.domain.staff import Person
from cutover_desktop.domain.staff_roles import canonical_role, parse_organisation
from cutover_desktop.domain.working_hours import (
    DEFAULT_END,
    DEFAULT_START,
    WorkingPattern,
    parse_weekdays,
    weekday_shifts,
)
from cutover_desktop.services.import_files import (
    Importer,
    ImportResult,
    Row,
    RowError,
    Table,
    cell_date,
    cell_time,
    register_importer,
)
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.staff import StaffService

STAFF_COLUMNS = ("name", "role", "organisation", "working_days", "start_time", "end_time")
STAFF_OPTIONAL = ("contact", "site", "smartcard_activated", "trained", "notes")
ABSENCE_COLUMNS = ("name", "from", "to", "kind")
ABSENCE_OPTIONAL = ("start_time", "end_time", "note")

# Which column a domain field's refusal belongs to.
_PERSON_FIELDS = {"name": "name", "role": "role", "organisation": "organisation",
                  "contact": "contact", "site": "site", "notes": "notes",
                  "smartcard_on": "smartcard_activated", "trained_on": "trained",
                  "shifts": "end_time", "working_days": "working_days"}
_ABSENCE_FIELDS = {"first": "from", "last": "to", "kind": "kind", "start_time": "start_time",
                   "end_time": "end_time", "note": "note"}


def _name(row: Row, headers: dict[str, str]) -> str:
    name = row.text("name")
    if not name:
        raise RowError(row, "name", "a name is needed.", headers)
    return name


def import_staff(plan: PlanService, table: Table) -> ImportResult:
    """Add or update everyone in a staff file, with their working pattern, as one step."""
    staff = StaffService(plan)
    headers = table.headers
    items: list[EntityChange] = []
    seen: dict[str, int] = {}
    next_id = int(staff.next_person_id())
    added = updated = unchanged = 0
    for row in table.rows:
        name = _name(row, headers)
        folded = name.casefold()
        if folded in seen:
            raise RowError(row, "name", f"{name} is already on row {seen[folded]}; give each "
                           "person one row.", headers)
        seen[folded] = row.number
        try:
            person, pattern = _staff_row(staff, row, headers, PersonId(next_id))
        except RowError:
            raise
        except ValidationError as exc:
            column = _PERSON_FIELDS.get(exc.field or "", "name")
            raise RowError(row, column, exc.message, headers) from None
        existing = staff.person_named(name)
        if existing is None:
            next_id += 1
            items += [EntityChange(None, person), EntityChange(None, pattern)]
            added += 1
            continue
        person = replace(person, id=existing.id,
                         smartcard_on=person.smartcard_on if "smartcard_activated" in headers
                         else existing.smartcard_on,
                         trained_on=person.trained_on if "trained" in headers
                         else existing.trained_on,
                         contact=person.contact if "contact" in headers else existing.contact,
                         site=person.site if "site" in headers else existing.site,
                         notes=person.notes if "notes" in headers else existing.notes)
        pattern = replace(pattern, person_id=existing.id)
        old_pattern = plan.state.table("working_pattern").get((existing.id, "start"))
        changed = False
        if person != existing:
            items.append(EntityChange(existing, person))
            changed = True
        if pattern != old_pattern:
            items.append(EntityChange(old_pattern, pattern))
            changed = True
        if changed:
            updated += 1
        else:
            unchanged += 1
    changes = plan.apply(Changes(f"Import staff from {table.name}", tuple(items)))
    return ImportResult("staff", added, updated, unchanged, changes)


def _staff_row(staff: StaffService, row: Row, headers: dict[str, str],
               new_id: PersonId) -> tuple[Person, WorkingPattern]:
    role = row.text("role")
    if not role:
        raise RowError(row, "role", "a role is needed, such as GP or Receptionist.", headers)
    # An empty organisation is the practice's own staff, the usual case.
    organisation_text = row.text("organisation") or "practice"
    try:
        organisation = parse_organisation(organisation_text)
    except ValidationError as exc:
        raise RowError(row, "organisation", exc.message, headers) from None
    try:
        days = parse_weekdays(row.text("working_days"))
    except ValidationError as exc:
        raise RowError(row, "working_days", exc.message, headers) from None
    start = cell_time(row, "start_time", headers) or DEFAULT_START
    end = cell_time(row, "end_time", headers) or DEFAULT_END
    if end <= start:
        raise RowError(row, "end_time", f"the finishing time {end:%H:%M} is not after the "
                       f"starting time {start:%H:%M}.", headers)
    person = Person(
        id=new_id,
        name=_name(row, headers),
        role=canonical_role(role),
        organisation=organisation,
        contact=row.text("contact"),
        site=row.text("site"),
        smartcard_on=cell_date(row, "smartcard_activated", headers, required=False),
        trained_on=cell_date(row, "trained", headers, required=False),
        notes=row.text("notes"),
    )
    person.validate()
    pattern = WorkingPattern(new_id, None, weekday_shifts(days, start, end))
    pattern.validate()
    return person, pattern


def import_absences(plan: PlanService, table: Table) -> ImportResult:
    """Book every absence in a file, as one step; one already booked is left as it is."""
    staff = StaffService(plan)
    headers = table.headers
    items: list[EntityChange] = []
    booked: list[tuple[int, Absence]] = [(0, a) for a in staff.absences()]
    next_id = int(staff.next_absence_id())
    added = unchanged = 0
    for row in table.rows:
        name = _name(row, headers)
        person = staff.person_named(name)
        if person is None:
            raise RowError(row, "name", f"{name} is not in the staff register; add them (or "
                           "import the staff file) first.", headers)
        absence = _absence_row(row, headers, AbsenceId(next_id), person.id)
        same = next((a for _, a in booked if replace(a, id=absence.id, note="") ==
                     replace(absence, note="")), None)
        if same is not None:
            unchanged += 1
            continue
        for number, other in booked:
            if other.overlaps(absence):
                where = f"row {number}" if number else f"an absence already booked " \
                                                      f"({other.describe()})"
                raise RowError(row, "from", f"{person.name} is already away then, in {where}.",
                               headers)
        booked.append((row.number, absence))
        items.append(EntityChange(None, absence))
        next_id += 1
        added += 1
    changes = plan.apply(Changes(f"Import absences from {table.name}", tuple(items)))
    return ImportResult("absences", added, 0, unchanged, changes)


def _absence_row(row: Row, headers: dict[str, str], absence_id: AbsenceId,
                 person_id: PersonId) -> Absence:
    kind_text = row.text("kind")
    if not kind_text:
        raise RowError(row, "kind", "say annual leave, training, sickness or other.", headers)
    try:
        kind = parse_absence_kind(kind_text)
    except ValidationError as exc:
        raise RowError(row, "kind", exc.message, headers) from None
    first = cell_date(row, "from", headers, required=True)
    last = cell_date(row, "to", headers, required=False) or first
    start: time | None = cell_time(row, "start_time", headers)
    end: time | None = cell_time(row, "end_time", headers)
    if (start is None) != (end is None):
        column = "end_time" if start is not None else "start_time"
        raise RowError(row, column, "a part-day absence needs both a starting and a "
                       "finishing time.", headers)
    assert first is not None and last is not None
    absence = Absence(absence_id, person_id, kind, first, last, start, end, row.text("note"))
    try:
        absence.validate()
    except ValidationError as exc:
        raise RowError(row, _ABSENCE_FIELDS.get(exc.field or "", "from"), exc.message,
                       headers) from None
    return absence


register_importer(Importer("staff", STAFF_COLUMNS, import_staff, STAFF_OPTIONAL))
register_importer(Importer("absences", ABSENCE_COLUMNS, import_absences, ABSENCE_OPTIONAL))

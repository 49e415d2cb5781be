"""Staff and absence files (CSV and XLSX), in the columns the staff importer reads back."""

from __future__ import annotations

from collections import Counter

from cutover_desktop.domain.availability import StaffBook
from cutover_desktop.domain.formatting import hhmm
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.working_hours import WEEKDAY_SHORT
from cutover_desktop.reports.task_file import TaskSheet

STAFF_FILE_COLUMNS = ("name", "role", "organisation", "working_days", "start_time", "end_time",
                      "contact", "site", "smartcard_activated", "trained", "notes", "pattern")
ABSENCE_FILE_COLUMNS = ("name", "from", "to", "kind", "start_time", "end_time", "note")


def staff_sheet(state: PlanState) -> TaskSheet:
    """Everyone in the register with the working pattern they start with. A file row holds one
    set of hours; `pattern` spells out every day's hours (and is not read back)."""
    book = StaffBook.of(state.tables, state.calendar)
    rows = []
    for person in book.ordered_people():
        patterns = book.patterns.get(person.id, [])
        shifts = patterns[0].shifts if patterns else ()
        hours = Counter((s.start, s.end) for s in shifts).most_common(1)
        start, end = hours[0][0] if hours else (None, None)
        rows.append((
            person.name, person.role, person.organisation.value,
            " ".join(WEEKDAY_SHORT[s.weekday] for s in sorted(shifts, key=lambda s: s.weekday)),
            hhmm(start), hhmm(end), person.contact, person.site,
            person.smartcard_on.isoformat() if person.smartcard_on else "",
            person.trained_on.isoformat() if person.trained_on else "",
            person.notes,
            "; ".join(p.summary() + (f" from {p.valid_from.isoformat()}" if p.valid_from else "")
                      for p in patterns),
        ))
    return TaskSheet(STAFF_FILE_COLUMNS, tuple(rows))


def absence_sheet(state: PlanState) -> TaskSheet:
    book = StaffBook.of(state.tables, state.calendar)
    rows = []
    for person in book.ordered_people():
        for absence in book.absences.get(person.id, []):
            rows.append((person.name, absence.first.isoformat(), absence.last.isoformat(),
                         absence.kind.value, hhmm(absence.start_time), hhmm(absence.end_time),
                         absence.note))
    return TaskSheet(ABSENCE_FILE_COLUMNS, tuple(rows))

"""A CSU's portfolio: one summary row a practice, worked out from its plan, and its RAG status."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum

from cutover_desktop.domain.availability import StaffBook, assigned_days, assigned_minutes
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import PersonId
from cutover_desktop.domain.keydates import KeyDate, next_key_date
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import GateState, GateStatus, gate_statuses
from cutover_desktop.domain.staff_roles import canonical_role
from cutover_desktop.domain.warnings import Finding, Severity

# Key dates shown on the combined timeline and counted as a plan's "key days" for people.
TIMELINE_KEYS = (KeyDate.PLANNING_MEETING, KeyDate.LINK_OFF, KeyDate.FDP, KeyDate.TGL,
                 KeyDate.BGL, KeyDate.READ_ONLY_END)
KEY_DAYS = (KeyDate.LINK_OFF, KeyDate.FDP, KeyDate.TGL, KeyDate.BGL)
GATE_SOON_DAYS = 14


class ReadState(StrEnum):
    """Whether a plan in the portfolio could be read, and if not, why."""

    READ = "read"
    DAMAGED = "damaged"
    NEWER = "newer"
    UNREADABLE = "unreadable"

    @property
    def label(self) -> str:
        return {"read": "Read", "damaged": "Damaged", "newer": "Newer version",
                "unreadable": "Cannot be read"}[self.value]


class Rag(StrEnum):
    RED = "red"
    AMBER = "amber"
    GREEN = "green"
    UNKNOWN = "unknown"

    @property
    def label(self) -> str:
        return {"red": "Red", "amber": "Amber", "green": "Green",
                "unknown": "Not known"}[self.value]

    @property
    def rank(self) -> int:
        return {"red": 0, "amber": 1, "green": 2, "unknown": 3}[self.value]


RAG_RULE = (
    "Red: an open Problem in the plan, a shared person double-booked or over their hours "
    "across plans, or a sign-off gate past its date and not signed. "
    f"Amber: an open Warning, or a gate due within {GATE_SOON_DAYS} days and not signed. "
    "Green: none of these. Not known: the plan could not be read.")


@dataclass(frozen=True)
class Booking:
    """A person's work on one day in one plan, as the portfolio matches people across plans.

    Attributes:
        minutes: the hours (in minutes) assigned that day, or None when no task says.
        available: the minutes the person works that day by this plan's pattern and leave.
        key_day: the short name of the plan's key date on that day ("TGL"), or "".
    """

    name: str
    role: str
    shared_id: str
    organisation: str
    day: date
    minutes: int | None
    available: int
    key_day: str
    tasks: tuple[str, ...]


@dataclass(frozen=True)
class GateSummary:
    title: str
    day: date | None
    state: GateState

    @property
    def signed(self) -> bool:
        return not self.state.needs_signing

    def describe(self) -> str:
        when = uk_date(self.day) if self.day else "no date"
        return f"{self.title}, {when}: {self.state.label.lower()}"


@dataclass(frozen=True)
class PlanSummary:
    """One practice's row in the portfolio. `source` names the plan (a file's path)."""

    source: str
    read_state: ReadState = ReadState.READ
    message: str = ""
    locked_by: str = ""
    practice: str = ""
    ods_code: str = ""
    old_supplier: str = ""
    new_supplier: str = ""
    go_live: date | None = None
    key_dates: tuple[tuple[KeyDate, date], ...] = ()
    tasks_done: int = 0
    tasks_total: int = 0
    problems: int = 0
    warnings: int = 0
    gate_overdue: bool = False
    next_gate: GateSummary | None = None
    bookings: tuple[Booking, ...] = ()
    shared_problems: int = 0
    rag: Rag = Rag.UNKNOWN
    rag_reason: str = ""

    @property
    def readable(self) -> bool:
        return self.read_state is ReadState.READ

    @property
    def progress(self) -> float:
        return self.tasks_done / self.tasks_total if self.tasks_total else 0.0

    @property
    def progress_text(self) -> str:
        if not self.readable:
            return ""
        return f"{round(100 * self.progress)}% ({self.tasks_done}/{self.tasks_total})"

    @property
    def suppliers_text(self) -> str:
        if not self.readable:
            return ""
        return f"{self.old_supplier or '?'} → {self.new_supplier or '?'}"

    def key_date(self, key: KeyDate) -> date | None:
        return dict(self.key_dates).get(key)

    def next_key_date(self, today: date) -> tuple[KeyDate, date] | None:
        return next_key_date(dict(self.key_dates), today)

    def cutover_window(self) -> tuple[date, date] | None:
        start, end = self.key_date(KeyDate.FDP), self.key_date(KeyDate.BGL)
        return (start, end) if start and end else None

    @property
    def name(self) -> str:
        """The practice for a person: its name, or the file when it could not be read."""
        return self.practice or self.source.replace("\\", "/").rsplit("/", 1)[-1]


def unreadable(source: str, state: ReadState, message: str, locked_by: str = "") -> PlanSummary:
    return PlanSummary(source, state, message, locked_by, rag=Rag.UNKNOWN,
                       rag_reason="Not known: the plan could not be read.")


def summarise_plan(source: str, state: PlanState, findings: list[Finding], today: date,
                   locked_by: str = "") -> PlanSummary:
    """The portfolio row of a plan that was read, RAG from its own findings and gates."""
    details = state.details
    schedule = state.schedule
    tasks = state.tasks.values()
    statuses = gate_statuses(state, today)
    overdue = any(s.state.needs_signing and s.gate.day is not None and s.gate.day < today
                  for s in statuses)
    summary = PlanSummary(
        source=source,
        locked_by=locked_by,
        practice=details.practice_name,
        ods_code=details.ods_code,
        old_supplier=details.old_supplier,
        new_supplier=details.new_supplier,
        go_live=details.go_live,
        key_dates=tuple(sorted(schedule.key_dates.items(), key=lambda kv: kv[1])),
        tasks_done=sum(1 for t in tasks if t.status.is_closed),
        tasks_total=len(state.tasks),
        problems=sum(1 for f in findings if f.severity is Severity.PROBLEM),
        warnings=sum(1 for f in findings if f.severity is Severity.WARNING),
        gate_overdue=overdue,
        next_gate=_next_gate(statuses),
        bookings=tuple(plan_bookings(state, today)),
    )
    return with_rag(summary, today)


def _next_gate(statuses: list[GateStatus]) -> GateSummary | None:
    """The first gate not yet signed (overdue ones first), or the last signed one."""
    dated = sorted((s for s in statuses if s.gate.day is not None),
                   key=lambda s: s.gate.day or date.max)
    for status in dated:
        if status.state.needs_signing:
            return GateSummary(status.gate.title, status.gate.day, status.state)
    if dated:
        last = dated[-1]
        return GateSummary(last.gate.title, last.gate.day, last.state)
    return None


def with_rag(summary: PlanSummary, today: date, shared_problems: int | None = None) -> PlanSummary:
    """The row with its RAG status and the reason, by RAG_RULE."""
    if not summary.readable:
        return summary
    shared = summary.shared_problems if shared_problems is None else shared_problems
    red: list[str] = []
    if summary.problems:
        red.append(f"{plural(summary.problems, 'open Problem')} in the plan")
    if shared:
        red.append(plural(shared, "shared-people Problem"))
    if summary.gate_overdue:
        red.append("a sign-off gate past its date and not signed")
    if red:
        return replace(summary, shared_problems=shared, rag=Rag.RED,
                       rag_reason="Red: " + "; ".join(red) + ".")
    amber: list[str] = []
    if summary.warnings:
        amber.append(plural(summary.warnings, "open Warning"))
    gate = summary.next_gate
    if (gate is not None and not gate.signed and gate.day is not None
            and gate.day <= today + timedelta(days=GATE_SOON_DAYS)):
        amber.append(f"{gate.title} due {uk_date(gate.day)} and not signed")
    if amber:
        return replace(summary, shared_problems=shared, rag=Rag.AMBER,
                       rag_reason="Amber: " + "; ".join(amber) + ".")
    return replace(summary, shared_problems=shared, rag=Rag.GREEN,
                   rag_reason="Green: no Problems, Warnings or gates waiting.")


def plan_bookings(state: PlanState, today: date) -> list[Booking]:
    """Every person's assigned work from today on, one booking a person a day (summed).

    Work with no hours known counts only on the plan's key days, where it can clash with
    another practice's; hours are summed on every day, where they can add up past a day's.
    """
    book = StaffBook.of(state.tables, state.calendar)
    if not book.assignments:
        return []
    dates = state.schedule.dates
    key_by_day = {day: key.short for key, day in state.schedule.key_dates.items()
                  if key in KEY_DAYS and day >= today}
    per_day: dict[tuple[PersonId, date], tuple[int | None, list[str]]] = {}
    for person_id, assignments in book.assignments.items():
        for assignment in assignments:
            task = state.tasks.get(assignment.task_id)
            if task is None or task.status.is_closed:
                continue
            placed = dates[task.id]
            if placed.end < today:
                continue
            minutes = assigned_minutes(assignment, task)
            if minutes is None:
                days = [day for day in key_by_day if placed.start <= day <= placed.end
                        and (placed.start == placed.end or book.normally_works(person_id, day))]
            else:
                days = [day for day in assigned_days(book, person_id, placed.start, placed.end)
                        if day >= today]
            for day in days:
                before, titles = per_day.get((person_id, day), (None, []))
                total = before if minutes is None else (before or 0) + minutes
                per_day[(person_id, day)] = (total, [*titles, task.title])
    out = []
    for (person_id, day), (minutes, titles) in sorted(per_day.items()):
        person = book.people.get(person_id)
        if person is None:
            continue
        # What the person works that day matters only when hours are known.
        available = (book.availability(person_id, day).available_minutes
                     if minutes is not None else 0)
        out.append(Booking(person.name.strip(), canonical_role(person.role),
                           shared_id_of(person.contact, person.notes),
                           person.organisation.label, day, minutes, available,
                           key_by_day.get(day, ""), tuple(titles)))
    return out


_SHARED_ID = re.compile(r"shared id:\s*(\S+)", re.IGNORECASE)


def shared_id_of(contact: str, notes: str = "") -> str:
    """A person's explicit shared id: "shared id: CSU-T-014" in their notes, or else the
    e-mail address in their contact details.

    An NHSmail address belongs to one person, so it matches them across plans even when
    their name is spelt differently in one of them.
    """
    written = _SHARED_ID.search(notes)
    if written:
        return written.group(1).strip(".,;").lower()
    for word in contact.replace(",", " ").replace(";", " ").split():
        word = word.strip("<>()[]").lower()
        if "@" in word and "." in word.split("@", 1)[1]:
            return word
    return ""

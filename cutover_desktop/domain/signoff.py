"""Sign-off gates: which gates a plan has, what each sign-off covered, and each gate's state.

A gate is made of the tasks tagged ``gate:<key>`` (the template tags six of them; a user may
add more). Its date is the latest scheduled finish of those tasks. A sign-off records who typed
their name, what they signed and a snapshot of the plan state it covers; it is never changed,
only withdrawn by a separate record. The program records who typed a name: it does not
authenticate anyone.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from cutover_desktop.domain.canonical import canonical, decode, sha256_hex
from cutover_desktop.domain.entities import register_entity
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.features import register_findings
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.warnings import Finding, Severity

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

GATE_TAG_PREFIX = "gate:"
# A gate is "due" this many days before its date; before that it is "not due".
DUE_WINDOW_DAYS = 14
SIGNOFF_KIND = "signoff"
WITHDRAWAL_KIND = "signoff_withdrawal"
MAX_NAME = 200
MAX_TEXT = 4000
_KEY = re.compile(r"^[a-z0-9][a-z0-9_-]{0,79}$")

# The template's gates, in the order a migration meets them.
BUILT_IN_GATES: dict[str, str] = {
    "technical_requirements": "Technical requirements form",
    "clinical_risk": "Clinical risk assessment",
    "data_checking": "Data-checking sign-off (lead clinician)",
    "go_live_data": "Go-live data sign-off",
    "process_review": "Process review",
    "final": "Final sign-off",
}


class GateState(StrEnum):
    NOT_DUE = "not_due"
    DUE = "due"
    OVERDUE = "overdue"
    SIGNED = "signed"
    CHANGED = "changed_since_signed"
    WITHDRAWN = "withdrawn"

    @property
    def label(self) -> str:
        return _STATE_LABELS[self]

    @property
    def needs_signing(self) -> bool:
        """No sign-off stands for the gate (a changed one still stands, for what it covered)."""
        return self in (GateState.NOT_DUE, GateState.DUE, GateState.OVERDUE,
                        GateState.WITHDRAWN)


_STATE_LABELS = {
    GateState.NOT_DUE: "Not due",
    GateState.DUE: "Due",
    GateState.OVERDUE: "Overdue",
    GateState.SIGNED: "Signed",
    GateState.CHANGED: "Changed since signed",
    GateState.WITHDRAWN: "Withdrawn",
}


class SupplierContact(StrEnum):
    """How the supplier was told of the sign-off."""

    EMAIL = "email"
    PORTAL = "portal"
    LETTER = "letter"
    NOT_TOLD = "not_told"

    @property
    def label(self) -> str:
        return {"email": "E-mail", "portal": "Supplier portal", "letter": "Letter",
                "not_told": "Not told (yet)"}[self.value]


@dataclass(frozen=True)
class SignOff:
    """One signature of a gate. Never changed once written; withdrawn by a `Withdrawal`.

    Attributes:
        signed_by, role: as the person typed them (the program does not check who they are).
        os_user: the computer login the program was running under.
        signed_at: when, in UTC.
        tasks_not_done: the gate's tasks that were not done, which the signer confirmed.
        covered: the canonical text of the plan state the signature covers.
        state_hash: SHA-256 of `covered`.
        audit_head_id, audit_head_hash: the audit chain's newest entry just before signing.
    """

    id: int
    gate_key: str
    gate_title: str
    signed_by: str
    role: str
    os_user: str
    signed_at: datetime
    statement: str
    checked: str
    caveats: str
    supplier_told_by: SupplierContact
    supplier_reference: str
    supplier_told_on: date | None
    tasks_not_done: tuple[TaskId, ...]
    covered: str
    state_hash: str
    audit_head_id: int
    audit_head_hash: str

    def covered_state(self) -> dict[str, Any]:
        value = decode(self.covered)
        assert isinstance(value, dict)
        return value

    def hash_matches(self) -> bool:
        """Whether the stored hash is the hash of the stored snapshot."""
        return sha256_hex(self.covered_state()) == self.state_hash


@dataclass(frozen=True)
class Withdrawal:
    """The record that withdraws a sign-off; the sign-off itself stays as it was."""

    id: int
    signoff_id: int
    withdrawn_by: str
    role: str
    os_user: str
    withdrawn_at: datetime
    reason: str


register_entity(SignOff, SIGNOFF_KIND, lambda s: s.id)
register_entity(Withdrawal, WITHDRAWAL_KIND, lambda w: w.id)


@dataclass(frozen=True)
class Gate:
    """A point where someone signs that part of the migration is right.

    Attributes:
        task_ids: the tasks tagged with the gate, in plan order (empty when they were all
            removed from the plan but the gate has sign-offs).
        day: the latest scheduled finish of those tasks, or None when there are none.
    """

    key: str
    title: str
    task_ids: tuple[TaskId, ...]
    day: date | None

    @property
    def built_in(self) -> bool:
        return self.key in BUILT_IN_GATES

    @property
    def tag(self) -> str:
        return GATE_TAG_PREFIX + self.key


@dataclass(frozen=True)
class SignOffRecord:
    """A sign-off with its withdrawal, if any, and whether a later one replaced it."""

    signoff: SignOff
    withdrawal: Withdrawal | None
    superseded: bool

    @property
    def standing(self) -> bool:
        return self.withdrawal is None and not self.superseded

    @property
    def status_text(self) -> str:
        if self.withdrawal is not None:
            return "Withdrawn"
        return "Replaced by a later sign-off" if self.superseded else "Current"


@dataclass(frozen=True)
class GateStatus:
    """A gate as the sign-off screen shows it.

    Attributes:
        current: the newest sign-off that was not withdrawn, or None.
        records: every sign-off of the gate, oldest first, with its withdrawal.
        changes: what changed in the covered state since `current` was signed.
        open_tasks: the gate's tasks that are not done (or skipped) now.
    """

    gate: Gate
    state: GateState
    current: SignOff | None
    records: tuple[SignOffRecord, ...]
    changes: tuple[str, ...]
    open_tasks: tuple[Task, ...]


def gate_key_of(tag: str) -> str | None:
    """'gate:final' -> 'final'; None for any other tag."""
    if tag.startswith(GATE_TAG_PREFIX):
        key = tag[len(GATE_TAG_PREFIX):].strip()
        return key or None
    return None


def check_gate_key(key: str) -> str:
    if not _KEY.match(key):
        raise ValidationError(
            "A gate's key is lower-case letters, digits, - and _ (at most 80).", "key")
    return key


def slug(title: str) -> str:
    """A gate key made from a title: 'Prescribing review' -> 'prescribing-review'."""
    text = re.sub(r"[^a-z0-9]+", "-", title.lower()).strip("-")
    return (text or "gate")[:60]


def signoffs(state: PlanState) -> list[SignOff]:
    found = [s for s in state.table(SIGNOFF_KIND).values() if isinstance(s, SignOff)]
    return sorted(found, key=lambda s: s.id)


def withdrawals(state: PlanState) -> dict[int, Withdrawal]:
    """Withdrawals by the id of the sign-off they withdraw."""
    return {w.signoff_id: w for w in state.table(WITHDRAWAL_KIND).values()
            if isinstance(w, Withdrawal)}


def _gate_tasks(state: PlanState) -> dict[str, list[Task]]:
    """The tasks of each gate by gate key, in plan position order."""
    tagged: dict[str, list[Task]] = {}
    # Only tagged tasks can make a gate: sort those, not the whole plan.
    tagged_tasks = [task for task in state.tasks.values() if task.tags]
    for task in sorted(tagged_tasks, key=lambda t: (t.position, t.id)):
        # A task tagged twice with one gate counts once (a set, not a slow list search).
        for key in dict.fromkeys(k for k in map(gate_key_of, task.tags) if k is not None):
            tagged.setdefault(key, []).append(task)
    return tagged


def plan_gates(state: PlanState) -> list[Gate]:
    """Every gate: those made by task tags, then any that only sign-offs still name."""
    tagged = state.kept_with_tasks("gate_tasks", lambda: _gate_tasks(state))
    dates = state.schedule.dates
    gates = []
    for key, tasks in tagged.items():
        title = BUILT_IN_GATES.get(key) or tasks[0].title
        gates.append(Gate(key, title, tuple(t.id for t in tasks),
                          max(dates[t.id].end for t in tasks)))
    titles: dict[str, str] = {}
    for signoff in signoffs(state):
        titles[signoff.gate_key] = signoff.gate_title
    gates += [Gate(key, title, (), None) for key, title in titles.items() if key not in tagged]
    order = list(BUILT_IN_GATES)
    return sorted(gates, key=lambda g: (g.day is None, g.day or date.max,
                                        order.index(g.key) if g.key in order else len(order),
                                        g.title))


def find_gate(state: PlanState, key: str) -> Gate:
    for gate in plan_gates(state):
        if gate.key == key:
            return gate
    raise ValidationError("That sign-off gate is no longer in the plan.")


def covered_state(state: PlanState, gate: Gate) -> dict[str, Any]:
    """The part of the plan a sign-off of this gate covers, as plain JSON values.

    It is the key dates and, for each of the gate's tasks, its title, status, skip reason
    and scheduled dates. Nothing else (notes, owners, other tasks) is covered.
    """
    schedule = state.schedule
    tasks = []
    for task_id in sorted(gate.task_ids):
        task = state.tasks[task_id]
        placed = schedule.dates[task_id]
        tasks.append({"id": int(task.id), "title": task.title, "status": task.status.value,
                      "skip_reason": task.skip_reason, "start": placed.start.isoformat(),
                      "end": placed.end.isoformat()})
    return {"gate": gate.key,
            "key_dates": {k.value: schedule.key_dates[k].isoformat() for k in KeyDate},
            "tasks": tasks}


def covered_text(covered: Mapping[str, Any]) -> str:
    return canonical(covered)


def state_hash(covered: Mapping[str, Any]) -> str:
    return sha256_hex(covered)


def describe_changes(before: Mapping[str, Any], after: Mapping[str, Any]) -> list[str]:
    """What changed between two covered states, one plain sentence each."""
    found: list[str] = []
    old_dates, new_dates = before.get("key_dates", {}), after.get("key_dates", {})
    moved = [k for k in KeyDate if old_dates.get(k.value) != new_dates.get(k.value)]
    if KeyDate.BGL in moved and len(moved) > 2:
        # Go-live moved and the dates that follow from it moved too: one sentence, not seven.
        found.append(f"{KeyDate.BGL.label} moved from {_day(old_dates.get('BGL'))} to "
                     f"{_day(new_dates.get('BGL'))}, and {len(moved) - 1} other key dates "
                     "with it.")
    else:
        found += [f"{k.label} moved from {_day(old_dates.get(k.value))} to "
                  f"{_day(new_dates.get(k.value))}." for k in moved]
    old_tasks = {t["id"]: t for t in before.get("tasks", [])}
    new_tasks = {t["id"]: t for t in after.get("tasks", [])}
    for task_id, old in old_tasks.items():
        new = new_tasks.get(task_id)
        if new is None:
            found.append(f"“{old['title']}” is no longer part of the gate.")
            continue
        name = f"“{new['title']}”"
        if old["title"] != new["title"]:
            found.append(f"“{old['title']}” was renamed {name}.")
        if old["status"] != new["status"]:
            found.append(f"{name} went from {_status(old['status'])} "
                         f"to {_status(new['status'])}.")
        elif old["skip_reason"] != new["skip_reason"]:
            found.append(f"{name} has a different reason for being skipped.")
        if old["start"] != new["start"] or old["end"] != new["end"]:
            found.append(f"{name} moved from {_span(old)} to {_span(new)}.")
    for task_id, new in new_tasks.items():
        if task_id not in old_tasks:
            found.append(f"“{new['title']}” was added to the gate.")
    return found


def _day(iso: str | None) -> str:
    return uk_date(date.fromisoformat(iso)) if iso else "nothing"


def _span(task: Mapping[str, Any]) -> str:
    if task["start"] == task["end"]:
        return _day(task["start"])
    return f"{_day(task['start'])}–{_day(task['end'])}"


def _status(value: str) -> str:
    try:
        return TaskStatus(value).label.lower()
    except ValueError:
        return value


def open_tasks(state: PlanState, gate: Gate) -> tuple[Task, ...]:
    """The gate's tasks that are neither done nor skipped with a reason."""
    return tuple(state.tasks[t] for t in gate.task_ids if not state.tasks[t].status.is_closed)


def gate_status(state: PlanState, gate: Gate, today: date) -> GateStatus:
    history = [s for s in signoffs(state) if s.gate_key == gate.key]
    withdrawn = withdrawals(state)
    standing = [s for s in history if s.id not in withdrawn]
    current = standing[-1] if standing else None
    records = tuple(SignOffRecord(s, withdrawn.get(s.id),
                                  s.id not in withdrawn and current is not None
                                  and s.id != current.id)
                    for s in history)
    changes: tuple[str, ...] = ()
    if current is not None:
        now = covered_state(state, gate)
        if state_hash(now) != current.state_hash:
            changes = tuple(describe_changes(current.covered_state(), now)) or (
                "The plan state it covers is different.",)
        state_now = GateState.CHANGED if changes else GateState.SIGNED
    elif history:
        state_now = GateState.WITHDRAWN
    else:
        state_now = _timing(gate.day, today)
    return GateStatus(gate, state_now, current, records, changes, open_tasks(state, gate))


def _timing(day: date | None, today: date) -> GateState:
    if day is None or day > today + timedelta(days=DUE_WINDOW_DAYS):
        return GateState.NOT_DUE
    return GateState.OVERDUE if day < today else GateState.DUE


def gate_statuses(state: PlanState, today: date) -> list[GateStatus]:
    return [gate_status(state, gate, today) for gate in plan_gates(state)]


def status_of(state: PlanState, key: str, today: date) -> GateStatus:
    return gate_status(state, find_gate(state, key), today)


def gates_an_edit_changes(before: PlanState, after: PlanState,
                          today: date) -> list[GateStatus]:
    """Gates signed (and unchanged) in `before` that `after` would show as changed since
    signed, each with what would change."""
    if not signoffs(before):
        return []
    signed = [status for status in gate_statuses(before, today)
              if status.state is GateState.SIGNED]
    found = []
    for status in signed:
        gates = [gate for gate in plan_gates(after) if gate.key == status.gate.key]
        gate = gates[0] if gates else Gate(status.gate.key, status.gate.title, (), None)
        then = gate_status(after, gate, today)
        if then.state is GateState.CHANGED:
            found.append(then)
    return found


def is_overdue(status: GateStatus, today: date) -> bool:
    """Past its date with no sign-off standing (never signed, or withdrawn)."""
    return (status.state.needs_signing and status.gate.day is not None
            and status.gate.day < today)


@register_findings
def signoff_findings(state: PlanState, today: date) -> list[Finding]:
    """Overdue gates, and signed gates whose covered state changed since."""
    found = []
    for status in gate_statuses(state, today):
        gate = status.gate
        first_task = gate.task_ids[0] if gate.task_ids else None
        # A view jumps to the gate's task; with none left there is nowhere to go.
        subject = gate.title if first_task is not None else ""
        if is_overdue(status, today):
            assert gate.day is not None
            late = (today - gate.day).days
            why = ("its sign-off was withdrawn" if status.state is GateState.WITHDRAWN
                   else "it is not signed")
            found.append(Finding(
                "GATE_OVERDUE", Severity.WARNING,
                f"Sign-off gate “{gate.title}” was due on {uk_date(gate.day)} "
                f"({plural(late, 'day')} ago) and {why}.", gate.day, first_task, subject))
        elif status.state is GateState.CHANGED:
            assert status.current is not None
            count = len(status.changes)
            how_many = f" ({plural(count, 'change')})" if count > 1 else ""
            found.append(Finding(
                "GATE_CHANGED_SINCE_SIGNED", Severity.WARNING,
                f"“{gate.title}” changed after it was signed{how_many}: {status.changes[0]}",
                gate.day, first_task, subject))
    return found


# Checking what a person typed

def _required(value: str, field: str, what: str, limit: int = MAX_NAME) -> str:
    text = value.strip()
    if not text:
        raise ValidationError(f"Give {what}.", field)
    if len(text) > limit:
        raise ValidationError(f"{what[0].upper()}{what[1:]} can be at most {limit} characters.",
                              field)
    return text


def _optional(value: str, field: str, what: str, limit: int = MAX_TEXT) -> str:
    text = value.strip()
    if len(text) > limit:
        raise ValidationError(f"{what} can be at most {limit} characters.", field)
    return text


@dataclass(frozen=True)
class SignOffInput:
    """What the person signing types in the dialog."""

    signed_by: str
    role: str
    statement: str
    checked: str
    caveats: str = ""
    supplier_told_by: SupplierContact = SupplierContact.NOT_TOLD
    supplier_reference: str = ""
    supplier_told_on: date | None = None

    def cleaned(self, today: date) -> SignOffInput:
        """The input with spaces trimmed, or a ValidationError naming the field at fault."""
        told_on = self.supplier_told_on
        if self.supplier_told_by is SupplierContact.NOT_TOLD:
            told_on = None
            reference = ""
        else:
            if told_on is None:
                raise ValidationError("Give the date the supplier was told.",
                                      "supplier_told_on")
            if told_on > today:
                raise ValidationError("The date the supplier was told cannot be in the future.",
                                      "supplier_told_on")
            reference = _optional(self.supplier_reference, "supplier_reference",
                                  "The reference", MAX_NAME)
        return SignOffInput(
            signed_by=_required(self.signed_by, "signed_by", "your name"),
            role=_required(self.role, "role", "your role"),
            statement=_required(self.statement, "statement", "the statement you sign",
                                MAX_TEXT),
            checked=_required(self.checked, "checked", "what was checked", MAX_TEXT),
            caveats=_optional(self.caveats, "caveats", "Caveats"),
            supplier_told_by=self.supplier_told_by,
            supplier_reference=reference,
            supplier_told_on=told_on,
        )


@dataclass(frozen=True)
class WithdrawalInput:
    withdrawn_by: str
    role: str
    reason: str

    def cleaned(self) -> WithdrawalInput:
        return WithdrawalInput(
            withdrawn_by=_required(self.withdrawn_by, "withdrawn_by", "your name"),
            role=_required(self.role, "role", "your role"),
            reason=_required(self.reason, "reason", "the reason for withdrawing", MAX_TEXT),
        )


def utc_now() -> datetime:
    """Now, in UTC, to the millisecond (what a sign-off stores)."""
    now = datetime.now(UTC)
    return now.replace(microsecond=now.microsecond // 1000 * 1000)

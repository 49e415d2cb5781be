"""Signing gates off, withdrawing sign-offs and adding gates: each one user action."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import local_time_text, plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Anchor, OffsetUnit, Priority, TaskStatus
from cutover_desktop.domain.signoff import (
    BUILT_IN_GATES,
    GATE_TAG_PREFIX,
    MAX_NAME,
    SIGNOFF_KIND,
    WITHDRAWAL_KIND,
    GateState,
    GateStatus,
    SignOff,
    SignOffInput,
    Withdrawal,
    WithdrawalInput,
    covered_state,
    covered_text,
    find_gate,
    gate_status,
    gate_statuses,
    open_tasks,
    plan_gates,
    signoffs,
    slug,
    state_hash,
    utc_now,
    withdrawals,
)
from cutover_desktop.reports.signoff_pack import ChainAnchor, EvidencePack, build_evidence_pack
from cutover_desktop.services.planner import PlanService
from cutover_desktop.storage.repository import os_user

SIGN_NOTE = "A sign-off cannot be undone: withdraw it instead, giving the reason."
WITHDRAW_NOTE = "A withdrawal cannot be undone: sign the gate again if it is still right."


class SignoffService:
    """Sign-off gates of the plan a PlanService holds.

    Signing and withdrawing are written like any edit (one transaction, audit entries) but
    cannot be undone: undo stops at them (see PlanService.apply_irreversible). Adding a gate
    is an ordinary edit and can be undone.
    """

    def __init__(self, plan: PlanService, now: Callable[[], datetime] = utc_now) -> None:
        self.plan = plan
        self._now = now

    # Reading

    def gates(self) -> list[GateStatus]:
        return gate_statuses(self.plan.state, self.plan.today())

    def status(self, gate_key: str) -> GateStatus:
        return gate_status(self.plan.state, find_gate(self.plan.state, gate_key),
                           self.plan.today())

    def signoff(self, signoff_id: int) -> SignOff:
        found = self.plan.state.table(SIGNOFF_KIND).get(signoff_id)
        if not isinstance(found, SignOff):
            raise ValidationError("That sign-off is not in this plan.")
        return found

    @staticmethod
    def os_user() -> str:
        """The computer login recorded beside every typed name."""
        return os_user()

    # Actions

    def sign(self, gate_key: str, entry: SignOffInput, *, mark_done: bool = False,
             confirm_not_done: bool = False) -> Changes:
        """Sign a gate off. Not undoable.

        Args:
            mark_done: mark the gate's open tasks done as part of signing (one step).
            confirm_not_done: the signer confirmed signing with open tasks; they are
                recorded with the sign-off.
        """
        state = self.plan.state
        gate = find_gate(state, gate_key)
        if not gate.task_ids:
            raise ValidationError(f"“{gate.title}” has no tasks in the plan any more, so it "
                                  "cannot be signed.")
        status = gate_status(state, gate, self.plan.today())
        if status.state is GateState.SIGNED and status.current is not None:
            raise ValidationError(
                f"“{gate.title}” is already signed, by {status.current.signed_by} on "
                f"{local_time_text(status.current.signed_at)}. If that was a mistake, "
                "withdraw it first.")
        cleaned = entry.cleaned(self.plan.today())
        items: list[EntityChange] = []
        still_open = open_tasks(state, gate)
        if still_open and mark_done:
            items = [EntityChange(t, replace(t, status=TaskStatus.DONE, skip_reason=""))
                     for t in still_open]
            state = state.with_changes(items)
            still_open = ()
        elif still_open and not confirm_not_done:
            titles = ", ".join(f"“{t.title}”" for t in still_open)
            raise ValidationError(
                f"{plural(len(still_open), 'task')} of this gate {_be(len(still_open))} not "
                f"done: {titles}. Confirm that you sign with "
                f"{'it' if len(still_open) == 1 else 'them'} not done, or mark "
                f"{'it' if len(still_open) == 1 else 'them'} done.", "confirm_not_done")
        covered = covered_state(state, gate)
        head_id, head_hash = self.plan.audit_head()
        signoff = SignOff(
            id=_next_id(self.plan, SIGNOFF_KIND),
            gate_key=gate.key,
            gate_title=gate.title,
            signed_by=cleaned.signed_by,
            role=cleaned.role,
            os_user=os_user(),
            signed_at=self._now(),
            statement=cleaned.statement,
            checked=cleaned.checked,
            caveats=cleaned.caveats,
            supplier_told_by=cleaned.supplier_told_by,
            supplier_reference=cleaned.supplier_reference,
            supplier_told_on=cleaned.supplier_told_on,
            tasks_not_done=tuple(t.id for t in still_open),
            covered=covered_text(covered),
            state_hash=state_hash(covered),
            audit_head_id=head_id,
            audit_head_hash=head_hash,
        )
        items.append(EntityChange(None, signoff))
        return self.plan.apply_irreversible(
            Changes(f"Sign off “{gate.title}”", tuple(items)), SIGN_NOTE)

    def withdraw(self, signoff_id: int, entry: WithdrawalInput) -> Changes:
        """Withdraw a sign-off with a reason: a new record; the sign-off stays. Not undoable."""
        signoff = self.signoff(signoff_id)
        existing = withdrawals(self.plan.state).get(signoff_id)
        if existing is not None:
            raise ValidationError(
                f"That sign-off was already withdrawn, by {existing.withdrawn_by} on "
                f"{local_time_text(existing.withdrawn_at)}.")
        cleaned = entry.cleaned()
        withdrawal = Withdrawal(
            id=_next_id(self.plan, WITHDRAWAL_KIND),
            signoff_id=signoff.id,
            withdrawn_by=cleaned.withdrawn_by,
            role=cleaned.role,
            os_user=os_user(),
            withdrawn_at=self._now(),
            reason=cleaned.reason,
        )
        return self.plan.apply_irreversible(
            Changes(f"Withdraw the sign-off of “{signoff.gate_title}”",
                    (EntityChange(None, withdrawal),)), WITHDRAW_NOTE)

    def add_gate(self, title: str, day: date, phase: str | None = None) -> Changes:
        """Add a gate: a milestone task on that day, tagged as the gate. Undoable."""
        name = title.strip()
        if not name:
            raise ValidationError("Give the gate a name.", "title")
        if len(name) > MAX_NAME:
            raise ValidationError(f"A gate's name can be at most {MAX_NAME} characters.",
                                  "title")
        state = self.plan.state
        taken = {g.key for g in plan_gates(state)} | set(BUILT_IN_GATES)
        taken |= {s.gate_key for s in signoffs(state)}
        base = slug(name)
        key, number = base, 2
        while key in taken:
            key, number = f"{base}-{number}", number + 1
        phases = self.plan.details.phases
        chosen = phase if phase is not None else self._phase_near(day)
        if chosen not in phases:
            raise ValidationError(f"“{chosen}” is not a phase of this plan.", "phase")
        bgl = self.plan.details.go_live
        task = self.plan.new_task(
            f"Sign-off: {name}", chosen, Anchor.key(KeyDate.BGL), (day - bgl).days,
            offset_unit=OffsetUnit.CALENDAR_DAYS, milestone=True, priority=Priority.HIGH,
            tags=(GATE_TAG_PREFIX + key,),
            notes="A sign-off gate added to the plan; sign it on the Sign-off tab.")
        try:
            task.validate()
        except ValidationError as exc:
            if exc.field == "offset":
                raise ValidationError("Choose a date within about three years of go-live.",
                                      "day") from None
            raise
        return self.plan.apply(Changes(f"Add sign-off gate “{name}” on {uk_date(day)}",
                                       (EntityChange(None, task),)))

    def _phase_near(self, day: date) -> str:
        """The phase of the task placed nearest to a day (the first phase if none)."""
        phases = self.plan.details.phases
        dates = self.plan.schedule().dates
        tasks = [t for t in self.plan.state.tasks.values() if t.phase in phases]
        if not tasks:
            return phases[0] if phases else ""
        nearest = min(tasks, key=lambda t: (abs((dates[t.id].start - day).days), t.position))
        return nearest.phase


def _be(count: int) -> str:
    return "is" if count == 1 else "are"


def _next_id(plan: PlanService, kind: str) -> int:
    return max((int(k) for k in plan.state.table(kind)), default=0) + 1  # type: ignore[call-overload]


def signoff_summary(plan: PlanService) -> list[str]:
    """The gates and their states, as lines for `show`."""
    statuses = SignoffService(plan).gates()
    if not statuses:
        return ["Sign-off gates: none."]
    lines = ["Sign-off gates"]
    for status in statuses:
        gate = status.gate
        when = uk_date(gate.day) if gate.day else "not in the plan"
        state = status.state.label
        if status.current is not None:
            s = status.current
            state += f" by {s.signed_by} ({s.role}), {local_time_text(s.signed_at)}"
        lines.append(f"  {gate.title:<42} {when:<17} {state}")
        lines += [f"  {'':<42} {'':<17} changed: {c}" for c in status.changes[:3]]
    return lines


def signoff_problems(plan: PlanService) -> list[str]:
    """Sign-offs whose own record no longer adds up: for `check`.

    Each sign-off holds the hash of the state it covers and the audit entry that was the
    newest when it was signed; if that entry's hash is different now, the trail before the
    signature was rewritten (even if its hashes were all recomputed).
    """
    found = []
    trail = plan.audit_trail
    for signoff in signoffs(plan.state):
        try:
            matches = signoff.hash_matches()
        except (ValueError, TypeError, AssertionError):
            matches = False
        if not matches:
            found.append(f"sign-off {signoff.id} (“{signoff.gate_title}”) does not match the "
                         "plan state it says it covers")
        if signoff.audit_head_id:
            entry = trail.entry(signoff.audit_head_id)
            if entry is None or entry.hash != signoff.audit_head_hash:
                found.append(
                    f"sign-off {signoff.id} (“{signoff.gate_title}”) was signed when audit "
                    f"entry {signoff.audit_head_id} was the newest, and that entry has been "
                    "rewritten since")
    return found


def chain_anchor(plan: PlanService) -> ChainAnchor:
    """Verify the audit chain now and say where its head is."""
    check = plan.verify_audit_chain()
    head_id, head_hash = plan.audit_head()
    problems = [] if not check.ok else signoff_problems(plan)
    problem = check.problem if not check.ok else "; ".join(problems)
    return ChainAnchor(check.entries, head_id, head_hash, check.ok and not problems, problem)


def evidence_pack(plan: PlanService, generated_at: datetime | None = None) -> EvidencePack:
    """The sign-off evidence pack of the plan as it is now (for printing)."""
    return build_evidence_pack(plan.state, plan.today(), chain_anchor(plan),
                               generated_at or utc_now())

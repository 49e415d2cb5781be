"""The sign-off evidence pack as plain values and as escaped HTML, for screen and paper.

Qt-free: `printing/` lays it out. Everything a person typed is escaped, so a statement
such as "<b>checked</b> & signed" prints exactly as typed.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from cutover_desktop.domain.formatting import local_time_text, plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.signoff import (
    GateStatus,
    SignOffRecord,
    gate_statuses,
)

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState

HONESTY_NOTE = (
    "The program records the name and role each person typed, and the computer login it "
    "was running under. It does not check who anyone is: a typed name is not an electronic "
    "signature. The audit chain shows whether the plan file was changed outside the "
    "program; compare the chain head printed here with the one the program shows later.")


@dataclass(frozen=True)
class ChainAnchor:
    """The audit chain as it stood when the pack was made.

    Attributes:
        head_id, head_hash: the newest entry; write the hash down or keep this printout, so
            a later rewrite of the whole file can be noticed.
    """

    entries: int
    head_id: int
    head_hash: str
    verified: bool
    problem: str = ""


@dataclass(frozen=True)
class Fact:
    label: str
    value: str


@dataclass(frozen=True)
class RecordEvidence:
    """One sign-off, with its withdrawal if it has one."""

    heading: str
    status: str
    facts: tuple[Fact, ...]
    withdrawal: tuple[Fact, ...] = ()


@dataclass(frozen=True)
class GateEvidence:
    title: str
    day: str
    state: str
    tasks: tuple[Fact, ...]  # task title -> its status now
    records: tuple[RecordEvidence, ...]
    changes: tuple[str, ...]


@dataclass(frozen=True)
class EvidencePack:
    title: str
    practice: tuple[Fact, ...]
    key_dates: tuple[Fact, ...]
    gates: tuple[GateEvidence, ...]
    chain: ChainAnchor
    generated: str
    note: str = HONESTY_NOTE


def record_evidence(record: SignOffRecord, state: PlanState) -> RecordEvidence:
    s = record.signoff
    if s.supplier_told_on is None:
        told = s.supplier_told_by.label
    else:
        told = f"{s.supplier_told_by.label}, {uk_date(s.supplier_told_on)}"
        if s.supplier_reference:
            told += f", reference {s.supplier_reference}"
    not_done = []
    covered = {t["id"]: t for t in s.covered_state().get("tasks", [])}
    for task_id in s.tasks_not_done:
        task = covered.get(int(task_id))
        if task is not None:
            not_done.append(f"“{task['title']}” ({_status(task['status'])})")
        else:
            not_done.append(f"task {task_id}")
    facts = [
        Fact("Signed by (as typed)", f"{s.signed_by}, {s.role}"),
        Fact("Computer login", s.os_user),
        Fact("When", local_time_text(s.signed_at)),
        Fact("Statement", s.statement),
        Fact("What was checked", s.checked),
        Fact("Caveats", s.caveats or "None"),
        Fact("Supplier told", told),
        Fact("Tasks not done when signed",
             ("Confirmed by the signer: " + "; ".join(not_done)) if not_done else "None"),
        Fact("Hash of the plan state signed", s.state_hash),
        Fact("Audit chain head when signed", f"entry {s.audit_head_id}, {s.audit_head_hash}"),
    ]
    withdrawal: tuple[Fact, ...] = ()
    if record.withdrawal is not None:
        w = record.withdrawal
        withdrawal = (Fact("Withdrawn by (as typed)", f"{w.withdrawn_by}, {w.role}"),
                      Fact("Computer login", w.os_user),
                      Fact("When", local_time_text(w.withdrawn_at)),
                      Fact("Reason", w.reason))
    return RecordEvidence(f"Sign-off {s.id}", record.status_text, tuple(facts), withdrawal)


def gate_evidence(status: GateStatus, state: PlanState) -> GateEvidence:
    gate = status.gate
    tasks = tuple(Fact(state.tasks[t].title, state.tasks[t].status.label)
                  for t in gate.task_ids)
    return GateEvidence(
        title=gate.title,
        day=uk_date(gate.day) if gate.day else "Its tasks are no longer in the plan",
        state=status.state.label,
        tasks=tasks,
        records=tuple(record_evidence(r, state) for r in reversed(status.records)),
        changes=status.changes,
    )


def build_evidence_pack(state: PlanState, today: date, chain: ChainAnchor,
                        generated_at: datetime) -> EvidencePack:
    """Everything the pack prints, from the plan as it is now."""
    details = state.details
    practice = [Fact("Practice", f"{details.practice_name} ({details.ods_code})")]
    if details.old_supplier or details.new_supplier:
        practice.append(Fact("Moving", f"from {details.old_supplier or 'the old system'} to "
                                       f"{details.new_supplier or 'the new system'}"))
    key_dates = tuple(Fact(k.label, uk_date(state.schedule.key_dates[k])) for k in KeyDate)
    gates = tuple(gate_evidence(s, state) for s in gate_statuses(state, today))
    return EvidencePack(
        title=f"Sign-off evidence: {details.practice_name}",
        practice=tuple(practice),
        key_dates=key_dates,
        gates=gates,
        chain=chain,
        generated=local_time_text(generated_at),
    )


def _status(value: str) -> str:
    try:
        return TaskStatus(value).label
    except ValueError:
        return value


# HTML (escaped), for the sign-off screen and for a printer that takes rich text

def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _facts_html(facts: tuple[Fact, ...]) -> str:
    rows = "".join(
        f"<tr><th align='left' valign='top'>{_e(f.label)}</th>"
        f"<td>{_e(f.value).replace(chr(10), '<br>')}</td></tr>" for f in facts)
    return f"<table cellspacing='0' cellpadding='3'>{rows}</table>"


def chain_html(chain: ChainAnchor) -> str:
    verdict = ("✔ Verified: the audit trail has not been changed outside the program."
               if chain.verified else
               f"✘ Does not verify: {chain.problem}.")
    return (f"<p><b>Audit chain</b>: {_e(plural(chain.entries, 'entry', 'entries'))}. "
            f"{_e(verdict)}<br>Head (entry {chain.head_id}): "
            f"<code>{_e(chain.head_hash)}</code></p>")


def gate_html(gate: GateEvidence, level: int = 2) -> str:
    parts = [f"<h{level}>{_e(gate.title)}</h{level}>",
             f"<p>Date: {_e(gate.day)}. State: <b>{_e(gate.state)}</b>.</p>"]
    if gate.changes:
        items = "".join(f"<li>{_e(c)}</li>" for c in gate.changes)
        parts.append(f"<p><b>Changed since it was signed:</b></p><ul>{items}</ul>")
    if gate.tasks:
        parts.append("<p><b>Its tasks now</b></p>" + _facts_html(gate.tasks))
    if not gate.records:
        parts.append("<p>Not signed.</p>")
    for record in gate.records:
        parts.append(f"<h{level + 1}>{_e(record.heading)}: {_e(record.status)}</h{level + 1}>")
        parts.append(_facts_html(record.facts))
        if record.withdrawal:
            parts.append("<p><b>Withdrawn</b> (the sign-off above is kept as it was)</p>")
            parts.append(_facts_html(record.withdrawal))
    return "".join(parts)


def evidence_pack_html(pack: EvidencePack) -> str:
    """The whole pack as one HTML document; every value escaped."""
    parts = [f"<h1>{_e(pack.title)}</h1>", _facts_html(pack.practice),
             f"<p>Made {_e(pack.generated)}.</p>", chain_html(pack.chain),
             f"<p><i>{_e(pack.note)}</i></p>", "<h2>Key dates</h2>",
             _facts_html(pack.key_dates)]
    parts += [gate_html(gate) for gate in pack.gates]
    return "<html><body>" + "".join(parts) + "</body></html>"

"""Rules of the migration guide that reason across tasks: gates in order, lead times, and
work that needs the old system while it is still there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cutover_desktop.domain.features import register_findings
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import Task
from cutover_desktop.domain.signoff import (
    BUILT_IN_GATES,
    Gate,
    plan_gates,
    signoffs,
    withdrawals,
)
from cutover_desktop.domain.warnings import Finding, Severity, nearest_working_day

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState


@dataclass(frozen=True)
class LeadTime:
    """A task (found by its tag) that must finish a number of days before something."""

    tag: str
    days: int
    before_tag: str = ""
    before_key: KeyDate | None = None
    what: str = ""


# The guide's notice periods (domain.md §7 rule 6), in calendar days.
LEAD_TIMES = (
    LeadTime("extract_request", 35, before_tag="idp",
             what="the old supplier may need up to 5 weeks' notice before the first extract"),
    LeadTime("eps_notice", 35, before_key=KeyDate.LINK_OFF,
             what="EPS can need about 5 weeks' notice before links are switched off"),
    LeadTime("pcse_notice", 14, before_key=KeyDate.LINK_OFF,
             what="PCSE wants at least 2 weeks' notice before GP links pause"),
    LeadTime("subsidiary_notice", 5, before_key=KeyDate.FDP,
             what="subsidiary suppliers must be told at least 5 days before the cut-over"),
)


@register_findings
def guide_findings(state: PlanState, today: date) -> list[Finding]:
    gates = plan_gates(state)
    return _gate_order(gates) + _signed_too_soon(state, gates) + _lead_times(state) + \
        _old_system(state)


def _open(task: Task) -> bool:
    return not task.status.is_closed


def _gate_order(gates: list[Gate]) -> list[Finding]:
    """Built-in gates must be planned in the guide's order (the same day is fine)."""
    by_key = {gate.key: gate for gate in gates if gate.day is not None}
    found: list[Finding] = []
    latest_key: str | None = None
    for key in BUILT_IN_GATES:
        gate = by_key.get(key)
        if gate is None or gate.day is None:
            continue
        if latest_key is not None:
            earlier = by_key[latest_key]
            assert earlier.day is not None
            if gate.day < earlier.day:
                first = gate.task_ids[0] if gate.task_ids else None
                found.append(Finding(
                    "GATE_OUT_OF_ORDER", Severity.PROBLEM,
                    f"Sign-off gate “{gate.title}” is planned for {uk_date(gate.day)}, before "
                    f"“{earlier.title}” on {uk_date(earlier.day)}; the guide signs them in "
                    "that order.", gate.day, first, fix_date=earlier.day))
                continue
        latest_key = key
    return found


def _signed_too_soon(state: PlanState, gates: list[Gate]) -> list[Finding]:
    """A standing sign-off while a task its gate waits for is still open."""
    withdrawn = withdrawals(state)
    signed = {s.gate_key for s in signoffs(state) if s.id not in withdrawn}
    found: list[Finding] = []
    for gate in gates:
        if gate.key not in signed:
            continue
        for task_id in gate.task_ids:
            for before in state.predecessors_of(task_id):
                task = state.tasks.get(before)
                if task is None or not _open(task):
                    continue
                found.append(Finding(
                    "GATE_SIGNED_TOO_SOON", Severity.PROBLEM,
                    f"“{gate.title}” is signed, but “{task.title}”, which it waits for, is "
                    f"{task.status.label.lower()}.", state.schedule.dates[before].end,
                    before, gate.title))
    return found


def _lead_times(state: PlanState) -> list[Finding]:
    dates = state.schedule.dates
    keys = state.schedule.key_dates
    found: list[Finding] = []
    tagged: dict[str, list[Task]] = {}
    for task in state.tasks.values():
        for tag in task.tags:
            tagged.setdefault(tag, []).append(task)
    for rule in LEAD_TIMES:
        if rule.before_key is not None:
            target, name = keys[rule.before_key], rule.before_key.label
        else:
            targets = tagged.get(rule.before_tag, [])
            if not targets:
                continue
            first = min(targets, key=lambda t: dates[t.id].start)
            target, name = dates[first.id].start, f"“{first.title}”"
        for task in tagged.get(rule.tag, []):
            if not _open(task):
                continue
            placed = dates[task.id]
            if (target - placed.end).days >= rule.days:
                continue
            latest = target - timedelta(days=rule.days + task.duration_days - 1)
            fix = latest if state.calendar.is_working_day(latest) else \
                state.calendar.previous_working_day(latest)
            found.append(Finding(
                "LEAD_TIME_SHORT", Severity.WARNING,
                f"“{task.title}” is planned {plural((target - placed.end).days, 'day')} "
                f"before {name} ({uk_date(target)}), but {rule.what}; start it by "
                f"{uk_date(fix)}.", placed.start, task.id, fix_date=fix))
    return found


def _old_system(state: PlanState) -> list[Finding]:
    """Work that needs the old system must finish while read-only access lasts."""
    end = state.schedule.key_dates[KeyDate.READ_ONLY_END]
    found: list[Finding] = []
    for task in state.tasks.values():
        if "needs_old_system" not in task.tags or not _open(task):
            continue
        placed = state.schedule.dates[task.id]
        if placed.end <= end:
            continue
        fix = nearest_working_day(end - timedelta(days=task.duration_days - 1),
                                  state.calendar)
        if fix + timedelta(days=task.duration_days - 1) > end:
            fix = state.calendar.previous_working_day(fix)
        found.append(Finding(
            "NEEDS_OLD_SYSTEM_AFTER_END", Severity.PROBLEM,
            f"“{task.title}” needs the old system but runs to {uk_date(placed.end)}, after "
            f"read-only access ends on {uk_date(end)}.", placed.start, task.id,
            fix_date=fix))
    return found

"""Every action writes in one transaction and ends it: nothing is left open on the plan's
connection, where it would hold the file locked and be lost when the program closes."""

from __future__ import annotations

import contextlib
from datetime import timedelta
from pathlib import Path

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.domain.model import CalendarDayKind, TaskStatus
from cutover_desktop.services.plan_files import open_plan
from tests.conftest import TODAY


def test_no_action_leaves_a_transaction_open(plan_file: Path) -> None:
    plan = open_plan(plan_file, today=lambda: TODAY)
    connection = plan._repo.db
    first, second = plan.state.ordered_tasks()[:2]
    actions = [
        lambda: plan.set_go_live(plan.details.go_live + timedelta(days=7)),
        lambda: plan.set_status([first.id], TaskStatus.DONE),
        lambda: plan.undo(),
        lambda: plan.redo(),
        lambda: plan.set_calendar_day(plan.details.go_live - timedelta(days=30),
                                      CalendarDayKind.CLOSURE, "Staff training"),
        lambda: plan.add_dependency(first.id, second.id),
        lambda: plan.add_dependency(second.id, first.id),  # a loop: refused
        lambda: plan.delete_tasks([second.id]),
        lambda: plan.backup_now("manual"),
        lambda: plan.verify_audit_chain(),
        lambda: plan.integrity_problems(),
    ]
    try:
        for number, action in enumerate(actions):
            # A refusal changes nothing, and also leaves nothing open.
            with contextlib.suppress(CutoverError):
                action()
            assert not connection.in_transaction, f"action {number} left a transaction open"
        assert plan.verify_audit_chain().ok
    finally:
        plan.close()
    # What was written is there for the next opening.
    again = open_plan(plan_file, read_only=True, backup=False, today=lambda: TODAY)
    try:
        assert second.id not in again.state.tasks
    finally:
        again.close()

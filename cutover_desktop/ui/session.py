"""PlanSession: the open plan as every view sees it, and one broadcast when it changes."""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtGui import QGuiApplication

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.errors import CutoverError, EditDeclined
from cutover_desktop.domain.impact import impact_of
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.signoff import GateStatus, gates_an_edit_changes
from cutover_desktop.services.planner import PlanService

log = logging.getLogger(__name__)
# From this many tasks the plan just opened is kept out of the collector's full passes.
FREEZE_FROM_TASKS = 2000


def keep_plan_out_of_full_collections(task_count: int) -> None:
    """Tell Python's garbage collector that what is loaded now lives while the plan is open.

    Its full passes, which come every few edits, then no longer walk every task of a long
    plan (a tenth of a go-live move at 10,000 tasks). What an earlier plan left frozen is
    released and collected first, so a plan that was closed is still freed. Objects freed
    by their count of references (tasks, dates) are freed as ever.
    """
    if gc.get_freeze_count():
        gc.unfreeze()
        gc.collect()
    if task_count >= FREEZE_FROM_TASKS:
        gc.freeze()


class PlanSession(QObject):
    """Holds the PlanService of the open plan and tells views what changed.

    Signals:
        changed(Changes): an edit (or undo or redo) changed the plan; views refresh.
        touched(Impact): sent just after `changed`, for the same edit: who started it and
            which tasks and key dates it moved, so a view can redo only that part.
        plan_opened(): a different plan is now open; views reload everything.
        refused(str): an edit was refused with this plain-English message; nothing changed.
        task_selected(int, object): a view selected a task; the object is the view, so it
            can ignore its own echo.
        date_requested(object): a view asked to show a date (datetime.date).
    """

    changed = Signal(object)
    touched = Signal(object)
    plan_opened = Signal()
    refused = Signal(str)
    task_selected = Signal(int, object)
    date_requested = Signal(object)

    def __init__(self, service: PlanService, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._service = service
        # Asked before an edit changes what a signed gate covers; True goes on. Tests swap it.
        self.confirm_gate_change: Callable[[list[GateStatus]], bool] = _ask_before_gate_change
        service.set_edit_check(self._check_signed_gates)
        keep_plan_out_of_full_collections(len(service.state.tasks))

    @property
    def service(self) -> PlanService:
        return self._service

    def replace_service(self, service: PlanService) -> None:
        old = self._service
        self._service = service
        service.set_edit_check(self._check_signed_gates)
        try:
            if old is not service:
                old.close()
        finally:
            # The views follow the new plan even if closing the old one failed.
            del old
            self.plan_opened.emit()
            keep_plan_out_of_full_collections(len(service.state.tasks))

    def edit(self, action: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes | None:
        """Run a service action: announce what it changed, or report why it was refused."""
        try:
            changes = self.try_edit(action, *args, **kwargs)
        except EditDeclined:
            return None
        except CutoverError as exc:
            self.refused.emit(exc.message)
            return None
        return changes

    def try_edit(self, action: Callable[..., Changes], *args: Any, **kwargs: Any) -> Changes:
        """Like `edit`, but a refusal raises CutoverError so a dialog can show it in place."""
        return self._run(None, action, *args, **kwargs)

    def edit_from(self, source: object, action: Callable[..., Changes], *args: Any,
                  **kwargs: Any) -> Changes | None:
        """Like `edit`, naming the view that started it (it is told, in `touched`)."""
        try:
            return self._run(source, action, *args, **kwargs)
        except EditDeclined:
            return None
        except CutoverError as exc:
            self.refused.emit(exc.message)
            return None

    def _run(self, source: object, action: Callable[..., Changes], *args: Any,
             **kwargs: Any) -> Changes:
        before = self._service.state
        if self._service.backup_running:
            # The edit waits for the on-open backup (a big plan on a slow disk): say so.
            QGuiApplication.setOverrideCursor(Qt.CursorShape.WaitCursor)
            try:
                changes = action(*args, **kwargs)
            finally:
                QGuiApplication.restoreOverrideCursor()
        else:
            changes = action(*args, **kwargs)
        if changes:
            self.changed.emit(changes)
            self.touched.emit(impact_of(changes, before, self._service.state, source))
        return changes

    def _check_signed_gates(self, before: PlanState, after: PlanState) -> None:
        changed = gates_an_edit_changes(before, after, self._service.today())
        if changed and not self.confirm_gate_change(changed):
            raise EditDeclined("The edit was not made, so the signed gate still stands.")

    def select_task(self, task_id: int, source: object = None) -> None:
        self.task_selected.emit(task_id, source)


def _ask_before_gate_change(gates: list[GateStatus]) -> bool:
    # The question's module is loaded the first time it is asked, not at every start.
    from cutover_desktop.ui.gate_confirm import ask_before_gate_change

    return ask_before_gate_change(gates)

"""The services against a simple model: edits, undo, redo, close and reopen never disagree."""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.services.plan_files import create_plan, open_plan
from tests.conftest import TODAY, riverside

# Thousands of random edits (about 12 s): run by CI, left out of `-m "not slow"`.
pytestmark = pytest.mark.slow

# The model: go-live date and, per task id, (title, status, offset).
Model = tuple[date, dict[int, tuple[str, TaskStatus, int]]]


class PlanMachine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.folder = tempfile.TemporaryDirectory()
        self.path = Path(self.folder.name) / "machine.cutover"
        self.service = create_plan(self.path, riverside(), today=lambda: TODAY)
        self.model: Model = self._observe()
        self.done: list[Model] = []
        self.undone: list[Model] = []

    def _observe(self) -> Model:
        state = self.service.state
        return (state.details.go_live,
                {t.id: (t.title, t.status, t.offset) for t in state.tasks.values()})

    def _edited(self, new_model: Model) -> None:
        self.done.append(self.model)
        self.undone.clear()
        self.model = new_model

    def _task_ids(self) -> list[int]:
        return sorted(self.model[1])

    @rule(days=st.integers(-60, 60))
    def move_go_live(self, days: int) -> None:
        new_day = self.model[0] + timedelta(days=days)
        self.service.set_go_live(new_day)
        if days:
            self._edited((new_day, dict(self.model[1])))

    @rule(title=st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")),
                        min_size=1, max_size=20).filter(str.strip))
    def add_task(self, title: str) -> None:
        task = self.service.new_task(title, self.service.details.phases[0], offset=3)
        self.service.add_task(task)
        tasks = dict(self.model[1])
        tasks[task.id] = (task.title, TaskStatus.NOT_STARTED, 3)
        self._edited((self.model[0], tasks))

    @rule(pick=st.integers(0, 10_000), status=st.sampled_from(
        [TaskStatus.DONE, TaskStatus.IN_PROGRESS, TaskStatus.BLOCKED]))
    def set_status(self, pick: int, status: TaskStatus) -> None:
        ids = self._task_ids()
        task_id = ids[pick % len(ids)]
        self.service.set_status([task_id], status)
        title, old_status, offset = self.model[1][task_id]
        if old_status != status:
            tasks = dict(self.model[1])
            tasks[task_id] = (title, status, offset)
            self._edited((self.model[0], tasks))

    @rule(pick=st.integers(0, 10_000), days=st.integers(-10, 10).filter(bool))
    def move_task(self, pick: int, days: int) -> None:
        # A task pushed by one it waits for starts where that one ends, not at its offset.
        placed = self.service.schedule().dates
        ids = [i for i in self._task_ids() if not self.service.task(i).is_pinned
               and self.service.task(i).offset_unit.value == "days"
               and placed[i].pushed_by is None]
        task_id = ids[pick % len(ids)]
        try:
            self.service.move_task(task_id, days)
        except ValidationError:
            return  # refused (it would start before a task it waits for): nothing changed
        title, status, offset = self.model[1][task_id]
        tasks = dict(self.model[1])
        tasks[task_id] = (title, status, offset + days)
        self._edited((self.model[0], tasks))

    @precondition(lambda self: len(self.model[1]) > 1)
    @rule(pick=st.integers(0, 10_000))
    def delete_task(self, pick: int) -> None:
        ids = self._task_ids()
        task_id = ids[pick % len(ids)]
        self.service.delete_tasks([task_id])
        tasks = dict(self.model[1])
        del tasks[task_id]
        # Tasks that hung from it keep their dates but change their offsets: re-observe them.
        observed = self._observe()[1]
        for other in tasks:
            tasks[other] = observed[other]
        self._edited((self.model[0], tasks))

    @rule()
    def undo(self) -> None:
        self.service.undo()
        if self.done:
            self.undone.append(self.model)
            self.model = self.done.pop()

    @rule()
    def redo(self) -> None:
        self.service.redo()
        if self.undone:
            self.done.append(self.model)
            self.model = self.undone.pop()

    @rule()
    def close_and_reopen(self) -> None:
        self.service.close()
        self.service = open_plan(self.path, today=lambda: TODAY, backup=False)
        # Opening is not an edit: there is nothing to undo or redo afterwards.
        self.done.clear()
        self.undone.clear()

    @invariant()
    def service_matches_model(self) -> None:
        assert self._observe() == self.model
        status = self.service.undo_status()
        assert (status.undo_label is not None) == bool(self.done)
        assert (status.redo_label is not None) == bool(self.undone)

    def teardown(self) -> None:
        self.service.close()
        self.folder.cleanup()


PlanMachine.TestCase.settings = settings(max_examples=20, stateful_step_count=25,
                                         deadline=None)
TestPlanMachine = PlanMachine.TestCase

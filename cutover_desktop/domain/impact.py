"""What an edit touched: the tasks it changed or moved, the key dates that moved, the kinds of
record written, and who started it. Views use it to redo only what they must."""

from __future__ import annotations

from dataclasses import dataclass

from cutover_desktop.domain.changes import Changes
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.plan import PlanState


@dataclass(frozen=True)
class Impact:
    """One edit as views need to hear of it.

    Attributes:
        changes: the records written (the edit itself, as undo and the audit trail see it).
        source: the view that started the edit, so it can skip its own echo; None when
            not known (a menu, undo, a dialog).
        task_ids: tasks added, removed, edited, or placed on other days by the scheduler.
        key_dates: key dates that moved.
    """

    changes: Changes
    source: object | None
    task_ids: frozenset[TaskId]
    key_dates: frozenset[KeyDate]

    @property
    def kinds(self) -> frozenset[str]:
        return self.changes.kinds

    @property
    def moves_anything(self) -> bool:
        """True when a task or a key date is on other days (or gone, or new)."""
        return bool(self.task_ids or self.key_dates)


def impact_of(changes: Changes, before: PlanState, after: PlanState,
              source: object | None = None) -> Impact:
    """Compare the schedules either side of an edit: one pass over the tasks."""
    old, new = before.schedule, after.schedule
    touched = set(changes.task_ids)
    if old is not new:
        old_dates, new_dates = old.dates, new.dates
        was = old_dates.get
        touched.update([task_id for task_id, placed in new_dates.items() if was(task_id) != placed])
        touched.update(old_dates.keys() - new_dates.keys())
    moved = frozenset(key for key, day in new.key_dates.items()
                      if old.key_dates.get(key) != day)
    return Impact(changes, source, frozenset(touched), moved)

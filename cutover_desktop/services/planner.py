"""PlanService: every user action on a plan as one method, one transaction and one undo step."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterable
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

from cutover_desktop.domain.audit import ChainCheck
from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.errors import CutoverError, ValidationError
from cutover_desktop.domain.features import task_cleanup
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate, KeyDateRules
from cutover_desktop.domain.model import (
    Anchor,
    CalendarDay,
    CalendarDayKind,
    Dependency,
    OffsetUnit,
    PlanDetails,
    Task,
    TaskStatus,
)
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.scheduling import Schedule
from cutover_desktop.domain.warnings import Finding, earliest_go_live, has_started
from cutover_desktop.services import bank_holiday_store
from cutover_desktop.services.undo import UndoHistory, UndoStatus
from cutover_desktop.storage.backups import (
    Backup,
    remove_backups,
    write_backup_through_own_connection,
)
from cutover_desktop.storage.lock import PlanLock
from cutover_desktop.storage.repository import PlanRepository

if TYPE_CHECKING:
    # The audit trail's reader and the go-live search are loaded when first asked for.
    from cutover_desktop.domain.suggestions import GoLiveSuggestion
    from cutover_desktop.services.audit import AuditReader

EARLIEST_GO_LIVE = date(2000, 1, 1)
LATEST_GO_LIVE = date(2099, 12, 31)
NO_CHANGE = Changes("")
log = logging.getLogger(__name__)


class _BackupElsewhere:
    """The on-open backup, handed to another thread. Nothing is written to the plan
    meanwhile: the first edit waits for it.

    Whoever begins it first takes it: the thread, or the window's own thread when it needs
    the backup before that thread has begun (an edit), so nothing ever waits on work that
    has not started.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self.asked_at = datetime.now()
        self.finished = threading.Event()
        self.made: Backup | None = None
        self._begun = False
        self._beginning = threading.Lock()

    def _begin(self) -> bool:
        with self._beginning:
            begun, self._begun = self._begun, True
        return not begun

    def run(self) -> None:
        """Take the backup, unless it is being (or was) taken elsewhere."""
        if not self._begin():
            return
        try:
            self.made = write_backup_through_own_connection(self.path, "on-open")
        except CutoverError as exc:  # take_pending_backup tries again and says why
            log.info("the on-open backup was not made: %s", exc.message)
        except Exception:  # a bug: logged; take_pending_backup tries again
            log.exception("the on-open backup failed")
        finally:
            self.finished.set()

    def result(self) -> Backup | None:
        """The backup, taken here if no thread has begun it; None if it could not be made."""
        self.run()
        self.finished.wait()
        return self.made

    def cancel(self) -> None:
        """Not wanted after all (the plan is closing unchanged): wait only if it has begun."""
        if not self._begin():
            self.finished.wait()


def load_state(repository: PlanRepository) -> PlanState:
    """Everything a plan file holds, as one immutable state."""
    return PlanState(
        repository.load_details(),
        {task.id: task for task in repository.load_tasks()},
        tuple(repository.load_dependencies()),
        {day.day: day for day in repository.load_calendar_days()},
        repository.load_tables(),
    )


class PlanService:
    """The plan a window or command works on.

    Reading is from an in-memory `PlanState`; each action checks the new state in full
    (a loop of tasks is refused before anything is written), writes it in one transaction
    with its audit entries, and only then replaces the state and records the undo step.
    """

    def __init__(
        self,
        repository: PlanRepository,
        path: Path | None = None,
        today: Callable[[], date] = date.today,
        lock: PlanLock | None = None,
        notices: Iterable[str] = (),
    ) -> None:
        self._repo = repository
        self.path = path
        self._today = today
        self._lock = lock
        # Plain sentences the window shows on opening: read-only because someone else has
        # it open, a network drive, and so on.
        self.notices: list[str] = list(notices)
        self.last_backup_at: datetime | None = None
        # The on-open backup when the window takes it after showing the plan: it is taken
        # at the latest just before the first edit is written.
        self.backup_pending = False
        self._backup_elsewhere: _BackupElsewhere | None = None
        self._history = UndoHistory()
        # Asked before each edit is written, with the plan before and after; it raises
        # EditDeclined to stop it (the window asks before a signed gate changes).
        self._edit_check: Callable[[PlanState, PlanState], None] | None = None
        bank_holiday_store.recall()
        self._state = load_state(repository)
        # The go-live dates last suggested: (for this state, on this day, asked for how many).
        self._suggested: tuple[PlanState, date, int, list[GoLiveSuggestion]] | None = None

    # Reading

    @property
    def state(self) -> PlanState:
        return self._state

    @property
    def details(self) -> PlanDetails:
        return self._state.details

    @property
    def read_only(self) -> bool:
        return self._repo.read_only

    def schedule(self) -> Schedule:
        placed = self._state.schedule
        # Bank holidays the plan needed and no earlier run had worked out are kept for the
        # next start (a set look-up when there are none).
        bank_holiday_store.keep_new()
        return placed

    def task(self, task_id: TaskId) -> Task:
        try:
            return self._state.tasks[task_id]
        except KeyError:
            raise ValidationError("That task is no longer in the plan.") from None

    def today(self) -> date:
        return self._today()

    def findings(self) -> list[Finding]:
        # A go-live too close to plan for offers the first suggested date as its fix.
        return [self._with_go_live_fix(f) if f.code == "GO_LIVE_TOO_CLOSE" else f
                for f in self._state.findings(self._today())]

    def _with_go_live_fix(self, finding: Finding) -> Finding:
        later = self.suggested_go_live(1)
        return replace(finding, fix_date=later[0].day) if later else finding

    def undo_status(self) -> UndoStatus:
        return self._history.status()

    def verify_audit_chain(self) -> ChainCheck:
        return self._repo.verify_audit_chain()

    def integrity_problems(self) -> list[str]:
        return self._repo.integrity_problems()

    def schema_version(self) -> int:
        return self._repo.schema_version()

    def close(self) -> None:
        if self._backup_elsewhere is not None:
            # Unchanged, the plan needs no backup; one being copied finishes first, and the
            # plan stays locked until then.
            self._backup_elsewhere.cancel()
        try:
            self._repo.close()
        finally:
            if self._lock is not None:
                self._lock.release()
        bank_holiday_store.keep_new()

    def backup_now(self, reason: str) -> Backup | None:
        """Back up the plan file (a no-op for a plan in memory). A routine backup of a plan
        its newest backup already holds returns that backup (storage/backups.py)."""
        if self.path is None:
            return None
        asked = datetime.now()
        made = self._repo.backup(self.path, reason)
        self.last_backup_at = max(made.taken_at, asked)  # the plan as it is now is kept
        return made

    def pending_backup_work(self) -> Callable[[], None] | None:
        """The put-off on-open backup as work for another thread (None when there is none),
        so that copying a big plan does not hold up the window. `take_pending_backup`, which
        the first edit calls, waits for the work and says if it failed."""
        if not self.backup_pending or self.path is None or self._backup_elsewhere is not None:
            return None
        self._backup_elsewhere = _BackupElsewhere(self.path)
        return self._backup_elsewhere.run

    def take_pending_backup(self) -> Backup | None:
        """The on-open backup, if it was put off and not yet taken: waited for when another
        thread is taking it, and taken here when that failed or was never started."""
        if not self.backup_pending:
            return None
        elsewhere, self._backup_elsewhere = self._backup_elsewhere, None
        if elsewhere is not None:
            made = elsewhere.result()
            if made is not None:
                self.backup_pending = False
                self.last_backup_at = max(made.taken_at, elsewhere.asked_at)
                return made
        made = self.backup_now("on-open")  # raises, and stays pending, if it cannot be made
        self.backup_pending = False
        return made

    @property
    def backup_running(self) -> bool:
        """Whether the on-open backup is being copied on another thread now."""
        elsewhere = self._backup_elsewhere
        return elsewhere is not None and not elsewhere.finished.is_set()

    def backup_if_due(self, now: datetime, every: timedelta = timedelta(days=1)) -> Backup | None:
        """The daily backup while a plan stays open (not while the on-open one is pending)."""
        if self.read_only or self.path is None or self.backup_pending:
            return None
        if self.last_backup_at is not None and now - self.last_backup_at < every:
            return None
        asked = datetime.now()
        made = self.backup_now("daily")
        # None when the newest backup already held the plan: nothing new to tell.
        return made if made is not None and made.taken_at >= asked else None

    def copy_to(self, target: Path) -> None:
        """Write a consistent copy of the plan, as it is now, to another file."""
        self._repo.copy_to(str(target))

    # Writing: the one path every edit takes

    def _commit(self, changes: Changes, *, record: bool = True) -> Changes:
        if not changes:
            return changes
        new_state = self._state.with_changes(changes.items)
        # Placing every task must succeed before writing; a loop is refused (CycleError).
        new_state.schedule  # noqa: B018
        if record and self._edit_check is not None:
            self._edit_check(self._state, new_state)
        self.take_pending_backup()
        with self._repo.transaction():
            self._repo.apply(changes)
        self._state = new_state
        if record:
            self._history.record(changes)
        return changes

    def set_edit_check(self, check: Callable[[PlanState, PlanState], None] | None) -> None:
        """Run `check(before, after)` before each edit (not undo or redo) is written."""
        self._edit_check = check

    def apply(self, changes: Changes) -> Changes:
        """Apply an edit built by a feature's service: checked against the whole plan, written
        in one transaction with its audit entries, and recorded as one undo step."""
        return self._commit(changes)

    def set_up(self, changes: Changes) -> Changes:
        """Apply changes that are part of making a plan file, not a user's edit: not undoable."""
        return self._commit(changes, record=False)

    def purge(self, changes: Changes, note: str) -> Changes:
        """Remove values that must leave no trace in the file (recorded NHS numbers).

        Written in one transaction with its audit entries (which hold only masked forms), not
        undoable: the whole undo history is dropped so no step can bring the values back, and
        `undo_status().undo_note` gives `note` as the reason. Then the file is compacted so
        the values are gone from its bytes.
        """
        result = self._commit(changes, record=False)
        if result:
            self._history.record_irreversible(result, note)
            self._repo.compact()
            if self.path is not None:
                # Every older backup may hold the values: replace them all with one made now.
                remove_backups(self.path)
                self.backup_now("after-purge")
        return result

    def apply_irreversible(self, changes: Changes, note: str) -> Changes:
        """Apply an edit that cannot be undone (signing, withdrawing a sign-off).

        Written like any edit, but undo stops at it: the history before it is dropped, so no
        undo or redo can reach past it, and `undo_status().undo_note` gives `note` as the
        reason there is nothing to undo.
        """
        result = self._commit(changes, record=False)
        if result:
            self._history.record_irreversible(result, note)
        return result

    def audit_head(self) -> tuple[int, str]:
        """The id and hash of the audit chain's newest entry."""
        return self._repo.audit_head()

    @property
    def audit_trail(self) -> AuditReader:
        """Read the audit trail: filtered lists of entries, one entry in full."""
        from cutover_desktop.services.audit import AuditReader
        from cutover_desktop.storage.audit import AuditTrail

        return AuditReader(AuditTrail(self._repo.db))

    def undo(self) -> Changes:
        changes = self._history.next_undo()
        if changes is None:
            return NO_CHANGE
        result = self._commit(changes.inverse(f"Undo {changes.label}"), record=False)
        self._history.mark_undone()
        return result

    def redo(self) -> Changes:
        changes = self._history.next_redo()
        if changes is None:
            return NO_CHANGE
        result = self._commit(Changes(f"Redo {changes.label}", changes.items), record=False)
        self._history.mark_redone()
        return result

    # Plan and key dates

    def set_go_live(self, day: date) -> Changes:
        """Move Business Go Live; every task anchored to a key date moves with it."""
        if not EARLIEST_GO_LIVE <= day <= LATEST_GO_LIVE:
            raise ValidationError("Choose a go-live date between 2000 and 2099.", "go_live")
        old = self.details
        if day == old.go_live:
            return NO_CHANGE
        new = replace(old, go_live=day, go_live_confirmed_on=None)
        return self._commit(Changes(f"Move go-live to {uk_date(day)}",
                                    (EntityChange(old, new),)))

    def suggested_go_live(self, count: int = 3) -> list[GoLiveSuggestion]:
        """Go-live dates that break no key-date rule, nearest first; none before today,
        and none closer than the guide's 12 weeks while nothing in the plan has started.
        Searched once for a plan as it stands (the findings, the Key dates tab and `show`
        all ask)."""
        state, today = self._state, self._today()
        cached = self._suggested
        if cached is not None and cached[0] is state and cached[1] == today and count <= cached[2]:
            return cached[3][:count]
        earliest = earliest_go_live(today, has_started(state.tasks.values()))
        asked = max(count, 3)
        from cutover_desktop.domain.suggestions import suggest_go_live

        found = suggest_go_live(state.details, state.calendar, asked, earliest)
        self._suggested = (state, today, asked, found)
        return found[:count]

    def apply_fix(self, finding: Finding) -> Changes:
        """Apply the date a finding offers: a task's new start, or a new go-live date."""
        if finding.fix_date is None:
            raise ValidationError("That finding has no date to apply.")
        if finding.task_id is None:
            return self.set_go_live(finding.fix_date)
        task = self.task(finding.task_id)
        if task.is_pinned:
            return self.pin_task(task.id, finding.fix_date)
        start = self.schedule().dates[task.id].start
        return self.move_task(task.id, (finding.fix_date - start).days)

    def set_key_date_rules(self, rules: KeyDateRules) -> Changes:
        rules.validate()
        old = self.details
        if rules == old.rules:
            return NO_CHANGE
        return self._commit(Changes("Change key-date rules",
                                    (EntityChange(old, replace(old, rules=rules)),)))

    def confirm_go_live(self, on: date) -> Changes:
        """Record that the new supplier re-confirmed the go-live date on a day."""
        if on > self._today():
            raise ValidationError("The confirmation date cannot be in the future.",
                                  "go_live_confirmed_on")
        old = self.details
        return self._commit(Changes("Record go-live re-confirmed",
                                    (EntityChange(old, replace(old, go_live_confirmed_on=on)),)))

    def update_details(
        self,
        *,
        practice_name: str | None = None,
        ods_code: str | None = None,
        old_supplier: str | None = None,
        new_supplier: str | None = None,
        sites: Iterable[str] | None = None,
    ) -> Changes:
        old = self.details
        new = replace(
            old,
            practice_name=old.practice_name if practice_name is None else practice_name.strip(),
            ods_code=old.ods_code if ods_code is None else ods_code.strip().upper(),
            old_supplier=old.old_supplier if old_supplier is None else old_supplier.strip(),
            new_supplier=old.new_supplier if new_supplier is None else new_supplier.strip(),
            sites=old.sites if sites is None else tuple(s.strip() for s in sites if s.strip()),
        )
        new.validate()
        if new == old:
            return NO_CHANGE
        return self._commit(Changes("Change practice details", (EntityChange(old, new),)))

    def set_calendar_day(self, day: date, kind: CalendarDayKind | None, note: str = "") -> Changes:
        """Mark a day as a closure or an extra working day, or (kind None) clear the mark."""
        old = self._state.calendar_days.get(day)
        new = CalendarDay(day, kind, note.strip()) if kind is not None else None
        if old == new:
            return NO_CHANGE
        label = (f"Clear {uk_date(day)} in the calendar" if new is None
                 else f"Mark {uk_date(day)} as {kind.label.lower() if kind else ''}")
        return self._commit(Changes(label, (EntityChange(old, new),)))

    # Tasks

    def new_task(self, title: str, phase: str, anchor: Anchor | None = None,
                 offset: int = 0, **fields: object) -> Task:
        """A task ready to add (not yet in the plan), with the next free id."""
        next_id = max(self._state.tasks, default=0) + 1
        position = max((t.position for t in self._state.tasks.values()), default=0) + 1
        return Task(id=TaskId(next_id), title=title.strip(), phase=phase,
                    anchor=anchor or Anchor.key(KeyDate.BGL), offset=offset,
                    position=position, **fields)  # type: ignore[arg-type]

    def _check_task(self, task: Task) -> None:
        task.validate()
        if task.phase not in self.details.phases:
            raise ValidationError(f"“{task.phase}” is not a phase of this plan.", "phase")
        anchor_task = task.anchor.task_id
        if anchor_task is not None and anchor_task not in self._state.tasks:
            raise ValidationError("The task it hangs from is no longer in the plan.", "anchor")

    def add_task(self, task: Task, predecessors: Iterable[TaskId] = ()) -> Changes:
        if task.id in self._state.tasks:
            raise ValidationError("A task with that number is already in the plan.")
        return self.edit_task(task, predecessors)

    def update_task(self, task: Task) -> Changes:
        self.task(task.id)
        return self.edit_task(task)

    def delete_tasks(self, task_ids: Iterable[TaskId]) -> Changes:
        """Delete tasks with their dependencies; tasks hanging from them keep their dates."""
        doomed = {task_id for task_id in task_ids if task_id in self._state.tasks}
        if not doomed:
            return NO_CHANGE
        dates = self.schedule().dates
        items: list[EntityChange] = []
        for task in self._state.tasks.values():
            if task.id not in doomed and task.anchor.task_id in doomed:
                rehung = self._placed_on(replace(task, anchor=Anchor.key(KeyDate.BGL)),
                                         dates[task.id].start)
                items.append(EntityChange(task, rehung))
        for dep in self._state.dependencies:
            if dep.predecessor in doomed or dep.successor in doomed:
                items.append(EntityChange(dep, None))
        # Feature rows that point at the tasks (assignments) go first, in the same step.
        items += task_cleanup(self._state, frozenset(doomed))
        # A task goes before the one it hangs from, so no row ever points at a deleted one
        # (and undo, which runs backwards, puts the anchor back first).
        for task_id in sorted(doomed, key=lambda t: (-self._anchor_depth(t, doomed), t)):
            items.append(EntityChange(self._state.tasks[task_id], None))
        label = (f"Delete task “{self._state.tasks[next(iter(doomed))].title}”"
                 if len(doomed) == 1 else f"Delete {plural(len(doomed), 'task')}")
        return self._commit(Changes(label, tuple(items)))

    def _anchor_depth(self, task_id: TaskId, among: set[TaskId]) -> int:
        depth = 0
        anchor = self._state.tasks[task_id].anchor.task_id
        while anchor in among:
            depth += 1
            anchor = self._state.tasks[anchor].anchor.task_id
        return depth

    def move_task(self, task_id: TaskId, days: int) -> Changes:
        """Move a task by whole days from where it is now.

        Its offset changes (or its pinned date, if pinned), never a copied date. A task
        cannot be moved to start before a task it waits for finishes.
        """
        task = self.task(task_id)
        if days == 0:
            return NO_CHANGE
        if task.pinned_date is not None:
            moved = replace(task, pinned_date=task.pinned_date + timedelta(days=days))
        else:
            dates = self.schedule().dates
            target = dates[task_id].start + timedelta(days=days)
            waits_for = [p for p in self._state.predecessors_of(task_id) if p in dates]
            blocker = max(waits_for, key=lambda p: dates[p].end, default=None)
            if blocker is not None and target < dates[blocker].end:
                raise ValidationError(
                    f"“{task.title}” waits for “{self.task(blocker).title}”, which finishes on "
                    f"{uk_date(dates[blocker].end)}; it cannot start before then.")
            moved = replace(task, offset=self._offset_to(task, target))
            if moved.offset == task.offset:
                return NO_CHANGE
        moved.validate()
        word = "later" if days > 0 else "earlier"
        return self._commit(Changes(f"Move “{task.title}” {plural(abs(days), 'day')} {word}",
                                    (EntityChange(task, moved),)))

    def _offset_to(self, task: Task, target: date) -> int:
        """The offset, in the task's own unit, that starts it on (or just before) a day."""
        reference = self._reference_day(task)
        if task.offset_unit is not OffsetUnit.WORKING_DAYS:
            return (target - reference).days
        return self._state.calendar.working_day_offset(reference, target)

    def pin_task(self, task_id: TaskId, day: date | None) -> Changes:
        """Pin a task to a fixed date (keeping its anchor as a reference), or unpin it."""
        task = self.task(task_id)
        if day is None:
            if task.pinned_date is None:
                return NO_CHANGE
            placed = self.schedule().dates[task_id].start
            unpinned = replace(self._placed_on(task, placed), pinned_date=None)
            return self._commit(Changes(f"Unpin “{task.title}”",
                                        (EntityChange(task, unpinned),)))
        pinned = replace(self._placed_on(task, day), pinned_date=day)
        return self._commit(Changes(f"Pin “{task.title}” to {uk_date(day)}",
                                    (EntityChange(task, pinned),)))

    def _placed_on(self, task: Task, day: date) -> Task:
        """The task with the offset that starts it on a day, in its own unit; a working-day
        task put on a closed day takes calendar days, the only unit that can hold it there."""
        if (task.offset_unit is OffsetUnit.WORKING_DAYS
                and not self._state.calendar.is_working_day(day)):
            task = replace(task, offset_unit=OffsetUnit.CALENDAR_DAYS)
        return replace(task, offset=self._offset_to(task, day))

    def _reference_day(self, task: Task) -> date:
        schedule = self.schedule()
        if task.anchor.key_date is not None:
            return schedule.key_dates[task.anchor.key_date]
        assert task.anchor.task_id is not None
        return schedule.dates[task.anchor.task_id].end

    def set_status(self, task_ids: Iterable[TaskId], status: TaskStatus,
                   reason: str = "") -> Changes:
        """Change the status of one or more tasks in one step."""
        if status is TaskStatus.SKIPPED and not reason.strip():
            raise ValidationError("Say why the task is skipped.", "skip_reason")
        items = []
        for task_id in task_ids:
            task = self.task(task_id)
            new = replace(task, status=status,
                          skip_reason=reason.strip() if status is TaskStatus.SKIPPED else "")
            if new != task:
                items.append(EntityChange(task, new))
        if not items:
            return NO_CHANGE
        first = items[0].entity
        assert isinstance(first, Task)
        label = (f"Mark “{first.title}” {status.label.lower()}" if len(items) == 1
                 else f"Mark {plural(len(items), 'task')} {status.label.lower()}")
        return self._commit(Changes(label, tuple(items)))

    def add_dependency(self, predecessor: TaskId, successor: TaskId) -> Changes:
        first, then = self.task(predecessor), self.task(successor)
        if predecessor == successor:
            raise ValidationError("A task cannot wait for itself.", "dependencies")
        dep = Dependency(predecessor, successor)
        if dep in self._state.dependencies:
            return NO_CHANGE
        return self._commit(Changes(f"Make “{then.title}” wait for “{first.title}”",
                                    (EntityChange(None, dep),)))

    def remove_dependency(self, predecessor: TaskId, successor: TaskId) -> Changes:
        dep = Dependency(predecessor, successor)
        if dep not in self._state.dependencies:
            return NO_CHANGE
        return self._commit(Changes(
            f"Stop “{self.task(successor).title}” waiting for “{self.task(predecessor).title}”",
            (EntityChange(dep, None),)))

    def edit_task(self, task: Task, predecessors: Iterable[TaskId] | None = None,
                  also: Iterable[EntityChange] = ()) -> Changes:
        """Save a task and, optionally, what it waits for (and `also` other changes that go
        with it, such as its people), as one undo step."""
        old = self._state.tasks.get(task.id)
        self._check_task(task)
        items: list[EntityChange] = []
        if old != task:
            items.append(EntityChange(old, task))
        if predecessors is not None:
            wanted = {Dependency(TaskId(p), task.id) for p in predecessors}
            for dep in wanted:
                if dep.predecessor == task.id:
                    raise ValidationError("A task cannot wait for itself.", "dependencies")
                self.task(dep.predecessor)
            current = {d for d in self._state.dependencies if d.successor == task.id}
            items += [EntityChange(d, None) for d in sorted(current - wanted, key=str)]
            items += [EntityChange(None, d) for d in sorted(wanted - current, key=str)]
        items += list(also)
        verb = "Add" if old is None else "Edit"
        return self._commit(Changes(f"{verb} task “{task.title}”", tuple(items)))

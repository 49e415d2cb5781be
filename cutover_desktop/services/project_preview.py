"""What an MS Project file would bring into a plan, worked out before anything changes:
its tasks and phases, the milestone its dates are measured from, and what cannot come over."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from cutover_desktop.domain.calendar import is_bank_holiday
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.reports.mspdi import KEY_DATE_PREFIX
from cutover_desktop.reports.mspdi_read import (
    FINISH_TO_START,
    ProjectFile,
    ProjectTask,
    parse_mspdi,
)
from cutover_desktop.services.import_files import read_chosen_file

MAX_TASKS = 20_000
LOOSE_PHASE = "Tasks from MS Project"
# Constraint codes whose date a plan keeps: as soon as possible, must start on, start no
# earlier than. The others (finish by, as late as possible…) have no place in a plan.
KEPT_CONSTRAINTS = {0, 2, 4}
_GO_LIVE_NAMES = {"business go live", "bgl", "go live", "business go live (bgl)",
                  "go live (bgl)"}


@dataclass(frozen=True)
class Milestone:
    uid: int
    name: str
    day: date


@dataclass(frozen=True)
class ProjectPreview:
    """An MS Project file read and sorted out; nothing in any plan has changed yet.

    `anchor` is the milestone the file's dates are measured from (it stands for Business Go
    Live); with none, every task keeps its date, pinned.
    """

    source: str
    project: ProjectFile
    tasks: tuple[ProjectTask, ...]
    phase_of: dict[int, str]
    phases: tuple[str, ...]
    links: tuple[tuple[int, int], ...]
    milestones: tuple[Milestone, ...]
    anchor: Milestone | None
    lost: tuple[str, ...]

    def with_anchor(self, uid: int | None) -> ProjectPreview:
        """The same preview measured from another milestone (None: keep the dates)."""
        if uid is None:
            return replace(self, anchor=None)
        for milestone in self.milestones:
            if milestone.uid == uid:
                return replace(self, anchor=milestone)
        raise ValidationError(f"{self.source} has no milestone numbered {uid}.")

    def summary(self) -> str:
        """'77 tasks in 11 phases, 12 links; dates measured from …'."""
        what = (f"{plural(len(self.tasks), 'task')} in {plural(len(self.phases), 'phase')}, "
                f"{plural(len(self.links), 'finish-to-start link')}")
        if self.anchor is None:
            return (f"{what}. No milestone is taken as Business Go Live, so every task keeps "
                    "its date from the file and is pinned to it.")
        return (f"{what}. Dates are measured from “{self.anchor.name}” "
                f"({uk_date(self.anchor.day)}), which stands for Business Go Live: the tasks "
                "move when go-live moves.")


def read_project(path: Path) -> ProjectFile:
    """Read an MSPDI file from disk, refusing anything too large or unsafe to read."""
    name = path.name
    data = read_chosen_file(path, "was not read: it is larger than 20 MB, far more than a "
                                  "migration plan needs")
    project = parse_mspdi(data, name)
    if len(project.tasks) > MAX_TASKS:
        raise ValidationError(f"{name} has more than {MAX_TASKS:,} tasks; split it up.")
    return project


def preview_project(path: Path) -> ProjectPreview:
    """Read the file and sort out what it would bring in, choosing Business Go Live by name."""
    return build_preview(read_project(path), path.name)


def _is_key_date(task: ProjectTask) -> bool:
    return task.milestone and task.name.startswith(KEY_DATE_PREFIX)


def _go_live_first(milestone: Milestone) -> int:
    name = milestone.name.casefold().replace("-", " ")
    if name == (KEY_DATE_PREFIX + KeyDate.BGL.label).casefold():
        return 0
    if name in _GO_LIVE_NAMES:
        return 1
    return 2


def build_preview(project: ProjectFile, source: str) -> ProjectPreview:
    lost: list[str] = []
    kept: list[ProjectTask] = []
    phase_of: dict[int, str] = {}
    phases: list[str] = []
    milestones: list[Milestone] = []
    summaries: dict[int, str] = {}
    stack: list[tuple[int, str]] = []  # open summary tasks: (outline level, name)
    undated: list[str] = []
    for task in project.tasks:
        if task.outline_level <= 0 or task.uid == 0:
            continue  # the project's own summary line
        while stack and stack[-1][0] >= task.outline_level:
            stack.pop()
        if task.summary:
            stack.append((task.outline_level, task.name or "Unnamed phase"))
            summaries[task.uid] = task.name
            continue
        if task.start is None:
            undated.append(task.name)
            continue
        if task.milestone:
            milestones.append(Milestone(task.uid, task.name, task.start.date()))
        if _is_key_date(task):
            continue  # the plan works its key dates out itself
        phase = stack[-1][1] if stack else LOOSE_PHASE
        phase_of[task.uid] = phase
        if phase not in phases:
            phases.append(phase)
        kept.append(task)
    if not kept:
        raise ValidationError(f"{source} has no tasks with dates to import.")
    if undated:
        lost.append(f"{plural(len(undated), 'task')} with no start date, such as "
                    f"“{undated[0]}”, cannot be placed and are left out.")
    links = _links(kept, summaries, lost)
    _note_rest(project, kept, lost)
    ordered = sorted(milestones, key=_go_live_first)
    anchor = ordered[0] if ordered and _go_live_first(ordered[0]) < 2 else None
    return ProjectPreview(source, project, tuple(kept), phase_of, tuple(phases), links,
                          tuple(milestones), anchor, tuple(lost))


def _links(kept: list[ProjectTask], summaries: dict[int, str],
           lost: list[str]) -> tuple[tuple[int, int], ...]:
    uids = {task.uid for task in kept}
    found: list[tuple[int, int]] = []
    other_kinds: Counter[str] = Counter()
    to_summaries = 0
    for task in kept:
        for link in task.links:
            if link.predecessor_uid in summaries:
                to_summaries += 1
            elif link.kind != FINISH_TO_START:
                other_kinds[link.kind] += 1
            elif link.predecessor_uid in uids and link.predecessor_uid != task.uid:
                found.append((link.predecessor_uid, task.uid))
    for kind, count in sorted(other_kinds.items()):
        lost.append(f"{plural(count, kind + ' link')}: a plan's tasks wait only for others to "
                    "finish, so these links are left out (the dates are kept).")
    if to_summaries:
        lost.append(f"{plural(to_summaries, 'link')} to summary tasks: phases cannot be "
                    "waited for, so these links are left out.")
    return tuple(dict.fromkeys(found))


def _note_rest(project: ProjectFile, kept: list[ProjectTask], lost: list[str]) -> None:
    constrained = [t for t in kept if t.constraint_type not in KEPT_CONSTRAINTS]
    if constrained:
        lost.append(f"{plural(len(constrained), 'date constraint')} (such as “finish no later "
                    "than”) on tasks such as “" + constrained[0].name + "”: each task keeps "
                    "its dates, not the constraint.")
    costed = sum(1 for r in project.resources if r.has_cost)
    task_costs = sum(1 for t in kept if t.cost > 0)
    if costed or task_costs:
        parts = [f"{plural(costed, 'resource')} with rates" if costed else "",
                 f"{plural(task_costs, 'task')} with costs" if task_costs else ""]
        lost.append(f"Costs ({', '.join(p for p in parts if p)}): a plan holds no money.")
    if project.resources:
        lost.append(f"{plural(len(project.resources), 'resource')} and "
                    f"{plural(len(project.assignments), 'assignment')}: add the people on the "
                    "Staff tab and assign them there.")
    own_days = [day for day in project.calendar_exceptions if not is_bank_holiday(day)]
    if own_days:
        lost.append(f"{plural(len(own_days), 'calendar exception')} other than bank holidays "
                    "(closures or extra working days): the plan keeps its own calendar; add "
                    "them to it if they apply.")
    long_titles = sum(1 for t in kept if len(t.name) > 300)
    if long_titles:
        lost.append(f"{plural(long_titles, 'task name')} longer than 300 characters, "
                    "shortened (the full name goes into the notes).")

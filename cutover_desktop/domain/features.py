"""Findings from every feature, gathered for the dashboard and `show`.

Each feature's domain module registers a function (PlanState, today) -> list[Finding]; this
module imports those modules so they are always registered. A feature whose findings come
only from its own entities is imported only for a plan that has some (FEATURE_MODULES_IF_USED).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

from cutover_desktop.domain import register_kinds

if TYPE_CHECKING:
    from cutover_desktop.domain.changes import EntityChange
    from cutover_desktop.domain.ids import TaskId
    from cutover_desktop.domain.plan import PlanState
    from cutover_desktop.domain.warnings import Finding

FindingSource = Callable[["PlanState", date], list["Finding"]]
_SOURCES: list[FindingSource] = []

# Each feature adds its domain module's dotted name here.
FEATURE_MODULES: tuple[str, ...] = (
    "cutover_desktop.domain.staff_rules",
    "cutover_desktop.domain.signoff",
    "cutover_desktop.domain.guide_rules",
)

# Features that find nothing, and delete nothing with a task, in a plan with none of their
# entities: loaded for a plan that has some (a plan with no register entries then never loads
# the registers, about 12 ms of a start). Each maps its module to its entity kinds.
FEATURE_MODULES_IF_USED: dict[str, tuple[str, ...]] = {
    "cutover_desktop.domain.registers": register_kinds.KINDS,
}


def _load_features(state: PlanState) -> None:
    for name in FEATURE_MODULES:
        importlib.import_module(name)
    for name, kinds in FEATURE_MODULES_IF_USED.items():
        if any(state.table(kind) for kind in kinds):
            importlib.import_module(name)


def register_findings(source: FindingSource) -> FindingSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def feature_findings(state: PlanState, today: date) -> list[Finding]:
    _load_features(state)
    found: list[Finding] = []
    for source in tuple(_SOURCES):
        found += source(state, today)
    return found

# What else goes when tasks are deleted (assignments, for example): each feature registers a
# function (state, doomed task ids) -> list[EntityChange], applied in the same undo step.
TaskCleanup = Callable[["PlanState", frozenset["TaskId"]], list["EntityChange"]]
_CLEANUPS: list[TaskCleanup] = []


def register_task_cleanup(cleanup: TaskCleanup) -> TaskCleanup:
    if cleanup not in _CLEANUPS:
        _CLEANUPS.append(cleanup)
    return cleanup


def task_cleanup(state: PlanState, doomed: frozenset[TaskId]) -> list[EntityChange]:
    _load_features(state)
    items: list[EntityChange] = []
    for cleanup in tuple(_CLEANUPS):
        items += cleanup(state, doomed)
    return items

"""Findings from every feature, gathered for the dashboard and `show`.

Each feature's domain module registers a function (PlanState, today) -> list[Finding]; this
module imports those modules so they are always registered.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING

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
    "cutover_desktop.domain.registers",
    "cutover_desktop.domain.guide_rules",
)


def register_findings(source: FindingSource) -> FindingSource:
    if source not in _SOURCES:
        _SOURCES.append(source)
    return source


def feature_findings(state: PlanState, today: date) -> list[Finding]:
    for name in FEATURE_MODULES:
        importlib.import_module(name)
    found: list[Finding] = []
    for source in _SOURCES:
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
    for name in FEATURE_MODULES:
        importlib.import_module(name)
    items: list[EntityChange] = []
    for cleanup in _CLEANUPS:
        items += cleanup(state, doomed)
    return items

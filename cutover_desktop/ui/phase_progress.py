"""Progress by phase on the dashboard: the counts, and the bar and words that show them."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from PySide6.QtWidgets import QGridLayout, QLabel, QProgressBar, QWidget

from cutover_desktop.domain.model import Task, TaskStatus
from cutover_desktop.domain.scheduling import Schedule
from cutover_desktop.ui.models.task_cells import STATUS_SYMBOLS

BLOCKED_SYMBOL = STATUS_SYMBOLS[TaskStatus.BLOCKED]
OVERDUE_SYMBOL = "▲"


@dataclass(frozen=True)
class PhaseProgress:
    """How far one phase has got. Done counts skipped tasks too: neither is left to do."""

    phase: str
    total: int = 0
    done: int = 0
    skipped: int = 0
    in_progress: int = 0
    blocked: int = 0
    overdue: int = 0

    @property
    def closed(self) -> int:
        return self.done + self.skipped


def phase_progress(phases: Iterable[str], tasks: Iterable[Task], schedule: Schedule,
                   today: date) -> list[PhaseProgress]:
    """One PhaseProgress per phase, in plan order (phases no task uses included)."""
    counts: dict[str, dict[str, int]] = {}
    for phase in phases:
        counts.setdefault(phase, {})
    for task in tasks:
        row = counts.setdefault(task.phase, {})
        row["total"] = row.get("total", 0) + 1
        status = task.status
        if status is TaskStatus.DONE:
            key = "done"
        elif status is TaskStatus.SKIPPED:
            key = "skipped"
        elif status is TaskStatus.BLOCKED:
            key = "blocked"
        elif schedule.dates[task.id].end < today:
            key = "overdue"
        elif status is TaskStatus.IN_PROGRESS:
            key = "in_progress"
        else:
            continue
        row[key] = row.get(key, 0) + 1
    return [PhaseProgress(phase, **row) for phase, row in counts.items()]


def _problem_text(progress: PhaseProgress) -> str:
    parts = []
    if progress.blocked:
        parts.append(f"{BLOCKED_SYMBOL} {progress.blocked} blocked")
    if progress.overdue:
        parts.append(f"{OVERDUE_SYMBOL} {progress.overdue} overdue")
    return "   ".join(parts)


class PhaseRow:
    """The widgets that show one phase's progress."""

    def __init__(self, grid: QGridLayout, row: int, phase: str, parent: QWidget) -> None:
        self._grid = grid
        self.name = QLabel(phase, parent)
        self.bar = QProgressBar(parent)
        self.bar.setObjectName(f"progress:{phase}")
        self.bar.setTextVisible(True)
        text_width = self.bar.fontMetrics().horizontalAdvance("000 of 000 done")
        self.bar.setMinimumWidth(text_width * 3 // 2)
        self.bar.setMaximumHeight(self.bar.fontMetrics().height() + 6)
        self.problems = QLabel(parent)
        self.problems.setObjectName(f"problems:{phase}")
        self.name.setBuddy(self.bar)
        grid.addWidget(self.name, row, 0)
        grid.addWidget(self.bar, row, 1)
        grid.addWidget(self.problems, row, 2)

    def show(self, progress: PhaseProgress) -> None:
        if progress.total:
            self.bar.setRange(0, progress.total)
            self.bar.setValue(progress.closed)
            self.bar.setFormat("%v of %m done")
        else:
            # A range of 0..0 would make the bar a busy indicator.
            self.bar.setRange(0, 1)
            self.bar.setValue(0)
            self.bar.setFormat("No tasks")
        text = _problem_text(progress)
        self.problems.setText(text)
        summary = f"{progress.phase}: {progress.closed} of {progress.total} tasks done"
        if progress.skipped:
            summary += f" ({progress.skipped} skipped)"
        self.bar.setAccessibleName(summary)
        self.bar.setToolTip(summary)
        self.problems.setAccessibleName(f"{progress.phase}: {text or 'nothing blocked or overdue'}")

    def remove(self) -> None:
        for widget in (self.name, self.bar, self.problems):
            self._grid.removeWidget(widget)
            widget.hide()
            widget.deleteLater()

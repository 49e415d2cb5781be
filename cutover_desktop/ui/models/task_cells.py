"""How a task reads in the task table: status words and icons, anchor and time text, and
the item roles the table's model and its filter share."""

from __future__ import annotations

from collections.abc import Mapping

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QIcon, QPainter, QPainterPath, QPen, QPixmap, QPolygonF

from cutover_desktop.domain.formatting import plural, time_range, uk_date
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import OffsetUnit, Task, TaskStatus

# A value for sorting: dates as date, numbers as int, text folded to lower case.
SORT_ROLE = Qt.ItemDataRole.UserRole + 1
# The task's id (int).
TASK_ID_ROLE = Qt.ItemDataRole.UserRole + 2
# The domain Task itself.
TASK_ROLE = Qt.ItemDataRole.UserRole + 3

# One symbol a status everywhere (task table, Today tab, Dashboard, buttons): status is
# never colour alone.
STATUS_SYMBOLS = {
    TaskStatus.NOT_STARTED: "○",
    TaskStatus.IN_PROGRESS: "◐",
    TaskStatus.DONE: "✔",
    TaskStatus.BLOCKED: "⊘",
    TaskStatus.SKIPPED: "↷",
}
# Colours that read on a light and on a dark background; the shape and word say it too.
STATUS_COLOURS = {
    TaskStatus.NOT_STARTED: "#7a7a7a",
    TaskStatus.IN_PROGRESS: "#1f6fd1",
    TaskStatus.DONE: "#1e8a3c",
    TaskStatus.BLOCKED: "#c62828",
    TaskStatus.SKIPPED: "#8d6e00",
}


def status_text(status: TaskStatus) -> str:
    """'✔ Done': the status in a word with its symbol, so it is never colour alone."""
    return f"{STATUS_SYMBOLS[status]} {status.label}"


def shorten(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


# How the key dates read inside a sentence ('2 working days before the planning meeting').
_KEY_DATE_WORDS = {KeyDate.PLANNING_MEETING: "the planning meeting",
                   KeyDate.LINK_OFF: "the links-off day",
                   KeyDate.READ_ONLY_END: "the read-only end",
                   KeyDate.SUPPORT_END: "the support end"}


def anchor_text(task: Task, tasks: Mapping[TaskId, Task]) -> str:
    """In plain words: 'On FDP', '2 working days before BGL', 'after task 12',
    'Pinned Fri 12 Mar 2027'."""
    if task.pinned_date is not None:
        return f"Pinned {uk_date(task.pinned_date)}"
    unit = "working day" if task.offset_unit is OffsetUnit.WORKING_DAYS else "day"
    amount = plural(abs(task.offset), unit)
    key = task.anchor.key_date
    if key is not None:
        name = _KEY_DATE_WORDS.get(key, key.short)
        if task.offset == 0:
            return f"On {name}"
        return f"{amount} {'before' if task.offset < 0 else 'after'} {name}"
    other = tasks.get(task.anchor.task_id) if task.anchor.task_id is not None else None
    name = f"task {other.id}" if other else "a deleted task"
    if task.offset == 0:
        return f"after {name}"
    if task.offset > 0:
        return f"{amount} after {name}"
    return f"{amount} before the end of {name}"


def time_text(task: Task) -> str:
    return time_range(task.start_time, task.end_time)


_icon_cache: dict[str, QIcon] = {}


def status_icon(status: TaskStatus) -> QIcon:
    """A small drawn icon whose shape differs per status (made once a QApplication exists)."""
    key = f"status:{status.value}"
    if key not in _icon_cache:
        _icon_cache[key] = _draw_status_icon(status)
    return _icon_cache[key]


def milestone_icon() -> QIcon:
    if "milestone" not in _icon_cache:
        pixmap = QPixmap(32, 32)
        pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(QPen(QColor("#5b3b8c"), 2))
        painter.setBrush(QColor("#8e6cc4"))
        painter.drawPolygon(QPolygonF([QPointF(16, 3), QPointF(29, 16), QPointF(16, 29),
                                       QPointF(3, 16)]))
        painter.end()
        _icon_cache["milestone"] = QIcon(pixmap)
    return _icon_cache["milestone"]


def _draw_status_icon(status: TaskStatus) -> QIcon:
    pixmap = QPixmap(32, 32)
    pixmap.fill(Qt.GlobalColor.transparent)
    colour = QColor(STATUS_COLOURS[status])
    painter = QPainter(pixmap)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(colour, 3)
    painter.setPen(pen)
    ring = QRectF(4, 4, 24, 24)
    if status is TaskStatus.NOT_STARTED:
        painter.drawEllipse(ring)
    elif status is TaskStatus.IN_PROGRESS:
        painter.drawEllipse(ring)
        half = QPainterPath()
        half.moveTo(16, 4)
        half.arcTo(ring, 90, -180)
        half.closeSubpath()
        painter.fillPath(half, colour)
    elif status is TaskStatus.DONE:
        painter.setBrush(colour)
        painter.drawEllipse(ring)
        painter.setPen(QPen(QColor("white"), 3.5))
        painter.drawPolyline(QPolygonF([QPointF(9, 16.5), QPointF(14, 21.5), QPointF(23, 11)]))
    elif status is TaskStatus.BLOCKED:
        painter.setBrush(colour)
        painter.drawRect(QRectF(5, 5, 22, 22))
        painter.setPen(QPen(QColor("white"), 4))
        painter.drawLine(QPointF(10, 16), QPointF(22, 16))
    else:
        painter.drawEllipse(ring)
        painter.drawLine(QPointF(8, 24), QPointF(24, 8))
    painter.end()
    return QIcon(pixmap)

"""The timeline's graphics items: a task bar (or milestone diamond) and a dependency arrow."""

from __future__ import annotations

import math
from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from cutover_desktop.domain.formatting import local_time_text, plural, uk_date
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.domain.signoff import GateState, GateStatus

# Fill, outline and pattern per status: the glyph beside the bar says the same without colour.
STATUS_FILL = {
    TaskStatus.NOT_STARTED: QColor("#c9dcf2"),
    TaskStatus.IN_PROGRESS: QColor("#6fa3dc"),
    TaskStatus.DONE: QColor("#7cbf7c"),
    TaskStatus.BLOCKED: QColor("#f0a9a4"),
    TaskStatus.SKIPPED: QColor("#e4e4e4"),
}
STATUS_OUTLINE = {
    TaskStatus.NOT_STARTED: QColor("#2c5d99"),
    TaskStatus.IN_PROGRESS: QColor("#1d4f8a"),
    TaskStatus.DONE: QColor("#2e6b2e"),
    TaskStatus.BLOCKED: QColor("#b3261e"),
    TaskStatus.SKIPPED: QColor("#777777"),
}
STATUS_PATTERN = {
    TaskStatus.IN_PROGRESS: Qt.BrushStyle.BDiagPattern,
    TaskStatus.BLOCKED: Qt.BrushStyle.DiagCrossPattern,
}
# Text a screen reader or a tooltip uses; the painted glyphs mirror these symbols.
STATUS_SYMBOL = {
    TaskStatus.NOT_STARTED: "",
    TaskStatus.IN_PROGRESS: "▶",
    TaskStatus.DONE: "✓",
    TaskStatus.BLOCKED: "⛔",
    TaskStatus.SKIPPED: "⤼",
}
PIN_COLOUR = QColor("#8a4b00")
# Arrows stay faint so many of them do not bury the bars; the selected task's stand out.
ARROW_COLOUR = QColor(90, 100, 117, 120)
ARROW_EMPHASIS = QColor("#1d3f73")
SELECTION_COLOUR = QColor("#f2a900")
# A sign-off gate's flag: filled once signed, hollow while it needs signing; the tooltip
# says the state in words, and "!" beside the flag marks one that needs attention.
GATE_FLAG_COLOUR = {
    GateState.NOT_DUE: QColor("#5f6b7a"),
    GateState.DUE: QColor("#8a4b00"),
    GateState.OVERDUE: QColor("#b3261e"),
    GateState.SIGNED: QColor("#2e6b2e"),
    GateState.CHANGED: QColor("#8a4b00"),
    GateState.WITHDRAWN: QColor("#8a4b00"),
}
GATE_FLAG = "⚑"


class GateMark(NamedTuple):
    """A sign-off gate on a task: its title, state, and the state in words."""

    title: str
    state: GateState
    words: str

    @property
    def signed(self) -> bool:
        return self.state in (GateState.SIGNED, GateState.CHANGED)

    @property
    def needs_attention(self) -> bool:
        return self.state in (GateState.OVERDUE, GateState.CHANGED)

    @property
    def text(self) -> str:
        """'⚑ Sign-off gate: Go-live data sign-off — signed by … on …'."""
        return f"{GATE_FLAG} Sign-off gate: {self.title} — {self.words}"


def gate_mark(status: GateStatus) -> GateMark:
    """How the timeline marks a gate's tasks, from the gate's status."""
    gate, state = status.gate, status.state
    due = f"due {uk_date(gate.day)}" if gate.day else "no date"
    if state in (GateState.SIGNED, GateState.CHANGED) and status.current is not None:
        signed = status.current
        words = (f"signed by {signed.signed_by} ({signed.role}) on "
                 f"{local_time_text(signed.signed_at)}")
        if state is GateState.CHANGED:
            words += f"; changed since it was signed: {status.changes[0]}" if status.changes \
                else "; changed since it was signed"
    elif state is GateState.WITHDRAWN:
        last = status.records[-1].withdrawal if status.records else None
        who = f" by {last.withdrawn_by} on {local_time_text(last.withdrawn_at)}" if last else ""
        words = f"sign-off withdrawn{who}; not signed again ({due})"
    elif state is GateState.OVERDUE:
        words = f"overdue: {due} and not signed"
    elif state is GateState.DUE:
        words = f"due to be signed: {due}"
    else:
        words = f"not due yet ({due})"
    return GateMark(gate.title, state, words)


class BarSpec(NamedTuple):
    """Everything a bar shows; an item repaints only when its spec changes."""

    task_id: int
    start: date
    end: date
    title: str
    status: TaskStatus
    pinned: bool
    milestone: bool
    phase: str
    owner_role: str
    skip_reason: str
    pushed_by: str
    gate: GateMark | None = None


def tooltip_html(spec: BarSpec) -> str:
    """A bar's tooltip: title, UK dates, owner, status and phase."""
    import html  # loaded at the first hover, not at start

    days = (spec.end - spec.start).days + 1
    if spec.start == spec.end:
        when = uk_date(spec.start)
    else:
        when = f"{uk_date(spec.start)} to {uk_date(spec.end)} ({plural(days, 'day')})"
    status = spec.status.label
    if STATUS_SYMBOL[spec.status]:
        status = f"{STATUS_SYMBOL[spec.status]} {status}"
    lines = [
        f"<b>{html.escape(spec.title)}</b>",
        f"{'Milestone' if spec.milestone else 'When'}: {html.escape(when)}",
        f"Owner: {html.escape(spec.owner_role or 'not set')}",
        f"Status: {html.escape(status)}",
        f"Phase: {html.escape(spec.phase)}",
    ]
    if spec.status is TaskStatus.SKIPPED and spec.skip_reason:
        lines.append(f"Skipped because: {html.escape(spec.skip_reason)}")
    if spec.pinned:
        lines.append("Pinned to a fixed date")
    if spec.pushed_by:
        lines.append(f"Held back by “{html.escape(spec.pushed_by)}”")
    if spec.gate is not None:
        lines.append(html.escape(spec.gate.text))
    return "<br>".join(lines)


class Geometry:
    """Sizes shared by every bar, from the row height and the font."""

    def __init__(self, row_height: int, font: QFont) -> None:
        self.row_height = row_height
        self.font = QFont(font)
        self.metrics = QFontMetricsF(self.font)
        self.pad = max(3.0, round(row_height * 0.2))
        self.bar_height = max(6.0, row_height - 2 * self.pad)
        self.glyph = min(self.bar_height, self.metrics.height())
        self.gap = 4.0
        self.struck = QFont(self.font)
        self.struck.setStrikeOut(True)
        self.struck.setItalic(True)
        self._widths: dict[str, float] = {}

    def text_width(self, text: str) -> float:
        width = self._widths.get(text)
        if width is None:
            width = self.metrics.horizontalAdvance(text)
            self._widths[text] = width
        return width


class TaskBarItem:
    """One task's bar, or a diamond for a milestone, with its status glyph and title.

    The bar sits at (x of its start day, top of its row); it never edits anything. It is not
    a graphics item of its own: one BarLayer paints the bars of the rows in view, so an edit
    that moves thousands of bars changes numbers, not thousands of items in Qt's index.
    The few QGraphicsItem methods callers use (x, y, setX, mapToScene...) work the same.
    """

    def __init__(self, spec: BarSpec, geometry: Geometry, px_per_day: float,
                 layer: QGraphicsItem | None = None) -> None:
        self.spec = spec
        self.row = -1
        self._x = 0.0
        self._y = 0.0
        self._layer = layer
        self._geo = geometry
        self._px = px_per_day
        self.selected = False
        self.focused = False
        # Worked out when first asked for: Qt asks for the bounds many times a refresh.
        self._bar: QRectF | None = None
        self._bounds: QRectF | None = None

    @property
    def task_id(self) -> int:
        return self.spec.task_id

    # Where the bar is, in scene coordinates, as a graphics item would say

    def x(self) -> float:
        return self._x

    def y(self) -> float:
        return self._y

    def pos(self) -> QPointF:
        return QPointF(self._x, self._y)

    def setPos(self, x: float, y: float) -> None:  # noqa: N802 - as on a graphics item
        """Move without a repaint: the scene repaints once after moving many bars."""
        self._x, self._y = x, y

    def setX(self, x: float) -> None:  # noqa: N802 - as on a graphics item
        """Move sideways and repaint where the bar was and where it is (a drag)."""
        self.update()
        self._x = x
        self.update()

    def mapToScene(self, point: QPointF) -> QPointF:  # noqa: N802
        return QPointF(point.x() + self._x, point.y() + self._y)

    def mapRectToScene(self, rect: QRectF) -> QRectF:  # noqa: N802
        return rect.translated(self._x, self._y)

    def sceneBoundingRect(self) -> QRectF:  # noqa: N802
        return self.boundingRect().translated(self._x, self._y)

    def update(self) -> None:
        if self._layer is not None:
            self._layer.update(self.sceneBoundingRect())

    def set_spec(self, spec: BarSpec) -> None:
        """Show another spec; the scene repaints after changing many bars."""
        if spec == self.spec:
            return
        self.spec = spec
        self._bar = self._bounds = None

    def tooltip(self) -> str:
        # Built when asked for: formatting thousands of dates up front is slow.
        return tooltip_html(self.spec)

    def set_scale(self, geometry: Geometry, px_per_day: float) -> None:
        self._geo = geometry
        self._px = px_per_day
        self._bar = self._bounds = None

    def set_marks(self, selected: bool, focused: bool) -> None:
        if (selected, focused) != (self.selected, self.focused):
            self.selected, self.focused = selected, focused
            self.update()

    # Geometry in item coordinates: x = 0 is the left edge of the start day.

    def bar_rect(self) -> QRectF:
        if self._bar is None:
            geo = self._geo
            if self.spec.milestone:
                size = geo.bar_height
                centre = self._px / 2
                self._bar = QRectF(centre - size / 2, geo.pad, size, size)
            else:
                days = (self.spec.end - self.spec.start).days + 1
                self._bar = QRectF(0.0, geo.pad, max(2.0, days * self._px), geo.bar_height)
        return self._bar  # shared: callers read it, never change it

    def _decor_width(self) -> float:
        geo = self._geo
        width = geo.gap
        if self.spec.gate is not None:
            width += self._gate_width() + geo.gap
        if self.spec.pinned:
            width += geo.glyph * 0.7 + geo.gap
        if STATUS_SYMBOL[self.spec.status]:
            width += geo.glyph + geo.gap
        return width

    def _gate_width(self) -> float:
        gate = self.spec.gate
        width = self._geo.glyph * 0.8
        if gate is not None and gate.needs_attention:
            width += self._geo.text_width("!") + 1
        return width

    def gate_rect(self) -> QRectF | None:
        """Where the gate flag is drawn, in item coordinates (None: not a gate's task)."""
        if self.spec.gate is None:
            return None
        geo = self._geo
        middle = geo.row_height / 2
        return QRectF(self.bar_rect().right() + geo.gap, middle - geo.glyph / 2,
                      self._gate_width(), geo.glyph)

    def text_x(self) -> float:
        return self.bar_rect().right() + self._decor_width()

    def boundingRect(self) -> QRectF:
        if self._bounds is None:
            text_right = self.text_x() + self._geo.text_width(self.spec.title) + 4
            left = min(0.0, self.bar_rect().left()) - 3
            self._bounds = QRectF(left, 0.0, text_right - left, float(self._geo.row_height))
        return self._bounds

    def entry_x(self) -> float:
        """Scene x where an incoming dependency arrow ends."""
        return self.x() + self.bar_rect().left()

    def exit_x(self) -> float:
        """Scene x where an outgoing dependency arrow starts."""
        return self.x() + self.bar_rect().right()

    def paint(self, painter: QPainter, widget: QWidget | None = None) -> None:
        """Paint in bar coordinates (the caller translates to the bar's position)."""
        geo = self._geo
        spec = self.spec
        bar = self.bar_rect()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        outline = QPen(STATUS_OUTLINE[spec.status], 1.2)
        if spec.status is TaskStatus.SKIPPED:
            outline.setStyle(Qt.PenStyle.DashLine)
        if spec.status is TaskStatus.BLOCKED:
            outline.setWidthF(2.0)
        shape = QPainterPath()
        if spec.milestone:
            centre = bar.center()
            half = bar.width() / 2
            shape.addPolygon(QPolygonF([
                QPointF(centre.x(), centre.y() - half), QPointF(centre.x() + half, centre.y()),
                QPointF(centre.x(), centre.y() + half), QPointF(centre.x() - half, centre.y()),
                QPointF(centre.x(), centre.y() - half)]))
        else:
            shape.addRoundedRect(bar, 2.0, 2.0)
        painter.setPen(outline)
        painter.setBrush(STATUS_FILL[spec.status])
        painter.drawPath(shape)
        pattern = STATUS_PATTERN.get(spec.status)
        if pattern is not None:
            brush = QBrush(STATUS_OUTLINE[spec.status], pattern)
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(brush)
            painter.drawPath(shape)
        if self.selected:
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setPen(QPen(SELECTION_COLOUR, 2.5))
            painter.drawPath(shape)

        x = bar.right() + geo.gap
        middle = geo.row_height / 2
        flag = self.gate_rect()
        if flag is not None and spec.gate is not None:
            _paint_gate_flag(painter, spec.gate, flag, geo)
            x = flag.right() + geo.gap
        if spec.pinned:
            _paint_pin(painter, QRectF(x, middle - geo.glyph / 2, geo.glyph * 0.7, geo.glyph))
            x += geo.glyph * 0.7 + geo.gap
        if STATUS_SYMBOL[spec.status]:
            _paint_status_glyph(painter, spec.status,
                                QRectF(x, middle - geo.glyph / 2, geo.glyph, geo.glyph))
            x += geo.glyph + geo.gap

        palette = widget.palette() if widget is not None else QPalette()
        skipped = spec.status is TaskStatus.SKIPPED
        painter.setFont(geo.struck if skipped else geo.font)
        colour = palette.color(QPalette.ColorGroup.Normal, QPalette.ColorRole.Text)
        if skipped:
            colour = palette.color(QPalette.ColorGroup.Disabled, QPalette.ColorRole.Text)
        painter.setPen(colour)
        text_rect = QRectF(x, 0.0, geo.text_width(spec.title) + 4, float(geo.row_height))
        painter.drawText(text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                         spec.title)
        if self.selected and self.focused:
            focus = QPen(palette.color(QPalette.ColorRole.Highlight), 1.0,
                         Qt.PenStyle.DashLine)
            painter.setPen(focus)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
            painter.drawRect(self.boundingRect().adjusted(1, 1, -2, -2))


class BarLayer(QGraphicsItem):
    """Paints every task bar of the rows in view: one item for all bars, like the arrows."""

    def __init__(self, rows: list[int], bar_of: Callable[[int], TaskBarItem | None],
                 row_height: int) -> None:
        super().__init__()
        self.rows = rows
        self._bar_of = bar_of
        self.row_height = row_height
        self._rect = QRectF()
        # Told what is exposed, so a paint draws the rows in view, not every bar.
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(1)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:  # noqa: N802
        return self._rect

    def bar_at(self, point: QPointF) -> TaskBarItem | None:
        """The bar whose drawing (bar, glyphs and title) covers a scene point."""
        row = math.floor(point.y() / self.row_height)
        if not 0 <= row < len(self.rows):
            return None
        bar = self._bar_of(self.rows[row])
        return bar if bar is not None and bar.sceneBoundingRect().contains(point) else None

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        exposed = option.exposedRect  # type: ignore[attr-defined]
        first = max(0, math.floor(exposed.top() / self.row_height))
        last = min(len(self.rows) - 1, math.floor(exposed.bottom() / self.row_height))
        for row in range(first, last + 1):
            bar = self._bar_of(self.rows[row])
            if bar is None or not bar.sceneBoundingRect().intersects(exposed):
                continue
            painter.save()
            painter.translate(bar.x(), bar.y())
            bar.paint(painter, widget)
            painter.restore()


def _paint_pin(painter: QPainter, box: QRectF) -> None:
    """A drawing pin: head and needle (fonts often lack a pin symbol)."""
    painter.save()
    painter.setPen(QPen(PIN_COLOUR, 1.4))
    painter.setBrush(PIN_COLOUR)
    radius = box.width() / 2.6
    head = QPointF(box.center().x(), box.top() + radius + 0.5)
    painter.drawEllipse(head, radius, radius)
    painter.drawLine(QPointF(head.x(), head.y() + radius), QPointF(head.x(), box.bottom()))
    painter.restore()


def _paint_gate_flag(painter: QPainter, gate: GateMark, box: QRectF, geo: Geometry) -> None:
    """A flag on a pole (drawn, since fonts often lack ⚑): filled once signed."""
    painter.save()
    colour = GATE_FLAG_COLOUR[gate.state]
    s = geo.glyph
    left, top = box.left(), box.top()
    pole = QPen(colour, max(1.3, s / 9))
    pole.setCapStyle(Qt.PenCapStyle.RoundCap)
    painter.setPen(pole)
    painter.drawLine(QPointF(left + s * 0.15, top + s * 0.05),
                     QPointF(left + s * 0.15, top + s * 0.95))
    pennant = QPolygonF([QPointF(left + s * 0.15, top + s * 0.08),
                         QPointF(left + s * 0.78, top + s * 0.3),
                         QPointF(left + s * 0.15, top + s * 0.55)])
    painter.setPen(QPen(colour, max(1.2, s / 10)))
    painter.setBrush(colour if gate.signed else QColor("white"))
    painter.drawPolygon(pennant)
    if gate.needs_attention:
        painter.setFont(geo.font)
        painter.setPen(colour)
        painter.drawText(QRectF(left + s * 0.8, 0.0, box.right() - left - s * 0.8 + 2,
                                float(geo.row_height)),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, "!")
    painter.restore()


def _paint_status_glyph(painter: QPainter, status: TaskStatus, box: QRectF) -> None:
    """✓ done, ▶ in progress, ⛔ blocked, ⤼ skipped, drawn as shapes so any font will do."""
    painter.save()
    colour = STATUS_OUTLINE[status]
    s = box.width()
    left, top = box.left(), box.top()
    pen = QPen(colour, max(1.5, s / 7))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if status is TaskStatus.DONE:
        path = QPainterPath(QPointF(left + s * 0.15, top + s * 0.55))
        path.lineTo(left + s * 0.42, top + s * 0.8)
        path.lineTo(left + s * 0.88, top + s * 0.2)
        painter.drawPath(path)
    elif status is TaskStatus.IN_PROGRESS:
        painter.setBrush(colour)
        painter.setPen(QPen(colour, 1))
        painter.drawPolygon(QPolygonF([QPointF(left + s * 0.2, top + s * 0.15),
                                       QPointF(left + s * 0.9, top + s * 0.5),
                                       QPointF(left + s * 0.2, top + s * 0.85)]))
    elif status is TaskStatus.BLOCKED:
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawEllipse(box.adjusted(s * 0.05, s * 0.05, -s * 0.05, -s * 0.05))
        painter.setBrush(QColor("white"))
        painter.drawRect(QRectF(left + s * 0.22, top + s * 0.42, s * 0.56, s * 0.16))
    elif status is TaskStatus.SKIPPED:
        path = QPainterPath(QPointF(left + s * 0.1, top + s * 0.75))
        path.cubicTo(QPointF(left + s * 0.1, top + s * 0.1), QPointF(left + s * 0.8, top + s * 0.1),
                     QPointF(left + s * 0.8, top + s * 0.6))
        painter.drawPath(path)
        painter.drawLine(QPointF(left + s * 0.8, top + s * 0.6),
                         QPointF(left + s * 0.6, top + s * 0.45))
        painter.drawLine(QPointF(left + s * 0.8, top + s * 0.6),
                         QPointF(left + s * 0.95, top + s * 0.4))
    painter.restore()

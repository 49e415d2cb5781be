"""Dependency arrows: one item draws every arrow in view from where the bars are now, so an
edit that moves bars moves their arrows at no cost, and a plan of thousands of links keeps no
item per link."""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF
from PySide6.QtWidgets import QGraphicsItem, QStyleOptionGraphicsItem, QWidget

from cutover_desktop.ui.timeline.items import ARROW_COLOUR, ARROW_EMPHASIS

ArrowKey = tuple[int, int]
# Where an arrow starts and ends in the scene (x0, y0, x1, y1), or None when a bar is missing.
Ends = Callable[[ArrowKey], tuple[float, float, float, float] | None]
STEP = 6.0


def arrow_shape(start: QPointF, end: QPointF, row_height: float) -> tuple[QPainterPath,
                                                                          QPolygonF]:
    """The line from `start` (predecessor's end) to `end` (successor's start), and its head."""
    path = QPainterPath(start)
    if end.x() - STEP >= start.x() + STEP:
        path.lineTo(start.x() + STEP, start.y())
        path.lineTo(start.x() + STEP, end.y())
    else:
        # The successor starts left of the predecessor's end: go round between the rows.
        between = start.y() + (row_height / 2 if end.y() > start.y() else -row_height / 2)
        path.lineTo(start.x() + STEP, start.y())
        path.lineTo(start.x() + STEP, between)
        path.lineTo(end.x() - STEP, between)
        path.lineTo(end.x() - STEP, end.y())
    path.lineTo(end)
    head = QPolygonF([end, QPointF(end.x() - 6, end.y() - 3.5),
                      QPointF(end.x() - 6, end.y() + 3.5)])
    return path, head


class ArrowLayer(QGraphicsItem):
    """Every finish-to-start arrow of the rows shown, drawn where its bars are when painted.

    Arrows touching the selected task are drawn strong; with `all_shown` off only those are
    drawn at all.
    """

    def __init__(self, ends: Ends, row_of: dict[int, int]) -> None:
        """`row_of` is the scene's own map of task to row (shared, not copied)."""
        super().__init__()
        self._ends = ends
        self.row_of = row_of
        self.keys: list[ArrowKey] = []
        self.selected: int | None = None
        self.all_shown = True
        self.row_height = 24.0
        self._rect = QRectF()
        self.setFlag(QGraphicsItem.GraphicsItemFlag.ItemUsesExtendedStyleOption, True)
        self.setAcceptHoverEvents(False)
        self.setAcceptedMouseButtons(Qt.MouseButton.NoButton)
        self.setZValue(0)

    def set_rect(self, rect: QRectF) -> None:
        if rect != self._rect:
            self.prepareGeometryChange()
            self._rect = QRectF(rect)

    def boundingRect(self) -> QRectF:
        return self._rect

    def is_emphasised(self, key: ArrowKey) -> bool:
        return self.selected in key

    def is_shown(self, key: ArrowKey) -> bool:
        return self.all_shown or self.is_emphasised(key)

    def shape_of(self, key: ArrowKey) -> tuple[QPainterPath, QPolygonF] | None:
        ends = self._ends(key)
        return None if ends is None else self._shape(ends)

    def _shape(self, ends: tuple[float, float, float, float]) -> tuple[QPainterPath, QPolygonF]:
        return arrow_shape(QPointF(ends[0], ends[1]), QPointF(ends[2], ends[3]),
                           self.row_height)

    def paint(self, painter: QPainter, option: QStyleOptionGraphicsItem,
              widget: QWidget | None = None) -> None:
        exposed = option.exposedRect  # type: ignore[attr-defined]
        top, bottom = exposed.top() - self.row_height, exposed.bottom() + self.row_height
        left, right = exposed.left() - 2 * STEP, exposed.right() + 2 * STEP
        first_row, last_row = top / self.row_height, bottom / self.row_height
        strong: list[tuple[float, float, float, float]] = []
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, True)
        painter.setPen(QPen(ARROW_COLOUR, 1.0))
        row_of, ends_of = self.row_of, self._ends
        selected, all_shown = self.selected, self.all_shown
        for key in self.keys:
            # Rows first: most arrows of a long plan are above or below what is exposed.
            row0, row1 = row_of.get(key[0]), row_of.get(key[1])
            if row0 is None or row1 is None or max(row0, row1) + 1 < first_row \
                    or min(row0, row1) > last_row:
                continue
            emphasised = selected in key
            if not (all_shown or emphasised):
                continue
            ends = ends_of(key)  # worked out once: the drawing below reuses it
            if ends is None:
                continue
            x0, y0, x1, y1 = ends
            if max(y0, y1) < top or min(y0, y1) > bottom or max(x0, x1) < left \
                    or min(x0, x1) > right:
                continue
            if emphasised:
                strong.append(ends)
            else:
                self._draw(painter, ends, ARROW_COLOUR, 1.0)
        for ends in strong:
            self._draw(painter, ends, ARROW_EMPHASIS, 2.0)

    def _draw(self, painter: QPainter, ends: tuple[float, float, float, float],
              colour: QColor, width: float) -> None:
        path, head = self._shape(ends)
        painter.setPen(QPen(colour, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(path)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawPolygon(head)


class Arrow(NamedTuple):
    """One arrow as the layer draws it, for tests and callers that ask about arrows."""

    predecessor: int
    successor: int
    layer: ArrowLayer

    @property
    def emphasised(self) -> bool:
        return self.layer.is_emphasised((self.predecessor, self.successor))

    def isVisible(self) -> bool:  # noqa: N802 - reads like the item it stands for
        return self.layer.is_shown((self.predecessor, self.successor))

    def sceneBoundingRect(self) -> QRectF:  # noqa: N802
        shape = self.layer.shape_of((self.predecessor, self.successor))
        if shape is None:
            return QRectF()
        path, head = shape
        return path.boundingRect().united(head.boundingRect()).adjusted(-2, -2, 2, 2)

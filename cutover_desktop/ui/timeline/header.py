"""The timeline's header: date ruler, key-date labels and phase bands, fixed above the rows."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import NamedTuple

from PySide6.QtCore import QEvent, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QHelpEvent,
    QPainter,
    QPalette,
    QPen,
    QWheelEvent,
)
from PySide6.QtWidgets import QToolTip, QWidget

from cutover_desktop.domain.formatting import month_abbr, month_name, plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.ui.style import tone
from cutover_desktop.ui.timeline.scene import (
    MAIN_KEY_DATES,
    PhaseSpan,
    TimelineScene,
)
from cutover_desktop.ui.timeline.time_scale import (
    TickUnit,
    choose_units,
    pack_spans,
    stagger,
    ticks,
)

RULER_ROWS = 2
KEY_DATE_LANES = 3
PHASE_LANES = 4
PHASE_FILLS = ("#dbe9f7", "#e3f1dc", "#fbeed5", "#efe0f3", "#dff2f1", "#f7dfe0")
PHASE_EDGES = ("#5b87b8", "#6a9a55", "#b98a2e", "#8e63a0", "#3f8f8a", "#b0595e")


class Bands(NamedTuple):
    """Where each part of the header sits, top to bottom, in header pixels."""

    coarse: QRectF
    fine: QRectF
    key_lanes: tuple[QRectF, ...]
    phase_lanes: tuple[QRectF, ...]


class HeaderLabel(NamedTuple):
    rect: QRectF
    text: str
    tooltip: str
    colour: QColor
    bold: bool


def line_heights(metrics: QFontMetricsF) -> tuple[float, float, float]:
    """Heights of a ruler row, a key-date lane and a phase lane for a font."""
    text = metrics.height()
    return text + 6, text + 1, text + 4


def preferred_height(font: QFont) -> int:
    ruler, key, phase = line_heights(QFontMetricsF(font))
    return int(round(RULER_ROWS * ruler + KEY_DATE_LANES * key + PHASE_LANES * phase + 6))


def layout_bands(font: QFont, width: float, height: float) -> Bands:
    """Fit the bands into the height given: phase lanes give way first, then key-date lanes."""
    ruler, key, phase = line_heights(QFontMetricsF(font))
    y = 0.0
    coarse = QRectF(0, y, width, min(ruler, height))
    y += coarse.height()
    fine = QRectF(0, y, width, max(0.0, min(ruler, height - y)))
    y += fine.height()
    spare = max(0.0, height - y - 4)
    key_count = min(KEY_DATE_LANES, int(spare // key))
    keys = []
    for _ in range(key_count):
        keys.append(QRectF(0, y, width, key))
        y += key
    y += 2
    spare = max(0.0, height - y - 2)
    phase_count = min(PHASE_LANES, int(spare // phase)) if spare >= phase else 0
    lane_height = spare / phase_count if phase_count else 0.0
    phases = []
    for _ in range(phase_count):
        phases.append(QRectF(0, y, width, lane_height))
        y += lane_height
    return Bands(coarse, fine, tuple(keys), tuple(phases))


class TimelineHeader(QWidget):
    """Paints the part of the timeline that stays put when the rows scroll up and down.

    It reads everything from the scene and maps scene x to its own x through `to_x`.
    """

    def __init__(self, scene: TimelineScene, to_x: Callable[[float], float],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._scene = scene
        self._to_x = to_x
        self.focus_shown = False
        self.setAccessibleName("Timeline dates, key dates and phases")
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent, True)
        self._labels: list[HeaderLabel] = []
        self._phase_boxes: list[tuple[QRectF, PhaseSpan]] = []
        # The view handles the wheel over the ruler as over the rows (Ctrl zooms).
        self.wheel_handler: Callable[[QWheelEvent], None] | None = None

    def wheelEvent(self, event: QWheelEvent) -> None:
        if self.wheel_handler is not None:
            self.wheel_handler(event)
        else:
            super().wheelEvent(event)

    # Layout of the labels that need it (key dates stagger; phases pack into lanes)

    def _key_labels(self, bands: Bands, metrics: QFontMetricsF) -> list[HeaderLabel]:
        scene = self._scene
        scale = scene.scale
        entries: list[tuple[float, str]] = []
        meaning: list[tuple[str, QColor, bool]] = []
        for key, day in scene.key_dates().items():
            entries.append((self._to_x(scale.x_of(day)) + 3, key.short))
            meaning.append((f"{key.label}: {uk_date(day)}", tone("key_date_line"),
                            key in MAIN_KEY_DATES))
        today = scene.today
        entries.append((self._to_x(scale.x_of(today) + scale.px_per_day / 2) + 3, "Today"))
        meaning.append((f"Today: {uk_date(today)}", tone("today_line"), True))
        lanes = len(bands.key_lanes)
        if not lanes:
            return []
        bold = QFont(self.font())
        bold.setBold(True)
        bold_metrics = QFontMetricsF(bold)
        placed = stagger(entries, lambda text: bold_metrics.horizontalAdvance(text) + 4, lanes)
        labels = []
        for place in placed:
            lane = bands.key_lanes[place.lane]
            tips = "\n".join(meaning[i][0] for i in place.members)
            first = meaning[place.members[0]]
            labels.append(HeaderLabel(QRectF(place.x, lane.top(), place.width, lane.height()),
                                      place.text, tips, first[1], first[2]))
        return labels

    # Painting

    def paintEvent(self, event: object) -> None:
        painter = QPainter(self)
        palette = self.palette()
        width = float(self.width())
        background = palette.color(QPalette.ColorRole.Window)
        painter.fillRect(self.rect(), background)
        bands = layout_bands(self.font(), width, float(self.height()))
        metrics = QFontMetricsF(self.font())
        text_colour = palette.color(QPalette.ColorRole.WindowText)
        self._paint_ruler(painter, bands, metrics, text_colour)
        self._paint_phases(painter, bands, metrics)
        self._labels = self._key_labels(bands, metrics)
        self._paint_key_dates(painter, bands, background)
        # The bottom edge: heavier in the highlight colour while the timeline has focus.
        edge = palette.color(QPalette.ColorRole.Highlight) if self.focus_shown else \
            palette.color(QPalette.ColorRole.Mid)
        painter.setPen(QPen(edge, 3 if self.focus_shown else 1))
        bottom = self.height() - (2 if self.focus_shown else 1)
        painter.drawLine(0, bottom, self.width(), bottom)
        painter.end()

    def _visible_days(self) -> tuple[date, date]:
        scale = self._scene.scale
        offset = self._to_x(0.0)
        first = max(scale.origin, scale.day_at(-offset))
        last = min(self._scene.last_day, scale.day_at(self.width() - offset))
        return first, last

    def _paint_ruler(self, painter: QPainter, bands: Bands, metrics: QFontMetricsF,
                     colour: QColor) -> None:
        scale = self._scene.scale
        first, last = self._visible_days()
        if last < first:
            return
        widest_day = metrics.horizontalAdvance("30") + 6
        coarse_unit, fine_unit = choose_units(scale.px_per_day, widest_day)
        if fine_unit is TickUnit.WEEK:
            # A week cell shows the day of the month its Monday falls on.
            coarse_unit, fine_unit = TickUnit.MONTH, TickUnit.WEEK
        long_days = scale.px_per_day >= metrics.horizontalAdvance("Wed 30") + 4
        grid = QPen(self.palette().color(QPalette.ColorRole.Mid), 1)
        for band, unit, is_coarse in ((bands.coarse, coarse_unit, True),
                                      (bands.fine, fine_unit, False)):
            if band.height() <= 0:
                continue
            for tick in ticks(first, last, unit, long=long_days):
                left = self._to_x(scale.x_of(tick.start))
                right = self._to_x(scale.x_of(tick.end))
                painter.setPen(grid)
                painter.drawLine(QPointF(left, band.top()), QPointF(left, band.bottom()))
                text = self._tick_text(tick.start, unit, tick.label, right - left, metrics,
                                       is_coarse)
                if not text:
                    continue
                # A month label stays in sight while its month is partly scrolled off.
                text_left = max(left, 0.0) + 3 if is_coarse else left + 2
                room = right - text_left - 2
                if room < metrics.horizontalAdvance(text):
                    if is_coarse:
                        text = metrics.elidedText(text, Qt.TextElideMode.ElideRight, room)
                    else:
                        continue
                weekend = unit is TickUnit.DAY and tick.start.weekday() >= 5
                painter.setPen(self.palette().color(QPalette.ColorGroup.Disabled,
                                                    QPalette.ColorRole.WindowText)
                               if weekend else colour)
                painter.drawText(QRectF(text_left, band.top(), max(0.0, room), band.height()),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
            painter.setPen(grid)
            painter.drawLine(QPointF(0, band.bottom()), QPointF(self.width(), band.bottom()))

    @staticmethod
    def _tick_text(start: date, unit: TickUnit, label: str, width: float,
                   metrics: QFontMetricsF, coarse: bool) -> str:
        if coarse and unit is TickUnit.MONTH:
            for text in (f"{month_name(start)} {start.year}",
                         f"{month_abbr(start)} {start.year}", month_abbr(start)):
                if metrics.horizontalAdvance(text) + 6 <= width:
                    return text
            return month_abbr(start)
        if unit is TickUnit.WEEK:
            return str(start.day)
        return label

    def _paint_phases(self, painter: QPainter, bands: Bands, metrics: QFontMetricsF) -> None:
        self._phase_boxes = []
        if not bands.phase_lanes:
            return
        scale = self._scene.scale
        spans = self._scene.phase_spans()
        lanes = pack_spans([(span.first, span.last) for span in spans], len(bands.phase_lanes))
        by_lane: dict[int, list[tuple[QRectF, PhaseSpan]]] = {}
        for span, lane_index in zip(spans, lanes, strict=True):
            lane = bands.phase_lanes[lane_index]
            left = self._to_x(scale.x_of(span.first))
            right = self._to_x(scale.x_after(span.last))
            box = QRectF(left, lane.top() + 1, max(2.0, right - left), lane.height() - 2)
            by_lane.setdefault(lane_index, []).append((box, span))
        inside_colour = QColor("#1f1f1f")  # the band fills are light in every theme
        outside_colour = self.palette().color(QPalette.ColorRole.WindowText)
        for boxes in by_lane.values():
            boxes.sort(key=lambda entry: entry[0].left())
            for box, span in boxes:
                if box.right() < 0 or box.left() > self.width():
                    continue
                self._phase_boxes.append((box, span))
                fill = QColor(PHASE_FILLS[span.position % len(PHASE_FILLS)])
                edge = QColor(PHASE_EDGES[span.position % len(PHASE_EDGES)])
                painter.setPen(QPen(edge, 1))
                painter.setBrush(fill)
                painter.drawRoundedRect(box, 3, 3)
            # Where the last label in this lane ended: bands that overflow into a busy
            # lane overlap, and their names must not print over each other.
            text_end = -1e9
            for index, (box, span) in enumerate(boxes):
                if box.right() < 0 or box.left() > self.width():
                    continue
                text_left = max(box.left() + 4, 4.0, text_end + 10)
                inside = box.right() - text_left - 3
                wanted = metrics.horizontalAdvance(span.name)
                later = [other.left() for other, _ in boxes[index + 1:]
                         if other.left() >= box.right() - 0.5]
                outside_left = max(box.right() + 4, text_end + 10)
                outside = (min(later) if later else float(self.width()) + wanted) \
                    - outside_left - 4
                if wanted <= inside or inside >= outside:
                    room, left, colour = inside, text_left, inside_colour
                else:
                    # Too narrow for its name: write it just after the band instead.
                    room, left, colour = outside, outside_left, outside_colour
                if room < metrics.horizontalAdvance("Ab…"):
                    continue
                text = metrics.elidedText(span.name, Qt.TextElideMode.ElideRight, room)
                painter.setPen(colour)
                painter.drawText(QRectF(left, box.top(), room, box.height()),
                                 Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text)
                text_end = left + metrics.horizontalAdvance(text)

    def _paint_key_dates(self, painter: QPainter, bands: Bands, background: QColor) -> None:
        if not bands.key_lanes:
            return
        scale = self._scene.scale
        top = bands.key_lanes[0].top()
        bottom = float(self.height())
        key_date_colour = tone("key_date_line")  # once a frame, not once a key date
        lines = [(self._to_x(scale.x_of(day)), key_date_colour, key is KeyDate.BGL,
                  key not in MAIN_KEY_DATES)
                 for key, day in self._scene.key_dates().items()]
        lines.append((self._to_x(scale.x_of(self._scene.today) + scale.px_per_day / 2),
                      tone("today_line"), True, False))
        for x, colour, heavy, dashed in lines:
            pen = QPen(colour, 2.0 if heavy else 1.0)
            if dashed:
                pen.setStyle(Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        bold = QFont(self.font())
        bold.setBold(True)
        for label in self._labels:
            # A solid patch behind the text keeps it readable across other lines.
            painter.fillRect(label.rect.adjusted(-1, 1, 0, -1), background)
            painter.setFont(bold if label.bold else self.font())
            painter.setPen(label.colour)
            painter.drawText(label.rect.adjusted(1, 0, 0, 0),
                             Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft,
                             label.text)
        painter.setFont(self.font())

    # Tooltips: what a label or band stands for

    def event(self, event: QEvent) -> bool:
        if event.type() == QEvent.Type.ToolTip:
            help_event: QHelpEvent = event  # type: ignore[assignment]
            text = self.tooltip_at(QPointF(help_event.pos()))
            if text:
                QToolTip.showText(help_event.globalPos(), text, self)
            else:
                QToolTip.hideText()
                event.ignore()
            return True
        return super().event(event)

    def tooltip_at(self, point: QPointF) -> str:
        for label in self._labels:
            if label.rect.contains(point):
                return label.tooltip
        for box, span in reversed(self._phase_boxes):
            if box.contains(point):
                days = (span.last - span.first).days + 1
                return (f"Phase: {span.name}\n{uk_date(span.first)} to {uk_date(span.last)} "
                        f"({plural(days, 'day')}, {plural(span.tasks, 'task')})")
        scale = self._scene.scale
        day = scale.day_at(point.x() - self._to_x(0.0))
        if scale.origin <= day <= self._scene.last_day:
            mark = self._scene.day_mark(day)
            return uk_date(day) + (f": {mark.text}" if mark else "")
        return ""

    def label_rects(self) -> list[tuple[str, QRectF]]:
        """The key-date labels as last painted: text and where (for tests and checks)."""
        return [(label.text, QRectF(label.rect)) for label in self._labels]

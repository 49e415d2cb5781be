"""Charts painted with QPainter, the same on screen and on paper: the issues burn-down.

The screen (ui/registers/issues.py) and the printed registers both call `paint_burn_down`, so
there is one painter. Fonts are measured on the device being painted, so a 600 dpi PDF lays
the chart out as a window does.
"""

from __future__ import annotations

from typing import NamedTuple

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPainterPath, QPalette, QPen

from cutover_desktop.reports.registers import BurnDownChart


def _mix(a: QColor, b: QColor, share: float) -> QColor:
    """A colour `share` of the way from a to b."""
    return QColor(round(a.red() + (b.red() - a.red()) * share),
                  round(a.green() + (b.green() - a.green()) * share),
                  round(a.blue() + (b.blue() - a.blue()) * share))


class ChartColours:
    """Colours for the chart, readable on the palette's background; lines also differ by
    pattern and every mark is labelled, so nothing depends on colour alone."""

    def __init__(self, palette: QPalette) -> None:
        self._set(palette.color(QPalette.ColorRole.Base), palette.color(QPalette.ColorRole.Text))

    @classmethod
    def of(cls, background: QColor, text: QColor) -> ChartColours:
        colours = cls.__new__(cls)
        colours._set(QColor(background), QColor(text))
        return colours

    def _set(self, background: QColor, text: QColor) -> None:
        self.background = background
        self.text = text
        dark = self.background.lightness() < 128
        self.grid = _mix(self.background, self.text, 0.18)
        self.axis = _mix(self.background, self.text, 0.7)
        self.actual = QColor("#82b1ff" if dark else "#0d47a1")
        self.ideal = _mix(self.background, self.text, 0.55)
        self.decision = QColor("#ffd180" if dark else "#8a5300")
        self.end = QColor("#ff8a80" if dark else "#b71c1c")
        self.today = self.text


class ChartMeasures(NamedTuple):
    fm: QFontMetricsF
    line: float  # a line of text
    pad: float  # an average character
    hair: float  # a thin line: one pixel on screen, ~0.2 mm on paper


def begin_chart(painter: QPainter, rect: QRectF, font: QFont,
                colours: ChartColours) -> ChartMeasures:
    """Saves the painter (the caller restores it), fills the chart's background and measures
    the font on the device: a printer's fonts are many times a screen's pixels."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.fillRect(rect, colours.background)
    fm = QFontMetricsF(font, painter.device())
    line = fm.height()
    return ChartMeasures(fm, line, fm.averageCharWidth(), max(1.0, line / 18))


def paint_burn_down(painter: QPainter, rect: QRectF, chart: BurnDownChart, font: QFont,
                    colours: ChartColours) -> None:
    """Draw the burn-down chart in `rect` with QPainter, on a widget or a printed page."""
    fm, line, pad, hair = begin_chart(painter, rect, font, colours)
    bold = QFont(font)
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(colours.text)
    title_rect = QRectF(rect.left() + pad, rect.top() + pad / 2, rect.width() - 2 * pad, line)
    painter.drawText(title_rect, int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     chart.title)
    painter.setFont(font)

    # Legend: a sample of each line with its words.
    legend_y = title_rect.bottom() + line * 0.7
    x = rect.left() + pad
    sample = pad * 4
    for text, pen in (("Open issues (end of day)", _actual_pen(colours, fm)),
                      ("Ideal: from the peak down to zero at the read-only end",
                       _ideal_pen(colours, fm))):
        painter.setPen(pen)
        painter.drawLine(QPointF(x, legend_y), QPointF(x + sample, legend_y))
        if pen.style() == Qt.PenStyle.SolidLine:
            painter.setBrush(colours.actual)
            painter.drawEllipse(QPointF(x + sample / 2, legend_y), pen.widthF() * 1.3,
                                pen.widthF() * 1.3)
            painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.setPen(colours.text)
        painter.drawText(QPointF(x + sample + pad / 2, legend_y + fm.ascent() / 2 - 1), text)
        x += sample + pad + fm.horizontalAdvance(text) + pad * 3

    # The plot area: room on the left for counts, above for the marks' labels, below for days.
    y_labels = [str(tick) for tick in chart.y_ticks]
    left = rect.left() + pad * 2 + max(fm.horizontalAdvance(t) for t in y_labels)
    top = legend_y + line * 0.9 + line * 2.2
    bottom = rect.bottom() - line * 2.6
    right = rect.right() - pad * 2
    if bottom - top < line * 3 or right - left < pad * 20:
        painter.restore()
        return
    plot = QRectF(left, top, right - left, bottom - top)

    def px(index: float) -> float:
        return plot.left() + plot.width() * index / chart.days

    def py(count: float) -> float:
        return plot.bottom() - plot.height() * count / chart.y_max

    # Grid, counts and days.
    for tick, label in zip(chart.y_ticks, y_labels, strict=True):
        y = py(tick)
        painter.setPen(QPen(colours.grid, hair))
        painter.drawLine(QPointF(plot.left(), y), QPointF(plot.right(), y))
        painter.setPen(colours.text)
        painter.drawText(QRectF(rect.left(), y - line / 2, left - rect.left() - pad, line),
                         int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter),
                         label)
    painter.setPen(QPen(colours.axis, hair * 1.2))
    painter.drawLine(plot.bottomLeft(), plot.bottomRight())
    painter.drawLine(plot.bottomLeft(), plot.topLeft())
    last_right = -1e9
    for index, label in chart.x_ticks:
        x = px(index)
        painter.setPen(QPen(colours.axis, hair))
        painter.drawLine(QPointF(x, plot.bottom()), QPointF(x, plot.bottom() + pad * 0.6))
        width = fm.horizontalAdvance(label)
        # Centred under the tick, but kept inside the chart at either end.
        label_left = min(max(x - width / 2, plot.left()), rect.right() - pad - width)
        if label_left < last_right + pad:
            continue  # too close to the last label: leave this one out rather than overlap
        painter.setPen(colours.text)
        painter.drawText(QRectF(label_left, plot.bottom() + pad * 0.6, width + 1, line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         label)
        last_right = label_left + width

    # Marks: labelled vertical lines, their labels stacked so they never overlap.
    rows_right = [-1e9, -1e9]
    for mark in sorted(chart.marks, key=lambda m: m.index):
        x = px(mark.index)
        pen = QPen(_mark_colour(colours, mark.kind), max(1.5, fm.height() / 10))
        pen.setStyle({"decision": Qt.PenStyle.DashDotLine, "end": Qt.PenStyle.SolidLine,
                      "today": Qt.PenStyle.DotLine}[mark.kind])
        painter.setPen(pen)
        painter.drawLine(QPointF(x, plot.top() - line * 0.2), QPointF(x, plot.bottom()))
        width = fm.horizontalAdvance(mark.label)
        label_left = min(max(x - width / 2, rect.left() + pad), rect.right() - pad - width)
        row = 0 if label_left > rows_right[0] + pad else 1
        rows_right[row] = label_left + width
        label_y = plot.top() - line * (2.2 - row * 1.05)
        painter.setPen(_mark_colour(colours, mark.kind))
        painter.drawText(QRectF(label_left, label_y, width + 1, line),
                         int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                         mark.label)

    # The ideal line, then the actual counts over it.
    if chart.ideal:
        painter.setPen(_ideal_pen(colours, fm))
        (i0, c0), (i1, c1) = chart.ideal
        painter.drawLine(QPointF(px(i0), py(c0)), QPointF(px(i1), py(c1)))
    if chart.actual:
        path = QPainterPath()
        for number, (index, count) in enumerate(chart.actual):
            point = QPointF(px(index), py(count))
            if number == 0:
                path.moveTo(point)
            else:
                # A step: the count holds all day and changes at the day's end.
                path.lineTo(QPointF(point.x(), path.currentPosition().y()))
                path.lineTo(point)
        pen = _actual_pen(colours, fm)
        painter.setPen(pen)
        painter.drawPath(path)
        if plot.width() / chart.days >= pen.widthF() * 4:
            painter.setBrush(colours.actual)
            for index, count in chart.actual:
                painter.drawEllipse(QPointF(px(index), py(count)), pen.widthF() * 1.1,
                                    pen.widthF() * 1.1)
            painter.setBrush(Qt.BrushStyle.NoBrush)
    else:
        painter.setPen(colours.text)
        painter.drawText(plot.adjusted(pad * 2, 0, -pad * 2, 0),
                         int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                         "No counts yet: they start at Business Go Live.")

    painter.setPen(colours.text)
    painter.drawText(QRectF(rect.left() + pad, rect.bottom() - line * 1.2,
                            rect.width() - 2 * pad, line),
                     int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter),
                     chart.caption)
    painter.restore()


def _actual_pen(colours: ChartColours, fm: QFontMetricsF) -> QPen:
    pen = QPen(colours.actual, max(2.0, fm.height() / 7))
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    return pen


def _ideal_pen(colours: ChartColours, fm: QFontMetricsF) -> QPen:
    pen = QPen(colours.ideal, max(1.5, fm.height() / 10))
    pen.setStyle(Qt.PenStyle.DashLine)
    return pen


def _mark_colour(colours: ChartColours, kind: str) -> QColor:
    return {"decision": colours.decision, "end": colours.end, "today": colours.today}[kind]


# Paper is white, and the lines differ by pattern as well as colour for a grey printer.
PRINT_COLOURS = ChartColours.of(QColor("#ffffff"), QColor("#000000"))


def paint_chart(painter: QPainter, rect: QRectF, content: object, font: QFont) -> None:
    """Paint a report's chart block on paper."""
    from cutover_desktop.printing.portfolio_timeline import paint_portfolio_timeline
    from cutover_desktop.reports.portfolio import PortfolioTimeline

    if isinstance(content, BurnDownChart):
        paint_burn_down(painter, rect, content, font, PRINT_COLOURS)
    elif isinstance(content, PortfolioTimeline):
        paint_portfolio_timeline(painter, rect, content, font, PRINT_COLOURS)
    else:
        raise TypeError(f"no painter for a chart of {type(content).__name__}")

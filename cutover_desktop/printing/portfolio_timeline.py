"""The portfolio's combined timeline, painted with QPainter the same on screen and on paper.

A lane a practice: its cut-over window (FDP to BGL) as a bar, its key dates as marks, the
RAG letter beside its name; weeks with more than one go-live are hatched and labelled, and
today is a line. Nothing depends on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen, QPolygonF

from cutover_desktop.domain.formatting import month_abbr
from cutover_desktop.domain.portfolio import Rag
from cutover_desktop.printing.charts import ChartColours, _mix, begin_chart
from cutover_desktop.reports.portfolio import PortfolioTimeline

_RAG_COLOURS = {Rag.RED: "#c62828", Rag.AMBER: "#ef8f00", Rag.GREEN: "#2e7d32",
                Rag.UNKNOWN: "#757575"}
_RAG_LETTER = {Rag.RED: "R", Rag.AMBER: "A", Rag.GREEN: "G", Rag.UNKNOWN: "?"}
_ALIGN_LEFT = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
_ALIGN_CENTRE = int(Qt.AlignmentFlag.AlignCenter)


def lane_height(font: QFont) -> float:
    return QFontMetricsF(font).height() * 1.9


def timeline_height(timeline: PortfolioTimeline, font: QFont) -> float:
    """The height the timeline wants on screen: header, lanes and the legend."""
    fm = QFontMetricsF(font)
    # The header (2.3 lines) and up to three rows of legend.
    return fm.height() * 6.5 + lane_height(font) * max(1, len(timeline.lanes))


def paint_portfolio_timeline(painter: QPainter, rect: QRectF, timeline: PortfolioTimeline,
                             font: QFont, colours: ChartColours) -> None:
    """Draw the combined timeline in `rect`; lanes shrink to fit the height they are given."""
    fm, line, pad, hair = begin_chart(painter, rect, font, colours)
    painter.setFont(font)

    names = [lane.name for lane in timeline.lanes] or [""]
    label_w = min(rect.width() * 0.3, max(fm.horizontalAdvance(n) for n in names) + line * 2.2)
    left = rect.left() + label_w + pad
    right = rect.right() - pad
    top = rect.top() + line * 2.3  # two header lines: months, then week starts
    legend_rows = len(_legend_rows(fm, _legend_parts(timeline), rect.width() - 2 * pad))
    legend_h = line * (0.6 + 1.2 * legend_rows)
    lanes = max(1, len(timeline.lanes))
    lane_h = min(line * 1.9, (rect.bottom() - legend_h - top) / lanes)
    bottom = top + lane_h * lanes
    span = max(1, timeline.day_count)
    per_day = (right - left) / span

    def x_of(day: date) -> float:
        return left + (day - timeline.first_day).days * per_day

    for index in range(1, lanes, 2):
        painter.fillRect(QRectF(rect.left(), top + index * lane_h, rect.width(), lane_h),
                         _mix(colours.background, colours.text, 0.04))
    clash_colour = QColor(_RAG_COLOURS[Rag.AMBER])
    for monday in timeline.clash_weeks:
        band = QRectF(x_of(monday), top, 7 * per_day, bottom - top)
        fill = _mix(colours.background, clash_colour, 0.18)
        painter.fillRect(band, fill)
        painter.fillRect(band, QBrush(_mix(colours.background, clash_colour, 0.6),
                                      Qt.BrushStyle.BDiagPattern))
    _paint_axis(painter, fm, timeline, x_of, per_day, rect, top, bottom, line, hair, colours)

    for index, lane in enumerate(timeline.lanes):
        y = top + index * lane_h
        _paint_lane_label(painter, fm, lane.name, lane.rag, rect.left() + pad / 2, y, label_w,
                          lane_h, colours)
        mid = y + lane_h / 2
        if lane.go_live is None:
            painter.setPen(colours.text)
            painter.drawText(QRectF(left + pad, y, right - left, lane_h), _ALIGN_LEFT,
                             f"{lane.note}: not shown")
            continue
        if lane.cutover is not None:
            start, end = lane.cutover
            bar = QRectF(x_of(start), mid - lane_h * 0.22, (end - start).days * per_day + per_day,
                         lane_h * 0.44)
            painter.setPen(QPen(colours.text, hair))
            painter.setBrush(_mix(colours.background, QColor(_RAG_COLOURS[lane.rag]), 0.55))
            painter.drawRect(bar)
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.8)
        painter.setFont(small)
        sfm = QFontMetricsF(small, painter.device())
        for short, day in lane.key_dates:
            x = x_of(day) + per_day / 2
            painter.setPen(QPen(colours.text, hair))
            if short == "BGL":
                size = lane_h * 0.28
                painter.setBrush(colours.text)
                painter.drawPolygon(QPolygonF([QPointF(x, mid - size), QPointF(x + size, mid),
                                               QPointF(x, mid + size), QPointF(x - size, mid)]))
                label = f"BGL {day.day} {month_abbr(day)}"
                painter.drawText(QRectF(x + size * 1.4, y, sfm.horizontalAdvance(label) + 2,
                                        lane_h), _ALIGN_LEFT, label)
            elif short not in ("FDP", "TGL"):
                # Other key dates: a short upright mark with its initial above the bar line.
                painter.setPen(QPen(colours.text, hair * 2))
                painter.drawLine(QPointF(x, mid - lane_h * 0.2), QPointF(x, mid + lane_h * 0.2))
        painter.setFont(font)

    # Today: a solid line across every lane, labelled at the top.
    if timeline.first_day <= timeline.today <= timeline.last_day:
        x = x_of(timeline.today) + per_day / 2
        painter.setPen(QPen(colours.today, hair * 2))
        painter.drawLine(QPointF(x, top - line * 0.2), QPointF(x, bottom))
    _paint_legend(painter, fm, rect, bottom + line * 0.4, line, pad, timeline, colours)
    painter.restore()


def _paint_axis(painter: QPainter, fm: QFontMetricsF, timeline: PortfolioTimeline,
                x_of: Callable[[date], float], per_day: float, rect: QRectF, top: float,
                bottom: float, line: float, hair: float, colours: ChartColours) -> None:
    """Month names on the first line, week lines and their Mondays' dates on the second."""
    painter.setPen(colours.text)
    day = timeline.first_day
    month_top = rect.top() + line * 0.1
    while day <= timeline.last_day:
        nxt = (day.replace(day=28) + timedelta(days=4)).replace(day=1)
        end = min(nxt, timeline.last_day + timedelta(days=1))
        x0, x1 = x_of(day), x_of(end)
        month_year = f"{month_abbr(day)} {day.year}"
        label = month_year if fm.horizontalAdvance(month_year) < x1 - x0 else month_abbr(day)
        if fm.horizontalAdvance(label) < x1 - x0:
            painter.drawText(QRectF(x0 + 2, month_top, x1 - x0, line), _ALIGN_LEFT, label)
        painter.setPen(QPen(colours.axis, hair))
        painter.drawLine(QPointF(x0, month_top), QPointF(x0, top))
        painter.setPen(colours.text)
        day = nxt
    # Every week's date when there is room for it, else every second or fourth.
    every = 1
    while 7 * per_day * every < fm.horizontalAdvance("88") * 1.6:
        every *= 2
    monday = timeline.first_day
    week = 0
    while monday <= timeline.last_day:
        x = x_of(monday)
        painter.setPen(QPen(colours.grid, hair))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
        if week % every == 0:
            painter.setPen(colours.text)
            painter.drawText(QRectF(x + 1, rect.top() + line * 1.15, 7 * per_day * every, line),
                             _ALIGN_LEFT, str(monday.day))
        monday += timedelta(days=7)
        week += 1
    painter.setPen(QPen(colours.axis, hair))
    painter.drawLine(QPointF(x_of(timeline.first_day), top), QPointF(rect.right(), top))


def _paint_lane_label(painter: QPainter, fm: QFontMetricsF, name: str, rag: Rag, x: float,
                      y: float, width: float, height: float, colours: ChartColours) -> None:
    box = min(height * 0.8, fm.height() * 1.1)
    chip = QRectF(x, y + (height - box) / 2, box, box)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(_RAG_COLOURS[rag]))
    painter.drawRoundedRect(chip, box * 0.2, box * 0.2)
    bold = QFont(painter.font())
    bold.setBold(True)
    painter.setFont(bold)
    painter.setPen(QColor("#ffffff"))
    painter.drawText(chip, _ALIGN_CENTRE, _RAG_LETTER[rag])
    painter.setFont(painter.font())
    plain = QFont(bold)
    plain.setBold(False)
    painter.setFont(plain)
    painter.setPen(colours.text)
    text_rect = QRectF(chip.right() + fm.averageCharWidth(), y,
                       width - box - fm.averageCharWidth() * 2, height)
    painter.drawText(text_rect, _ALIGN_LEFT,
                     fm.elidedText(name, Qt.TextElideMode.ElideRight, text_rect.width()))


def _legend_parts(timeline: PortfolioTimeline) -> list[str]:
    parts = ["Cut-over (FDP to BGL)", "◆ Business Go Live",
             "| planning, links off, read-only end", "Line: today", "R/A/G: RAG status"]
    if timeline.clash_weeks:
        parts.append("Hatched week: more than one go-live")
    return parts


def _legend_rows(fm: QFontMetricsF, parts: list[str], width: float) -> list[list[str]]:
    """The legend's entries flowed into as many rows as the width needs."""
    gap = fm.horizontalAdvance("    ")
    rows: list[list[str]] = [[]]
    used = fm.height() * 2  # the cut-over sample at the start
    for part in parts:
        size = fm.horizontalAdvance(part) + gap
        if rows[-1] and used + size > width:
            rows.append([])
            used = 0.0
        rows[-1].append(part)
        used += size
    return rows


def _paint_legend(painter: QPainter, fm: QFontMetricsF, rect: QRectF, y: float, line: float,
                  pad: float, timeline: PortfolioTimeline, colours: ChartColours) -> None:
    x = rect.left() + pad
    painter.setPen(QPen(colours.text, max(1.0, line / 18)))
    painter.setBrush(_mix(colours.background, colours.text, 0.35))
    painter.drawRect(QRectF(x, y + line * 0.25, line * 1.6, line * 0.5))
    for number, row in enumerate(_legend_rows(fm, _legend_parts(timeline),
                                              rect.width() - 2 * pad)):
        left = x + line * 2 if number == 0 else x
        painter.drawText(QRectF(left, y + number * line * 1.2, rect.right() - left, line),
                         _ALIGN_LEFT, "    ".join(row))

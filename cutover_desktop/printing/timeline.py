"""The timeline on paper: task names down the left of every page, the dates split across as many
pages as they need, bars, milestones, key dates and non-working days."""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QPagedPaintDevice, QPainter, QPen, QPolygonF

from cutover_desktop.domain.formatting import month_abbr, month_name, uk_date
from cutover_desktop.domain.model import TaskStatus
from cutover_desktop.printing.measure import (
    GROUP_FILL,
    HEADER_FILL,
    RULE,
    TEXT,
    Metrics,
    TextLines,
    lay_lines,
)
from cutover_desktop.printing.pages import draw_frame, page_area, paint_pages
from cutover_desktop.reports.document import Line, Style
from cutover_desktop.reports.timeline import TimelinePhase, TimelineReport, TimelineTask

NAME_COLUMN_MM = 64.0
STATUS_COLUMN_MM = 20.0
MIN_DAY_MM = 2.2
MIN_ROW_MM = 5.0
BAR_MM = 2.6
NON_WORKING_FILL = QColor("#ececec")
BANK_HOLIDAY_FILL = QColor("#dcdcdc")
WEEK_LINE = QColor("#c8c8c8")
KEY_LINE = QColor("#1a1a1a")
TODAY_LINE = QColor("#b00020")
BAR_FILLS = {
    TaskStatus.NOT_STARTED: QBrush(QColor("#ffffff")),
    TaskStatus.IN_PROGRESS: QBrush(QColor("#9a9a9a")),
    TaskStatus.DONE: QBrush(QColor("#3a3a3a")),
    TaskStatus.BLOCKED: QBrush(QColor("#3a3a3a"), Qt.BrushStyle.BDiagPattern),
    TaskStatus.SKIPPED: QBrush(QColor("#9a9a9a"), Qt.BrushStyle.Dense6Pattern),
}


@dataclass
class _Row:
    item: TimelinePhase | TimelineTask
    name: TextLines
    status: TextLines
    height: float


@dataclass(frozen=True)
class _Slice:
    first: date
    days: int

    @property
    def last(self) -> date:
        return self.first + timedelta(days=self.days - 1)


def _slices(report: TimelineReport, chart_width: float, metrics: Metrics) -> list[_Slice]:
    """Whole weeks per page, as evenly as the plan's span allows."""
    weeks_total = math.ceil(report.day_count / 7)
    max_weeks = max(1, math.floor(chart_width / (metrics.mm(MIN_DAY_MM) * 7)))
    count = math.ceil(weeks_total / max_weeks)
    weeks = math.ceil(weeks_total / count)
    out = []
    first = report.first_day
    while first <= report.last_day:
        out.append(_Slice(first, weeks * 7))
        first += timedelta(days=weeks * 7)
    return out


Label = tuple[float, str, date]


def _key_label_lines(report: TimelineReport, slices: list[_Slice], chart_x: float,
                     chart_width: float, metrics: Metrics) -> list[list[list[Label]]]:
    """For each page slice, the key-date labels on as many lines as keep them apart."""
    fm = metrics.metrics[Style.SMALL]
    gap = metrics.mm(1)
    per_slice = []
    for part in slices:
        day_width = chart_width / part.days
        labels = [(k.day, k.short) for k in report.key_dates if part.first <= k.day <= part.last]
        if report.today and part.first <= report.today <= part.last:
            labels.append((report.today, "Today"))
        labels.sort()
        lines: list[list[tuple[float, str, date]]] = []
        ends: list[float] = []
        for day, text in labels:
            x = chart_x + ((day - part.first).days + 0.5) * day_width
            width = fm.horizontalAdvance(text)
            left = min(max(x - width / 2, chart_x), chart_x + chart_width - width)
            index = next((i for i, end in enumerate(ends) if left > end + gap), len(ends))
            if index == len(ends):
                ends.append(0.0)
                lines.append([])
            ends[index] = left + width
            lines[index].append((left, text, day))
        per_slice.append(lines)
    return per_slice


def render_timeline(report: TimelineReport, device: QPagedPaintDevice) -> int:
    metrics = Metrics(device)
    area = page_area(device, metrics)
    name_width = metrics.mm(NAME_COLUMN_MM)
    status_width = metrics.mm(STATUS_COLUMN_MM)
    chart_x = name_width + status_width
    chart_width = area.width - chart_x
    pad_x, pad_y = metrics.pad_x, metrics.pad_y
    small_h = metrics.line_height(Style.SMALL)

    rows: list[_Row] = []
    for item in report.rows:
        if isinstance(item, TimelinePhase):
            name = lay_lines(metrics, [Line(item.name, Style.BOLD)], area.width - 2 * pad_x)
            status = TextLines()
        else:
            name = lay_lines(metrics, [Line(item.title, Style.SMALL)], name_width - 2 * pad_x)
            status = lay_lines(metrics, [Line(item.status_text, Style.SMALL)],
                               status_width - 2 * pad_x)
        height = max(name.height, status.height) + 2 * pad_y
        rows.append(_Row(item, name, status, max(height, metrics.mm(MIN_ROW_MM))))

    slices = _slices(report, chart_width, metrics)
    key_lines = _key_label_lines(report, slices, chart_x, chart_width, metrics)
    key_rows = max((len(lines) for lines in key_lines), default=0)
    date_header = (metrics.line_height(Style.BOLD) + small_h + key_rows * small_h + 2 * pad_y)
    chart_height = area.body_height - date_header

    # Each stretch of dates lists the tasks that fall in it, as many pages as they need; a
    # phase heading never ends a page.
    pages: list[tuple[list[_Row], int]] = []
    for index, part in enumerate(slices):
        chosen: list[_Row] = []
        phase_row: _Row | None = None
        for row in rows:
            if isinstance(row.item, TimelinePhase):
                phase_row = row
            elif row.item.end >= part.first and row.item.start <= part.last:
                if phase_row is not None:
                    chosen.append(phase_row)
                    phase_row = None
                chosen.append(row)
        for chunk in _chunks(chosen, chart_height):
            pages.append((chunk, index))
    if not pages:
        pages.append(([], 0))

    def paint(painter: QPainter, number: int) -> None:
        chunk, slice_index = pages[number]
        part = slices[slice_index]
        note = f"{uk_date(part.first)} to {uk_date(part.last)}"
        draw_frame(painter, metrics, area, report.frame, report.title, number + 1, len(pages),
                   note)
        top = area.body_top
        _paint_date_header(painter, metrics, report, part, key_lines[slice_index], top,
                           date_header, chart_x, chart_width, name_width, status_width)
        _paint_rows(painter, metrics, report, part, chunk, top + date_header, chart_x,
                    chart_width, name_width, status_width, area.width)

    paint_pages(device, len(pages), paint)
    return len(pages)


def _chunks(rows: list[_Row], height: float) -> list[list[_Row]]:
    chunks: list[list[_Row]] = []
    current: list[_Row] = []
    used = 0.0
    for row in rows:
        if current and used + row.height > height:
            carried: list[_Row] = []
            while current and isinstance(current[-1].item, TimelinePhase):
                carried.insert(0, current.pop())
            chunks.append(current)
            current, used = carried, sum(r.height for r in carried)
        current.append(row)
        used += row.height
    if current:
        chunks.append(current)
    return chunks


def _paint_date_header(painter: QPainter, m: Metrics, report: TimelineReport, part: _Slice,
                       key_lines: list[list[tuple[float, str, date]]], top: float,
                       height: float, chart_x: float, chart_width: float, name_width: float,
                       status_width: float) -> None:
    bold_fm = m.metrics[Style.BOLD]
    small_fm = m.metrics[Style.SMALL]
    day_width = chart_width / part.days
    painter.fillRect(QRectF(0, top, chart_x + chart_width, height), HEADER_FILL)
    painter.setFont(m.fonts[Style.BOLD])
    painter.setPen(TEXT)
    base = top + height - m.pad_y - small_fm.descent()
    painter.drawText(QPointF(m.pad_x, base), "Task")
    painter.drawText(QPointF(name_width + m.pad_x, base), "Status")
    # Months across the top line.
    month_y = top + m.pad_y + bold_fm.ascent()
    day = part.first
    while day <= part.last:
        next_month = (day.replace(day=1) + timedelta(days=32)).replace(day=1)
        end = min(next_month - timedelta(days=1), part.last)
        x0 = chart_x + (day - part.first).days * day_width
        x1 = chart_x + ((end - part.first).days + 1) * day_width
        for text in (f"{month_name(day)} {day.year}", f"{month_abbr(day)} {day.year}",
                     month_abbr(day), ""):
            if bold_fm.horizontalAdvance(text) <= x1 - x0 - 2 * m.pad_x:
                break
        if text:
            painter.setFont(m.fonts[Style.BOLD])
            painter.setPen(TEXT)
            painter.drawText(QPointF(x0 + m.pad_x, month_y), text)
        if day != part.first:
            painter.setPen(QPen(RULE, m.thin))
            painter.drawLine(QPointF(x0, top), QPointF(x0, top + height))
        day = end + timedelta(days=1)
    # Week beginnings (Mondays) on the second line.
    painter.setFont(m.fonts[Style.SMALL])
    week_y = top + m.pad_y + bold_fm.lineSpacing() + small_fm.ascent()
    for offset in range(0, part.days, 7):
        monday = part.first + timedelta(days=offset)
        x = chart_x + offset * day_width
        painter.setPen(TEXT)
        painter.drawText(QPointF(x + m.mm(0.5), week_y), str(monday.day))
    # Key dates, on as many lines as keep their labels apart.
    for index, labels in enumerate(key_lines):
        y = week_y + (index + 1) * small_fm.lineSpacing()
        for left, text, when in labels:
            painter.setPen(TODAY_LINE if text == "Today" and when == report.today else TEXT)
            painter.drawText(QPointF(left, y), text)
    painter.setPen(QPen(RULE, m.thin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, top, chart_x + chart_width, height))
    painter.drawLine(QPointF(name_width, top), QPointF(name_width, top + height))
    painter.drawLine(QPointF(chart_x, top), QPointF(chart_x, top + height))


def _paint_rows(painter: QPainter, m: Metrics, report: TimelineReport, part: _Slice,
                chunk: list[_Row], top: float, chart_x: float, chart_width: float,
                name_width: float, status_width: float, width: float) -> None:
    day_width = chart_width / part.days
    bottom = top + sum(r.height for r in chunk)
    # Non-working days and week lines behind everything.
    for offset in range(part.days):
        day = part.first + timedelta(days=offset)
        reason = report.non_working.get(day)
        if reason:
            fill = BANK_HOLIDAY_FILL if reason != "weekend" else NON_WORKING_FILL
            painter.fillRect(QRectF(chart_x + offset * day_width, top, day_width, bottom - top),
                             fill)
        if day.weekday() == 0 and offset:
            painter.setPen(QPen(WEEK_LINE, m.thin))
            x = chart_x + offset * day_width
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    y = top
    bar_height = m.mm(BAR_MM)
    for row in chunk:
        item = row.item
        if isinstance(item, TimelinePhase):
            painter.fillRect(QRectF(0, y, width, row.height), GROUP_FILL)
            row.name.draw(painter, m, m.pad_x, y + m.pad_y, width - 2 * m.pad_x)
        else:
            row.name.draw(painter, m, m.pad_x, y + m.pad_y, name_width - 2 * m.pad_x)
            row.status.draw(painter, m, name_width + m.pad_x, y + m.pad_y,
                            status_width - 2 * m.pad_x)
            _paint_bar(painter, m, item, part, chart_x, day_width, y + row.height / 2,
                       bar_height)
        y += row.height
        painter.setPen(QPen(WEEK_LINE, m.thin))
        painter.drawLine(QPointF(0, y), QPointF(width, y))
    # Key dates and today as lines over the bars.
    for key in report.key_dates:
        if part.first <= key.day <= part.last:
            x = chart_x + ((key.day - part.first).days + 0.5) * day_width
            painter.setPen(QPen(KEY_LINE, m.mm(0.3), Qt.PenStyle.DashLine))
            painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    if report.today and part.first <= report.today <= part.last:
        x = chart_x + ((report.today - part.first).days + 0.5) * day_width
        painter.setPen(QPen(TODAY_LINE, m.mm(0.3), Qt.PenStyle.DotLine))
        painter.drawLine(QPointF(x, top), QPointF(x, bottom))
    painter.setPen(QPen(RULE, m.thin))
    painter.setBrush(Qt.BrushStyle.NoBrush)
    painter.drawRect(QRectF(0, top, width, bottom - top))
    for x in (name_width, chart_x):
        ry = top
        for row in chunk:
            if not isinstance(row.item, TimelinePhase):
                painter.drawLine(QPointF(x, ry), QPointF(x, ry + row.height))
            ry += row.height


def _paint_bar(painter: QPainter, m: Metrics, task: TimelineTask, part: _Slice, chart_x: float,
               day_width: float, centre_y: float, height: float) -> None:
    if task.end < part.first or task.start > part.last:
        return
    start = max(task.start, part.first)
    end = min(task.end, part.last)
    x0 = chart_x + (start - part.first).days * day_width
    x1 = chart_x + ((end - part.first).days + 1) * day_width
    if task.milestone:
        x = chart_x + ((task.start - part.first).days + 0.5) * day_width
        if part.first <= task.start <= part.last:
            r = height * 0.75
            diamond = QPolygonF([QPointF(x, centre_y - r), QPointF(x + r, centre_y),
                                 QPointF(x, centre_y + r), QPointF(x - r, centre_y)])
            painter.setPen(QPen(TEXT, m.thin))
            painter.setBrush(BAR_FILLS[task.status] if task.status is not TaskStatus.NOT_STARTED
                             else QBrush(TEXT))
            painter.drawPolygon(diamond)
        return
    inset = min(m.mm(0.3), day_width * 0.15)
    rect = QRectF(x0 + inset, centre_y - height / 2, max(x1 - x0 - 2 * inset, m.thin), height)
    painter.setPen(QPen(TEXT, m.thin))
    painter.setBrush(BAR_FILLS[task.status])
    painter.drawRect(rect)
    # Arrow heads where the bar carries on beyond this page.
    painter.setBrush(QBrush(TEXT))
    size = height * 0.45
    if task.start < part.first:
        painter.drawPolygon(QPolygonF([QPointF(x0, centre_y), QPointF(x0 + size, centre_y - size),
                                       QPointF(x0 + size, centre_y + size)]))
    if task.end > part.last:
        painter.drawPolygon(QPolygonF([QPointF(x1, centre_y), QPointF(x1 - size, centre_y - size),
                                       QPointF(x1 - size, centre_y + size)]))


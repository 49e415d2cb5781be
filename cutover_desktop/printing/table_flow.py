"""Tables on pages: column widths from the content, rows that split between pages with the
headings repeated, group headings kept with the row after them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QPainter, QPainterPath, QPen

from cutover_desktop.printing.measure import (
    GROUP_FILL,
    HEADER_FILL,
    RULE,
    TEXT,
    Flowable,
    Metrics,
    TextLines,
    lay_lines,
    words_of,
)
from cutover_desktop.reports.document import Align, Cell, GroupRow, Line, Row, Style, Table


@dataclass
class LaidCell:
    text: TextLines
    checkbox: bool = False
    checked: bool = False


@dataclass
class LaidRow:
    cells: list[LaidCell]
    height: float
    group: bool = False
    continued: bool = False  # the rest of a row cut at the foot of the previous page


def column_widths(metrics: Metrics, table: Table, width: float) -> list[float]:
    """Widths shared out by weight, but never so narrow that a word (of a heading or of a
    cell) has to be broken: narrow columns take what they need from the wider ones. A word
    longer than a quarter of the table (a web address) may still be broken."""
    total = sum(c.weight for c in table.columns)
    widths = [width * c.weight / total for c in table.columns]
    cap = width / 4
    needs = []
    for index, column in enumerate(table.columns):
        need = max((metrics.word_width(w, Style.BOLD) for w in words_of(column.title)),
                   default=0.0)
        for row in table.rows:
            if isinstance(row, Row):
                cell = row.cells[index]
                if cell.checkbox:
                    need = max(need, metrics.mm(3.6))
                for line in cell.lines:
                    for word in words_of(line.text):
                        need = max(need, metrics.word_width(word, line.style))
        needs.append(min(need, cap) + 2 * metrics.pad_x + 1)
    if sum(needs) > width:  # too many columns to keep every word whole: share the shortfall
        scale = width / sum(needs)
        needs = [n * scale for n in needs]
    for _ in range(len(widths)):
        short = sum(max(0.0, n - w) for n, w in zip(needs, widths, strict=True))
        if short <= 0.01:
            break
        spare = [max(0.0, w - n) for n, w in zip(needs, widths, strict=True)]
        room = sum(spare)
        if room <= 0:
            break
        take = min(short, room)
        widths = [max(w, n) if n > w else w - take * s / room
                  for n, w, s in zip(needs, widths, spare, strict=True)]
    return widths


class TableFlow(Flowable):
    """A table whose heading row is drawn again at the top of every page it reaches."""

    def __init__(self, metrics: Metrics, widths: list[float], aligns: list[Align],
                 header: LaidRow, rows: list[LaidRow], space_after: float) -> None:
        self.metrics = metrics
        self.widths = widths
        self.aligns = aligns
        self.header = header
        self.rows = rows
        self.space_after = space_after

    @classmethod
    def build(cls, metrics: Metrics, table: Table, width: float, space_after: float) -> TableFlow:
        widths = column_widths(metrics, table, width)
        aligns = [c.align for c in table.columns]
        pad_x, pad_y = metrics.pad_x, metrics.pad_y
        min_row = metrics.mm(table.min_row_mm)

        def laid_row(cells: Sequence[Cell], style: Style | None = None) -> LaidRow:
            laid = []
            for cell, w in zip(cells, widths, strict=True):
                lines = cell.lines if style is None else tuple(
                    Line(line.text, style) for line in cell.lines)
                laid.append(LaidCell(lay_lines(metrics, lines, w - 2 * pad_x),
                                     cell.checkbox, cell.checked))
            content = max((c.text.height for c in laid), default=0.0)
            if any(c.checkbox for c in laid):
                content = max(content, metrics.mm(3.6))
            return LaidRow(laid, content + 2 * pad_y)

        header = laid_row([Cell(tuple(Line(part) for part in c.title.split("\n")))
                           for c in table.columns], Style.BOLD)
        rows: list[LaidRow] = []
        for row in table.rows:
            if isinstance(row, GroupRow):
                lines = [Line(row.title, Style.BOLD)]
                if row.detail:
                    lines.append(Line(row.detail, Style.MUTED))
                text = lay_lines(metrics, lines, width - 2 * pad_x)
                rows.append(LaidRow([LaidCell(text)], text.height + 2 * pad_y, group=True))
            else:
                laid = laid_row(row.cells)
                laid.height = max(laid.height, min_row)
                rows.append(laid)
        if not rows:
            text = lay_lines(metrics, [Line(table.empty_text, Style.MUTED)], width - 2 * pad_x)
            rows.append(LaidRow([LaidCell(text)], text.height + 2 * pad_y, group=True))
        return cls(metrics, widths, aligns, header, rows, space_after)

    def height(self) -> float:
        return self.header.height + sum(r.height for r in self.rows) + self.space_after

    def min_height(self) -> float:
        # The heading row, a group heading if one comes first, and the first real row.
        height = self.header.height
        for row in self.rows:
            height += row.height
            if not row.group:
                break
        return height

    def split(self, available: float, at_top: bool) -> tuple[Flowable | None, Flowable | None]:
        if self.height() <= available:
            return self, None
        used = self.header.height
        count = 0
        for row in self.rows:
            if used + row.height > available:
                break
            used += row.height
            count += 1
        # A group heading never ends a page: it goes over with its first row.
        while count and self.rows[count - 1].group:
            count -= 1
        following, lead = count, 0.0
        while following < len(self.rows) and self.rows[following].group:
            lead += self.rows[following].height
            following += 1
        if (following < len(self.rows)
                and self._worth_cutting(self.rows[following], available - used - lead)):
            head, rest = self._cut_rows(self.rows[count:],
                                        available - used + self.header.height)
            head_rows = head.rows if isinstance(head, TableFlow) else []
            return self._part(self.rows[:count] + head_rows, 0.0), rest
        if count == 0:
            if not at_top:
                return None, self
            return self._cut_rows(self.rows, available)
        return self._part(self.rows[:count], 0.0), self._part(self.rows[count:],
                                                              self.space_after)

    def _worth_cutting(self, row: LaidRow, room: float) -> bool:
        """Cut a tall row at the page end rather than leave a large gap: when the row is
        taller than 3 cm and at least three lines of it fit here."""
        if row.group:
            return False
        line = self.metrics.line_height(Style.NORMAL)
        return row.height > self.metrics.mm(30) and room >= 3 * line + 2 * self.metrics.pad_y

    def _part(self, rows: list[LaidRow], space_after: float) -> TableFlow:
        return TableFlow(self.metrics, self.widths, self.aligns, self.header, rows, space_after)

    def _cut_rows(self, rows_in: list[LaidRow],
                  available: float) -> tuple[Flowable | None, Flowable | None]:
        """Print the lines of the first row that fit and carry the rest overleaf (with any
        group heading before it kept on this page with it)."""
        rows = list(rows_in)
        lead: list[LaidRow] = []
        room = available - self.header.height
        while rows and rows[0].group and len(rows) > 1:
            lead.append(rows.pop(0))
            room -= lead[-1].height
        row = rows.pop(0)
        room -= 2 * self.metrics.pad_y
        first_cells, rest_cells = [], []
        for cell in row.cells:
            head, tail = cell.text.take(room)
            if not head.lines and cell.text.lines:
                head, tail = cell.text.take(cell.text.heights[0])
            first_cells.append(LaidCell(head, cell.checkbox, cell.checked))
            rest_cells.append(LaidCell(tail))
        pad = 2 * self.metrics.pad_y
        first = LaidRow(first_cells, max(c.text.height for c in first_cells) + pad, row.group,
                        row.continued)
        if not any(c.text.lines for c in rest_cells):
            return self._part([*lead, first], 0.0), (
                self._part(rows, self.space_after) if rows else None)
        # Say on the new page that the row carries on from the last.
        note = TextLines([(Style.MUTED, "(continued)")],
                         [self.metrics.line_height(Style.MUTED)])
        rest_cells[0] = LaidCell(TextLines(note.lines + rest_cells[0].text.lines,
                                           note.heights + rest_cells[0].text.heights))
        rest = LaidRow(rest_cells, max(c.text.height for c in rest_cells) + pad, row.group,
                       True)
        return self._part([*lead, first], 0.0), self._part([rest, *rows], self.space_after)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        m = self.metrics
        total = sum(self.widths)
        top = y
        painter.fillRect(QRectF(x, y, total, self.header.height), HEADER_FILL)
        self._draw_cells(painter, self.header, x, y)
        y += self.header.height
        for row in self.rows:
            if row.group:
                painter.fillRect(QRectF(x, y, total, row.height), GROUP_FILL)
                row.cells[0].text.draw(painter, m, x + m.pad_x, y + m.pad_y, total - 2 * m.pad_x)
            else:
                self._draw_cells(painter, row, x, y)
            y += row.height
            painter.setPen(QPen(RULE, m.thin))
            painter.drawLine(QPointF(x, y), QPointF(x + total, y))
        painter.setPen(QPen(RULE, m.thin))
        painter.drawLine(QPointF(x, top + self.header.height), QPointF(x + total,
                                                                      top + self.header.height))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(QRectF(x, top, total, y - top))
        # Column rules, broken where a group heading spans the table.
        cx = x
        for w in self.widths[:-1]:
            cx += w
            ry = top
            for row in [self.header, *self.rows]:
                if not row.group:
                    painter.drawLine(QPointF(cx, ry), QPointF(cx, ry + row.height))
                ry += row.height

    def _draw_cells(self, painter: QPainter, row: LaidRow, x: float, y: float) -> None:
        m = self.metrics
        for cell, w, align in zip(row.cells, self.widths, self.aligns, strict=True):
            if cell.checkbox:
                _draw_tick_box(painter, m, x + w / 2, y + m.pad_y, cell.checked)
            else:
                cell.text.draw(painter, m, x + m.pad_x, y + m.pad_y, w - 2 * m.pad_x, align)
            x += w


def _draw_tick_box(painter: QPainter, m: Metrics, centre_x: float, top: float,
                   checked: bool) -> None:
    size = m.mm(3.6)
    box = QRectF(centre_x - size / 2, top, size, size)
    painter.setPen(QPen(TEXT, max(1.0, m.mm(0.25))))
    painter.setBrush(QBrush(Qt.BrushStyle.NoBrush))
    painter.drawRect(box)
    if checked:
        tick = QPainterPath(QPointF(box.left() + size * 0.2, box.top() + size * 0.55))
        tick.lineTo(QPointF(box.left() + size * 0.42, box.top() + size * 0.78))
        tick.lineTo(QPointF(box.left() + size * 0.82, box.top() + size * 0.22))
        painter.setPen(QPen(TEXT, max(1.0, m.mm(0.45))))
        painter.drawPath(tick)

"""Laying report content on pages: wrapped text, and tables that split between pages with their
headings repeated, group headings kept with the row after them and nothing clipped."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPagedPaintDevice,
    QPainter,
    QPainterPath,
    QPen,
)

from cutover_desktop.printing.charts import paint_chart
from cutover_desktop.reports.document import (
    Align,
    Block,
    Cell,
    Chart,
    Facts,
    GroupRow,
    Heading,
    Line,
    NotesArea,
    PageBreak,
    Paragraph,
    Row,
    Style,
    Table,
)

MM_PER_INCH = 25.4
FONT_FAMILIES = ["Segoe UI", "Arial", "Helvetica", "DejaVu Sans", "Liberation Sans"]
_POINT_SIZES = {Style.NORMAL: 9.0, Style.BOLD: 9.0, Style.SMALL: 7.5, Style.MUTED: 7.5,
                Style.HEADING: 14.0, Style.SUBHEADING: 10.5}
TEXT = QColor("#000000")
MUTED_TEXT = QColor("#444444")
RULE = QColor("#7a7a7a")
HEADER_FILL = QColor("#dedede")
GROUP_FILL = QColor("#efefef")
# A notes area is left out rather than squeezed below this many lines.
MIN_NOTE_LINES = 3
# Label-value lists this short are never split between pages; a longer one leaves at least
# this many rows on each side of a page break.
WHOLE_FACT_ROWS = 12
MIN_FACT_ROWS = 2


def make_font(point_size: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setFamilies(FONT_FAMILIES)
    font.setStyleHint(QFont.StyleHint.SansSerif)
    font.setPointSizeF(point_size)
    font.setBold(bold)
    return font


class Metrics:
    """Fonts and measures for one paint device (a printer or PDF writer), in device pixels."""

    def __init__(self, device: QPagedPaintDevice) -> None:
        self.device = device
        self.dpi = float(device.logicalDpiY())
        self.fonts = {style: make_font(size, style in (Style.BOLD, Style.HEADING,
                                                       Style.SUBHEADING))
                      for style, size in _POINT_SIZES.items()}
        self.metrics = {style: QFontMetricsF(font, device) for style, font in self.fonts.items()}
        self.pad_x = self.mm(1.3)
        self.pad_y = self.mm(0.9)
        self.thin = max(1.0, self.mm(0.18))
        self._words: dict[tuple[str, Style], float] = {}

    def mm(self, value: float) -> float:
        return value * self.dpi / MM_PER_INCH

    def word_width(self, word: str, style: Style) -> float:
        key = (word, style)
        found = self._words.get(key)
        if found is None:
            found = self._words[key] = self.metrics[style].horizontalAdvance(word)
        return found

    def line_height(self, style: Style) -> float:
        return self.metrics[style].lineSpacing()

    def wrap(self, text: str, style: Style, width: float) -> list[str]:
        """The text broken into printed lines no wider than width: at spaces where it can,
        inside a long word (a web address, say) where it must."""
        # Measured with QFontMetricsF, not QTextLayout: in PySide6 6.12 QTextLayout's
        # beginLayout/endLayout/setLineWidth release a reference to None they never took,
        # which crashes the interpreter after enough calls.
        fm = self.metrics[style]
        width = max(width, 1.0)
        lines: list[str] = []
        text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\t", " ")
        for paragraph in text.split("\n"):
            line = ""
            for word in _WORD.findall(paragraph):
                bare = word.rstrip()
                if line and fm.horizontalAdvance(line + bare) > width:
                    lines.append(line.rstrip())
                    line = ""
                if not line and fm.horizontalAdvance(bare) > width:
                    pieces = _break_word(bare, fm, width)
                    lines += pieces[:-1]
                    line = pieces[-1] + word[len(bare):]
                    continue
                line += word
            lines.append(line.rstrip())
        return lines


# Words break at ordinary spaces only, so a no-break space keeps "• Task" together.
_WORD = re.compile(r"[^ ]+ *")
_BREAKS = re.compile(r"[ \t\r\n]+")


def _words(text: str) -> list[str]:
    """The words wrapping can break between: str.split() would also split at no-break spaces."""
    return [word for word in _BREAKS.split(text) if word]


def _break_word(word: str, fm: QFontMetricsF, width: float) -> list[str]:
    """A word too long for the width, cut into pieces that fit (at least one character each)."""
    pieces = []
    while word:
        low, high = 1, len(word)
        while low < high:  # the longest prefix that fits
            middle = (low + high + 1) // 2
            if fm.horizontalAdvance(word[:middle]) <= width:
                low = middle
            else:
                high = middle - 1
        pieces.append(word[:low])
        word = word[low:]
    return pieces


@dataclass
class TextLines:
    """Printed lines, each with its style: a paragraph or a cell's content once wrapped."""

    lines: list[tuple[Style, str]] = field(default_factory=list)
    heights: list[float] = field(default_factory=list)

    @property
    def height(self) -> float:
        return sum(self.heights)

    def add(self, metrics: Metrics, line: Line, width: float) -> None:
        for text in metrics.wrap(line.text, line.style, width):
            self.lines.append((line.style, text))
            self.heights.append(metrics.line_height(line.style))

    def take(self, height: float) -> tuple[TextLines, TextLines]:
        """The lines that fit in a height, and the rest."""
        used = 0.0
        count = 0
        for h in self.heights:
            if used + h > height:
                break
            used += h
            count += 1
        return (TextLines(self.lines[:count], self.heights[:count]),
                TextLines(self.lines[count:], self.heights[count:]))

    def draw(self, painter: QPainter, metrics: Metrics, x: float, y: float, width: float,
             align: Align = Align.LEFT) -> None:
        for (style, text), h in zip(self.lines, self.heights, strict=True):
            if text:
                fm = metrics.metrics[style]
                painter.setFont(metrics.fonts[style])
                painter.setPen(MUTED_TEXT if style is Style.MUTED else TEXT)
                dx = 0.0
                if align is not Align.LEFT:
                    spare = max(0.0, width - fm.horizontalAdvance(text))
                    dx = spare if align is Align.RIGHT else spare / 2
                painter.drawText(QPointF(x + dx, y + fm.ascent()), text)
            y += h


def lay_lines(metrics: Metrics, lines: Sequence[Line], width: float) -> TextLines:
    laid = TextLines()
    for line in lines:
        laid.add(metrics, line, width)
    return laid


class Flowable:
    """A piece of content that goes down the page and can split at a page end."""

    keep_with_next = False

    def height(self) -> float:
        raise NotImplementedError

    def min_height(self) -> float:
        """The smallest first piece: what must fit for it to start on this page."""
        return self.height()

    def split(self, available: float, at_top: bool) -> tuple[Flowable | None, Flowable | None]:
        """The part that fits in the height available, and what goes on the next page. At the
        top of a page something must be placed, so a piece taller than a page is cut."""
        if self.height() <= available:
            return self, None
        return None, self

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        raise NotImplementedError


class TextFlow(Flowable):
    def __init__(self, metrics: Metrics, laid: TextLines, space_after: float,
                 keep_with_next: bool = False) -> None:
        self.metrics = metrics
        self.laid = laid
        self.space_after = space_after
        self.keep_with_next = keep_with_next

    def height(self) -> float:
        return self.laid.height + self.space_after

    def min_height(self) -> float:
        return self.laid.heights[0] if self.laid.heights else self.space_after

    def split(self, available: float, at_top: bool) -> tuple[Flowable | None, Flowable | None]:
        if self.height() <= available:
            return self, None
        first, rest = self.laid.take(available)
        if not first.lines:
            if not at_top:
                return None, self
            first, rest = self.laid.take(self.laid.heights[0])
        if not rest.lines:
            return TextFlow(self.metrics, first, 0.0), None
        return (TextFlow(self.metrics, first, 0.0),
                TextFlow(self.metrics, rest, self.space_after, self.keep_with_next))

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        self.laid.draw(painter, self.metrics, x, y, width)


class FactsFlow(Flowable):
    """Label: value pairs, labels in bold in a column of their own."""

    def __init__(self, metrics: Metrics, pairs: Sequence[tuple[str, str]], width: float,
                 space_after: float, keep_with_next: bool = False) -> None:
        self.metrics = metrics
        self.keep_with_next = keep_with_next
        bold = metrics.metrics[Style.BOLD]
        widest = max((bold.horizontalAdvance(label + ":") for label, _ in pairs), default=0.0)
        self.label_width = min(widest + metrics.mm(3), width * 0.4)
        self.rows = [
            (lay_lines(metrics, [Line(label + ":", Style.BOLD)], self.label_width - metrics.mm(2)),
             lay_lines(metrics, [Line(value)], width - self.label_width))
            for label, value in pairs]
        self.space_after = space_after

    def _row_height(self, row: tuple[TextLines, TextLines]) -> float:
        return max(row[0].height, row[1].height)

    def height(self) -> float:
        return sum(self._row_height(r) for r in self.rows) + self.space_after

    def _whole(self) -> bool:
        return len(self.rows) <= WHOLE_FACT_ROWS

    def min_height(self) -> float:
        if self._whole():
            return self.height() - self.space_after
        return sum(self._row_height(r) for r in self.rows[:MIN_FACT_ROWS])

    def split(self, available: float, at_top: bool) -> tuple[Flowable | None, Flowable | None]:
        # The space after the last row may run past the page's foot.
        if self.height() - self.space_after <= available:
            return self, None
        used, count = 0.0, 0
        for row in self.rows:
            if used + self._row_height(row) > available:
                break
            used += self._row_height(row)
            count += 1
        if not at_top:
            if self._whole():
                return None, self
            # No row left alone at either side of the break.
            count = min(count, len(self.rows) - MIN_FACT_ROWS)
            if count < MIN_FACT_ROWS:
                return None, self
        count = max(count, 1)
        first = FactsFlow.__new__(FactsFlow)
        rest = FactsFlow.__new__(FactsFlow)
        for part, rows, space, keep in ((first, self.rows[:count], 0.0, False),
                                        (rest, self.rows[count:], self.space_after,
                                         self.keep_with_next)):
            part.metrics, part.label_width = self.metrics, self.label_width
            part.rows, part.space_after, part.keep_with_next = rows, space, keep
        return first, (rest if rest.rows else None)

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        for label, value in self.rows:
            label.draw(painter, self.metrics, x, y, self.label_width)
            value.draw(painter, self.metrics, x + self.label_width, y, width - self.label_width)
            y += max(label.height, value.height)


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
        need = max((metrics.word_width(w, Style.BOLD) for w in _words(column.title)),
                   default=0.0)
        for row in table.rows:
            if isinstance(row, Row):
                cell = row.cells[index]
                if cell.checkbox:
                    need = max(need, metrics.mm(3.6))
                for line in cell.lines:
                    for word in _words(line.text):
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


class NotesFlow(Flowable):
    """Ruled lines to write on. It fills what is left of the page, never starts a new one."""

    def __init__(self, metrics: Metrics, title: str, lines: int) -> None:
        self.metrics = metrics
        self.title = lay_lines(metrics, [Line(title, Style.SUBHEADING)], 1e6)
        self.gap = metrics.mm(8)
        self.lines = lines

    def height(self) -> float:
        return self.title.height + self.lines * self.gap

    def fitted(self, available: float) -> NotesFlow | None:
        count = min(self.lines, math.floor((available - self.title.height) / self.gap))
        if count < MIN_NOTE_LINES:
            return None
        fitted = NotesFlow.__new__(NotesFlow)
        fitted.metrics, fitted.title, fitted.gap, fitted.lines = (
            self.metrics, self.title, self.gap, count)
        return fitted

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        self.title.draw(painter, self.metrics, x, y, width)
        y += self.title.height
        painter.setPen(QPen(RULE, self.metrics.thin))
        for _ in range(self.lines):
            y += self.gap
            painter.drawLine(QPointF(x, y), QPointF(x + width, y))


class ChartFlow(Flowable):
    """A chart painted whole: it moves to the next page rather than split, and shrinks only
    when even an empty page is too short for it."""

    def __init__(self, metrics: Metrics, content: object, chart_height: float,
                 space_after: float) -> None:
        self.metrics = metrics
        self.content = content
        self.chart_height = chart_height
        self.space_after = space_after

    def height(self) -> float:
        return self.chart_height + self.space_after

    def min_height(self) -> float:
        return self.chart_height

    def split(self, available: float, at_top: bool) -> tuple[Flowable | None, Flowable | None]:
        if self.chart_height <= available:
            return self, None
        if not at_top:
            return None, self
        return ChartFlow(self.metrics, self.content, max(available, self.metrics.mm(40)),
                         0.0), None

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        paint_chart(painter, QRectF(x, y, width, self.chart_height), self.content,
                    self.metrics.fonts[Style.NORMAL])


class BreakFlow(Flowable):
    def height(self) -> float:
        return 0.0

    def draw(self, painter: QPainter, x: float, y: float, width: float) -> None:
        return None


def flowables(metrics: Metrics, title: str, subtitle: str, blocks: Sequence[Block],
              width: float) -> list[Flowable]:
    gap = metrics.mm(3)
    out: list[Flowable] = []
    lines = [Line(title, Style.HEADING)]
    if subtitle:
        lines.append(Line(subtitle, Style.SUBHEADING))
    out.append(TextFlow(metrics, lay_lines(metrics, lines, width), gap, keep_with_next=True))
    for block in blocks:
        if isinstance(block, Heading):
            style = Style.HEADING if block.level <= 1 else Style.SUBHEADING
            out.append(TextFlow(metrics, lay_lines(metrics, [Line(block.text, style)], width),
                                metrics.mm(1), keep_with_next=True))
        elif isinstance(block, Paragraph):
            out.append(TextFlow(metrics, lay_lines(metrics, block.lines, width), gap))
        elif isinstance(block, Facts):
            out.append(FactsFlow(metrics, block.pairs, width, gap, block.keep_with_next))
        elif isinstance(block, Table):
            out.append(TableFlow.build(metrics, block, width, gap))
        elif isinstance(block, NotesArea):
            out.append(NotesFlow(metrics, block.title, block.lines))
        elif isinstance(block, Chart):
            out.append(ChartFlow(metrics, block.content, metrics.mm(block.height_mm), gap))
        elif isinstance(block, PageBreak):
            out.append(BreakFlow())
    return out


Placed = tuple[Flowable, float]


def _kept_height(item: Flowable, queue: Sequence[Flowable]) -> float:
    """The room a piece needs to start here: itself, everything it is kept with (a heading,
    then a gate's date and state, ...) and the first part of the piece that ends the chain."""
    needed = item.height()
    for following in reversed(queue):
        if isinstance(following, BreakFlow | NotesFlow):
            break
        if not following.keep_with_next:
            return needed + following.min_height()
        needed += following.height()
    return needed


def paginate(items: Sequence[Flowable], page_height: float) -> list[list[Placed]]:
    """Place the pieces page by page; a piece that does not fit is split or moved over."""
    pages: list[list[Placed]] = [[]]
    y = 0.0
    queue = list(reversed(items))

    def new_page() -> None:
        nonlocal y
        pages.append([])
        y = 0.0

    while queue:
        item = queue.pop()
        # Below nothing but headings kept with it, a piece is as good as at the top: moving
        # it over would leave them alone at the foot of the page.
        at_top = all(placed.keep_with_next for placed, _y in pages[-1])
        available = page_height - y
        if isinstance(item, BreakFlow):
            if pages[-1]:
                new_page()
            continue
        if isinstance(item, NotesFlow):
            fitted = item.fitted(available)
            if fitted is not None:
                pages[-1].append((fitted, y))
                y += fitted.height()
            continue
        if item.keep_with_next and queue and not at_top:
            needed = _kept_height(item, queue)
            # Moved over only when that helps: a chain taller than a page splits where it is.
            if available < needed <= page_height:
                new_page()
                queue.append(item)
                continue
        first, rest = item.split(available, at_top)
        if first is not None:
            pages[-1].append((first, y))
            y += first.height()
        if rest is not None:
            if first is None and at_top:  # cannot happen: at the top something is placed
                raise RuntimeError("a piece of the printout could not be placed")
            new_page()
            queue.append(rest)
    if len(pages) > 1 and not pages[-1]:
        pages.pop()
    return pages

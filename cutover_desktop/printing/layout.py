"""Laying report content on pages: wrapped text, label-value lists, tables, notes areas and
charts, then pages cut so nothing is clipped and headings stay with what follows them."""

from __future__ import annotations

import math
from collections.abc import Sequence

from PySide6.QtCore import QPointF, QRectF
from PySide6.QtGui import QPainter, QPen

from cutover_desktop.printing.charts import paint_chart
from cutover_desktop.printing.measure import (
    MIN_FACT_ROWS,
    MIN_NOTE_LINES,
    RULE,
    WHOLE_FACT_ROWS,
    Flowable,
    Metrics,
    TextLines,
    lay_lines,
)
from cutover_desktop.printing.table_flow import TableFlow
from cutover_desktop.reports.document import (
    Block,
    Chart,
    Facts,
    Heading,
    Line,
    NotesArea,
    PageBreak,
    Paragraph,
    Style,
    Table,
)


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

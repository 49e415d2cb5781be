"""Pages: A4 layout, the frame on every page (practice, title, date printed, plan file, page
number), and painting a laid-out report onto a printer or PDF writer."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import QPagedPaintDevice, QPageLayout, QPageSize, QPainter, QPen
from PySide6.QtPrintSupport import QPrinter

from cutover_desktop.domain.errors import CutoverError
from cutover_desktop.paths import why_not_replaced, why_not_written
from cutover_desktop.printing.layout import flowables, paginate
from cutover_desktop.printing.measure import RULE, TEXT, Metrics
from cutover_desktop.reports.document import Orientation, PageFrame, Report, Style

MARGINS_MM = QMarginsF(12, 10, 12, 10)


def page_layout(orientation: Orientation) -> QPageLayout:
    qt_orientation = (QPageLayout.Orientation.Landscape if orientation is Orientation.LANDSCAPE
                      else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), qt_orientation, MARGINS_MM,
                       QPageLayout.Unit.Millimeter)


@dataclass(frozen=True)
class PageArea:
    """Where the frame and the content go on a page, in device pixels."""

    width: float
    height: float
    header: float
    footer: float

    @property
    def body_top(self) -> float:
        return self.header

    @property
    def body_height(self) -> float:
        return self.height - self.header - self.footer


def page_area(device: QPagedPaintDevice, metrics: Metrics) -> PageArea:
    rect = device.pageLayout().paintRectPixels(device.logicalDpiY())
    header = metrics.line_height(Style.BOLD) + metrics.mm(3.5)
    footer = metrics.line_height(Style.SMALL) + metrics.mm(3)
    return PageArea(float(rect.width()), float(rect.height()), header, footer)


def draw_frame(painter: QPainter, metrics: Metrics, area: PageArea, frame: PageFrame,
               title: str, page: int, pages: int, page_note: str = "") -> None:
    """The same header and footer on every page, so a loose page still says what it is."""
    bold = metrics.metrics[Style.BOLD]
    small = metrics.metrics[Style.SMALL]
    pen = QPen(RULE, metrics.thin)
    # Header: practice on the left, the printout's title on the right.
    painter.setFont(metrics.fonts[Style.BOLD])
    painter.setPen(QPen(TEXT))
    title = title + (f" · {page_note}" if page_note else "")
    title_width = min(bold.horizontalAdvance(title), area.width * 0.55)
    practice = bold.elidedText(frame.practice, Qt.TextElideMode.ElideRight,
                               area.width - title_width - metrics.mm(4))
    painter.drawText(QPointF(0, bold.ascent()), practice)
    title = bold.elidedText(title, Qt.TextElideMode.ElideRight, title_width + 1)
    painter.drawText(QPointF(area.width - bold.horizontalAdvance(title), bold.ascent()), title)
    painter.setPen(pen)
    rule_y = bold.lineSpacing() + metrics.mm(1)
    painter.drawLine(QPointF(0, rule_y), QPointF(area.width, rule_y))
    # Footer: when it was printed and from which file on the left, the page on the right.
    foot_y = area.height - small.lineSpacing()
    foot_rule = foot_y - metrics.mm(1)
    painter.drawLine(QPointF(0, foot_rule), QPointF(area.width, foot_rule))
    painter.setFont(metrics.fonts[Style.SMALL])
    painter.setPen(QPen(TEXT))
    number = f"Page {page} of {pages}"
    left = small.elidedText(f"{frame.printed_text} · {frame.plan_file}",
                            Qt.TextElideMode.ElideMiddle,
                            area.width - small.horizontalAdvance(number) - metrics.mm(4))
    painter.drawText(QPointF(0, foot_y + small.ascent()), left)
    painter.drawText(QPointF(area.width - small.horizontalAdvance(number),
                             foot_y + small.ascent()), number)


PagePainter = Callable[[QPainter, int], None]


def not_written(path: Path, error: OSError | None = None) -> CutoverError:
    """The refusal for a PDF that could not be written: the file, why, and that nothing
    changed."""
    why = why_not_replaced(path) if error is None else None
    return CutoverError(f"{path.name} was not written: {why or why_not_written(path, error)}. "
                        "Nothing was changed.")


def _not_opened(device: QPagedPaintDevice) -> CutoverError:
    if isinstance(device, QPrinter) and device.outputFileName():
        return not_written(Path(device.outputFileName()))
    if isinstance(device, QPrinter):
        name = f"The printer {device.printerName()}" if device.printerName() else "The printer"
        return CutoverError(f"{name} could not be opened for printing. Nothing was printed.")
    return CutoverError("The PDF file could not be opened for writing. Nothing was changed.")


def paint_pages(device: QPagedPaintDevice, count: int, paint: PagePainter) -> None:
    """Open a painter on the device and paint each page in turn."""
    painter = QPainter()
    if not painter.begin(device):
        raise _not_opened(device)
    try:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        for index in range(count):
            if index:
                device.newPage()
            paint(painter, index)
    finally:
        painter.end()


def render_report(report: Report, device: QPagedPaintDevice) -> int:
    """Lay the report out for the device's page and paint every page. Returns the page count."""
    metrics = Metrics(device)
    area = page_area(device, metrics)
    items = flowables(metrics, report.title, report.subtitle, report.blocks, area.width)
    pages = paginate(items, area.body_height)

    def paint(painter: QPainter, index: int) -> None:
        draw_frame(painter, metrics, area, report.frame, report.title, index + 1, len(pages))
        for item, y in pages[index]:
            painter.save()
            item.draw(painter, 0.0, area.body_top + y, area.width)
            painter.restore()

    paint_pages(device, len(pages), paint)
    return len(pages)


def body_rect(area: PageArea) -> QRectF:
    return QRectF(0, area.body_top, area.width, area.body_height)

"""Measuring for printouts: fonts, colours, text wrapped to a width, and the Flowable base
that every piece of page content builds on."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPagedPaintDevice, QPainter

from cutover_desktop.reports.document import Align, Line, Style

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


def words_of(text: str) -> list[str]:
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

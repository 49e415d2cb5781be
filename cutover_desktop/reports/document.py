"""A printout's content as plain values: headings, paragraphs and tables, laid out by printing/.

Every piece of text here is plain text. The printing layer draws it as text, never as markup,
so a task called "<b>Lab results</b> & co" prints exactly as typed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum

from cutover_desktop.domain.formatting import uk_date


class Orientation(StrEnum):
    PORTRAIT = "portrait"
    LANDSCAPE = "landscape"


class Style(StrEnum):
    """How a run of text looks. The layout maps these to fonts."""

    NORMAL = "normal"
    BOLD = "bold"
    SMALL = "small"
    MUTED = "muted"  # small and grey: secondary detail, never the only carrier of meaning
    HEADING = "heading"
    SUBHEADING = "subheading"


class Align(StrEnum):
    LEFT = "left"
    CENTRE = "centre"
    RIGHT = "right"


@dataclass(frozen=True)
class Line:
    """One paragraph of a cell or block; it wraps to as many printed lines as it needs."""

    text: str
    style: Style = Style.NORMAL


@dataclass(frozen=True)
class Cell:
    """A table cell: paragraphs, or a tick box (checked when the task is already done)."""

    lines: tuple[Line, ...] = ()
    checkbox: bool = False
    checked: bool = False

    @classmethod
    def text(cls, text: str, style: Style = Style.NORMAL) -> Cell:
        return cls((Line(text, style),) if text else ())

    @classmethod
    def of(cls, *lines: Line | None) -> Cell:
        return cls(tuple(line for line in lines if line is not None and line.text))

    @classmethod
    def tick_box(cls, checked: bool = False) -> Cell:
        return cls(checkbox=True, checked=checked)

    def plain_text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class Column:
    title: str
    weight: float  # share of the table's width
    align: Align = Align.LEFT


@dataclass(frozen=True)
class Row:
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class GroupRow:
    """A heading row across the whole table ("Any time today", a phase, a day). It is never
    left alone at the foot of a page: it moves over with the row that follows it."""

    title: str
    detail: str = ""


@dataclass(frozen=True)
class Table:
    columns: tuple[Column, ...]
    rows: tuple[Row | GroupRow, ...]
    empty_text: str = "Nothing to show."
    # Height in millimetres a row keeps at least, so there is room to write initials.
    min_row_mm: float = 0.0

    def __post_init__(self) -> None:
        for row in self.rows:
            if isinstance(row, Row) and len(row.cells) != len(self.columns):
                raise ValueError("every row needs one cell per column")


@dataclass(frozen=True)
class Heading:
    text: str
    level: int = 1


@dataclass(frozen=True)
class Paragraph:
    lines: tuple[Line, ...]

    @classmethod
    def text(cls, text: str, style: Style = Style.NORMAL) -> Paragraph:
        return cls((Line(text, style),))


@dataclass(frozen=True)
class Facts:
    """Label and value pairs, such as "Key date: Technical Go Live". A short list is never
    split between pages; with keep_with_next it also moves over with the start of the block
    after it (a gate's date and state with its tasks)."""

    pairs: tuple[tuple[str, str], ...]
    keep_with_next: bool = False


@dataclass(frozen=True)
class NotesArea:
    """Ruled lines to write on, filling what is left of the last page (at most `lines`)."""

    title: str = "Notes"
    lines: int = 8


@dataclass(frozen=True)
class Chart:
    """A drawing that printing/ paints, such as the issues burn-down. `content` is plain
    geometry (reports.registers.BurnDownChart); `text` says in words what it shows. It is
    never split: it moves to the next page whole, and shrinks only to fit an empty page."""

    content: object
    text: str
    height_mm: float = 100.0


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Paragraph | Facts | Table | NotesArea | Chart | PageBreak


@dataclass(frozen=True)
class PageFrame:
    """What every page of a printout says besides its content."""

    practice: str
    plan_file: str
    printed_at: datetime

    @property
    def printed_text(self) -> str:
        return f"Printed {uk_date(self.printed_at.date())} at {self.printed_at:%H:%M}"


@dataclass(frozen=True)
class Report:
    frame: PageFrame
    title: str
    blocks: tuple[Block, ...]
    orientation: Orientation = Orientation.PORTRAIT
    subtitle: str = ""

    def plain_text(self) -> str:
        """Every word of the content, in reading order: for tests and screen readers."""
        out = [self.title, self.subtitle]
        for block in self.blocks:
            if isinstance(block, Heading):
                out.append(block.text)
            elif isinstance(block, Paragraph):
                out += [line.text for line in block.lines]
            elif isinstance(block, Facts):
                out += [f"{label}: {value}" for label, value in block.pairs]
            elif isinstance(block, Chart):
                out.append(block.text)
            elif isinstance(block, Table):
                out.append(" | ".join(c.title for c in block.columns))
                for row in block.rows:
                    if isinstance(row, GroupRow):
                        out.append(f"{row.title} {row.detail}".strip())
                    else:
                        out.append(" | ".join(cell.plain_text() for cell in row.cells))
        return "\n".join(part for part in out if part)

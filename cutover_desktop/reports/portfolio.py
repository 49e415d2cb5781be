"""The portfolio's content: its table for screen, files and the command line, and its printout."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from cutover_desktop.domain.days import day_count, monday_of
from cutover_desktop.domain.formatting import plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.portfolio import RAG_RULE, TIMELINE_KEYS, PlanSummary, Rag
from cutover_desktop.domain.portfolio_overview import Portfolio, go_live_clashes
from cutover_desktop.reports.document import (
    Align,
    Block,
    Cell,
    Chart,
    Column,
    Facts,
    Heading,
    Line,
    Orientation,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)

# Column names in files (CSV, XLSX): plain words, ISO dates.
FILE_COLUMNS = ("ods_code", "practice", "old_supplier", "new_supplier", "bgl",
                "next_key_date", "next_key_date_on", "days_to_it", "progress_percent",
                "tasks_done", "tasks_total", "problems", "warnings", "shared_people_problems",
                "next_gate", "next_gate_on", "next_gate_signed", "rag", "rag_reason",
                "open_by", "read", "file")


def days_text(days: int) -> str:
    if days == 0:
        return "today"
    return plural(days, "day")


def next_key_text(row: PlanSummary, today: date) -> tuple[str, str]:
    """'TGL Mon 15 Mar 2027' and '12 days', or blanks when every key date has passed."""
    found = row.next_key_date(today)
    if found is None:
        return "", ""
    key, day = found
    return f"{key.short} {uk_date(day)}", days_text((day - today).days)


def gate_text(row: PlanSummary) -> tuple[str, str]:
    gate = row.next_gate
    if gate is None:
        return "", ""
    when = f" {uk_date(gate.day)}" if gate.day else ""
    return f"{gate.title}{when}", gate.state.label


def state_text(row: PlanSummary) -> str:
    """What the practice column says for a plan that could not be read."""
    return f"{row.read_state.label}: {row.message}"


def file_records(portfolio: Portfolio) -> list[tuple[object, ...]]:
    """One record a practice for CSV and XLSX, in FILE_COLUMNS order."""
    today = portfolio.today
    out: list[tuple[object, ...]] = []
    for row in portfolio.rows:
        found = row.next_key_date(today) if row.readable else None
        gate = row.next_gate
        out.append((
            row.ods_code, row.practice, row.old_supplier, row.new_supplier,
            row.go_live.isoformat() if row.go_live else "",
            found[0].short if found else "",
            found[1].isoformat() if found else "",
            (found[1] - today).days if found else "",
            round(100 * row.progress) if row.readable else "",
            row.tasks_done if row.readable else "", row.tasks_total if row.readable else "",
            row.problems if row.readable else "", row.warnings if row.readable else "",
            row.shared_problems if row.readable else "",
            gate.title if gate else "", gate.day.isoformat() if gate and gate.day else "",
            ("yes" if gate.signed else "no") if gate else "",
            row.rag.label, row.rag_reason, row.locked_by,
            row.read_state.label if row.readable else state_text(row), row.source))
    return out


def text_table(portfolio: Portfolio) -> list[str]:
    """The portfolio as lines of text for the command line: one row a practice."""
    today = portfolio.today
    heads = ("ODS", "Practice", "Old → new", "BGL", "Next key date", "In", "Progress",
             "Problems", "Warnings", "Next gate", "Gate", "RAG", "Open by")
    body: list[tuple[str, ...]] = []
    for row in portfolio.rows:
        if not row.readable:
            body.append(("", state_text(row), "", "", "", "", "", "", "", "", "",
                         row.rag.label, row.locked_by))
            continue
        key, days = next_key_text(row, today)
        gate, gate_state = gate_text(row)
        problems = str(row.problems) + (f" +{row.shared_problems} shared"
                                        if row.shared_problems else "")
        body.append((row.ods_code, row.practice, row.suppliers_text,
                     uk_date(row.go_live) if row.go_live else "", key, days,
                     row.progress_text, problems, str(row.warnings), gate, gate_state,
                     row.rag.label, row.locked_by))
    widths = [max(len(h), *(len(r[i]) for r in body)) if body else len(h)
              for i, h in enumerate(heads)]
    # The long free-text columns are kept within reason; the file export has them whole.
    widths = [min(w, 44) for w in widths]

    def line(cells: tuple[str, ...]) -> str:
        parts = [c if len(c) <= w else c[: w - 1] + "…" for c, w in zip(cells, widths, strict=True)]
        return "  ".join(p.ljust(w) for p, w in zip(parts, widths, strict=True)).rstrip()

    return [line(heads), *(line(r) for r in body)]


def summary_lines(portfolio: Portfolio) -> list[str]:
    """The sentences under the table: counts, the cross-plan Problems and the RAG rule."""
    counts = ", ".join(f"{portfolio.counts.get(rag, 0)} {rag.label.lower()}"
                       for rag in Rag if portfolio.counts.get(rag, 0))
    lines = [f"{plural(len(portfolio.rows), 'plan')} in {portfolio.where}"
             + (f": {counts}." if counts else ".")]
    if not portfolio.complete:
        lines.append("Reading was stopped before every plan was read.")
    for problem in portfolio.problems:
        lines.append(f"Problem across plans: {problem.message}")
    for day, names in go_live_clashes(portfolio.rows).items():
        lines.append(f"Go-lives in the week of {uk_date(day)}: {', '.join(names)}.")
    lines.append(f"RAG rule. {RAG_RULE}")
    return lines


@dataclass(frozen=True)
class PortfolioLane:
    """One practice on the combined timeline."""

    name: str
    rag: Rag
    key_dates: tuple[tuple[str, date], ...]
    cutover: tuple[date, date] | None
    go_live: date | None
    note: str = ""


@dataclass(frozen=True)
class PortfolioTimeline:
    """Every practice's key dates and cut-over window on one time axis.

    Attributes:
        clash_weeks: Mondays of weeks in which more than one practice goes live.
    """

    title: str
    lanes: tuple[PortfolioLane, ...]
    first_day: date
    last_day: date
    today: date
    clash_weeks: tuple[date, ...]

    @property
    def day_count(self) -> int:
        return day_count(self.first_day, self.last_day)


def portfolio_timeline(portfolio: Portfolio) -> PortfolioTimeline:
    """Lanes in the table's order, from the first key date to the last (whole weeks)."""
    lanes = []
    days: list[date] = [portfolio.today]
    for row in portfolio.rows:
        if not row.readable:
            lanes.append(PortfolioLane(row.name, row.rag, (), None, None, row.read_state.label))
            continue
        keys = tuple((key.short, day) for key, day in row.key_dates if key in TIMELINE_KEYS)
        days += [day for _, day in keys]
        lanes.append(PortfolioLane(row.name, row.rag, keys, row.cutover_window(), row.go_live,
                                   row.ods_code))
    first, last = monday_of(min(days)), monday_of(max(days)) + timedelta(days=6)
    clashes = tuple(go_live_clashes(portfolio.rows))
    return PortfolioTimeline("Go-lives across the portfolio", tuple(lanes), first, last,
                             portfolio.today, clashes)


def portfolio_report(portfolio: Portfolio, frame: PageFrame) -> Report:
    """The printed portfolio: the table, the Problems across plans, then the timeline."""
    today = portfolio.today
    columns = (Column("ODS", 0.6), Column("Practice", 1.6), Column("Old → new", 1.3),
               Column("BGL", 1.0), Column("Next key date", 1.2), Column("Progress", 0.8),
               Column("Problems / Warnings", 1.0, Align.CENTRE), Column("Next gate", 1.6),
               Column("RAG", 1.8))
    rows: list[Row] = []
    for row in portfolio.rows:
        if not row.readable:
            rows.append(Row((Cell.text(""), Cell.text(state_text(row)), Cell.text(""),
                             Cell.text(""), Cell.text(""), Cell.text(""), Cell.text(""),
                             Cell.text(""), Cell.text(row.rag.label))))
            continue
        key, days = next_key_text(row, today)
        gate, gate_state = gate_text(row)
        practice = Cell.text(row.practice) if not row.locked_by else Cell.of(
            _line(row.practice), _line(f"Open by {row.locked_by}", Style.MUTED))
        problems = f"{row.problems} / {row.warnings}"
        if row.shared_problems:
            problems += f" (+{row.shared_problems} shared)"
        rows.append(Row((
            Cell.text(row.ods_code), practice, Cell.text(row.suppliers_text),
            Cell.text(uk_date(row.go_live) if row.go_live else ""),
            Cell.of(_line(key), _line(days, Style.MUTED)), Cell.text(row.progress_text),
            Cell.text(problems), Cell.of(_line(gate), _line(gate_state, Style.MUTED)),
            Cell.of(_line(row.rag.label, Style.BOLD), _line(row.rag_reason, Style.MUTED)))))
    lines = summary_lines(portfolio)
    timeline = portfolio_timeline(portfolio)
    blocks: tuple[Block, ...] = (
        Facts((("Plans", str(len(portfolio.rows))), ("Today", uk_date(today)))),
        Paragraph.text(lines[-1], Style.SMALL),
        Table(columns, tuple(rows), "There are no plan files in this folder."),
        *(Paragraph.text(text) for text in lines[:-1]),
        Heading(timeline.title, 2),
        Chart(timeline, timeline_words(timeline), _chart_height(timeline)),
    )
    return Report(frame, "Portfolio", blocks, Orientation.LANDSCAPE, portfolio.where)


def _line(text: str, style: Style = Style.NORMAL) -> Line | None:
    return Line(text, style) if text else None


def _chart_height(timeline: PortfolioTimeline) -> float:
    # About 7 mm a lane and room for the date axis, at most a landscape page's height.
    return min(160.0, 22.0 + 7.0 * len(timeline.lanes))


def timeline_words(timeline: PortfolioTimeline) -> str:
    """What the timeline shows, in words (for screen readers and the plain text)."""
    parts = []
    for lane in timeline.lanes:
        if lane.go_live is None:
            parts.append(f"{lane.name}: {lane.note}.")
            continue
        keys = ", ".join(f"{short} {uk_date(day)}" for short, day in lane.key_dates
                         if short in (KeyDate.FDP.short, KeyDate.TGL.short, KeyDate.BGL.short))
        parts.append(f"{lane.name}: {keys}.")
    for monday in timeline.clash_weeks:
        parts.append(f"More than one go-live in the week of {uk_date(monday)}.")
    return " ".join(parts)

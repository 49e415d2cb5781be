"""The cut-over registers as printable content and one-line summaries, free of Qt.

Each register has a `Report` (reports/document.py) for the printing layer, and the issues log
has a `BurnDownChart`: the burn-down as plain geometry (series, marks, ticks) that the screen
and the printed page both draw. NHS numbers never appear here, only how many are recorded.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from cutover_desktop.domain.formatting import month_abbr, plural, uk_date
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.plan import PlanState
from cutover_desktop.domain.registers import (
    BurnDown,
    Due,
    IssueStatus,
    Progress,
    burn_down,
    equipment,
    extension_decision_day,
    follow_up_day,
    held_due,
    held_registrations,
    issues,
    link_dates,
    link_state,
    links,
    mesh_change_day,
    mesh_of,
    mesh_partners,
    nhs_numbers,
    overall_progress,
    progress_by_batch,
    progress_by_category,
    progress_entries,
    reentry_due,
    reentry_target,
    reminders_due,
    settings_of,
)
from cutover_desktop.domain.registers import batches as reentry_batches
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
    PageBreak,
    PageFrame,
    Paragraph,
    Report,
    Row,
    Style,
    Table,
)

NO_DATE = "–"


def _day(day: date | None) -> str:
    return uk_date(day) if day is not None else NO_DATE


def progress_text(progress: Progress) -> str:
    """'27 of 37 re-entered (72%), 10 to go'."""
    if progress.collected == 0:
        return "nothing collected yet"
    left = "none to go" if progress.complete else f"{progress.outstanding} to go"
    return (f"{progress.re_entered} of {progress.collected} re-entered "
            f"({progress.percent}%), {left}")


# One-line summaries: `show` and the dashboard


def summary_lines(state: PlanState, today: date) -> list[tuple[str, str]]:
    """(register, summary) for each register, in the order the screen shows them."""
    return [
        ("Paper re-entry", reentry_summary(state, today)),
        ("Held registrations", held_summary(state, today)),
        ("Third-party links", links_summary(state, today)),
        ("MESH mailbox", mesh_summary(state)),
        ("Equipment", equipment_summary(state)),
        ("Post-go-live issues", issues_summary(state)),
    ]


def reentry_summary(state: PlanState, today: date) -> str:
    rows = reentry_batches(state)
    if not rows:
        return "no batches recorded"
    overall = overall_progress(state)
    target = reentry_target(state)
    due = reentry_due(state, today)
    text = (f"{plural(len(rows), 'batch', 'batches')}; {progress_text(overall)}; "
            f"target zero outstanding by {uk_date(target)}")
    if due is Due.OVERDUE:
        text += " (▲\u00a0missed)"
    numbers = nhs_numbers(state)
    if numbers:
        text += f"; {plural(len(numbers), 'NHS number')} recorded"
    return text


def held_summary(state: PlanState, today: date) -> str:
    rows = held_registrations(state)
    if not rows:
        return "none recorded"
    held = sum(h.count for h in rows)
    done = sum(h.completed for h in rows)
    bgl = state.schedule.key_dates[KeyDate.BGL]
    late = sum(h.outstanding for h in rows if held_due(h, bgl, today) is Due.OVERDUE)
    text = f"{plural(held, 'patient')} held, {done} completed"
    if late:
        text += f", {late} overdue"
    return text


def links_summary(state: PlanState, today: date) -> str:
    rows = links(state)
    if not rows:
        return "no links recorded"
    keys = state.schedule.key_dates
    back = sum(1 for link in rows if link.back_on)
    no_notice = sum(1 for link in rows if link.notice_days is None)
    reminders = sum(len(reminders_due(link, link_dates(link, keys), today)) for link in rows)
    text = f"{plural(len(rows), 'link')}, {back} confirmed back on"
    if no_notice:
        text += f", {no_notice} without a notice period"
    if reminders:
        text += f", {plural(reminders, 'reminder')} due"
    return text


def mesh_summary(state: PlanState) -> str:
    mesh = mesh_of(state)
    partners = mesh_partners(state)
    if mesh is None and not partners:
        return "not recorded"
    parts = []
    if mesh is not None:
        parts.append(f"{mesh.old_mailbox or '?'} → {mesh.new_mailbox or '?'} "
                     f"on {uk_date(mesh_change_day(state))}")
    told = sum(1 for p in partners if p.told)
    parts.append(f"{told} of {plural(len(partners), 'partner')} told")
    return "; ".join(parts)


def equipment_summary(state: PlanState) -> str:
    rows = equipment(state)
    if not rows:
        return "none recorded"
    tested = sum(1 for e in rows if e.tested_on is not None)
    replace = sum(1 for e in rows if e.incompatible and not e.replacement)
    text = f"{plural(len(rows), 'device')}, {tested} tested"
    if replace:
        text += f", {replace} incompatible without a replacement"
    return text


def issues_summary(state: PlanState) -> str:
    rows = issues(state)
    if not rows:
        return "none recorded"
    still_open = sum(1 for i in rows if i.status is not IssueStatus.CLOSED)
    return (f"{plural(len(rows), 'issue')}, {still_open} open; extension decision "
            f"{uk_date(extension_decision_day(state))}")


# Printable reports, one per register


def _text(value: str) -> Cell:
    return Cell.text(value)


def _intro(state: PlanState) -> Facts:
    keys = state.schedule.key_dates
    return Facts((("Business Go Live", uk_date(keys[KeyDate.BGL])),
                  ("Read-only access ends", uk_date(keys[KeyDate.READ_ONLY_END]))))


def reentry_blocks(state: PlanState, today: date) -> list[Block]:
    overall = overall_progress(state)
    target = reentry_target(state)
    due = reentry_due(state, today)
    settings = settings_of(state)
    facts = [("Overall", progress_text(overall)),
             ("Target: zero outstanding by", f"{uk_date(target)} ({due.label.lower()})")]
    numbers = nhs_numbers(state)
    if settings.record_nhs_numbers or numbers:
        facts.append(("NHS numbers", f"{plural(len(numbers), 'number')} recorded in the plan "
                                     "file (not printed)"))
    elif settings.numbers_purged_on is not None:
        facts.append(("NHS numbers", f"purged on {uk_date(settings.numbers_purged_on)}"))
    blocks: list[Block] = [Heading("Paper re-entry"), Facts(tuple(facts))]
    categories = progress_by_category(state)
    blocks.append(Table(
        (Column("Category", 30), Column("Batches", 8, Align.RIGHT),
         Column("Collected", 10, Align.RIGHT), Column("Re-entered", 10, Align.RIGHT),
         Column("Outstanding", 10, Align.RIGHT), Column("Done", 8, Align.RIGHT),
         Column("Checked", 10, Align.RIGHT)),
        tuple(Row((_text(name), _text(str(p.batches)), _text(str(p.collected)),
                   _text(str(p.re_entered)), _text(str(p.outstanding)),
                   _text(f"{p.percent}%"), _text(str(p.checked))))
              for name, p in categories.items()),
        empty_text="No batches recorded."))
    by_batch = progress_by_batch(state)
    rows = []
    for batch in reentry_batches(state):
        progress = by_batch[batch.id]
        entries = progress_entries(state, batch.id)
        who = ", ".join(dict.fromkeys(e.done_by for e in entries))
        checked = ", ".join(dict.fromkeys(e.checked_by for e in entries if e.checked_by))
        rows.append(Row((
            Cell.of(Line(batch.category, Style.BOLD), Line(batch.reference, Style.SMALL),
                    Line(batch.notes, Style.MUTED)),
            _text(uk_date(batch.collected_on)),
            _text(batch.collected_by),
            _text(str(batch.count)),
            Cell.of(Line(f"{progress.re_entered} ({progress.percent}%)"),
                    Line(f"by {who}" if who else "", Style.SMALL)),
            _text(str(progress.outstanding)),
            _text(checked or ("–" if not entries else "not yet")),
        )))
    blocks.append(Heading("Batches", 2))
    blocks.append(Table(
        (Column("Batch", 26), Column("Collected", 11), Column("By", 10),
         Column("Items", 6, Align.RIGHT), Column("Re-entered", 14),
         Column("Left", 6, Align.RIGHT), Column("Checked by", 12)),
        tuple(rows), empty_text="No batches recorded."))
    return blocks


def held_blocks(state: PlanState, today: date) -> list[Block]:
    bgl = state.schedule.key_dates[KeyDate.BGL]
    rows = []
    for held in held_registrations(state):
        due = held_due(held, bgl, today)
        done = (f"{held.completed} on {uk_date(held.completed_on)} by {held.completed_by}"
                if held.completed_on else "none yet")
        rows.append(Row((
            Cell.of(Line(held.reference or "—"), Line(held.notes, Style.MUTED)),
            _text(uk_date(held.came_on)),
            _text(str(held.count)),
            _text(uk_date(follow_up_day(held, bgl))),
            _text(done),
            _text(f"{due.symbol} {due.label}"),
        )))
    return [Heading("Registrations held during the cut-over"),
            Paragraph.text("New patients who came during the cut-over and were asked to come "
                           "back; completed from Business Go Live.", Style.MUTED),
            Table((Column("Reference", 20), Column("Came", 12), Column("Patients", 8,
                                                                       Align.RIGHT),
                   Column("Follow up", 12), Column("Completed", 22), Column("Status", 12)),
                  tuple(rows), empty_text="No held registrations recorded.")]


def links_blocks(state: PlanState, today: date) -> list[Block]:
    keys = state.schedule.key_dates
    rows = []
    for link in links(state):
        dates = link_dates(link, keys)
        notice = (plural(link.notice_days, "day") if link.notice_days is not None
                  else "▲ not known")
        given = f"given {uk_date(link.notice_given_on)}" if link.notice_given_on else ""
        reminders = [f"{'✔' if r in link.reminders_sent else '○'} {r.short} "
                     f"{uk_date(day)}" for r, day in dates.reminders.items()]
        back = (f"{uk_date(link.back_on_on)} by {link.confirmed_by}" if link.back_on_on
                else "not yet")
        rows.append(Row((
            Cell.of(Line(link.name, Style.BOLD), Line(link.contact, Style.SMALL)),
            Cell.of(Line(notice), Line(given, Style.SMALL)),
            _text(uk_date(dates.switch_off)),
            Cell(tuple(Line(text, Style.SMALL) for text in reminders)),
            _text(uk_date(dates.switch_on)),
            _text(back),
            _text(link_state(link, dates, today).label),
        )))
    return [Heading("Third-party links and feeds"),
            Paragraph.text("Remind each third party a week before, and again on the day, a "
                           "change is needed.", Style.MUTED),
            Table((Column("Link", 20), Column("Notice", 10), Column("Off", 11),
                   Column("Reminders", 19), Column("Back on (plan)", 11),
                   Column("Confirmed on", 15), Column("State", 10)),
                  tuple(rows), empty_text="No links recorded.")]


def mesh_blocks(state: PlanState, today: date) -> list[Block]:
    mesh = mesh_of(state)
    facts = (("Old mailbox", (mesh.old_mailbox if mesh else "") or "not recorded"),
             ("New mailbox", (mesh.new_mailbox if mesh else "") or "not recorded"),
             ("New mailbox takes over", uk_date(mesh_change_day(state))))
    rows = tuple(Row((
        Cell.of(Line(p.name, Style.BOLD), Line(p.notes, Style.MUTED)),
        _text(_day(p.told_on)), _text(p.told_by), _text(p.how),
        _text("✔ Told" if p.told else "○ Not yet")))
        for p in mesh_partners(state))
    return [Heading("MESH mailbox change"), Facts(facts),
            Table((Column("Partner service", 26), Column("Told on", 12), Column("By", 14),
                   Column("How", 14), Column("Status", 10)), rows,
                  empty_text="No partner services recorded.")]


def equipment_blocks(state: PlanState, today: date) -> list[Block]:
    tgl = state.schedule.key_dates[KeyDate.TGL]
    rows = tuple(Row((
        Cell.of(Line(e.name, Style.BOLD), Line(e.notes, Style.MUTED)),
        _text(e.kind.label), _text(e.site),
        _text((f"Incompatible: {e.replacement or 'no replacement yet'}") if e.incompatible
              else "Compatible"),
        _text(_day(e.configured_on)),
        Cell.of(Line(_day(e.tested_on)), Line(f"by {e.tested_by}" if e.tested_by else "",
                                              Style.SMALL)),
        _text(e.status)))
        for e in equipment(state))
    return [Heading("Equipment"),
            Paragraph.text(f"Configure and test every device on Technical Go Live "
                           f"({uk_date(tgl)}).", Style.MUTED),
            Table((Column("Device", 20), Column("Kind", 12), Column("Site", 10),
                   Column("Survey", 16), Column("Configured", 11), Column("Tested", 13),
                   Column("Status", 14)), rows, empty_text="No equipment recorded.")]


def issues_blocks(state: PlanState, today: date) -> list[Block]:
    chart = burn_down(state, today)
    rows = tuple(Row((
        Cell.of(Line(i.title, Style.BOLD), Line(i.notes, Style.MUTED)),
        _text(i.category.label), _text(uk_date(i.opened_on)), _text(i.owner or "—"),
        _text(i.status.label), _text(_day(i.closed_on))))
        for i in issues(state))
    weekly = tuple(Row((_text(uk_date(day)), _text(str(count)),
                        _text("–" if ideal is None else str(ideal))))
                   for day, count, ideal in weekly_burn_down(chart))
    return [Heading("Post-go-live issues"),
            Facts((("Extension decision", uk_date(chart.extension_decision)),
                   ("Read-only access ends", uk_date(chart.end)),
                   ("Open now", str(sum(1 for i in issues(state)
                                        if i.status is not IssueStatus.CLOSED))))),
            Table((Column("Issue", 30), Column("Kind", 12), Column("Opened", 12),
                   Column("Owner", 14), Column("Status", 11), Column("Closed", 12)),
                  rows, empty_text="No issues recorded."),
            burn_down_block(state, today),
            Heading("Burn-down: open issues at the end of each week", 2),
            Table((Column("Day", 14), Column("Open", 8, Align.RIGHT),
                   Column("Ideal", 8, Align.RIGHT)), weekly,
                  empty_text="The burn-down starts at Business Go Live.")]


def burn_down_block(state: PlanState, today: date) -> Chart:
    """The burn-down chart for the printed issues log (the screen draws the same geometry)."""
    chart = burn_down_chart(state, today)
    return Chart(chart, f"{chart.title}. {chart.caption}", height_mm=105.0)


def weekly_burn_down(chart: BurnDown) -> list[tuple[date, int, int | None]]:
    """(day, open, ideal) every seven days from go-live, and the latest day counted; the
    ideal is None before the peak, where the ideal line starts."""
    indexes = list(range(0, len(chart.counts), 7))
    if chart.counts and indexes[-1] != len(chart.counts) - 1:
        indexes.append(len(chart.counts) - 1)
    found = []
    for index in indexes:
        ideal = chart.ideal_at(index)
        found.append((chart.day_of(index), chart.counts[index],
                      None if ideal is None else round(ideal)))
    return found


RegisterBlocks = Callable[[PlanState, date], list[Block]]
REGISTERS: dict[str, tuple[str, RegisterBlocks]] = {
    "reentry": ("Paper re-entry register", reentry_blocks),
    "held": ("Held registrations", held_blocks),
    "links": ("Third-party links and feeds", links_blocks),
    "mesh": ("MESH mailbox change", mesh_blocks),
    "equipment": ("Equipment register", equipment_blocks),
    "issues": ("Post-go-live issues log", issues_blocks),
}


def register_report(name: str, state: PlanState, today: date, frame: PageFrame) -> Report:
    """One register as a printout; `name` is a key of REGISTERS."""
    title, blocks = REGISTERS[name]
    return Report(frame, title, (_intro(state), *blocks(state, today)),
                  Orientation.LANDSCAPE, subtitle=f"As at {uk_date(today)}")


def registers_report(state: PlanState, today: date, frame: PageFrame) -> Report:
    """Every register, each from a new page."""
    blocks: list[Block] = [_intro(state)]
    for number, (_title, make) in enumerate(REGISTERS.values()):
        if number:
            blocks.append(PageBreak())
        blocks += make(state, today)
    return Report(frame, "Cut-over registers", tuple(blocks), Orientation.LANDSCAPE,
                  subtitle=f"As at {uk_date(today)}")


# The burn-down chart as plain geometry


@dataclass(frozen=True)
class ChartMark:
    """A labelled vertical line: the extension decision, the read-only end, today."""

    index: float
    label: str
    kind: str  # "decision", "end" or "today": the painter picks a dash pattern per kind


@dataclass(frozen=True)
class BurnDownChart:
    """What a burn-down chart shows, in day indexes (0 = go-live) and issue counts.

    Attributes:
        actual: (day index, open issues) from go-live to today.
        ideal: the straight line from the peak so far to zero at the end (empty when
            there are no counts).
        x_ticks: (day index, label) along the bottom. y_ticks: counts up the side.
    """

    title: str
    days: int
    y_max: int
    actual: tuple[tuple[int, int], ...]
    ideal: tuple[tuple[int, float], ...]
    marks: tuple[ChartMark, ...]
    x_ticks: tuple[tuple[int, str], ...]
    y_ticks: tuple[int, ...]
    caption: str

    @property
    def empty(self) -> bool:
        return not self.actual


def _short_day(day: date) -> str:
    """'16 Mar' (strftime's %-d is not available on Windows)."""
    return f"{day.day} {month_abbr(day)}"


def _nice_step(top: int) -> int:
    """A tick step giving five or so ticks: 1, 2, 5, 10, 20, 50, ..."""
    rough = max(1.0, top / 5)
    power = 10 ** math.floor(math.log10(rough))
    for factor in (1, 2, 5, 10):
        if factor * power >= rough:
            return int(factor * power)
    return int(10 * power)


def burn_down_chart(state: PlanState, today: date) -> BurnDownChart:
    chart = burn_down(state, today)
    days = max(1, chart.days)
    top = max(chart.peak, 1)
    step = _nice_step(top)
    y_max = step * math.ceil(top / step)
    marks = [ChartMark((chart.extension_decision - chart.start).days,
                       f"Extension decision {uk_date(chart.extension_decision)}", "decision"),
             ChartMark(days, f"Read-only ends {uk_date(chart.end)}", "end")]
    if chart.start <= today <= chart.end:
        marks.append(ChartMark((today - chart.start).days, "Today", "today"))
    x_ticks = tuple((index, _short_day(chart.start + timedelta(days=index)))
                    for index in range(0, days + 1, 7))
    if not chart.counts:
        caption = (f"The burn-down starts at Business Go Live ({uk_date(chart.start)}); "
                   "open issues are counted at the end of each day.")
    else:
        caption = (f"{plural(chart.latest or 0, 'issue')} open on "
                   f"{uk_date(chart.day_of(len(chart.counts) - 1))}; "
                   f"{chart.counts[0]} open at go-live, {chart.peak} at the most; "
                   f"{plural(max(0, (chart.end - today).days), 'day')} of read-only "
                   "access left.")
    return BurnDownChart(
        title="Open post-go-live issues, Business Go Live to read-only end",
        days=days,
        y_max=y_max,
        actual=tuple(enumerate(chart.counts)),
        ideal=((chart.peak_index, float(chart.peak)), (days, 0.0)) if chart.counts else (),
        marks=tuple(marks),
        x_ticks=x_ticks,
        y_ticks=tuple(range(0, y_max + 1, step)),
        caption=caption,
    )

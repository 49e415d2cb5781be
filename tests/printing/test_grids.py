"""The printed grids (staff coverage, week at a glance) laid out on A4 landscape: hours and
dates are never broken inside, and day headings stay short."""

from __future__ import annotations

import re
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from PySide6.QtGui import QPdfWriter

from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.printing.measure import Metrics
from cutover_desktop.printing.output import write_pdf
from cutover_desktop.printing.pages import page_area, page_layout
from cutover_desktop.printing.table_flow import TableFlow
from cutover_desktop.reports.document import Orientation, Report, Style, Table
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.printouts import Printouts
from tests.printing.conftest import pdf_pages
from tests.printing.plans import staff_plan

NOW = datetime(2026, 11, 28, 9, 30)
MONTHS = {f"{datetime(2027, m, 1):%b}" for m in range(1, 13)}


@pytest.fixture
def landscape(tmp_path: Path) -> tuple[Metrics, float]:
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setPageLayout(page_layout(Orientation.LANDSCAPE))
    metrics = Metrics(writer)
    return metrics, page_area(writer, metrics).width


def _laid_tables(report: Report, metrics: Metrics, width: float) -> list[tuple[Table, TableFlow]]:
    return [(block, TableFlow.build(metrics, block, width, 0.0)) for block in report.blocks
            if isinstance(block, Table)]


def _broken_date(lines: list[str]) -> bool:
    """A day number or a month printed on a line of its own: '11' / 'Mar'."""
    return any(re.fullmatch(r"\d{1,2}", line) or line in MONTHS for line in lines)


def test_coverage_hours_and_day_headings_are_never_broken_inside(
        service: PlanService, landscape: tuple[Metrics, float], tmp_path: Path) -> None:
    staff_plan(service)
    keys = service.schedule().key_dates
    metrics, width = landscape
    printouts = Printouts(service, now=lambda: NOW)
    # A fortnight of many columns and a short stretch of few, around the cut-over.
    for first, last in ((keys[KeyDate.FDP] - timedelta(days=4), keys[KeyDate.BGL]
                         + timedelta(days=8)),
                        (keys[KeyDate.TGL], keys[KeyDate.BGL] + timedelta(days=1))):
        report = printouts.coverage(first, last)
        hours_seen = 0
        for table, flow in _laid_tables(report, metrics, width):
            for cell in flow.header.cells:
                assert not _broken_date([text for _s, text in cell.text.lines])
            source_rows = [row for row in table.rows if hasattr(row, "cells")]
            for source, laid in zip(source_rows, flow.rows, strict=True):
                for cell, laid_cell in zip(source.cells[1:], laid.cells[1:], strict=True):
                    printed = [text for _s, text in laid_cell.text.lines]
                    for line in cell.lines:
                        if line.style is Style.SMALL and "/" in line.text:
                            hours_seen += 1
                            assert line.text in printed, (line.text, printed)
        assert hours_seen, "no cell with hours to check"
    text = " ".join(pdf_pages(_pdf(report, tmp_path)))
    assert re.search(r"\d(\.\d+)?/\d+(\.\d+)? h", text), "hours as 'assigned/at work h'"
    assert "Hours: hours of tasks assigned / hours at work" in text


def test_week_day_headings_take_two_lines_not_three(
        service: PlanService, landscape: tuple[Metrics, float], tmp_path: Path) -> None:
    staff_plan(service)  # names on every task of the cut-over days make Mon to Wed wide
    keys = service.schedule().key_dates
    metrics, width = landscape
    report = Printouts(service, now=lambda: NOW).week(keys[KeyDate.TGL])
    (_table, flow), *_rest = _laid_tables(report, metrics, width)
    headers = [[text for _s, text in cell.text.lines] for cell in flow.header.cells[1:]]
    for day, lines in zip(range(7), headers, strict=True):
        assert not _broken_date(lines), lines
        # The day and date, and a line of key dates or "Bank holiday" where there is one.
        has_key = any(line in {k.short for k in KeyDate} or "," in line
                      or line in {"Bank holiday", "Closed"} for line in lines)
        assert len(lines) <= 2 + has_key, (day, lines)
    assert flow.header.height <= 3 * metrics.line_height(Style.BOLD) + 2 * metrics.pad_y + 1
    text = " ".join(pdf_pages(_pdf(report, tmp_path)))
    thursday = keys[KeyDate.TGL] - timedelta(days=keys[KeyDate.TGL].weekday() - 3)
    assert f"Thu {thursday.day} {thursday:%b}" in text


def _pdf(report: Report, tmp_path: Path) -> Path:
    path = tmp_path / "grid.pdf"
    write_pdf(report, path)
    return path

"""The cut-over registers on paper: every register, no NHS numbers, and the issues burn-down
drawn as a chart on a page of its own."""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage, QPainter

from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.nhs_number import check_digit
from cutover_desktop.domain.registers import GoLiveIssue, IssueCategory, IssueStatus
from cutover_desktop.printing.charts import PRINT_COLOURS, paint_burn_down
from cutover_desktop.printing.output import write_pdf
from cutover_desktop.reports.registers import REGISTERS, burn_down_chart
from cutover_desktop.services.plan_files import memory_plan
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.printouts import Printouts
from cutover_desktop.services.registers import RegistersService
from tests.conftest import GO_LIVE, riverside
from tests.printing.conftest import pdf_pages

TODAY = GO_LIVE + timedelta(days=10)
NOW = datetime(2027, 3, 26, 9, 30)
CHART_TITLE = "Open post-go-live issues, Business Go Live to read-only end"
NUMBER = next(f"999{n:06d}" + str(check_digit(f"999{n:06d}")) for n in range(100, 200)
              if check_digit(f"999{n:06d}") is not None)


@pytest.fixture
def filled() -> Iterator[PlanService]:
    plan = memory_plan(riverside(), today=lambda: TODAY)
    r = RegistersService(plan)
    collected = GO_LIVE - timedelta(days=3)
    r.add_batch("Consultations", collected, 37, "folder A", "Sam")
    r.add_batch("Lab results", collected, 12, "tray 2")
    r.record_reentry(1, 30, "Ann", GO_LIVE + timedelta(days=1), "Bea")
    r.set_record_nhs_numbers(True)
    r.add_nhs_number(1, NUMBER)
    r.add_held(collected, 3, "sheet 1")
    r.add_usual_links()
    r.set_mesh_mailboxes("A81001OT001", "A81001OT002")
    r.add_partner("PCSE")
    for number in range(1, 7):
        r.save_issue(GoLiveIssue(number, f"Issue {number}: degraded code",
                                 IssueCategory.DEGRADED_CODES,
                                 GO_LIVE + timedelta(days=number), "DQ team"))
    r.set_issue_status(1, IssueStatus.CLOSED, GO_LIVE + timedelta(days=6))
    yield plan
    plan.close()


def _draws_in(stream: bytes, colour: QColor) -> bool:
    """Whether a page's content sets this stroke colour (Qt writes 'r g b SCN')."""
    wanted = (colour.redF(), colour.greenF(), colour.blueF())
    for found in re.findall(rb"([0-9.]+) ([0-9.]+) ([0-9.]+) SCN", stream):
        if all(abs(float(f) - w) < 0.002 for f, w in zip(found, wanted, strict=True)):
            return True
    return False


def test_every_register_prints_and_the_burn_down_is_a_chart(filled: PlanService,
                                                             tmp_path: Path) -> None:
    path = tmp_path / "registers.pdf"
    pages_written = write_pdf(Printouts(filled, now=lambda: NOW).registers(), path)
    pages = pdf_pages(path)
    assert len(pages) == pages_written >= len(REGISTERS)
    text = " ".join(pages)
    for heading in ("Paper re-entry", "Registrations held during the cut-over",
                    "Third-party links and feeds", "MESH mailbox change", "Equipment",
                    "Post-go-live issues"):
        assert heading in text, heading
    assert "Overall: 30 of 49 re-entered (61%), 19 to go" in text
    assert "1 number recorded in the plan file (not printed)" in text
    assert NUMBER not in text.replace(" ", "")
    assert all("Riverside Surgery" in page and "Cut-over registers" in page for page in pages)
    # The chart: its title, legend, labelled marks and caption, and the line of open issues
    # drawn in its own colour, all on one page.
    chart_pages = [n for n, page in enumerate(pages) if CHART_TITLE in page]
    assert len(chart_pages) == 1
    number = chart_pages[0]
    page = pages[number]
    assert "Open issues (end of day)" in page
    assert "Extension decision Thu 15 Apr 2027" in page
    assert "Read-only ends Fri 30 Apr 2027" in page and "Today" in page
    assert "5 issues open on Fri 26 Mar 2027" in page
    streams = [page.get_contents().get_data() for page in PdfReader(path).pages]
    assert [n for n, s in enumerate(streams) if _draws_in(s, PRINT_COLOURS.actual)] == [number]


def test_one_register_prints_alone_and_an_unknown_one_is_refused(filled: PlanService,
                                                                  tmp_path: Path) -> None:
    printouts = Printouts(filled, now=lambda: NOW)
    path = tmp_path / "held.pdf"
    write_pdf(printouts.registers("held"), path)
    text = " ".join(pdf_pages(path))
    assert "Held registrations" in text and "Registrations held during the cut-over" in text
    assert "Paper re-entry" not in text and CHART_TITLE not in text
    with pytest.raises(ValidationError, match="no register called"):
        printouts.registers("nonsense")


def test_the_chart_painter_draws_the_open_issues_line_and_ideal(filled: PlanService) -> None:
    image = QImage(900, 500, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    painter = QPainter(image)
    font = QFont()
    font.setPixelSize(13)
    paint_burn_down(painter, QRectF(0, 0, 900, 500), burn_down_chart(filled.state, TODAY),
                    font, PRINT_COLOURS)
    painter.end()
    actual = PRINT_COLOURS.actual.rgb()
    found = sum(1 for x in range(0, 900, 2) for y in range(0, 500, 2)
                if image.pixel(x, y) == actual)
    assert found > 20

"""What the page layout keeps together: a heading with what follows it, short label-value
blocks whole, and text joined by no-break spaces on one line."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest
from PySide6.QtGui import QPdfWriter

from cutover_desktop.printing.layout import FactsFlow, TextFlow, flowables, paginate
from cutover_desktop.printing.measure import Flowable, Metrics
from cutover_desktop.printing.pages import page_layout
from cutover_desktop.printing.table_flow import TableFlow, column_widths
from cutover_desktop.reports.document import (
    Cell,
    Column,
    Facts,
    Heading,
    Line,
    Orientation,
    PageFrame,
    Paragraph,
    Row,
    Style,
    Table,
)
from cutover_desktop.reports.evidence_report import evidence_report
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import evidence_pack
from tests.printing.plans import sign_a_gate

FRAME = PageFrame("Riverside Surgery (A81001)", "riverside.cutover", datetime(2026, 11, 28, 9, 30))


@pytest.fixture
def metrics(tmp_path: Path) -> Metrics:
    writer = QPdfWriter(str(tmp_path / "unused.pdf"))
    writer.setPageLayout(page_layout(Orientation.PORTRAIT))
    return Metrics(writer)


def _is_heading(flow: Flowable) -> bool:
    return isinstance(flow, TextFlow) and flow.keep_with_next


def _check_keeps(pages: list[list[tuple[Flowable, float]]], whole_facts: set[int],
                 height_mm: float) -> None:
    """No page ends on a heading, and no short facts block is split between pages."""
    last_page = len(pages) - 1
    for number, page in enumerate(pages):
        assert page, f"an empty page at {height_mm} mm"
        if number < last_page:
            assert not _is_heading(page[-1][0]), f"page {number + 1} ends on a heading " \
                                                 f"at {height_mm} mm"
        for flow, _y in page:
            if isinstance(flow, FactsFlow) and len(flow.rows) < 12:
                whole_facts.add(len(flow.rows))


def test_a_gate_heading_stays_with_its_date_state_and_first_task(
        service: PlanService, metrics: Metrics) -> None:
    sign_a_gate(service)
    report = evidence_report(evidence_pack(service), FRAME)
    width = metrics.mm(186)
    gate_titles = {b.text for b in report.blocks if isinstance(b, Heading) and b.level == 1}
    assert len(gate_titles) >= 5
    for height_mm in range(60, 200, 7):
        items = flowables(metrics, report.title, report.subtitle, report.blocks, width)
        pages = paginate(items, metrics.mm(height_mm))
        _check_keeps(pages, set(), height_mm)
        for number, page in enumerate(pages):
            flows = [flow for flow, _y in page]
            for index, flow in enumerate(flows):
                if not (isinstance(flow, TextFlow) and flow.keep_with_next
                        and any(text in gate_titles for _s, text in flow.laid.lines)):
                    continue
                # The gate's Date and State, whole, come straight after its heading ...
                following = flows[index + 1:index + 3]
                assert following and isinstance(following[0], FactsFlow), (
                    f"gate heading without its facts on page {number + 1} at {height_mm} mm")
                labels = [text for row in following[0].rows for _s, text in row[0].lines]
                assert labels == ["Date:", "State:"], (labels, height_mm)
                # ... and whatever comes next (its tasks, or "Not signed.") is not overleaf.
                assert index + 2 < len(flows) or number == len(pages) - 1, (
                    f"gate facts end page {number + 1} at {height_mm} mm")
                if isinstance(flows[index + 2], TableFlow):
                    assert any(not row.group for row in flows[index + 2].rows)


def test_a_short_facts_block_is_never_split_and_a_long_one_leaves_no_lone_row(
        metrics: Metrics) -> None:
    blocks = []
    for number in range(12):
        blocks.append(Heading(f"Section {number}", 2))
        blocks.append(Facts(tuple((f"Label {n}", f"value {n} " * (1 + n % 3))
                                  for n in range(2 + number % 5))))
        blocks.append(Paragraph.text("Some words. " * (number * 7 % 30)))
    long_facts = Facts(tuple((f"Long {n}", "x") for n in range(30)))
    blocks.append(long_facts)
    width = metrics.mm(186)
    for height_mm in range(40, 160, 3):
        items = flowables(metrics, "Title", "", blocks, width)
        pages = paginate(items, metrics.mm(height_mm))
        sizes: set[int] = set()
        _check_keeps(pages, sizes, height_mm)
        placed = [flow for page in pages for flow, _y in page if isinstance(flow, FactsFlow)]
        short = [flow for flow in placed if not any(
            text.startswith("Long") for row in flow.rows for _s, text in row[0].lines)]
        assert sorted(len(flow.rows) for flow in short) == sorted(
            2 + number % 5 for number in range(12)), f"a short block split at {height_mm} mm"
        pieces = [len(flow.rows) for flow in placed if flow not in short]
        assert sum(pieces) == 30 and min(pieces) >= 2, (pieces, height_mm)


def test_no_break_spaces_hold_words_together_and_columns_make_room_for_them(
        metrics: Metrics) -> None:
    text = "0.5/8\u00a0h"
    table = Table((Column("Person", 20),
                   *(Column(f"Mon\n{day}\u00a0Mar", 1) for day in range(1, 15))),
                  (Row((Cell.text("Sam Okafor"),
                        *(Cell((Line("In", Style.BOLD), Line(text, Style.SMALL)),)
                          for _ in range(14)))),))
    widths = column_widths(metrics, table, metrics.mm(277))
    need = metrics.word_width(text, Style.SMALL) + 2 * metrics.pad_x
    assert min(widths[1:]) >= need
    assert metrics.wrap(text, Style.SMALL, widths[1] - 2 * metrics.pad_x) == [text]
    assert metrics.wrap("Mon 1\u00a0Mar", Style.BOLD,
                        metrics.word_width("1\u00a0Mar", Style.BOLD) + 1) == ["Mon", "1\u00a0Mar"]

"""The portfolio's counts by RAG always match its rows."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from cutover_desktop.domain.portfolio import PlanSummary, Rag, ReadState
from cutover_desktop.domain.portfolio_overview import build_portfolio

TODAY = date(2027, 1, 26)


def test_the_counts_by_rag_follow_the_rows() -> None:
    rows = [PlanSummary("a.cutover", practice="Abbey", go_live=date(2027, 3, 16),
                        tasks_total=77),
            PlanSummary("b.cutover", read_state=ReadState.DAMAGED, message="damaged")]
    portfolio = build_portfolio("a folder", TODAY, rows)
    assert sum(portfolio.counts.values()) == 2
    assert portfolio.counts[Rag.UNKNOWN] == 1
    # A portfolio narrowed to one row (as a window may show it) counts only that row.
    narrowed = replace(portfolio, rows=portfolio.rows[:1])
    assert sum(narrowed.counts.values()) == 1
    assert narrowed.counts == {narrowed.rows[0].rag: 1}

"""The whole portfolio: every plan's row, the cross-plan Problems, and go-lives that clash."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, replace
from datetime import date

from cutover_desktop.domain.days import monday_of
from cutover_desktop.domain.portfolio import PlanSummary, Rag, with_rag
from cutover_desktop.domain.portfolio_people import (
    PortfolioProblem,
    SharedPerson,
    cross_plan_problems,
    group_people,
    shared_people,
)


@dataclass(frozen=True)
class Portfolio:
    """Every plan's row, RAG included, and what only the whole portfolio shows.

    Attributes:
        where: where the plans were read from, in words.
        complete: False when reading was stopped before every plan was read.
    """

    where: str
    today: date
    rows: tuple[PlanSummary, ...]
    problems: tuple[PortfolioProblem, ...] = ()
    people: tuple[SharedPerson, ...] = ()
    complete: bool = True

    def row(self, source: str) -> PlanSummary:
        for row in self.rows:
            if row.source == source:
                return row
        raise KeyError(source)

    @property
    def counts(self) -> dict[Rag, int]:
        """How many practices are at each RAG (a RAG with none is left out)."""
        return dict(Counter(row.rag for row in self.rows))

    @property
    def unreadable(self) -> int:
        return sum(1 for row in self.rows if not row.readable)


def build_portfolio(where: str, today: date, rows: list[PlanSummary],
                    complete: bool = True) -> Portfolio:
    """The portfolio of rows already read: cross-plan Problems counted into each RAG."""
    groups = group_people(rows)
    problems = cross_plan_problems(rows, groups)
    per_plan: dict[str, int] = defaultdict(int)
    for problem in problems:
        for plan in problem.sources:
            per_plan[plan] += 1
    rows = [with_rag(replace(row, shared_problems=per_plan.get(row.source, 0)), today)
            for row in rows]
    rows.sort(key=lambda r: (r.go_live or date.max, r.name.casefold()))
    return Portfolio(where, today, tuple(rows), tuple(problems), tuple(shared_people(rows, groups)),
                     complete)


def go_live_clashes(rows: tuple[PlanSummary, ...] | list[PlanSummary]) -> dict[date, list[str]]:
    """Weeks (by their Monday) in which more than one practice goes live, with the practices."""
    weeks: dict[date, list[str]] = defaultdict(list)
    for row in rows:
        if row.readable and row.go_live is not None:
            weeks[monday_of(row.go_live)].append(row.name)
    return {monday: names for monday, names in sorted(weeks.items()) if len(names) > 1}

"""People shared between plans of a portfolio, and the Problems they make across plans."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from cutover_desktop.domain.formatting import uk_date
from cutover_desktop.domain.portfolio import Booking, PlanSummary
from cutover_desktop.domain.working_hours import hours_text

DOUBLE_BOOKED = "SHARED_KEY_DAYS"
OVER_HOURS = "SHARED_OVER_HOURS"


@dataclass(frozen=True)
class SharedPerson:
    """A person found in more than one plan."""

    name: str
    role: str
    shared_id: str
    practices: tuple[str, ...]


@dataclass(frozen=True)
class PortfolioProblem:
    """A Problem only the portfolio can see: it spans plans. `sources` name those plans."""

    code: str
    person: str
    day: date
    message: str
    sources: tuple[str, ...]


def _person_key(booking: Booking) -> tuple[str, str]:
    return (" ".join(booking.name.casefold().split()), booking.role)


class _Groups:
    """Union-find over person keys: the same name and role, or the same shared id."""

    def __init__(self) -> None:
        self.parent: dict[object, object] = {}

    def find(self, item: object) -> object:
        self.parent.setdefault(item, item)
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def join(self, a: object, b: object) -> None:
        self.parent[self.find(a)] = self.find(b)


PeopleGroups = dict[object, list[tuple[PlanSummary, Booking]]]


def group_people(rows: list[PlanSummary]) -> PeopleGroups:
    """Every booking of every plan, grouped by the person it is (across plans)."""
    groups = _Groups()
    for row in rows:
        for booking in row.bookings:
            key = _person_key(booking)
            groups.find(key)
            if booking.shared_id:
                groups.join(("id", booking.shared_id), key)
    people: dict[object, list[tuple[PlanSummary, Booking]]] = defaultdict(list)
    for row in rows:
        for booking in row.bookings:
            people[groups.find(_person_key(booking))].append((row, booking))
    return people


def shared_people(rows: list[PlanSummary],
                  groups: PeopleGroups | None = None) -> list[SharedPerson]:
    """People booked in more than one plan, with the practices they work for."""
    out = []
    for found in (groups if groups is not None else group_people(rows)).values():
        practices = sorted({row.name for row, _ in found})
        if len(practices) > 1:
            first = found[0][1]
            out.append(SharedPerson(first.name, first.role, first.shared_id, tuple(practices)))
    return sorted(out, key=lambda p: (p.name.casefold(), p.role))


def cross_plan_problems(rows: list[PlanSummary],
                        groups: PeopleGroups | None = None) -> list[PortfolioProblem]:
    """Shared people on two practices' key days on one day, or over their hours across plans.

    Work in one plan only is that plan's own business (its own findings say so); these are
    the clashes no single plan can see.
    """
    problems: list[PortfolioProblem] = []
    for found in (groups if groups is not None else group_people(rows)).values():
        by_day: dict[date, list[tuple[PlanSummary, Booking]]] = defaultdict(list)
        for row, booking in found:
            by_day[booking.day].append((row, booking))
        for day, entries in sorted(by_day.items()):
            plans = {row.source for row, _ in entries}
            if len(plans) < 2:
                continue
            name = entries[0][1].name
            role = entries[0][1].role
            on_key_days = [(row, b) for row, b in entries if b.key_day]
            if len({row.source for row, _ in on_key_days}) >= 2:
                where = " and ".join(f"{row.name} ({b.key_day})" for row, b in on_key_days)
                problems.append(PortfolioProblem(
                    DOUBLE_BOOKED, name, day,
                    f"{name} ({role}) is booked on {uk_date(day)} at {where}: key days of "
                    "two practices at once.",
                    tuple(sorted({row.source for row, _ in on_key_days}))))
                continue
            booked = sum(b.minutes or 0 for _, b in entries)
            hours = max(b.available for _, b in entries)
            if booked > hours:
                where = ", ".join(f"{row.name} {hours_text(b.minutes or 0)}"
                                  for row, b in entries)
                problems.append(PortfolioProblem(
                    OVER_HOURS, name, day,
                    f"{name} ({role}) is booked for {hours_text(booked)} on {uk_date(day)} "
                    f"across plans ({where}) but works {hours_text(hours)} that day.",
                    tuple(sorted(plans))))
    problems.sort(key=lambda p: (p.day, p.person.casefold()))
    return problems

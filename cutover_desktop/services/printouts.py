"""The printouts of the open plan: each builds its content from the plan as it is now."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, datetime

from cutover_desktop.domain.coverage import default_window
from cutover_desktop.domain.errors import ValidationError
from cutover_desktop.domain.ids import TaskId
from cutover_desktop.reports.coverage_report import coverage_report
from cutover_desktop.reports.day_schedule import cutover_fortnight, day_schedule, person_schedule
from cutover_desktop.reports.document import PageFrame, Report
from cutover_desktop.reports.evidence_report import evidence_report
from cutover_desktop.reports.registers import REGISTERS, register_report, registers_report
from cutover_desktop.reports.staff_info import StaffInfo, staff_info_of
from cutover_desktop.reports.task_list import task_list
from cutover_desktop.reports.timeline import TimelineReport, timeline_report
from cutover_desktop.reports.week import week_at_a_glance
from cutover_desktop.services.planner import PlanService
from cutover_desktop.services.signoff import evidence_pack

UNSAVED_PLAN = "plan not saved to a file"


def plan_file_label(plan: PlanService) -> str:
    return plan.path.name if plan.path is not None else UNSAVED_PLAN


def staff_info(plan: PlanService) -> StaffInfo:
    """Who does each task and who is in (NO_STAFF when the plan has no staff register, and
    printouts then list owner roles instead of names)."""
    return staff_info_of(plan.state)


class Printouts:
    """Builds each printout's content for the plan open in a PlanService."""

    def __init__(self, plan: PlanService, now: Callable[[], datetime] = datetime.now) -> None:
        self.plan = plan
        self._now = now

    def frame(self) -> PageFrame:
        details = self.plan.details
        return PageFrame(f"{details.practice_name} ({details.ods_code})",
                         plan_file_label(self.plan), self._now())

    def staff(self) -> StaffInfo:
        return staff_info(self.plan)

    def people(self) -> tuple[str, ...]:
        """Everyone a person's schedule can be printed for (empty when there are no staff)."""
        return self.staff().names

    def day(self, day: date, person: str | None = None) -> Report:
        return day_schedule(self.plan.state, self.frame(), day, self.staff(), person)

    def person(self, person: str, first: date | None = None,
               last: date | None = None) -> Report:
        """A person's tasks day by day; by default over the cut-over fortnight."""
        start, end = cutover_fortnight(self.plan.state)
        return person_schedule(self.plan.state, self.frame(), person, first or start,
                               last or end, self.staff())

    def week(self, day: date) -> Report:
        return week_at_a_glance(self.plan.state, self.frame(), day, self.staff())

    def task_list(self, task_ids: Sequence[TaskId] | None = None,
                  filter_text: str = "") -> Report:
        ids = ([t.id for t in self.plan.state.ordered_tasks()] if task_ids is None
               else list(task_ids))
        return task_list(self.plan.state, self.frame(), ids, self.staff(), filter_text)

    def timeline(self) -> TimelineReport:
        return timeline_report(self.plan.state, self.frame(), self.plan.today())

    def coverage(self, first: date | None = None, last: date | None = None) -> Report:
        """The staff coverage grid; by default two weeks before FDP to two after BGL."""
        if not self.staff().present:
            raise ValidationError("This plan has no staff register yet, so there is no "
                                  "coverage to print; add staff first.")
        start, end = default_window(self.plan.state)
        return coverage_report(self.plan.state, self.frame(), first or start, last or end)

    def evidence_pack(self) -> Report:
        """The sign-off evidence pack: every gate, who signed, what they checked, how the
        supplier was told, and the head of the audit chain."""
        frame = self.frame()
        pack = evidence_pack(self.plan, frame.printed_at.astimezone())
        return evidence_report(pack, frame)

    def registers(self, name: str | None = None) -> Report:
        """The cut-over registers as they stand today, each from a new page, with the issues
        burn-down as a chart; or one register (a key of reports.registers.REGISTERS:
        "reentry", "held", "links", "mesh", "equipment", "issues")."""
        state, today = self.plan.state, self.plan.today()
        if name is None:
            return registers_report(state, today, self.frame())
        if name not in REGISTERS:
            raise ValidationError(f"There is no register called “{name}” to print.")
        return register_report(name, state, today, self.frame())

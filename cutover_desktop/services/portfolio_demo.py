"""A folder of fictional practices' plans, for trying the portfolio, screenshots and benchmarks.

Every plan is made through the services: one plan is made from the template, then each
practice is a copy of it with its own details, go-live, staff and progress.
"""

from __future__ import annotations

import tempfile
from datetime import date, timedelta
from pathlib import Path

from cutover_desktop.domain.changes import Changes, EntityChange
from cutover_desktop.domain.keydates import KeyDate
from cutover_desktop.domain.model import PlanDetails
from cutover_desktop.domain.staff import Assignment, Person
from cutover_desktop.domain.staff_roles import Organisation
from cutover_desktop.domain.working_hours import WorkingPattern, weekday_shifts
from cutover_desktop.services.demo import mark_progress, sign_past_gates
from cutover_desktop.services.plan_files import Today, create_plan, open_plan, save_copy
from cutover_desktop.services.staff import StaffService
from cutover_desktop.services.staff_demo import demonstration_staff

_PLACES = ("Abbey", "Beacon", "Castle", "Dale", "Elm Tree", "Fairfield", "Grange", "Harbour",
           "Ivy Lane", "Jubilee", "Kingsway", "Larkfield", "Meadow", "Northgate", "Oakwood",
           "Parkside", "Quayside", "Riverside", "Station Road", "Tollgate", "Upton", "Valley",
           "Westfield", "Yew Tree")
_KINDS = ("Surgery", "Medical Centre", "Health Centre", "Medical Practice")
_SUPPLIERS = (("EMIS Web", "TPP SystmOne"), ("TPP SystmOne", "EMIS Web"),
              ("Vision", "EMIS Web"), ("EMIS Web", "TPP SystmOne"))
# Go-lives in weeks from the first; the second and third practice go live on the same day.
_WEEKS = (-6, 0, 0, 2, 3, 5, 7, 8, 10, 12, 13, 15)
# The CSU's own trainer, who goes from one practice's go-live to the next.
SHARED_TRAINER = ("Jo Marsh", "CSU trainer", "jo.marsh@example.nhs.uk")


def practice_name(number: int) -> str:
    place = _PLACES[number % len(_PLACES)]
    kind = _KINDS[(number // len(_PLACES)) % len(_KINDS)]
    return f"{place} {kind}"


def ods_code(number: int) -> str:
    return f"Y{90001 + number:05d}"


def make_base_plan(path: Path, go_live: date, today: Today = date.today) -> Path:
    """The plan every practice of the folder is copied from: the template as it comes."""
    details = PlanDetails(practice_name="Template practice", ods_code="Y90000",
                          go_live=go_live, old_supplier="EMIS Web",
                          new_supplier="TPP SystmOne", sites=("Main surgery",))
    create_plan(path, details, today=today).close()
    return path


def copy_practice(base: Path, target: Path, number: int, go_live: date,
                  today: Today = date.today, staff: int = 0) -> Path:
    """A copy of the base plan as practice `number`: its name, ODS code, suppliers, go-live,
    progress up to today and (optionally) `staff` fictional people."""
    source = open_plan(base, read_only=True, today=today)
    try:
        target = save_copy(source, target)
    finally:
        source.close()
    plan = open_plan(target, today=today, backup=False)
    try:
        old, new = _SUPPLIERS[number % len(_SUPPLIERS)]
        plan.update_details(practice_name=practice_name(number), ods_code=ods_code(number),
                            old_supplier=old, new_supplier=new)
        plan.set_go_live(go_live)
        mark_progress(plan, "Mark the progress so far")
        if staff:
            demonstration_staff(plan, staff, seed=number)
        sign_past_gates(plan)
    finally:
        plan.close()
    return target


def add_shared_trainer(path: Path, today: Today = date.today) -> None:
    """Put the CSU's trainer on the plan's Technical Go Live tasks, three hours each."""
    plan = open_plan(path, today=today, backup=False)
    try:
        tgl = plan.schedule().key_dates[KeyDate.TGL]
        pid = StaffService(plan).next_person_id()
        name, role, contact = SHARED_TRAINER
        items: list[EntityChange] = [
            EntityChange(None, Person(pid, name, role, Organisation.CSU, contact=contact)),
            EntityChange(None, WorkingPattern(pid, None, weekday_shifts(range(5)))),
        ]
        for task in plan.state.tasks.values():
            placed = plan.schedule().dates[task.id]
            if placed.start <= tgl <= placed.end and "tgl" in task.tags:
                items.append(EntityChange(None, Assignment(task.id, pid, 3 * 60)))
        plan.apply(Changes(f"Add {name}", tuple(items)))
    finally:
        plan.close()


def make_portfolio_folder(folder: Path, count: int, today: Today = date.today, *,
                          staff: int = 16, base: Path | None = None) -> list[Path]:
    """`count` practices' plans in `folder` (two sub-folders), go-lives a week or two apart,
    two practices going live on the same day with the CSU trainer shared between them, and
    `staff` people in every third practice."""
    first = today() + timedelta(days=10)
    first += timedelta(days=(1 - first.weekday()) % 7)  # a Tuesday
    if base is None:
        with tempfile.TemporaryDirectory() as scratch:
            base = make_base_plan(Path(scratch) / "template.cutover", first, today)
            return make_portfolio_folder(folder, count, today, staff=staff, base=base)
    made = []
    for number in range(count):
        weeks = _WEEKS[number] if number < len(_WEEKS) else number + 4
        go_live = first + timedelta(weeks=weeks)
        area = folder / ("North" if number % 2 == 0 else "South")
        area.mkdir(parents=True, exist_ok=True)
        target = area / f"{ods_code(number)} {practice_name(number)}.cutover"
        made.append(copy_practice(base, target, number, go_live, today,
                                  staff if number % 3 == 0 else 0))
    for path in made[1:3]:
        add_shared_trainer(path, today)
    return made

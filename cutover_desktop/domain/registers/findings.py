"""Every finding the registers make, for the dashboard and `show`."""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING

from cutover_desktop.domain.features import register_findings
from cutover_desktop.domain.registers.equipment import equipment_findings
from cutover_desktop.domain.registers.held import held_findings
from cutover_desktop.domain.registers.issues import issue_findings
from cutover_desktop.domain.registers.links import link_findings
from cutover_desktop.domain.registers.mesh import mesh_findings
from cutover_desktop.domain.registers.reentry import reentry_findings
from cutover_desktop.domain.warnings import Finding

if TYPE_CHECKING:
    from cutover_desktop.domain.plan import PlanState



# Findings for the dashboard and `show`


def register_findings_for(state: PlanState, today: date) -> list[Finding]:
    """Every finding the registers make; an empty register makes none."""
    found: list[Finding] = []
    found += reentry_findings(state, today)
    found += held_findings(state, today)
    found += link_findings(state, today)
    found += mesh_findings(state, today)
    found += equipment_findings(state, today)
    found += issue_findings(state, today)
    return found


register_findings(register_findings_for)

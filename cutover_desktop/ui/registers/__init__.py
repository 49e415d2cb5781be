"""The cut-over registers in the window: one tab, one sub-tab (and one module) per register.

Paper re-entry (batches, progress per category and overall, the target for zero outstanding,
and optional NHS numbers with their purge), held registrations, third-party links, the MESH
mailbox change, equipment, and the post-go-live issues log with its burn-down chart.
"""

from __future__ import annotations

from cutover_desktop.ui.registers.summary import RegistersSummary
from cutover_desktop.ui.registers.view import (
    EQUIPMENT_TAB,
    HELD_TAB,
    ISSUES_TAB,
    LINKS_TAB,
    MESH_TAB,
    REENTRY_TAB,
    RegistersView,
)

__all__ = ["EQUIPMENT_TAB", "HELD_TAB", "ISSUES_TAB", "LINKS_TAB", "MESH_TAB", "REENTRY_TAB",
           "RegistersSummary", "RegistersView"]

"""Cut-over registers: paper re-entry, held registrations, links, MESH, equipment, issues.

Patient data is kept out by design: the registers hold counts, batch references and dates.
Only a plan that opts in records NHS numbers against re-entry batches, and those can be
purged in one step once re-entry is complete (see services/registers.py). One module per
register; every public name is importable from the package.
"""

from __future__ import annotations

from cutover_desktop.domain.registers.common import (
    BATCH,
    EQUIPMENT,
    EXTENSION_DECISION_DAYS,
    EXTENSION_TAG,
    GUIDE_CATEGORIES,
    HELD,
    ISSUE,
    KINDS,
    LINK,
    MAX_COUNT,
    MAX_NAME,
    MAX_NOTES,
    MAX_NOTICE_DAYS,
    MESH,
    MESH_WARNING_DAYS,
    NOTICE_WARNING_DAYS,
    NUMBER,
    OPT_IN_EXPLANATION,
    PARTNER,
    PROGRESS,
    REENTRY_TARGET_DAYS,
    REMINDER_DAYS_BEFORE,
    SETTINGS,
    Due,
    RegisterSettings,
    Row,
    check_count,
    check_name,
    check_no_patient_data,
    check_notes,
    check_short,
    clean_text,
    due_state,
    rows_of,
    settings_of,
)
from cutover_desktop.domain.registers.equipment import (
    Equipment,
    EquipmentKind,
    equipment,
    equipment_findings,
)
from cutover_desktop.domain.registers.findings import register_findings_for
from cutover_desktop.domain.registers.held import (
    HeldRegistration,
    follow_up_day,
    held_due,
    held_findings,
    held_registrations,
)
from cutover_desktop.domain.registers.issues import (
    BurnDown,
    GoLiveIssue,
    IssueCategory,
    IssueStatus,
    burn_down,
    extension_decision_day,
    issue_findings,
    issues,
)
from cutover_desktop.domain.registers.links import (
    USUAL_LINKS,
    LinkDates,
    LinkState,
    Reminder,
    ThirdPartyLink,
    UsualLink,
    link_dates,
    link_findings,
    link_state,
    links,
    reminders_due,
)
from cutover_desktop.domain.registers.mesh import (
    MeshMailbox,
    MeshPartner,
    mesh_change_day,
    mesh_findings,
    mesh_of,
    mesh_partners,
)
from cutover_desktop.domain.registers.reentry import (
    Progress,
    ReentryBatch,
    ReentryNhsNumber,
    ReentryProgress,
    batch_progress,
    batches,
    canonical_category,
    categories_in_use,
    category_order,
    nhs_numbers,
    overall_progress,
    progress_by_batch,
    progress_by_category,
    progress_entries,
    reentry_due,
    reentry_findings,
    reentry_target,
    register_complete,
)

__all__ = [
    "REENTRY_TARGET_DAYS", "EXTENSION_DECISION_DAYS", "REMINDER_DAYS_BEFORE",
    "NOTICE_WARNING_DAYS", "MESH_WARNING_DAYS", "MAX_COUNT", "MAX_NOTICE_DAYS", "MAX_NAME",
    "MAX_NOTES", "EXTENSION_TAG", "SETTINGS", "BATCH", "PROGRESS", "NUMBER", "HELD", "LINK",
    "MESH", "PARTNER", "EQUIPMENT", "ISSUE", "KINDS", "GUIDE_CATEGORIES", "clean_text",
    "check_no_patient_data", "check_name", "check_short", "check_notes", "check_count", "Due",
    "due_state", "RegisterSettings", "OPT_IN_EXPLANATION", "settings_of", "Row", "rows_of",
    "ReentryBatch", "ReentryProgress", "ReentryNhsNumber", "Progress", "batches",
    "progress_entries", "nhs_numbers", "category_order", "canonical_category",
    "batch_progress", "progress_by_batch", "progress_by_category", "overall_progress",
    "categories_in_use", "reentry_target", "reentry_due", "register_complete",
    "reentry_findings", "HeldRegistration", "held_registrations", "follow_up_day", "held_due",
    "held_findings", "Reminder", "ThirdPartyLink", "LinkDates", "link_dates", "reminders_due",
    "LinkState", "link_state", "links", "UsualLink", "USUAL_LINKS", "link_findings",
    "MeshMailbox", "MeshPartner", "mesh_of", "mesh_partners", "mesh_change_day",
    "mesh_findings", "EquipmentKind", "Equipment", "equipment", "equipment_findings",
    "IssueCategory", "IssueStatus", "GoLiveIssue", "issues", "extension_decision_day",
    "BurnDown", "burn_down", "issue_findings", "register_findings_for",
]

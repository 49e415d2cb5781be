"""The kinds of entity the cut-over registers keep (see domain/entities.py).

Kept apart from the registers package so that a plan can be asked whether it has any
register entries without loading the registers: a plan with none never loads them
(domain/features.py).
"""

from __future__ import annotations

SETTINGS = "register_settings"
BATCH = "reentry_batch"
PROGRESS = "reentry_progress"
NUMBER = "reentry_nhs_number"
HELD = "held_registration"
LINK = "third_party_link"
MESH = "mesh_mailbox"
PARTNER = "mesh_partner"
EQUIPMENT = "equipment"
ISSUE = "golive_issue"
KINDS = (SETTINGS, BATCH, PROGRESS, NUMBER, HELD, LINK, MESH, PARTNER, EQUIPMENT, ISSUE)

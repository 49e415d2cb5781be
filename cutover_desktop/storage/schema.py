"""Every feature's table mappings, so the repository knows them all.

The mappings of FEATURE_MODULES are imported with this module. Those of
FEATURE_MODULES_IF_USED (and the domain classes they make) are imported when a plan has rows
in their tables, or when something asks for one of their kinds: a plan with no register
entries never loads the registers (about 12 ms of a start).
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable

from cutover_desktop.storage.tables import FEATURE_TABLES, EntityTable

# Each feature adds its storage module's dotted name here; the module calls register_table.
FEATURE_MODULES: tuple[str, ...] = (
    "cutover_desktop.storage.staff_tables",
    "cutover_desktop.storage.signoff_tables",
)

# Feature storage modules loaded when needed, each with the tables it registers (none of
# them append-only: the audit check reads every append-only table on open).
FEATURE_MODULES_IF_USED: dict[str, tuple[str, ...]] = {
    "cutover_desktop.storage.registers_tables": (
        "register_settings", "reentry_batches", "reentry_progress", "reentry_nhs_numbers",
        "held_registrations", "third_party_links", "mesh_mailbox", "mesh_partners",
        "equipment", "golive_issues"),
}

for _name in FEATURE_MODULES:
    importlib.import_module(_name)


def load_feature_tables_in_use(has_rows: Callable[[Iterable[str]], bool]) -> None:
    """Import the mappings of every feature with rows in one of its tables."""
    for name, tables in FEATURE_MODULES_IF_USED.items():
        if has_rows(tables):
            importlib.import_module(name)


def load_every_feature_table() -> None:
    for name in FEATURE_MODULES_IF_USED:
        importlib.import_module(name)


def feature_table(kind: str) -> EntityTable | None:
    """The mapping of a feature kind (None for the core kinds), loaded if need be."""
    found = FEATURE_TABLES.get(kind)
    if found is None:
        load_every_feature_table()
        found = FEATURE_TABLES.get(kind)
    return found

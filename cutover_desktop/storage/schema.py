"""Every feature's table mappings, so the repository knows them all.

The mappings of FEATURE_MODULES are imported with this module. Those of
FEATURE_MODULES_IF_USED (and the domain classes they make) are imported when a plan has rows
in their tables, or when one of their kinds is written: a plan with no register entries does
not load the registers (about 12 ms of a start).
"""

from __future__ import annotations

import importlib
import threading
from collections.abc import Callable, Iterable
from typing import NamedTuple

from cutover_desktop.domain import register_kinds
from cutover_desktop.storage.tables import FEATURE_TABLES, EntityTable

# Each feature adds its storage module's dotted name here; the module calls register_table.
FEATURE_MODULES: tuple[str, ...] = (
    "cutover_desktop.storage.staff_tables",
    "cutover_desktop.storage.signoff_tables",
)


class FeatureIfUsed(NamedTuple):
    """The entity kinds a lazily loaded storage module maps, and their tables. None of them
    may be append-only: the audit check on open reads every append-only table."""

    kinds: tuple[str, ...]
    tables: tuple[str, ...]


FEATURE_MODULES_IF_USED: dict[str, FeatureIfUsed] = {
    "cutover_desktop.storage.registers_tables": FeatureIfUsed(register_kinds.KINDS, (
        "register_settings", "reentry_batches", "reentry_progress", "reentry_nhs_numbers",
        "held_registrations", "third_party_links", "mesh_mailbox", "mesh_partners",
        "equipment", "golive_issues")),
}

for _name in FEATURE_MODULES:
    importlib.import_module(_name)

# A plan may be read on another thread (the portfolio) while the window's plan loads a
# feature: one loads it, the other waits (readers iterate a copy of FEATURE_TABLES).
_loading = threading.Lock()


def _load(name: str) -> None:
    with _loading:
        importlib.import_module(name)


def load_feature_tables_in_use(has_rows: Callable[[Iterable[str]], bool]) -> None:
    """Import the mappings of every feature with rows in one of its tables."""
    for name, feature in FEATURE_MODULES_IF_USED.items():
        if has_rows(feature.tables):
            _load(name)


def feature_table(kind: str) -> EntityTable | None:
    """The mapping of a feature kind (None for the core kinds), loaded if need be."""
    found = FEATURE_TABLES.get(kind)
    if found is None:
        for name, feature in FEATURE_MODULES_IF_USED.items():
            if kind in feature.kinds:
                _load(name)
                found = FEATURE_TABLES.get(kind)
    return found

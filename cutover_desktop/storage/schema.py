"""Imports every feature's table mappings so the repository knows them all."""

from __future__ import annotations

import importlib

# Each feature adds its storage module's dotted name here; the module calls register_table.
FEATURE_MODULES: tuple[str, ...] = (
    "cutover_desktop.storage.staff_tables",
    "cutover_desktop.storage.signoff_tables",
    "cutover_desktop.storage.registers_tables",
)

for _name in FEATURE_MODULES:
    importlib.import_module(_name)

"""Imports every feature's table mappings so the repository knows them all."""

from __future__ import annotations

# Each feature adds one import here (its module calls register_table on import).
FEATURE_MODULES: tuple[str, ...] = ()
